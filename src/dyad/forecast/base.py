"""What every forecasting model is: parameters, a batched ``predict`` and a ``forecast``.

Like scikit-learn's estimators, a model is an immutable value whose constructor arguments are
its parameters (recorded in every output), and one method does the work on arrays:
``predict(cases) -> (B, issues)``. ``forecast(scenario)`` is that same ``predict`` on a batch of
one plus whatever the model can say in words, so the Monte Carlo analysis and the backtest
(which call ``predict`` on thousands of cases) can never disagree with the point forecast.
Models with fitted parameters also have ``fit(cases, outcomes) -> model``.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from dyad.forecast.batch import Cases, IssueBatch
from dyad.forecast.result import ForecastResult, IssueForecast
from dyad.forecast.scenario import Issue, Scenario


@runtime_checkable
class Model(Protocol):
    name: ClassVar[str]

    @property
    def parameters(self) -> dict[str, Any]: ...

    def predict(self, cases: Cases) -> np.ndarray: ...

    def forecast(self, scenario: Scenario) -> ForecastResult: ...


class IssueModel:
    """A model that settles each issue on its own: write ``predict_issue`` (and, optionally,
    ``note``); ``predict`` and ``forecast`` follow."""

    name: ClassVar[str] = ""

    @property
    def parameters(self) -> dict[str, Any]:
        return asdict(self) if fields(self) else {}  # type: ignore[arg-type]

    def predict_issue(self, batch: IssueBatch) -> np.ndarray:
        raise NotImplementedError

    def predict(self, cases: Cases) -> np.ndarray:
        return np.stack([self.predict_issue(b) for b in cases.issues], axis=1)

    def note(self, issue: Issue, batch: IssueBatch, value: float) -> str:
        """Words a reader needs beside the number (empty when the number speaks for itself)."""
        return ""

    def forecast(self, scenario: Scenario) -> ForecastResult:
        cases = Cases.of_scenario(scenario)
        values = self.predict(cases)[0]
        out = tuple(
            IssueForecast(issue.name, float(v), note=self.note(issue, b, float(v)))
            for issue, b, v in zip(scenario.issues, cases.issues, values)
        )
        return ForecastResult(self.name, self.parameters, out)
