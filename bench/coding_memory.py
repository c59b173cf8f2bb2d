"""Coding memory: peak RSS of `dyad code` on a 200 MB JSONL file, against loading the coder alone.

Method (all in one run, each measurement in its own subprocess, RSS polled from /proc every
0.1 s, children included):

1. baseline: a process that only builds the Coder (model, entity ruler, actors, gazetteer);
2. reading: a process that streams all of the 200 MB through ``read_documents`` (no coding), to
   show that input never accumulates;
3. coding: ``dyad code big.jsonl -o out.jsonl``. Coding 200 MB (about 30 million words) takes
   hours at a few thousand words per second, so the run is stopped after ``--seconds`` (SIGTERM,
   so the atomic output is cleaned up) and the RSS is reported at intervals: a streaming coder
   reaches its plateau within the first chunks and stays there; growth over the intervals is
   what would reveal accumulation. The number of documents coded by then is printed.
   ``--seconds 0`` codes the whole file instead (about an hour on one core) and counts the
   events written.

Target: peak RSS of the coding run < 1 GB.

    .venv/bin/python bench/coding_memory.py [--mb 200] [--seconds 90]
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from coding_speed import corpus  # noqa: E402  (same template sentences)

PYTHON = sys.executable
DYAD = str(Path(PYTHON).with_name("dyad"))


def make_jsonl(path: Path, mb: int) -> int:
    """About ``mb`` MB of news documents (5-12 template sentences each), one JSON object a line."""
    sents = corpus(4000, seed=11)
    rng = random.Random(3)
    target = mb * 1_000_000
    n = size = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            text = " ".join(rng.choice(sents) for _ in range(rng.randint(5, 12)))
            line = json.dumps({"id": f"doc{n}", "date": "2025-10-16", "text": text}) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def rss_tree(pid: int) -> int:
    """Memory (bytes) of a process and its children, from /proc.

    One process: its resident set size (VmRSS). With children (``--workers``): the sum of their
    proportional set sizes (Pss), because forked workers share the parent's model pages and a
    sum of RSS would count those pages once per process.
    """
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    field, source = ("VmRSS:", "status") if len(pids) == 1 else ("Pss:", "smaps_rollup")
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/{source}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
    return total


def watch(cmd: list[str], seconds: float | None, marks: tuple[float, ...] = ()) -> tuple[int, list[tuple[float, int]], str]:
    """Run cmd, poll RSS; stop it with SIGTERM after ``seconds``. Returns peak, (t, rss) marks, stderr."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, t0, seen = 0, time.monotonic(), []
    pending = list(marks)
    while proc.poll() is None:
        rss = rss_tree(proc.pid)
        peak = max(peak, rss)
        el = time.monotonic() - t0
        if pending and el >= pending[0]:
            seen.append((el, rss))
            pending.pop(0)
        if seconds is not None and el > seconds:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            break
        time.sleep(0.1)
    out, err = proc.communicate()
    return peak, seen, (out or "") + (err or "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=90.0,
                    help="how long to let the coding run; 0: code the whole file")
    ap.add_argument("--workers", type=int, default=1, help="dyad code --workers N (memory summed as PSS)")
    args = ap.parse_args()
    mb = 1024 * 1024

    with tempfile.TemporaryDirectory(prefix="dyad-mem-") as tmp:
        big = Path(tmp) / "big.jsonl"
        t = time.perf_counter()
        n_docs = make_jsonl(big, args.mb)
        print(f"input: {big.stat().st_size / 1e6:.0f} MB, {n_docs} documents (made in {time.perf_counter() - t:.0f} s)")

        base_peak, _, out = watch(
            [PYTHON, "-c", "from dyad.coder.pipeline import Coder; c = Coder(); c.nlp; print('loaded')"], None
        )
        print(f"baseline (load the Coder only): peak RSS {base_peak / mb:7.0f} MB")

        read_peak, _, out = watch(
            [PYTHON, "-c", f"from dyad.run.inputs import read_documents\n"
                           f"print(sum(1 for _ in read_documents([{str(big)!r}])))"],
            None,
        )
        print(f"reading all {args.mb} MB (no coding):  peak RSS {read_peak / mb:7.0f} MB  ({out.strip()} documents)")

        out_file = Path(tmp) / "out.jsonl"
        whole = args.seconds <= 0
        marks = (15, 30, 60, 120, 300, 600, 1200, 1800, 2400, 3600, 5400, 7200)
        marks = marks if whole else tuple(x for x in marks if x < args.seconds)
        cmd = [DYAD, "code", str(big), "-o", str(out_file), "--workers", str(args.workers)]
        t = time.perf_counter()
        peak, seen, err = watch(cmd, None if whole else args.seconds, marks)
        el = time.perf_counter() - t
        what = "peak RSS" if args.workers == 1 else f"peak PSS of the {args.workers + 1} processes"
        if whole:
            with out_file.open(encoding="utf-8") as fh:
                n_events = sum(1 for _ in fh)
            print(f"dyad code --workers {args.workers}, whole file in {el:.0f} s ({n_events} events written): "
                  f"{what} {peak / mb:7.0f} MB")
        else:
            print(f"dyad code --workers {args.workers}, stopped after {args.seconds:.0f} s: {what} {peak / mb:7.0f} MB")
        for el, rss in seen:
            print(f"   memory at {el:5.0f} s: {rss / mb:6.0f} MB")
        left = [p.name for p in Path(tmp).iterdir() if p.name.endswith(".part")]
        print(f"   partial output files left after the {'run' if whole else 'interrupted run'}: {left or 'none'}")
        print(f"peak / baseline: {peak / base_peak:.2f}x; target: peak < 1024 MB -> {'met' if peak < 1024 * mb else 'NOT met'}")
        if whole:
            tail = err.strip().splitlines()[-3:]
            print(f"   dyad code said: {' | '.join(tail) if tail else '(nothing)'}")
            return
        # How far it got: a probe run on a prefix, timed, gives documents per second.
        probe = Path(tmp) / "probe.jsonl"
        with big.open(encoding="utf-8") as src, probe.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= 300:
                    break
                dst.write(line)
        t = time.perf_counter()
        subprocess.run([DYAD, "code", str(probe), "-o", str(Path(tmp) / "probe.out")], check=True)
        el = time.perf_counter() - t
        print(f"(for scale: 300 documents take {el:.0f} s including start-up; the full file would take "
              f"about {n_docs / 300 * el / 3600:.1f} h on this machine)")


if __name__ == "__main__":
    main()
