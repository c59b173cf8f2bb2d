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
    """Stable across runs: the same sentence coded the same way always gets the same id.

    The trigger's span is part of the id, so two events of one sentence that differ only in their
    trigger stay two mentions. It is not part of the store's deduplication key (source, target,
    code, status: see docs/store.md), which joins mentions across sentences and articles.
    """
    trig = ev.evidence.get("trigger") if ev.evidence else None
    key = "|".join(
        str(x)
        for x in (ev.doc_id, ev.sentence_index, ev.source, ev.target, ev.code, ev.status, trig)
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --- the event's flat form ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an event's flat form: in the CSV of ``dyad code``, the store's ``mentions``
    table and its staging, and the reader of already-coded events. ``EVENT_COLUMNS`` is the one
    list of them; everything that writes or reads the flat form is generated from it."""

    name: str  # the flat name: the CSV header
    sql: str  # the DuckDB type the store keeps it as
    path: tuple[str | int, ...] = ()  # where it sits in ``Event.to_dict()``; () means (name,)
    required: bool = False  # never empty: NOT NULL in the store, required of coded events
    stored_as: str | None = None  # the store's name for it, where that differs (see below)
    in_mentions: bool = True  # kept in the ``mentions`` table (the sentence is kept once, in ``sentences``)
    since: int = 1  # the store schema version that added it (a new column needs a migration)

    @property
    def field(self) -> str:
        """The Event field it comes from."""
        return str(self.path[0]) if self.path else self.name

    @property
    def stored(self) -> str:
        return self.stored_as or self.name

    def get(self, d: dict[str, Any]) -> Any:
        """Its value in an ``Event.to_dict()``: None where the location or span is missing."""
        value: Any = d
        for key in self.path or (self.name,):
            if value is None:
                return None
            value = value[key] if isinstance(key, int) else value.get(key)
        return value


def _span(role: str) -> tuple[Column, Column]:
    return (Column(f"{role}_start", "INTEGER", ("evidence", role, 0)),
            Column(f"{role}_end", "INTEGER", ("evidence", role, 1)))  # fmt: skip


# In the CSV's order. The store calls the event id ``mention_id`` (an event there is what several
# mentions describe) and, since its first version, keeps latitude and longitude as ``lat`` and
# ``lon``; the CSV has always said ``location_lat`` and ``location_lon``. Renaming either would
# break stored files or users' scripts, so the spec records the two names.
EVENT_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "VARCHAR", required=True, stored_as="mention_id"),
    Column("doc_id", "VARCHAR", required=True),
    Column("sentence_index", "INTEGER", required=True),
    Column("date", "DATE"),
    Column("source", "VARCHAR", required=True),
    Column("source_text", "VARCHAR"),
    Column("target", "VARCHAR"),
    Column("target_text", "VARCHAR"),
    Column("code", "VARCHAR", required=True),
    Column("root_code", "VARCHAR", required=True),
    Column("quad_class", "TINYINT", required=True),
    Column("goldstein", "DOUBLE", required=True),
    Column("plover", "VARCHAR"),
    Column("status", "VARCHAR", required=True),
    Column("location_name", "VARCHAR", ("location", "name")),
    Column("location_country", "VARCHAR", ("location", "country")),
    Column("location_lat", "DOUBLE", ("location", "lat"), stored_as="lat"),
    Column("location_lon", "DOUBLE", ("location", "lon"), stored_as="lon"),
    *_span("source"),
    *_span("target"),
    *_span("trigger"),
    Column("pattern", "VARCHAR"),
    Column("sentence", "VARCHAR", in_mentions=False),
)
