"""Scenario readers: valid files load, bad ones fail with a message naming the place and problem."""

from __future__ import annotations

import pytest
import yaml

from dyad.errors import InputError
from dyad.forecast.readers import read_scenario, scenario_from_dict


def scen(**issue_overrides):
    issue = {
        "name": "bases",
        "scale": {"low": 0, "high": 100, "anchors": {0: "leave", 100: "expand"}},
        "status_quo": {"value": 50, "why": "today"},
        "positions": [
            {"actor": "RUS", "position": {"value": 90, "low": 80, "high": 100, "why": "wants bases"}, "salience": 0.9},
            {"actor": "SYRGOV", "position": [50, 60, 70], "salience": {"value": 0.7}},
        ],
    }
    issue.update(issue_overrides)
    return {
        "name": "t",
        "actors": [
            {"code": "RUS", "name": "Russia", "capability": 50},
            {"code": "SYRGOV", "name": "Syria", "capability": {"value": 30, "why": "weak"}},
        ],
        "issues": [issue],
    }


def test_valid_scenario_keeps_ranges_and_reasons():
    s = scenario_from_dict(scen(), source="x.yaml")
    issue = s.issues[0]
    rus, syr = issue.stakes
    assert rus.name == "Russia" and rus.position.bounds() == (80, 100) and rus.position.why == "wants bases"
    assert syr.position.value == 60 and syr.position.bounds() == (50, 70)
    assert syr.capability.why == "weak"
    assert issue.status_quo.value == 50 and issue.scale.anchors[0] == "leave"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["issues"][0]["positions"][0].update(salience=1.5), r"issue 'bases', actor 'RUS': field 'salience': value 1.5 is outside"),
        (lambda d: d["issues"][0]["positions"][0].update(position=120), r"actor 'RUS': field 'position': value 120 is outside the scale"),
        (lambda d: d["issues"][0]["positions"].append(dict(d["issues"][0]["positions"][0])), r"actor 'RUS': duplicate actor"),
        (lambda d: d["issues"][0]["positions"][1].pop("salience"), r"actor 'SYRGOV': missing field 'salience'"),
        (lambda d: d["issues"][0]["positions"][1].update(position="high"), r"actor 'SYRGOV': field 'position': 'high' is not a number"),
        (lambda d: d["issues"][0].update(positions=[]), r"issue 'bases': the issue has no actors"),
        (lambda d: d["issues"][0].update(status_quo=-5), r"field 'status_quo': value -5 is outside the scale"),
        (lambda d: d["issues"][0].update(scale={"low": 10, "high": 10}), r"field 'scale': low \(10\) must be below high"),
        (lambda d: d["issues"][0]["positions"][0].update(position={"value": 90, "low": 95}), r"low 95 is above the value 90"),
        (lambda d: d["actors"][0].update(capability=-1), r"actor 'RUS': field 'capability': value -1 is outside"),
        (lambda d: [a.update(capability=0) for a in d["actors"]], r"capability x salience = 0"),
        (lambda d: d.pop("issues"), r"missing field 'issues'"),
        (lambda d: d["issues"][0]["positions"].append({"actor": "XXX", "position": 1, "salience": 1}), r"actor 'XXX': not listed under 'actors'"),
        (lambda d: d["issues"][0]["positions"][0].update(position=[1, 2]), r"a range is \[low, most likely, high\]"),
    ],
)
def test_bad_input_names_place_and_problem(mutate, message):
    d = scen()
    mutate(d)
    with pytest.raises(InputError, match=message) as exc:
        scenario_from_dict(d, source="bad.yaml")
    assert str(exc.value).startswith("bad.yaml")


def test_yaml_file_and_errors(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(scen()))
    assert read_scenario(p).issues[0].names == ["Russia", "Syria"]
    p.write_text("issues: [unclosed")
    with pytest.raises(InputError, match="not valid YAML"):
        read_scenario(p)
    with pytest.raises(InputError, match="not found"):
        read_scenario(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="unknown scenario format"):
        read_scenario(tmp_path.joinpath("a.json").write_text("{}") and tmp_path / "a.json")


def test_csv_reader(tmp_path, eu_case):
    assert len(eu_case.issues[0].stakes) == 10
    assert eu_case.issues[0].scale.low == 4 and eu_case.issues[0].scale.high == 10
    bad = tmp_path / "bad.csv"
    bad.write_text("Actor,Capability,Position,Salience\nA,1,5,0.5\nB,x,5,0.5\n")
    with pytest.raises(InputError, match=r"line 3, actor 'B': field 'capability': 'x' is not a number"):
        read_scenario(bad)
    bad.write_text("Actor,Capability,Position\nA,1,5\n")
    with pytest.raises(InputError, match="missing column"):
        read_scenario(bad)
    bad.write_text("Actor,Capability,Position,Salience\nA,1,5,50\n")
    with pytest.raises(InputError, match="salience"):
        read_scenario(bad)
