"""The backtest: cross-validation that leaves whole proposals out, and bootstrap intervals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dyad.errors import InputError
from dyad.forecast.backtest import (
    DEFAULT_MODELS, Fixed, backtest, cross_validated, folds_by_proposal, paired_bootstrap, predictor, read_deu,
)  # fmt: skip

STATES = ("de", "fr", "it", "pl", "nl", "lu")
FITTED = ("compromise-exponents@council", "compromise@procedure", "ensemble")


def write_deu(path, proposals=24, seed=3):
    """A DEU-shaped table of our own random numbers: 2-3 issues per proposal."""
    rng = np.random.default_rng(seed)
    actors = ("com", "ep") + STATES
    head = ["prnr", "isnr", "proc", "counvte"] + [f"p{a}" for a in actors] + [f"s{a}" for a in actors] + ["rp", "out"]
    lines = ["\t".join(f'"{h}"' for h in head)]
    for p in range(proposals):
        for k in range(int(rng.integers(2, 4))):
            pos = rng.choice([0, 25, 50, 75, 100], len(actors))
            sal = rng.integers(10, 100, len(actors))
            out = float(np.clip(np.average(pos, weights=sal) + rng.normal(0, 15), 0, 100).round())
            row = [f"p{p:03d}", f"p{p:03d}i{k}", "COD" if p % 2 else "CNS", "Unan" if p % 5 == 0 else "QMV"]
            row += [str(v) for v in pos] + [str(v) for v in sal] + [str(int(rng.choice([0, 100]))), f"{out:g}"]
            lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture()
def table(tmp_path):
    return write_deu(tmp_path / "deu.csv")


def test_folds_keep_every_proposal_whole(table):
    issues = read_deu(table)
    folds = folds_by_proposal(issues, 5, seed=1)
    for p in {i.proposal for i in issues}:
        assert len({f for i, f in zip(issues, folds) if i.proposal == p}) == 1
    assert set(folds) == set(range(5))
    assert (folds == folds_by_proposal(issues, 5, seed=1)).all() and (folds != folds_by_proposal(issues, 5, seed=2)).any()


class Spy:
    """A predictor that records what it was fitted on."""

    def __init__(self):
        self.seen: list[set[str]] = []

    def fit(self, train):
        self.seen.append({i.proposal for i in train})
        return self

    def predict(self, issues):
        return np.full(len(issues), 50.0)


def test_no_fold_is_fitted_on_its_own_proposals(table):
    issues = read_deu(table)
    folds = folds_by_proposal(issues, 4, seed=0)
    spy = Spy()
    cross_validated(spy, issues, folds)
    assert len(spy.seen) == 4
    for k, seen in enumerate(spy.seen):
        held_out = {i.proposal for i, f in zip(issues, folds) if f == k}
        assert held_out and not held_out & seen


@pytest.mark.parametrize("spec", FITTED)
def test_no_issue_outcome_is_used_to_fit_what_predicts_it(table, spec):
    """Change the outcomes of one fold's issues: their own cross-validated forecasts stay exactly
    the same, while the other folds' fits see the change."""
    issues = read_deu(table)
    folds = folds_by_proposal(issues, 4, seed=0)
    before = cross_validated(predictor(spec), issues, folds)
    held = folds == 2
    flipped = [replace(i, outcome=100.0 - i.outcome) if h else i for i, h in zip(issues, held)]
    after = cross_validated(predictor(spec), flipped, folds)
    assert (after[held] == before[held]).all()
    in_sample = predictor(spec).fit(issues).predict(issues), predictor(spec).fit(flipped).predict(flipped)
    assert not np.array_equal(*in_sample) or not np.array_equal(after[~held], before[~held]), \
        "the outcomes never mattered: the test would pass for any predictor"


def test_a_fixed_predictor_scores_the_same_cross_validated(table):
    issues = read_deu(table)
    y = np.array([i.outcome for i in issues])
    plain = np.abs(predictor("compromise@council").predict(issues) - y).mean()
    cv = np.abs(cross_validated(predictor("compromise@council"), issues, folds_by_proposal(issues, 5, 0)) - y).mean()
    assert cv == pytest.approx(plain)


def test_paired_bootstrap_resamples_proposals():
    ref = np.array([10.0, 10.0, 10.0, 10.0])
    same = paired_bootstrap(ref.copy(), ref, ["a", "a", "b", "b"], 500, 0)
    assert same == (0.0, 0.0)
    better = paired_bootstrap(np.array([5.0, 5.0, 9.0, 9.0]), ref, ["a", "a", "b", "b"], 2000, 0)
    assert better[0] == pytest.approx(-5.0) and better[1] == pytest.approx(-1.0)  # a proposal is all or nothing


def test_backtest_report_on_a_table(table):
    res = backtest(table, ("compromise", "median@council", "compromise@procedure"), folds=4, bootstrap=200)
    assert res["reference"] == "compromise" and set(res["models"]) == {"compromise", "median@council", "compromise@procedure"}
    row = res["models"]["compromise@procedure"]
    assert row["fitted"] and "chosen" in row["parameters"]
    lo, hi = row["diff_95"]
    assert lo <= row["diff_to_compromise"] <= hi


@pytest.mark.parametrize("spec, message", [
    ("oracle", "unknown model 'oracle'"), ("compromise@gdp", "unknown capability scheme 'gdp'"),
    ("median:paper", "only eum takes a preset"), ("ensemble@procedure", "only a plain model"),
])  # fmt: skip
def test_bad_predictor_names(spec, message):
    with pytest.raises(InputError, match=message):
        predictor(spec)


def test_every_default_predictor_is_buildable():
    for spec in DEFAULT_MODELS:
        p = predictor(spec)
        assert p.label == spec
        assert isinstance(p, Fixed) == (spec not in FITTED)
