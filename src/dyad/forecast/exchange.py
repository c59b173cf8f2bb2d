"""The exchange model of Stokman and Van Oosten (1994), Equal Gain variant: actors trade positions
across issues.

The outcome of each issue is the compromise (Nash bargaining) solution O = Sum c s y / Sum c s of
the actors' *voting* positions y. Two actors i and j who stand on opposite sides of the outcome on
two issues p and q, with i caring relatively more about p and j about q, both gain if j moves
towards i on p while i moves towards j on q. Moving actor k by d on issue p shifts the outcome by
d c_kp s_kp / D_p (D_p = Sum c s on p), and an outcome shift dp is worth s dp to an actor who
wants it. Equal Gain fixes the rate of exchange so that both gain the same,

    s_ip dp - s_iq dq = s_jq dq - s_jp dp   =>   dq / dp = (s_ip + s_jp) / (s_iq + s_jq),

and the trade is as large as it can be without moving anyone past the partner's position or
pushing an outcome past the position of the actor who asked for it. Exchanges are made greedily,
highest gain first (ties: actor codes, then issue order); an actor moves on an issue at most once
per round, and every remaining exchange is re-evaluated on the new voting positions. After a round
the starting positions move part of the way to the voting positions, ``(1 - s) x
salience_weight + fixed_weight`` of it (the defaults of the decide implementation, 0.4 and 0.1),
and the next round trades again. With one issue, or no profitable trade, the model is the
compromise model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np

from dyad.errors import InputError
from dyad.forecast.batch import Cases
from dyad.forecast.result import ForecastResult, IssueForecast
from dyad.forecast.scenario import Scenario
from dyad.forecast.static import effective_weights

EPS = 1e-12


@dataclass(frozen=True)
class Trade:
    """One realised exchange: ``supplier_q`` moved on ``q`` and ``supplier_p`` on ``p``."""

    round: int
    p: int  # the issue i demanded (j moved on it)
    q: int  # the issue i supplied (i moved on it)
    i: int
    j: int
    move_i: float
    move_j: float
    gain: float


def linked_arrays(cases: Cases) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One actor axis across issues: codes, and (B, m, n) capability, position, salience, present.

    Positions are put on a 0-100 scale per issue, so that a shift of the outcome is worth the
    same on every issue whatever its own unit (years, dollars, a 0-10 index).
    """
    codes: list[str] = []
    for b in cases.issues:
        if b.actors is None:
            raise InputError("the exchange model needs the actors of every issue named (actor codes)")
        codes += [a for a in b.actors if a not in codes]
    bsz, m, n = cases.size, len(cases.issues), len(codes)
    c, x, s = (np.zeros((bsz, m, n)) for _ in range(3))
    present = np.zeros((bsz, m, n), bool)
    for k, b in enumerate(cases.issues):
        cols = [codes.index(a) for a in b.actors]
        c[:, k, cols], s[:, k, cols] = b.capability, b.salience
        x[:, k, cols] = 100.0 * (b.position - b.low[:, None]) / b.width[:, None]
        present[:, k, cols] = True
    return codes, c, x, s, present


def _views(a: np.ndarray) -> tuple[np.ndarray, ...]:
    """(B, m, n) -> broadcastable views on axes [b, p, q, i, j]: a[b,p,i], a[b,p,j], a[b,q,i], a[b,q,j]."""
    return a[:, :, None, :, None], a[:, :, None, None, :], a[:, None, :, :, None], a[:, None, :, None, :]


def _best_trades(y, w, s, present, locked, order) -> tuple[np.ndarray, ...]:
    """Per case (axis 0), the exchange with the highest equal gain on voting positions ``y``
    (B, m, n): (has_trade, gain, p, q, i, j, dp, dq), each of shape (B,)."""
    bsz, m, n = y.shape
    den = w.sum(2)  # (B, m)
    out = (w * y).sum(2) / np.where(den > 0, den, 1.0)
    side = np.sign(y - out[..., None]) * present  # -1 below the outcome, +1 above, 0 at it or absent
    # axes [b, p, q, i, j]: i demands p and supplies q; j supplies p and demands q
    y_pi, y_pj, y_qi, y_qj = _views(y)
    w_pi, w_pj, w_qi, w_qj = _views(w)
    s_pi, s_pj, s_qi, s_qj = _views(s)
    d_pi, d_pj, d_qi, d_qj = _views(side)
    l_pi, l_pj, l_qi, l_qj = _views(locked)
    den_p, den_q = den[:, :, None, None, None], den[:, None, :, None, None]
    out_p, out_q = out[:, :, None, None, None], out[:, None, :, None, None]
    eye_m, eye_n = np.eye(m, dtype=bool), np.eye(n, dtype=bool)
    ok = ~eye_m[None, :, :, None, None] & ~eye_n[None, None, None, :, :]
    ok = ok & (d_pi * d_pj < 0) & (d_qi * d_qj < 0) & ~l_qi & ~l_pj & (w_pj > 0) & (w_qi > 0)
    dp_max = np.minimum(np.abs(y_pi - y_pj) * w_pj / np.maximum(den_p, EPS), np.abs(y_pi - out_p))
    dq_max = np.minimum(np.abs(y_qi - y_qj) * w_qi / np.maximum(den_q, EPS), np.abs(y_qj - out_q))
    rate = (s_pi + s_pj) / np.maximum(s_qi + s_qj, EPS)
    dp = np.minimum(dp_max, dq_max / np.maximum(rate, EPS))
    dq = rate * dp
    gain = np.where(ok, s_pi * dp - s_qi * dq, -np.inf).reshape(bsz, -1)
    best = gain.max(1)
    near = gain >= (best - 1e-12 * np.maximum(1.0, np.abs(best)))[:, None]
    # tie-break: actor codes (i, then j), then issue order (p, then q): never the listing order
    P = np.arange(m)[:, None, None, None]
    Q = np.arange(m)[None, :, None, None]
    key = ((order[None, None, :, None] * n + order[None, None, None, :]) * m + P) * m + Q
    key = np.broadcast_to(key, (m, m, n, n)).reshape(-1)
    pick = np.where(near, key[None], np.iinfo(np.int64).max).argmin(1)
    p, q, i, j = np.unravel_index(pick, (m, m, n, n))
    rows = np.arange(bsz)
    dp = np.broadcast_to(dp, (bsz, m, m, n, n)).reshape(bsz, -1)[rows, pick]
    dq = np.broadcast_to(dq, (bsz, m, m, n, n)).reshape(bsz, -1)[rows, pick]
    return best > EPS, best, p, q, i, j, dp, dq


def exchange_batch(
    c: np.ndarray, x: np.ndarray, s: np.ndarray, present: np.ndarray, order: np.ndarray,
    rounds: int, salience_weight: float, fixed_weight: float,
) -> tuple[np.ndarray, list[list[Trade]]]:  # fmt: skip
    """Outcomes (B, m) of a batch of cases (arrays (B, m, n), positions on 0-100) after
    ``rounds`` rounds, and each case's trades; every case trades in step with the others."""
    bsz, m, n = x.shape
    w = np.where(present, c * s, 0.0)
    w = np.where(present, effective_weights(w), 0.0)
    den = w.sum(2)
    rows = np.arange(bsz)
    start = x.copy()
    trades: list[list[Trade]] = [[] for _ in range(bsz)]
    y = start
    for r in range(1, rounds + 1):
        y = start.copy()
        locked = ~present
        made = np.zeros(bsz, bool)
        active = rows
        while active.size:
            has, gain, p, q, i, j, dp, dq = _best_trades(y[active], w[active], s[active], present[active],
                                                         locked[active], order)  # fmt: skip
            if not has.any():
                break
            b, p, q, i, j, dp, dq, gain = (v[has] for v in (active, p, q, i, j, dp, dq, gain))
            active = b
            move_j = dp * den[b, p] / w[b, p, j] * np.sign(y[b, p, i] - y[b, p, j])
            move_i = dq * den[b, q] / w[b, q, i] * np.sign(y[b, q, j] - y[b, q, i])
            y[b, p, j] += move_j
            y[b, q, i] += move_i
            locked = locked.copy()
            locked[b, p, j] = locked[b, q, i] = True
            made[b] = True
            for k in range(len(b)):
                trades[b[k]].append(Trade(r, int(p[k]), int(q[k]), int(i[k]), int(j[k]),
                                          float(move_i[k]), float(move_j[k]), float(gain[k])))  # fmt: skip
        if not made.any():
            break
        start = start + ((1 - s) * salience_weight + fixed_weight) * (y - start)
    outcome = np.stack([_masked_mean(y[:, k], w[:, k], present[:, k]) for k in range(m)], 1)
    return outcome, trades


def _masked_mean(y: np.ndarray, w: np.ndarray, present: np.ndarray) -> np.ndarray:
    """The weighted mean over the actors present, clipped to their positions' span."""
    lo = np.where(present, y, np.inf).min(1)
    hi = np.where(present, y, -np.inf).max(1)
    return np.clip((w * np.where(present, y, 0.0)).sum(1) / w.sum(1), lo, hi)


@dataclass(frozen=True)
class ExchangeModel:
    """Stokman and Van Oosten's exchange model (Equal Gain), every issue of a scenario at once."""

    name: ClassVar[str] = "exchange"
    rounds: int = 1
    salience_weight: float = 0.4
    fixed_weight: float = 0.1

    def __post_init__(self) -> None:
        if not 1 <= self.rounds <= 100:
            raise InputError(f"exchange parameter 'rounds': {self.rounds} is outside 1-100")
        for f in ("salience_weight", "fixed_weight"):
            v = getattr(self, f)
            if not (np.isfinite(v) and 0.0 <= v <= 1.0):
                raise InputError(f"exchange parameter {f!r}: {v!r} is outside 0-1")

    @property
    def parameters(self) -> dict[str, Any]:
        return asdict(self)

    def run(self, cases: Cases) -> tuple[np.ndarray, list[list[Trade]], list[str]]:
        codes, c, x, s, present = linked_arrays(cases)
        order = np.argsort(np.argsort(codes))  # tie-break by code, not by the order actors are listed
        out, trades = exchange_batch(c, x, s, present, order, self.rounds, self.salience_weight, self.fixed_weight)
        lows = np.stack([b.low for b in cases.issues], 1)
        widths = np.stack([b.width for b in cases.issues], 1)
        return np.clip(lows + out / 100.0 * widths, lows, lows + widths), trades, codes

    def predict(self, cases: Cases) -> np.ndarray:
        return self.run(cases)[0]

    def forecast(self, scenario: Scenario) -> ForecastResult:
        values, trades, codes = self.run(Cases.of_scenario(scenario))
        names = {st.code: st.name for issue in scenario.issues for st in issue.stakes}
        issues = []
        for k, issue in enumerate(scenario.issues):
            mine = sorted((t for t in trades[0] if k in (t.p, t.q)), key=lambda t: -t.gain)
            note = ""
            if mine:
                t = mine[0]
                note = (f"{len(mine)} exchange{'s' if len(mine) > 1 else ''}; largest: {names[codes[t.i]]} gives way "
                        f"on {scenario.issues[t.q].name} for {names[codes[t.j]]} on {scenario.issues[t.p].name}")
            issues.append(IssueForecast(issue.name, float(values[0, k]), note=note or "no profitable exchange"))
        return ForecastResult(self.name, self.parameters, tuple(issues))
