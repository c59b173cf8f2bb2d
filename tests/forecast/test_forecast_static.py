"""Static models on the EU case and on edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from dyad.forecast.eum import EUMModel
from dyad.forecast.models import build_models, run_models
from dyad.forecast.readers import scenario_from_dict
from dyad.forecast.static import CompromiseModel, MedianModel, NashModel, nash_bargaining, weighted_median


def one_issue(points, status_quo=None, low=0, high=100):
    issue = {
        "name": "i",
        "scale": {"low": low, "high": high},
        "positions": [
            {"actor": f"A{k}", "capability": c, "position": x, "salience": s} for k, (c, x, s) in enumerate(points)
        ],
    }
    if status_quo is not None:
        issue["status_quo"] = status_quo
    return scenario_from_dict({"issues": [issue]})


def test_eu_case_compromise_and_median(eu_case):
    assert CompromiseModel().forecast(eu_case).issues[0].forecast == pytest.approx(7.39, abs=5e-3)
    assert MedianModel().forecast(eu_case).issues[0].forecast == 7.0


def test_weighted_median_tie_goes_low_whatever_the_order():
    assert weighted_median(np.array([10.0, 20.0]), np.array([1.0, 1.0])) == 10.0
    assert weighted_median(np.array([20.0, 10.0]), np.array([1.0, 1.0])) == 10.0


def test_nash_without_status_quo_is_between_positions_and_pulled_by_weight():
    v = float(nash_bargaining(np.array([0.0, 100.0]), np.array([3.0, 1.0]), 0, 100))
    assert 0 < v < 50


def test_nash_status_quo_stands_when_someone_sits_on_it():
    s = one_issue([(1, 50, 1), (1, 80, 1)], status_quo=50)
    assert NashModel().forecast(s).issues[0].forecast == pytest.approx(50)
    # without the disagreement point it moves
    assert NashModel(use_status_quo=False).forecast(s).issues[0].forecast == pytest.approx(65, abs=0.5)


def test_nash_with_status_quo_on_one_side_lands_between_the_actors():
    s = one_issue([(1, 60, 1), (1, 80, 1)], status_quo=0)
    v = NashModel().forecast(s).issues[0].forecast
    assert 60 <= v <= 80
    grid = np.linspace(60, 80, 20001)
    objective = np.log(3600 - (grid - 60) ** 2) + np.log(6400 - (grid - 80) ** 2)
    assert v == pytest.approx(grid[np.argmax(objective)], abs=1e-3)


def test_single_actor_every_model_returns_its_position():
    s = one_issue([(5, 37, 0.5)])
    for r in run_models(s, build_models("all")):
        assert r.issues[0].forecast == pytest.approx(37), r.model


def test_all_actors_at_one_position_nobody_moves():
    s = one_issue([(1, 40, 0.5), (2, 40, 0.9), (3, 40, 0.1)], status_quo=40)
    for r in run_models(s, build_models("all")):
        assert r.issues[0].forecast == pytest.approx(40), r.model
    eum = EUMModel.preset("paper").forecast(s).issues[0]
    assert eum.rounds[1].moves == () and eum.status == "converged" and eum.note.startswith("stable")


def test_zero_capability_actor_has_no_weight():
    a = one_issue([(1, 10, 1), (1, 30, 1)])
    b = one_issue([(1, 10, 1), (1, 30, 1), (0, 100, 1)])
    for model in (CompromiseModel(), MedianModel(), NashModel()):
        assert model.forecast(a).issues[0].forecast == pytest.approx(model.forecast(b).issues[0].forecast)


def test_draw_with_no_weight_counts_everyone_equally():
    x = np.array([[10.0, 30.0]])
    w = np.zeros((1, 2))
    assert weighted_median(x, w)[0] == 10.0
    assert float(nash_bargaining(x, w, 0, 100)[0]) == pytest.approx(20.0, abs=1e-6)
    from dyad.forecast.static import weighted_mean

    assert weighted_mean(x, w)[0] == 20.0
