"""Benchmark: 100,000 actor lookups against a plain dict lookup measured in the same run.

The mix is what the coder sends: names and aliases of every actor, country adjective + sector
noun phrases ("Israeli forces"), titles before names, spelling variants, and unknown phrases,
each with a date. "Cold" uses a fresh ActorBase (every distinct text is resolved once, then
cached on the instance); "warm" repeats the same 100,000 lookups on the same instance.

    .venv/bin/python bench/actor_lookup.py
"""

from __future__ import annotations

import random
import time
from datetime import date

from dyad.actors import ActorBase
from dyad.actors.base import _packaged

N = 100_000


def workload(kb: ActorBase, rng: random.Random) -> list[tuple[str, date]]:
    names = [t for t, _ in kb.surface_forms()]
    adjectives = ["Syrian", "Israeli", "Russian", "Turkish", "Iranian", "Ukrainian", "US", "Saudi", "Emirati", "Lebanese", "Chinese"]
    sectors = ["forces", "troops", "foreign minister", "lawmakers", "police", "officials", "government", "army", "state media", "rebels"]
    titles = ["President", "Foreign Minister", "Syrian Interim President", "Defence Minister", "Prime Minister"]
    people = [e.names[0] for e in kb.entries() if e.kind == "person"]
    unknown = [f"Xq{i} Zorblat" for i in range(2000)] + ["the weather", "a spokesman for the company", "witnesses"]
    variants = ["Abu Muhammad al-Julani", "Golani", "Erdoğan", "Zelenskyy", "al-Shibani", "Katar", "the Kremlin's"]
    pool = (
        names
        + [f"{a} {s}" for a in adjectives for s in sectors]
        + [f"{t} {p}" for t in titles for p in people[:200]]
        + variants * 20
        + unknown
    )
    days = [date(2020, 1, 1).fromordinal(date(2020, 1, 1).toordinal() + rng.randrange(2190)) for _ in range(500)]
    return [(rng.choice(pool), rng.choice(days)) for _ in range(N)]


def main() -> None:
    rng = random.Random(7)
    kb = ActorBase.default()
    work = workload(kb, rng)
    distinct = len({t for t, _ in work})

    # baseline: a plain dict holding every text of the workload
    table = {t: t.upper() for t, _ in work}
    t0 = time.perf_counter()
    for text, _day in work:
        table.get(text)
    base = time.perf_counter() - t0

    layers, sectors, modifiers = _packaged()
    fresh = ActorBase(layers, sectors, modifiers)
    t0 = time.perf_counter()
    found = sum(1 for text, day in work if fresh.lookup(text, day) is not None)
    cold = time.perf_counter() - t0

    t0 = time.perf_counter()
    for text, day in work:
        fresh.lookup(text, day)
    warm = time.perf_counter() - t0

    print(f"{N:,} lookups ({distinct:,} distinct texts, {found:,} found), base of {len(kb):,} entries")
    print(f"plain dict baseline : {base:.4f} s  {N / base:>12,.0f} lookups/s")
    print(f"ActorBase cold      : {cold:.4f} s  {N / cold:>12,.0f} lookups/s  ratio {cold / base:6.1f}x dict")
    print(f"ActorBase warm      : {warm:.4f} s  {N / warm:>12,.0f} lookups/s  ratio {warm / base:6.1f}x dict")
    print("target: 100,000 lookups well under 1 s:", "met" if cold < 1.0 else "NOT met")


if __name__ == "__main__":
    main()
