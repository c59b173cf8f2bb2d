"""The static bargaining models: compromise (weighted mean), weighted median, Nash bargaining,
and the unweighted mean as a sanity baseline.

Each is written once as a batched numpy function (leading axis = independent cases) so that the
Monte Carlo sensitivity analysis and the backtest run thousands of cases at once; a scenario's
forecast is the same function on a batch of one. The weight of an actor is capability x salience
throughout (Achen 2006: the compromise model is a first-order approximation of the Nash
bargaining solution with these weights).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from dyad.errors import InputError
from dyad.forecast.base import IssueModel
from dyad.forecast.batch import IssueBatch
from dyad.forecast.scenario import Issue


def effective_weights(w: np.ndarray) -> np.ndarray:
    """The weights, except that a case in which nobody has any weight counts every actor equally.

    Validation rejects such an issue, but a sensitivity draw can still produce one (saliences
    clipped to 0), and so can a DEU issue; equal weights keep every forecast defined and inside
    the scale. Every model goes through here, so the fallback is stated once.
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
    w = effective_weights(w)
    f = (w[..., :, None] * np.abs(x[..., :, None] - x[..., None, :])).sum(-2)
    fmin = f.min(-1, keepdims=True)
    span = np.ptp(x, axis=-1, keepdims=True) + 1.0
    tol = 1e-10 * w.sum(-1, keepdims=True) * span
    cand = np.where(f <= fmin + tol, x, np.inf)
    return cand.min(-1)


def nash_interval(x: np.ndarray, w: np.ndarray, sq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The outcomes every weighted actor prefers to the status quo ``sq`` (B,): [lo, hi] per case.

    With quadratic utilities an actor prefers o to the status quo iff |o - x| <= |sq - x|, an
    interval with the status quo at one end; the intersection is more than the status quo itself
    only when every weighted actor stands strictly on the same side of it.
    """
    active = effective_weights(w) > 0
    dist = np.abs(sq[..., None] - x)
    lo = np.where(active, x - dist, -np.inf).max(-1)
    hi = np.where(active, x + dist, np.inf).min(-1)
    return lo, hi


def nash_bargaining(
    x: np.ndarray,
    w: np.ndarray,
    low: float | np.ndarray,
    high: float | np.ndarray,
    status_quo: float | np.ndarray | None = None,
) -> np.ndarray:
    """The asymmetric Nash bargaining solution with quadratic utilities u_i(o) = 1 - ((o - x_i)/W)^2.

    Maximises Sum_i w_i log(u_i(o) - u_i(d)) over the scale. The disagreement point d is the
    status quo where one is given (NaN: none); then only outcomes every weighted actor prefers to
    the status quo are feasible, and if there are none the status quo stands. Without one, every
    actor's disagreement utility is 0, which makes the solution close to the weighted mean.
    Solved by bisection on the derivative, which is monotone because the objective is concave.
    """
    x = np.asarray(x, float)
    shape = x.shape[:-1]
    low = np.broadcast_to(np.asarray(low, float), shape)
    high = np.broadcast_to(np.asarray(high, float), shape)
    q = np.broadcast_to(np.asarray(np.nan if status_quo is None else status_quo, float), shape)
    has_q = ~np.isnan(q)
    width = (high - low)[..., None]
    w = effective_weights(w)
    active = w > 0
    qq = np.where(has_q, q, 0.0)
    u_d = np.where(has_q[..., None], 1 - ((qq[..., None] - x) / width) ** 2, 0.0)
    ilo, ihi = nash_interval(x, w, qq)
    lo = np.where(has_q, np.maximum(ilo, low), low)
    hi = np.where(has_q, np.minimum(ihi, high), high)
    stuck = has_q & (hi - lo <= 1e-12 * width[..., 0])
    a, b = lo.copy(), hi.copy()
    for _ in range(64):
        mid = 0.5 * (a + b)
        gain = 1 - ((mid[..., None] - x) / width) ** 2 - u_d
        gain = np.where(active, np.maximum(gain, 1e-300), 1.0)
        deriv = np.where(active, w * (-2 * (mid[..., None] - x) / width**2) / gain, 0.0).sum(-1)
        up = deriv > 0
        a = np.where(up, mid, a)
        b = np.where(up, b, mid)
    return np.where(stuck, q, 0.5 * (a + b))


def _power(v: np.ndarray, k: float) -> np.ndarray:
    return v if k == 1.0 else np.power(v, k)


@dataclass(frozen=True)
class CompromiseModel(IssueModel):
    """Van den Bos / Achen compromise model: the weighted mean with weights c^a x s^b.

    The exponents (default 1, the classic model) let a backtest ask whether clout or salience
    should count more than proportionally.
    """

    name: ClassVar[str] = "compromise"
    capability_exponent: float = 1.0
    salience_exponent: float = 1.0

    def __post_init__(self) -> None:
        for f in ("capability_exponent", "salience_exponent"):
            v = getattr(self, f)
            if not (np.isfinite(v) and 0.0 <= v <= 10.0):
                raise InputError(f"compromise parameter {f!r}: {v!r} is outside 0-10")

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        w = _power(batch.capability, self.capability_exponent) * _power(batch.salience, self.salience_exponent)
        return weighted_mean(batch.position, w)


@dataclass(frozen=True)
class MedianModel(IssueModel):
    """Median voter: the capability x salience weighted median (Condorcet winner in one dimension)."""

    name: ClassVar[str] = "median"

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        return weighted_median(batch.position, batch.weight)


@dataclass(frozen=True)
class MeanModel(IssueModel):
    """The unweighted mean of the positions: the baseline any weighting must beat."""

    name: ClassVar[str] = "mean"

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        return weighted_mean(batch.position, np.ones_like(batch.position))


@dataclass(frozen=True)
class NashModel(IssueModel):
    """Asymmetric Nash bargaining solution, weights capability x salience.

    ``use_status_quo``: take the scenario's status quo as the disagreement point when it gives one.
    """

    name: ClassVar[str] = "nash"
    use_status_quo: bool = True

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        sq = batch.status_quo if self.use_status_quo else None
        return nash_bargaining(batch.position, batch.weight, batch.low, batch.high, sq)

    def note(self, issue: Issue, batch: IssueBatch, value: float) -> str:
        """Why the status quo stands, where it does: the output says it, not only the docs."""
        sq = float(batch.status_quo[0])
        if not self.use_status_quo or np.isnan(sq) or value != sq:
            return ""
        x, w = batch.position[0], effective_weights(batch.weight)[0]
        names = [st.name for st in issue.stakes]
        at = [n for n, xi, wi in zip(names, x, w) if wi > 0 and xi == sq]
        if at:
            return f"status quo stands: {at[0]} sits at it ({sq:g}), so no outcome is better for every actor"
        below = [(xi, n) for n, xi, wi in zip(names, x, w) if wi > 0 and xi < sq]
        above = [(xi, n) for n, xi, wi in zip(names, x, w) if wi > 0 and xi > sq]
        if below and above:
            lo, hi = min(below), max(above)
            return (f"status quo stands: actors stand on both sides of it ({lo[1]} at {lo[0]:g}, "
                    f"{hi[1]} at {hi[0]:g}), so any move hurts one of them")  # fmt: skip
        return "status quo stands: no outcome is better than it for every weighted actor"
