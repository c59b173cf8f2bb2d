"""Choose models by name, so the CLI, the backtest and the sensitivity analysis agree on what
``eum``, ``compromise``, ``median`` and ``nash`` mean and with which parameters."""

from __future__ import annotations

from typing import Any, Protocol

from dyad.errors import InputError
from dyad.forecast.eum import EUMModel
from dyad.forecast.result import ForecastResult
from dyad.forecast.scenario import Scenario
from dyad.forecast.static import CompromiseModel, MedianModel, NashModel

MODEL_NAMES = ("eum", "compromise", "median", "nash")


class Model(Protocol):
    name: str

    def forecast(self, scenario: Scenario) -> ForecastResult: ...


def build_models(which: str = "all", preset: str = "scholz-code", rounds: int | None = None) -> list[Any]:
    """The models named by ``which`` ('all' or one of MODEL_NAMES), in a fixed order."""
    names = MODEL_NAMES if which == "all" else (which,)
    out: list[Any] = []
    for name in names:
        if name == "eum":
            out.append(EUMModel.preset(preset, rounds=rounds))
        elif name == "compromise":
            out.append(CompromiseModel())
        elif name == "median":
            out.append(MedianModel())
        elif name == "nash":
            out.append(NashModel())
        else:
            raise InputError(f"unknown model {which!r}; choose one of all, {', '.join(MODEL_NAMES)}")
    return out


def run_models(scenario: Scenario, models: list[Any]) -> list[ForecastResult]:
    return [m.forecast(scenario) for m in models]
