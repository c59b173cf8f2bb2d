"""Bad and hostile inputs to `dyad forecast` and `dyad backtest` (issue 16, sections 5 and 6):
each ends in one line naming the file (and field) and the cause, a non-zero exit, no traceback,
bounded memory, and JSON output that is always valid JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyad.cli import app

ROOT = Path(__file__).resolve().parents[2]
SYRIA = ROOT / "examples" / "syria-2025.yaml"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(res, *words):
    """Exit 2, one line on stderr naming every word, no Python traceback."""
    assert res.exit_code == 2, res.output
    out = res.output.strip()
    assert "Traceback" not in out and len(out.splitlines()) == 1, out
    for w in words:
        assert w in out, (w, out)


def strict_json(text):
    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=no_constants)


def scenario(positions, scale=(0, 100), **issue):
    return {"issues": [{"name": "i", "scale": {"low": scale[0], "high": scale[1]}, **issue,
                        "positions": [{"actor": f"A{k}", "capability": c, "position": x, "salience": s}
                                      for k, (c, x, s) in enumerate(positions)]}]}  # fmt: skip


# --- section 5: resource bounds ----------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 10):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    lines.append("issues: *a9")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    assert bomb.stat().st_size < 1024
    one_line_error(run("forecast", bomb), "bomb.yaml", "aliases are expanded", "alias bomb")


def test_deeply_nested_yaml_is_refused(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("issues: " + "[" * 5000 + "]" * 5000 + "\n")
    one_line_error(run("forecast", deep), "deep.yaml", "nested more than 32 levels")


@pytest.mark.large  # a scenario of 1,000 actors
def test_too_many_actors_is_a_one_line_error(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(yaml.safe_dump(scenario([(1, k % 100, 0.5) for k in range(1000)])))
    one_line_error(run("forecast", big), "big.yaml", "1000 actors; an issue may have at most 500")


@pytest.mark.large  # a scenario of 400 actors, forecast before the runs are checked
def test_monte_carlo_runs_are_bounded(tmp_path):
    one_line_error(run("forecast", SYRIA, "--monte-carlo", "100000000"), "--monte-carlo", "at most 100,000")
    wide = tmp_path / "wide.yaml"
    wide.write_text(yaml.safe_dump(scenario([(1, k % 100, 0.5) for k in range(400)])))
    one_line_error(run("forecast", wide, "--monte-carlo", "50000"), "--monte-carlo", "400 actors", "use at most 5,000 runs")


def test_eum_blocks_give_the_same_answer_with_bounded_memory(monkeypatch):
    """The vote differences are computed in blocks; a tiny block gives the very same forecast."""
    from dyad.forecast import eum
    from dyad.forecast.models import make_model
    from dyad.forecast.readers import read_scenario

    scen = read_scenario(SYRIA)
    whole = [f.forecast for f in make_model("eum").forecast(scen).issues]
    monkeypatch.setattr(eum, "BLOCK_BYTES", 8 * 15 * 15)  # one voter of one case at a time
    assert [f.forecast for f in make_model("eum").forecast(scen).issues] == whole


# --- section 5: non-finite numbers -------------------------------------------------------------


@pytest.mark.parametrize("doc, words", [
    (scenario([(1, 5, 0.5)], scale=(0, float("inf"))), ["scale.high", "not a finite number"]),
    (scenario([(1, 5, 0.5)], scale=(-1e308, 1e308)), ["scale.low", "not a finite number within +-1e+12"]),
    (scenario([(1, float("nan"), 0.5)]), ["actor 'A0'", "'position'", "not a finite number"]),
    (scenario([(float("inf"), 5, 0.5)]), ["actor 'A0'", "'capability'", "not a finite number"]),
    (scenario([(1e300, 5, 0.5)]), ["actor 'A0'", "'capability'", "outside the allowed range"]),
    (scenario([(1, 5, 0.5)], status_quo=float("-inf")), ["'status_quo'", "not a finite number"]),
])  # fmt: skip
def test_non_finite_scenario_numbers_are_refused_with_the_field(tmp_path, doc, words):
    p = tmp_path / "nf.yaml"
    p.write_text(yaml.safe_dump(doc))
    one_line_error(run("forecast", p, "--format", "json"), "nf.yaml", *words)


number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**400, 10**400),
                   st.sampled_from([0, 1, 50, 100, 1e308, -1e308, 1e-320]))  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(st.tuples(number, number, number), min_size=1, max_size=4), lo=number, hi=number, sq=number)
def test_generated_scenarios_give_valid_json_or_one_line(tmp_path, points, lo, hi, sq):
    p = tmp_path / "gen.yaml"
    p.write_text(yaml.safe_dump(scenario(points, scale=(lo, hi), status_quo=sq)))
    res = run("forecast", p, "--format", "json", "--rounds", "3")
    if res.exit_code == 0:
        data = strict_json(res.stdout)
        for issue in data["issues"]:
            for v in issue["forecasts"].values():
                assert issue["scale"]["low"] <= v <= issue["scale"]["high"]
    else:
        one_line_error(res, "gen.yaml")


def deu_table(tmp_path, out="40", position="50", extra_rows=""):
    head = ['"prnr"', '"isnr"', '"pcom"', '"pde"', '"scom"', '"sde"', '"rp"', '"out"']
    row = ["1", "i1", position, "20", "50", "60", "0", out]
    p = tmp_path / "deu.csv"
    p.write_text("\t".join(head) + "\n" + "\t".join(row) + "\n" + extra_rows)
    return p


@pytest.mark.parametrize("kw, words", [
    ({"out": "nan"}, ["line 2", "'out'", "not a finite number"]),
    ({"out": "NaN"}, ["line 2", "'out'", "not a finite number"]),
    ({"position": "inf"}, ["line 2", "'pcom'", "not a finite number"]),
    ({"position": "1e308"}, ["line 2", "'pcom'", "outside 0-100"]),
])  # fmt: skip
def test_non_finite_deu_numbers_are_refused_with_the_column(tmp_path, kw, words):
    one_line_error(run("backtest", deu_table(tmp_path, **kw), "--format", "json", "--models", "compromise"),
                   "deu.csv", *words)  # fmt: skip


def test_backtest_json_is_valid_json(tmp_path):
    rows = "".join(f"{k}\ti{k}\t{k * 8}\t{90 - k * 8}\t50\t40\t0\t{k * 5}\n" for k in range(2, 12))
    res = run("backtest", deu_table(tmp_path, extra_rows=rows), "--format", "json", "--folds", "3",
              "--models", "compromise,median,nash,compromise@procedure")  # fmt: skip
    assert res.exit_code == 0, res.output
    data = strict_json(res.stdout)
    assert data["issues"] == 11 and all(np.isfinite(v) for v in data["mae"].values())


# --- section 6: files that are not text, or not what they claim --------------------------------


@pytest.mark.parametrize("name, data, words", [
    ("bin.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["bin.yaml", "binary file"]),
    ("latin.yaml", "issues:\n  - name: caf\xe9\n".encode("latin-1"), ["latin.yaml", "line 2", "0xe9", "not UTF-8"]),
    ("utf16.yaml", "issues: []\n".encode("utf-16"), ["utf16.yaml", "UTF-16", "convert it to UTF-8"]),
    ("latin.csv", "Actor,Capability,Position,Salience\nBogot\xe1,1,2,0.5\n".encode("latin-1"), ["latin.csv", "not UTF-8"]),
    ("bin.csv", bytes(range(256)), ["bin.csv", "binary file"]),
])  # fmt: skip
def test_binary_and_latin1_scenarios(tmp_path, name, data, words):
    p = tmp_path / name
    p.write_bytes(data)
    one_line_error(run("forecast", p), *words)


@pytest.mark.parametrize("data, words", [
    (b"prnr\tout\n\x00\x01\x02", ["binary file"]),
    ('"prnr"\t"isnr"\t"pcom"\t"scom"\t"out"\n1\tCaf\xe9\t5\t5\t5\n'.encode("latin-1"), ["line 2", "not UTF-8"]),
])  # fmt: skip
def test_binary_and_latin1_deu_tables(tmp_path, data, words):
    p = tmp_path / "deu.csv"
    p.write_bytes(data)
    one_line_error(run("backtest", p), "deu.csv", *words)


def test_csv_fields_over_128_kb(tmp_path):
    huge = '"' + "x" * 200_000 + '"'
    scen = tmp_path / "huge.csv"
    scen.write_text(f"Actor,Capability,Position,Salience\n{huge},1,2,0.5\n")
    one_line_error(run("forecast", scen), "huge.csv", "line 2", "longer than 131,072 characters")
    deu = deu_table(tmp_path, extra_rows=f"2\t{huge}\t1\t1\t1\t1\t1\t1\n")
    one_line_error(run("backtest", deu), "deu.csv", "line 3", "longer than 131,072 characters")


def test_fifo_and_directory_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    one_line_error(run("forecast", fifo), "pipe.yaml", "not a regular file")  # and does not hang
    d = tmp_path / "dir.yaml"
    d.mkdir()
    one_line_error(run("forecast", d), "dir.yaml", "not a regular file")
    one_line_error(run("backtest", d), "dir.yaml", "not a regular file")


def test_plot_to_an_unknown_format_or_a_directory(tmp_path):
    one_line_error(run("forecast", SYRIA, "--plot", tmp_path / "x.txt"), "unknown image format '.txt'")
    (tmp_path / "d.png").mkdir()
    one_line_error(run("forecast", SYRIA, "--plot", tmp_path / "d.png"), "a directory")


def test_a_failed_plot_run_leaves_an_existing_image_untouched(tmp_path, monkeypatch):
    """The earlier image is one `dyad forecast --plot` drew, so only the bad scenario stops the
    run; another program's image is refused before anything is read."""
    png = tmp_path / "keep.png"
    assert run("forecast", SYRIA, "--plot", png).exit_code == 0
    before = png.read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text("issues: [")
    one_line_error(run("forecast", bad, "--plot", png), "bad.yaml")
    assert png.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    other = tmp_path / "other.png"
    other.write_bytes(b"old image")
    one_line_error(run("forecast", bad, "--plot", other), "other.png", "--force")
    assert other.read_bytes() == b"old image"
