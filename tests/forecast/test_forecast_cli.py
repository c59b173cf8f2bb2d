"""The forecast and backtest commands, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app

ROOT = Path(__file__).resolve().parents[2]
SYRIA = ROOT / "examples" / "syria-2025.yaml"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_forecast_json_contract_on_syria():
    res = invoke("forecast", SYRIA, "--format", "json", "--rounds", "4")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    models = {"eum", "compromise", "median", "nash", "exchange"}
    assert set(data["parameters"]) == models
    assert data["parameters"]["eum"]["rounds"] == 4
    names = [i["name"] for i in data["issues"]]
    assert names == ["russian-bases", "israel-south", "kurdish-integration", "caesar-act"]
    for issue in data["issues"]:
        assert set(issue["forecasts"]) == models == set(issue["models"])
        assert all(0 <= v <= 100 for v in issue["forecasts"].values())
        r0 = issue["rounds"][0]
        assert r0["round"] == 0 and {"positions", "median", "mean"} <= set(r0)
        assert "Russia" in r0["positions"] or issue["name"] == "caesar-act"
        assert [r["round"] for r in issue["rounds"]] == list(range(len(issue["rounds"])))
        eum = issue["models"]["eum"]
        if eum["status"] == "cycled":
            period = int(eum["note"].split("period ")[1].split(";")[0])
            medians = [r["median"] for r in issue["rounds"][-period:]]
            assert eum["forecast"] == pytest.approx(sum(medians) / period)
        else:
            assert eum["forecast"] == issue["rounds"][-1]["median"]


def test_forecast_table_is_one_screen_per_issue_and_rounds_on_request():
    res = invoke("forecast", SYRIA)
    assert res.exit_code == 0, res.output
    blocks = res.stdout.split("\n\n")[1:]
    assert [b.split()[0] for b in blocks] == ["russian-bases", "israel-south", "kurdish-integration", "caesar-act"]
    for block in blocks:
        assert len(block.splitlines()) <= 24
        assert all(len(line) <= 100 for line in block.splitlines())
        for model in ("eum", "compromise", "median", "nash", "exchange"):
            assert f"  {model} " in block
    assert "EUM rounds" not in res.stdout and "round 1:" not in res.stdout
    full = invoke("forecast", SYRIA, "--rounds-table")
    for word in ("EUM rounds", "round 1: Syrian Kurds (SDF) takes", "offer"):
        assert word in full.stdout


def test_forecast_single_model_and_plot(tmp_path):
    png = tmp_path / "rounds.png"
    res = invoke("forecast", SYRIA, "--model", "eum", "--preset", "paper", "--rounds", "3", "--plot", png, "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data["parameters"]) == ["eum"] and data["parameters"]["eum"]["preset"] == "paper"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_forecast_monte_carlo_is_seeded():
    args = ("forecast", SYRIA, "--model", "compromise", "--monte-carlo", "200", "--seed", "3", "--format", "json")
    a, b = invoke(*args), invoke(*args)
    assert a.exit_code == 0, a.output
    sa, sb = json.loads(a.stdout)["sensitivity"], json.loads(b.stdout)["sensitivity"]
    assert sa == sb
    for issue in sa["issues"]:
        d = issue["forecasts"]["compromise"]
        assert d["p10"] <= d["median"] <= d["p90"]
        assert d["most_influential"] and {"actor", "field", "rho"} <= set(d["most_influential"][0])
    c = invoke("forecast", SYRIA, "--model", "compromise", "--monte-carlo", "200", "--seed", "4", "--format", "json")
    assert json.loads(c.stdout)["sensitivity"] != sa


@pytest.mark.parametrize(
    "args, message",
    [
        (("forecast", "nope.yaml"), "not found"),
        (("forecast", SYRIA, "--model", "oracle"), "unknown model"),
        (("forecast", SYRIA, "--preset", "mine"), "unknown EUM preset"),
        (("forecast", SYRIA, "--format", "xml"), "--format"),
        (("forecast", SYRIA, "--plot", "/no/such/dir/x.png"), "does not exist"),
        (("backtest", "nope.csv"), "not found"),
    ],
)
def test_errors_are_one_line_and_nonzero(args, message):
    res = invoke(*args)
    assert res.exit_code != 0
    assert message in res.output
    assert "Traceback" not in res.output


def test_backtest_compromise_on_deu3(external):
    res = invoke("backtest", external / "deu3-blksv" / "deu3.csv", "--format", "json", "--models", "compromise,median")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["issues"] == 353 and data["proposals"] == 137
    assert data["mae"]["compromise"] == pytest.approx(23.68, abs=0.005)
    assert data["mae"]["median"] == pytest.approx(28.36, abs=0.005)
    assert data["best"] == "compromise"
    assert data["models"]["compromise"]["diff_95"] == [0.0, 0.0]
    lo, hi = data["models"]["median"]["diff_95"]
    assert 0 < lo < data["models"]["median"]["diff_to_compromise"] < hi


def test_plot_gives_each_actor_one_colour_on_every_panel_and_marks_the_forecast(tmp_path, monkeypatch):
    import matplotlib.figure

    seen = {}

    def capture(fig, *args, **kwargs):
        for ax in fig.axes:
            lines = {ln.get_label(): ln.get_color() for ln in ax.get_lines() if not ln.get_label().startswith("_")}
            seen[ax.get_title()] = (lines, [t.get_text() for t in ax.texts])
        open(args[0], "wb").write(b"png")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", capture)
    res = invoke("forecast", SYRIA, "--plot", tmp_path / "p.png")
    assert res.exit_code == 0, res.output
    assert set(seen) == {"russian-bases", "israel-south", "kurdish-integration", "caesar-act"}
    colour = {}
    for lines, texts in seen.values():
        for actor, c in lines.items():
            assert colour.setdefault(actor, c) == c, actor  # the same colour on every panel
        assert any(t.startswith("eum ") for t in texts)  # the forecasts are marked
    actors = [a for a in colour if a != "median"]
    assert len(actors) == 14 and len({str(colour[a]) for a in actors}) == 14


def test_summary_is_one_table_of_the_forecasts_json_reports():
    full = json.loads(invoke("forecast", SYRIA, "--format", "json").stdout)
    res = invoke("forecast", SYRIA, "--summary")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    models = list(full["issues"][0]["models"])
    assert lines[1].split() == ["issue", "scale", "status", "quo", *models]
    rows = lines[2:]
    assert len(rows) == len(full["issues"])  # one row per issue, nothing else (no rounds, no anchors)
    for row, issue in zip(rows, full["issues"]):
        cells = row.split()
        assert cells[0] == issue["name"] and float(cells[2]) == issue["status_quo"]
        assert [float(c) for c in cells[3:]] == [round(issue["forecasts"][m], 1) for m in models]


def test_plot_says_what_it_shows_and_where_its_numbers_come_from(tmp_path, monkeypatch):
    """As every dyad chart: a title naming the scenario and what is drawn, a source line naming
    the scenario file and the models, each panel's scale on its axis."""
    import matplotlib.figure

    seen = {}

    def capture(fig, *args, **kwargs):
        seen["title"] = fig._suptitle.get_text() if fig._suptitle else ""
        seen["texts"] = [t.get_text() for t in fig.texts]
        seen["ylabels"] = [ax.get_ylabel() for ax in fig.axes]
        open(args[0], "wb").write(b"png")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", capture)
    res = invoke("forecast", SYRIA, "--plot", tmp_path / "p.png", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert seen["title"].startswith(f"Scenario {data['scenario']}:") and "forecast" in seen["title"]
    (source,) = [t for t in seen["texts"] if t.startswith("Source:")]
    assert str(SYRIA) in source and all(m in source for m in data["issues"][0]["forecasts"])
    assert all(label.startswith("position (") for label in seen["ylabels"])
