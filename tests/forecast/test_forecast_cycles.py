"""The EUM's stopping rule: a forecast must not be an accident of the round count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.forecast.eum import EUMModel
from dyad.forecast.readers import scenario_from_dict

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def one_issue(x, c, s):
    return scenario_from_dict({"issues": [{"name": "i", "scale": {"low": 0, "high": 100}, "positions": [
        {"actor": f"A{k}", "capability": ck, "position": xk, "salience": sk} for k, (xk, ck, sk) in enumerate(zip(x, c, s))
    ]}]})  # fmt: skip


# built (by search over small integer inputs) to cycle: the median alternates 100, 60, 100, 60...
CYCLING = one_issue([100, 40, 60], [10, 70, 20], [0.6, 0.3, 0.6])
# and to converge: nobody moves after round 3
CONVERGING = one_issue([20, 40, 0, 30], [50, 60, 50, 100], [0.6, 0.8, 0.5, 0.9])


def test_a_cycle_is_detected_reported_and_forecast_by_the_mean_of_its_medians():
    f = EUMModel.preset("scholz-code", rounds=30).forecast(CYCLING).issues[0]
    medians = [r.median for r in f.rounds]
    assert f.status == "cycled" and "period 2" in f.note
    assert "between 60.0 and 100.0" in f.note
    assert len(f.rounds) - 1 < 30  # it stopped at the cycle
    assert f.forecast == pytest.approx((medians[-1] + medians[-2]) / 2) == pytest.approx(80.0)
    # without the rule the forecast would flip with the parity of the round count
    raw = [EUMModel.preset("scholz-code", rounds=n, detect_cycles=False).forecast(CYCLING).issues[0].forecast
           for n in (20, 21)]  # fmt: skip
    assert sorted(raw) == [60.0, 100.0]
    ruled = {EUMModel.preset("scholz-code", rounds=n).forecast(CYCLING).issues[0].forecast for n in range(4, 40)}
    assert ruled == {80.0}


def test_a_converging_run_stops_and_says_so():
    f = EUMModel.preset("scholz-code", rounds=30).forecast(CONVERGING).issues[0]
    assert f.status == "converged" and f.note.startswith("stable: nobody moved in round")
    assert f.forecast == f.rounds[-1].median == 30.0
    assert {EUMModel.preset("scholz-code", rounds=n).forecast(CONVERGING).issues[0].forecast for n in range(5, 30)} == {30.0}


def test_neither_converged_nor_cycled_says_so_with_the_spread():
    f = EUMModel.preset("scholz-code", rounds=1).forecast(CYCLING).issues[0]
    assert f.status == "not settled"
    assert "neither converged nor cycled" in f.note and "ranged 40.0-100.0" in f.note


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_forecast_the_same_with_20_and_21_rounds(path):
    def run(n):
        res = CliRunner().invoke(app, ["forecast", str(path), "--rounds", str(n), "--format", "json"])
        assert res.exit_code == 0, res.output
        return {i["name"]: (i["forecasts"], i["models"]["eum"]["status"]) for i in json.loads(res.stdout)["issues"]}

    twenty, twenty_one = run(20), run(21)
    assert twenty == twenty_one
    assert all(status in ("converged", "cycled") for _, status in twenty.values())
