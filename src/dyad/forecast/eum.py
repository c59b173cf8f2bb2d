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

from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.result import ForecastResult, IssueForecast, Move, Round
from dyad.forecast.scenario import Scenario
from dyad.forecast.static import effective_weights, weighted_mean, weighted_median

OFFER_NAMES = ("", "confrontation", "compromise", "capitulation")


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
    stop_when_stable: stop early once a round moves nobody (every later round would repeat it).
    """

    probability: str = "all-pairs"
    vote_risk: str = "voter"
    rival_exponent: str = "evaluator"
    capitulation: str = "never"
    compromise_choice: str = "weighted-position"
    position_range: str = "initial"
    q: float = 1.0
    rounds: int = 10
    stop_when_stable: bool = True

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
        if self.rounds < 0:
            raise InputError(f"EUM switch 'rounds': {self.rounds} is negative")


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
    parts are ever materialised (one (B, n, n, n) array, reduced by a batched matrix product).
    """
    bsz, n = x.shape
    dist = (np.abs(x[:, :, None] - x[:, None, :]) / rng[:, None, None]) ** r[:, :, None]
    diff = dist[:, :, None, :] - dist[:, :, :, None]  # [b, k, i, j] = d_kj - d_ki
    np.maximum(diff, 0.0, out=diff)
    support = np.matmul(w[:, None, :], diff.reshape(bsz, n, n * n)).reshape(bsz, n, n)
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


def run_batch(x0: np.ndarray, c: np.ndarray, s: np.ndarray, sw: EUMSwitches) -> dict[str, np.ndarray]:
    """Run the EUM on a batch of B one-issue cases of n actors (arrays of shape (B, n)).

    Returns arrays: positions (B, T+1, n), median and mean (B, T+1), risk (B, T, n), offer
    (B, T, n; 0 none, 1 confrontation, 2 compromise, 3 capitulation), proposer (B, T, n; -1 for
    none), eu_self and eu_other (B, T, n). All rounds run; callers cut at stability if they wish.
    """
    x = np.array(x0, float, copy=True)
    c = np.asarray(c, float)
    s = np.asarray(s, float)
    w = effective_weights(c * s)
    bsz, n = x.shape
    rounds = sw.rounds
    rng0 = np.ptp(x, axis=1)
    rng0 = np.where(rng0 > 0, rng0, 1.0)
    out = {
        "positions": np.empty((bsz, rounds + 1, n)),
        "median": np.empty((bsz, rounds + 1)),
        "mean": np.empty((bsz, rounds + 1)),
        "risk": np.ones((bsz, rounds, n)),
        "offer": np.zeros((bsz, rounds, n), np.int8),
        "proposer": np.full((bsz, rounds, n), -1, np.int32),
        "eu_self": np.zeros((bsz, rounds, n)),
        "eu_other": np.zeros((bsz, rounds, n)),
    }
    out["positions"][:, 0] = x
    out["median"][:, 0] = weighted_median(x, w)
    out["mean"][:, 0] = weighted_mean(x, w)
    rows = np.arange(bsz)[:, None]
    cols = np.arange(n)[None, :]
    for t in range(rounds):
        if sw.position_range == "current":
            rng = np.ptp(x, axis=1)
            rng = np.where(rng > 0, rng, 1.0)
        else:
            rng = rng0
        med = out["median"][:, t]
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
        has_conf = conf.any(-1)
        has_comp = comp.any(-1)
        has_cap = cap.any(-1)
        kind = np.where(has_conf, 1, np.where(has_comp, 2, np.where(has_cap, 3, 0)))
        j = np.where(kind == 1, j_conf, np.where(kind == 2, j_comp, j_cap))
        newx = np.where(kind == 2, comp_pos[rows, cols, j], full_pos[rows, cols, j])
        x = np.where(kind > 0, newx, x)
        out["risk"][:, t] = r
        out["offer"][:, t] = kind
        out["proposer"][:, t] = np.where(kind > 0, j, -1)
        out["eu_self"][:, t] = a[rows, cols, j]
        out["eu_other"][:, t] = b[rows, cols, j]
        out["positions"][:, t + 1] = x
        out["median"][:, t + 1] = weighted_median(x, w)
        out["mean"][:, t + 1] = weighted_mean(x, w)
    return out


@dataclass(frozen=True)
class EUMModel:
    """The expected utility model; build with ``EUMModel.preset('paper', rounds=8)`` or switches."""

    switches: EUMSwitches = EUMSwitches()
    preset_name: str = "scholz-code"
    name: str = "eum"

    @classmethod
    def preset(cls, preset: str = "scholz-code", **overrides: Any) -> "EUMModel":
        return cls(switches_for(preset, **overrides), preset_name=preset)

    @property
    def parameters(self) -> dict[str, Any]:
        return {"preset": self.preset_name, **asdict(self.switches)}

    def forecast(self, scenario: Scenario) -> ForecastResult:
        return ForecastResult(self.name, self.parameters, tuple(self._issue(i) for i in scenario.issues))

    def _issue(self, issue) -> IssueForecast:
        c, x, s = issue.arrays()
        res = run_batch(x[None], c[None], s[None], self.switches)
        names = issue.names
        rounds = [Round(0, dict(zip(names, map(float, x))), float(res["median"][0, 0]), float(res["mean"][0, 0]))]
        stop = "max-rounds"
        for t in range(self.switches.rounds):
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
            if self.switches.stop_when_stable and not any(m.start != m.end for m in moves):
                stop = f"stable: nobody moved in round {t + 1}"
                break
        return IssueForecast(issue.name, rounds[-1].median, tuple(rounds), stop)
