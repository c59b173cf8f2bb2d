"""Sensitivity analysis: draw the inputs, rerun every model, summarise the spread of each forecast,
say where the point forecast falls in it and name the inputs that move it most.

Draws (seeded, numpy's PCG64), with a noise scale k (``--noise``, default 1):
* a number given with a range (low, most likely, high) is drawn from the triangular distribution
  on the range shrunk towards the most likely value by k;
* a number given without a range gets the stated noise model, its spread times k: position +
  N(0, 5% of the scale width), salience + N(0, 0.05) (as in the dmasad sensitivity notebook),
  capability x lognormal(0, 0.1); each clipped to its allowed range.

At k = 0 every draw is the scenario itself, so every model's distribution collapses onto its point
forecast (a test holds every registered model to that). All draws of a scenario are evaluated in
one batched ``predict`` call per model (``Cases`` of B = runs). Influence of an input = Spearman
rank correlation between its draws and the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.base import Model
from dyad.forecast.batch import Cases, IssueBatch
from dyad.forecast.result import ForecastResult
from dyad.forecast.scenario import Estimate, Issue, Scenario

POSITION_NOISE = 0.05  # share of the scale width
SALIENCE_NOISE = 0.05
CAPABILITY_NOISE = 0.10  # sigma of the log
MAX_RUNS = 100_000
MAX_DRAWS = 2_000_000  # runs x actors of one issue: bounds the memory of the draws (16 MB a field)
FLAG_BAND = (10.0, 90.0)  # a point forecast outside these percentiles of its distribution is flagged


def _draw(est: Estimate, n: int, rng: np.random.Generator, noise: str, lo: float, hi: float,
          width: float, k: float) -> np.ndarray:  # fmt: skip
    if est.has_range:
        a, b = est.bounds()
        mode = min(max(est.value, a), b)
        a, b = mode - k * (mode - a), mode + k * (b - mode)
        if b <= a:
            return np.full(n, mode)
        return rng.triangular(a, mode, b, n)
    if noise == "position":
        v = est.value + rng.normal(0.0, POSITION_NOISE * width, n) * k
    elif noise == "salience":
        v = est.value + rng.normal(0.0, SALIENCE_NOISE, n) * k
    else:
        v = est.value * rng.lognormal(0.0, CAPABILITY_NOISE, n) ** k
    return np.clip(v, lo, hi)


def draw_issue(issue: Issue, n: int, rng: np.random.Generator, noise: float = 1.0) -> dict[str, np.ndarray]:
    """Arrays (n, actors) of capability, position and salience draws for one issue."""
    lo, hi, width = issue.scale.low, issue.scale.high, issue.scale.width
    c = np.stack([_draw(s.capability, n, rng, "capability", 0.0, np.inf, width, noise) for s in issue.stakes], 1)
    x = np.stack([_draw(s.position, n, rng, "position", lo, hi, width, noise) for s in issue.stakes], 1)
    sal = np.stack([_draw(s.salience, n, rng, "salience", 0.0, 1.0, width, noise) for s in issue.stakes], 1)
    return {"capability": c, "position": x, "salience": sal}


@dataclass(frozen=True)
class Sensitivity:
    runs: int
    seed: int
    noise: float
    issues: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "seed": self.seed, "noise": self.noise, "noise_model": noise_model(),
                "issues": self.issues}  # fmt: skip


def noise_model() -> dict[str, str]:
    return {
        "ranged": "triangular(low, most likely, high), the range scaled by the noise factor",
        "position": f"value + N(0, {POSITION_NOISE:g} x scale width x noise), clipped to the scale",
        "salience": f"value + N(0, {SALIENCE_NOISE:g} x noise), clipped to 0-1",
        "capability": f"value x lognormal(0, {CAPABILITY_NOISE:g})^noise",
    }


def _ranks(a: np.ndarray) -> np.ndarray:
    r = np.empty_like(a, dtype=float)
    r[np.argsort(a, kind="stable")] = np.arange(len(a))
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(_ranks(a), _ranks(b))[0, 1])


def percentile_of(value: float, draws: np.ndarray) -> float:
    """Where ``value`` falls among the draws, in percent (mid-rank: ties count half), 0-100."""
    below = np.count_nonzero(draws < value)
    equal = np.count_nonzero(draws == value)
    return float(100.0 * (below + 0.5 * equal) / len(draws))


def check_runs(scenario: Scenario, runs: int) -> None:
    """The run limits, with a one-line error that says what would fit."""
    if runs < 2:
        raise InputError(f"--monte-carlo: need at least 2 runs, got {runs}")
    if runs > MAX_RUNS:
        raise InputError(f"--monte-carlo: {runs:,} runs; at most {MAX_RUNS:,} are allowed")
    widest = max(scenario.issues, key=lambda i: len(i.stakes))
    if runs * len(widest.stakes) > MAX_DRAWS:
        fit = MAX_DRAWS // len(widest.stakes)
        raise InputError(f"--monte-carlo: {runs:,} runs x {len(widest.stakes)} actors on issue {widest.name!r} "
                         f"exceed {MAX_DRAWS:,} draws; use at most {fit:,} runs")  # fmt: skip


def monte_carlo(
    scenario: Scenario,
    models: list[Model],
    runs: int,
    seed: int,
    top: int = 3,
    noise: float = 1.0,
    points: list[ForecastResult] | None = None,
) -> Sensitivity:
    """Distribution (median, p10, p90) of every model's forecast, the point forecast's percentile
    in it (flagged outside 10-90) and the most influential inputs."""
    check_runs(scenario, runs)
    if not (np.isfinite(noise) and 0.0 <= noise <= 10.0):
        raise InputError(f"--noise: {noise!r} is outside 0-10")
    points = points if points is not None else [m.forecast(scenario) for m in models]
    rng = np.random.default_rng(seed)
    draws = [draw_issue(issue, runs, rng, noise) for issue in scenario.issues]
    cases = Cases(tuple(IssueBatch.of_issue(issue, d["capability"], d["position"], d["salience"])
                        for issue, d in zip(scenario.issues, draws)))  # fmt: skip
    values = {m.name: m.predict(cases) for m in models}
    issues = []
    for k, (issue, d) in enumerate(zip(scenario.issues, draws)):
        per_model = {}
        for m, point in zip(models, points):
            vals = values[m.name][:, k]
            at = point.forecast(issue.name)
            pct = percentile_of(at, vals)
            per_model[m.name] = {
                "median": float(np.median(vals)),
                "p10": float(np.percentile(vals, 10)),
                "p90": float(np.percentile(vals, 90)),
                "point": at,
                "point_percentile": round(pct, 1),
                "point_outside_10_90": not FLAG_BAND[0] <= pct <= FLAG_BAND[1],
                "most_influential": _influence(issue, d, vals)[:top],
            }
        issues.append({"name": issue.name, "forecasts": per_model})
    return Sensitivity(runs, seed, noise, issues)


def _influence(issue: Issue, draws: dict[str, np.ndarray], vals: np.ndarray) -> list[dict[str, Any]]:
    infl = []
    for field, arr in draws.items():
        for k, st in enumerate(issue.stakes):
            rho = spearman(arr[:, k], vals)
            if rho:
                infl.append({"actor": st.name, "field": field, "rho": round(rho, 3)})
    infl.sort(key=lambda d: -abs(d["rho"]))
    return infl


def to_text(sens: Sensitivity) -> str:
    lines = [f"sensitivity: {sens.runs} runs, seed {sens.seed}, noise x{sens.noise:g}"]
    for issue in sens.issues:
        lines.append(f"issue {issue['name']}")
        for model, d in issue["forecasts"].items():
            lines.extend(model_lines(model, d))
    return "\n".join(lines)


def model_lines(model: str, d: dict[str, Any], width: int = 100) -> list[str]:
    import textwrap

    flag = "  << outside the 10-90% band" if d["point_outside_10_90"] else ""
    infl = "; ".join(f"{i['actor']} {i['field']} ({i['rho']:+.2f})" for i in d["most_influential"])
    head = (f"  {model:<11} median {d['median']:6.1f}  p10-p90 {d['p10']:5.1f}-{d['p90']:5.1f}  "
            f"point {d['point']:5.1f} at p{d['point_percentile']:.0f}{flag}")  # fmt: skip
    moved = textwrap.wrap(f"moved by: {infl or 'nothing (no input varies)'}", width,
                          initial_indent=" " * 14, subsequent_indent=" " * 24)  # fmt: skip
    return [head, *moved]
