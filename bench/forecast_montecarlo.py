"""Monte Carlo sensitivity speed: 1,000 runs of a 15-actor, 4-issue scenario, all four models.

Compares, in the same run, the vectorised analysis (dyad.forecast.montecarlo) with the baseline
of one single-scenario run of the models timed and multiplied by 1,000. Target: under 10 s.
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
    t0 = time.perf_counter()
    reps = 5
    for _ in range(reps):
        run_models(scen, models)
    single = (time.perf_counter() - t0) / reps
    t0 = time.perf_counter()
    monte_carlo(scen, models, RUNS, seed=1)
    vec = time.perf_counter() - t0
    baseline = single * RUNS
    print("scenario: 15 actors x 4 issues, models eum (10 rounds) + compromise + median + nash")
    print(f"single run: {single * 1000:.1f} ms -> baseline single x {RUNS}: {baseline:.2f} s")
    print(f"vectorised monte carlo, {RUNS} runs: {vec:.2f} s (target < 10 s: {'ok' if vec < 10 else 'MISSED'})")
    print(f"speed-up vs baseline: {baseline / vec:.1f}x")


if __name__ == "__main__":
    main()
