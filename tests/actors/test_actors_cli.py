"""`dyad actors lookup` / `show` through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["Abu Mohammad al-Jolani", "--date", "2025-10-15"], "SYRGOV"),
        (["Abu Mohammad al-Jolani", "--date", "2023-05-20"], "SYRREBMUS"),
        (["Abu Muhammad al-Julani", "--date", "2025-10-15"], "SYRGOV"),
        (["the Kremlin"], "RUSGOV"),
        (["Israeli forces"], "ISRMIL"),
        (["the US Senate"], "USALEG"),
        (["Bashar al-Assad", "--date", "2024-12-01"], "SYRGOV"),
        (["Erdoğan"], "TURGOV"),
    ],
)
def test_lookup_prints_just_the_code(args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["actors", "lookup", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"


def test_unknown_name_exits_non_zero_with_a_message() -> None:
    result = runner.invoke(app, ["actors", "lookup", "Xyzzy Plugh"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown actor" in result.stderr and "Xyzzy Plugh" in result.stderr


def test_bad_date_is_an_input_error() -> None:
    result = runner.invoke(app, ["actors", "lookup", "Assad", "--date", "2025-13-45"])
    assert result.exit_code == 2
    assert "--date" in result.stderr and "2025-13-45" in result.stderr


def test_verbose_names_the_entry_and_role() -> None:
    result = runner.invoke(app, ["actors", "lookup", "Jolani", "--date", "2023-05-20", "--verbose"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "SYRREBMUS" and "ahmad-al-sharaa" in lines[1] and "2024-12-07" in lines[2]


def test_actors_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("entries:\n  - {names: [Zork Party], kind: group, code: FRAOPP}\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "lookup", "zork party", "--actors", str(path)])
    assert result.exit_code == 0 and result.stdout == "FRAOPP\n"


def test_broken_actors_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("entries:\n  - {id: a, names: [Zork], code: FRA}\n  - {id: b, names: [zork], code: DEU}\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "lookup", "Zork", "--actors", str(path)])
    assert result.exit_code == 3
    assert f"{path}:3" in result.stderr


def test_show_lists_roles_by_name_and_by_code() -> None:
    result = runner.invoke(app, ["actors", "show", "Hakan Fidan"])
    assert result.exit_code == 0
    assert "hakan-fidan" in result.stdout and "TURSPY" in result.stdout and "2023-06-04" in result.stdout
    result = runner.invoke(app, ["actors", "show", "IGOWSTNAT"])
    assert result.exit_code == 0 and "nato" in result.stdout and "mark-rutte" in result.stdout
    result = runner.invoke(app, ["actors", "show", "ZZZQQQ"])
    assert result.exit_code == 1
