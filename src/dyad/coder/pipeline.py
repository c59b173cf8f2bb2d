"""The Coder: documents in, CAMEO events out (with evidence, status, date, place and pattern id).

    >>> from dyad.coder.pipeline import Coder
    >>> coder = Coder()
    >>> events = coder.code(Document("d1", "Israeli forces shelled Quneitra on Wednesday."))

Per sentence: every verb whose surface form has patterns is matched on its dependency frame,
every noun with nominal patterns likewise; actors come from the frame's slots; the modality of
the clause decides the status (or turns the event into the intention / appeal / demand /
refusal CAMEO codes instead); reported speech by a party is an accusation, by a neutral
reporter the reported event.  Everything is keyed by token form, so the work per sentence is a
handful of dict look-ups per token.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyad.coder import speech
from dyad.coder.resolver import ANAPHORS, Actor, ActorResolver, Memory
from dyad.coder.assemble import EventAssembler
from dyad.coder.candidate import Candidate
from dyad.model import Document, Event
from dyad.coder.frames import Frames, default_frames
from dyad.coder.match import Frame, Hit, frame_of, is_verbal, match_noun, match_verb, noun_frame, permission_noun
from dyad.coder.modality import assess, transform_code
from dyad.coder.patterns import PatternSet
from dyad.coder.recode import code_by_source, governed_frame, governing_act
from dyad.coder.slots import SUBJECT_DEPS, SlotFiller, is_location
from dyad.coder.victims import (drop_instrument_events, instrument_roles, instrument_words,
                                 localise_roles, nominal_victims, victims_over_place)


@dataclass(slots=True)
class SentenceTrace:
    """What the coder did with one sentence: its events, or why there are none."""

    sentence_index: int
    sentence: str
    events: list[Event]
    notes: list[str] = field(default_factory=list)


class Coder:
    """Codes documents with an actor base, a pattern set and the spaCy pipeline.

    Any of the three may be replaced: a converted PETRARCH dictionary (``patterns=``), a foreign
    actor dictionary (``actors=``), or an already-loaded pipeline (``nlp=``).
    """

    def __init__(self, actors: Any | None = None, patterns: PatternSet | None = None,
                 nlp: Language | None = None, *, gazetteer: Any | None = None,
                 codebook: Any | None = None, frames: Frames | None = None,
                 split_codes: bool = True, attributions: bool = False,
                 shallow_targets: bool = False, agent_modifiers: bool = False, statements: bool = False) -> None:
        if actors is None:
            from dyad.actors import ActorBase

            actors = ActorBase.default()
        if gazetteer is None:
            try:
                from dyad.actors.gazetteer import Gazetteer

                gazetteer = Gazetteer.default()
            except ImportError:  # places not available: no locations, no place ruler
                gazetteer = None
        if codebook is None:
            from dyad.codebook import load_codebook

            codebook = load_codebook()
        self.actors = actors
        self.patterns = patterns if patterns is not None else PatternSet.default()
        self.gazetteer = gazetteer
        self.codebook = codebook
        self.frames = frames or default_frames()
        self.resolver = ActorResolver(actors, gazetteer, split_codes=split_codes, agent_modifiers=agent_modifiers)
        self.assembler = EventAssembler(codebook, gazetteer, self.resolver)
        self.instruments = instrument_words(self.patterns)  # attack nouns and weapons (victims.py)
        self._nlp = nlp
        # PETRARCH-1 codes a trailing attribution (", a senior official said") as a statement of
        # its own; UD-PETRARCH and dyad do not: it says who reported the clause before it
        self.attributions = attributions
        # "X said (that) ...": code X's statement (010) beside the reported event, as GDELT does.
        # Off by default: event data in the PETRARCH line (the PETR2_GSR gold) codes no bare
        # statement, and every "said" would add a 010 to the speaker's dyads
        self.statements = statements
        self.slots = SlotFiller(self.patterns, self.frames, self.resolver, shallow_targets)  # slots.py

    @cached_property
    def nlp(self) -> Language:
        if self._nlp is None:
            from dyad.coder.nlp import load_nlp

            self._nlp = load_nlp(self.actors, self.gazetteer)
        return self._nlp

    # -- public API -----------------------------------------------------------------------------

    def code(self, doc: Document) -> list[Event]:
        return self._code(doc, self.nlp(doc.text))[0]

    def code_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Event]]]:
        """Stream: parse in batches with ``nlp.pipe``, yield each document with its events."""
        pairs = ((d.text, d) for d in docs)
        for sdoc, d in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield d, self._code(d, sdoc)[0]

    def explain(self, doc: Document, all_sentences: bool = False) -> list[SentenceTrace]:
        traces = self._code(doc, self.nlp(doc.text), explain=True)[1]
        return traces if all_sentences else [t for t in traces if t.events]

    # -- document and sentence ------------------------------------------------------------------

    def _code(self, doc: Document, sdoc: Doc, explain: bool = False) -> tuple[list[Event], list[SentenceTrace]]:
        memory = Memory()
        events: list[Event] = []
        traces: list[SentenceTrace] = []
        ents = sdoc.ents  # built once: Span.ents rebuilds every entity of the document
        for si, sent in enumerate(sdoc.sents):
            notes: list[str] = [] if explain else None  # type: ignore[assignment]
            sent_ents = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
            evs = self._sentence(doc, sent, si, memory, notes, sent_ents)
            events.extend(evs)
            if explain:
                traces.append(SentenceTrace(si, sent.text, evs, notes))
        return events, traces

    def _sentence(self, doc: Document, sent: Span, si: int, memory: Memory, notes: list[str] | None,
                  ents: list[Span]) -> list[Event]:
        day = doc.date
        cache: dict[int, tuple[Actor, ...]] = {}

        def actors(tok: Token | None) -> tuple[Actor, ...]:
            if tok is None:
                return ()
            got = cache.get(tok.i)
            if got is None:
                if tok.lower_ in ("who", "which", "that") and tok.head.dep_ in ("relcl", "acl"):
                    got = actors(tok.head.head)
                else:
                    got = self.resolver.resolve(tok, day, memory)
                cache[tok.i] = got
            return got

        # subjects first, in order, so that a later pronoun finds them
        anaphors = ANAPHORS
        for tok in sent:
            if tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
                got = actors(tok)
                memory.add(tok.i, got)
                if tok.lower_ in anaphors and any(c.dep_ in ("amod", "compound", "poss") for c in tok.lefts):
                    memory.add_head(tok.lower_, tok.i, got)
            elif tok.lower_ in anaphors and tok.dep_ != "compound" and any(c.dep_ in ("amod", "compound", "poss") for c in tok.lefts):
                memory.add_head(tok.lower_, tok.i, actors(tok))

        cands: list[Candidate] = []
        consumed: set[int] = set()
        pats = self.patterns
        for tok in sent:
            low = tok.lower_
            if low in pats.verbs and is_verbal(tok):
                fr = frame_of(tok)
                hit = match_verb(tok, pats, fr)
                if low in pats.light_verbs:
                    # the noun decides where the verb names no object ("held talks with"), and
                    # where the noun is more specific than the verb's object ("continued rocket
                    # attacks": 194, not the verb's attack 190); "lodged a protest" stays 114
                    for o in fr.objects:
                        nh = match_noun(o, pats, _light_frame(fr, noun_frame(o)))
                        if nh is not None and (hit is None or hit.pattern.object is None
                                               or nh.pattern.words or nh.pattern.word_sets):
                            consumed.add(o.i)
                            hit = nh
                            hit.noun = None  # coded as the verb's event
                            break
                if hit is None:
                    if notes is not None:
                        notes.append(f"'{tok.text}': verb known, no pattern's frame holds")
                    continue
                if hit.object is not None and hit.pattern.object is not None and "*" not in hit.pattern.object:
                    consumed.add(hit.object.i)
                cands.extend(self._from_hit(hit, tok, actors, notes))
            elif low in pats.nouns and tok.i not in consumed and not is_verbal(tok):
                hit = match_noun(tok, pats, governed_frame(tok, self.frames))
                if hit is not None:
                    cands.extend(self._from_hit(hit, tok, actors, notes, nominal=True))
        sdoc = sent.doc
        for c in cands:  # "protesters smashed the windows": a riot; "warplanes struck": 195 (recode.py)
            got = code_by_source(c.code, sdoc, c.source, c.target, self.frames)
            if got is not None:
                c.code, c.pattern = got[0], f"{c.pattern}>{got[1]}"
        cands = _drop_elaborations(cands)
        cands = _drop_said_in_documents(cands)
        cands = drop_instrument_events(cands, self.instruments)  # "killed in X shelling": one event
        # "X noted that Y regretted Z's refusal", coded as X's statement to Y: Y's act is what
        # was said, and it is coded once, as the statement
        # (not where the speakers speak of themselves: "A and B said they will attack C")
        stated: dict[int, set[str]] = {}
        speakers: dict[int, set[str]] = {}
        for c in cands:
            if c.target is not None and c.trigger.lower_ in self.frames.reporting:
                stated.setdefault(c.trigger.i, set()).add(c.target.code)
                speakers.setdefault(c.trigger.i, set()).add(c.source.code)
        cands = [c for c in cands if not (
            c.trigger.dep_ == "ccomp" and c.source.code in stated.get(c.trigger.head.i, ())
            and c.source.code not in speakers.get(c.trigger.head.i, ()))]
        used = {c.embedder for c in cands if c.embedder is not None}
        cands = [c for c in cands if not (c.trigger.i in used and c.specificity <= 0)]
        coded = {c.trigger.i for c in cands}
        transparent = self.frames.transparent
        # "urged Eriador to respond to ...": an infinitive under a verb that is itself the event
        # (and not an aspect verb: "began to withdraw") did not happen; the embedding event stands
        # and so is a purpose infinitive ("gave weapons to X to attack Y") or a permitted act
        # ("gave X permission to help Y": the giving is the event; the help has not happened)
        cands = [c for c in cands if not (
            c.embedder is None and c.status == "asserted" and _embedding_event(c.trigger, coded, transparent))]
        cands = [c for c in cands if not (
            c.embedder is None and c.status == "asserted" and permission_noun(c.trigger) is not None)]
        if "must" in doc.text[sent.start_char:sent.end_char]:  # (Span.text would rebuild the string)
            cands.extend(speech.obligations(sent, cands, actors, self.frames))
        if self.statements:
            cands.extend(speech.statements(sent, cands, actors, self.frames))
        return self.assembler.events(doc, sent, si, _dedupe(cands), ents)

    # -- from a matched pattern to candidates ---------------------------------------------------

    def _from_hit(self, hit: Hit, trigger: Token, actors, notes: list[str] | None, nominal: bool = False) -> list[Candidate]:
        p, fr = hit.pattern, hit.frame
        if not p.code:  # a null pattern ([---]): the frame is recognised and deliberately not coded
            if notes is not None:
                notes.append(f"'{trigger.text}' ({p.id}): null pattern, nothing coded")
            return []
        governed = governing_act(trigger, fr.preps, self.patterns, self.frames) if nominal else None
        if governed is not None and governed.code is None and not governed.negated:
            if notes is not None:
                notes.append(f"'{trigger.text}' ({p.id}): under '{governed.head.text}', no pattern of its verb names it")
            return []
        mod = assess(trigger, self.frames, nominal=nominal)
        sources = _fullest(self.slots.fill(p.source, hit, actors, nominal, role="source"))
        if governed is not None:  # "Washington's lifting of sanctions": the lifter (recode.py)
            sources = _fullest(tuple(a for t in governed.agents for a in actors(t))) or sources
        targets = _fullest(self.slots.fill(p.target, hit, actors, nominal, role="target",
                                      own_countries=frozenset(a.country for a in sources)))
        if governed is not None and not targets:  # "imposed a sanctions package on Russia"
            targets = _fullest(tuple(a for t in governed.targets for a in actors(t)))
        if not nominal:  # victims.py: "killed in Russian shelling", "killed four children in Gaza"
            sources, targets = instrument_roles(hit, sources, targets, actors, self.instruments)
            targets = victims_over_place(fr, targets, actors, self.instruments)
        else:  # "five people died in a Saudi air strike in Yemen": the people, not Yemen
            targets = nominal_victims(p.code, trigger, targets, actors)
        own = frozenset(a.code for a in sources)
        if p.target == "auto" and not nominal and targets and own and all(t.code in own for t in targets) \
                and (len(own) == 1 or len({t.code for t in targets}) < len(own)):
            # "X welcomed its resumption of ties with Z": not a target, the subject again (but
            # "X and Y postponed their meeting": each other)
            again = _fullest(self.slots.auto_target(hit, actors, self.slots.event_object(hit), exclude=own,
                                               shallow=not (p.symmetric and len(own) > 1)))
            targets = again if (again or len(own) > 1) else targets
        code, pid = p.code, p.id
        status = mod.status
        if governed is not None:  # "the lifting of sanctions" (recode.py)
            if governed.negated:
                status = "negated"
            else:
                code, pid = governed.code, f"{p.id}>{governed.pattern}"
        if status == "negated" and p.negative:
            status = "asserted"  # the pattern states the negation ("- &NEGATVAUXVRB * [904]")
        elif status == "negated" and not mod.transform and code in self.patterns.negations:
            # "the Kremlin did not comment": declining comment (011 is "not 010"; patterns.py)
            code, status = self.patterns.negations[code], "asserted"
        elif mod.refusal and (refused := transform_code("reject", code)) is not None:
            # "the US will not lift the ban until ...": a refusal (1244), which happened
            code, status, pid = refused, "asserted", f"{pid}>refusal"
        if mod.future_in_report and mod.speaker_verb is not None:
            speakers, _ = speech.speaker(mod.speaker_verb, actors, self.frames)
            if not sources or not speech.same_side(sources, speakers):
                # "Kigali said French officials would be indicted": a prediction about others
                mod.transform, mod.actor_from, status = None, None, "hypothetical"
        if mod.must_in_report and mod.speaker_verb is not None and sources:
            speakers, _ = speech.speaker(mod.speaker_verb, actors, self.frames)
            new = transform_code("demand", code)
            if speakers and new and not speech.same_side(sources, speakers):
                return [Candidate(new, sp, s, mod.speaker_verb, f"{pid}>reported.demand", "asserted", mod.cues, p.specificity)
                        for sp in speakers for s in sources]
        if mod.transform and mod.actor_from is not None:
            new = transform_code(mod.transform, code, mod.actor_from.lower_)
            if new is None and mod.transform == "intent" and code[:2] not in ("03", "13"):
                status = "planned"  # no CAMEO intention code for it: keep the act, as planned
            if new is not None:
                if mod.transform in ("appeal", "demand"):
                    targets = tuple(a for t in mod.addressee for a in actors(t))
                sources = self._subject_actors(mod.actor_from, actors) or sources
                code = new
                if notes is not None:
                    notes.append(f"'{trigger.text}': {mod.transform} ({' '.join(mod.cues)}) -> {code}")
        if not sources:
            if notes is not None:
                notes.append(f"'{trigger.text}' ({p.id}): no source actor found")
            return []
        # reported speech: a party's claim about another's violence is an accusation
        if mod.speaker_verb is not None and mod.transform is None:
            speakers, neutral = speech.speaker(mod.speaker_verb, actors, self.frames)
            if mod.speaker_verb.lower_ in self.frames.denial:
                # "Israel denied that it had struck the hospital": the denial happened (016), the
                # strike is only what it denies
                if notes is not None:
                    notes.append(f"'{trigger.text}': denied by {mod.speaker_verb.text} -> 016")
                return [Candidate("016", sp, t, mod.speaker_verb, f"{pid}>reported.denial", "asserted", mod.cues,
                                  p.specificity)
                        for sp in speakers for t in (tuple(t for t in targets if t.code != sp.code) or (None,))]
            root = int(code[:2]) if code[:2].isdigit() else 0
            if speakers and not neutral and root >= 15 and speech.same_side(sources, speakers) \
                    and mod.speaker_verb.lower_.startswith(("claim", "admit", "acknowledg")):
                # "the group claimed it had attacked ...": claiming one's own act (CAMEO 015)
                return [Candidate("015", s, t, mod.speaker_verb, f"{pid}>reported.claim", "asserted", mod.cues, p.specificity)
                        for s in sources for t in (targets or (None,))]
            if speakers and not neutral and root >= 18 and not speech.same_side(sources, speakers):
                out = []
                for sp in speakers:
                    for s in sources:
                        out.append(Candidate("112", sp, s, mod.speaker_verb, f"{pid}>reported.accuse", "asserted", mod.cues, p.specificity))
                if notes is not None:
                    notes.append(f"'{trigger.text}': reported by a party ({mod.speaker_verb.text}) -> accusation")
                return out
        if not targets and not nominal and not self.attributions and trigger.lower_ in self.frames.reporting \
                and any(c.dep_ == "ccomp" and c.i < trigger.i for c in trigger.children):
            # "X will restore ties with Y, a senior official said": the attribution of what
            # came before, not a statement of its own
            if notes is not None:
                notes.append(f"'{trigger.text}' ({p.id}): attributes the clause before it, no event")
            return []
        out: list[Candidate] = []
        if nominal and not targets and int(code[:2] or 0) < 13 and not (p.symmetric and len(sources) > 1):
            return []  # a cooperative nominal event needs its target ("a visit to ...")
        if nominal and not targets and trigger.dep_ == "pobj":
            # "eight people were killed in an air strike by government forces": the victims
            verb = trigger.head.head
            victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
            targets = tuple(a for v in victims for a in actors(v))
        if targets and all(is_location(trigger.doc, t) for t in targets) and p.symmetric and len(sources) > 1:
            targets = ()  # "Israel and Syria held talks in Baku": a venue, not a party
        # victims.py: "---CVL" killed "in Gaza" are PSEGZACVL
        sources, targets = localise_roles(code, trigger, sources, targets, actors, self.resolver, self.instruments)
        emb = mod.actor_from.i if (mod.transform and mod.actor_from is not None and code != p.code) else None
        # "A and B renewed ties" with a paired code ([050:050]): each is the other's target
        sym = (p.symmetric or bool(p.reverse_code)) and not targets and len(sources) > 1
        if sym:
            for s in sources:
                for t in sources:
                    if s is not t and s.code != t.code:
                        out.append(Candidate(code, s, t, trigger, pid, status, mod.cues, p.specificity, emb))
            return out
        for s in sources:
            for t in targets or (None,):
                if t is not None and t.code == s.code:
                    continue
                out.append(Candidate(code, s, t, trigger, pid, status, mod.cues, p.specificity, emb))
                if t is not None and not mod.transform and p.reverse_code and governed is None \
                        and not _venue_of_object(trigger, t):
                    rc = p.reverse_code
                    out.append(Candidate(rc, t, s, trigger, p.id + ".reverse", status, mod.cues, p.specificity, emb))
        return out

    def _subject_actors(self, verb: Token, actors) -> tuple[Actor, ...]:
        fr = frame_of(verb)
        return tuple(a for s in fr.subjects for a in actors(s))

def _light_frame(verb_fr: Frame, noun_fr: Frame) -> Frame:
    """A light verb + event noun ("held talks with"): the verb's subject, both sets of slots."""
    fr = Frame(verb_fr.verb, verb_fr.passive, list(verb_fr.subjects), [], [], list(verb_fr.particles))
    fr.preps = list(noun_fr.preps) + [pt for pt in verb_fr.preps if pt not in noun_fr.preps]
    return fr


def _embedding_event(trigger: Token, coded: set[int], transparent: frozenset[str]) -> bool:
    """The trigger is an infinitive (or a bare infinitive under one: "to help win") that
    hangs, directly or through a chain of uncoded infinitives ("urged X to help win ..."), under
    a verb coded as an event of its own that is not an aspect verb."""
    if trigger.dep_ not in ("xcomp", "advcl"):
        return False
    if not (_to_infinitive(trigger) or (trigger.dep_ == "xcomp" and trigger.head.dep_ == "xcomp"
                                        and _to_infinitive(trigger.head))):
        return False
    h = trigger.head
    while h.i not in coded and h.dep_ == "xcomp" and h.head.i != h.i and _to_infinitive(h):
        h = h.head
    return h.i in coded and h.lower_ not in transparent


def _to_infinitive(t: Token) -> bool:
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in t.children)


def _fullest(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Two readings of one phrase (SOM, SOMREBMUS): the fuller code only."""
    return tuple(a for a in actors if not any(b.code != a.code and b.code.startswith(a.code) for b in actors))


def _drop_elaborations(cands: list[Candidate]) -> list[Candidate]:
    """"X bombarded Aleppo, killing eight": the participle tells more of the same event."""
    by_trigger = {c.trigger.i: c for c in cands}
    out = []
    for c in cands:
        t = c.trigger
        head = by_trigger.get(t.head.i) if t.dep_ == "advcl" and t.lower_.endswith("ing") else None
        if head is not None and head.source.code == c.source.code and head.code[:2] == c.code[:2]:
            continue
        out.append(c)
    return out


def _drop_said_in_documents(cands: list[Candidate]) -> list[Candidate]:
    """"issued a statement condemning the attack": the statement is the condemnation, coded once
    (a 010 whose object document has a coded act of its own is dropped)."""
    triggers = {c.trigger.i for c in cands}
    return [c for c in cands if not (c.code == "010" and any(
        o.dep_ == "dobj" and any(a.dep_ == "acl" and a.i in triggers for a in o.children)
        for o in c.trigger.children))]


def _venue_of_object(trigger: Token, a: Actor) -> bool:
    """The target is where the object takes place ("attend a summit in Switzerland"), not
    where the verb's own subject goes ("arrived in Gondor": the host's paired event stands)."""
    head = trigger.doc[a.end - 1]
    return is_location(trigger.doc, a) and head.head.head.i != trigger.i


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One event per (source, target, root, status): the most specific code wins."""
    best: dict[tuple, Candidate] = {}
    order: list[tuple] = []
    for c in cands:
        key = (c.source.code, c.target.code if c.target else None, c.code[:2], c.status)
        prev = best.get(key)
        if prev is None:
            best[key] = c
            order.append(key)
        elif (c.specificity, len(c.code.rstrip("0"))) > (prev.specificity, len(prev.code.rstrip("0"))):
            best[key] = c
    return [best[k] for k in order]
