"""One date reader for every command: what `dyad code --date` accepts, every --date, --since and
--until accepts, and what it refuses they all refuse with the same message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.dates import parse_date_arg
from dyad.errors import InputError
from dyad.run.ingest import ingest
from store.fakes import FakeCoder, doc

THU = date(2025, 10, 16)
MESSAGE = "{flag}: cannot read the date 'sometime'; write it as YYYY-MM-DD (for example 2025-10-16)"


@pytest.mark.parametrize(
    "text",
    ["2025-10-16", "20251016", "2025-10-16T09:30:00Z", "Thu, 16 Oct 2025 09:30:00 GMT", "16 October 2025",
     "October 16, 2025", "16th of Oct. 2025", " 16  OCTOBER 2025 "],
)  # fmt: skip
def test_accepts(text: str) -> None:
    assert parse_date_arg(text) == THU


@pytest.mark.parametrize("text", ["", "yesterday", "10/11/2025", "2025-13-01", "2025-02-30", "soon", "16 October"])
def test_refuses_with_the_field_named(text: str) -> None:
    with pytest.raises(InputError, match=r"line 4 field 'date': cannot read the date"):
        parse_date_arg(text, where="line 4 field 'date'")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dates") / "s.duckdb"
    ingest(path, [doc("a", "SYRGOV 042 RUSGOV 2025-10-10", "RUSGOV 190 SYRGOV 2025-10-12", day="2025-10-12")], FakeCoder)
    return path


def _commands(db: Path, article: Path) -> list[tuple[list[str], str]]:
    """(arguments up to the date option, the option) for every command that takes a date."""
    store = ["--db", str(db)]
    return [
        (["code", str(article), "--date"], "--date"),
        (["ingest", str(article), "--db", str(db.with_name("new.duckdb")), "--date"], "--date"),
        (["actors", "lookup", "Abu Mohammad al-Jolani", "--date"], "--date"),
        (["series", "SYR", "RUS", *store, "--since"], "--since"),
        (["series", "SYR", "RUS", *store, "--until"], "--until"),
        (["dyads", *store, "--since"], "--since"),
        (["network", *store, "--until"], "--until"),
        (["balance", *store, "--since"], "--since"),
        (["shifts", *store, "--until"], "--until"),
        (["export", "--format", "csv", *store, "--since"], "--since"),
    ]


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)
    f = tmp_path / "a.txt"
    f.write_text("SYRGOV 042 RUSGOV\n", encoding="utf-8")
    return f


def test_every_date_option_refuses_alike(db: Path, article: Path) -> None:
    for args, flag in _commands(db, article):
        r = CliRunner().invoke(app, [*args, "sometime"])
        assert r.exit_code == 2, (args, r.output)
        assert r.stderr.strip() == "error: " + MESSAGE.format(flag=flag), args


def test_every_date_option_reads_a_written_out_date(db: Path, article: Path, tmp_path: Path) -> None:
    for args, flag in _commands(db, article):
        r = CliRunner().invoke(app, [*args, "16 October 2025"])
        assert r.exit_code == 0, (args, r.output)
    coded = CliRunner().invoke(app, ["code", str(article), "--date", "16 October 2025", "-f", "csv"]).stdout
    assert ",2025-10-16," in coded.splitlines()[1]  # the document date reached the event
    assert CliRunner().invoke(app, ["actors", "lookup", "Abu Mohammad al-Jolani", "--date", "20 May 2023"]).stdout == "SYRREBMUS\n"
