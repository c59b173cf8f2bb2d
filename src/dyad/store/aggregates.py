"""Daily and monthly sums of the asserted events, kept in step with ``events`` by every ingest,
so that series and dyad rankings read thousands of rows instead of scanning every event.

Why: on a store of ten million events a dyad's series filtered ``events`` on its pair key row by
row (the table grows in date order, so nothing narrows a scan by pair), and a ranking over a
year aggregated millions of rows; under fifty concurrent clients on two cores each answer then
waited seconds. The sums hold exactly what those queries counted (asserted events with a date)
and nothing else:

- ``pair_days``: per dyad, day, directed actor pair and quad class: events, Goldstein sum,
  mentions. Kept sorted by (dyad, date), so one dyad's rows lie together and DuckDB's zone maps
  skip every other row group; rows an ingest appends are re-sorted in once they are more than a
  fraction of the table (``_RESORT_SHARE``), so the unsorted tail every query scans stays small.
- ``dyad_days``: per day and undirected country pair: events, cooperative events (quad classes
  1-2), Goldstein sum. In date order, as ingests append it.
- ``dyad_months``: the same per month, so a ranking over two years reads 24 rows per dyad plus
  the days of its partial months.

Maintenance is by day: an ingest batch recomputes the sums of every day whose events it added or
changed (a merged mention can move an event's date and raises its mention count), from
``events``, inside the batch's transaction. Recomputing rather than adding deltas keeps the sums
equal to what a query over ``events`` gives, whatever the batch did.
"""

from __future__ import annotations

from datetime import date

import duckdb

ASSERTED = "asserted"
TABLES = ("pair_days", "dyad_days", "dyad_months")

DDL = [
    """CREATE TABLE pair_days (
        dyad VARCHAR NOT NULL,
        date DATE NOT NULL,
        source VARCHAR NOT NULL,
        source_country VARCHAR NOT NULL,
        target VARCHAR,
        target_country VARCHAR,
        quad_class TINYINT NOT NULL,
        events BIGINT NOT NULL,
        goldstein_sum DOUBLE NOT NULL,
        mentions BIGINT NOT NULL
    )""",
    """CREATE TABLE dyad_days (
        date DATE NOT NULL,
        dyad VARCHAR NOT NULL,
        events BIGINT NOT NULL,
        cooperation BIGINT NOT NULL,
        goldstein_sum DOUBLE NOT NULL
    )""",
    """CREATE TABLE dyad_months (
        month DATE NOT NULL,
        dyad VARCHAR NOT NULL,
        events BIGINT NOT NULL,
        cooperation BIGINT NOT NULL,
        goldstein_sum DOUBLE NOT NULL
    )""",
]

# {days}: a condition on ``date`` choosing the days to (re)compute.
_PAIR_DAYS = f"""
SELECT dyad, date, source, source_country, target, target_country, quad_class,
       count(*), sum(goldstein), sum(num_mentions)
FROM events WHERE status = '{ASSERTED}' AND date IS NOT NULL AND {{days}}
GROUP BY ALL
"""
_DYAD_DAYS = f"""
SELECT date, dyad, count(*), count(*) FILTER (WHERE quad_class <= 2), sum(goldstein)
FROM events WHERE status = '{ASSERTED}' AND date IS NOT NULL AND {{days}}
GROUP BY ALL
"""
_DYAD_MONTHS = """
SELECT date_trunc('month', date)::DATE AS month, dyad, sum(events), sum(cooperation), sum(goldstein_sum)
FROM dyad_days WHERE {months}
GROUP BY ALL
"""

# Appended pair_days rows are sorted back in when they exceed this share of the sorted ones.
_RESORT_SHARE = 0.05
_RESORT_MIN = 10_000  # rows; fewer cost nothing to scan
_UNSORTED_KEY = "pair_days_unsorted"


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """All sums from ``events``, in their reading order (inside the caller's transaction)."""
    for t in TABLES:
        con.execute(f"DELETE FROM {t}")
    con.execute(f"INSERT INTO pair_days {_PAIR_DAYS.format(days='TRUE')} ORDER BY dyad, date")
    con.execute(f"INSERT INTO dyad_days {_DYAD_DAYS.format(days='TRUE')} ORDER BY date, dyad")
    con.execute(f"INSERT INTO dyad_months {_DYAD_MONTHS.format(months='TRUE')} ORDER BY month, dyad")
    _set_unsorted(con, 0)


def refresh(con: duckdb.DuckDBPyConnection, days: list[date]) -> None:
    """Recompute the sums of these days (and their months) from ``events``, in the caller's
    transaction; then sort appended ``pair_days`` rows in if they have grown too many."""
    days = sorted(set(d for d in days if d is not None))
    if not days:
        return
    months = sorted({d.replace(day=1) for d in days})
    con.execute("CREATE OR REPLACE TEMP TABLE _agg_days AS SELECT unnest(?::DATE[]) AS d", [days])
    con.execute("CREATE OR REPLACE TEMP TABLE _agg_months AS SELECT unnest(?::DATE[]) AS d", [months])
    try:
        # the constant bounds let DuckDB skip row groups by their zone maps before the IN test
        in_days = f"date BETWEEN DATE '{days[0]}' AND DATE '{days[-1]}' AND date IN (SELECT d FROM _agg_days)"
        in_months = (f"month BETWEEN DATE '{months[0]}' AND DATE '{months[-1]}'"
                     " AND month IN (SELECT d FROM _agg_months)")  # fmt: skip
        con.execute(f"DELETE FROM pair_days WHERE {in_days}")
        added = con.execute(f"INSERT INTO pair_days {_PAIR_DAYS.format(days=in_days)} ORDER BY dyad, date").fetchall()
        con.execute(f"DELETE FROM dyad_days WHERE {in_days}")
        con.execute(f"INSERT INTO dyad_days {_DYAD_DAYS.format(days=in_days)} ORDER BY date, dyad")
        con.execute(f"DELETE FROM dyad_months WHERE {in_months}")
        day_months = (f"date BETWEEN DATE '{months[0]}' AND DATE '{months[-1]}' + INTERVAL 1 MONTH - INTERVAL 1 DAY"
                      " AND date_trunc('month', date) IN (SELECT d FROM _agg_months)")  # fmt: skip
        con.execute(f"INSERT INTO dyad_months {_DYAD_MONTHS.format(months=day_months)} ORDER BY month, dyad")
    finally:
        con.execute("DROP TABLE IF EXISTS _agg_days")
        con.execute("DROP TABLE IF EXISTS _agg_months")
    unsorted = _unsorted(con) + int(added[0][0])
    total = con.execute("SELECT count(*) FROM pair_days").fetchall()[0][0]
    if unsorted > _RESORT_SHARE * max(total - unsorted, 0) and unsorted > _RESORT_MIN:
        _resort_pair_days(con)
    else:
        _set_unsorted(con, unsorted)


def _resort_pair_days(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _pd AS SELECT * FROM pair_days ORDER BY dyad, date")
    con.execute("DELETE FROM pair_days")
    con.execute("INSERT INTO pair_days SELECT * FROM _pd")
    con.execute("DROP TABLE _pd")
    _set_unsorted(con, 0)


def _unsorted(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT value FROM store_info WHERE key = ?", [_UNSORTED_KEY]).fetchall()
    return int(row[0][0]) if row else 0


def _set_unsorted(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute("INSERT OR REPLACE INTO store_info VALUES (?, ?)", [_UNSORTED_KEY, str(n)])
