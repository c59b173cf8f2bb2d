"""Sensitivity analysis: draw the inputs, rerun every model, summarise the spread of each forecast
and name the inputs that move it most.

Draws (seeded, numpy's PCG64):
* a number given with a range (low, most likely, high) is drawn from the triangular distribution
  on that range;
* a number given without a range gets the stated noise model: position + N(0, 5% of the scale
  width), salience + N(0, 0.05) (as in the dmasad sensitivity notebook), capability x
  lognormal(0, 0.1); each clipped to its allowed range.

All draws of an issue are evaluated in one batched call per model (no Python loop over runs).
Influence of an input = Spearman rank correlation between its draws and the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.eum import EUMModel, run_batch
from dyad.forecast.scenario import Estimate, Issue, Scenario
from dyad.forecast.static import CompromiseModel, MedianModel, NashModel, nash_bargaining, weighted_mean, weighted_median

POSITION_NOISE = 0.05  # share of the scale width
SALIENCE_NOISE = 0.05
CAPABILITY_NOISE = 0.10  # sigma of the log


def _draw(est: Estimate, n: int, rng: np.random.Generator, noise: str, lo: float, hi: float, width: float) -> np.ndarray:
    if est.has_range:
        a, b = est.bounds()
        mode = min(max(est.value, a), b)
        return rng.triangular(a, mode, b, n)
    if noise == "position":
        v = est.value + rng.normal(0.0, POSITION_NOISE * width, n)
    elif noise == "salience":
        v = est.value + rng.normal(0.0, SALIENCE_NOISE, n)
    else:
        v = est.value * rng.lognormal(0.0, CAPABILITY_NOISE, n)
    return np.clip(v, lo, hi)


def draw_issue(issue: Issue, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Arrays (n, actors) of capability, position and salience draws for one issue."""
    lo, hi, width = issue.scale.low, issue.scale.high, issue.scale.width
    c = np.stack([_draw(s.capability, n, rng, "capability", 0.0, np.inf, width) for s in issue.stakes], 1)
    x = np.stack([_draw(s.position, n, rng, "position", lo, hi, width) for s in issue.stakes], 1)
    sal = np.stack([_draw(s.salience, n, rng, "salience", 0.0, 1.0, width) for s in issue.stakes], 1)
    return {"capability": c, "position": x, "salience": sal}


def batch_forecasts(issue: Issue, draws: dict[str, np.ndarray], models: list[Any]) -> dict[str, np.ndarray]:
    """Every model's forecast for every draw, each model in one vectorised call."""
    c, x, s = draws["capability"], draws["position"], draws["salience"]
    w = c * s
    out: dict[str, np.ndarray] = {}
    for m in models:
        if isinstance(m, CompromiseModel):
            out[m.name] = weighted_mean(x, w)
        elif isinstance(m, MedianModel):
            out[m.name] = weighted_median(x, w)
        elif isinstance(m, NashModel):
            sq = issue.status_quo.value if (m.use_status_quo and issue.status_quo) else None
            out[m.name] = nash_bargaining(x, w, issue.scale.low, issue.scale.high, sq)
        elif isinstance(m, EUMModel):
            out[m.name] = run_batch(x, c, s, m.switches)["median"][:, -1]
        else:
            raise InputError(f"model {m.name!r} has no batched form for the sensitivity analysis")
    return out


@dataclass(frozen=True)
class Sensitivity:
    runs: int
    seed: int
    issues: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "seed": self.seed, "noise_model": noise_model(), "issues": self.issues}


def noise_model() -> dict[str, str]:
    return {
        "ranged": "triangular(low, most likely, high)",
        "position": f"value + N(0, {POSITION_NOISE:g} x scale width), clipped to the scale",
        "salience": f"value + N(0, {SALIENCE_NOISE:g}), clipped to 0-1",
        "capability": f"value x lognormal(0, {CAPABILITY_NOISE:g})",
    }


def _ranks(a: np.ndarray) -> np.ndarray:
    r = np.empty_like(a, dtype=float)
    r[np.argsort(a, kind="stable")] = np.arange(len(a))
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(_ranks(a), _ranks(b))[0, 1])


def monte_carlo(scenario: Scenario, models: list[Any], runs: int, seed: int, top: int = 3) -> Sensitivity:
    """Distribution (median, p10, p90) of every model's forecast and its most influential inputs."""
    if runs < 2:
        raise InputError(f"--monte-carlo: need at least 2 runs, got {runs}")
    rng = np.random.default_rng(seed)
    issues = []
    for issue in scenario.issues:
        draws = draw_issue(issue, runs, rng)
        fc = batch_forecasts(issue, draws, models)
        per_model = {}
        for name, vals in fc.items():
            infl = []
            for field, arr in draws.items():
                for k, st in enumerate(issue.stakes):
                    rho = spearman(arr[:, k], vals)
                    if rho:
                        infl.append({"actor": st.name, "field": field, "rho": round(rho, 3)})
            infl.sort(key=lambda d: -abs(d["rho"]))
            per_model[name] = {
                "median": float(np.median(vals)),
                "p10": float(np.percentile(vals, 10)),
                "p90": float(np.percentile(vals, 90)),
                "most_influential": infl[:top],
            }
        issues.append({"name": issue.name, "forecasts": per_model})
    return Sensitivity(runs, seed, issues)


def to_text(sens: Sensitivity) -> str:
    lines = [f"sensitivity: {sens.runs} runs, seed {sens.seed}"]
    for issue in sens.issues:
        lines.append(f"issue {issue['name']}")
        for model, d in issue["forecasts"].items():
            infl = "; ".join(f"{i['actor']} {i['field']} ({i['rho']:+.2f})" for i in d["most_influential"])
            lines.append(
                f"  {model:<11} median {d['median']:7.2f}  p10 {d['p10']:7.2f}  p90 {d['p90']:7.2f}  moved by: {infl}"
            )
    return "\n".join(lines)
