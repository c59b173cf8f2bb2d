"""Victims, instruments and the place's country: how war reporting names who hit whom.

News of violence is mostly written from the victims' side: "Three civilians were killed in
Russian shelling of Kharkiv", "Two journalists were wounded by a Russian drone in Kherson". The
grammatical frame then says little about the parties: the verb has no agent, the attacker is an
adjective on the *instrument* ("Russian shelling", "an Israeli tank", "a missile fired by
rebels"), and the victims are a bare sector ("civilians" -> ``---CVL``) whose country is only
given by the place ("in Gaza"). Three small rules read that construction:

1. **The instrument's actor is the source** (``instrument_roles``). A passive verb of violence
   (the ``victimising`` codes of ``data/codes.yaml``: roots 18-20 and destruction, 1712) without
   an agent that resolves, whose ``in`` /
   ``by`` / ``from`` phrase names an attack or a weapon, takes its source from that phrase's
   own actor: its by-agent ("fired by rebels") or its modifiers ("Russian", "Israeli tank").
   The passive subject (the victims) is the target; nothing inside the instrument phrase is a
   target, and a place inside it ("of Kharkiv") is never the source, even when the attack
   names nobody ("killed in shelling of Kharkiv": no event rather than UKR -> ---CVL).
2. **A place is not the victim** (``victims_over_place``, ``nominal_victims``): "killed four
   children in Gaza" targets the children, not Gaza, when the target search fell on a venue
   while the verb's object names people; likewise an attack noun whose only target is its
   venue under an uncoded verb ("five people died in a Saudi-led air strike in Yemen").
3. **Country-less victims take the place's country** (``localise_roles``): in a violent
   event (and in any event where no party has a country: "protesters were arrested in Cairo
   by police"), a sector actor with no country (``---CVL``, ``---MED``) takes the code of
   the place where it happened: an in / at / near place of the clause ("in Gaza" ->
   ``PSEGZACVL``, "in the east of the Gaza Strip"), or the place the attack was aimed at
   ("shelling of Kharkiv", "attack on Odesa" -> ``UKRCVL``). An actor with a country of its
   own is never changed ("Russian soldiers killed in Ukraine" stay ``RUSMIL``). Unnamed
   victims localised to one place are one group, coded once ("four children and a man").

And one rule against double counting (``drop_instrument_events``): the nominal event inside
the instrument or subject of a coded verb of violence ("shelling") is part of the verb's
happening. It is dropped when the verb's event has the same source and the nominal has no
target, or only its venue ("a PKK attack in northern Iraq"), or a target in the country of
one of the verb's targets ("civilians killed in Russian shelling of Kharkiv": one event,
RUS -> UKRCVL 190, not also RUS -> UKR 194: the more specific nominal code is given up for the
victims). A nominal aimed at another country stays, being a distinct fact ("Syrian soldiers
killed in Israeli strikes on Lebanon": ISR -> SYRMIL and ISR -> LBN).

The attack and weapon words come from the pattern set's ``attack`` and ``weapon`` synsets and
from its nominal patterns with violent codes, so a foreign pattern set brings its own vocabulary;
the prepositions (place, instrument, aim) are the coder's ``Frames`` (``data/grammar.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from dyad.coder.codes import CodeRules
from dyad.coder.frames import Frames
from dyad.coder.match import Frame, Hit
from dyad.coder.patterns import PatternSet
from dyad.coder.resolver import PLACE_LABELS, Actor

if TYPE_CHECKING:
    from dyad.coder.candidate import Candidate

Actors = Callable[[Token | None], tuple[Actor, ...]]

_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod"})
_PATH_DEPS = frozenset({"prep", "pobj", "compound", "appos", "conj", "nmod", "agent"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "csubj", "parataxis", "pcomp", "relcl", "acl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def instrument_words(patterns: PatternSet, codes: CodeRules) -> frozenset[str]:
    """Attack nouns and weapons: the two synsets plus every nominal pattern with a violent code."""
    words = set(patterns.synsets.get("attack", ())) | set(patterns.synsets.get("weapon", ()))
    for noun, pats in patterns.nouns.items():
        if any(codes.holds("victimising", p.code) for p in pats):
            words.add(noun)
    words = {w.split()[-1] for w in words}  # multi-word members match on their head
    return frozenset(words | {w + "s" for w in words})


def localise(found: tuple[Actor, ...], place: str | None) -> tuple[Actor, ...]:
    """Country-less sector actors take the place's code; anyone with a country keeps theirs."""
    if not place:
        return found
    return tuple(replace(a, code=place + a.code[3:], via=a.via + "+place")
                 if not a.has_country and len(a.code) > 3 else a for a in found)


def _one_group(found: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """"Four children and a man were killed in Gaza": the unnamed victims of one strike in one
    place are one victim group, coded once (the first named), so that a dyad's count of
    violent events does not grow with the number of categories a report lists."""
    out: list[Actor] = []
    for a in found:
        if a.via.endswith("+place") and any(b.via.endswith("+place") for b in out):
            continue
        out.append(a)
    return tuple(out)


class VictimRules:
    """The rules above for one coder: its prepositions, its violent codes, its attack words."""

    def __init__(self, frames: Frames, codes: CodeRules, patterns: PatternSet) -> None:
        self.words = frames
        self.codes = codes
        self.instruments = instrument_words(patterns, codes)  # attack nouns and weapons

    def violent(self, code: str | None) -> bool:
        """Codes whose victims are reported this way: assault, fight, mass violence, destruction."""
        return self.codes.holds("victimising", code)

    def instrument_of(self, fr: Frame) -> tuple[Token, tuple[Token, ...]] | None:
        """The attack or weapon phrase of a passive verb ("killed in Russian shelling"): its head
        and any modifier the parser cut off it ("in Russian shelling" read as "in Russian" plus a
        clause "shelling": the head is then the clause, the preposition's object its modifier)."""
        if not fr.passive:
            return None
        w = self.words
        verb = fr.verb
        for c in verb.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in w.instrument_preps:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    nxt = p.doc[p.i + 1] if p.i + 1 < len(p.doc) else None
                    if nxt is not None and nxt.head.i == verb.i and nxt.dep_ in _CLAUSE_DEPS | {"dobj", "npadvmod"} \
                            and self._noun_like(nxt):
                        return nxt, (p,)
                    if self._is_instrument(p):
                        return p, ()
        for word, p in fr.preps:  # shared with a coordinated verb ("killed and wounded in an attack")
            if word in w.instrument_preps and p.head.head.i != verb.i and self._is_instrument(p):
                return p, ()
        return None

    def _is_instrument(self, tok: Token) -> bool:
        words = self.instruments
        if tok.lower_ in words:
            return True
        # "an Israeli tank shell": the weapon word can be a compound of the head, never the head's place
        return any(c.dep_ == "compound" and c.lower_ in words for c in tok.lefts) and tok.ent_type_ not in PLACE_LABELS

    def instrument_actors(self, inst: Token, actors: Actors, cut: tuple[Token, ...] = ()) -> tuple[Actor, ...]:
        """Who wielded the instrument: its own by-agent ("a missile fired by rebels", "an air
        strike by government forces"), else its modifiers ("Russian", "Israeli tank", "Hamas's").
        Places named in its of / in phrases are where it landed, not who used it."""
        for c in inst.children:
            if c.dep_ == "prep" and c.lower_ in self.words.agent_preps:
                got = tuple(a for g in c.children if g.dep_ == "pobj" for a in actors(g))
                if got:
                    return got
            if c.dep_ in ("acl", "relcl"):  # "a missile fired by rebels"
                for g in c.children:
                    if g.dep_ == "agent":
                        got = tuple(a for p in g.children if p.dep_ == "pobj" for a in actors(p))
                        if got:
                            return got
        found: list[Actor] = []
        stack = [*cut, *(c for c in inst.lefts if c.dep_ in _MODIFIERS)]
        while stack:
            m = stack.pop(0)
            got = tuple(a for a in actors(m) if a.has_country)
            if got and m.is_lower and not m.ent_type_:
                got = ()  # a common noun read as a code ("car bomb": not CAR, the Central African Republic)
            if got:
                found.extend(a for a in got if all(a.code != b.code for b in found))
            elif m.dep_ == "compound" or m in cut:  # "Israeli tank shelling": the compound's modifiers
                stack.extend(c for c in m.lefts if c.dep_ in _MODIFIERS)
        return tuple(found)

    def instrument_roles(self, hit: Hit, sources: tuple[Actor, ...], targets: tuple[Actor, ...],
                         actors: Actors) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """Source and target of a passive verb of violence whose attacker is on the instrument.

        Unchanged where the verb has an agent that resolves ("arrested by police"), where the verb
        is not violent or not passive, or where the instrument names nobody."""
        fr = hit.frame
        words = self.instruments
        if self.violent(hit.pattern.code) and not fr.passive and any(s.lower_ in words for s in fr.subjects):
            # "The Kharkiv strike killed five people": a place on the instrument is where, not who
            return tuple(a for a in sources if a.via != "place"), targets
        if not self.violent(hit.pattern.code) or not fr.passive:
            return sources, targets
        if sources and any(actors(s) for s in fr.subjects):
            return sources, targets  # a real agent ("wounded by Israeli soldiers")
        found = self.instrument_of(fr)
        if found is None:
            return sources, targets
        inst, cut = found
        attackers = self.instrument_actors(inst, actors, cut)
        inside = {t.i for t in inst.subtree} | {t.i for c in cut for t in c.subtree}
        if not attackers:
            # "killed in shelling of Kharkiv": the place an unattributed attack hit is not its source
            doc = fr.verb.doc
            return tuple(a for a in sources if a.start not in inside
                         or doc[a.end - 1].ent_type_ not in PLACE_LABELS), targets
        victims = tuple(a for o in fr.objects for a in actors(o) if a.start not in inside)
        if not victims:
            victims = tuple(a for a in targets if a.start not in inside)
        # a dateline parsed as a second subject ("GAZA CITY, ...: Four children were killed"): the
        # people killed are the victims, not the place the report was filed from
        doc = fr.verb.doc
        people = tuple(a for a in victims if doc[a.end - 1].ent_type_ not in PLACE_LABELS)
        own = {a.code for a in attackers}
        return attackers, tuple(a for a in (people or victims) if a.code not in own)

    def victims_over_place(self, fr: Frame, targets: tuple[Actor, ...], actors: Actors) -> tuple[Actor, ...]:
        """"killed four children in Gaza": the people acted on, not the venue, are the target (but
        "launched missiles at the government": a weapon is not acted on, and a party is no venue)."""
        if not targets or not all(self.venue(fr.verb.doc[a.end - 1]) for a in targets):
            return targets
        people = tuple(a for o in fr.objects if o.lower_ not in self.instruments for a in actors(o) if not a.has_country)
        return people or targets

    def nominal_victims(self, code: str, trigger: Token, targets: tuple[Actor, ...], actors: Actors) -> tuple[Actor, ...]:
        """"Five people died in a Saudi-led air strike in Yemen": an attack noun whose only target is
        its venue hit the people its clause's subject names (the verb, "died", being no event)."""
        if not self.violent(code) or not targets or not all(self.venue(trigger.doc[a.end - 1]) for a in targets):
            return targets
        if trigger.dep_ != "pobj" or trigger.head.lower_ not in self.words.instrument_preps:
            return targets
        verb = trigger.head.head
        people = tuple(a for c in verb.children if c.dep_ in _SUBJECTS for a in actors(c)
                       if trigger.doc[a.end - 1].ent_type_ not in PLACE_LABELS)
        return people or targets

    def venue(self, tok: Token) -> bool:
        return tok.dep_ == "pobj" and tok.head.lower_ in self.words.place_preps and tok.ent_type_ in PLACE_LABELS

    def places_of(self, trigger: Token, skip: tuple[Actor, ...] = ()) -> Iterator[Span]:
        """The place where the event happened: a place name in an in / at / near phrase of the
        trigger's clause (also inside its instrument: "shelling of Kharkiv", "in the east of the Gaza
        Strip"), not inside an embedded clause and not one of the event's own actors. A name a
        foreign actor dictionary made an organisation ("Gaza Strip" as ORG) is a candidate too:
        the gazetteer decides (``place_code``)."""
        w = self.words
        taken = {i for a in skip for i in range(a.start, a.end)}
        for ent in trigger.sent.ents:
            if ent.label_ not in PLACE_LABELS | {"ORG"} or ent.root.i in taken:
                continue
            tok = ent.root
            if tok.dep_ != "pobj" or not (tok.head.lower_ in w.place_preps or (
                    tok.head.lower_ in w.attack_target_preps and tok.head.head.lower_ in self.instruments) or (
                    tok.head.lower_ in w.genitive_preps and tok.head.head.head.lower_ in w.place_preps)):
                continue  # "in Gaza", "in the east of the Gaza Strip", where an attack was aimed: "attack on Odesa"
            if self._reaches(tok, trigger):
                yield ent

    def _reaches(self, tok: Token, trigger: Token) -> bool:
        """``tok`` hangs on the trigger through phrases only (an instrument noun the parser made a
        clause, "in Israeli tank shelling" with "shelling" as advcl, counts as a phrase)."""
        t = tok
        for _ in range(12):
            h = t.head
            if h.i == trigger.i:
                return True
            if h.i == t.i:
                return False
            if t.dep_ not in _PATH_DEPS and not (t.dep_ in _CLAUSE_DEPS and self._noun_like(t)) \
                    and not (t.dep_ in ("acl", "relcl") and h.lower_ in self.instruments):  # "a missile fired by"
                return False
            t = h
        return False

    def _noun_like(self, t: Token) -> bool:
        return t.lower_ in self.instruments and not any(c.dep_ in _SUBJECTS or c.dep_ == "dobj" for c in t.children)

    @staticmethod
    def place_code(place: Span, actors: Actors, resolver: object | None) -> str | None:
        """The place's actor code (Gaza -> PSEGZA, Kherson -> UKR), else its gazetteer country. A
        name tagged as an organisation counts only where the gazetteer knows it as a place."""
        locate = getattr(resolver, "place", None)
        loc = locate(place.text) if locate is not None else None
        country = getattr(loc, "country", None)
        country = country if country and len(country) == 3 else None
        if place.label_ == "ORG" and country is None:
            return None
        got = actors(place.root)
        if len(got) == 1 and got[0].has_country and got[0].via in ("place", "name") \
                and (country is None or got[0].code.startswith(country)):
            return got[0].code
        return country

    def localise_roles(self, code: str, trigger: Token, sources: tuple[Actor, ...], targets: tuple[Actor, ...],
                       actors: Actors, resolver: object | None) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """Both roles of a violent event, localised to the place of the trigger's clause. Other
        events are localised only when no party has a country ("protesters were arrested in Cairo
        by police": EGYCOP -> EGYOPP); where one has, TABARI's reading stands ("Russian police
        arrested students in Moscow": RUSCOP -> ---EDU), since away from violence the place says
        less about whose the people are."""
        if not self.violent(code) and any(a.has_country for a in sources):
            return sources, targets
        if all(a.has_country for a in (*sources, *targets)):
            return sources, targets
        code = next((c for c in (self.place_code(p, actors, resolver) for p in self.places_of(trigger, (*sources, *targets)))
                     if c), None)
        return localise(sources, code), _one_group(localise(targets, code))

    def drop_instrument_events(self, cands: "list[Candidate]") -> "list[Candidate]":
        """The nominal attack that is the instrument or subject of a coded verb of violence is the
        same happening: dropped when it adds no new party (see the module docstring)."""
        by_trigger: dict[int, list[Candidate]] = {}
        for c in cands:
            by_trigger.setdefault(c.trigger.i, []).append(c)
        out = []
        for c in cands:
            verb = self._governing_verb(c.trigger)
            # and the verb it is coordinated with: "killed and wounded in an attack"
            verbs = (verb, verb.head) if verb is not None and verb.dep_ == "conj" else (verb,) if verb is not None else ()
            covering = [v for vb in verbs for v in by_trigger.get(vb.i, ()) if self.violent(v.code)]
            if covering and self.violent(c.code) and any(
                    v.source.country == c.source.country and (
                        c.target is None or not c.target.has_country or self.venue(c.trigger.doc[c.target.end - 1])
                        or any(v.target is not None and v.target.country == c.target.country for v in covering))
                    for v in covering):
                continue
            out.append(c)
        return out

    def _governing_verb(self, noun: Token) -> Token | None:
        """The verb an attack noun is the subject ("Israeli shelling killed") or the instrument
        ("killed in Russian shelling") of."""
        if noun.lower_ not in self.instruments:
            return None
        if noun.dep_ == "nsubj":
            return noun.head
        if noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent") and noun.head.lower_ in self.words.instrument_preps:
            return noun.head.head
        return None
