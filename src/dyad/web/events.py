"""Finding stored events with their evidence: the filters of ``GET /api/events``, keyset pages,
one event with all its mentions, one document with its events in order.

Plain functions over an open store connection (no HTTP here). Every value a request supplies is
a bound parameter; only column names chosen from fixed tables are written into the SQL.

Pages are keyset pages: the cursor carries the last row's sort value and event key, so page 500
costs what page 1 costs and a page never repeats or skips an event while the store grows.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from dyad.errors import InputError
from dyad.model import STATUSES

SORTS = {"date": "date", "goldstein": "goldstein", "mentions": "num_mentions"}


class NotFound(InputError):
    """The event or document named in the path does not exist."""


@dataclass(frozen=True)
class EventFilter:
    """Which events: every field narrows the selection; ``None`` means no condition."""

    actor: str | None = None  # either side, code prefix (SYR, SYRGOV)
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # the two sides, either direction
    code: str | None = None  # CAMEO code prefix: 19 (the root), 190, 0421
    quad: tuple[int, ...] = ()
    status: str = "asserted"  # or "all"
    since: date | None = None
    until: date | None = None
    place: str | None = None  # a location's name (part of it) or country code
    text: str | None = None  # words in the sentence


def _known_prefix(con: duckdb.DuckDBPyConnection, code: str, param: str) -> str:
    code = code.strip().upper()
    if not code:
        raise InputError(f"{param}: empty actor code")
    if con.execute("SELECT count(*) FROM actors WHERE starts_with(code, ?)", [code]).fetchall()[0][0]:
        return code
    known = [r[0] for r in con.execute("SELECT DISTINCT country FROM actors UNION SELECT code FROM actors").fetchall()]
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"{param}: actor code {code!r} is unknown, no stored event involves it{hint}")


def _side(col: str, code: str) -> str:
    """SQL matching one side to a code prefix; a country code compares the country column."""
    return f"{col}_country = ?" if len(code) == 3 else f"starts_with(coalesce({col}, ''), ?)"


def where(con: duckdb.DuckDBPyConnection, f: EventFilter) -> tuple[str, list[Any]]:
    """The filter as a WHERE fragment over ``events e`` and its parameters (checks the codes)."""
    parts: list[str] = []
    params: list[Any] = []
    if f.status != "all":
        if f.status not in STATUSES:
            raise InputError(f"status: {f.status!r} is not one of {', '.join(STATUSES)}, all")
        parts.append("e.status = ?")
        params.append(f.status)
    if f.since and f.until and f.since > f.until:
        raise InputError(f"since: {f.since} is after until {f.until}: an empty period; swap them")
    if f.since:
        parts.append("e.date >= ?")
        params.append(f.since)
    if f.until:
        parts.append("e.date <= ?")
        params.append(f.until)
    if f.actor:
        a = _known_prefix(con, f.actor, "actor")
        parts.append(f"({_side('e.source', a)} OR {_side('e.target', a)})")
        params += [a, a]
    for param, col, value in (("source", "e.source", f.source), ("target", "e.target", f.target)):
        if value:
            v = _known_prefix(con, value, param)
            parts.append(_side(col, v))
            params.append(v)
    if f.dyad:
        a, b = (_known_prefix(con, x, "dyad") for x in f.dyad)
        if len(a) == len(b) == 3:  # the stored undirected country pair: one equality
            parts.append("e.dyad = ?")
            params.append("|".join(sorted((a, b))))
        else:
            ab = f"({_side('e.source', a)} AND {_side('e.target', b)})"
            ba = f"({_side('e.source', b)} AND {_side('e.target', a)})"
            parts.append(f"({ab} OR {ba})")
            params += [a, b, b, a]
    if f.code:
        parts.append("starts_with(e.code, ?)")
        params.append(f.code)
    if f.quad:
        parts.append(f"e.quad_class IN ({', '.join('?' for _ in f.quad)})")
        params += list(f.quad)
    if f.place:
        place = f.place.strip()
        parts.append("e.event_key IN (SELECT event_key FROM mentions WHERE location_country = ?"
                     " OR contains(lower(location_name), lower(?)))")  # fmt: skip
        params += [place.upper(), place]
    if f.text:
        parts.append("e.event_key IN (SELECT m.event_key FROM mentions m JOIN sentences s"
                     " USING (doc_id, sentence_index) WHERE contains(lower(s.text), lower(?)))")  # fmt: skip
        params.append(f.text.strip())
    return (" AND ".join(parts) or "TRUE"), params


# -- keyset cursors --------------------------------------------------------------------------


def encode_cursor(value: Any, key: int) -> str:
    v = value.isoformat() if isinstance(value, date) else value
    return base64.urlsafe_b64encode(json.dumps([v, key]).encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> tuple[Any, int]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        value, key = raw
        if not isinstance(key, int) or isinstance(key, bool):
            raise ValueError
        if sort == "date":
            value = None if value is None else date.fromisoformat(value)
        elif not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValueError
        return value, key
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InputError("after: not a cursor this API gave out for this sort (take 'next' from a page)") from None


def _keyset(col: str, desc: bool, cursor: tuple[Any, int] | None) -> tuple[str, list[Any]]:
    """Rows after the cursor in ORDER BY col [DESC] NULLS LAST, event_key [DESC]."""
    if cursor is None:
        return "TRUE", []
    value, key = cursor
    op = "<" if desc else ">"
    if value is None:  # already among the undated rows, which sort last
        return f"(e.{col} IS NULL AND e.event_key {op} ?)", [key]
    return (f"(e.{col} {op} ? OR (e.{col} = ? AND e.event_key {op} ?) OR e.{col} IS NULL)", [value, value, key])


# -- pages -----------------------------------------------------------------------------------

_EVENT_COLUMNS = ("event_key", "date", "last_date", "source", "target", "code", "root_code", "quad_class",
                  "goldstein", "plover", "status", "num_mentions", "num_sources", "num_articles", "first_mention")  # fmt: skip

_EVIDENCE = """
SELECT m.event_key, m.mention_id, m.doc_id, m.sentence_index, NULL, m.date, m.source_text, m.target_text,
       m.source_start, m.source_end, m.target_start, m.target_end, m.trigger_start, m.trigger_end,
       m.pattern, m.location_name, m.location_country, m.lat, m.lon
FROM mentions m
"""


def _mentions(con: duckdb.DuckDBPyConnection, condition: str, params: list[Any]) -> list[tuple]:
    """Evidence rows (``_EVIDENCE``) with their sentence's text put in and their document's
    title, URL and date appended.

    Sentences and documents are looked up by a list of document ids bounded by its least and
    greatest id rather than joined: a join read the whole documents table (200 ms on a million
    documents) and every sentence of the documents in range; the bounds let DuckDB skip the row
    groups of other documents (ids grow with ingest), the list all but the page's rows.
    """
    rows = con.execute(_EVIDENCE + " WHERE " + condition, params).fetchall()
    ids = sorted({r[2] for r in rows})
    if not ids:
        return []
    # a list of values rather than a joined list: DuckDB then also uses the documents' key index
    lookup = f" WHERE doc_id BETWEEN ? AND ? AND doc_id IN ({', '.join('?' for _ in ids)})"
    texts = {(d, i): t for d, i, t in con.execute(
        "SELECT doc_id, sentence_index, text FROM sentences" + lookup, [ids[0], ids[-1], *ids]).fetchall()}  # fmt: skip
    docs = {r[0]: r[1:] for r in con.execute(
        "SELECT doc_id, title, url, date FROM documents" + lookup, [ids[0], ids[-1], *ids]).fetchall()}  # fmt: skip
    return [(*r[:4], texts.get((r[2], r[3])), *r[5:], *docs.get(r[2], (None, None, None))) for r in rows]


def _span(start: Any, end: Any) -> list[int] | None:
    return None if start is None or end is None else [int(start), int(end)]


def _evidence(row: tuple) -> dict[str, Any]:
    (_, mention_id, doc_id, sentence_index, sentence, mdate, stext, ttext, ss, se, ts, te, gs, ge,
     pattern, lname, lcountry, lat, lon, title, url, ddate) = row  # fmt: skip
    return {
        "mention_id": mention_id, "doc_id": doc_id, "sentence_index": sentence_index, "sentence": sentence,
        "date": mdate.isoformat() if mdate else None, "source_text": stext, "target_text": ttext,
        "spans": {"source": _span(ss, se), "target": _span(ts, te), "trigger": _span(gs, ge)},
        "pattern": pattern,
        "location": None if lname is None else {"name": lname, "country": lcountry, "lat": lat, "lon": lon},
        "document": {"title": title, "url": url, "date": ddate.isoformat() if ddate else None},
    }  # fmt: skip


def _event(row: tuple, names: dict[str, str | None]) -> dict[str, Any]:
    e = dict(zip(_EVENT_COLUMNS, row))
    for k in ("date", "last_date"):
        e[k] = e[k].isoformat() if e[k] else None
    e["source_name"] = names.get(e["source"])
    e["target_name"] = names.get(e["target"]) if e["target"] else None
    return e


def _names(con: duckdb.DuckDBPyConnection, codes: set[str]) -> dict[str, str | None]:
    if not codes:
        return {}
    rows = con.execute("SELECT code, name FROM actors WHERE code IN (SELECT unnest(?::VARCHAR[]))", [sorted(codes)])
    return dict(rows.fetchall())


def _rows(con: duckdb.DuckDBPyConnection, keys: list[int]) -> list[tuple]:
    """The events with these keys, in this order (the key range lets DuckDB skip row groups)."""
    if not keys:
        return []
    found = con.execute(
        f"SELECT {', '.join('e.' + c for c in _EVENT_COLUMNS)} FROM events e"
        " WHERE e.event_key BETWEEN ? AND ? AND e.event_key IN (SELECT unnest(?::BIGINT[]))",
        [min(keys), max(keys), keys],
    ).fetchall()
    by_key = {r[0]: r for r in found}
    return [by_key[k] for k in keys]


_FIRST_WINDOW_DAYS = 8


def _date_windows(
    con: duckdb.DuckDBPyConnection, top: str, params: list[Any], n: int, desc: bool, f: EventFilter,
    cursor: date | None,
) -> list[tuple] | None:  # fmt: skip
    """The first ``n`` rows of a date-sorted page, looked for in growing windows of days next
    to where the page starts, or None when the windows reach the end of the dates first.

    Why: a top-N reads every matching row, and an actor over two years is a million events,
    while the newest 51 are usually in the last days. The store grows in date order, so a window
    of days is a few row groups DuckDB finds by their zone maps. Correct for any window: a row
    outside it (further in the sort, or undated) sorts after every row inside, so when the
    window holds ``n`` rows they are the first ``n``; otherwise it widens (x4).
    """
    ends = con.execute("SELECT min(date), max(date) FROM dyad_days").fetchall()[0]
    if ends[0] is None:
        return None
    first, last = (f.since or ends[0]), (f.until or ends[1])
    start = cursor if cursor is not None else (last if desc else first)
    start = min(start, last) if desc else max(start, first)
    days = _FIRST_WINDOW_DAYS
    while (start - timedelta(days=days) > first) if desc else (start + timedelta(days=days) < last):
        bound = start - timedelta(days=days) if desc else start + timedelta(days=days)
        rows = con.execute(top.format(near=f"e.date {'>=' if desc else '<='} ?"), [*params, bound, n]).fetchall()
        if len(rows) >= n:
            return rows
        days *= 4
    return None


def page(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    *,
    sort: str = "-date",
    limit: int = 50,
    after: str | None = None,
    count: bool = False,
) -> dict[str, Any]:
    """One page of events matching ``f``, each with its first mention's evidence."""
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise InputError(f"sort: {sort!r} is not one of {', '.join(s for k in SORTS for s in (k, '-' + k))}")
    col = SORTS[key]
    cond, params = where(con, f)
    ks, kparams = _keyset(col, desc, decode_cursor(after, key) if after else None)
    order = "DESC" if desc else "ASC"
    # Keys first, then the page's rows by key: sorting only (sort value, key) pairs is several
    # times cheaper than carrying every column through the top-N.
    top = (f"SELECT e.event_key, e.{col} FROM events e WHERE {cond} AND {ks} AND {{near}}"
           f" ORDER BY e.{col} {order} NULLS LAST, e.event_key {order} LIMIT ?")  # fmt: skip
    cursor = decode_cursor(after, key)[0] if after else None
    keyed = _date_windows(con, top, [*params, *kparams], limit + 1, desc, f, cursor) if col == "date" else None
    if keyed is None:
        keyed = con.execute(top.format(near="TRUE"), [*params, *kparams, limit + 1]).fetchall()
    more = len(keyed) > limit
    keyed = keyed[:limit]
    rows = _rows(con, [k for k, _ in keyed])
    names = _names(con, {r[3] for r in rows} | {r[4] for r in rows if r[4]})
    events = [_event(r, names) for r in rows]
    if events:
        keys = [e["event_key"] for e in events]
        found = _mentions(con, "m.event_key BETWEEN ? AND ? AND m.mention_id IN (SELECT unnest(?::VARCHAR[]))",
                          [min(keys), max(keys), [e["first_mention"] for e in events]])  # fmt: skip
        by_key = {r[0]: _evidence(r) for r in found}
        for e in events:
            e["evidence"] = by_key.get(e["event_key"])
    out: dict[str, Any] = {"events": events, "limit": limit, "sort": sort, "next": None}
    if more and events:
        key, value = keyed[-1]
        out["next"] = encode_cursor(value, key)
    if count:
        out["total"] = con.execute(f"SELECT count(*) FROM events e WHERE {cond}", params).fetchall()[0][0]
    return out


def event(con: duckdb.DuckDBPyConnection, event_key: int) -> dict[str, Any]:
    """One event with every mention of it (each with its sentence and document), first first."""
    rows = con.execute(
        f"SELECT {', '.join('e.' + c for c in _EVENT_COLUMNS)} FROM events e WHERE e.event_key = ?", [event_key]
    ).fetchall()
    if not rows:
        raise NotFound(f"event {event_key}: no such event in the store")
    names = _names(con, {rows[0][3], rows[0][4]} - {None})
    out = _event(rows[0], names)
    mentions = _mentions(con, "m.event_key = ? ORDER BY m.mention_id = ? DESC, m.date, m.doc_id, m.sentence_index",
                         [event_key, out["first_mention"]])  # fmt: skip
    out["mentions"] = [_evidence(r) for r in mentions]
    out["evidence"] = out["mentions"][0] if out["mentions"] else None
    return out


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    """A stored document and its coded mentions in reading order."""
    rows = con.execute(
        "SELECT doc_id, date, title, url, outlet, text, n_mentions, ingested_at FROM documents WHERE doc_id = ?",
        [doc_id],
    ).fetchall()
    if not rows:
        raise NotFound(f"document {doc_id!r}: no such document in the store")
    doc_id, ddate, title, url, outlet, text, n, ingested = rows[0]
    mentions = con.execute(
        """SELECT m.event_key, m.source, m.target, m.code, m.quad_class, m.goldstein, m.status,
                  m.mention_id, m.doc_id, m.sentence_index, s.text, m.date, m.source_text, m.target_text,
                  m.source_start, m.source_end, m.target_start, m.target_end, m.trigger_start, m.trigger_end,
                  m.pattern, m.location_name, m.location_country, m.lat, m.lon, NULL, NULL, NULL
           FROM mentions m
           LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.sentence_index = m.sentence_index
           WHERE m.doc_id = ? ORDER BY m.sentence_index, m.trigger_start NULLS LAST, m.mention_id""",
        [doc_id],
    ).fetchall()
    events = []
    for r in mentions:
        ev = {"event_key": r[0], "source": r[1], "target": r[2], "code": r[3], "quad_class": r[4],
              "goldstein": r[5], "status": r[6]}  # fmt: skip
        evidence = _evidence(r[6:])
        del evidence["document"]
        ev["evidence"] = evidence
        events.append(ev)
    return {
        "doc_id": doc_id, "date": ddate.isoformat() if ddate else None, "title": title, "url": url,
        "outlet": outlet, "text": text, "n_mentions": n, "ingested_at": ingested.isoformat() if ingested else None,
        "events": events,
    }  # fmt: skip


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the store holds, for the overview page."""
    (events, asserted, first, last), = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'asserted'), min(date), max(date) FROM events").fetchall()  # fmt: skip
    mentions = con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
    documents, last_ingest = con.execute("SELECT count(*), max(ingested_at) FROM documents").fetchall()[0]
    actors = con.execute("SELECT count(*) FROM actors").fetchall()[0][0]
    return {
        "events": events, "asserted": asserted, "mentions": mentions, "documents": documents, "actors": actors,
        "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None,
        "last_ingest": last_ingest.isoformat() if last_ingest else None,
    }  # fmt: skip


def locations(
    con: duckdb.DuckDBPyConnection, *, since: date | None = None, until: date | None = None, limit: int = 2000
) -> list[dict[str, Any]]:
    """Places where asserted events happened, with how many events each: the map's points."""
    f = EventFilter(since=since, until=until)
    cond, params = where(con, f)
    rows = con.execute(
        f"""SELECT m.location_name, any_value(m.location_country), round(avg(m.lat), 3), round(avg(m.lon), 3),
                   count(DISTINCT m.event_key)
            FROM mentions m JOIN events e ON e.event_key = m.event_key
            WHERE m.lat IS NOT NULL AND m.lon IS NOT NULL AND {cond}
            GROUP BY m.location_name ORDER BY 5 DESC, 1 LIMIT ?""",
        [*params, limit],
    ).fetchall()
    return [{"name": n, "country": c, "lat": lat, "lon": lon, "events": k} for n, c, lat, lon, k in rows]
