"""Which actors fill a pattern's slots: the source and target search on the dependency parse.

A pattern says where its actors are (``subject``, ``object``, ``prep[:p]``, ``none``, ``auto``);
this module finds them. ``auto`` targets are searched in order: the object of the pattern's
preposition, the direct object, the agent of an object noun ("condemned an attack by X"), the
verb's prepositional objects in preference order (``target_preps`` in ``data/grammar.yaml``), the first actor inside the
object's and adverbials' phrases (TABARI's "first actor after the verb", embedded clauses
excluded), the subject of a complement clause ("demanded that the government ..."), and the
party a purpose clause names. An agentless passive takes its source from the other party in its
adverbial ("was criticized over its dispute with Y"); a nominal event from its by-phrase or its
modifiers ("Israeli strikes").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dyad.coder.frames import Frames
from dyad.coder.match import Frame, Hit
from dyad.coder.patterns import PatternSet
from dyad.coder.resolver import Actor, ActorResolver

SUBJECT_DEPS = ("nsubj", "nsubjpass")


class SlotFiller:
    """Fills source and target slots for one coder's patterns and conventions.

    ``actors`` in every method is the sentence's token -> actors resolver (cached per sentence
    by the pipeline).
    """

    def __init__(self, patterns: PatternSet, frames: Frames, resolver: ActorResolver,
                 shallow_targets: bool = False) -> None:
        self.patterns = patterns
        self.frames = frames
        self.resolver = resolver
        self.reader = resolver.reader
        # TABARI's shallow rule as the last resort for a target: the first actor after the verb
        # anywhere in the sentence, short of a trailing attribution's speaker (PETRARCH-1 only)
        self.shallow_targets = shallow_targets

    def venue(self, doc: Doc, a: Actor) -> bool:
        """The actor was found as the object of a place preposition, or as a modifier inside it
        ("at the Munich Olympic Games"): a venue rather than a party."""
        head = doc[a.end - 1]
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in self.frames.genitive_preps \
                and head.head.head.lower_ in self.frames.venue_nouns:
            return True  # "met on the sidelines of a BRICS summit"
        return head.dep_ == "pobj" and head.head.lower_ in self.frames.place_preps

    def fill(self, slot: str, hit: Hit, actors, nominal: bool, role: str,
             own_countries: frozenset[str] = frozenset()) -> tuple[Actor, ...]:
        """The actors of one slot of a matched pattern (``role``: source or target)."""
        fr = hit.frame
        kind, _, arg = slot.partition(":")
        if kind == "none":
            return ()
        if kind == "subject" or (kind == "modifier"):
            if nominal and kind == "modifier":
                return self._noun_source(hit, actors)
            got = tuple(a for s in fr.subjects for a in actors(s))
            if not got and role == "source" and fr.passive:
                got = tuple(a for w, t in fr.preps if w in self.frames.origin_preps for a in actors(t))
            if not got and role == "source" and fr.passive and not nominal and fr.objects:
                got = self._agentless_source(fr, actors)
            return got
        if kind == "object":
            return tuple(a for o in fr.objects[:1] for a in actors(o))
        if kind == "prep":
            if arg:
                got = tuple(a for w, t in fr.preps if w == arg for a in actors(t))
                if not got and role == "target" and hit.prep_object is not None:
                    # "appealed for Russia's support": whose support is asked for is the addressee
                    got = tuple(a for c in hit.prep_object.children if c.dep_ == "poss" for a in actors(c)
                                if a.country not in own_countries)
                return got
            if hit.prep_object is not None:
                return actors(hit.prep_object)
            if role == "target":
                return self.auto_target(hit, actors, skip_object=True, own_countries=own_countries)
            return ()
        # auto
        if hit.prep_object is not None:
            got = actors(hit.prep_object)
            if got:
                return got
        # a reciprocal pattern with a compound subject ("A and B delayed their meeting") has
        # its targets already: no shallow search beyond the clause
        shallow = not (hit.pattern.symmetric and len(own_countries) > 1)
        return self.auto_target(hit, actors, skip_object=self.event_object(hit), own_countries=own_countries,
                                 shallow=shallow)

    def _agentless_source(self, fr: Frame, actors) -> tuple[Actor, ...]:
        """"X was criticized over its dispute with Y": with no agent, the other party named
        inside the verb's adverbial phrase (TABARI's first actor after the verb); never a venue
        or the adverbial's own object ("was blown up over Ukraine")."""
        victims = {a.code for o in fr.objects for a in actors(o)}
        if not victims:
            return ()
        verb = fr.verb
        phrases = _phrase_tokens(Frame(verb, True, [], [], [], []), self.frames.characterisation_preps)
        for t in sorted(phrases, key=lambda t: t.i):
            if t.head.head.i == verb.i:
                continue  # "was blown up over Ukraine": a direct adverbial is a circumstance
            got = actors(t)
            if got and all(a.code not in victims and a.has_country for a in got) \
                    and not any(self.venue(verb.doc, a) for a in got):
                return got
        return ()

    def event_object(self, hit: Hit) -> bool:
        """The object names the act ("imposed sanctions", "held talks"), not the one acted on."""
        if hit.object is None:
            return False
        return hit.object.lower_ in self.patterns.nouns

    def auto_target(self, hit: Hit, actors, skip_object: bool, exclude: frozenset[str] = frozenset(),
                     own_countries: frozenset[str] = frozenset(), shallow: bool = True) -> tuple[Actor, ...]:
        """Object, then prepositional objects in preference order; an actor with a country
        ("the Georgian government") beats a bare sector ("ministers" -> ---GOV)."""
        fr = hit.frame
        words = self.frames
        slots: list[Token] = []
        for o in fr.objects:
            # "condemned Ecuador's actions against the embassy", "condemned Israel's strikes": whose
            # act it was, before what the act's own phrases name (but "met Israel's foreign
            # minister": the minister, who is of the possessor's country)
            poss = next((c for c in o.children if c.dep_ == "poss" and c.lower_ not in words.pronouns()), None)
            if poss is not None and (owner := actors(poss)) and not ({a.country for a in owner}
                                                                     & {a.country for a in actors(o)}):
                slots.append(poss)
            if not skip_object:
                slots.append(o)
        # "condemned an attack by X soldiers": the act's agent is the one acted on
        for o in fr.objects:
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ in words.agent_preps:
                    slots.extend(g for g in c.children if g.dep_ == "pobj")
        for want in words.target_preps:
            slots.extend(t for w, t in fr.preps if w == want and (w not in words.origin_preps or not fr.passive))
        fallback: tuple[Actor, ...] = ()
        tried = {t.i for t in slots}
        # then the first actor inside the object's and the adverbials' phrases ("welcomed a
        # resumption of ties between X and Y", "criticized the closure of houses in X", "an
        # attack by X soldiers"), in text order: TABARI's "first actor after the verb"
        verb = fr.verb
        first_deep = len(slots)

        def in_order() -> Iterator[Token]:  # the phrases are walked only when the slots give nobody
            yield from slots
            yield from sorted((t for t in _phrase_tokens(fr, words.characterisation_preps) if t.i not in tried),
                              key=lambda t: t.i)

        for k, t in enumerate(in_order()):
            got = actors(t)
            if k >= first_deep and got and all(a.country in own_countries for a in got):
                continue  # deep in a phrase, the source's own side ("a violation of Syrian sovereignty")
            if exclude and got and all(a.code in exclude for a in got):
                continue  # "X welcomed their resumption of ties with Y": the subject's own side
            if got and any(a.has_country for a in got):
                if fallback and all(self.venue(verb.doc, a) for a in got):
                    return fallback  # "opened fire on gunmen in Baghdad": the party, not the venue
                return got
            if got and self.shallow_targets and not skip_object and t in fr.objects:
                return got  # TABARI: the first actor after the verb, "arrested students" -> ---EDU
            if got and not fallback:
                fallback = got
        if fallback:
            return fallback
        # "demanded that the government demilitarise": the complement clause's subject; but not
        # for a reporting verb after its complement ("X will restore ties, an official said"):
        # the report's content is not its addressee
        reporting = verb.lower_ in self.frames.reporting
        for c in verb.children:
            if c.dep_ == "ccomp" and not (reporting and c.i < verb.i):
                for g in c.children:
                    if g.dep_ in SUBJECT_DEPS:
                        got = actors(g)
                        if got and not (exclude and all(a.code in exclude for a in got)):
                            return got  # (not the subject again: "X said it has sympathy for Y")
                # "said that an embargo against X would not work": the first actor named in
                # the complement's subject phrase (TABARI's first actor after the verb)
                for g in c.children:
                    if g.dep_ in SUBJECT_DEPS:
                        for t in sorted(g.subtree, key=lambda t: t.i):
                            if t.i != g.i and t.dep_ in _PHRASE_DEPS and t.dep_ not in ("compound", "poss") \
                                    and not _in_clause(t, g):
                                got = actors(t)
                                if got and not all(not a.has_country or a.country in own_countries
                                                   or a.code in exclude for a in got):
                                    return got
        if self.shallow_targets and shallow:
            got = self._first_actor_after(verb, actors, own_countries | exclude)
            if got:
                return got
        # "signed an accord to supply X with wheat": the party the purpose clause names
        for c in verb.children:
            if c.dep_ in ("advcl", "xcomp") and c.i > verb.i and self.reader.infinitive(c) and \
                    not any(g.dep_ in SUBJECT_DEPS for g in c.children):
                for g in c.children:
                    if g.dep_ in ("dobj", "dative"):
                        got = actors(g)  # (never the source's own side: "to show their disapproval")
                        if got and not all(not a.has_country or a.country in own_countries
                                           or a.code in exclude for a in got):
                            return got
        return ()

    def _first_actor_after(self, verb: Token, actors, own: frozenset[str] = frozenset()) -> tuple[Actor, ...]:
        """TABARI's target when the parse offers none: the first actor after the verb in the
        sentence ("restored ties with Norway, five years after Danish crowds ..."), never the
        speaker of a report placed after it nor anyone inside that speaker's phrase."""
        reporting = self.frames.reporting
        speakers = [t for t in verb.sent if t.i > verb.i and t.dep_ in SUBJECT_DEPS
                    and t.head.lower_ in reporting and t.head.i > verb.i]
        fenced = {x.i for sp in speakers for x in sp.subtree}
        for t in verb.sent:
            if t.i <= verb.i or t.i in fenced:
                continue
            if t.dep_ not in (*_PHRASE_DEPS, *SUBJECT_DEPS) or t.dep_ == "compound" or (
                    t.dep_ == "poss" and not any(g.dep_ == "conj" for g in t.children)):
                continue  # a modifier: its head's phrase says more (but "A and B's" is a compound)
            got = actors(t)
            if got and not all(not a.has_country or a.country in own or a.code in own for a in got):
                return got
        return ()

    def _noun_source(self, hit: Hit, actors) -> tuple[Actor, ...]:
        fr, noun = hit.frame, hit.noun
        if noun is None:  # a light verb's object: the verb's subject
            return tuple(a for s in fr.subjects for a in actors(s))
        got = tuple(a for s in fr.subjects for a in actors(s))  # "by" phrase
        if got:
            return got
        # "the Ghazni attack": a town named before the noun is where, not who (a possessor or a
        # country adjective is who: "Israel's strikes", "Israeli strikes")
        at_place = self.resolver.named_after_place(noun)
        for c in noun.lefts:
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and not at_place):
                got = tuple(a for a in actors(c) if a.has_country)
                if got:
                    return got
        return ()


_PHRASE_DEPS = frozenset({"pobj", "compound", "poss", "conj", "appos", "nmod", "dobj"})


def _phrase_tokens(fr: Frame, characterisation: frozenset[str]) -> Iterator[Token]:
    """Nominal tokens inside the verb's object phrases and prepositional adverbials, after the
    verb, excluding clauses embedded in them (their actors belong to their own verbs) and what
    the act is called ("as a violation of X's sovereignty": X is no party acted on)."""
    verb = fr.verb
    # "marched close to the border with X": an adverb's prepositional phrase is an adverbial too
    roots = list(fr.objects) + [c for c in verb.children if (c.dep_ in ("prep", "npadvmod") or
                                (c.dep_ == "advmod" and any(g.dep_ == "prep" for g in c.children)))
                                and c.lower_ not in characterisation]
    for r in roots:
        stack = [r]
        while stack:
            t = stack.pop()
            if t.i > verb.i and t.dep_ in _PHRASE_DEPS and t is not r:
                yield t
            stack.extend(c for c in t.children if c.dep_ not in _CLAUSE_DEPS
                         and not (c.dep_ == "prep" and c.lower_ in characterisation))


_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "csubj", "parataxis", "pcomp"})


def _in_clause(t: Token, top: Token) -> bool:
    """``t`` sits in a clause embedded below ``top`` (a relative or adverbial clause)."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in _CLAUSE_DEPS or t.dep_ in ("relcl", "acl"):
            return True
        t = t.head
    return False
