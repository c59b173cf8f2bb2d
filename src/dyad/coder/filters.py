"""One event per happening: the candidates a sentence's other candidates already tell.

A sentence often reports one happening through several coded words: a participle that elaborates
the main verb, a statement that is the condemnation it contains, an attack noun that is the
instrument of a coded verb of violence, what a reported statement said, a purpose or a permitted
act under a coded event. Each rule here drops the candidate that is not a happening of its own;
``dedupe`` keeps the most specific of candidates that code the same dyad, root and status.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.coder.candidate import Candidate
from dyad.coder.frames import Frames
from dyad.coder.match import FrameReader


def elaborations(cands: list[Candidate], frames: Frames) -> list[Candidate]:
    """"X bombarded Aleppo, killing eight": the participle tells more of the same event (unless it
    names whom the event hit where the head names nobody: "drones hit a market, killing three")."""
    by_trigger = {c.trigger.i: c for c in cands}
    out = []
    for c in cands:
        t = c.trigger
        head = by_trigger.get(t.head.i) if t.dep_ == "advcl" and frames.participle(t.lower_) else None
        if head is not None and head.source.code == c.source.code and head.code[:2] == c.code[:2] \
                and ((head.target is not None and head.target.has_country) or c.target is None):
            continue
        out.append(c)
    return out


def said_in_documents(cands: list[Candidate], statement: str) -> list[Candidate]:
    """"issued a statement condemning the attack": the statement is the condemnation, coded once
    (a ``statement`` code whose object document has a coded act of its own is dropped)."""
    triggers = {c.trigger.i for c in cands}
    return [c for c in cands if not (c.code == statement and any(
        o.dep_ == "dobj" and any(a.dep_ == "acl" and a.i in triggers for a in o.children)
        for o in c.trigger.children))]


def reported_content(cands: list[Candidate], frames: Frames) -> list[Candidate]:
    """"X noted that Y regretted Z's refusal", coded as X's statement to Y: Y's act is what was
    said, and it is coded once, as the statement (not where the speakers speak of themselves: "A
    and B said they will attack C")."""
    stated: dict[int, set[str]] = {}
    speakers: dict[int, set[str]] = {}
    for c in cands:
        if c.target is not None and c.trigger.lower_ in frames.reporting:
            stated.setdefault(c.trigger.i, set()).add(c.target.code)
            speakers.setdefault(c.trigger.i, set()).add(c.source.code)
    return [c for c in cands if not (
        c.trigger.dep_ == "ccomp" and c.source.code in stated.get(c.trigger.head.i, ())
        and c.source.code not in speakers.get(c.trigger.head.i, ()))]


def transformed(cands: list[Candidate]) -> list[Candidate]:
    """A verb whose complement was coded through it ("pledged to expel": the intention) is not
    coded again by its own least specific pattern."""
    used = {c.embedder for c in cands if c.embedder is not None}
    return [c for c in cands if not (c.trigger.i in used and c.specificity <= 0)]


def unrealised(cands: list[Candidate], frames: Frames, reader: FrameReader) -> list[Candidate]:
    """An infinitive under a verb that is itself the event (and not an aspect verb: "began to
    withdraw") did not happen: "urged Norway to respond to ...", a purpose ("gave weapons to X to
    attack Y") or a permitted act ("gave X permission to help Y": the giving is the event)."""
    coded = {c.trigger.i for c in cands}
    return [c for c in cands if not (
        c.embedder is None and c.status == "asserted"
        and (_under_event(c.trigger, coded, frames.transparent, reader) or reader.permission_noun(c.trigger) is not None))]


def _under_event(trigger: Token, coded: set[int], transparent: frozenset[str], reader: FrameReader) -> bool:
    """The trigger is an infinitive (or a bare infinitive under one: "to help win") that
    hangs, directly or through a chain of uncoded infinitives ("urged X to help win ..."), under
    a verb coded as an event of its own that is not an aspect verb."""
    if trigger.dep_ not in ("xcomp", "advcl"):
        return False
    if not (reader.infinitive(trigger) or (trigger.dep_ == "xcomp" and trigger.head.dep_ == "xcomp"
                                           and reader.infinitive(trigger.head))):
        return False
    h = trigger.head
    while h.i not in coded and h.dep_ == "xcomp" and h.head.i != h.i and reader.infinitive(h):
        h = h.head
    return h.i in coded and h.lower_ not in transparent


def dedupe(cands: list[Candidate]) -> list[Candidate]:
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
