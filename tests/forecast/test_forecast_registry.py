"""Every registered model, held to the same contract: the batched form equals the single one,
zero-noise Monte Carlo equals the point forecast, the parameters are recorded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.forecast.batch import Cases
from dyad.forecast.models import REGISTRY, build_models, make_model
from dyad.forecast.montecarlo import monte_carlo
from dyad.forecast.readers import read_scenario, scenario_from_dict

SYRIA = Path(__file__).resolve().parents[2] / "examples" / "syria-2025.yaml"
MODELS = [make_model(name, rounds=6) if name == "eum" else make_model(name) for name in REGISTRY]


def scenario(numbers, presence, sq):
    """A scenario of len(presence) issues over the same actors; numbers[k][a] = (c, x, s)."""
    issues = []
    for k, present in enumerate(presence):
        positions = [{"actor": f"A{a}", "name": f"actor {a}", "capability": c, "position": x, "salience": s}
                     for a, (c, x, s) in enumerate(numbers[k]) if present[a]]  # fmt: skip
        issues.append({"name": f"issue-{k}", "scale": {"low": 0, "high": 100}, "status_quo": sq[k],
                       "positions": positions})  # fmt: skip
    return scenario_from_dict({"issues": issues})


@st.composite
def same_shaped_scenarios(draw):
    """2-4 scenarios with the same issues and actors (so they stack), different numbers."""
    n_actors = draw(st.integers(1, 5))
    n_issues = draw(st.integers(1, 3))
    presence = [[True] * n_actors]
    for _ in range(n_issues - 1):
        presence.append(draw(st.lists(st.booleans(), min_size=n_actors, max_size=n_actors).filter(any)))
    number = st.tuples(st.floats(0.5, 100), st.sampled_from([0.0, 12.5, 25.0, 50.0, 70.0, 100.0]) | st.floats(0, 100),
                       st.floats(0.05, 1.0))  # fmt: skip
    out = []
    for _ in range(draw(st.integers(2, 4))):
        numbers = [[draw(number) for _ in range(n_actors)] for _ in range(n_issues)]
        sq = [draw(st.floats(0, 100)) for _ in range(n_issues)]
        out.append(scenario(numbers, presence, sq))
    return out


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@settings(max_examples=25, deadline=None)
@given(scenarios=same_shaped_scenarios())
def test_batched_form_equals_the_single_one(model, scenarios):
    batched = model.predict(Cases.stack([Cases.of_scenario(s) for s in scenarios]))
    assert batched.shape == (len(scenarios), len(scenarios[0].issues))
    for b, scen in enumerate(scenarios):
        single = [f.forecast for f in model.forecast(scen).issues]
        assert batched[b].tolist() == pytest.approx(single, abs=1e-9, rel=1e-12), (model.name, b)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_zero_noise_monte_carlo_equals_the_point_forecast(model):
    scen = read_scenario(SYRIA)
    point = model.forecast(scen)
    sens = monte_carlo(scen, [model], runs=20, seed=1, noise=0.0).to_dict()
    for issue in sens["issues"]:
        d = issue["forecasts"][model.name]
        want = point.forecast(issue["name"])
        assert d["median"] == pytest.approx(want, abs=1e-9)
        assert d["p10"] == pytest.approx(want, abs=1e-9) and d["p90"] == pytest.approx(want, abs=1e-9)
        assert d["point_percentile"] == 50.0 and not d["point_outside_10_90"]
        assert d["most_influential"] == []  # nothing varies


@settings(max_examples=15, deadline=None)
@given(scenarios=same_shaped_scenarios())
def test_zero_noise_monte_carlo_on_random_scenarios(scenarios):
    scen = scenarios[0]
    models = [m for m in MODELS if m.name != "exchange"] + [make_model("exchange")]
    sens = monte_carlo(scen, models, runs=3, seed=0, noise=0.0).to_dict()
    for issue in sens["issues"]:
        for m in models:
            assert issue["forecasts"][m.name]["median"] == pytest.approx(m.forecast(scen).forecast(issue["name"]), abs=1e-9)


def test_point_percentile_is_reported_and_flagged():
    scen = read_scenario(SYRIA)
    sens = monte_carlo(scen, build_models("eum,compromise"), runs=400, seed=1).to_dict()
    caesar = next(i for i in sens["issues"] if i["name"] == "caesar-act")["forecasts"]
    for d in caesar.values():
        assert 0.0 <= d["point_percentile"] <= 100.0
        assert d["point_outside_10_90"] == (not 10.0 <= d["point_percentile"] <= 90.0)
    # the compromise model is smooth in its inputs: its point forecast sits inside the band
    assert not caesar["compromise"]["point_outside_10_90"]


def test_parameters_are_the_constructor_arguments_and_recorded():
    scen = read_scenario(SYRIA)
    for model in MODELS:
        res = model.forecast(scen)
        assert res.model == model.name and res.parameters == model.parameters
        params = dict(model.parameters)
        rebuilt = make_model(model.name, params.pop("preset", "scholz-code"), **params)
        assert rebuilt == model, model.name  # the recorded parameters reproduce the model
    assert make_model("compromise", salience_exponent=2.0).parameters == {"capability_exponent": 1.0, "salience_exponent": 2.0}


def test_unknown_model_and_bad_parameter_are_one_line_errors():
    from dyad.errors import InputError

    with pytest.raises(InputError, match="unknown model 'oracle'"):
        make_model("oracle")
    with pytest.raises(InputError, match="unexpected keyword"):
        make_model("median", colour="red")
    with pytest.raises(InputError, match="salience_exponent"):
        make_model("compromise", salience_exponent=float("nan"))


def test_unweighted_draw_counts_every_actor_once_in_every_model():
    """The zero-weight fallback lives in one place (static.effective_weights) and every model uses it."""
    scen = scenario([[(1, 10, 0.5), (1, 30, 0.5)]], [[True, True]], [50])
    cases = Cases.of_scenario(scen)
    zero = Cases((cases.issues[0].__class__(**{**cases.issues[0].__dict__, "salience": np.zeros((1, 2))}),))
    for model in MODELS:
        v = model.predict(zero)[0, 0]
        assert 10.0 <= v <= 30.0, model.name
