"""Reported speech: who speaks, and the acts that are the speaking itself.

The pipeline decides, per coded event, whether a report of it is neutral (the reported event
stands), a party's accusation (112), a claim (015) or a denial (016). This module holds what
reported speech adds beyond the events it carries:

* the speaker of a reporting verb and whether the report is neutral ("state media reported",
  "officials said": news, not a party's claim);
* obligations: "The administration declared that China must drop barriers" is a demand (100)
  by the speaker on the party that must act, whatever the act;
* statements (``Coder(statements=True)``, ``dyad code --statements``): "Turkey said Syria had
  agreed to talks" is also Turkey's statement (010) about Syria, as GDELT codes it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from dyad.coder.resolver import Actor
from dyad.coder.candidate import Candidate
from dyad.coder.frames import Frames
from dyad.coder.match import frame_of
from dyad.coder.modality import assess
from dyad.coder.slots import SUBJECT_DEPS

Actors = Callable[[Token | None], tuple[Actor, ...]]


def speaker(verb: Token, actors: Actors, frames: Frames) -> tuple[tuple[Actor, ...], bool]:
    """The actors who speak through ``verb``, and whether the report is neutral (a reporter,
    an unresolved organisation, the media, or nobody named)."""
    toks = frame_of(verb).subjects
    neutral_words = frames.neutral_speakers
    found: list[Actor] = []
    neutral = not toks
    for t in toks:
        low = t.lower_
        got = actors(t)
        if low in neutral_words or low.rstrip("s") in neutral_words or (t.ent_type_ == "ORG" and not got) \
                or any("MED" in a.code[3:] for a in got):
            neutral = True
        found.extend(got)
    return tuple(found), neutral or not found


def same_side(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> bool:
    return any(x.country == y.country for x in a for y in b)


def _reporting_verbs(sent: Span, cands: list[Candidate], frames: Frames):
    """The sentence's reporting verbs that no candidate is already made of (as its trigger, or
    as the verb that transformed it: "said it would not", "said ... must")."""
    used = {c.trigger.i for c in cands} | {c.embedder for c in cands if c.embedder is not None}
    return (tok for tok in sent if tok.lower_ in frames.reporting and tok.i not in used)


def obligations(sent: Span, cands: list[Candidate], actors: Actors, frames: Frames) -> list[Candidate]:
    """"The administration declared that China must drop barriers": a demand (100) by the
    speaker on the party that must act, whatever the act (an act with a pattern of its own is
    already coded as the demand: ``Modality.must_in_report``)."""
    if not frames.demand:
        return []
    out: list[Candidate] = []
    for tok in _reporting_verbs(sent, cands, frames):
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            if not any(g.dep_ == "aux" and g.lower_ == "must" for g in comp.children):
                continue
            speakers, _ = speaker(tok, actors, frames)
            bound = tuple(a for g in comp.children if g.dep_ in SUBJECT_DEPS for a in actors(g))
            if not speakers or not bound or same_side(speakers, bound):
                continue
            mod = assess(tok, frames)
            out.extend(Candidate("100", sp, b, tok, "reported.must", mod.status, mod.cues)
                       for sp in speakers for b in bound)
    return out


def statements(sent: Span, cands: list[Candidate], actors: Actors, frames: Frames) -> list[Candidate]:
    """"Turkey said Syria had agreed to talks": Turkey's statement (010) beside what it
    reported, aimed at the other party the report is about. Not where the statement is already
    an act of its own (an accusation, a claim, a denial, an intention, ...), nor where the
    speaker reports its own act ("Hamas said it fired rockets")."""
    out: list[Candidate] = []
    for tok in _reporting_verbs(sent, cands, frames):
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        speakers, neutral = speaker(tok, actors, frames)
        if neutral or not speakers:
            continue
        own = {a.country for a in speakers}
        inside = {t.i for t in comp.subtree}
        reported = [c for c in cands if c.trigger.i in inside]
        if any(c.source.country in own for c in reported):
            continue
        target = next((a for c in reported for a in (c.source, c.target) if a is not None
                       and a.country not in own and not a.code.startswith("---")), None)
        if target is None:
            target = next((a for t in comp.subtree if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                           for a in actors(t) if a.country not in own and not a.code.startswith("---")), None)
        if target is None:
            continue
        mod = assess(tok, frames)
        out.extend(Candidate("010", sp, target, tok, "reported.statement", mod.status, mod.cues)
                   for sp in speakers)
    return out
