"""Modality: did the coded happening occur, and who is really acting?

Walks from the trigger up through the clauses that embed it and decides
- the ``status``: negated ("did not attack", "talks ... collapsed", "failed to"), planned
  ("will visit", "is slated to meet", "plans to"), hypothetical ("if", "could", "would");
- a *transform*, where CAMEO codes the embedding act rather than the embedded one: an intention
  ("pledged to expel", "wants to attack": 03 / 13), an appeal ("asked Obama to help": 02), a
  demand ("demanded that X demilitarise": 10), a refusal ("refused to sign", "said it would not
  provide": 12);
- reported speech: the speaker of "X said (that) ..." and whether the report is neutral.

The words are the coder's ``Frames`` (``data/frames.yaml``); the codes a transform gives are
CAMEO's (``dyad/codebook/transforms.tsv``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.coder.frames import Frames
from dyad.coder.match import FrameReader, is_verbal

_CLAUSE_UP = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp"})


@dataclass(slots=True)
class Modality:
    status: str = "asserted"
    transform: str | None = None  # intent | appeal | demand | reject
    actor_from: Token | None = None  # the embedding verb whose subject becomes the source
    addressee: list[Token] = field(default_factory=list)  # appeal / demand target tokens
    speaker_verb: Token | None = None  # the reporting verb, for reported speech
    future_in_report: bool = False
    must_in_report: bool = False  # "X declared that China must drop barriers": a demand by X
    negated_intent: bool = False
    refusal: bool = False  # "will not lift the ban": a negated future act, CAMEO's refusal (12)
    cues: list[str] = field(default_factory=list)  # the words that decided, for --explain


def governing_verb(tok: Token, fr: Frames) -> Token | None:
    """The nearest verbal token at or above ``tok`` (a nominal trigger's clause)."""
    cur = tok
    for _ in range(8):
        if is_verbal(cur) and cur.lower_ not in fr.agent_preps:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _markers(v: Token, fr: Frames, cameo: bool) -> tuple[bool, str | None, bool, list[str]]:
    """(negated, 'future'/'hypothetical'/None, conditional, cues) from a verb's own children.
    Without ``cameo`` (PETRARCH's reading) only the parser's negation and conditional clauses."""
    neg, mood, cond, cues = False, None, False, []
    for c in v.children:
        low = c.lower_
        # "did not even attend": the parser may hang "not" on the adverb after it
        under = next((g for g in c.children if g.dep_ == "neg"), None) if c.dep_ == "advmod" and c.i < v.i else None
        if c.dep_ == "neg" or (cameo and low in fr.negation and c.dep_ in ("neg", "advmod", "det", "preconj")) \
                or under is not None:
            cue = under if under is not None else c
            nxt = c.doc[cue.i + 1] if cue.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ in fr.negation_exceptions:
                continue  # "not without reason", "not only": no negation of the happening
            neg = True
            cues.append(c.text)
        elif c.dep_ in ("aux", "auxpass"):
            if not cameo:
                continue
            if low in fr.future_aux:
                mood = mood or "future"
                cues.append(c.text)
            elif low in fr.hypothetical_aux:
                mood = "hypothetical"
                cues.append(c.text)
            elif low in fr.near_future_aux:
                mood = mood or "future"
        elif c.dep_ == "mark" and low in fr.conditional:
            cond = True
            cues.append(c.text)
        elif cameo and c.dep_ == "advmod" and low in fr.hypothetical_words:
            mood = "hypothetical"
            cues.append(c.text)
    return neg, mood, cond, cues


def assess(trigger: Token, fr: Frames, reader: FrameReader, nominal: bool = False, cameo: bool = True) -> Modality:
    """The modality of the happening ``trigger`` names (see the module docstring). ``cameo``:
    dyad's reading (moods, negative words, embedding transforms); without it PETRARCH's (the
    parser's negation, conditional clauses and the reporting verb only)."""
    m = Modality()
    v = governing_verb(trigger, fr) if nominal else trigger
    if v is None:
        return m
    neg, mood, cond, cues = _markers(v, fr, cameo)
    m.cues += cues
    if cameo and nominal and v.i != trigger.i:
        if v.lower_ in fr.collapse:
            neg = True
            m.cues.append(v.text)
        if any(c.dep_ == "amod" and c.lower_ in fr.planned_modifiers for c in trigger.children):
            mood = mood or "future"
    cur = v
    for _ in range(6):
        dep = cur.dep_
        if dep not in _CLAUSE_UP or cur.head.i == cur.i:
            break
        h = cur.head
        if dep == "conj":
            hn, hm, hc, hcues = _markers(h, fr, cameo)
            if not (neg or mood or cond):
                neg, mood, cond = hn, hm, hc
                m.cues += hcues
            cur = h
            continue
        if dep == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in fr.conditional for c in cur.children):
                cond = True
            break
        # xcomp / ccomp / pcomp: what does the embedding verb do to its complement?
        hn, hm, hc, hcues = _markers(h, fr, cameo)
        if h.lower_ in fr.reporting:
            m.speaker_verb = h
            m.cues.append(h.text)
            if cameo and any(c.dep_ == "aux" and c.lower_ in fr.obligation_aux for c in cur.children):
                m.must_in_report = True
            if mood in ("future", "hypothetical") and (m.transform is None):
                m.future_in_report = True
            break
        embedded = _embedding(m, cur, h, fr, neg) if cameo else None
        if embedded == "transform":
            neg, mood, cond = hn, hm, hc
        elif embedded == "failure":
            neg = True
        elif embedded == "plan":
            mood = "future"
            neg = neg or hn
            cond = cond or hc
        elif embedded == "preparation":
            mood = "future"
        elif embedded is None:
            # a "to" complement is a predicate of its own ("won't try to attack"); a bare one is
            # the same verb group, however parsed ("will not wire tap"); PETRARCH's reading
            # negates the bare one only
            neg = neg or (hn and (cameo or not reader.infinitive(cur)))
            if hm == "hypothetical" or (hm and not mood):
                mood = hm
            cond = cond or hc
        cur = h
    if m.future_in_report:
        mood = None  # "X said it would free ...": an expressed intention, coded as such
        if m.transform is None:
            m.transform = "intent"
            m.actor_from = m.speaker_verb
            m.negated_intent = neg
            neg = False
    if m.transform == "intent" and m.negated_intent:
        m.transform = "reject"
    # a negated future act is a refusal (CAMEO's reading: PETRARCH's dictionaries code refusals
    # with patterns of their own)
    m.refusal = cameo and neg and mood == "future" and not cond and m.transform is None
    if neg and m.transform not in ("reject",):
        m.status = "negated"
    elif cond or mood == "hypothetical":
        m.status = "hypothetical"
    elif mood == "future":
        m.status = "planned"
    return m


def _embedding(m: Modality, cur: Token, h: Token, fr: Frames, neg: bool) -> str | None:
    """What the embedding verb ``h`` does to its complement ``cur`` (dyad's reading): a
    "transform" (appeal, demand, refusal, intention: recorded on ``m``), a "failure" (did not
    happen), a "plan", a "preparation", or None (passes it through)."""
    hl = h.lower_
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
    h_obj = [c for c in h.children if c.dep_ == "dobj"]
    for c in h.children:  # "called on Yemen to lift ...": the addressee after on / upon
        if c.dep_ == "prep" and c.lower_ in fr.addressee_preps:
            h_obj += [g for g in c.children if g.dep_ == "pobj"]
    free = m.transform is None
    if free and (own_subject or h_obj) and (hl in fr.appeal or hl in fr.demand):
        m.transform, m.actor_from = ("appeal" if hl in fr.appeal else "demand"), h
        m.addressee = [c for c in cur.children if c.dep_ == "nsubj"] or h_obj
        m.cues.append(h.text)
        return "transform"
    if free and hl in fr.refusal:
        m.transform, m.actor_from = "reject", h
        m.cues.append(h.text)
        return "transform"
    if free and hl in fr.failure:
        m.cues.append(h.text)
        return "failure"
    if hl in fr.preparation and h.dep_ != "acomp":  # "X prepared to attend": a plan, not a wish
        m.cues.append(h.text)
        return "preparation"
    if free and (hl in fr.intent or hl in fr.appeal):
        m.transform, m.actor_from = "intent", h
        m.negated_intent = neg
        m.cues.append(h.text)
        return "transform"
    if hl in fr.planned:
        m.cues.append(h.text)
        return "plan"
    return None


def transform_kind(kind: str, cue: str, fr: Frames) -> str:
    """The row of the transforms table for an embedding: an intention stated as a threat
    ("threatened to withdraw from the ceasefire") is a threat (13x) whatever the act threatened,
    and an offer is cooperative by definition ("offered to send troops to help": 0332)."""
    if kind == "intent" and cue in fr.threats:
        return "threat"
    if kind == "intent" and cue in fr.offers:
        return "offer"
    return kind
