"""Distributed throughput: the Dask engine with 1 and 2 workers against the local coder, in one run.

All on the same JSONL file of news-style documents (coding_speed's seeded template sentences,
five to a document; ``--sentences``, at least 10,000):

1. single process: ``run.workers.code_stream`` with 1 worker, reading the file;
2. ``--workers 2``: the same with 2 forked workers (the local engine);
3. Dask, 1 and 2 workers: ``run_dask`` on a ``LocalCluster`` of 1 or 2 single-threaded worker
   processes, from the file to a Parquet events dataset (writing included);
4. reference: bare ``nlp.pipe`` (parser + NER) with ``n_process`` 1 and 2 on the same texts,
   process start included: what 2 processes can get on this machine at this moment.

Coders are loaded before each clock starts (the local coder once, in this process, and forked;
each Dask worker loads its own in a warm-up task), so every figure is coding throughput. The
machine is shared: ``uptime``'s load average is printed before and after.

Targets: Dask's 2-worker scaling >= 0.9 x the reference's scaling; Dask 2 workers within 10 % of
``--workers 2``; each Dask worker's peak resident memory under 1 GB.

    .venv/bin/python bench/distributed_throughput.py [--sentences 10000] [--partition-size 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from coding_speed import corpus, documents  # noqa: E402  (the same seeded sentences)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def local(path: Path, workers: int, coder) -> tuple[float, int]:  # noqa: ANN001
    from dyad.run.inputs import read_documents
    from dyad.run.workers import code_stream

    t = time.perf_counter()
    n = sum(len(r[1]) for r in code_stream(read_documents([str(path)]), workers=workers, coder_factory=lambda: coder)
            if isinstance(r, tuple))  # fmt: skip
    return time.perf_counter() - t, n


def dask(path: Path, workers: int, partition_size: int, tmp: Path) -> tuple[float, int, int]:
    from distributed import Client, LocalCluster

    from dyad.run import dask_engine
    from dyad.run.workers import default_coder

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(dask_engine._coder, default_coder)  # each worker loads its coder before the clock
        out = tmp / f"dask-{workers}"
        t = time.perf_counter()
        s = dask_engine.run_dask([str(path)], str(out), scheduler=cluster.scheduler_address,
                                 partition_size=partition_size, coder_factory=default_coder)  # fmt: skip
        wall = time.perf_counter() - t
    return wall, s.events, max(s.peak_rss.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--partition-size", type=int, default=100, help="documents per Dask partition")
    args = ap.parse_args()
    if args.sentences < 10_000:
        ap.error("--sentences: at least 10,000")

    import spacy

    from dyad.coder.nlp import EXCLUDE, MODEL
    from dyad.coder.pipeline import Coder

    print(f"load average before: {load()}  ({len(os.sched_getaffinity(0))} cores)")
    docs = documents(corpus(args.sentences))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "news.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps({"id": doc.id, "text": doc.text, "date": doc.date.isoformat()}) + "\n")
        bare = spacy.load(MODEL, exclude=list(EXCLUDE))
        texts = [doc.text for doc in docs]
        n_sents = sum(1 for doc in bare.pipe(texts, batch_size=64) for _ in doc.sents)
        print(f"corpus: {len(docs)} documents, {n_sents} sentences ({path.stat().st_size / 1e6:.1f} MB JSONL)")
        coder = Coder()
        coder.nlp  # noqa: B018 - loaded before the clocks

        walls: dict[str, float] = {}
        events: dict[str, int] = {}
        walls["single process"], events["single process"] = local(path, 1, coder)
        walls["--workers 2"], events["--workers 2"] = local(path, 2, coder)
        peaks = {}
        for w in (1, 2):
            name = f"dask {w} worker{'s' if w > 1 else ''}"
            walls[name], events[name], peaks[w] = dask(path, w, args.partition_size, tmp)
        for n in (1, 2):
            t = time.perf_counter()
            for _ in bare.pipe(texts, batch_size=64, n_process=n):
                pass
            walls[f"bare nlp.pipe n_process={n}"] = time.perf_counter() - t

    print()
    print(f"{'':28}{'seconds':>9}{'sent/s':>9}{'events':>8}")
    for name, wall in walls.items():
        print(f"{name:28}{wall:9.2f}{n_sents / wall:9.0f}{events.get(name, ''):>8}")
    assert len(set(events.values())) == 1, f"the engines coded different numbers of events: {events}"
    ref = walls["bare nlp.pipe n_process=1"] / walls["bare nlp.pipe n_process=2"]
    dask_scaling = walls["dask 1 worker"] / walls["dask 2 workers"]
    local_scaling = walls["single process"] / walls["--workers 2"]
    print()
    print(f"scaling 2 / 1: reference (bare nlp.pipe) {ref:.2f}x, --workers {local_scaling:.2f}x, dask {dask_scaling:.2f}x")
    print(f"dask scaling / reference scaling: {dask_scaling / ref:.2f}   (target >= 0.90)")
    print(f"dask 2 workers / --workers 2 throughput: {walls['--workers 2'] / walls['dask 2 workers']:.2f}   "
          "(target >= 0.90)")
    print(f"dask 1 worker / single process throughput: {walls['single process'] / walls['dask 1 worker']:.2f}")
    print(f"peak RSS per dask worker: 1 worker {peaks[1] / 2**20:.0f} MB, 2 workers {peaks[2] / 2**20:.0f} MB "
          "(target < 1024 MB)")
    per_core = n_sents / walls["dask 1 worker"]
    print(f"per-core throughput (dask, 1 worker): {per_core:.0f} sentences/s = {per_core * 86400 / 1e6:.1f} M sentences a core-day")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
