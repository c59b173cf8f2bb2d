"""The scenario beside the record: actor codes against the actor base, actor pairs against a store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.forecast.evidence import check_codes, store_evidence
from dyad.forecast.readers import read_scenario, scenario_from_dict
from dyad.run.ingest import ingest
from dyad.store import connect
from store.fakes import GOLDSTEIN, FakeCoder, doc

ROOT = Path(__file__).resolve().parents[2]
SYRIA = ROOT / "examples" / "syria-2025.yaml"
runner = CliRunner()
START = date(2025, 1, 6)

# Syria's government and Russia cooperate every month; Israel and Turkey quarrel; the US talks to
# Russia once. Written by us for this test.
RAW = ([("SYRGOV", "042", "RUSGOV", START + timedelta(days=30 * m)) for m in range(6)]
       + [("RUSMIL", "061", "SYRGOV", START + timedelta(days=30 * m + 3)) for m in range(6)]
       + [("ISRGOV", "111", "TURGOV", START + timedelta(days=30 * m + 5)) for m in range(3)]
       + [("TURMIL", "190", "ISRMIL", START + timedelta(days=100))]
       + [("USAGOV", "040", "RUSGOV", START + timedelta(days=150))])  # fmt: skip

SCENARIO = {
    "name": "test",
    "actors": [{"code": c, "name": n, "capability": 50} for c, n in
               (("SYRGOV", "Syria"), ("RUS", "Russia"), ("ISR", "Israel"), ("TUR", "Turkey"),
                ("USAGOV", "US"), ("XQZGOV", "Nobody"))],
    "issues": [{"name": "bases", "scale": {"low": 0, "high": 100}, "positions": [
        {"actor": "SYRGOV", "position": 10, "salience": 0.5}, {"actor": "RUS", "position": 90, "salience": 0.9},
        {"actor": "ISR", "position": 40, "salience": 0.5}, {"actor": "TUR", "position": 45, "salience": 0.5},
        {"actor": "USAGOV", "position": 60, "salience": 0.5}, {"actor": "XQZGOV", "position": 50, "salience": 0.1}]}],
}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("evidence") / "e.duckdb"
    docs = [doc(f"d{i:02d}", f"{s} {c} {t} {d.isoformat()}", day=d.isoformat()) for i, (s, c, t, d) in enumerate(RAW)]
    ingest(db, docs, FakeCoder, window=0, batch_size=50)
    return db


def pair(ev, a, b):
    return next(p for p in ev["pairs"] if set(p["actors"]) == {a, b})


def test_pairs_carry_counts_goldstein_mix_trend_and_flags(store):
    scen = scenario_from_dict(SCENARIO, source="t.yaml")
    con = connect(store)
    try:
        ev = store_evidence(con, scen)
    finally:
        con.close()
    syr_rus = pair(ev, "SYRGOV", "RUS")
    assert syr_rus["events"] == 12
    assert syr_rus["goldstein_mean"] == pytest.approx((6 * GOLDSTEIN["04"] + 6 * GOLDSTEIN["06"]) / 12, abs=0.01)
    assert syr_rus["quad_classes"] == {"verbal_coop": 6, "material_coop": 6, "verbal_conflict": 0, "material_conflict": 0}
    assert syr_rus["trend_per_month"] == pytest.approx(0.0, abs=1e-6)
    assert any("far apart on bases (Syria 10, Russia 90), yet cooperative" in c for c in syr_rus["contradictions"])
    isr_tur = pair(ev, "ISR", "TUR")
    assert isr_tur["events"] == 4 and isr_tur["quad_classes"]["material_conflict"] == 1
    assert isr_tur["trend_per_month"] < 0  # the quarrel turned into a strike
    assert any("close on bases" in c and "in conflict" in c for c in isr_tur["contradictions"])
    us_rus = pair(ev, "USAGOV", "RUS")
    assert us_rus["events"] == 1 and us_rus["contradictions"] == [] and us_rus["trend_per_month"] is None
    assert ev["actors_without_events"] == ["XQZGOV"]
    assert ev["pairs"][0]["contradictions"]  # flagged pairs first


def test_since_limits_the_events(store):
    scen = scenario_from_dict(SCENARIO, source="t.yaml")
    con = connect(store)
    try:
        ev = store_evidence(con, scen, since=(START + timedelta(days=90)).isoformat())
    finally:
        con.close()
    assert pair(ev, "SYRGOV", "RUS")["events"] == 6  # months 3, 4, 5
    assert ev["since"] == (START + timedelta(days=90)).isoformat()


def test_cli_db_and_its_errors(store, tmp_path):
    scen = tmp_path / "s.yaml"
    import yaml

    scen.write_text(yaml.safe_dump(SCENARIO))
    res = runner.invoke(app, ["forecast", str(scen), "--db", str(store), "--model", "compromise", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert pair(data["evidence"], "ISR", "TUR")["events"] == 4
    text = runner.invoke(app, ["forecast", str(scen), "--db", str(store), "--model", "compromise"]).stdout
    assert "events between scenario actors" in text and "! close on bases" in text
    for args, message in [(["--since", "2025-01-01"], "--since needs --db"),
                          (["--db", str(store), "--since", "yesterday"], "cannot read the date"),
                          (["--db", str(tmp_path / "none.duckdb")], "no dyad store here")]:  # fmt: skip
        res = runner.invoke(app, ["forecast", str(scen), *args])
        assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def test_actor_codes_are_checked_against_the_actor_base():
    codes = {c["code"]: c for c in check_codes(read_scenario(SYRIA))}
    assert all(c["known"] for c in codes.values()), [c for c in codes.values() if not c["known"]]
    odd = check_codes(scenario_from_dict(SCENARIO))
    known = {c["code"]: c["known"] for c in odd}
    assert known == {"SYRGOV": True, "RUS": True, "ISR": True, "TUR": True, "USAGOV": True, "XQZGOV": False}
    composed = scenario_from_dict({"issues": [{"name": "i", "positions": [
        {"actor": "RUSMIL", "capability": 1, "position": 1, "salience": 1},
        {"actor": "SYRGOVMIL", "capability": 1, "position": 2, "salience": 1},
        {"actor": "RUSGOVX", "capability": 1, "position": 3, "salience": 1}]}]})  # fmt: skip
    assert {c["code"]: c["known"] for c in check_codes(composed)} == {"RUSMIL": True, "SYRGOVMIL": True, "RUSGOVX": False}
    text = runner.invoke(app, ["forecast", str(SYRIA), "--model", "median"]).stdout
    assert "actor codes: 14 of 14 known to the actor base" in text


@pytest.mark.slow
def test_evidence_on_a_store_built_from_the_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    db = str(tmp_path / "ex.duckdb")
    assert runner.invoke(app, ["ingest", "examples/articles", "--db", db]).exit_code == 0
    res = runner.invoke(app, ["forecast", str(SYRIA), "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    ev = json.loads(res.stdout)["evidence"]
    syr_rus = pair(ev, "SYRGOV", "RUS")
    assert syr_rus["events"] >= 5 and syr_rus["goldstein_mean"] > 0
    isr_tur = pair(ev, "ISR", "TUR")
    assert isr_tur["goldstein_mean"] < 0
    assert any("russian-bases" in c for c in isr_tur["contradictions"])
    later = json.loads(runner.invoke(app, ["forecast", str(SYRIA), "--db", db, "--since", "2025-10-01",
                                           "--format", "json"]).stdout)["evidence"]  # fmt: skip
    assert pair(later, "SYRGOV", "RUS")["events"] < syr_rus["events"]


def test_named_actors_are_not_taken_for_codes(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Actor,Capability,Position,Salience\nNetherlands,1,4,0.8\nUK,1,10,0.9\n")
    checked = check_codes(read_scenario(table))
    assert [(c["code"], c["is_code"], c["known"]) for c in checked] == [("Netherlands", False, False), ("UK", False, False)]
    out = runner.invoke(app, ["forecast", str(table), "--model", "median"]).stdout
    assert "actor codes: none (the actors are named, not coded" in out
    unknown = scenario_from_dict({"issues": [{"name": "i", "positions": [
        {"actor": c, "capability": 1, "position": k, "salience": 1} for k, c in enumerate(
            ["RUS", "AAAGOV", "BBBGOV", "CCCGOV", "DDDGOV", "EEEGOV", "UKRR"])]}]})  # fmt: skip
    from dyad.forecast.report import codes_text

    line = codes_text(check_codes(unknown))[0]
    assert line.startswith("actor codes: 1 of 7 known") and "and 2 more" in line and "UKRR" not in line
