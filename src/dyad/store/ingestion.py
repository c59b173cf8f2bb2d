"""Storing coded documents: idempotent, batched, and safe to kill at any moment.

The store receives ``(document, events)`` batches; coding them is the run layer's business
(``dyad.run.ingest``). Each batch is written in one transaction (documents, sentences, mentions,
events, actors together), so a batch is either wholly in the store or not at all; a document
counts as stored only once its batch has committed. A document already in the store, by id or by
content hash, is left out of the batch (``new_documents`` lets the caller find them before
coding), which is what makes a re-run after a crash finish the rest without duplicates.

Deduplication (GDELT's NumMentions/NumSources idea): mentions with the same source, target, event
code and status chain into one event while each starts within ``window`` days of where the chain
so far ends; stored events of that key take part in the chaining with their date spans, so a
chain that reaches a stored event continues it, whichever batch its mentions come in. Every
mention keeps its own row, with its sentence, pointing at its event.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import duckdb
import numpy as np

from dyad.model import EVENT_COLUMNS, Column, Document, Event
from dyad.errors import InputError
from dyad.store import aggregates
from dyad.store.dedup import assign
from dyad.store.schema import MENTIONS_TABLE

# The staged mentions: the event's stored columns (``dyad.model.EVENT_COLUMNS``, under the store's
# names), then what the document adds: its outlet, and its date for events that have none.
_STAGED = tuple(c for c in EVENT_COLUMNS if c.in_mentions)
MENTION_COLUMNS = (*(c.stored for c in _STAGED), "outlet", "doc_date")


@dataclass
class BatchResult:
    """What one committed batch put in the store."""

    stored: list[str] = field(default_factory=list)  # doc ids now in the store
    duplicates: list[str] = field(default_factory=list)  # doc ids skipped: already stored
    mentions: int = 0
    new_events: int = 0
    merged_mentions: int = 0  # mentions that joined an event already in the store


@dataclass
class IngestReport:
    documents: int = 0
    stored: int = 0
    duplicates: int = 0
    mentions: int = 0
    new_events: int = 0
    merged_mentions: int = 0
    skipped: list[Any] = field(default_factory=list)  # Skipped(where, reason) from the reader

    def add(self, r: BatchResult) -> None:
        self.stored += len(r.stored)
        self.duplicates += len(r.duplicates)
        self.mentions += r.mentions
        self.new_events += r.new_events
        self.merged_mentions += r.merged_mentions


def outlet_of(doc: Document) -> str | None:
    """The publisher behind a document (its URL's host), the unit NumSources counts."""
    if not doc.url:
        return None
    # A plain split: urlsplit costs more than everything else per document in a bulk ingest.
    rest = doc.url.split("//", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def dedup_window(con: duckdb.DuckDBPyConnection) -> int:
    row = next(iter(con.execute("SELECT value FROM store_info WHERE key = 'dedup_window_days'").fetchall()), None)
    return int(row[0]) if row else 1


def set_dedup_window(con: duckdb.DuckDBPyConnection, days: int) -> None:
    if days < 0:
        raise InputError(f"--window: must be 0 or more days, got {days}")
    con.execute("UPDATE store_info SET value = ? WHERE key = 'dedup_window_days'", [str(days)])


def new_documents(con: duckdb.DuckDBPyConnection, docs: list[Document]) -> tuple[list[Document], list[str]]:
    """Split a batch into documents not yet stored and ids of those already stored (or repeated)."""
    if not docs:
        return [], []
    ids = np.array([d.id for d in docs], dtype=object)
    hashes = np.array([d.content_hash for d in docs], dtype=object)
    con.register("_probe", {"doc_id": ids, "content_hash": hashes})
    try:
        known_ids = {r[0] for r in con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT doc_id FROM _probe)").fetchall()}
        known_hashes = {r[0] for r in con.execute(
            "SELECT content_hash FROM documents WHERE content_hash IN (SELECT content_hash FROM _probe)"
        ).fetchall()}
    finally:
        con.unregister("_probe")
    fresh: list[Document] = []
    dups: list[str] = []
    for d, h in zip(docs, hashes):
        if d.id in known_ids or h in known_hashes:
            dups.append(d.id)
        else:
            fresh.append(d)
            known_ids.add(d.id)
            known_hashes.add(h)
    return fresh, dups


_NO_SPAN = (None, None)
_NUMERIC = {"INTEGER": np.int64, "TINYINT": np.int64, "DOUBLE": np.float64}


def _obj(values: Iterable[Any]) -> np.ndarray:
    return np.array(list(values), dtype=object)


def _columns(pairs: list[tuple[Document, list[Event]]]) -> tuple[dict, dict, dict]:
    """Transpose documents and events into column arrays DuckDB scans in bulk.

    Attribute access goes through ``attrgetter`` and whole-column comprehensions rather than a
    per-event loop body: this transpose, not DuckDB, is what bounds ingest speed.
    """
    docs = [d for d, _ in pairs]
    counts = np.array([len(evs) for _, evs in pairs], dtype=np.int64)
    evs = [e for _, es in pairs for e in es]
    outlets = [outlet_of(d) for d in docs]
    ddates = [d.date.isoformat() if d.date else None for d in docs]
    m = _event_columns(evs)
    m["doc_id"] = np.repeat(_obj(d.id for d in docs), counts)  # the document's id, whatever the event says
    m["outlet"] = np.repeat(_obj(outlets), counts)
    m["doc_date"] = np.repeat(_obj(ddates), counts)
    d = {
        "doc_id": _obj(x.id for x in docs),
        "content_hash": _obj(x.content_hash for x in docs),
        "date": _obj(ddates),
        "title": _obj(x.title for x in docs),
        "url": _obj(x.url for x in docs),
        "outlet": _obj(outlets),
        "text": _obj(x.text for x in docs),
        "n_mentions": counts,
    }
    s = {"doc_id": m["doc_id"], "sentence_index": m["sentence_index"], "text": _obj(e.sentence for e in evs)}
    return d, s, {k: m[k] for k in MENTION_COLUMNS}


def _event_columns(evs: list[Event]) -> dict[str, np.ndarray]:
    """One array per stored event column (but doc_id), named as the store names it."""
    n = len(evs)
    m: dict[str, np.ndarray] = {}
    spans: dict[str, np.ndarray] = {}
    locs = [e.location for e in evs]
    located = any(loc is not None for loc in locs)
    evidence = [e.evidence or {} for e in evs]
    for c in _STAGED:
        if c.name == "doc_id":
            continue
        if c.field == "evidence":
            role, i = str(c.path[1]), int(c.path[2])
            if role not in spans:  # floats, so a missing span is NaN, read as NULL; cast back to INTEGER in SQL
                spans[role] = np.array([ev.get(role) or _NO_SPAN for ev in evidence], dtype=np.float64).reshape(n, 2)
            m[c.stored] = spans[role][:, i].copy()
        elif c.field == "location":
            part = str(c.path[1])
            m[c.stored] = _obj(getattr(loc, part) if loc is not None else None for loc in locs) if located \
                else np.full(n, None, dtype=object)  # fmt: skip
        else:
            m[c.stored] = _obj(map(attrgetter(c.field), evs))
            if c.sql in _NUMERIC:  # numbers as typed arrays DuckDB reads without converting each value
                try:
                    m[c.stored] = np.fromiter(map(attrgetter(c.field), evs), dtype=_NUMERIC[c.sql], count=n)
                except (TypeError, ValueError):
                    pass  # an odd value: keep the object column and let the SQL cast name the problem
    return m


def _stage_expr(c: Column) -> str:
    if c.name == "date":  # an event without its own date takes its document's
        return "coalesce(TRY_CAST(date AS DATE), TRY_CAST(doc_date AS DATE)) AS date"
    return f"{c.stored}::{c.sql} AS {c.stored}"


_STAGE_MENTIONS = (
    "CREATE TEMP {kind} _m AS\nSELECT {rn} AS rn, "
    + ", ".join(_stage_expr(c) for c in _STAGED)
    + ", coalesce(target::VARCHAR, '') AS tkey, outlet::VARCHAR AS outlet\nFROM _staged_m\n{dedup}\n"
)

_DEDUP_MENTIONS = "QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY sentence_index) = 1"

# Each staged mention's event_key comes from ``dedup.assign`` (registered as ``_assign``, one
# row per mention); new events take their columns from their first mention and their counts from
# the assignment, so no aggregate over the batch's mentions is needed.
_INSERT_MENTIONS = (
    f"INSERT INTO mentions ({', '.join(MENTIONS_TABLE)})\nSELECT "
    + ", ".join("a.event_key" if col == "event_key" else f"m.{col}" for col in MENTIONS_TABLE)
    + "\nFROM _m m JOIN _assign a USING (rn)\n"
)

_INSERT_EVENTS = """
INSERT INTO events
SELECT v.event_key, m.date, CASE WHEN v.last = {undated} THEN NULL ELSE DATE '1970-01-01' + v.last::INTEGER END,
       m.source, left(m.source, 3), m.target, left(m.target, 3),
       dyad_key(left(m.source, 3), left(m.target, 3)), m.code, m.root_code, m.quad_class, m.goldstein,
       m.plover, m.status, v.n, v.ns, v.na, m.mention_id
FROM _new v JOIN _m m ON m.rn = v.rn
"""

_UPDATE_MERGED = """
UPDATE events SET date = s.d0, last_date = s.d1, num_mentions = s.n, num_sources = s.ns,
       num_articles = s.na, first_mention = s.fm
FROM (
    SELECT event_key, min(date) AS d0, max(date) AS d1, count(*) AS n,
           count(DISTINCT outlet) + count(DISTINCT doc_id) FILTER (WHERE outlet IS NULL) AS ns, count(DISTINCT doc_id) AS na,
           arg_min(mention_id, (date, doc_id, sentence_index)) AS fm
    FROM mentions WHERE event_key IN (SELECT DISTINCT event_key FROM _matched)
    GROUP BY event_key
) s
WHERE events.event_key = s.event_key
"""

# An actor's name is the text it was most often coded from in the batch that first saw it; a tie
# goes to the text mentioned first (then the alphabetically first), so the same input always
# names it the same way (``mode`` breaks ties by hash order, which varies from run to run).
_INSERT_ACTORS = """
INSERT INTO actors
SELECT code, left(code, 3), arg_min(name, (-n, first, name)) FROM (
    SELECT code, name, count(name) AS n, min(rn) AS first FROM (
        SELECT source AS code, source_text AS name, rn FROM _m
        UNION ALL SELECT target, target_text, rn FROM _m WHERE target IS NOT NULL
    ) GROUP BY code, name
) WHERE code NOT IN (SELECT code FROM actors)
GROUP BY code
"""

_IN_MATCHED = "event_key IN (SELECT event_key FROM _matched)"

DYAD_KEY_MACRO = """
CREATE MACRO IF NOT EXISTS dyad_key(a, b) AS
    least(a, coalesce(b, '')) || '|' || greatest(a, coalesce(b, ''))
"""


def store_staged_mentions(
    con: duckdb.DuckDBPyConnection, w: int, twice: bool, result: BatchResult, row_id: str | None = None
) -> None:
    """Deduplicate and store the mentions staged as ``_staged_m`` (MENTION_COLUMNS), inside the
    caller's transaction: the one path every kind of ingest goes through.

    ``row_id`` names a column of ``_staged_m`` numbering its rows stably (1, 2, ...: a DuckDB
    table's rowid + 1). Given one, and no mention twice, the staged mentions are read through a
    view rather than copied into a temporary table: every statement below scans them again, and
    the copy cost more than the rescans. Python data (registered arrays) is always copied once.
    """
    con.execute(DYAD_KEY_MACRO.replace("CREATE MACRO", "CREATE TEMP MACRO"))
    as_view = row_id is not None and not twice
    con.execute(_STAGE_MENTIONS.format(
        kind="VIEW" if as_view else "TABLE", rn=row_id if as_view else "row_number() OVER ()",
        dedup=_DEDUP_MENTIONS if twice else ""))  # fmt: skip
    base = con.execute("SELECT coalesce(max(event_key), 0) FROM events").fetchall()[0][0]
    # Constant date bounds let DuckDB skip stored row groups far from this batch's dates (the
    # store grows roughly in date order), instead of reading every stored event.
    lo, hi, undated = con.execute("SELECT min(date), max(date), count(*) - count(date) FROM _m").fetchall()[0]
    prune = "TRUE" if undated or lo is None else f"e.last_date >= DATE '{lo}' - {w} AND e.date <= DATE '{hi}' + {w}"
    a = assign(con, w, base, prune)
    con.register("_assign", {"rn": a.rn, "event_key": a.event_key})
    con.register("_new", a.new)
    con.register("_matched", {"event_key": a.matched})
    try:
        con.execute(_INSERT_MENTIONS)
        con.execute(_INSERT_EVENTS.format(undated=np.iinfo(np.int32).min))
        # the days whose sums change: the new events' and the merged events' before and after
        days = [r[0] for r in con.execute(
            "SELECT DISTINCT m.date FROM _new v JOIN _m m ON m.rn = v.rn WHERE m.date IS NOT NULL").fetchall()]
        if len(a.matched):
            merged = f"SELECT DISTINCT date FROM events WHERE date IS NOT NULL AND {_IN_MATCHED}"
            days += [r[0] for r in con.execute(merged).fetchall()]
            con.execute(_UPDATE_MERGED)
            days += [r[0] for r in con.execute(merged).fetchall()]
        aggregates.refresh(con, days)
        con.execute(_INSERT_ACTORS)
    finally:
        for v in ("_assign", "_new", "_matched"):
            con.unregister(v)
    result.mentions = len(a.event_key)
    result.merged_mentions = a.merged_mentions
    result.new_events = len(a.new["event_key"])
    con.execute(f"DROP {'VIEW' if as_view else 'TABLE'} _m")


def write_batch(
    con: duckdb.DuckDBPyConnection,
    pairs: list[tuple[Document, list[Event]]],
    window: int | None = None,
) -> BatchResult:
    """Store coded documents in one transaction; documents already stored are skipped."""
    result = BatchResult()
    w = dedup_window(con) if window is None else int(window)
    con.execute("BEGIN TRANSACTION")
    try:
        fresh, dups = new_documents(con, [d for d, _ in pairs])
        result.duplicates = dups
        keep = {id(d) for d in fresh}
        pairs = [(d, evs) for d, evs in pairs if id(d) in keep]
        if pairs:
            gc_was_on = gc.isenabled()
            gc.disable()  # the transpose allocates millions of objects; collections only slow it
            try:
                docs, sents, ments = _columns(pairs)
            finally:
                if gc_was_on:
                    gc.enable()
            con.register("_staged_d", docs)
            con.register("_staged_s", sents)
            con.register("_staged_m", ments)
            con.execute(
                "INSERT INTO documents SELECT doc_id, content_hash, TRY_CAST(date AS DATE), title, url,"
                " outlet, text, n_mentions, now()::TIMESTAMP FROM _staged_d"
            )
            con.execute("INSERT INTO sentences SELECT DISTINCT ON (doc_id, sentence_index) doc_id, sentence_index, text FROM _staged_s")
            # the coder may emit one event twice; pay for deduplicating only when it did
            twice = len(set(ments["mention_id"])) != len(ments["mention_id"])
            store_staged_mentions(con, w, twice, result)
            for v in ("_staged_d", "_staged_s", "_staged_m"):
                con.unregister(v)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.stored = [d.id for d, _ in pairs]
    return result
