"""The data every layer shares: the document to code, the coded event and its place.

This module imports nothing of dyad: the coder produces these values, the run layer moves them,
the store keeps them, the exports and scorers read them. Field names are a contract (scripts and
the store rely on them): add fields, never rename them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``date`` is what relative dates in its sentences resolve against."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the text alone, so the same article under two ids is still recognised."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

STATUSES: tuple[str, ...] = ("asserted", "negated", "planned", "hypothetical")

Span = tuple[int, int]  # character offsets [start, end) within the sentence


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None  # ISO alpha-3 / CAMEO country code
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Event:
    """One coded happening, with the evidence for it in its sentence."""

    doc_id: str
    sentence_index: int
    sentence: str
    date: str | None  # ISO date of the event itself (falls back to the document date)
    source: str  # full CAMEO actor code, e.g. "SYRGOV"
    source_text: str
    target: str | None
    target_text: str | None
    code: str  # CAMEO event code, e.g. "042"
    root_code: str  # "04"
    quad_class: int  # 1..4 (GDELT mapping)
    goldstein: float
    plover: str | None
    status: str = "asserted"  # one of STATUSES
    location: Location | None = None
    evidence: dict[str, Span | None] = field(default_factory=dict)  # source/target/trigger
    pattern: str = ""  # id of the rule that produced the event
    event_id: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"event status must be one of {STATUSES}, got {self.status!r}")
        if not self.event_id:
            self.event_id = event_id(self)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = {k: (list(v) if v is not None else None) for k, v in self.evidence.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        d = dict(d)
        loc = d.get("location")
        d["location"] = Location(**loc) if isinstance(loc, dict) else None
        d["evidence"] = {k: (tuple(v) if v is not None else None) for k, v in (d.get("evidence") or {}).items()}
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in names})


def event_id(ev: Event) -> str:
    """Stable across runs: the same sentence coded the same way always gets the same id."""
    trig = ev.evidence.get("trigger") if ev.evidence else None
    key = "|".join(
        str(x)
        for x in (ev.doc_id, ev.sentence_index, ev.source, ev.target, ev.code, ev.status, trig)
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
