"""Coding and storing documents: idempotent, batched, and safe to kill at any moment.

Each batch of documents is written in one transaction (documents, sentences, mentions, events,
actors together), so a batch is either wholly in the store or not at all; a document counts as
stored only once its batch has committed. A document already in the store, by id or by content
hash, is skipped before it is even coded, which is what makes a re-run after a crash finish the
rest without duplicates.

Deduplication (GDELT's NumMentions/NumSources idea): mentions with the same source, target, event
code and status chain into one event while each starts within ``window`` days of where the chain
so far ends; stored events of that key take part in the chaining with their date spans, so a
chain that reaches a stored event continues it, whichever batch its mentions come in. Every
mention keeps its own row, with its sentence, pointing at its event.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol

import duckdb
import numpy as np

from dyad.model import Document, Event
from dyad.run.workers import chunked
from dyad.errors import InputError
from dyad.store.connection import DEFAULT_WAIT, connect
from dyad.store.dedup import assign

MENTION_COLUMNS = (
    "mention_id", "doc_id", "sentence_index", "date", "source", "source_text", "target",
    "target_text", "code", "root_code", "quad_class", "goldstein", "plover", "status",
    "location_name", "location_country", "lat", "lon", "source_start", "source_end",
    "target_start", "target_end", "trigger_start", "trigger_end", "pattern", "outlet", "doc_date",
)  # fmt: skip


class CoderLike(Protocol):
    def code(self, doc: Document) -> list[Event]: ...


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


_EVENT_FIELDS = (
    "event_id", "sentence_index", "date", "source", "source_text", "target", "target_text", "code",
    "root_code", "quad_class", "goldstein", "plover", "status", "pattern",
)  # fmt: skip
_NO_SPAN = (None, None)


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
    n = len(evs)
    outlets = [outlet_of(d) for d in docs]
    ddates = [d.date.isoformat() if d.date else None for d in docs]
    m = {("mention_id" if f == "event_id" else f): _obj(map(attrgetter(f), evs)) for f in _EVENT_FIELDS}
    try:  # numbers as typed arrays DuckDB reads without converting each value
        m["sentence_index"] = np.fromiter(map(attrgetter("sentence_index"), evs), dtype=np.int64, count=n)
        m["quad_class"] = np.fromiter(map(attrgetter("quad_class"), evs), dtype=np.int64, count=n)
        m["goldstein"] = np.fromiter(map(attrgetter("goldstein"), evs), dtype=np.float64, count=n)
    except (TypeError, ValueError):
        pass  # an odd value: keep the object column and let the SQL cast name the problem
    m["doc_id"] = np.repeat(_obj(d.id for d in docs), counts)
    m["outlet"] = np.repeat(_obj(outlets), counts)
    m["doc_date"] = np.repeat(_obj(ddates), counts)
    evidence = [e.evidence or {} for e in evs]
    for key in ("source", "target", "trigger"):
        # floats so a missing span is NaN, which DuckDB reads as NULL; cast back to INTEGER in SQL
        spans = np.array([ev.get(key) or _NO_SPAN for ev in evidence], dtype=np.float64).reshape(n, 2)
        m[f"{key}_start"], m[f"{key}_end"] = spans[:, 0].copy(), spans[:, 1].copy()
    locs = [e.location for e in evs]
    if any(loc is not None for loc in locs):
        for attr in ("name", "country", "lat", "lon"):
            m[f"location_{attr}" if attr in ("name", "country") else attr] = _obj(
                getattr(loc, attr) if loc is not None else None for loc in locs
            )
    else:
        for col in ("location_name", "location_country", "lat", "lon"):
            m[col] = np.full(n, None, dtype=object)
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


_STAGE_MENTIONS = """
CREATE TEMP {kind} _m AS
SELECT {rn} AS rn, mention_id::VARCHAR AS mention_id, doc_id::VARCHAR AS doc_id,
       sentence_index::INTEGER AS sentence_index,
       coalesce(TRY_CAST(date AS DATE), TRY_CAST(doc_date AS DATE)) AS date,
       source::VARCHAR AS source, source_text::VARCHAR AS source_text, target::VARCHAR AS target,
       target_text::VARCHAR AS target_text, coalesce(target::VARCHAR, '') AS tkey,
       code::VARCHAR AS code, root_code::VARCHAR AS root_code, quad_class::TINYINT AS quad_class,
       goldstein::DOUBLE AS goldstein, plover::VARCHAR AS plover, status::VARCHAR AS status,
       location_name::VARCHAR AS location_name, location_country::VARCHAR AS location_country,
       lat::DOUBLE AS lat, lon::DOUBLE AS lon,
       source_start::INTEGER AS source_start, source_end::INTEGER AS source_end,
       target_start::INTEGER AS target_start, target_end::INTEGER AS target_end,
       trigger_start::INTEGER AS trigger_start, trigger_end::INTEGER AS trigger_end,
       pattern::VARCHAR AS pattern, outlet::VARCHAR AS outlet
FROM _staged_m
{dedup}
"""

_DEDUP_MENTIONS = "QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY sentence_index) = 1"

# Each staged mention's event_key comes from ``dedup.assign`` (registered as ``_assign``, one
# row per mention); new events take their columns from their first mention and their counts from
# the assignment, so no aggregate over the batch's mentions is needed.
_INSERT_MENTIONS = """
INSERT INTO mentions
SELECT m.mention_id, a.event_key, m.doc_id, m.sentence_index, m.date, m.source, m.source_text,
       m.target, m.target_text, m.code, m.root_code, m.quad_class, m.goldstein, m.plover, m.status,
       m.location_name, m.location_country, m.lat, m.lon, m.source_start, m.source_end,
       m.target_start, m.target_end, m.trigger_start, m.trigger_end, m.pattern, m.outlet
FROM _m m JOIN _assign a USING (rn)
"""

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

_INSERT_ACTORS = """
INSERT INTO actors
SELECT code, left(code, 3), arg_max(name, (n, name_rank)) FROM (  -- the commonest name; a tie goes to the first
    SELECT code, name, count(*) AS n, -row_number() OVER (PARTITION BY code ORDER BY name) AS name_rank
    FROM (
        SELECT source AS code, source_text AS name FROM _m
        UNION ALL SELECT target, target_text FROM _m WHERE target IS NOT NULL
    ) GROUP BY code, name
) WHERE code NOT IN (SELECT code FROM actors)
GROUP BY code
"""



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
        if len(a.matched):
            con.execute(_UPDATE_MERGED)
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


def _code(coder: CoderLike, docs: list[Document]) -> list[tuple[Document, list[Event]]]:
    if hasattr(coder, "code_many"):
        return list(coder.code_many(docs))
    return [(d, coder.code(d)) for d in docs]


def ingest(
    db: str | None,
    items: Iterable[Any],
    coder: CoderLike,
    *,
    batch_size: int = 100,
    window: int | None = None,
    wait: float = DEFAULT_WAIT,
    on_batch: Callable[[BatchResult], None] | None = None,
) -> IngestReport:
    """Code and store documents batch by batch, releasing the store's lock between batches.

    ``items`` yields Documents and reader ``Skipped`` records (anything else with ``where`` and
    ``reason``); skipped ones are collected in the report. The write lock is held only while a
    batch is checked and while it is written, never while spaCy codes it, so readers in other
    processes get in between.
    """
    if batch_size < 1:
        raise InputError(f"--batch-size: must be at least 1, got {batch_size}")
    report = IngestReport()
    con = connect(db, write=True, wait=wait)
    try:
        if window is not None:
            set_dedup_window(con, window)
    finally:
        con.close()
    for batch in chunked(items, batch_size):
        docs = []
        for item in batch:
            if isinstance(item, Document):
                docs.append(item)
            else:
                report.skipped.append(item)
        report.documents += len(docs)
        if not docs:
            continue
        con = connect(db, write=True, wait=wait)
        try:
            fresh, dups = new_documents(con, docs)
        finally:
            con.close()
        pairs = _code(coder, fresh) if fresh else []
        con = connect(db, write=True, wait=wait)
        try:
            result = write_batch(con, pairs)
        finally:
            con.close()
        result.duplicates = dups + result.duplicates
        report.add(result)
        if on_batch:
            on_batch(result)
    return report
