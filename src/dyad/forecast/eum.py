"""Bueno de Mesquita's expected utility model (EUM) as reconstructed by Scholz, Calbert & Smith (2011).

Each round: risk exponents are re-estimated from how exposed each actor is to challenges;
every actor then weighs every other actor's threat (expected utilities of challenging and being
challenged), takes the best offer it receives (confrontation, compromise, capitulation), and all
moves happen at once. The forecast is the Condorcet (weighted) median after the last round.

The literature leaves several steps ambiguous, so each choice is a named switch
(:class:`EUMSwitches`) with two presets: ``scholz-code`` reproduces the published reference
code's trajectory exactly, ``paper`` follows the paper's equations. The engine is batched with
numpy (leading axis = independent draws) so sensitivity runs cost little more than one run.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar

import numpy as np

from dyad.errors import InputError
from dyad.forecast.base import IssueModel
from dyad.forecast.batch import IssueBatch
from dyad.forecast.result import ForecastResult, IssueForecast, Move, Round
from dyad.forecast.scenario import Issue, Scenario
from dyad.forecast.static import effective_weights, weighted_mean, weighted_median

OFFER_NAMES = ("", "confrontation", "compromise", "capitulation")
MAX_ROUNDS = 1000
# Bytes the largest temporary array of a round may take: the (cases, voters, actors, actors)
# vote differences are computed in blocks of cases and voters that fit, so memory stays bounded
# whatever the number of actors or Monte Carlo runs (issue 16: 1,000 actors took 8 GB).
BLOCK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class EUMSwitches:
    """Every ambiguous choice of the model, named (see docs/forecast.md for each one's source).

    probability: 'all-pairs' divides a dyad's supporting votes by the sum of all votes over all
        voters and all ordered pairs of actors (the reference code); 'dyad' by the votes cast on
        that dyad only, so P(i beats j) + P(j beats i) = 1 (paper eq. 30/31).
    vote_risk: 'voter' weighs votes with each voter's risk exponent; 'neutral' votes with r = 1.
    rival_exponent: the exponent used when a mover estimates the rival's expected utility:
        'evaluator' (the mover's own r, reference code) or 'own' (the rival's r).
    capitulation: 'never' (the reference code's branch is unreachable) or 'full' (the mover
        gives in completely when the rival has the upper hand, paper fig. 6).
    compromise_choice: which compromise a mover takes among several: 'weighted-position' (the
        smallest EU-weighted position, reference code), 'least-movement' (paper section 6.2),
        'max-proposer-eu' (the most enforceable offer).
    position_range: 'initial' (range of the starting positions, kept fixed) or 'current'
        (recomputed each round).
    q: probability that the status quo persists when nobody challenges (Scholz chose 1.0).
    rounds: maximum number of rounds.
    detect_cycles: stop once the positions repeat: with period 1 the model has converged, with
        period p > 1 it cycles, and the forecast is the mean of the medians over one period
        (so it does not depend on which round of the cycle the run happens to end on).
    cycle_tolerance: positions "repeat" when no actor is further than this share of the scale
        width from where it was p rounds before (1e-3: a tenth of a point on a 0-100 scale).
    max_period: the longest cycle looked for.
    """

    probability: str = "all-pairs"
    vote_risk: str = "voter"
    rival_exponent: str = "evaluator"
    capitulation: str = "never"
    compromise_choice: str = "weighted-position"
    position_range: str = "initial"
    q: float = 1.0
    rounds: int = 10
    detect_cycles: bool = True
    cycle_tolerance: float = 1e-3
    max_period: int = 8

    def __post_init__(self) -> None:
        allowed = {
            "probability": ("all-pairs", "dyad"),
            "vote_risk": ("voter", "neutral"),
            "rival_exponent": ("evaluator", "own"),
            "capitulation": ("never", "full"),
            "compromise_choice": ("weighted-position", "least-movement", "max-proposer-eu"),
            "position_range": ("initial", "current"),
        }
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise InputError(
                    f"EUM switch {name!r}: {getattr(self, name)!r} is not one of {', '.join(values)}"
                )
        if not 0.0 <= self.q <= 1.0:
            raise InputError(f"EUM switch 'q': {self.q} is outside 0-1")
        if not 0 <= self.rounds <= MAX_ROUNDS:
            raise InputError(f"EUM switch 'rounds': {self.rounds} is outside 0-{MAX_ROUNDS}")
        if not (np.isfinite(self.cycle_tolerance) and 0.0 <= self.cycle_tolerance < 1.0):
            raise InputError(f"EUM switch 'cycle_tolerance': {self.cycle_tolerance} is outside 0-1")
        if not 1 <= self.max_period <= 50:
            raise InputError(f"EUM switch 'max_period': {self.max_period} is outside 1-50")


PRESETS: dict[str, EUMSwitches] = {
    "scholz-code": EUMSwitches(),
    # The paper's text where it departs from the code on a visible mistake: capitulation is a
    # full move (fig. 6), a mover concedes to the most enforceable offer (section 6.2), the range
    # is the current one. The vote share keeps the code's all-pairs normalisation: with the
    # paper's eq. 30/31 no combination of switches comes near Table 2 (see docs/forecast.md).
    "paper": EUMSwitches(
        capitulation="full",
        compromise_choice="max-proposer-eu",
        position_range="current",
    ),
    # Every switch at the paper's literal equations (eq. 30/31 probabilities, risk-neutral
    # votes, each actor's own exponent, least movement). On the EU case it freezes at 7.0.
    "paper-equations": EUMSwitches(
        probability="dyad",
        vote_risk="neutral",
        rival_exponent="own",
        capitulation="full",
        compromise_choice="least-movement",
        position_range="current",
    ),
}


def switches_for(preset: str, **overrides: Any) -> EUMSwitches:
    if preset not in PRESETS:
        raise InputError(f"unknown EUM preset {preset!r}; choose one of {', '.join(PRESETS)}")
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return replace(PRESETS[preset], **overrides)


def _probabilities(x: np.ndarray, w: np.ndarray, r: np.ndarray, rng: np.ndarray, mode: str) -> np.ndarray:
    """P[b, i, j]: the chance that position i prevails over j when the voters' support is counted.

    Voter k's support for i against j is w_k (d_kj - d_ki) with d_ki = (|x_k - x_i| / R)^r_k.
    The sum of |votes| on a dyad equals support(i, j) + support(j, i), so only the positive
    parts are ever materialised, a block of voters at a time (BLOCK_BYTES), each block reduced
    by a batched matrix product.
    """
    bsz, n = x.shape
    dist = (np.abs(x[:, :, None] - x[:, None, :]) / rng[:, None, None]) ** r[:, :, None]
    support = np.zeros((bsz, n, n))
    step = max(1, BLOCK_BYTES // (8 * bsz * n * n))
    for k0 in range(0, n, step):
        d = dist[:, k0 : k0 + step]
        diff = d[:, :, None, :] - d[:, :, :, None]  # [b, k, i, j] = d_kj - d_ki
        np.maximum(diff, 0.0, out=diff)
        kb = d.shape[1]
        support += np.matmul(w[:, None, k0 : k0 + step], diff.reshape(bsz, kb, n * n)).reshape(bsz, n, n)
    total = support + np.swapaxes(support, 1, 2)
    if mode == "all-pairs":
        total = total.sum((1, 2))[:, None, None]
        p = np.divide(support, total, out=np.zeros_like(support), where=total > 0)
    else:
        p = np.divide(support, total, out=np.full_like(support, 0.5), where=total > 0)
    same = x[:, :, None] == x[:, None, :]
    return np.where(same, 0.0, p)


def _expected_utility(
    x: np.ndarray,
    s: np.ndarray,
    p: np.ndarray,
    expo: np.ndarray | None,
    rng: np.ndarray,
    q: float,
    median: np.ndarray,
) -> np.ndarray:
    """E[b, i, j]: expected utility of i challenging j, under exponent expo[b, i, j] (None: r = 1).

    The target j resists with probability s_j (its salience); when it does, i wins with P[i, j].
    Utilities are 2 - 4 base^r; powers are taken as exp(r log base) to share the logarithms.
    """
    gap = np.abs(x[:, :, None] - x[:, None, :]) / rng[:, None, None]

    def util(base: np.ndarray) -> np.ndarray:
        base = np.maximum(base, 0.0)
        if expo is None:
            return 2.0 - 4.0 * base
        with np.errstate(divide="ignore"):
            return 2.0 - 4.0 * np.exp(expo * np.log(base))

    u_win = util(0.5 - 0.5 * gap)
    u_lose = util(0.5 + 0.5 * gap)
    u_sq = 0.0 if expo is None else 2.0 - 4.0 * np.exp(expo * np.log(0.5))
    sj = s[:, None, :]
    eu = sj * (p * u_win + (1 - p) * u_lose) + (1 - sj) * u_win - q * u_sq
    if q < 1.0:
        to_med = np.abs(x - median[:, None])[:, :, None] / rng[:, None, None]
        u_better = util(0.5 - 0.25 * (to_med + gap))
        u_worse = util(0.5 + 0.25 * (to_med + gap))
        t = to_med < gap
        eu = eu - (1 - q) * np.where(t, u_better, u_worse)
    return eu


def _risk_exponents(x, w, s, rng, sw: EUMSwitches, median) -> np.ndarray:
    """r_i in [0.5, 2] from each actor's exposure Sec_i = sum_k E(U_ki), all computed with r = 1."""
    ones = np.ones_like(x)
    p1 = _probabilities(x, w, ones, rng, sw.probability)
    eu1 = _expected_utility(x, s, p1, None, rng, sw.q, median)
    n = x.shape[1]
    eu1 = eu1 * (1 - np.eye(n))[None]
    sec = eu1.sum(1)  # column sums: sum over challengers k of E(U_ki)
    hi = sec.max(1, keepdims=True)
    lo = sec.min(1, keepdims=True)
    spread = hi - lo
    big_r = np.divide(2 * sec - hi - lo, spread, out=np.zeros_like(sec), where=spread > 0)
    return (1 - big_r / 3) / (1 + big_r / 3)


def _pick(mask: np.ndarray, key: np.ndarray, newpos: np.ndarray) -> np.ndarray:
    """Index of the chosen proposer per mover: smallest key, then lowest new position, then first."""
    k = np.where(mask, key, np.inf)
    kmin = k.min(-1, keepdims=True)
    tie = mask & (k <= kmin)
    return np.argmin(np.where(tie, newpos, np.inf), -1)


def _round(x, w, s, rng, sw: EUMSwitches, med) -> tuple[np.ndarray, ...]:
    """One round for a block of cases: (new positions, risk, offer kind, proposer, eu_self, eu_other)."""
    bsz, n = x.shape
    rows = np.arange(bsz)[:, None]
    cols = np.arange(n)[None, :]
    r = _risk_exponents(x, w, s, rng, sw, med)
    vote_r = r if sw.vote_risk == "voter" else np.ones_like(r)
    p = _probabilities(x, w, vote_r, rng, sw.probability)
    # a[i, j] = E_i(U_ij) with the mover's exponent.
    a = _expected_utility(x, s, p, np.broadcast_to(r[:, :, None], p.shape), rng, sw.q, med)
    if sw.rival_exponent == "own":
        b = np.swapaxes(a, 1, 2)  # E_j(U_ji) with j's own exponent
    else:
        m = _expected_utility(x, s, p, np.broadcast_to(r[:, None, :], p.shape), rng, sw.q, med)
        b = np.swapaxes(m, 1, 2)  # E_i(U_ji): j challenging i, seen with i's exponent
    xi = x[:, :, None]
    xj = x[:, None, :]
    valid = xi != xj
    conf = valid & (b > a) & (a > 0)
    comp = valid & (b > 0) & (a < 0) & (b > np.abs(a))
    if sw.capitulation == "full":
        cap = valid & (b > 0) & (a < 0) & (np.abs(a) > b)
    else:
        cap = np.zeros_like(conf)
    ratio = np.divide(np.abs(a), b, out=np.zeros_like(a), where=b != 0)
    comp_pos = xi + (xj - xi) * ratio
    full_pos = np.broadcast_to(xj, a.shape)
    move_len = np.abs(full_pos - xi)
    if sw.compromise_choice == "weighted-position":
        ckey = (np.abs(a) * xi + np.abs(b) * xj) / np.maximum(np.abs(a) + np.abs(b), 1e-300)
    elif sw.compromise_choice == "least-movement":
        ckey = np.abs(comp_pos - xi)
    else:
        ckey = -b
    j_conf = _pick(conf, move_len, full_pos)
    j_comp = _pick(comp, ckey, comp_pos)
    j_cap = _pick(cap, move_len, full_pos)
    kind = np.where(conf.any(-1), 1, np.where(comp.any(-1), 2, np.where(cap.any(-1), 3, 0)))
    j = np.where(kind == 1, j_conf, np.where(kind == 2, j_comp, j_cap))
    newx = np.where(kind == 2, comp_pos[rows, cols, j], full_pos[rows, cols, j])
    newx = np.where(kind > 0, newx, x)
    return newx, r, kind, np.where(kind > 0, j, -1), a[rows, cols, j], b[rows, cols, j]


def _blocked_round(x, w, s, rng, sw: EUMSwitches, med) -> tuple[np.ndarray, ...]:
    """``_round`` over blocks of cases small enough for BLOCK_BYTES (the (B, n, n) arrays)."""
    bsz, n = x.shape
    step = max(1, BLOCK_BYTES // (8 * 16 * n * n))
    if bsz <= step:
        return _round(x, w, s, rng, sw, med)
    parts = [_round(x[i : i + step], w[i : i + step], s[i : i + step], rng[i : i + step], sw, med[i : i + step])
             for i in range(0, bsz, step)]  # fmt: skip
    return tuple(np.concatenate(col) for col in zip(*parts))


def run_batch(
    x0: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    sw: EUMSwitches,
    width: np.ndarray | None = None,
    trajectory: bool = True,
) -> dict[str, np.ndarray]:
    """Run the EUM on a batch of B one-issue cases of n actors (arrays of shape (B, n)).

    ``width`` (B,) is each case's scale width, the unit of ``cycle_tolerance`` (default: the
    span of the starting positions). Always returns, per case: ``forecast``, ``rounds_run``,
    ``period`` (0: not settled; 1: converged; p: cycle of period p) and ``exact`` (the repeat
    was exact, e.g. nobody moved). With ``trajectory``, also every round up to the last case's
    stop: positions (B, T+1, n), median and mean (B, T+1), risk (B, T, n), offer (B, T, n;
    0 none, 1 confrontation, 2 compromise, 3 capitulation), proposer (B, T, n; -1 for none),
    eu_self and eu_other (B, T, n); a case that stopped early keeps its last positions.
    """
    x = np.array(x0, float, copy=True)
    c = np.asarray(c, float)
    s = np.asarray(s, float)
    w = effective_weights(c * s)
    bsz, n = x.shape
    rng0 = np.ptp(x, axis=1)
    rng0 = np.where(rng0 > 0, rng0, 1.0)
    tol = sw.cycle_tolerance * (rng0 if width is None else np.asarray(width, float))
    med = weighted_median(x, w)
    keep = None if trajectory else sw.max_period + 1
    hist_x, hist_med = deque([x], maxlen=keep), deque([med], maxlen=keep)
    hist_mean = [weighted_mean(x, w)] if trajectory else []
    moves: list[tuple[np.ndarray, ...]] = []
    forecast = np.empty(bsz)
    rounds_run = np.full(bsz, sw.rounds)
    period = np.zeros(bsz, int)
    exact = np.zeros(bsz, bool)
    active = np.ones(bsz, bool)
    for t in range(1, sw.rounds + 1):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        rng = np.ptp(x[idx], axis=1) if sw.position_range == "current" else rng0[idx]
        rng = np.where(rng > 0, rng, 1.0)
        step = _blocked_round(x[idx], w[idx], s[idx], rng, sw, med[idx])
        x = x.copy()
        x[idx] = step[0]
        med = med.copy()
        med[idx] = weighted_median(x[idx], w[idx])
        hist_x.append(x)
        hist_med.append(med)
        if trajectory:
            hist_mean.append(weighted_mean(x, w))
            rec = [np.ones((bsz, n)), np.zeros((bsz, n), np.int8), np.full((bsz, n), -1, np.int32),
                   np.zeros((bsz, n)), np.zeros((bsz, n))]  # fmt: skip
            for arr, val in zip(rec, step[1:]):
                arr[idx] = val
            moves.append(tuple(rec))
        if sw.detect_cycles:
            _detect(hist_x, hist_med, idx, tol, sw.max_period, t, active, rounds_run, period, exact, forecast)
    forecast[active] = med[active]
    out = {"forecast": forecast, "rounds_run": rounds_run, "period": period, "exact": exact}
    if trajectory:
        names = ("risk", "offer", "proposer", "eu_self", "eu_other")
        out["positions"] = np.stack(list(hist_x), 1)
        out["median"] = np.stack(list(hist_med), 1)
        out["mean"] = np.stack(hist_mean, 1)
        for k, name in enumerate(names):
            out[name] = np.stack([m[k] for m in moves], 1) if moves else np.zeros((bsz, 0, n))
    return out


def _detect(hist_x, hist_med, idx, tol, max_period, t, active, rounds_run, period, exact, forecast) -> None:
    """Stop the cases in ``idx`` whose positions after round t repeat those of round t - p.

    The smallest such p wins; the forecast is the mean of the medians of the last p rounds.
    """
    now = hist_x[-1][idx]
    open_ = np.ones(idx.size, bool)
    for p in range(1, min(max_period, len(hist_x) - 1) + 1):
        gap = np.abs(now - hist_x[-1 - p][idx]).max(1)
        hit = open_ & (gap <= tol[idx])
        if hit.any():
            cases = idx[hit]
            active[cases] = False
            rounds_run[cases] = t
            period[cases] = p
            exact[cases] = gap[hit] == 0
            forecast[cases] = np.mean([hist_med[-1 - k][cases] for k in range(p)], axis=0)
            open_ &= ~hit


def settlement(period: int, exact: bool, rounds_run: int, medians: list[float]) -> tuple[str, str]:
    """(status, words) for how a run ended, from its period and medians (round 0 first)."""
    t = rounds_run
    if period == 1:
        if exact:
            return "converged", f"stable: nobody moved in round {t}"
        return "converged", f"converged: positions moved less than the tolerance in round {t}"
    if period > 1:
        cyc = medians[t - period + 1 : t + 1]
        lo, hi = min(cyc), max(cyc)
        start = t - period
        what = f"between {lo:.1f} and {hi:.1f}" if hi - lo >= 0.05 else f"with the median at {lo:.1f}"
        return "cycled", (f"cycles {what} from round {max(start, 0)}, period {period}; "
                          f"forecast = mean of the cycle's medians")  # fmt: skip
    last = medians[-min(5, len(medians)) :]
    return "not settled", (f"not settled after {t} rounds (neither converged nor cycled): the median "
                           f"ranged {min(last):.1f}-{max(last):.1f} over the last {len(last)} rounds")  # fmt: skip


@dataclass(frozen=True)
class EUMModel(IssueModel):
    """The expected utility model; build with ``EUMModel.preset('paper', rounds=8)`` or switches."""

    switches: EUMSwitches = EUMSwitches()
    preset_name: str = "scholz-code"
    name: ClassVar[str] = "eum"

    @classmethod
    def preset(cls, preset: str = "scholz-code", **overrides: Any) -> EUMModel:
        return cls(switches_for(preset, **overrides), preset_name=preset)

    @property
    def parameters(self) -> dict[str, Any]:
        return {"preset": self.preset_name, **asdict(self.switches)}

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        res = run_batch(batch.position, batch.capability, batch.salience, self.switches,
                        width=batch.width, trajectory=False)  # fmt: skip
        return res["forecast"]

    def forecast(self, scenario: Scenario) -> ForecastResult:
        return ForecastResult(self.name, self.parameters, tuple(self._issue(i) for i in scenario.issues))

    def _issue(self, issue: Issue) -> IssueForecast:
        batch = IssueBatch.of_issue(issue)
        res = run_batch(batch.position, batch.capability, batch.salience, self.switches, width=batch.width)
        names = issue.names
        t_end = int(res["rounds_run"][0])
        rounds = [Round(0, dict(zip(names, map(float, res["positions"][0, 0]))),
                        float(res["median"][0, 0]), float(res["mean"][0, 0]))]  # fmt: skip
        for t in range(t_end):
            moves = tuple(
                Move(
                    actor=names[i],
                    offer=OFFER_NAMES[int(res["offer"][0, t, i])],
                    proposer=names[int(res["proposer"][0, t, i])],
                    start=float(res["positions"][0, t, i]),
                    end=float(res["positions"][0, t + 1, i]),
                    eu_self=float(res["eu_self"][0, t, i]),
                    eu_other=float(res["eu_other"][0, t, i]),
                )
                for i in range(len(names))
                if res["offer"][0, t, i] > 0
            )
            rounds.append(
                Round(
                    t + 1,
                    dict(zip(names, map(float, res["positions"][0, t + 1]))),
                    float(res["median"][0, t + 1]),
                    float(res["mean"][0, t + 1]),
                    moves,
                    dict(zip(names, map(float, res["risk"][0, t]))),
                )
            )
        status, note = settlement(int(res["period"][0]), bool(res["exact"][0]), t_end, [r.median for r in rounds])
        return IssueForecast(issue.name, float(res["forecast"][0]), tuple(rounds), status, note)
