"""Coding and storing documents: idempotent, batched, and safe to kill at any moment.

Each batch of documents is written in one transaction (documents, sentences, mentions, events,
actors together), so a batch is either wholly in the store or not at all; a document counts as
stored only once its batch has committed. A document already in the store, by id or by content
hash, is skipped before it is even coded, which is what makes a re-run after a crash finish the
rest without duplicates.

Deduplication (GDELT's NumMentions/NumSources idea): a mention joins an existing event with the
same source, target, event code and status whose dates it falls within ``window`` days of (between
the event's first date minus the window and its last date plus the window; the nearest such event
wins). Mentions that join no stored event are grouped among themselves: sorted by date, a new event
starts wherever the gap to the previous mention exceeds the window. Every mention keeps its own row,
with its sentence, pointing at its event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import duckdb
import numpy as np

from dyad.coder.document import Document
from dyad.coder.event import Event
from dyad.errors import InputError
from dyad.store.connection import DEFAULT_WAIT, connect

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
    host = urlsplit(doc.url).hostname or ""
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


def _span(ev: dict[str, Any], key: str) -> tuple[Any, Any]:
    s = ev.get(key)
    return (s[0], s[1]) if s else (None, None)


def _columns(pairs: list[tuple[Document, list[Event]]]) -> tuple[dict, dict, dict]:
    """Transpose documents and events into column arrays DuckDB can scan without a copy per row."""
    rows: list[tuple] = []
    sents: dict[tuple[str, int], str] = {}
    doc_rows: list[tuple] = []
    for doc, events in pairs:
        outlet = outlet_of(doc)
        ddate = doc.date.isoformat() if doc.date else None
        seen: set[str] = set()
        for e in events:
            if e.event_id in seen:
                continue
            seen.add(e.event_id)
            loc = e.location
            ev = e.evidence or {}
            ss, se = _span(ev, "source")
            ts, te = _span(ev, "target")
            gs, ge = _span(ev, "trigger")
            sents[(doc.id, e.sentence_index)] = e.sentence
            rows.append((
                e.event_id, doc.id, e.sentence_index, e.date or ddate, e.source, e.source_text,
                e.target, e.target_text, e.code, e.root_code, e.quad_class, e.goldstein, e.plover,
                e.status, loc.name if loc else None, loc.country if loc else None,
                loc.lat if loc else None, loc.lon if loc else None, ss, se, ts, te, gs, ge,
                e.pattern, outlet, ddate,
            ))  # fmt: skip
        doc_rows.append((doc.id, doc.content_hash, ddate, doc.title, doc.url, outlet, doc.text, len(seen)))
    def arrays(names: tuple[str, ...], data: list[tuple]) -> dict[str, np.ndarray]:
        cols = list(zip(*data)) if data else [() for _ in names]
        return {n: np.array(c, dtype=object) for n, c in zip(names, cols)}
    m = arrays(MENTION_COLUMNS, rows)
    d = arrays(("doc_id", "content_hash", "date", "title", "url", "outlet", "text", "n_mentions"), doc_rows)
    keys = list(sents)
    s = {
        "doc_id": np.array([k[0] for k in keys], dtype=object),
        "sentence_index": np.array([k[1] for k in keys], dtype=object),
        "text": np.array(list(sents.values()), dtype=object),
    }
    return d, s, m


_STAGE_MENTIONS = """
CREATE TEMP TABLE _m AS
SELECT row_number() OVER () AS rn, mention_id::VARCHAR AS mention_id, doc_id::VARCHAR AS doc_id,
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
"""

_MATCH = """
CREATE TEMP TABLE _matched AS
SELECT rn, event_key FROM (
    SELECT m.rn, e.event_key,
           row_number() OVER (PARTITION BY m.rn ORDER BY abs(coalesce(m.date - e.date, 0)), e.event_key) AS k
    FROM _m m JOIN events e
      ON e.source = m.source AND coalesce(e.target, '') = m.tkey AND e.code = m.code
     AND e.status = m.status
     AND ((m.date IS NULL AND e.date IS NULL)
          OR (m.date BETWEEN e.date - {w}::INTEGER AND e.last_date + {w}::INTEGER))
) WHERE k = 1
"""

_FRESH = """
CREATE TEMP TABLE _fresh AS
WITH u AS (SELECT * FROM _m WHERE rn NOT IN (SELECT rn FROM _matched)),
g AS (
    SELECT rn, source, tkey, code, status, date,
           lag(date) OVER w AS prev, row_number() OVER w AS k
    FROM u WINDOW w AS (PARTITION BY source, tkey, code, status ORDER BY date NULLS FIRST, rn)
)
SELECT rn, source, tkey, code, status,
       sum(CASE WHEN k = 1 OR (date IS NOT NULL AND (prev IS NULL OR date - prev > {w})) THEN 1 ELSE 0 END)
         OVER (PARTITION BY source, tkey, code, status ORDER BY date NULLS FIRST, rn
               ROWS UNBOUNDED PRECEDING) AS grp
FROM g
"""

_FRESH_KEYS = """
CREATE TEMP TABLE _fresh_keys AS
SELECT source, tkey, code, status, grp,
       (SELECT coalesce(max(event_key), 0) FROM events) + row_number() OVER (ORDER BY min(rn)) AS event_key
FROM _fresh GROUP BY source, tkey, code, status, grp
"""

_ASSIGN = """
CREATE TEMP TABLE _assign AS
SELECT rn, event_key FROM _matched
UNION ALL
SELECT f.rn, k.event_key FROM _fresh f JOIN _fresh_keys k USING (source, tkey, code, status, grp)
"""

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
SELECT a.event_key, min(m.date), max(m.date), any_value(m.source), left(any_value(m.source), 3),
       any_value(m.target), left(any_value(m.target), 3), any_value(m.code), any_value(m.root_code),
       any_value(m.quad_class), any_value(m.goldstein), any_value(m.plover), any_value(m.status),
       count(*), count(DISTINCT coalesce(m.outlet, 'doc:' || m.doc_id)), count(DISTINCT m.doc_id),
       arg_min(m.mention_id, (m.date, m.doc_id, m.sentence_index))
FROM _m m JOIN _assign a USING (rn)
WHERE a.event_key IN (SELECT event_key FROM _fresh_keys)
GROUP BY a.event_key
"""

_UPDATE_MERGED = """
UPDATE events SET date = s.d0, last_date = s.d1, num_mentions = s.n, num_sources = s.ns,
       num_articles = s.na, first_mention = s.fm
FROM (
    SELECT event_key, min(date) AS d0, max(date) AS d1, count(*) AS n,
           count(DISTINCT coalesce(outlet, 'doc:' || doc_id)) AS ns, count(DISTINCT doc_id) AS na,
           arg_min(mention_id, (date, doc_id, sentence_index)) AS fm
    FROM mentions WHERE event_key IN (SELECT DISTINCT event_key FROM _matched)
    GROUP BY event_key
) s
WHERE events.event_key = s.event_key
"""

_INSERT_ACTORS = """
INSERT INTO actors
SELECT code, left(code, 3), mode(name) FROM (
    SELECT source AS code, source_text AS name FROM _m
    UNION ALL SELECT target, target_text FROM _m WHERE target IS NOT NULL
) WHERE code NOT IN (SELECT code FROM actors)
GROUP BY code
"""

_TEMPS = ("_m", "_matched", "_fresh", "_fresh_keys", "_assign")


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
            docs, sents, ments = _columns(pairs)
            con.register("_staged_d", docs)
            con.register("_staged_s", sents)
            con.register("_staged_m", ments)
            con.execute(
                "INSERT INTO documents SELECT doc_id, content_hash, TRY_CAST(date AS DATE), title, url,"
                " outlet, text, n_mentions, now()::TIMESTAMP FROM _staged_d"
            )
            con.execute("INSERT INTO sentences SELECT doc_id, sentence_index, text FROM _staged_s")
            con.execute(_STAGE_MENTIONS)
            con.execute(_MATCH.format(w=w))
            con.execute(_FRESH.format(w=w))
            con.execute(_FRESH_KEYS)
            con.execute(_ASSIGN)
            con.execute(_INSERT_MENTIONS)
            con.execute(_INSERT_EVENTS)
            con.execute(_UPDATE_MERGED)
            con.execute(_INSERT_ACTORS)
            result.mentions = con.execute("SELECT count(*) FROM _m").fetchall()[0][0]
            result.merged_mentions = con.execute("SELECT count(*) FROM _matched").fetchall()[0][0]
            result.new_events = con.execute("SELECT count(*) FROM _fresh_keys").fetchall()[0][0]
            for t in _TEMPS:
                con.execute(f"DROP TABLE {t}")
            for v in ("_staged_d", "_staged_s", "_staged_m"):
                con.unregister(v)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.stored = [d.id for d, _ in pairs]
    return result


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
    for batch in _batches(items, batch_size):
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
