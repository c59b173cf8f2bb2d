"""Run by the crash and concurrency tests in a real subprocess: ingests ``n`` synthetic documents
with a slow fake coder and prints ``STORED id,id,...`` after each committed batch (and, with
several workers, ``WORKERS pid,pid`` once, so a test can check none outlives a kill)."""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.fakes import FakeCoder, doc  # noqa: E402

from dyad.run.ingest import ingest  # noqa: E402


def corpus(n: int) -> list:
    """Happenings 6 days apart, each reported by several documents on the same or the next day."""
    docs = []
    for i in range(n):
        h = i // 3  # three reports per happening
        day = 1 + (h * 6) % 360 + (i % 2)
        when = f"2024-{1 + (day - 1) // 30:02d}-{1 + (day - 1) % 30:02d}" if day <= 360 else "2024-12-30"
        pair = ("SYRGOV", "RUSGOV") if h % 2 else ("USAGOV", "IRNGOV")
        lines = [f"{pair[0]} {'042' if h % 4 else '190'} {pair[1]} {when}", f"ISRMIL 190 PSEREB {when}"]
        docs.append(doc(f"d{i:04d}", *lines, f"filler {i}", url=f"https://outlet{i % 4}.example/{i}"))
    return docs


class SlowCoder(FakeCoder):
    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def code(self, d):
        time.sleep(self.delay)
        return super().code(d)


def _report(result) -> None:
    children = multiprocessing.active_children()
    if children:
        print("WORKERS " + ",".join(str(p.pid) for p in children), flush=True)
    print("STORED " + ",".join(result.stored), flush=True)


if __name__ == "__main__":
    db, n, delay, batch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    ingest(db, corpus(n), lambda: SlowCoder(delay), batch_size=batch, workers=workers, on_batch=_report)
    print("DONE", flush=True)
