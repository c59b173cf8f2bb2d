"""Forecasting open issues from actors' positions, capabilities and saliences.

One interface for every model (``base.Model``): parameters as constructor arguments, a batched
``predict(cases)`` and ``forecast(scenario) -> ForecastResult``; ``models.REGISTRY`` lists them.
``api.forecast_mapping`` turns a scenario mapping into the JSON-ready report. See docs/forecast.md.
"""

from dyad.forecast.api import forecast_mapping, forecast_scenario
from dyad.forecast.base import IssueModel, Model
from dyad.forecast.batch import Cases, IssueBatch
from dyad.forecast.eum import PRESETS, EUMModel, EUMSwitches
from dyad.forecast.exchange import ExchangeModel
from dyad.forecast.models import MODEL_NAMES, REGISTRY, build_models, make_model, run_models
from dyad.forecast.readers import read_csv, read_decide, read_scenario, read_yaml, scenario_from_dict
from dyad.forecast.result import ForecastResult, IssueForecast, Move, Round
from dyad.forecast.scenario import Estimate, Issue, Scale, Scenario, Stake
from dyad.forecast.static import CompromiseModel, MeanModel, MedianModel, NashModel

__all__ = [
    "forecast_mapping", "forecast_scenario", "IssueModel", "Model", "Cases", "IssueBatch",
    "PRESETS", "EUMModel", "EUMSwitches", "ExchangeModel",
    "MODEL_NAMES", "REGISTRY", "build_models", "make_model", "run_models",
    "read_csv", "read_decide", "read_scenario", "read_yaml", "scenario_from_dict",
    "ForecastResult", "IssueForecast", "Move", "Round",
    "Estimate", "Issue", "Scale", "Scenario", "Stake",
    "CompromiseModel", "MeanModel", "MedianModel", "NashModel",
]
