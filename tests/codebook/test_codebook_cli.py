"""`dyad codebook show|list|sectors`, checked against the library's own answers."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.codebook import load_codebook

runner = CliRunner()


def first_column(output: str) -> list[str]:
    """Non-empty first cells of a rich table's body rows (the header uses ┃; wrapped rows leave it empty)."""
    cells = []
    for line in output.splitlines():
        if line.startswith("│"):
            cell = line.split("│")[1].strip()
            if cell:
                cells.append(cell)
    return cells


@pytest.mark.parametrize("code", ["042", "1056", "19", "0214"])
def test_show_prints_every_attribute(code: str) -> None:
    result = runner.invoke(app, ["codebook", "show", code])
    assert result.exit_code == 0, result.output
    et = load_codebook().event(code)
    lines = {line[:11].strip(): line[11:].strip() for line in result.stdout.splitlines() if line.strip()}
    assert lines["code"] == et.code
    assert lines["name"] == et.name
    assert lines["root"].startswith(et.root_code + " ")
    assert lines["quad class"] == f"{et.quad_class} {et.quad_name}"
    assert float(lines["Goldstein"]) == et.goldstein
    assert lines["PLOVER"].startswith(et.plover or "-")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("999", "unknown CAMEO event code '999'"),
        ("42", "did you mean '042'?"),
        ("abc", "'abc' is not a CAMEO event code"),
    ],
)
def test_show_unknown_code_is_one_line_error(code: str, message: str) -> None:
    result = runner.invoke(app, ["codebook", "show", code])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stderr.startswith("error:")


def test_list_root_shows_exactly_that_root() -> None:
    result = runner.invoke(app, ["codebook", "list", "--root", "19"])
    assert result.exit_code == 0, result.output
    assert first_column(result.stdout) == [e.code for e in load_codebook().events(root="19")]


def test_list_all() -> None:
    result = runner.invoke(app, ["codebook", "list"])
    assert result.exit_code == 0
    assert first_column(result.stdout) == [e.code for e in load_codebook().events()]


def test_list_bad_root() -> None:
    result = runner.invoke(app, ["codebook", "list", "--root", "042"])
    assert result.exit_code == 2 and "not a CAMEO root" in result.stderr


def test_sectors_lists_every_sector() -> None:
    result = runner.invoke(app, ["codebook", "sectors"])
    assert result.exit_code == 0
    cb = load_codebook()
    assert first_column(result.stdout) == list(cb.sectors)
    assert any("MIL" in line and cb.sectors["MIL"] in line for line in result.stdout.splitlines())
