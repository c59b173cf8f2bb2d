"""Forecasting open issues from actors' positions, capabilities and saliences.

One interface for every model: ``Model(parameters).forecast(scenario) -> ForecastResult``.
See docs/forecast.md.
"""

from dyad.forecast.eum import PRESETS, EUMModel, EUMSwitches
from dyad.forecast.models import MODEL_NAMES, build_models, run_models
from dyad.forecast.readers import read_csv, read_scenario, read_yaml, scenario_from_dict
from dyad.forecast.result import ForecastResult, IssueForecast, Move, Round
from dyad.forecast.scenario import Estimate, Issue, Scale, Scenario, Stake
from dyad.forecast.static import CompromiseModel, MedianModel, NashModel

__all__ = [
    "PRESETS", "EUMModel", "EUMSwitches", "MODEL_NAMES", "build_models", "run_models",
    "read_csv", "read_scenario", "read_yaml", "scenario_from_dict",
    "ForecastResult", "IssueForecast", "Move", "Round",
    "Estimate", "Issue", "Scale", "Scenario", "Stake",
    "CompromiseModel", "MedianModel", "NashModel",
]
