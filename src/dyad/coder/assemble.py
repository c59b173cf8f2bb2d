"""From coded candidates to ``Event`` records: CAMEO attributes from the codebook, the event's
own date (a DATE expression of its clause, resolved against the article date), its place (an
in/at place of the clause, through the gazetteer) and the evidence offsets.

Kept apart from the matching so that the contract fields are filled in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from dyad.coder.dates import resolve_date, vague
from dyad.coder.frames import Frames
from dyad.coder.resolver import PLACE_LABELS, Actor, ActorResolver
from dyad.model import Document, Event, Location

if TYPE_CHECKING:
    from dyad.coder.candidate import Candidate


class EventAssembler:
    def __init__(self, codebook: Any, gazetteer: Any | None, resolver: ActorResolver, frames: Frames) -> None:
        self.codebook = codebook
        self.gazetteer = gazetteer
        self.resolver = resolver
        self.place_preps = frames.place_preps

    def events(self, doc: Document, sent: Span, si: int, cands: "list[Candidate]",
               ents: "list[Span] | None" = None) -> "list[tuple[Candidate, Event]]":
        """Each candidate whose code the codebook knows, with its event. ``ents``: the
        sentence's entities, where the caller has them (``Span.ents`` rebuilds every entity of
        the document on each call)."""
        if not cands:
            return []
        base = sent.start_char
        ents = sent.ents if ents is None else ents
        dates = [e for e in ents if e.label_ == "DATE"]
        places = [e for e in ents if e.label_ in PLACE_LABELS]
        out = []
        for c in cands:
            et = self.event_type(c.code)
            if et is None:
                continue
            trig = c.trigger
            ev_date = self._date(doc, trig, dates, c.status)
            loc = self._location(trig, places, c)
            src_span = _span(sent, c.source, base)
            tgt_span = _span(sent, c.target, base) if c.target else None
            out.append((c, Event(
                doc_id=doc.id, sentence_index=si, sentence=doc.text[sent.start_char:sent.end_char],
                date=ev_date, source=c.source.code, source_text=c.source.text,
                target=c.target.code if c.target else None,
                target_text=c.target.text if c.target else None,
                code=et.code, root_code=et.root_code, quad_class=et.quad_class,
                goldstein=et.goldstein, plover=et.plover, status=c.status, location=loc,
                evidence={"source": src_span, "target": tgt_span,
                          "trigger": (trig.idx - base, trig.idx - base + len(trig.text))},
                pattern=c.pattern,
            )))
        return out

    def event_type(self, code: str):
        for k in (len(code), 3, 2):
            try:
                return self.codebook.event(code[:k])
            except Exception:  # noqa: BLE001 - try the parent code
                continue
        return None

    def _date(self, doc: Document, trig: Token, dates: list[Span], status: str) -> str | None:
        anchor = doc.date
        if anchor is None:
            return None
        chosen = None
        for e in dates:
            h = e.root
            for _ in range(4):
                if h.i == trig.i:
                    chosen = e
                    break
                if h.head.i == h.i or _own_clause(h):
                    break  # "since he took power last December": that clause's date
                h = h.head
            if chosen is not None:
                break
        if chosen is None and len(dates) == 1 and dates[0].root.dep_ not in _NOUN_MODIFIERS \
                and _date_clause(dates[0].root) in (None, *trig.ancestors, trig):
            chosen = dates[0]
        if chosen is not None and vague(chosen.text):
            chosen = None  # "this year", "in recent weeks": no day; the document's date
        if chosen is not None:
            d = resolve_date(chosen.text, anchor, future=(status == "planned"))
            if d is not None:
                return d.isoformat()
        return anchor.isoformat()

    def _location(self, trig: Token, places: list[Span], c: "Candidate") -> Location | None:
        if not places or self.gazetteer is None:
            return None
        for e in places:
            h = e.root
            if h.dep_ == "pobj" and h.head.lower_ in self.place_preps and trig.i in (h.head.head.i, h.head.head.head.i):
                return self.resolver.place(e.text)
        return None


# "condemned the move as a violation of the 1974 agreement": a date modifying a noun dates that
# noun's act, not the clause around it
_NOUN_MODIFIERS = frozenset({"compound", "nummod", "amod", "nmod", "poss"})
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "acl", "pcomp", "xcomp", "csubj", "parataxis"})


def _own_clause(t: Token) -> bool:
    return t.dep_ in _CLAUSES


def _date_clause(t: Token) -> Token | None:
    """The nearest embedded clause holding ``t`` (None: the main clause)."""
    for a in t.ancestors:
        if a.dep_ in _CLAUSES:
            return a
    return None


def _span(sent: Span, a: Actor | None, base: int) -> tuple[int, int] | None:
    if a is None:
        return None
    doc = sent.doc
    start = doc[a.start].idx - base
    last = doc[a.end - 1]
    return (start, last.idx + len(last.text) - base)
