"""Cases as arrays: the batched input every model's ``predict`` takes.

A scenario is read once and validated; Monte Carlo draws and the DEU backtest then need the same
models evaluated on thousands of variants at once. ``IssueBatch`` holds B variants of one issue
(same actors, arrays of shape (B, n)); ``Cases`` holds one such batch per issue of a scenario
(the exchange model needs every issue at once, the others look at one issue at a time).
A model's single forecast is its ``predict`` on a batch of one, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dyad.forecast.scenario import Issue, Scenario


@dataclass(frozen=True)
class IssueBatch:
    """B cases of one issue: arrays (B, n) of capability, position, salience; scale and status
    quo per case (B,), the status quo NaN where the case has none. ``actors`` names the columns
    (actor codes) when every case has the same actors, which is what links issues together."""

    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    low: np.ndarray
    high: np.ndarray
    status_quo: np.ndarray
    actors: tuple[str, ...] | None = None

    @property
    def size(self) -> int:
        return self.position.shape[0]

    @property
    def width(self) -> np.ndarray:
        return self.high - self.low

    @property
    def weight(self) -> np.ndarray:
        return self.capability * self.salience

    @classmethod
    def of_issue(
        cls,
        issue: Issue,
        capability: np.ndarray | None = None,
        position: np.ndarray | None = None,
        salience: np.ndarray | None = None,
    ) -> IssueBatch:
        """The issue's most likely values as a batch of one, or draws (B, n) in their place."""
        c, x, s = issue.arrays()
        c = c[None] if capability is None else np.asarray(capability, float)
        x = x[None] if position is None else np.asarray(position, float)
        s = s[None] if salience is None else np.asarray(salience, float)
        b = x.shape[0]
        sq = np.nan if issue.status_quo is None else issue.status_quo.value
        return cls(
            capability=c,
            position=x,
            salience=s,
            low=np.full(b, float(issue.scale.low)),
            high=np.full(b, float(issue.scale.high)),
            status_quo=np.full(b, sq, float),
            actors=tuple(st.code for st in issue.stakes),
        )

    @classmethod
    def stack(cls, batches: Sequence[IssueBatch]) -> IssueBatch:
        """Concatenate batches of the same number of actors (actor codes kept only if shared)."""
        codes = {b.actors for b in batches}
        return cls(
            *(np.concatenate([getattr(b, f) for b in batches]) for f in
              ("capability", "position", "salience", "low", "high", "status_quo")),
            actors=codes.pop() if len(codes) == 1 else None,
        )  # fmt: skip

    def take(self, rows: np.ndarray | slice) -> IssueBatch:
        """The cases at ``rows`` (an index array or slice), as a smaller batch."""
        return IssueBatch(
            self.capability[rows], self.position[rows], self.salience[rows],
            self.low[rows], self.high[rows], self.status_quo[rows], self.actors,
        )  # fmt: skip


@dataclass(frozen=True)
class Cases:
    """B cases of a whole scenario: one IssueBatch per issue, all with the same B."""

    issues: tuple[IssueBatch, ...]

    @property
    def size(self) -> int:
        return self.issues[0].size if self.issues else 0

    @classmethod
    def of_scenario(cls, scenario: Scenario) -> Cases:
        return cls(tuple(IssueBatch.of_issue(i) for i in scenario.issues))

    @classmethod
    def stack(cls, many: Sequence[Cases]) -> Cases:
        """Scenarios of the same shape (issues, actors per issue) as one batch."""
        return cls(tuple(IssueBatch.stack([c.issues[k] for c in many]) for k in range(len(many[0].issues))))
