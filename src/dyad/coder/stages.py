"""The coder's stages, in the order they run over one sentence.

=========  ===================================================================================
stage      what it decides
=========  ===================================================================================
actors     the sentence's subjects are resolved first, in order, so that a later pronoun or
           "the delegation" finds them (``resolver.py``)
match      every verb and event noun with patterns is matched on its dependency frame; a light
           verb yields to its event noun; a null pattern codes nothing; a sentence holding a
           discard phrase of a foreign dictionary is not matched (``match.py``, ``discards.py``)
govern     an event noun governed by another act is that act: "the lifting of sanctions" is a
           lifting (085), "the collapse of the talks" talks that fell through (``recode.py``)
slots      which actors fill the pattern's source and target: its slots, the governing act's
           agent, the instrument of violence and its victims, not the source again (``slots.py``,
           ``victims.py``)
modality   status (negated, planned, hypothetical), negated codes (011) and refusals, CAMEO's
           codes for embedded acts (intention, appeal, demand), reported predictions and
           obligations; an act nobody does codes nothing (``modality.py``)
speech     reported speech by a party: a denial (016), a claim of one's own act (015), an
           allegation of another's violence (112; "said" reports the act itself); a trailing
           attribution is no event (``speech.py``)
victims    nominal events: which need a target, whom an attack noun hit, a venue is not a party
           of talks; country-less victims take the place's country (``victims.py``)
pairs      one candidate per (source, target): compound sources, reciprocal and reverse codes
recode     the code the parties make of the act: a riot (145), repression (175), the arms of a
           generic use of force (195, 1952, 194) (``recode.py``)
filters    one event per happening: elaborations, the statement that is the condemnation, the
           instrument of a coded attack, what a report said, purposes and permissions (``filters.py``)
reports    what the speaking adds: an obligation laid on another party (100), and with
           ``statements`` a party's bare statement (010) (``speech.py``)
dedupe     one event per (source, target, root, status): the most specific (``filters.py``)
dyadic     CAMEO events are dyadic: a party named by its sector alone takes the scene's country
           where the sentence and document name one (``scene.py``); an event whose target is
           unknown, or one of whose parties still has no country ("---MIL"), is left out
           (``--partial`` keeps them, GDELT's one-actor events)
=========  ===================================================================================

Each stage is a function of the ``Sentence``; the per-reading stages (govern to victims) take
one ``Reading`` and return False when it codes nothing. ``Conventions.stages`` says which run.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from dyad.coder.candidate import Candidate, Reading, Sentence
from dyad.coder.match import Frame, is_verbal, match_noun, match_verb
from dyad.coder.modality import assess, transform_kind
from dyad.coder.recode import code_by_source, governed_frame, governing_act
from dyad.coder.resolver import Actor
from dyad.coder.scene import PLACE, scene_country, with_scene
from dyad.coder.victims import localise
from dyad.coder.slots import SUBJECT_DEPS
from dyad.coder.speech import same_side
from dyad.coder import filters as f

_MODIFIER_DEPS = ("amod", "compound", "poss")


# --- before matching ----------------------------------------------------------------------------


def actors(s: Sentence) -> None:
    """Subjects first, in order, so that a later pronoun finds them; a definite head with
    modifiers ("a Russian delegation") is remembered for "the delegation" later."""
    anaphors = s.tools.frames.anaphors
    memory = s.memory
    for tok in s.span:
        if tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
            got = s.actors(tok)
            memory.add(tok.i, got)
            if tok.lower_ in anaphors and any(c.dep_ in _MODIFIER_DEPS for c in tok.lefts):
                memory.add_head(tok.lower_, tok.i, got)
        elif tok.lower_ in anaphors and tok.dep_ != "compound" and any(c.dep_ in _MODIFIER_DEPS for c in tok.lefts):
            memory.add_head(tok.lower_, tok.i, s.actors(tok))


def match(s: Sentence) -> None:
    """Verbs on their frames (a light verb's event noun deciding where it is more specific),
    then the event nouns no verb has coded as its object."""
    t = s.tools
    pats, reader = t.patterns, t.reader
    if t.discards and t.discards.sentence(s.text):
        s.note("match", "the sentence holds a discard phrase: not coded")
        return
    for tok in s.span:
        low = tok.lower_
        if low in pats.verbs and is_verbal(tok):
            fr = reader.frame(tok)
            hit = match_verb(tok, pats, fr, t.conventions.matching)
            if low in pats.light_verbs:
                # the noun decides where the verb names no object ("held talks with"), and where
                # the noun is more specific than the verb's object ("continued rocket attacks":
                # 194, not the verb's attack 190); "lodged a protest" stays 114
                for o in fr.objects:
                    nh = match_noun(o, pats, _light_frame(fr, reader.noun_frame(o)), t.untargeted)
                    if nh is not None and (hit is None or hit.pattern.object is None
                                           or nh.pattern.words or nh.pattern.word_sets):
                        s.consumed.add(o.i)
                        hit = nh
                        hit.noun = None  # coded as the verb's event
                        break
            if hit is None:
                s.note("match", f"'{tok.text}': verb known, no pattern's frame holds")
                continue
            if hit.object is not None and hit.pattern.object is not None and "*" not in hit.pattern.object:
                s.consumed.add(hit.object.i)
            _read(s, hit, tok, nominal=False)
        elif low in pats.nouns and tok.i not in s.consumed and not is_verbal(tok):
            fr = governed_frame(tok, t.frames, reader, t.conventions.cameo_readings)
            hit = match_noun(tok, pats, fr, t.untargeted)
            if hit is not None:
                _read(s, hit, tok, nominal=True)


def _read(s: Sentence, hit, trigger: Token, nominal: bool) -> None:
    p = hit.pattern
    if not p.code:  # a null pattern ([---]): the frame is recognised and deliberately not coded
        s.note("match", f"'{trigger.text}' ({p.id}): null pattern, nothing coded")
        return
    s.readings.append(Reading(hit, trigger, nominal, p.code, p.id))


def _light_frame(verb_fr: Frame, noun_fr: Frame) -> Frame:
    """A light verb + event noun ("held talks with"): the verb's subject, both sets of slots."""
    fr = Frame(verb_fr.verb, verb_fr.passive, list(verb_fr.subjects), [], [], list(verb_fr.particles))
    fr.preps = list(noun_fr.preps) + [pt for pt in verb_fr.preps if pt not in noun_fr.preps]
    return fr


# --- per reading ----------------------------------------------------------------------------------


def govern(r: Reading, s: Sentence) -> bool:
    """An event noun under the act that governs it ("the lifting of sanctions": the lifting)."""
    if not r.nominal:
        return True
    t = s.tools
    g = governing_act(r.trigger, r.hit.frame.preps, t.patterns, t.frames, t.reader, t.conventions.cameo_readings)
    if g is None:
        return True
    if g.code is None and not g.negated:
        s.note("govern", f"'{r.trigger.text}' ({r.pattern.id}): under '{g.head.text}', no pattern of its verb names it")
        return False
    r.governed = g
    if not g.negated:
        r.code, r.pid = g.code, f"{r.pattern.id}>{g.pattern}"
    return True


def slots(r: Reading, s: Sentence) -> bool:
    """Source and target actors (see ``slots.py`` and, for violence, ``victims.py``)."""
    t, p, hit, acts = s.tools, r.pattern, r.hit, s.actors
    g = r.governed
    sources = _fullest(t.slots.fill(p.source, hit, acts, r.nominal, role="source"))
    if g is not None:  # "Washington's lifting of sanctions": the lifter
        sources = _fullest(tuple(a for tok in g.agents for a in acts(tok))) or sources
    targets = _fullest(t.slots.fill(p.target, hit, acts, r.nominal, role="target",
                                    own_countries=frozenset(a.country for a in sources)))
    if g is not None and not targets:  # "imposed a sanctions package on Russia"
        targets = _fullest(tuple(a for tok in g.targets for a in acts(tok)))
    if not r.nominal:  # "killed in Russian shelling", "killed four children in Gaza"
        sources, targets = t.victims.instrument_roles(hit, sources, targets, acts)
        targets = t.victims.victims_over_place(hit.frame, targets, acts)
    else:  # "five people died in a Saudi air strike in Yemen": the people, not Yemen
        targets = t.victims.nominal_victims(p.code, r.trigger, targets, acts)
    own = frozenset(a.code for a in sources)
    if p.target == "auto" and not r.nominal and targets and own and all(a.code in own for a in targets) \
            and (len(own) == 1 or len({a.code for a in targets}) < len(own)):
        # "X welcomed its resumption of ties with Z": not a target, the subject again (but
        # "X and Y postponed their meeting": each other)
        again = _fullest(t.slots.auto_target(hit, acts, t.slots.event_object(hit), exclude=own,
                                             shallow=not (p.symmetric and len(own) > 1)))
        targets = again if (again or len(own) > 1) else targets
    if not r.nominal and t.codes.holds("judgements", r.code) and (judged := _judged_act(r, s)) is not None:
        targets = judged
    if not targets and t.codes.holds("territorial", r.code):
        targets = _common_place(hit, acts, t.frames.place_nouns)
    if not targets and not r.nominal:
        targets = _summarised_act(r.trigger, sources, acts, t.frames.summary_nouns)
    if not targets and not r.nominal and t.codes.holds("responses", r.code):
        targets = _author_of_antecedent(r.trigger, sources, acts)
    if not targets and not r.nominal:
        targets = _participle_target(r.trigger, sources, acts, t.frames)
    r.sources, r.targets = sources, targets
    return True


def _judged_act(r: Reading, s: Sentence) -> tuple[Actor, ...] | None:
    """"Condemned the strikes on Iraqi positions": the object is an event noun, so the judged
    party is that act's doer (none named: no target), never the place or people it hit. None
    when the object is no event noun."""
    objects = {o.i for o in r.hit.frame.objects}
    act = next((n for n in s.readings if n.nominal and n.trigger.i in objects), None)
    if act is None:
        return None
    return _fullest(s.tools.slots.fill(act.pattern.source, act.hit, s.actors, True, role="source"))


def _summarised_act(verb: Token, sources: tuple[Actor, ...], actors, summary: frozenset[str]) -> tuple[Actor, ...]:
    """"Azerbaijan cancelled the events, a move the Kremlin criticized": the verb's object is a
    noun summing up the clause before it, so the target is that clause's subject."""
    noun = verb.head
    if verb.dep_ not in ("relcl", "acl") or noun.lower_ not in summary or noun.dep_ in ("nsubj", "nsubjpass"):
        return ()
    own = {a.code for a in sources}
    for tok in reversed(verb.doc[verb.sent.start:noun.i]):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            got = tuple(a for a in actors(tok) if a.code not in own)
            if got:
                return got
    return ()


def _author_of_antecedent(verb: Token, sources: tuple[Actor, ...], actors) -> tuple[Actor, ...]:
    """"The US proposed a ceasefire, which Ukraine accepted": a response in a relative clause is to
    whoever put forward the thing it is about (the subject of the verb governing the antecedent)."""
    noun = verb.head
    if verb.dep_ != "relcl" or noun.dep_ not in ("dobj", "pobj", "appos") or actors(noun):
        return ()
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head
    own = {a.code for a in sources}
    return tuple(a for c in gov.children if c.dep_ == "nsubj" for a in actors(c) if a.code not in own)


def _participle_target(verb: Token, sources: tuple[Actor, ...], actors, frames) -> tuple[Actor, ...]:
    """"Condemned the strikes, questioning Israel's adherence to the law": a participle after the
    verb goes on about the same party; its object (or the object's owner) is the target."""
    own = {a.country for a in sources}
    for c in verb.children:
        if c.dep_ != "advcl" or c.i < verb.i or not frames.participle(c.lower_):
            continue
        for o in c.children:
            if o.dep_ != "dobj":
                continue
            for tok in (o, *(g for g in o.children if g.dep_ == "poss")):
                got = tuple(a for a in actors(tok) if a.country not in own and a.has_country)
                if got:
                    return got
    return ()


def _common_place(hit, actors, place_nouns: frozenset[str]) -> tuple[Actor, ...]:
    """"Fired on positions used by UN peacekeepers": whoever holds the place is hit; "the Arakan
    Army captured the border town": a place of unknown country (scene.py decides)."""
    fr = hit.frame
    for tok in (*fr.objects, *(t for w, t in fr.preps if w in ("of", "on", "against", "at", "into"))):
        if tok.lower_ in place_nouns and not actors(tok):
            holders = tuple(a for c in tok.children if c.dep_ == "acl" for g in c.children if g.dep_ == "agent"
                            for p in g.children if p.dep_ == "pobj" for a in actors(p))
            return holders or (Actor(PLACE, tok.text, tok.i, tok.i + 1, False, "place"),)
    return ()


def modality(r: Reading, s: Sentence) -> bool:
    """Status, negated codes, refusals, reported predictions and obligations, CAMEO's codes for
    embedded acts (``modality.py``); then an act with nobody doing it codes nothing."""
    t, p = s.tools, r.pattern
    cameo = t.conventions.cameo_readings
    mod = r.mod = assess(r.trigger, t.frames, t.reader, nominal=r.nominal, cameo=cameo)
    code, pid = r.code, r.pid
    status = "negated" if r.governed is not None and r.governed.negated else mod.status
    if status == "negated" and p.states(t.frames.pattern_negators):
        status = "asserted"  # the pattern states the negation ("- &NEGATVAUXVRB * [904]")
    elif status == "negated" and not mod.transform and code in t.patterns.negations:
        # "the Kremlin did not comment": declining comment (011 is "not 010")
        code, status = t.patterns.negations[code], "asserted"
    elif mod.refusal and (refused := t.codes.transform("reject", code)) is not None:
        # "the US will not lift the ban until ...": a refusal (1244), which happened
        code, status, pid = refused, "asserted", f"{pid}>refusal"
    if mod.future_in_report and mod.speaker_verb is not None:
        speakers, _ = t.speech.speaker(mod.speaker_verb, s.actors)
        if not r.sources or not same_side(r.sources, speakers):
            # "Norway said Danish officials would be tried": a prediction about others
            mod.transform, mod.actor_from, status = None, None, "hypothetical"
    r.code, r.status, r.pid = code, status, pid
    if mod.must_in_report and mod.speaker_verb is not None and r.sources:
        speakers, _ = t.speech.speaker(mod.speaker_verb, s.actors)
        new = t.codes.transform("demand", code)
        if speakers and new and not same_side(r.sources, speakers):  # "X said Y must withdraw"
            r.decided = [Candidate(new, sp, src, mod.speaker_verb, f"{pid}>reported.demand", "asserted", mod.cues,
                                   p.specificity) for sp in speakers for src in r.sources]
            return True
    if mod.transform and mod.actor_from is not None:
        new = t.codes.transform(transform_kind(mod.transform, mod.actor_from.lower_, t.frames), code)
        if new is None and mod.transform == "intent" and not t.codes.holds("intentions", code):
            r.status = "planned"  # no CAMEO intention code for it: keep the act, as planned
        if new is not None:
            if mod.transform in ("appeal", "demand"):
                r.targets = tuple(a for tok in mod.addressee for a in s.actors(tok))
            r.sources = tuple(a for tok in t.reader.frame(mod.actor_from).subjects for a in s.actors(tok)) or r.sources
            r.code = new
            s.note("modality", f"'{r.trigger.text}': {mod.transform} ({' '.join(mod.cues)}) -> {new}")
    if not r.sources:
        r.sources = _announced_by_its_army(r, s)
    if not r.sources:
        s.note("modality", f"'{r.trigger.text}' ({p.id}): no source actor found")
        return False
    r.embedder = mod.actor_from.i if (mod.transform and mod.actor_from is not None and r.code != p.code) else None
    return True


def speech(r: Reading, s: Sentence) -> bool:
    """A party's report of an act is an act of its own: a denial, a claim, an accusation."""
    t, p, mod = s.tools, r.pattern, r.mod
    verb = mod.speaker_verb if mod is not None else None
    if verb is not None and mod.transform is None:
        decided = _reported(r, s, verb)
        if decided is not None:
            r.decided = decided
            return True
    if not r.targets and not r.nominal and not t.conventions.attributions and r.trigger.lower_ in t.frames.reporting \
            and any(c.dep_ == "ccomp" and c.i < r.trigger.i for c in r.trigger.children):
        # "X will reopen its embassy in Y, an aide said": the attribution of what came before,
        # not a statement of its own
        s.note("speech", f"'{r.trigger.text}' ({p.id}): attributes the clause before it, no event")
        return False
    return True


def _reported(r: Reading, s: Sentence, verb: Token) -> list[Candidate] | None:
    t, p, mod = s.tools, r.pattern, r.mod
    speakers, neutral = t.speech.speaker(verb, s.actors)
    spec = p.specificity
    if t.conventions.cameo_readings and verb.lower_ in t.frames.denial:
        # "Norway denied that it had shelled the port": the denial happened (016), the shelling
        # is only what it denies
        s.note("speech", f"'{r.trigger.text}': denied by {verb.text} -> 016")
        return [Candidate(t.codes.code("denial"), sp, tg, verb, f"{r.pid}>reported.denial", "asserted", mod.cues, spec)
                for sp in speakers for tg in (tuple(a for a in r.targets if a.code != sp.code) or (None,))]
    if not speakers or neutral:
        return None
    if t.codes.material_conflict(r.code) and same_side(r.sources, speakers) and verb.lower_ in t.frames.claiming:
        # "the militia claimed it had raided the camp": claiming one's own act (CAMEO 015)
        return [Candidate(t.codes.code("claim"), src, tg, verb, f"{r.pid}>reported.claim", "asserted", mod.cues, spec)
                for src in r.sources for tg in (r.targets or (None,))]
    if t.codes.holds("violence", r.code) and not same_side(r.sources, speakers) \
            and (verb.lower_ in t.frames.allegation or not t.conventions.reports_as_fact):
        s.note("speech", f"'{r.trigger.text}': alleged by a party ({verb.text}) -> accusation")
        return [Candidate(t.codes.code("accusation"), sp, src, verb, f"{r.pid}>reported.accuse", "asserted",
                          mod.cues, spec) for sp in speakers for src in r.sources]
    return None


def victims(r: Reading, s: Sentence) -> bool:
    """Whom a nominal event is aimed at, and the place's country for country-less victims."""
    t, p = s.tools, r.pattern
    if r.nominal and not r.targets and t.codes.holds("targeted_nouns", r.code) \
            and not (p.symmetric and len(r.sources) > 1):
        return False  # a cooperative nominal event needs its target ("a visit to ...")
    if r.nominal and not r.targets and r.trigger.dep_ == "pobj" and t.codes.holds("violence", r.code):
        # "wounded in an attack by X on Saturday on the city of Y": the parser hangs the attack's
        # aim on the verb; the verb's on / against phrase is then what the attack hit
        verb = r.trigger.head.head
        aims = [tok for word, tok in t.reader.frame(verb).preps
                if word in t.frames.attack_target_preps and word != "of" and tok.i > r.trigger.i]
        r.targets = tuple(a for tok in aims[:1] for a in s.actors(tok))
    if r.nominal and not r.targets and r.trigger.dep_ == "pobj":
        # "six villagers were killed in an air raid by army units": the villagers
        verb = r.trigger.head.head
        r.targets = tuple(a for v in verb.children if v.dep_ == "nsubjpass" for a in s.actors(v))
    doc = r.trigger.doc
    if r.targets and all(t.slots.venue(doc, a) for a in r.targets) and p.symmetric and len(r.sources) > 1:
        r.targets = ()  # "Israel and Syria held talks in Baku": a venue, not a party
    home = {a.country for a in r.sources if a.has_country}
    if r.targets and t.codes.holds("territorial", r.code) \
            and all(t.slots.venue(doc, a) and a.code == a.country and a.country in home for a in r.targets):
        r.targets = ()  # "Azerbaijani police raided offices in Baku": where at home, not whom
    r.sources, r.targets = t.victims.localise_roles(r.code, r.trigger, r.sources, r.targets, s.actors, t.resolver)
    r.targets = _reporters_victims(r, s)
    return True


def _announced_by_its_army(r: Reading, s: Sentence) -> tuple[Actor, ...]:
    """"The Israeli military announced that Nasrallah was killed in a strike on Beirut": an army
    announcing an attack on another country's people, with no attacker named, announces its own."""
    t = s.tools
    if not t.codes.holds("violence", r.code):
        return ()
    verb = _reporting_verb(r.trigger, t.frames.announcing | t.frames.reporting)
    if verb is None or verb.lower_ not in t.frames.announcing:
        return ()
    speakers, _ = t.speech.speaker(verb, s.actors)
    armies = tuple(a for a in speakers if a.has_country and a.code[3:6] in t.codes.sectors["army"])
    victims = {a.country for a in r.targets if a.has_country}
    if not armies or not victims or victims & {a.country for a in armies}:
        return ()
    s.note("modality", f"'{r.trigger.text}': announced ({verb.text}) by an army of another country: its own act")
    return armies


def _reporting_verb(trigger: Token, reporting: frozenset[str]) -> Token | None:
    """The verb of saying a clause is reported by, up through the clauses that embed it."""
    cur = trigger
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.lower_ in reporting:
            return cur
    return None


def _reporters_victims(r: Reading, s: Sentence) -> tuple[Actor, ...]:
    """"... killing two people, Ukrainian officials said": a country's officials report their
    own casualties; victims with no country of their own are the reporter's, where the
    reporter is not on the attacker's side."""
    t = s.tools
    if not t.codes.holds("violence", r.code) or all(a.has_country for a in r.targets):
        return r.targets
    verb = _reporting_verb(r.trigger, t.frames.reporting)
    if verb is None:
        return r.targets
    speakers, _ = t.speech.speaker(verb, s.actors)
    home = {a.country for a in speakers if a.has_country}
    if len(home) != 1 or home & {a.country for a in r.sources}:
        return r.targets
    return localise(r.targets, home.pop())


# --- after the readings ----------------------------------------------------------------------------


def pairs(s: Sentence) -> None:
    """Each reading's events: one per (source, target); "A and B renewed ties" with no target, or
    a paired code ([050:050]), makes each the other's target; a ``reverse_code`` the paired event."""
    out = s.candidates
    venue = s.tools.slots.venue
    _share_targets(s.readings)
    for r in s.readings:
        trail = tuple(r.stages)
        if r.decided is not None:
            out.extend(_stamped(c, trail) for c in r.decided)
            continue
        p, mod = r.pattern, r.mod
        cameo = s.tools.conventions.cameo_readings
        once = s.tools.conventions.one_per_happening
        cues = mod.cues if mod is not None else []
        transformed = mod is not None and bool(mod.transform)
        mutual = p.symmetric or bool(p.reverse_code) or (cameo and s.tools.codes.holds("mutual", r.code))
        if mutual and not r.targets and len(r.sources) > 1:
            # one event per pair that met, signed, talked: a meeting is one happening, whichever
            # party is named first (PETRARCH's conventions code both directions)
            out.extend(Candidate(r.code, a, b, r.trigger, r.pid, r.status, cues, p.specificity, r.embedder,
                                 trail + ("pairs",))
                       for i, a in enumerate(r.sources) for j, b in enumerate(r.sources)
                       if a.code != b.code and (j > i or (j < i and not once)))
            continue
        for a in r.sources:
            for b in r.targets or (None,):
                if b is not None and b.code == a.code:
                    continue
                out.append(Candidate(r.code, a, b, r.trigger, r.pid, r.status, cues, p.specificity, r.embedder, trail))
                if b is not None and not transformed and p.reverse_code and r.governed is None \
                        and not (once and _one_happening(p.reverse_code, r.code, b)) \
                        and not _venue_of_object(r.trigger, b, venue):
                    out.append(Candidate(p.reverse_code, b, a, r.trigger, p.id + ".reverse", r.status, cues,
                                         p.specificity, r.embedder, trail + ("pairs",)))
    s.readings = []


def _share_targets(readings: list[Reading]) -> None:
    """"Egypt signed a pact with Somalia and delivered weapons", "summoned China's ambassador and
    lodged a protest": coordinated predicates of one subject act on the same party, so a verb
    that names none takes its partner's (a reading decided by another stage keeps its own)."""
    by_verb = {r.trigger.i: r for r in readings if r.targets and not r.nominal}
    for r in readings:
        if r.targets or r.nominal or r.decided is not None:
            continue
        trig = r.trigger
        partners = [trig.head] if trig.dep_ == "conj" else []
        partners += [c for c in trig.children if c.dep_ == "conj"]
        for p in partners:
            other = by_verb.get(p.i)
            if other is not None and {a.code for a in other.sources} == {a.code for a in r.sources}:
                r.targets = tuple(a for a in other.targets if a.code not in {x.code for x in r.sources})
                break


def _one_happening(reverse_code: str, code: str, target: Actor) -> bool:
    """No paired event where there is one happening: talks with X, a clash with X are one event
    (the same code back), and a visit's hosting (043) needs a host: a visited country or city
    ("arrived in Lima", "visited Chile") names where, not who received the visitor."""
    return reverse_code == code or (len(target.code) == 3 and not target.person)


def _stamped(c: Candidate, trail: tuple[str, ...]) -> Candidate:
    c.stages = trail
    return c


def _venue_of_object(trigger: Token, a: Actor, venue: Callable) -> bool:
    """The target is where the object takes place ("attend a summit in Switzerland"), not
    where the verb's own subject goes ("arrived in Norway": the host's paired event stands)."""
    head = trigger.doc[a.end - 1]
    return venue(trigger.doc, a) and head.head.head.i != trigger.i


def _fullest(found: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Two readings of one phrase (SOM, SOMREBMUS): the fuller code only."""
    return tuple(a for a in found if not any(b.code != a.code and b.code.startswith(a.code) for b in found))


def recode(s: Sentence) -> None:
    """"Protesters smashed the windows": a riot; "warplanes struck": 195 (``recode.py``)."""
    t = s.tools
    doc = s.span.doc
    for c in s.candidates:
        got = code_by_source(c.code, doc, c.source, c.target, t.frames, t.codes)
        if got is not None:
            c.code, c.pattern = got[0], f"{c.pattern}>{got[1]}"
            c.stages += ("recode",)


def filters(s: Sentence) -> None:
    """One event per happening (``filters.py``, ``victims.py``)."""
    t = s.tools
    cands = f.elaborations(s.candidates, t.frames)
    cands = f.said_in_documents(cands, t.codes.code("statement"))
    cands = t.victims.drop_instrument_events(cands)  # "killed in X shelling": one event
    cands = f.reported_content(cands, t.frames)
    cands = f.transformed(cands)
    s.candidates = f.unrealised(cands, t.frames, t.reader)


def reports(s: Sentence) -> None:
    """Obligations laid on another party (dyad's reading) and, with ``statements``, bare statements."""
    t = s.tools
    if t.conventions.cameo_readings and any(w in s.text for w in t.frames.strict_obligation_aux):
        s.candidates.extend(t.speech.obligations(s.span, s.candidates, s.actors))
    if t.conventions.statements:
        s.candidates.extend(t.speech.statements(s.span, s.candidates, s.actors))


def dedupe(s: Sentence) -> None:
    s.candidates = f.dedupe(s.candidates)


def dyadic(s: Sentence) -> None:
    """Only events with both parties known: a one-actor event says less than it seems to, and a
    dyad series or network built from it would be wrong about who did what to whom. A party named
    by its sector alone first takes the scene's country where the scene has one (``scene.py``)."""
    kept = []
    scene: list[str | None] = []  # worked out once, for the first candidate that needs it
    for c in s.candidates:
        if not (c.source.has_country and (c.target is None or c.target.has_country)):
            if not scene:
                scene.append(scene_country(s, s.tools.countries))
            c = with_scene(c, scene[0], s.tools.codes.sectors["state"])
        if c.target is not None and c.source.has_country and c.target.has_country:
            kept.append(c)
        else:
            who = f"{c.source.code} -> {c.target.code if c.target else 'nobody'}"
            s.note("dyadic", f"'{c.trigger.text}' ({c.pattern}) {who}: one party unknown, left out (--partial keeps it)")
    s.candidates = kept


# by name (``Conventions.stages``): the stages over the whole sentence, and those over one reading
SENTENCE_STAGES: dict[str, Callable[[Sentence], None]] = {
    fn.__name__: fn for fn in (actors, match, pairs, recode, filters, reports, dedupe, dyadic)}
READING_STAGES: dict[str, Callable[[Reading, Sentence], bool]] = {
    fn.__name__: fn for fn in (govern, slots, modality, speech, victims)}
BEFORE_READINGS = frozenset({actors.__name__, match.__name__})  # the sentence stages that make the readings
