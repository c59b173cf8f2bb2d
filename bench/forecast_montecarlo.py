"""Monte Carlo sensitivity speed: 1,000 runs of a 15-actor, 4-issue scenario, the models of
``--model all`` (eum, compromise, median, nash, exchange).

Compares, in the same run, the batched analysis (dyad.forecast.montecarlo: one ``predict`` call
per model over all draws) with the baseline of one single-scenario ``forecast`` of the models
timed and multiplied by 1,000, per model and in total. Target: under 10 s for the four models of
the previous round (eum, compromise, median, nash).
"""

from __future__ import annotations

import time

import numpy as np

from dyad.forecast.models import build_models, run_models
from dyad.forecast.montecarlo import monte_carlo
from dyad.forecast.readers import scenario_from_dict

RUNS = 1000


def synthetic(n_actors: int = 15, n_issues: int = 4, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    actors = [
        {"code": f"A{i:02d}", "name": f"actor {i}", "capability": {"value": float(v), "low": float(v) * 0.8, "high": float(v) * 1.2}}
        for i, v in enumerate(rng.uniform(5, 100, n_actors).round(1))
    ]
    issues = []
    for k in range(n_issues):
        pos = rng.uniform(0, 100, n_actors).round(1)
        sal = rng.uniform(0.1, 1.0, n_actors).round(2)
        issues.append({
            "name": f"issue-{k}",
            "status_quo": round(float(rng.uniform(0, 100)), 1),
            "positions": [
                {"actor": a["code"], "position": {"value": float(p), "low": float(max(0.0, p - 10)), "high": float(min(100.0, p + 10))},
                 "salience": float(s)}
                for a, p, s in zip(actors, pos, sal)
            ],
        })
    return {"name": "bench", "actors": actors, "issues": issues}


def main() -> None:
    scen = scenario_from_dict(synthetic(), source="<bench>")
    models = build_models("all")
    reps = 5
    total_single = total_vec = classic = 0.0
    print(f"scenario: 15 actors x 4 issues, {RUNS} runs, models: {', '.join(m.name for m in models)} (eum 10 rounds)")
    for m in models:
        t0 = time.perf_counter()
        for _ in range(reps):
            run_models(scen, [m])
        single = (time.perf_counter() - t0) / reps
        t0 = time.perf_counter()
        monte_carlo(scen, [m], RUNS, seed=1)
        vec = time.perf_counter() - t0
        total_single += single
        total_vec += vec
        classic += vec if m.name != "exchange" else 0.0
        print(f"  {m.name:<11} single run {single * 1000:7.1f} ms x {RUNS} = {single * RUNS:7.2f} s; "
              f"batched {vec:6.2f} s; speed-up {single * RUNS / vec:5.1f}x")
    print(f"all models: baseline {total_single * RUNS:.2f} s, batched {total_vec:.2f} s, "
          f"speed-up {total_single * RUNS / total_vec:.1f}x")
    print(f"eum + compromise + median + nash batched: {classic:.2f} s (target < 10 s: {'ok' if classic < 10 else 'MISSED'})")


if __name__ == "__main__":
    main()
