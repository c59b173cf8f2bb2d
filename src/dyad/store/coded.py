"""Loading events that are already coded: JSON lines with the coder's Event field names (what
``dyad export --format jsonl`` writes, and one ``Event.to_dict()`` per line in general).

This is the bulk path: DuckDB's JSON reader parses the file, and no row becomes a Python object
(the dedup sees integer arrays only), so it runs at DuckDB speed. A document is the unit of idempotency, as for ``ingest``:
documents (by ``doc_id``) already in the store are skipped whole. Each file is committed in
chunks of ``chunk_docs`` documents, one transaction each, so a killed load keeps every chunk it
reported and a re-run adds the rest. Documents loaded this way have no text; their
``content_hash`` is derived from their events' ids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from dyad.errors import InputError
from dyad.model import EVENT_COLUMNS, STATUSES, Column
from dyad.store.connection import DEFAULT_WAIT, connect, store_errors
from dyad.store.ingestion import BatchResult, IngestReport, dedup_window, set_dedup_window, store_staged_mentions
from dyad.store.schema import rollback

KEPT = "every chunk committed before is kept; run the same command again to add the rest"
_JSON_TYPE = {"DATE": "VARCHAR", "TINYINT": "INTEGER"}  # an Event's date is an ISO string
_SPAN = "INTEGER[]"


def _json_columns() -> dict[str, str]:
    """The JSON reader's columns: the Event's fields (``Event.to_dict()``), from the column spec."""
    fields: dict[str, list[Column]] = {}
    for c in EVENT_COLUMNS:
        fields.setdefault(c.field, []).append(c)
    out = {}
    for name, cols in fields.items():
        if name == "evidence":
            roles = dict.fromkeys(str(c.path[1]) for c in cols)
            out[name] = f"STRUCT({', '.join(f'{r} {_SPAN}' for r in roles)})"
        elif name == "location":
            out[name] = f"STRUCT({', '.join(f'{c.path[1]} {c.sql}' for c in cols)})"
        else:
            out[name] = _JSON_TYPE.get(cols[0].sql, cols[0].sql)
    return out


JSON_COLUMNS = _json_columns()


def _flat(c: Column) -> str:
    """The staged (flat, typed) form of one column as read from the JSON line."""
    if c.name == "event_id":  # lines without an id get one from what identifies the event
        return "coalesce(event_id, md5(concat_ws('|', doc_id, sentence_index, source, target, code, status))) AS mention_id"
    if c.name == "date":
        return "TRY_CAST(date AS DATE) AS date"
    if c.field == "location":
        return f"location.{c.path[1]} AS {c.stored}"
    if c.field == "evidence":
        return f"evidence.{c.path[1]}[{int(c.path[2]) + 1}] AS {c.stored}"
    return c.name


# The file is parsed once into the shape of staged mentions (structs flattened, dates typed), so
# the view each chunk is read through (and scanned by every statement of the dedup) costs nothing.
_READ = (
    "CREATE TEMP TABLE _raw AS\nSELECT " + ", ".join(_flat(c) for c in EVENT_COLUMNS) + ", date AS date_text"
    + "\nFROM read_json(?, format = 'newline_delimited', columns = {columns})"
    "\nWHERE doc_id NOT IN (SELECT doc_id FROM documents)\n"
)

# Flat events (the columns of EVENT_COLUMNS under their flat names, as in ``dyad code -f csv`` and
# the Parquet events dataset), from a table DuckDB scans: a registered Arrow dataset.
_READ_FLAT = (
    "CREATE TEMP TABLE _raw AS\nSELECT " + ", ".join(f"{c.name} AS {c.stored}" for c in EVENT_COLUMNS)
    + ", date::VARCHAR AS date_text\nFROM _flat_source\nWHERE doc_id NOT IN (SELECT doc_id FROM documents)\n"
)

_REQUIRED = [c.name for c in EVENT_COLUMNS if c.required and c.name not in ("event_id", "status")]  # those two have defaults
_CHECK = f"""
SELECT
  count(*) FILTER (WHERE {' OR '.join(f'{n} IS NULL' for n in _REQUIRED)}),
  count(*) FILTER (WHERE status NOT IN ({', '.join(f"'{s}'" for s in STATUSES)}))
FROM _raw
"""

# Each check: the field, the condition a bad line meets, and what is wrong with its value. An
# event is checked as the coder's output would be: a date that is not a date is not stored as
# "no date", a Goldstein score that is not a number never reaches an average.
_FIELD_CHECKS = [
    ("date", "date_text IS NOT NULL AND date IS NULL", "date_text", "is not a date (write YYYY-MM-DD)"),
    ("date", "date < DATE '{lo}' OR date > DATE '{hi}'", "date_text",
     "lies outside {lo} to {hi} (a plausible range for news; another with --date-range FROM..TO)"),
    ("goldstein", "isnan(goldstein) OR isinf(goldstein) OR goldstein < -10 OR goldstein > 10", "goldstein",
     "is not a Goldstein score (a finite number from -10 to 10)"),
    ("quad_class", "quad_class NOT BETWEEN 1 AND 4", "quad_class", "is not a quad class (1 to 4)"),
]

DATE_RANGE = (date(1900, 1, 1), date(2100, 12, 31))


def _check_fields(con: duckdb.DuckDBPyConnection, path: str, date_range: tuple[date, date]) -> None:
    """Refuse the file, naming the field, the value and where, at its first bad event."""
    lo, hi = date_range
    for name, bad, shown, why in _FIELD_CHECKS:
        cond = bad.format(lo=lo.isoformat(), hi=hi.isoformat())
        n, row = con.execute(
            f"SELECT count(*), arg_min(struct_pack(v := ({shown})::VARCHAR, d := doc_id, m := mention_id), rowid) "
            f"FROM _raw WHERE {cond}").fetchall()[0]  # fmt: skip
        if n:
            value, doc, mention = row["v"], row["d"], row["m"]
            more = f" ({n:,} events like it)" if n > 1 else ""
            raise InputError(f"{path}: field '{name}': {value!r} {why.format(lo=lo, hi=hi)}, in document {doc!r}, "
                             f"event {mention!r}{more}; nothing was stored")  # fmt: skip


_STAGE = (
    "CREATE TEMP VIEW _staged_m AS\nSELECT "
    + ", ".join("coalesce(status, 'asserted') AS status" if c.name == "status" else c.stored
                for c in EVENT_COLUMNS if c.in_mentions)
    + ", NULL::VARCHAR AS outlet, NULL::VARCHAR AS doc_date, rowid + 1 AS row_id\nFROM _raw WHERE {chunk}\n"
)  # fmt: skip

_DOCS = """
INSERT INTO documents
SELECT doc_id, 'coded:' || doc_id, NULL, NULL, NULL, NULL, NULL, count(*), now()::TIMESTAMP
FROM _raw WHERE {chunk} GROUP BY doc_id
"""

_SENTENCES = """
INSERT INTO sentences
SELECT doc_id, sentence_index, coalesce(any_value(sentence), '')
FROM _raw WHERE {chunk} GROUP BY doc_id, sentence_index
"""


def load_coded(
    db: str | Path | None,
    paths: list[str | Path],
    *,
    chunk_docs: int = 100_000,
    window: int | None = None,
    wait: float = DEFAULT_WAIT,
    on_batch: Callable[[BatchResult], None] | None = None,
    date_range: tuple[date, date] = DATE_RANGE,
) -> IngestReport:
    """Store already-coded events from JSON-lines files, skipping documents already stored.

    Every event is checked first (``_FIELD_CHECKS``: dates readable and within ``date_range``,
    Goldstein finite and in -10..10, quad class 1..4): a file with a bad one is refused whole,
    naming the field, value, document and event, and nothing of it is stored.
    """
    if date_range[0] > date_range[1]:
        raise InputError(f"--date-range: {date_range[0]} is after {date_range[1]}")
    for p in paths:
        if not Path(p).is_file():
            raise InputError(f"{p}: " + ("not a regular file" if Path(p).exists() else "no such file") + " of coded events")
    report = IngestReport()
    with store_errors(db, KEPT), connect(db, write=True, wait=wait) as con:
        if window is not None:
            set_dedup_window(con, window)
        w = dedup_window(con)
        for p in paths:
            _load_file(con, Path(p), chunk_docs, w, report, on_batch, date_range)
    return report


def load_flat(
    db: str | Path | None,
    source: object,
    where: str,
    *,
    chunk_docs: int = 100_000,
    window: int | None = None,
    wait: float = DEFAULT_WAIT,
    on_batch: Callable[[BatchResult], None] | None = None,
) -> IngestReport:
    """Store flat events (EVENT_COLUMNS by their flat names) from ``source``, anything DuckDB
    scans (an Arrow table or dataset: the Parquet events dataset); ``where`` names it in errors."""
    report = IngestReport()
    with store_errors(db, KEPT), connect(db, write=True, wait=wait) as con:
        if window is not None:
            set_dedup_window(con, window)
        load_flat_into(con, source, where, report, chunk_docs=chunk_docs, on_batch=on_batch)
    return report


def load_flat_into(con: duckdb.DuckDBPyConnection, source: object, where: str, report: IngestReport, *,
                   chunk_docs: int = 100_000, on_batch: Callable[[BatchResult], None] | None = None) -> None:
    """``load_flat`` on an open store (``events_store`` loads an in-memory one this way)."""
    con.register("_flat_source", source)
    try:
        _load(con, where, "coded events", _READ_FLAT, None, chunk_docs, dedup_window(con), report, on_batch)
    finally:
        con.unregister("_flat_source")


def events_store(source: object, where: str) -> duckdb.DuckDBPyConnection:
    """A store in memory holding the flat events of ``source``: the analyses' ``--events DATASET``.

    The events go through the same dedup as ``dyad ingest``, so an analysis of the dataset gives
    what it gives on a store the dataset was ingested into."""
    from dyad.store.schema import migrate

    con = duckdb.connect(":memory:")
    migrate(con, 0)
    load_flat_into(con, source, where, IngestReport())
    return con


def _load_file(con, path: Path, chunk_docs: int, w: int, report: IngestReport, on_batch,
               date_range: tuple[date, date] = DATE_RANGE) -> None:
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in JSON_COLUMNS.items()) + "}"
    _load(con, str(path), "JSON lines of coded events", _READ.format(columns=columns), path, chunk_docs, w, report, on_batch,
          date_range)


def _load(con, path: str, kind: str, read: str, file: Path | None, chunk_docs: int, w: int, report: IngestReport,
          on_batch, date_range: tuple[date, date] = DATE_RANGE) -> None:
    """Stage ``read``'s rows as ``_raw``, check them, store them chunk by chunk; ``file`` is the
    JSON-lines file ``read`` takes as its parameter (None: a registered source)."""
    try:
        con.execute(read, [str(file)] if file else [])
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.IOException) and path not in str(exc):
            raise  # the store's fault, not the file's: store_errors names the store
        detail = (_first_bad_line(file) if file else None) or str(exc).splitlines()[0]
        raise InputError(f"{path}: not {kind}: {detail}") from None
    try:
        missing, bad_status = con.execute(_CHECK).fetchall()[0]
        if missing or bad_status:
            what = f"{missing} lines lack a required field" if missing else f"{bad_status} lines have an unknown status"
            raise InputError(f"{path}: {what} ({', '.join(_REQUIRED)} are required; "
                             f"status is {', '.join(STATUSES[:-1])} or {STATUSES[-1]})")  # fmt: skip
        _check_fields(con, path, date_range)
        n_docs = con.execute("SELECT count(DISTINCT doc_id) FROM _raw").fetchall()[0][0]
        chunks = max(1, -(-n_docs // chunk_docs))
        for k in range(chunks if n_docs else 0):
            # documents are split into chunks by a hash of their id: no sort, whole documents per chunk
            chunk = "TRUE" if chunks == 1 else f"hash(doc_id) % {chunks} = {k}"
            result = BatchResult()
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(_STAGE.format(chunk=chunk))
                twice = con.execute("SELECT count(*) - count(DISTINCT (doc_id, mention_id)) FROM _staged_m").fetchall()[0][0] > 0
                con.execute(_DOCS.format(chunk=chunk))
                con.execute(_SENTENCES.format(chunk=chunk))
                store_staged_mentions(con, w, twice, result, row_id="row_id")
                result.stored = [r[0] for r in con.execute(f"SELECT DISTINCT doc_id FROM _raw WHERE {chunk}").fetchall()]
                con.execute("DROP VIEW _staged_m")
                con.execute("COMMIT")
            except BaseException:
                rollback(con)
                raise
            report.documents += len(result.stored)
            report.add(result)
            if on_batch:
                on_batch(result)
    finally:
        con.execute("DROP TABLE IF EXISTS _raw")


def _first_bad_line(path: Path) -> str | None:
    """Where the file first stops being JSON lines, as "line N, column C: why" (DuckDB's own
    message counts lines within its read buffer, not the file's)."""
    import json

    try:
        with path.open("rb") as fh:
            for n, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except UnicodeDecodeError as exc:
                    return f"line {n}: byte {exc.start + 1} is not UTF-8"
                except json.JSONDecodeError as exc:
                    return f"line {n}, column {exc.colno}: {exc.msg}"
                except RecursionError:
                    return f"line {n}: JSON nested too deeply to read (thousands of brackets)"
                if not isinstance(obj, dict):
                    return f"line {n}: a JSON {type(obj).__name__}, not an object"
    except OSError:
        return None
    return None
