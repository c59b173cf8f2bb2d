"""Benchmark: loading the full Phoenix dictionary set into dyad's models.

Target: a load (as ``dyad code --dictionaries`` and ``dyad validate`` do it, with the cache)
under 5 seconds. Measured in one run, against the baseline of merely reading the same files'
bytes: (1) parsing only, (2) parsing and converting (ActorBase + PatternSet) without the cache
(the first load after a dictionary changes), (3) a cached load. Needs
../shared/data/external/phoenix-dictionaries (skips otherwise). Times depend on machine load: the
ratios against the byte read are printed so runs can be compared.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ROOT.parent / "shared" / "data" / "external" / "phoenix-dictionaries"
TARGET_S = 5.0


def best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    if not PHOENIX.is_dir():
        print(f"skip: {PHOENIX} not found (../shared is absent)")
        return 0
    os.environ["DYAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="dyad-bench-")
    warnings.simplefilter("ignore")
    from dyad.dictionaries.directory import find_dictionaries, read_dictionaries
    from dyad.dictionaries.load import load

    files = find_dictionaries(PHOENIX)
    paths = [p for ps in files.values() for p in ps]
    size = sum(p.stat().st_size for p in paths)

    read_s = best_of(5, lambda: [p.read_bytes() for p in paths])
    parse_s = best_of(2, lambda: read_dictionaries(files, lenient=True))
    fresh_s = best_of(1, lambda: load(files=files, lenient=True, use_cache=False))
    load(files=files, lenient=True)  # fills the cache
    cached_s = best_of(3, lambda: load(files=files, lenient=True))
    loaded = load(files=files, lenient=True)

    print(f"Phoenix set: {len(paths)} files, {size / 1e6:.2f} MB; {loaded.report.lines()[0]}")
    print(f"read bytes (baseline)      {read_s * 1000:9.1f} ms   1.0x")
    print(f"parse only                 {parse_s * 1000:9.1f} ms   {parse_s / read_s:,.0f}x")
    print(f"parse + convert, no cache  {fresh_s * 1000:9.1f} ms   {fresh_s / read_s:,.0f}x")
    print(f"cached load                {cached_s * 1000:9.1f} ms   {cached_s / read_s:,.0f}x")
    ok = cached_s < TARGET_S
    print(f"target: load < {TARGET_S:.0f} s: {'met' if ok else 'MISSED'} (cached {cached_s:.2f} s; "
          f"first load after a change {fresh_s:.2f} s, {'within' if fresh_s < TARGET_S else 'over'} the target)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
