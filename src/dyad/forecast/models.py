"""The registry: every forecasting model by name, so the CLI, the web API, the Monte Carlo
analysis and the backtest agree on what ``eum``, ``compromise``, ``median``, ``nash``, ``mean``
and ``exchange`` mean and with which parameters.

To add a model: write a frozen dataclass whose fields are its parameters, with a class-level
``name``, ``predict(cases) -> (B, issues)`` and ``forecast(scenario)`` (``base.IssueModel`` gives
both from ``predict_issue`` for a model that settles issues one at a time), and list it here.
``tests/forecast/test_forecast_registry.py`` then checks it like every other model: the batched
form equals the single one, zero-noise Monte Carlo equals the point forecast, results stay in
the scale.
"""

from __future__ import annotations

from typing import Any

from dyad.errors import InputError
from dyad.forecast.base import Model
from dyad.forecast.eum import EUMModel
from dyad.forecast.exchange import ExchangeModel
from dyad.forecast.result import ForecastResult
from dyad.forecast.scenario import Scenario
from dyad.forecast.static import CompromiseModel, MeanModel, MedianModel, NashModel

REGISTRY: dict[str, type] = {
    m.name: m for m in (EUMModel, CompromiseModel, MedianModel, NashModel, MeanModel, ExchangeModel)
}
# what `--model all` runs on a scenario: the bargaining models and the two baselines reports
# always need beside them (the unweighted mean is a backtest baseline only)
DEFAULT_MODELS = ("eum", "compromise", "median", "nash", "exchange")
MODEL_NAMES = tuple(REGISTRY)


def make_model(name: str, preset: str = "scholz-code", **parameters: Any) -> Model:
    """One model by name, with its parameters (``preset`` and EUM switches for ``eum``)."""
    cls = REGISTRY.get(name)
    if cls is None:
        raise InputError(f"unknown model {name!r}; choose one of all, {', '.join(MODEL_NAMES)}")
    if cls is EUMModel:
        return EUMModel.preset(preset, **parameters)
    try:
        return cls(**parameters)
    except TypeError as exc:
        raise InputError(f"model {name!r}: {exc}") from None


def build_models(which: str = "all", preset: str = "scholz-code", rounds: int | None = None) -> list[Model]:
    """The models named by ``which`` ('all' or one name, or several joined by commas), in order."""
    names = DEFAULT_MODELS if which == "all" else tuple(n.strip() for n in which.split(",") if n.strip())
    if not names:
        raise InputError("--model: name at least one model")
    return [make_model(n, preset, rounds=rounds) if n == "eum" else make_model(n) for n in names]


def run_models(scenario: Scenario, models: list[Model]) -> list[ForecastResult]:
    return [m.forecast(scenario) for m in models]
