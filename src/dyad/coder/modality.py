"""Modality: did the coded happening occur, and who is really acting?

Walks from the trigger up through the clauses that embed it and decides
- the ``status``: negated ("did not attack", "talks ... collapsed", "failed to"), planned
  ("will visit", "is slated to meet", "plans to"), hypothetical ("if", "could", "would");
- a *transform*, where CAMEO codes the embedding act rather than the embedded one: an intention
  ("pledged to expel", "wants to attack": 03 / 13), an appeal ("asked Obama to help": 02), a
  demand ("demanded that X demilitarise": 10), a refusal ("refused to sign", "said it would not
  provide": 12);
- reported speech: the speaker of "X said (that) ..." and whether the report is neutral.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.coder.frames import Frames
from dyad.coder.match import is_verbal

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


def governing_verb(tok: Token) -> Token | None:
    """The nearest verbal token at or above ``tok`` (a nominal trigger's clause)."""
    cur = tok
    for _ in range(8):
        if is_verbal(cur) and cur.lower_ not in ("by",):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _markers(v: Token, fr: Frames) -> tuple[bool, str | None, bool, list[str]]:
    """(negated, 'future'/'hypothetical'/None, conditional, cues) from a verb's own children."""
    neg, mood, cond, cues = False, None, False, []
    for c in v.children:
        low = c.lower_
        # "did not even attend": the parser may hang "not" on the adverb after it
        under = next((g for g in c.children if g.dep_ == "neg"), None) if c.dep_ == "advmod" and c.i < v.i else None
        if c.dep_ == "neg" or (low in fr.negation and c.dep_ in ("neg", "advmod", "det", "preconj")) or under is not None:
            cue = under if under is not None else c
            nxt = c.doc[cue.i + 1] if cue.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ in ("without", "only", "least"):
                continue  # "not without reason", "not only": no negation of the happening
            neg = True
            cues.append(c.text)
        elif c.dep_ in ("aux", "auxpass"):
            if low in fr.future_aux:
                mood = mood or "future"
                cues.append(c.text)
            elif low in fr.hypothetical_aux:
                mood = "hypothetical"
                cues.append(c.text)
            elif low in ("going", "about"):
                mood = mood or "future"
        elif c.dep_ == "mark" and low in fr.conditional:
            cond = True
            cues.append(c.text)
        elif c.dep_ == "advmod" and low in fr.hypothetical_words:
            mood = "hypothetical"
            cues.append(c.text)
    return neg, mood, cond, cues


def assess(trigger: Token, fr: Frames, nominal: bool = False) -> Modality:
    m = Modality()
    v = governing_verb(trigger) if nominal else trigger
    if v is None:
        return m
    neg, mood, cond, cues = _markers(v, fr)
    m.cues += cues
    if nominal and v.i != trigger.i:
        if v.lower_ in fr.collapse:
            neg = True
            m.cues.append(v.text)
        if any(c.dep_ == "amod" and c.lower_ in ("planned", "proposed", "scheduled", "expected", "upcoming", "possible", "potential") for c in trigger.children):
            mood = mood or "future"
    cur = v
    for _ in range(6):
        dep = cur.dep_
        if dep not in _CLAUSE_UP or cur.head.i == cur.i:
            break
        h = cur.head
        hl = h.lower_
        if dep == "conj":
            hn, hm, hc, hcues = _markers(h, fr)
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
        hn, hm, hc, hcues = _markers(h, fr)
        if hl in fr.reporting:
            m.speaker_verb = h
            m.cues.append(h.text)
            if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in cur.children):
                m.must_in_report = True
            if mood in ("future", "hypothetical") and (m.transform is None):
                m.future_in_report = True
            break
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
        h_obj = [c for c in h.children if c.dep_ == "dobj"]
        for c in h.children:  # "called on Yemen to lift ...": the addressee after on / upon
            if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
                h_obj += [g for g in c.children if g.dep_ == "pobj"]
        if hl in fr.appeal and (own_subject or h_obj) and m.transform is None:
            m.transform, m.actor_from = "appeal", h
            m.addressee = [c for c in cur.children if c.dep_ == "nsubj"] or h_obj
            m.cues.append(h.text)
            neg, mood, cond = hn, hm, hc
        elif hl in fr.demand and (own_subject or h_obj) and m.transform is None:
            m.transform, m.actor_from = "demand", h
            m.addressee = [c for c in cur.children if c.dep_ == "nsubj"] or h_obj
            m.cues.append(h.text)
            neg, mood, cond = hn, hm, hc
        elif hl in fr.failure and m.transform is None:
            if hl.startswith(("refus", "declin", "reject")):
                m.transform, m.actor_from = "reject", h
                neg, mood, cond = hn, hm, hc
            else:
                neg = True
            m.cues.append(h.text)
        elif hl == "prepared" and h.dep_ != "acomp":  # "X prepared to attend": a plan, not a wish
            mood = "future"
            m.cues.append(h.text)
        elif (hl in fr.intent or hl in fr.appeal) and m.transform is None:
            m.transform, m.actor_from = "intent", h
            m.negated_intent = neg
            m.cues.append(h.text)
            neg, mood, cond = hn, hm, hc
        elif hl in fr.planned:
            mood = "future"
            m.cues.append(h.text)
            neg = neg or hn
            cond = cond or hc
        else:
            # a "to" complement is a predicate of its own ("won't try to attack"); a bare one is
            # the same verb group, however parsed ("will not wire tap")
            to = any(g.dep_ == "aux" and g.lower_ == "to" for g in cur.children)
            neg = neg or (hn and (fr.inherit_negation or not to))
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
    # (not for PETRARCH dictionaries, whose frames have no future auxiliaries: they code refusals
    # with patterns of their own)
    m.refusal = neg and mood == "future" and not cond and m.transform is None and bool(fr.future_aux)
    if neg and m.transform not in ("reject",):
        m.status = "negated"
    elif cond or mood == "hypothetical":
        m.status = "hypothetical"
    elif mood == "future":
        m.status = "planned"
    return m


# CAMEO: expressed intentions of cooperation are 03, of conflict 13; appeals 02; demands 10;
# refusals 12. Keyed by the embedded code (longest prefix first).
_INTENT = {"04": "036", "042": "036", "05": "032", "057": "037", "06": "031", "061": "0311",
           "062": "0312", "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
           "08": "035", "081": "0351", "084": "0353", "0841": "0353", "085": "0354", "087": "0356",
           "0874": "0356", "02": "030", "01": "030", "03": None, "13": None, "09": None,
           "10": "130", "11": "130", "12": "130", "14": "133", "15": "138", "16": "131",
           "161": "1313", "162": "1311", "163": "1312", "17": "130", "172": "132", "173": "130",
           "174": "130", "18": "138", "19": "138", "192": "1382", "20": "138"}
_APPEAL = {"04": "026", "046": "026", "05": "022", "057": "027", "06": "021", "061": "0211",
           "062": "0212", "07": "023", "071": "0231", "072": "0232", "073": "0233", "074": "0234",
           "08": "025", "081": "0251", "084": "0253", "0841": "0253", "085": "0254", "087": "0256",
           "0874": "0256", "0873": "0256", "09": "020", "02": None}
_DEMAND = {"04": "108", "05": "102", "06": "101", "07": "103", "072": "1032", "071": "1031",
           "073": "1033", "08": "105", "084": "1053", "0841": "1053", "085": "1054", "087": "1056",
           "0874": "1056", "0873": "1056", "10": None}
_REJECT = {"01": "011", "04": "125", "05": "120", "057": "127", "06": "121", "07": "121", "08": "124",
           "081": "1241", "084": "1243", "085": "1244", "086": "1245", "087": "1246", "03": "120",
           "02": "120"}
_DEFAULTS = {"intent": "030", "appeal": "020", "demand": "100", "reject": "120"}
_TABLES = {"intent": _INTENT, "appeal": _APPEAL, "demand": _DEMAND, "reject": _REJECT}


def transform_code(kind: str, code: str, cue: str = "") -> str | None:
    """The code of the embedding act for an embedded event ``code``; None: keep ``code``.

    An intention stated as a threat ("threatened to withdraw from the ceasefire") is a threat
    (13x) whatever the act threatened: 130 where no more specific threat code exists."""
    if kind == "intent" and cue.startswith(("threat", "offer", "propos")):
        new = transform_code("intent", code)
        hostile = new is not None and new.startswith("13")
        if cue.startswith("threat"):
            if code.startswith("13"):
                return None  # a threat already
            return new if hostile else "130"
        # an offer is cooperative by definition: "offered to send troops to help" is an offer of
        # military aid (0332), not a threat of force
        if hostile:
            return "0332" if code[:2] in ("15", "19") else "030"
        return new
    table = _TABLES[kind]
    for n in (4, 3, 2):
        key = code[:n]
        if len(key) == n and key in table:
            return table[key] or None
    root = int(code[:2]) if code[:2].isdigit() else 0
    if kind == "reject" and root >= 10:
        return None  # refusing to attack is not a rejection event; the negation is kept
    return _DEFAULTS[kind]
