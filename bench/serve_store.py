"""Build a large synthetic store in the store's real schema, for ``bench/serve_latency.py``.

Every table the server reads is filled as an ingest would fill it: documents (ten events each,
with title, URL, outlet), sentences, one mention per event (actor texts, evidence spans, pattern,
a location for a third of them) and the deduplicated events pointing at their first mention,
plus the actors and the store's daily and monthly sums. Rows are written in date order, as a store fed day by day is, so event keys,
document ids and dates grow together. Built in SQL by DuckDB (what is timed is reading).

    .venv/bin/python bench/serve_store.py PATH [--events 10000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dyad.store import aggregates, connect

COUNTRIES = [("SYR", "Syrian", 33.51, 36.29), ("RUS", "Russian", 55.75, 37.62), ("USA", "American", 38.90, -77.04),
             ("IRN", "Iranian", 35.69, 51.39), ("ISR", "Israeli", 31.77, 35.21), ("TUR", "Turkish", 39.93, 32.86),
             ("UKR", "Ukrainian", 50.45, 30.52), ("CHN", "Chinese", 39.90, 116.40), ("FRA", "French", 48.86, 2.35),
             ("DEU", "German", 52.52, 13.40), ("GBR", "British", 51.51, -0.13), ("IRQ", "Iraqi", 33.31, 44.36),
             ("EGY", "Egyptian", 30.04, 31.24), ("SAU", "Saudi", 24.71, 46.68), ("PSE", "Palestinian", 31.90, 35.20),
             ("LBN", "Lebanese", 33.89, 35.50), ("JOR", "Jordanian", 31.95, 35.93), ("AFG", "Afghan", 34.56, 69.21),
             ("PAK", "Pakistani", 33.68, 73.05), ("IND", "Indian", 28.61, 77.21), ("JPN", "Japanese", 35.68, 139.69),
             ("KOR", "South Korean", 37.57, 126.98), ("PRK", "North Korean", 39.04, 125.76), ("BRA", "Brazilian", -15.79, -47.88),
             ("ARG", "Argentine", -34.60, -58.38), ("MEX", "Mexican", 19.43, -99.13), ("CAN", "Canadian", 45.42, -75.70),
             ("AUS", "Australian", -35.28, 149.13), ("NGA", "Nigerian", 9.08, 7.40), ("ETH", "Ethiopian", 9.03, 38.74),
             ("SDN", "Sudanese", 15.50, 32.56), ("SSD", "South Sudanese", 4.85, 31.58), ("LBY", "Libyan", 32.89, 13.19),
             ("TUN", "Tunisian", 36.81, 10.18), ("DZA", "Algerian", 36.75, 3.06), ("MAR", "Moroccan", 34.02, -6.83),
             ("YEM", "Yemeni", 15.37, 44.19), ("OMN", "Omani", 23.59, 58.41), ("QAT", "Qatari", 25.29, 51.53),
             ("ARE", "Emirati", 24.45, 54.38), ("KWT", "Kuwaiti", 29.38, 47.99), ("BHR", "Bahraini", 26.23, 50.59),
             ("AZE", "Azerbaijani", 40.41, 49.87), ("ARM", "Armenian", 40.18, 44.51), ("GEO", "Georgian", 41.72, 44.79),
             ("BLR", "Belarusian", 53.90, 27.57), ("POL", "Polish", 52.23, 21.01), ("ITA", "Italian", 41.90, 12.50),
             ("ESP", "Spanish", 40.42, -3.70), ("GRC", "Greek", 37.98, 23.73), ("SRB", "Serbian", 44.79, 20.45),
             ("HUN", "Hungarian", 47.50, 19.04), ("VEN", "Venezuelan", 10.48, -66.90), ("COL", "Colombian", 4.71, -74.07),
             ("CUB", "Cuban", 23.11, -82.37), ("IDN", "Indonesian", -6.21, 106.85), ("MMR", "Burmese", 19.76, 96.08),
             ("THA", "Thai", 13.76, 100.50), ("VNM", "Vietnamese", 21.03, 105.85), ("PHL", "Philippine", 14.60, 120.98)]  # fmt: skip
ROLES = [("GOV", "government"), ("MIL", "forces"), ("REB", "rebels"), ("OPP", "opposition"), ("", "officials"),
         ("GOVMIL", "defence ministry")]  # fmt: skip
CODES = [("042", 1, 1.9, "CONSULT", "visited"), ("043", 1, 2.8, "CONSULT", "hosted"), ("057", 1, 8.0, "AGREE", "signed a deal with"),
         ("061", 2, 6.4, "COOPERATE", "cooperated with"), ("071", 2, 7.4, "AID", "sent aid to"), ("111", 3, -2.0, "ACCUSE", "criticized"),
         ("130", 3, -4.4, "THREATEN", "threatened"), ("173", 4, -5.0, "COERCE", "arrested members of"),
         ("190", 4, -10.0, "ASSAULT", "attacked"), ("193", 4, -10.0, "ASSAULT", "fought")]  # fmt: skip
PER_DOC = 10
DAYS = 1826  # five years


def _list(values) -> str:  # noqa: ANN001
    return "[" + ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values) + "]"


def build(path: Path, n: int) -> float:
    nc, nr, nk = len(COUNTRIES), len(ROLES), len(CODES)
    C = lambda i: _list(c[i] for c in COUNTRIES)  # noqa: E731
    R = lambda i: _list(r[i] for r in ROLES)  # noqa: E731
    K = lambda i: _list(c[i] for c in CODES)  # noqa: E731
    t = time.perf_counter()
    with connect(path, write=True) as con:
        con.execute("SET preserve_insertion_order = true")
        con.execute(f"""
        CREATE TEMP TABLE gen AS
        WITH r AS (SELECT i, hash(i)::UBIGINT AS h, hash(i, 'b')::UBIGINT AS g FROM range({n}) t(i)),
        f AS (SELECT i, h, g, (h % {nc})::INTEGER + 1 AS si, ((h % {nc}) + 1 + (h // {nc}) % {nc - 1})::INTEGER % {nc} + 1 AS ti,
                     (g % {nk})::INTEGER + 1 AS ki, ((g // 16) % {nr})::INTEGER + 1 AS sr,
                     ((g // 256) % {nr})::INTEGER + 1 AS tr, ((h // 3600) % {DAYS})::INTEGER AS d FROM r)
        SELECT row_number() OVER (ORDER BY d, i) AS k, DATE '2021-01-01' + d AS date, h,
               {C(0)}[si] || {R(0)}[sr] AS source, {C(0)}[si] AS source_country,
               {C(1)}[si] || ' ' || {R(1)}[sr] AS source_text,
               {C(0)}[ti] || {R(0)}[tr] AS target, {C(0)}[ti] AS target_country,
               {C(1)}[ti] || ' ' || {R(1)}[tr] AS target_text,
               least({C(0)}[si], {C(0)}[ti]) || '|' || greatest({C(0)}[si], {C(0)}[ti]) AS dyad,
               {K(0)}[ki] AS code, left({K(0)}[ki], 2) AS root_code, {K(1)}[ki]::TINYINT AS quad_class,
               {K(2)}[ki]::DOUBLE AS goldstein, {K(3)}[ki] AS plover, {K(4)}[ki] AS verb,
               CASE (g // 4096) % 20 WHEN 0 THEN 'negated' WHEN 1 THEN 'planned' ELSE 'asserted' END AS status,
               CASE WHEN (g // 65536) % 3 = 0 THEN {C(0)}[ti] END AS place_country,
               CASE WHEN (g // 65536) % 3 = 0 THEN {C(2)}[ti] END AS lat,
               CASE WHEN (g // 65536) % 3 = 0 THEN {C(3)}[ti] END AS lon
        FROM f ORDER BY d, i""")
        con.execute(f"""
        INSERT INTO events
        SELECT k, date, date, source, source_country, target, target_country, dyad, code, root_code, quad_class,
               goldstein, plover, status, 1, 1, 1, 'm' || k FROM gen ORDER BY k""")
        con.execute(f"""
        INSERT INTO mentions
        SELECT 'm' || k, k, 'd' || lpad(((k - 1) // {PER_DOC})::VARCHAR, 9, '0'), ((k - 1) % {PER_DOC})::INTEGER, date,
               source, source_text, target, target_text, code, root_code, quad_class, goldstein, plover, status,
               place_country || ' capital', place_country, lat, lon,
               0, length(source_text), length(source_text) + length(verb) + 2, length(source_text) + length(verb) + 2 + length(target_text),
               length(source_text) + 1, length(source_text) + 1 + length(verb), 'bench.' || code,
               'outlet' || (k % 50) || '.example'
        FROM gen ORDER BY k""")
        con.execute(f"""
        INSERT INTO sentences
        SELECT 'd' || lpad(((k - 1) // {PER_DOC})::VARCHAR, 9, '0'), ((k - 1) % {PER_DOC})::INTEGER,
               source_text || ' ' || verb || ' ' || target_text || coalesce(' near ' || place_country || ' capital', '') || '.'
        FROM gen ORDER BY k""")
        con.execute(f"""
        INSERT INTO documents
        SELECT 'd' || lpad(((k - 1) // {PER_DOC})::VARCHAR, 9, '0') AS doc_id, md5(doc_id), min(date),
               'Synthetic report ' || ((k - 1) // {PER_DOC}), 'https://outlet' || ((k - 1) // {PER_DOC} % 50) || '.example/' || ((k - 1) // {PER_DOC}),
               'outlet' || ((k - 1) // {PER_DOC} % 50) || '.example', NULL, count(*), now()::TIMESTAMP
        FROM gen GROUP BY (k - 1) // {PER_DOC} ORDER BY 1""")
        con.execute("""INSERT INTO actors SELECT code, left(code, 3), any_value(name) FROM (
                         SELECT source AS code, source_text AS name FROM gen UNION ALL SELECT target, target_text FROM gen)
                       GROUP BY code""")  # fmt: skip
        con.execute("DROP TABLE gen")
        aggregates.rebuild(con)  # the daily and monthly sums an ingest keeps in step
        con.execute("CHECKPOINT")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", help="where to build it (without: nothing to do; serve_latency.py builds its own)")
    ap.add_argument("--events", type=int, default=10_000_000)
    args = ap.parse_args()
    if not args.path:
        print("serve_store.py: give PATH to build a store; bench/serve_latency.py builds one itself when run without")
        return 0
    path = Path(args.path)
    if path.exists():
        print(f"{path} exists; not rebuilt")
        return 0
    took = build(path, args.events)
    print(f"built {args.events:,} events in {took:.0f} s: {path} ({path.stat().st_size / 2**30:.2f} GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
