"""The static bargaining baselines: compromise (weighted mean), weighted median, Nash bargaining.

Each is written once as a batched numpy function (leading axis = independent draws) so that the
Monte Carlo sensitivity analysis and the backtest run thousands of cases at once; the model
classes apply them to a scenario with a batch of one. The weight of an actor is capability x
salience throughout (Achen 2006: the compromise model is a first-order approximation of the
Nash bargaining solution with these weights).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from dyad.forecast.result import ForecastResult, IssueForecast
from dyad.forecast.scenario import Scenario


def effective_weights(w: np.ndarray) -> np.ndarray:
    """The weights, except that a case in which nobody has any weight counts every actor equally.

    Validation rejects such an issue, but a sensitivity draw can still produce one (saliences
    clipped to 0); equal weights keep every forecast defined and inside the scale.
    """
    w = np.asarray(w, float)
    return np.where(w.sum(-1, keepdims=True) > 0, w, 1.0)


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Sum(w x) / Sum(w) along the last axis."""
    w = effective_weights(w)
    # a mean lies between the extremes; the division can overshoot them by an ulp (one actor at
    # 100.0 gave 100.00000000000001, outside the scale)
    return np.clip((w * x).sum(-1) / w.sum(-1), x.min(-1), x.max(-1))


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The Condorcet winner among the actors' positions under weighted linear-distance voting.

    In one dimension position a beats b iff F(a) < F(b) with F(y) = Sum_k w_k |x_k - y|, so the
    winner is the position minimising F: the weighted median. Tie-break (documented): when two
    positions tie, the lower one is returned, so the answer never depends on actor order.
    """
    f = (w[..., :, None] * np.abs(x[..., :, None] - x[..., None, :])).sum(-2)
    fmin = f.min(-1, keepdims=True)
    span = np.ptp(x, axis=-1, keepdims=True) + 1.0
    tol = 1e-10 * w.sum(-1, keepdims=True) * span
    cand = np.where(f <= fmin + tol, x, np.inf)
    return cand.min(-1)


def nash_bargaining(
    x: np.ndarray, w: np.ndarray, low: float, high: float, status_quo: np.ndarray | None = None
) -> np.ndarray:
    """The asymmetric Nash bargaining solution with quadratic utilities u_i(o) = 1 - ((o - x_i)/W)^2.

    Maximises Sum_i w_i log(u_i(o) - u_i(d)) over the scale. The disagreement point d is the
    status quo when given (then only outcomes every weighted actor prefers to the status quo are
    feasible; if there are none, the status quo stands), else utility 0 for everyone (which
    makes the solution close to the weighted mean). Solved by bisection on the derivative, which
    is monotone because the objective is concave.
    """
    width = high - low
    x = np.asarray(x, float)
    w = effective_weights(w)
    active = w > 0
    if status_quo is None:
        u_d = np.zeros_like(x)
        lo = np.full(x.shape[:-1], float(low))
        hi = np.full(x.shape[:-1], float(high))
        stuck = np.zeros(x.shape[:-1], bool)
    else:
        q = np.broadcast_to(np.asarray(status_quo, float), x.shape[:-1])
        dist = np.abs(q[..., None] - x)
        u_d = 1 - (dist / width) ** 2
        lo = np.where(active, x - dist, -np.inf).max(-1)
        hi = np.where(active, x + dist, np.inf).min(-1)
        lo = np.maximum(lo, low)
        hi = np.minimum(hi, high)
        stuck = hi - lo <= 1e-12 * width
    a, b = lo.copy(), hi.copy()
    for _ in range(64):
        mid = 0.5 * (a + b)
        gain = 1 - ((mid[..., None] - x) / width) ** 2 - u_d
        gain = np.where(active, np.maximum(gain, 1e-300), 1.0)
        deriv = np.where(active, w * (-2 * (mid[..., None] - x) / width**2) / gain, 0.0).sum(-1)
        up = deriv > 0
        a = np.where(up, mid, a)
        b = np.where(up, b, mid)
    out = 0.5 * (a + b)
    if status_quo is not None:
        out = np.where(stuck, q, out)
    return out


@dataclass(frozen=True)
class CompromiseModel:
    """Van den Bos / Achen compromise model: the capability x salience weighted mean."""

    name: str = "compromise"

    def forecast(self, scenario: Scenario) -> ForecastResult:
        out = []
        for issue in scenario.issues:
            c, x, s = issue.arrays()
            out.append(IssueForecast(issue.name, float(weighted_mean(x, c * s))))
        return ForecastResult(self.name, asdict(self), tuple(out))


@dataclass(frozen=True)
class MedianModel:
    """Median voter: the capability x salience weighted median (Condorcet winner in one dimension)."""

    name: str = "median"

    def forecast(self, scenario: Scenario) -> ForecastResult:
        out = []
        for issue in scenario.issues:
            c, x, s = issue.arrays()
            out.append(IssueForecast(issue.name, float(weighted_median(x, c * s))))
        return ForecastResult(self.name, asdict(self), tuple(out))


@dataclass(frozen=True)
class NashModel:
    """Asymmetric Nash bargaining solution, weights capability x salience.

    ``use_status_quo``: take the scenario's status quo as the disagreement point when it gives one.
    """

    use_status_quo: bool = True
    name: str = "nash"

    def forecast(self, scenario: Scenario) -> ForecastResult:
        out = []
        for issue in scenario.issues:
            c, x, s = issue.arrays()
            sq = issue.status_quo.value if (self.use_status_quo and issue.status_quo) else None
            v = nash_bargaining(x, c * s, issue.scale.low, issue.scale.high, sq)
            out.append(IssueForecast(issue.name, float(v)))
        return ForecastResult(self.name, asdict(self), tuple(out))
