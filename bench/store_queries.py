"""Query speed on a 10-million-event store (targets: ``series`` for one dyad and ``dyads --top 20``
each under 1 s), shown next to a plain ``SELECT count(*) FROM events`` in the same run.

The store is built directly in SQL (10 million deduplicated events over 60 countries x 6 roles,
five years, codes across all four quad classes) since the ingest path has its own benchmark.
Each query runs through the same library function the command calls, on a fresh read-only
connection as the command opens it; the best of 3 runs is reported.

    .venv/bin/python bench/store_queries.py [--events 10000000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from dyad.analysis import dyads, series
from dyad.store import connect

COUNTRIES = ["SYR", "RUS", "USA", "IRN", "ISR", "TUR", "UKR", "CHN", "FRA", "DEU", "GBR", "IRQ", "EGY", "SAU",
             "PSE", "LBN", "JOR", "AFG", "PAK", "IND", "JPN", "KOR", "PRK", "BRA", "ARG", "MEX", "CAN", "AUS",
             "NGA", "ETH", "SDN", "SSD", "LBY", "TUN", "DZA", "MAR", "YEM", "OMN", "QAT", "ARE", "KWT", "BHR",
             "AZE", "ARM", "GEO", "BLR", "POL", "ITA", "ESP", "GRC", "SRB", "HUN", "VEN", "COL", "CUB", "IDN",
             "MMR", "THA", "VNM", "PHL"]  # fmt: skip
ROLES = ["GOV", "MIL", "REB", "OPP", "", "GOVMIL"]
CODES = [("042", 1, 1.0), ("043", 1, 2.8), ("057", 1, 8.0), ("061", 2, 6.4), ("071", 2, 7.4), ("111", 3, -2.0),
         ("130", 3, -4.4), ("173", 4, -5.0), ("190", 4, -10.0), ("193", 4, -10.0)]  # fmt: skip


def build(path: Path, n: int) -> float:
    lst = lambda xs: "[" + ", ".join(f"'{x}'" for x in xs) + "]"  # noqa: E731
    nc, nr, nk = len(COUNTRIES), len(ROLES), len(CODES)
    t = time.perf_counter()
    with connect(path, write=True) as con:
        con.execute(f"""
        INSERT INTO events
        WITH r AS (SELECT i, hash(i)::UBIGINT AS h FROM range({n}) t(i)),
        f AS (SELECT i, (h % {nc})::BIGINT AS si, ((h % {nc}) + 1 + (h // {nc}) % {nc - 1})::BIGINT % {nc} AS ti,
                     ((h // 3571) % {nk})::BIGINT AS ki, ((h // 7) % {nr})::BIGINT AS sr,
                     ((h // 11) % {nr})::BIGINT AS tr, ((h // 131) % 1826)::INTEGER AS d FROM r)
        SELECT i + 1, DATE '2020-01-01' + d, DATE '2020-01-01' + d,
               {lst(COUNTRIES)}[si + 1] || {lst(ROLES)}[sr + 1], {lst(COUNTRIES)}[si + 1],
               {lst(COUNTRIES)}[ti + 1] || {lst(ROLES)}[tr + 1], {lst(COUNTRIES)}[ti + 1],
               least({lst(COUNTRIES)}[si + 1], {lst(COUNTRIES)}[ti + 1]) || '|' ||
               greatest({lst(COUNTRIES)}[si + 1], {lst(COUNTRIES)}[ti + 1]),
               {lst(c for c, _, _ in CODES)}[ki + 1], left({lst(c for c, _, _ in CODES)}[ki + 1], 2),
               [{", ".join(str(q) for _, q, _ in CODES)}][ki + 1],
               [{", ".join(str(g) for _, _, g in CODES)}][ki + 1], NULL, 'asserted', 1, 1, 1, 'm' || i
        FROM f ORDER BY d""")  # stored in date order, as a store fed day by day would be
        con.execute("""INSERT INTO actors SELECT DISTINCT source, source_country, source FROM events
                       UNION SELECT DISTINCT target, target_country, target FROM events""")
    return time.perf_counter() - t


def best(f, k: int = 3) -> float:
    times = []
    for _ in range(k):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--keep", help="build the store here and keep it (default: a temporary file)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as d:
        path = Path(args.keep) if args.keep else Path(d) / "big.duckdb"
        if not path.exists():
            print(f"built a {args.events:,}-event store in {build(path, args.events):.1f}s (not timed below)")

        def count() -> None:
            with connect(path) as con:
                con.execute("SELECT count(*) FROM events").fetchall()

        def one_series() -> None:
            with connect(path) as con:
                series(con, "SYR", "RUS", freq="week")

        def top20() -> None:
            with connect(path) as con:
                dyads(con, top=20)

        with connect(path) as con:
            n = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            rows = len(series(con, "SYR", "RUS", freq="week").rows)
        t_count, t_series, t_dyads = best(count), best(one_series), best(top20)
        print(f"store: {n:,} events")
        print(f"  baseline  SELECT count(*) FROM events:   {t_count * 1000:8.1f} ms")
        print(f"  series SYR RUS --freq week ({rows} rows): {t_series * 1000:8.1f} ms  ({t_series / t_count:.1f}x count)")
        print(f"  dyads --top 20:                        {t_dyads * 1000:8.1f} ms  ({t_dyads / t_count:.1f}x count)")
        ok = t_series < 1 and t_dyads < 1
        print(f"  target each under 1 s: {'met' if ok else 'NOT met'}  (timings include opening the store read-only)")
    return 0  # a measurement, not a test: the verdict is printed above


if __name__ == "__main__":
    sys.exit(main())
