"""CAMEO conventions that change the code a pattern gave, from the event's context.

A pattern codes a verb or a noun; two things around it can make that the wrong event:

* **Who acted on whom.** Violence by a crowd in protest is a riot, CAMEO 145 ("protest violently"),
  whatever verb reports it: "protesters smashed the windows of the embassy", "demonstrators
  clashed with police", "the building was demolished by a protester". The one acted on stays the
  target. Armed violence (bombs, guns, missiles) stays what it is. Police or troops using force
  on protesters is violent repression, 175 ("police opened fire on protesters"). The crowd nouns are data
  (``protesters`` in ``data/frames.yaml``), the codes too (``riot``, ``repression`` and their acts in
  ``data/codes.yaml``). Likewise the arms a source names say how a generic
  use of force was made: "Israeli warplanes struck Damascus" is an air strike (195), not 190
  (``force_by_source``).
* **What governs the event noun.** "The lifting of US sanctions on Syria" reports a lifting, not
  sanctions: the noun that names a verb's act (``nominalisations`` in ``data/frames.yaml``) makes
  the event noun in its of-phrase that verb's object, and the verb's own patterns decide the code
  (lifting sanctions 085, lifting a siege 0872, as for the verb "lifted"). "The collapse of the
  talks" reports talks that fell through (negated). A nominalisation whose verb has no pattern
  naming the object ("the extension of the truce") leaves nothing to code: the noun's own event
  did not happen as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyad.coder.codes import CodeRules
from dyad.coder.frames import Frames
from dyad.coder.match import Frame, FrameReader, check_pattern
from dyad.coder.patterns import Pattern, PatternSet
from dyad.coder.resolver import Actor


def code_by_source(code: str, doc: Doc, source: Actor, target: Actor | None, frames: Frames,
                   codes: CodeRules) -> tuple[str, str] | None:
    """The code the parties make of the act, and why ("riot", "repression", "arms"): CAMEO
    145 for a crowd in protest doing what a riot is made of; 175 for police or troops doing it
    to protesters; 195 / 1952 / 194 for a generic use of force (190) by aircraft, drones, tanks
    or artillery. None: no change."""
    words = [doc[i].lower_ for i in range(source.start, source.end)]
    if codes.holds("riot_acts", code) and any(w in frames.protesters for w in words):
        return codes.code("riot"), "riot"
    if codes.holds("repression_acts", code) and target is not None and source.code[3:6] in codes.sectors["security"] \
            and any(doc[i].lower_ in frames.protesters for i in range(target.start, target.end)):
        return codes.code("repression"), "repression"  # "police opened fire on protesters"
    if code == codes.code("generic_force"):
        arms = next((frames.force_by_source[w] for w in reversed(words) if w in frames.force_by_source), None)
        if arms is not None:
            return arms, "arms"
    return None


@dataclass(frozen=True, slots=True)
class Governed:
    """What the act governing an event noun makes of it."""

    head: Token  # the nominalisation ("lifting") or the verb ("ends")
    code: str | None  # the new code; None: nothing to code
    pattern: str | None  # the id of the verb pattern that decided it
    negated: bool = False  # "the collapse of the talks"
    agents: tuple[Token, ...] = ()  # who performs the act: "Washington's lifting", "the EU imposed"
    targets: tuple[Token, ...] = ()  # whom it is aimed at, where the noun's own phrase says not


def governing_act(noun: Token, preps: list[tuple[str, Token]], patterns: PatternSet,
                  frames: Frames, reader: FrameReader, nominalisations: bool = True) -> Governed | None:
    """The act that governs the event noun ``noun``: a nominalisation whose of-phrase it heads
    ("the lifting of sanctions"), or a verb whose object or passive subject it is or modifies
    ("ends the sanctions programme", "sanctions were lifted"). None where ``noun`` is not
    governed so. ``preps``: the noun's prepositional phrases (``governed_frame``). Without
    ``nominalisations`` (PETRARCH's reading) only a verb whose pattern names the noun governs it."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in frames.genitive_preps and prep.dep_ == "prep":
        head = prep.head
        verb = frames.nominalisations.get(head.lower_) if nominalisations else None
        if verb is None:
            return None
        agents = tuple(t for t in (_nominal_agent(head, frames),) if t is not None)
        if verb in frames.collapse:
            return Governed(head, None, None, negated=True, agents=agents)
        got = _by_verb_patterns(noun, head, verb, patterns, preps)
        return Governed(head, got.code, got.id, agents=agents) if got else Governed(head, None, None)
    obj = noun.head if noun.dep_ == "compound" else noun
    if obj.dep_ in ("dobj", "nsubjpass") and obj.head.i != obj.i:
        # "an order that ends the US sanctions programme", "the EU imposed a sanctions package
        # on Russia", "UN sanctions against Iran were lifted": the verb's act on the sanctions;
        # its subject (or passive agent) acts, the object's phrase aims
        head = obj.head
        preps = reader.noun_frame(obj).preps if obj is not noun else []
        got = _by_verb_patterns(noun, head, head.lower_, patterns, preps)
        if got is None:  # a verb that nominalisations name ("ends the sanctions programme"), with
            # no pattern for the noun, leaves nothing to code; any other verb leaves the noun be
            named = frames.nominalisations.values() if nominalisations else ()
            return Governed(head, None, None) if any(
                p.head in named for p in patterns.verb_patterns(head.lower_)) else None
        agents = tuple(c for c in head.children if c.dep_ == "nsubj") + tuple(
            g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj")
        aimed = tuple(t for w, t in [*preps, *reader.noun_frame(head).preps] if w in frames.governed_target_preps)
        return Governed(head, got.code, got.id, agents=agents, targets=aimed)
    return None


def governed_frame(noun: Token, frames: Frames, reader: FrameReader, nominalisations: bool = True) -> Frame:
    """An event noun's frame, with the phrases of the nominalisation that governs it: in "a
    suspension of aid to Pakistan" the parser hangs "to Pakistan" on the suspension."""
    fr = reader.noun_frame(noun)
    prep = noun.head
    genitive = frames.genitive_preps
    if nominalisations and noun.dep_ == "pobj" and prep.lower_ in genitive and prep.head.lower_ in frames.nominalisations:
        fr.preps += [(w, t) for w, t in reader.noun_frame(prep.head).preps if w not in genitive]
    return fr


def _by_verb_patterns(noun: Token, head: Token, verb: str, patterns: PatternSet,
                      preps: list[tuple[str, Token]]) -> Pattern | None:
    """The most specific pattern of ``verb`` that names ``noun`` as its object, checked with
    ``noun`` as the object and ``preps`` as the verb's prepositional phrases."""
    fr = Frame(head, False, [], [noun], list(preps), [])
    for p in patterns.verb_patterns(verb):  # most specific first
        if p.object is None or "*" in p.object or noun.lower_ not in p.object:
            continue  # only a pattern that names this object says what its lifting is
        if check_pattern(p, fr, head) is not None:
            return p
    return None


def _nominal_agent(head: Token, frames: Frames) -> Token | None:
    """Who performs a nominalised act: "Washington's lifting of ...", "the lifting ... by X",
    and "Trump announced a suspension of aid": the subject of a verb that announces its own act
    (not of one that reacts to another's: "Israel welcomed the lifting of sanctions")."""
    for c in head.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in frames.agent_preps:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if head.dep_ == "dobj" and head.head.lower_ in frames.announcing:
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return None
