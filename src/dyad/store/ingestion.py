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
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

import duckdb
import numpy as np

from dyad.model import EVENT_COLUMNS, Column, Document, Event
from dyad.errors import DataError, InputError
from dyad.store import aggregates
from dyad.store.dedup import assign
from dyad.store.schema import MENTIONS_TABLE, rollback

# The staged mentions: the event's stored columns (``dyad.model.EVENT_COLUMNS``, under the store's
# names), then what the document adds: its outlet, and its date for events that have none.
_STAGED = tuple(c for c in EVENT_COLUMNS if c.in_mentions)
MENTION_COLUMNS = (*(c.stored for c in _STAGED), "outlet", "doc_date")


@dataclass
class BatchResult:
    """What one committed batch put in the store."""

    stored: list[str] = field(default_factory=list)  # doc ids now in the store
    duplicates: list[str] = field(default_factory=list)  # doc ids skipped: already stored
    conflicts: list[str] = field(default_factory=list)  # ids stored with other content: stored as new versions
    refused: list[Refused] = field(default_factory=list)  # conflicts refused (on_conflict="refuse")
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
    skipped: list[Any] = field(default_factory=list)  # Skipped/Refused(where, reason): not stored
    conflicts: list[str] = field(default_factory=list)  # stored as new versions, said in words

    def add(self, r: BatchResult) -> None:
        self.skipped.extend(r.refused)
        self.conflicts.extend(r.conflicts)
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


MAX_WINDOW = 366  # days: a happening reported over more than a year is not one event


def check_window(days: int) -> int:
    """A dedup window in days, or an InputError: 0 to MAX_WINDOW (a huge one overflowed the date
    arithmetic of every later ingest)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_WINDOW:
        raise InputError(f"--window: must be a whole number of days from 0 to {MAX_WINDOW}, got {days!r}")
    return days


def dedup_window(con: duckdb.DuckDBPyConnection) -> int:
    row = next(iter(con.execute("SELECT value FROM store_info WHERE key = 'dedup_window_days'").fetchall()), None)
    if not row:
        return 1
    try:
        return check_window(int(row[0]))
    except (ValueError, InputError):
        raise DataError(f"the store's dedup window ({row[0]!r} days, in store_info) is not 0 to {MAX_WINDOW} days; "
                        "an older dyad saved it unchecked: set it with `dyad ingest --window N` on an empty "
                        "store, or fix the row with DuckDB") from None


def set_dedup_window(con: duckdb.DuckDBPyConnection, days: int) -> None:
    """Set the store's dedup window. Changing it on a store that holds events would leave them
    deduplicated under the old window and new ones under the new: refused, with what to do."""
    check_window(days)
    row = next(iter(con.execute("SELECT value FROM store_info WHERE key = 'dedup_window_days'").fetchall()), None)
    if row and row[0] == str(days):
        return
    stored = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    if stored:
        raise InputError(f"--window {days}: this store's {stored:,} events were deduplicated with a window of "
                         f"{row[0] if row else 1} day(s); a store has one window (ingest into a new store "
                         f"with --window {days}, or leave --window out)")
    con.execute("UPDATE store_info SET value = ? WHERE key = 'dedup_window_days'", [str(days)])


@dataclass(frozen=True, slots=True)
class Refused:
    """A document left out of the store, with why: the store's counterpart of the reader's
    ``Skipped`` (same ``where`` and ``reason``), so a run reports both alike."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


ON_CONFLICT = ("version", "refuse")


def version_id(doc: Document) -> str:
    """The id a conflicting document is stored under: its own id and a digest of its content.

    Derived from the content, not from a counter, so storing the same input again finds the
    version already there, and the id does not depend on which document arrived first.
    """
    return f"{doc.id}#{_content_digest(doc.content_hash, doc.date.isoformat() if doc.date else None)[:12]}"


def _content_digest(text_hash: str, day: str | None) -> str:
    return hashlib.sha256(f"{text_hash}|{day or ''}".encode()).hexdigest()


@dataclass
class Checked:
    """A batch checked against the store (see ``new_documents``)."""

    fresh: list[Document] = field(default_factory=list)  # to store (a conflicting one renamed)
    positions: list[int] = field(default_factory=list)  # where each fresh document was in the batch
    duplicates: list[str] = field(default_factory=list)  # already stored: same id and content, or same content
    conflicts: list[str] = field(default_factory=list)  # what was stored as a new version, said in words
    refused: list[Refused] = field(default_factory=list)  # conflicts not stored (``on_conflict="refuse"``)


def new_documents(con: duckdb.DuckDBPyConnection, docs: list[Document], on_conflict: str = "version") -> Checked:
    """Which documents of a batch are new to the store, which are stored already, which conflict.

    A document's identity is its id plus its content (text and date):

    - the same id with the same content is already stored (a re-run): a duplicate;
    - the same id with other content (two feeds both numbering from 1, an article corrected
      after it was stored, one text under two dates) is a *conflict*: stored under
      ``version_id`` (``on_conflict="version"``, the default) or refused, and reported either way;
    - the same content (text and date) under another id is the same article republished: a duplicate.
    """
    if on_conflict not in ON_CONFLICT:
        raise InputError(f"--on-conflict: {on_conflict!r} is not one of {', '.join(ON_CONFLICT)}")
    out = Checked()
    if not docs:
        return out
    hashes = [d.content_hash for d in docs]
    days = [d.date.isoformat() if d.date else None for d in docs]
    ids = [d.id for d in docs] + [version_id(d) for d in docs]
    con.register("_probe_id", {"doc_id": _obj(ids)})
    con.register("_probe_hash", {"content_hash": _obj(hashes)})
    try:
        by_id = {i: (h, d.isoformat() if d else None) for i, h, d in con.execute(
            "SELECT doc_id, content_hash, date FROM documents WHERE doc_id IN (SELECT doc_id FROM _probe_id)"
        ).fetchall()}
        by_content = {(h, d.isoformat() if d else None): i for i, h, d in con.execute(
            "SELECT doc_id, content_hash, date FROM documents WHERE content_hash IN (SELECT content_hash FROM _probe_hash)"
        ).fetchall()}
    finally:
        con.unregister("_probe_id")
        con.unregister("_probe_hash")
    for pos, (d, h, day) in enumerate(zip(docs, hashes, days)):
        content = (h, day)
        doc_id = d.id
        if doc_id in by_id and by_id[doc_id] != content:
            doc_id = version_id(d)
            if doc_id in by_id and by_id[doc_id] != content:  # a digest collision: never overwrite
                out.refused.append(Refused(d.id, f"id stored with other content, and so is {doc_id!r}"))
                continue
            if doc_id not in by_id:
                what = _difference(by_id[d.id], content)
                if on_conflict == "refuse":
                    out.refused.append(Refused(d.id, f"id already stored with {what} (a conflict); refused "
                                                     "(--on-conflict version stores it as a new version)"))
                    continue
                out.conflicts.append(f"{d.id}: id already stored with {what}; stored as {doc_id!r}")
        if doc_id in by_id or content in by_content:
            out.duplicates.append(d.id)
            continue
        out.fresh.append(d if doc_id == d.id else replace(d, id=doc_id))
        out.positions.append(pos)
        by_id[doc_id] = content
        by_content[content] = doc_id
    return out


def _difference(stored: tuple[str, str | None], new: tuple[str, str | None]) -> str:
    if stored[0] != new[0]:
        return "another text" + ("" if stored[1] == new[1] else " and date")
    return f"the same text under another date ({stored[1] or 'none'}, here {new[1] or 'none'})"


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

# one document's mention id twice (the coder emitting an event twice) is one mention; the same id in
# two documents is two (so whether they share a batch cannot matter)
_DEDUP_MENTIONS = "QUALIFY row_number() OVER (PARTITION BY doc_id, mention_id ORDER BY sentence_index) = 1"

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

# A stored event that gained mentions is recounted from all of them, and takes its attributes
# from its first mention (earliest by date, document, sentence, mention id: the order the dedup
# sorts in), so what it says does not depend on which batch brought which mention.
_FIRST = "(date, doc_id, sentence_index, mention_id)"
_UPDATE_MERGED = f"""
UPDATE events SET date = s.d0, last_date = s.d1, num_mentions = s.n, num_sources = s.ns,
       num_articles = s.na, first_mention = s.fm, root_code = s.rc, quad_class = s.qc,
       goldstein = s.g, plover = s.pl
FROM (
    SELECT event_key, min(date) AS d0, max(date) AS d1, count(*) AS n,
           count(DISTINCT outlet) + count(DISTINCT doc_id) FILTER (WHERE outlet IS NULL) AS ns, count(DISTINCT doc_id) AS na,
           arg_min(mention_id, {_FIRST}) AS fm, arg_min(root_code, {_FIRST}) AS rc,
           arg_min(quad_class, {_FIRST}) AS qc, arg_min(goldstein, {_FIRST}) AS g,
           arg_min_null(plover, {_FIRST}) AS pl
    FROM mentions WHERE event_key IN (SELECT DISTINCT event_key FROM _matched)
    GROUP BY event_key
) s
WHERE events.event_key = s.event_key
"""

_ABSORB = """
UPDATE mentions SET event_key = a.keep FROM _absorbed a WHERE mentions.event_key = a.gone;
DELETE FROM events WHERE event_key IN (SELECT gone FROM _absorbed);
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
    near = [f"(e.last_date >= DATE '{lo}' - {w} AND e.date <= DATE '{hi}' + {w})"] if lo is not None else []
    prune = " OR ".join((["e.date IS NULL"] if undated else []) + near) or "FALSE"
    a = assign(con, w, base, prune)
    con.register("_assign", {"rn": a.rn, "event_key": a.event_key})
    con.register("_new", a.new)
    con.register("_matched", {"event_key": a.matched})
    con.register("_absorbed", a.absorbed)
    try:
        con.execute(_INSERT_MENTIONS)
        con.execute(_INSERT_EVENTS.format(undated=np.iinfo(np.int32).min))
        # the days whose sums change: the new events', the absorbed and merged events' before and after
        days = [r[0] for r in con.execute(
            "SELECT DISTINCT m.date FROM _new v JOIN _m m ON m.rn = v.rn WHERE m.date IS NOT NULL").fetchall()]
        if len(a.absorbed["gone"]):
            absorbed = ("SELECT DISTINCT date FROM events WHERE date IS NOT NULL AND event_key IN "
                        "(SELECT gone FROM _absorbed UNION SELECT keep FROM _absorbed)")  # fmt: skip
            days += [r[0] for r in con.execute(absorbed).fetchall()]
            con.execute(_ABSORB)
        if len(a.matched):
            merged = f"SELECT DISTINCT date FROM events WHERE date IS NOT NULL AND {_IN_MATCHED}"
            days += [r[0] for r in con.execute(merged).fetchall()]
            con.execute(_UPDATE_MERGED)
            days += [r[0] for r in con.execute(merged).fetchall()]
        aggregates.refresh(con, days)
        con.execute(_INSERT_ACTORS)
    finally:
        for v in ("_assign", "_new", "_matched", "_absorbed"):
            con.unregister(v)
    result.mentions = len(a.event_key)
    result.merged_mentions = a.merged_mentions
    result.new_events = len(a.new["event_key"])
    con.execute(f"DROP {'VIEW' if as_view else 'TABLE'} _m")


def write_batch(
    con: duckdb.DuckDBPyConnection,
    pairs: list[tuple[Document, list[Event]]],
    window: int | None = None,
    on_conflict: str = "version",
) -> BatchResult:
    """Store coded documents in one transaction; documents already stored are skipped, and a
    document whose id is stored with other content is stored as a new version or refused
    (``new_documents``)."""
    result = BatchResult()
    w = dedup_window(con) if window is None else check_window(window)
    con.execute("BEGIN TRANSACTION")
    try:
        checked = new_documents(con, [d for d, _ in pairs], on_conflict)
        result.duplicates = checked.duplicates
        result.conflicts = checked.conflicts
        result.refused = checked.refused
        pairs = [_renamed(pairs[i], d) for i, d in zip(checked.positions, checked.fresh)]
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
            twice = len(set(zip(ments["doc_id"], ments["mention_id"]))) != len(ments["mention_id"])
            store_staged_mentions(con, w, twice, result)
            for v in ("_staged_d", "_staged_s", "_staged_m"):
                con.unregister(v)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    result.stored = [d.id for d, _ in pairs]
    return result


def _renamed(pair: tuple[Document, list[Event]], doc: Document) -> tuple[Document, list[Event]]:
    """A coded document under the id it is stored as: a new version's events get ids of their own."""
    old, events = pair
    if doc.id == old.id:
        return doc, events
    return doc, [replace(e, doc_id=doc.id, event_id="") for e in events]
