"""Exports: one row per deduplicated event, in the formats other tools read.

* ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 events file, no header row (as GDELT
  ships them). Filled where dyad has the data: ids, dates, actor codes split into country /
  known group / role types, event codes, quad class, Goldstein, NumMentions/NumSources/
  NumArticles, the action location's name and coordinates, DATEADDED and SOURCEURL. Left empty:
  ethnic and religion codes, AvgTone, and the geographic FIPS/ADM codes and feature ids.
* ``phoenix``: the 26 tab-separated columns of the Phoenix (OEDA) files, with a header row;
  PentaClass follows the Phoenix pipeline's root-code mapping.
* ``plover``: JSON lines in the shape of PLOVER records (``event``/``mode``, ``source``/``target``
  lists of ``{actorText, code, sector}``, ``text``, ``eventText``), plus the CAMEO code and
  mention counts. Events whose code has no PLOVER type (CAMEO 01 and 02) are left out.
* ``jsonl``: the coder's Event field names (``Event.from_dict`` reads a line back), for the event's
  first mention, plus ``num_mentions``, ``num_sources``, ``num_articles`` and ``event_key``.
* ``csv`` / ``parquet``: a flat table of the event with its first mention's evidence.

Only asserted events are exported unless ``status="all"``. Files are written whole or not at all.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import BinaryIO

import duckdb

from dyad.errors import InputError
from dyad.outfiles import atomic_path, check_output, head_and_tail
from dyad.model import EVENT_COLUMNS, Column, Event
from dyad.store.queries import DateRange

FORMATS = ("gdelt", "phoenix", "plover", "parquet", "csv", "jsonl")
SPECIAL_COUNTRIES = ("IGO", "NGO", "IMG", "MNC", "---", "UNK")

def _one_line(text: str) -> str:
    """SQL: ``text`` with runs of whitespace made one space and the ends trimmed (as ``dyad code``
    writes every field), so that a CSV row is one physical line whatever the article's layout."""
    return f"trim(regexp_replace({text}, '\\s+', ' ', 'g'))"


def _moved(offset: str, sentence: str = "se.text") -> str:
    """SQL: where character ``offset`` of the sentence lands once it is made one line (the length
    of its prefix made one line, leading whitespace dropped), so evidence spans keep their words."""
    prefix = f"regexp_replace(regexp_replace(substr({sentence}, 1, {offset}), '^\\s+', ''), '\\s+', ' ', 'g')"
    return f"CASE WHEN {offset} IS NOT NULL THEN least(length({prefix}), length({_one_line(sentence)})) END"


_SPANS = ", ".join(f"{_moved(f'm.{role}_{end}')} AS {role}_{end}" for role in ("source", "target", "trigger")
                   for end in ("start", "end"))  # fmt: skip

_BASE = f"""
WITH base AS (
    SELECT e.*, m.doc_id, m.sentence_index, {_one_line("m.source_text")} AS source_text,
           {_one_line("m.target_text")} AS target_text, {_one_line("m.location_name")} AS location_name,
           m.location_country, m.lat, m.lon, m.pattern, m.mention_id, {_SPANS},
           {_one_line("se.text")} AS sentence, d.url, d.ingested_at, {_one_line("a1.name")} AS source_name,
           {_one_line("a2.name")} AS target_name
    FROM events e
    JOIN mentions m ON m.mention_id = e.first_mention AND m.event_key = e.event_key
    LEFT JOIN sentences se ON se.doc_id = m.doc_id AND se.sentence_index = m.sentence_index
    LEFT JOIN documents d ON d.doc_id = m.doc_id
    LEFT JOIN actors a1 ON a1.code = e.source
    LEFT JOIN actors a2 ON a2.code = e.target
    WHERE {{where}}
)
"""


def _actor_cols(side: str, code: str, name: str, country: str) -> str:
    special = ", ".join(f"'{c}'" for c in SPECIAL_COUNTRIES)
    group = f"CASE WHEN {country} IN ('IGO', 'NGO', 'IMG', 'MNC') THEN nullif(substr({code}, 4, 3), '') END"
    tstart = f"CASE WHEN {country} IN ('IGO', 'NGO', 'IMG', 'MNC') THEN 7 ELSE 4 END"
    return f"""
        {code} AS {side}Code, upper({name}) AS {side}Name,
        CASE WHEN {country} NOT IN ({special}) THEN {country} END AS {side}CountryCode,
        {group} AS {side}KnownGroupCode, NULL AS {side}EthnicCode, NULL AS {side}Religion1Code,
        NULL AS {side}Religion2Code,
        nullif(substr({code}, {tstart}, 3), '') AS {side}Type1Code,
        nullif(substr({code}, {tstart} + 3, 3), '') AS {side}Type2Code,
        nullif(substr({code}, {tstart} + 6, 3), '') AS {side}Type3Code"""


def _geo(prefix: str, located: bool) -> str:
    if not located:
        return ", ".join(
            f"NULL AS {prefix}_{c}"
            for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
        )
    return (
        f"NULL AS {prefix}_Type, location_name AS {prefix}_FullName, NULL AS {prefix}_CountryCode, "
        f"NULL AS {prefix}_ADM1Code, NULL AS {prefix}_ADM2Code, lat AS {prefix}_Lat, lon AS {prefix}_Long, "
        f"NULL AS {prefix}_FeatureID"
    )


GDELT_SELECT = f"""
SELECT event_key AS GLOBALEVENTID, strftime(date, '%Y%m%d')::INTEGER AS SQLDATE,
       strftime(date, '%Y%m')::INTEGER AS MonthYear, year(date) AS Year,
       round(year(date) + (month(date) * 30 + day(date)) / 365, 4) AS FractionDate,
       {_actor_cols('Actor1', 'source', 'source_name', 'source_country')},
       {_actor_cols('Actor2', 'target', 'target_name', 'target_country')},
       CASE WHEN sentence_index = 0 THEN 1 ELSE 0 END AS IsRootEvent,
       code AS EventCode, left(code, 3) AS EventBaseCode, root_code AS EventRootCode,
       quad_class AS QuadClass, goldstein AS GoldsteinScale, num_mentions AS NumMentions,
       num_sources AS NumSources, num_articles AS NumArticles, NULL AS AvgTone,
       {_geo('Actor1Geo', False)}, {_geo('Actor2Geo', False)}, {_geo('ActionGeo', True)},
       strftime(ingested_at, '%Y%m%d%H%M%S')::BIGINT AS DATEADDED, coalesce(url, doc_id) AS SOURCEURL
FROM base ORDER BY date, event_key
"""

PHOENIX_SELECT = """
, agg AS (
    SELECT m.event_key, string_agg(DISTINCT d.url, ';') AS urls,
           string_agg(DISTINCT coalesce(d.outlet, d.doc_id), ';') AS outlets
    FROM mentions m JOIN documents d USING (doc_id)
    WHERE m.event_key IN (SELECT event_key FROM base)
    GROUP BY m.event_key
)
SELECT event_key AS EventID, strftime(date, '%Y%m%d') AS Date, year(date) AS Year,
       month(date) AS Month, day(date) AS Day,
       source AS SourceActorFull, source_country AS SourceActorEntity,
       nullif(substr(source, 4, 3), '') AS SourceActorRole, nullif(substr(source, 7), '') AS SourceActorAttribute,
       target AS TargetActorFull, target_country AS TargetActorEntity,
       nullif(substr(target, 4, 3), '') AS TargetActorRole, nullif(substr(target, 7), '') AS TargetActorAttribute,
       code AS EventCode, root_code AS EventRootCode,
       CASE WHEN root_code IN ('01', '02') THEN 0 WHEN root_code IN ('03', '04', '05') THEN 1
            WHEN root_code IN ('06', '07', '08') THEN 2
            WHEN root_code IN ('09', '10', '11', '12', '13', '16') THEN 3 ELSE 4 END AS PentaClass,
       goldstein AS GoldsteinScore, NULL AS Issues, lat AS Lat, lon AS Lon,
       location_name AS LocationName, NULL AS StateName, location_country AS CountryCode,
       doc_id || '_' || sentence_index AS SentenceID, agg.urls AS URLs, agg.outlets AS NewsSources
FROM base LEFT JOIN agg USING (event_key) ORDER BY date, event_key
"""

_PLOVER_PARTS = "string_split(regexp_replace(plover, '[:/]', ',', 'g'), ',')"
PLOVER_SELECT = f"""
SELECT 'dyad-' || event_key AS id, strftime(date, '%Y-%m-%d') AS date,
       trim({_PLOVER_PARTS}[1]) AS event, nullif(trim(coalesce({_PLOVER_PARTS}[2], '')), '') AS mode,
       [struct_pack(actorText := source_text, code := source_country,
                    sector := nullif(substr(source, 4, 3), ''), actorCode := source)] AS source,
       CASE WHEN target IS NULL THEN [] ELSE
       [struct_pack(actorText := target_text, code := target_country,
                    sector := nullif(substr(target, 4, 3), ''), actorCode := target)] END AS target,
       sentence AS text,
       CASE WHEN trigger_start IS NOT NULL
            THEN substr(sentence, trigger_start + 1, trigger_end - trigger_start) END AS eventText,
       code AS cameo, quad_class AS quadClass, goldstein, num_mentions AS numMentions,
       num_sources AS numSources, num_articles AS numArticles, url, doc_id AS docId
FROM base WHERE plover IS NOT NULL ORDER BY date, event_key
"""


def _event_field(field: str, cols: list[Column]) -> str:
    """One Event field rebuilt from the store's flat columns, so a line reads back with ``Event.from_dict``."""
    if field == "location":
        parts = ", ".join(f"{c.path[1]} := {c.stored}" for c in cols)
        return f"CASE WHEN {cols[0].stored} IS NULL THEN NULL ELSE struct_pack({parts}) END AS location"
    if field == "evidence":
        spans = {}
        for c in cols:
            spans.setdefault(str(c.path[1]), []).append(c.stored)
        return "struct_pack(" + ", ".join(
            f"{role} := CASE WHEN {start} IS NULL THEN NULL ELSE [{start}, {end}] END" for role, (start, end) in spans.items()
        ) + ") AS evidence"  # fmt: skip
    if field == "date":
        return "strftime(date, '%Y-%m-%d') AS date"
    return cols[0].stored if cols[0].stored == field else f"{cols[0].stored} AS {field}"


def _jsonl_select() -> str:
    by_field: dict[str, list[Column]] = {}
    for c in EVENT_COLUMNS:
        by_field.setdefault(c.field, []).append(c)
    fields = ", ".join(_event_field(f.name, by_field[f.name]) for f in dataclasses.fields(Event))
    return f"SELECT {fields}, num_mentions, num_sources, num_articles, event_key\nFROM base ORDER BY date, event_key\n"


JSONL_SELECT = _jsonl_select()

FLAT_SELECT = """
SELECT event_key, date, last_date, source, source_name, source_country, target, target_name,
       target_country, code, root_code, quad_class, goldstein, plover, status, num_mentions,
       num_sources, num_articles, doc_id, sentence_index, sentence, url
FROM base ORDER BY date, event_key
"""

_SPEC = {
    "gdelt": (GDELT_SELECT, "FORMAT csv, DELIMITER '\t', HEADER false, NULLSTR ''"),
    "phoenix": (PHOENIX_SELECT, "FORMAT csv, DELIMITER '\t', HEADER true, NULLSTR ''"),
    "plover": (PLOVER_SELECT, "FORMAT json"),
    "jsonl": (JSONL_SELECT, "FORMAT json"),
    "csv": (FLAT_SELECT, "FORMAT csv, HEADER true"),
    "parquet": (FLAT_SELECT, "FORMAT parquet"),
}


def export_query(fmt: str, since: str | date | None = None, until: str | date | None = None,
                 status: str = "asserted", extra: tuple[str, list[object]] | None = None,
                 ) -> tuple[str, list[object], str]:  # fmt: skip
    """The SELECT for a format, its parameters, and DuckDB's COPY options for it.

    ``extra`` is a further condition on the events (``e``) with its parameters, as the HTTP
    API's event filters give it."""
    if fmt not in _SPEC:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    rng = DateRange.of(since, until)
    where, params = rng.sql("e.date")
    if status != "all":
        from dyad.model import STATUSES

        if status not in STATUSES:
            raise InputError(f"--status: {status!r} is not one of {', '.join(STATUSES)}, all")
        where += " AND e.status = ?"
        params.append(status)
    if extra is not None:
        where += f" AND ({extra[0]})"
        params.extend(extra[1])
    select, options = _SPEC[fmt]
    return _BASE.format(where=where) + select, params, options


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    output: str | Path | BinaryIO,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    status: str = "asserted",
    extra: tuple[str, list[object]] | None = None,
    force: bool = False,
) -> int:
    """Write the export to a file path (atomically) or a binary stream; return the row count.

    A path follows ``dyad.outfiles``' rules: never the store itself or any DuckDB file, and an
    existing file only when it is an earlier export (``is_export_output``) or with ``force``."""
    sql, params, options = export_query(fmt, since, until, status, extra)
    if isinstance(output, (str, Path)):
        path = check_output(output, command="dyad export", recognise=is_export_output, force=force,
                            inputs=store_files(con))  # fmt: skip
        with atomic_path(path, shown=f"--output {output}") as tmp:
            return _copy(con, sql, params, options, tmp)
    with tempfile.TemporaryDirectory(prefix="dyad-export-") as d:
        tmp = Path(d) / f"export.{fmt}"
        n = _copy(con, sql, params, options, tmp)
        with tmp.open("rb") as fh:
            shutil.copyfileobj(fh, output)
        output.flush()
    return n


def _copy(con: duckdb.DuckDBPyConnection, sql: str, params: list[object], options: str, path: Path) -> int:
    quoted = str(path).replace("'", "''")
    rows = con.execute(f"COPY ({sql}) TO '{quoted}' ({options})", params).fetchall()
    return int(rows[0][0]) if rows else 0


def store_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The database files ``con`` has open (the store an output must never replace)."""
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE path IS NOT NULL AND NOT internal").fetchall()
    return [r[0] for r in rows if r[0]]


_FLAT_HEADER = ",".join(c.strip() for c in FLAT_SELECT.split("SELECT", 1)[1].split("FROM", 1)[0].replace("\n", " ").split(","))
_PHOENIX_HEADER = "EventID\tDate\tYear\tMonth\tDay\tSourceActorFull"


def is_export_output(path: Path) -> bool:
    """An earlier ``dyad export`` (so ``-o`` may replace it without ``--force``): the csv export's
    header, the phoenix header, a JSON line with dyad's ``event_key`` or a ``dyad-`` PLOVER id, or
    a Parquet file whose schema names the flat export's columns. A GDELT file has no header to
    tell dyad's from GDELT's own, so it is never taken for an earlier export."""
    head, tail = head_and_tail(path)
    if not head:
        return True
    first = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    if first == _FLAT_HEADER or first.startswith(_PHOENIX_HEADER):
        return True
    if head.startswith(b"PAR1"):
        return tail.endswith(b"PAR1") and all(c.encode() in tail for c in ("event_key", "num_articles", "quad_class"))
    if first.startswith("{"):
        try:
            obj = json.loads(first)
        except ValueError:
            return False
        return isinstance(obj, dict) and ("event_key" in obj or str(obj.get("id", "")).startswith("dyad-"))
    return False
