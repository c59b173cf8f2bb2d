"""The exchange model against the values the decide implementation's tests assert on its
city-toll example (../shared/data/external/decide-exchange-model/sample_data.txt)."""

from __future__ import annotations

import numpy as np
import pytest

from dyad.errors import InputError
from dyad.forecast.batch import Cases
from dyad.forecast.exchange import ExchangeModel, _best_trades, linked_arrays
from dyad.forecast.readers import read_scenario, scenario_from_dict
from dyad.forecast.static import CompromiseModel


@pytest.fixture(scope="module")
def toll(external):
    return read_scenario(external / "decide-exchange-model" / "sample_data.txt")


def first_round(scen):
    """Actor codes, the {i, j} x {p, q} pairs on opposite sides of the outcome on both issues (what
    decide calls feasible exchanges), how many have equal salience ratios (nothing to gain), and
    the gain of every pair's profitable direction."""
    codes, c, x, s, present = linked_arrays(Cases.of_scenario(scen))
    w = np.where(present, c * s, 0.0)
    out = (w * x).sum(2) / w.sum(2)
    side = np.sign(x - out[..., None])[0]
    pairs, equal, gains = 0, 0, []
    m, n = side.shape
    for p in range(m):
        for q in range(p + 1, m):
            for i in range(n):
                for j in range(i + 1, n):
                    if side[p, i] * side[p, j] < 0 and side[q, i] * side[q, j] < 0:
                        pairs += 1
                        equal += abs(s[0, p, i] * s[0, q, j] - s[0, q, i] * s[0, p, j]) < 1e-12
                        locked = np.ones_like(present)
                        locked[0, q, i] = locked[0, p, j] = locked[0, p, i] = locked[0, q, j] = False
                        g = _best_trades(x, w, s, present, locked, np.arange(n))[1][0]
                        if g > 1e-12:
                            gains.append(g)
    return codes, pairs, equal, gains


def test_decide_reader_reads_the_toll_example(toll):
    assert [i.name for i in toll.issues][:2] == ["tolheffing-binnenstad", "tol-hoogte"]
    assert toll.issues[1].scale.low == 0.5 and toll.issues[1].scale.high == 7
    assert all(len(i.stakes) == 10 for i in toll.issues)


def test_feasible_exchanges_and_the_best_one_match_decide(toll):
    codes, pairs, equal, gains = first_round(toll)
    assert pairs == 240
    assert len(gains) == pairs - equal == 230  # equal salience ratios leave nothing to trade
    top = sorted(gains, reverse=True)
    assert top[0] == pytest.approx(1.973684210526, abs=1e-9)
    assert top[1] == pytest.approx(1.792636308765, abs=1e-9)
    c, x, s, present = linked_arrays(Cases.of_scenario(toll))[1:]
    w = np.where(present, c * s, 0.0)
    has, gain, p, q, i, j, dp, dq = _best_trades(x, w, s, present, ~present, np.argsort(np.argsort(codes)))
    issues = [iss.name for iss in toll.issues]
    assert (codes[i[0]], codes[j[0]]) == ("Wcentr", "Willems")
    assert {issues[p[0]], issues[q[0]]} == {"tolheffing-binnenstad", "extra-investering"}
    assert dp[0] == pytest.approx(13.1578947368, abs=1e-8) and dq[0] == pytest.approx(10.3878116343, abs=1e-8)
    reverse_move = dq[0] * w[0, q[0]].sum() / w[0, q[0], i[0]]
    assert reverse_move == pytest.approx(61.0511736405, abs=1e-8)


def test_trades_move_outcomes_and_one_issue_is_the_compromise_model(toll):
    res = ExchangeModel().forecast(toll)
    comp = CompromiseModel().forecast(toll)
    assert any(abs(a.forecast - b.forecast) > 0.5 for a, b in zip(res.issues, comp.issues))
    assert all("exchange" in f.note for f in res.issues)
    single = scenario_from_dict({"issues": [{"name": "only", "positions": [
        {"actor": "A", "capability": 1, "position": 10, "salience": 0.9},
        {"actor": "B", "capability": 2, "position": 80, "salience": 0.3}]}]})  # fmt: skip
    assert ExchangeModel().forecast(single).issues[0].forecast == CompromiseModel().forecast(single).issues[0].forecast


def test_equal_gain_in_a_two_actor_exchange():
    """Two actors, two issues, opposite priorities: both gain the same from the trade."""
    scen = scenario_from_dict({"issues": [
        {"name": "p", "positions": [{"actor": "I", "capability": 1, "position": 0, "salience": 0.9},
                                    {"actor": "J", "capability": 1, "position": 100, "salience": 0.2}]},
        {"name": "q", "positions": [{"actor": "I", "capability": 1, "position": 0, "salience": 0.2},
                                    {"actor": "J", "capability": 1, "position": 100, "salience": 0.9}]}]})  # fmt: skip
    before = [f.forecast for f in CompromiseModel().forecast(scen).issues]
    after = [f.forecast for f in ExchangeModel().forecast(scen).issues]
    gain_i = 0.9 * (before[0] - after[0]) - 0.2 * (before[1] - after[1])  # I wants both low
    gain_j = 0.9 * (after[1] - before[1]) - 0.2 * (after[0] - before[0])
    assert gain_i > 0 and gain_i == pytest.approx(gain_j)
    assert after[0] < before[0] and after[1] > before[1]


def test_bad_decide_files_name_the_line(tmp_path, external):
    bad = tmp_path / "bad.txt"
    bad.write_text((external / "decide-exchange-model" / "copenhagen_with_errors.csv").read_text())
    with pytest.raises(InputError, match=r"bad.txt: issue 'Control', actor 'China India': field 'capability'"):
        read_scenario(bad)
    bad.write_text("#A\tX\tX\n#P\tI\tI\n#D\tY\tI\t10\t0.5\t1\n")
    with pytest.raises(InputError, match=r"line 3: actor 'Y' has no #A row"):
        read_scenario(bad)
