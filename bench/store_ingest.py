"""Ingest throughput of already-coded events into the store (target: >= 100,000 events/s).

Two paths, each against a baseline measured in the same run on the same rows:

1. Bulk (the target): JSON lines of coded events with the Event field names, as ``dyad export
   --format jsonl`` or a coder run writes them, loaded by ``dyad ingest --coded`` (dedup across
   articles, five tables, committed in chunks). Baseline: a raw DuckDB bulk load of the same file
   into one plain table (``CREATE TABLE AS SELECT * FROM read_json(...)``).
2. In-process: Event objects handed to ``write_batch``, what ``dyad ingest`` does after spaCy has
   coded a batch. Baseline: transposing the same objects into columns and one bulk INSERT.

About half of the happenings are reported by more than one document, so deduplication has work.

    .venv/bin/python bench/store_ingest.py [--events 1000000] [--objects 100000]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from dyad.model import Document, Event
from dyad.store import connect, write_batch
from dyad.store.coded import JSON_COLUMNS, load_coded
from dyad.store.ingestion import MENTION_COLUMNS, _columns

ROOTS = {"04": (1, 1.0, "CONSULT"), "05": (1, 3.5, "SUPPORT"), "06": (2, 6.0, "COOPERATE"), "11": (3, -2.0, "ACCUSE"),
         "13": (3, -6.0, "THREATEN"), "17": (4, -7.0, "COERCE"), "19": (4, -10.0, "ASSAULT")}  # fmt: skip
CODES = ["040", "042", "043", "051", "057", "061", "111", "112", "130", "138", "173", "190", "193"]
COUNTRIES = ["SYR", "RUS", "USA", "IRN", "ISR", "TUR", "UKR", "CHN", "FRA", "DEU", "GBR", "IRQ", "EGY", "SAU", "PSE"]
ROLES = ["GOV", "MIL", "REB", "OPP", "", "GOVMIL"]


def write_jsonl(path: Path, n: int, per_doc: int = 10) -> None:
    """Synthetic coded events, written by DuckDB itself (fast, and not what is being timed)."""
    lst = lambda xs: "[" + ", ".join(f"'{x}'" for x in xs) + "]"  # noqa: E731
    roots = {c: ROOTS[c[:2]] for c in CODES}
    quads = "[" + ", ".join(str(roots[c][0]) for c in CODES) + "]"
    golds = "[" + ", ".join(str(roots[c][1]) for c in CODES) + "]"
    plovers = lst(roots[c][2] for c in CODES)
    nc, nr, ncode = len(COUNTRIES), len(ROLES), len(CODES)
    happenings = max(1, n // 2)
    with duckdb.connect() as con:
        con.execute(f"""
        COPY (
          WITH r AS (SELECT i, (hash(i * 7 + 1) % {happenings})::BIGINT AS h FROM range({n}) t(i)),
          f AS (SELECT i, h, h % {nc} AS si, (h % {nc} + 1 + (h // {nc}) % {nc - 1}) % {nc} AS ti,
                       (h // 211) % {ncode} AS ci, (h // 7) % {nr} AS sr, (h // 13) % {nr} AS tr FROM r)
          SELECT 'doc' || (i // {per_doc}) AS doc_id, (i % {per_doc})::INTEGER AS sentence_index,
                 'Synthetic sentence ' || i || ' about happening ' || h || '.' AS sentence,
                 strftime(DATE '2023-01-01' + ((h * 7919) % 730)::INTEGER, '%Y-%m-%d') AS date,
                 {lst(COUNTRIES)}[si + 1] || {lst(ROLES)}[sr + 1] AS source, 'Actor ' || si AS source_text,
                 {lst(COUNTRIES)}[ti + 1] || {lst(ROLES)}[tr + 1] AS target, 'Actor ' || ti AS target_text,
                 {lst(CODES)}[ci + 1] AS code, left({lst(CODES)}[ci + 1], 2) AS root_code,
                 {quads}[ci + 1] AS quad_class, {golds}[ci + 1] AS goldstein, {plovers}[ci + 1] AS plover,
                 'asserted' AS status, NULL AS location,
                 struct_pack(source := [0, 6], target := NULL::INTEGER[], trigger := [7, 10]) AS evidence,
                 'bench' AS pattern, left(md5(i::VARCHAR), 16) AS event_id
          FROM f
        ) TO '{path}' (FORMAT json)""")


def synthetic_objects(n_events: int, per_doc: int = 10, seed: int = 1) -> list[tuple[Document, list[Event]]]:
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    happenings = []
    for _ in range(max(1, n_events // 2)):
        s, t = rng.sample(COUNTRIES, 2)
        when = start + timedelta(days=rng.randrange(730))
        happenings.append((s + rng.choice(ROLES), rng.choice(CODES), t + rng.choice(ROLES), when))
    pairs, made, d = [], 0, 0
    while made < n_events:
        doc = Document(id=f"doc{d}", text=f"synthetic article {d}", date=start, url=f"https://outlet{d % 50}.example/{d}")
        evs = []
        for i in range(per_doc):
            src, code, tgt, when = happenings[rng.randrange(len(happenings))]
            quad, gold, plover = ROOTS[code[:2]]
            evs.append(Event(doc_id=doc.id, sentence_index=i, sentence=f"{src} did {code} to {tgt} ({i}, {d}).",
                             date=when.isoformat(), source=src, source_text=src.title(), target=tgt,
                             target_text=tgt.title(), code=code, root_code=code[:2], quad_class=quad,
                             goldstein=gold, plover=plover, pattern="bench",
                             evidence={"source": (0, len(src)), "trigger": (len(src) + 1, len(src) + 8)}))  # fmt: skip
        pairs.append((doc, evs))
        made += len(evs)
        d += 1
    return pairs


CPU: dict[str, float] = {}


def timed(f, label: str = "") -> float:
    """Wall time; the process's CPU time (all threads) is kept too, being less sensitive to other
    load on a shared machine."""
    t, c = time.perf_counter(), time.process_time()
    f()
    CPU[label] = time.process_time() - c
    return time.perf_counter() - t


def bulk(tmp: Path, n: int) -> float:
    src = tmp / "coded.jsonl"
    write_jsonl(src, n)
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in JSON_COLUMNS.items()) + "}"

    def baseline() -> None:
        with duckdb.connect(str(tmp / "raw.duckdb")) as con:
            con.execute(f"CREATE TABLE raw AS SELECT * FROM read_json(?, format = 'newline_delimited', columns = {columns})", [str(src)])

    base = timed(baseline, "base")
    dyad_s = timed(lambda: load_coded(tmp / "bulk.duckdb", [src]), "dyad")
    with connect(tmp / "bulk.duckdb") as con:
        events, mentions = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM mentions)").fetchall()[0]
    assert mentions == n, (mentions, n)
    rate, cpu_rate, base_cpu_rate = n / dyad_s, n / CPU["dyad"], n / CPU["base"]
    print(f"bulk      {n:,} coded events from JSON lines ({src.stat().st_size / 1e6:.0f} MB)")
    print(f"  baseline  raw DuckDB bulk load, one plain table: {base:6.2f}s {n / base:10,.0f} events/s wall"
          f"   CPU {CPU['base']:6.2f}s {base_cpu_rate:10,.0f} events/CPU-s")
    print(f"  dyad      ingest --coded (dedup, 5 tables):      {dyad_s:6.2f}s {rate:10,.0f} events/s wall"
          f"   CPU {CPU['dyad']:6.2f}s {cpu_rate:10,.0f} events/CPU-s")
    print(f"            ({mentions:,} mentions -> {events:,} events)")
    print(f"  ratio dyad/baseline: wall {rate / (n / base):.2f}, CPU {cpu_rate / base_cpu_rate:.2f}"
          f"   target >= 100,000 events/s wall: {'met' if rate >= 100_000 else 'NOT met'} in this run")  # fmt: skip
    return rate


def objects(tmp: Path, n: int) -> None:
    pairs = synthetic_objects(n)
    # The pre-built corpus would not sit in memory during a real ingest: freeze it so the garbage
    # collector does not rescan it, for baseline and dyad alike.
    gc.collect()
    gc.freeze()

    def baseline() -> None:
        with duckdb.connect(str(tmp / "raw2.duckdb")) as con:
            _, _, cols = _columns(pairs)
            con.register("rows", cols)
            con.execute(f"CREATE TABLE raw AS SELECT {', '.join(MENTION_COLUMNS)} FROM rows")

    def store() -> None:
        with connect(tmp / "objects.duckdb", write=True) as con:
            for i in range(0, len(pairs), 2_000):
                write_batch(con, pairs[i : i + 2_000])

    base, dyad_s = timed(baseline, "obase"), timed(store, "odyad")
    print(f"in-process {n:,} Event objects (what `dyad ingest` stores after coding)")
    print(f"  baseline  transpose + one bulk INSERT:        {base:6.2f}s {n / base:10,.0f} events/s wall"
          f"   CPU {CPU['obase']:6.2f}s {n / CPU['obase']:10,.0f} events/CPU-s")
    print(f"  dyad      write_batch, 2,000 docs per commit: {dyad_s:6.2f}s {n / dyad_s:10,.0f} events/s wall"
          f"   CPU {CPU['odyad']:6.2f}s {n / CPU['odyad']:10,.0f} events/CPU-s")
    print(f"  ratio dyad/baseline: wall {base / dyad_s:.2f}, CPU {CPU['obase'] / CPU['odyad']:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="events for the bulk path")
    ap.add_argument("--objects", type=int, default=100_000, help="events for the in-process path (0 to skip)")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start (absolute rates scale with free CPU; ratios less so)")
    with tempfile.TemporaryDirectory() as d:
        bulk(Path(d), args.events)
        if args.objects:
            objects(Path(d), args.objects)
    return 0  # a measurement, not a test: the verdict is printed above (`make bench` runs on)


if __name__ == "__main__":
    sys.exit(main())
