"""The one result type every model returns, so reports, plots and backtests need not know the model.

A result records the model's parameters (a forecast without them cannot be reproduced), the
forecast per issue and, for dynamic models, every round: positions, median and mean and the moves
(who moved, to where, which offer type, proposed by whom). ``status`` says whether a dynamic
model settled (``converged``, ``cycled``, ``not settled``) and ``note`` says, in words, anything
a reader needs to trust the number: how the EUM stopped, why Nash kept the status quo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Move:
    actor: str
    offer: str  # confrontation | compromise | capitulation
    proposer: str
    start: float
    end: float
    eu_self: float  # the mover's expected utility of challenging the proposer
    eu_other: float  # the proposer's expected utility of challenging the mover, as the mover sees it

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "from": self.proposer,
            "start": self.start,
            "end": self.end,
            "eu_self": self.eu_self,
            "eu_other": self.eu_other,
        }


@dataclass(frozen=True)
class Round:
    round: int
    positions: dict[str, float]
    median: float
    mean: float
    moves: tuple[Move, ...] = ()
    risk: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "round": self.round,
            "positions": dict(self.positions),
            "median": self.median,
            "mean": self.mean,
        }
        if self.round > 0:
            d["moves"] = [m.to_dict() for m in self.moves]
            d["risk_exponents"] = dict(self.risk)
        return d


@dataclass(frozen=True)
class IssueForecast:
    issue: str
    forecast: float
    rounds: tuple[Round, ...] = ()
    status: str = ""  # dynamic models: converged | cycled | not settled
    note: str = ""  # in words: how a dynamic model stopped, why a static one gave what it gave


@dataclass(frozen=True)
class ForecastResult:
    model: str
    parameters: dict[str, Any]
    issues: tuple[IssueForecast, ...]

    def issue(self, name: str) -> IssueForecast:
        for f in self.issues:
            if f.issue == name:
                return f
        raise KeyError(name)

    def forecast(self, issue: str) -> float:
        return self.issue(issue).forecast
