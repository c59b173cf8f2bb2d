"""The store and analysis commands, in-process: output, and one-line errors that alter nothing."""

from __future__ import annotations

import hashlib
import types

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.store import SCHEMA_VERSION, connect
from store.fakes import FakeCoder, doc

runner = CliRunner()


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Stand in for the spaCy coder and the input reader: one document per line of each input file."""
    def read_documents(paths, default_date):
        for p in paths:
            for i, line in enumerate(open(p).read().splitlines()):
                if line.startswith("#"):
                    yield types.SimpleNamespace(where=f"{p}:{i + 1}", reason="comment line")
                else:
                    yield doc(f"{p}:{i + 1}", line)

    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)
    monkeypatch.setattr("dyad.run.ingest.read_documents", read_documents)

LINES = "SYRGOV 042 RUSGOV 2024-01-01\nRUSMIL 190 SYRREB 2024-01-08\n# skip me\nUSAGOV 111 IRNGOV 2024-01-02\n"


@pytest.fixture
def store(tmp_path, fake_pipeline):
    """A store made by the ingest command itself."""
    src = tmp_path / "in.txt"
    src.write_text(LINES)
    db = tmp_path / "s.duckdb"
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert r.exit_code == 4, r.output  # the comment line was skipped: said, and the exit status says so
    return db, src


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """The same store, built once for the read-only commands."""
    from dyad.run.ingest import ingest

    db = tmp_path_factory.mktemp("cli") / "s.duckdb"
    docs = [doc(f"in.txt:{i + 1}", line) for i, line in enumerate(LINES.splitlines()) if not line.startswith("#")]
    ingest(db, docs, FakeCoder)
    return db


def test_ingest_reports_and_is_idempotent(store):
    db, src = store
    r = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert r.exit_code == 4  # skipped something (the comment line), as `dyad code` exits
    assert "0 documents stored, 3 already there, 1 skipped" in r.output
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(3,)]


def test_analysis_commands(shared_store, tmp_path, monkeypatch):
    db = shared_store
    monkeypatch.setenv("DYAD_DB", str(db))  # --db falls back to $DYAD_DB
    monkeypatch.setenv("COLUMNS", "200")
    r = runner.invoke(app, ["series", "SYR", "RUS", "--freq", "week", "--plot", str(tmp_path / "s.png")])
    assert r.exit_code == 0, r.output
    assert "2024-01-01" in r.output and "2024-01-08" in r.output and (tmp_path / "s.png").exists()
    r = runner.invoke(app, ["dyads", "--top", "5"])
    assert r.exit_code == 0 and "RUS–SYR" in r.output
    r = runner.invoke(app, ["network", "-o", str(tmp_path / "n.gexf"), "--plot", str(tmp_path / "n.svg")])
    assert r.exit_code == 0 and "4 actors, 2 ties: 0 cooperative, 2 conflictual" in r.output, r.output
    assert (tmp_path / "n.gexf").exists() and (tmp_path / "n.svg").exists()
    r = runner.invoke(app, ["balance"])
    assert r.exit_code == 0 and "No triads" in r.output and "4 actors and 2 signed ties" in r.output
    r = runner.invoke(app, ["shifts"])
    assert r.exit_code == 0 and "No shifts: a dyad needs events in at least 5 weeks" in r.output
    r = runner.invoke(app, ["sql", "SELECT code, num_mentions FROM events ORDER BY code", "--csv"])
    assert r.exit_code == 0 and r.output.splitlines() == ["code,num_mentions", "042,1", "111,1", "190,1"]
    r = runner.invoke(app, ["export", "--format", "csv"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 4


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("args,match", [
    (["series", "SYR", "ZZZ"], "actor code 'ZZZ'"),
    (["series", "SYR", "RUS", "--since", "2024-02-01", "--until", "2024-01-01"], "after --until"),
    (["export", "--format", "gdelt", "--until", "2023-01-01", "--since", "2024-01-01"], "after --until"),
    (["sql", "DELETE FROM events"], "only reads the store"),
    (["sql", "SELEC 1"], "sql:"),
    (["network", "--output", "x.xml"], "unknown graph format"),
])  # fmt: skip
def test_bad_input_one_line_and_store_untouched(shared_store, args, match):
    db = shared_store
    before = digest(db)
    r = runner.invoke(app, [*args, "--db", str(db)])
    assert r.exit_code == 2
    assert match in r.output and "Traceback" not in r.output
    assert digest(db) == before


def test_corrupt_foreign_and_newer_stores(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"garbage" * 100)
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as c:
        c.execute("CREATE TABLE t (x INTEGER)")
    newer = tmp_path / "newer.duckdb"
    with connect(newer, write=True) as c:
        c.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP, 'x')", [SCHEMA_VERSION + 1])
    for path, match in ((bad, "not a DuckDB database"), (foreign, "not a dyad store"), (newer, "newer than")):
        before = digest(path)
        for args in (["series", "SYR", "RUS"], ["ingest", str(path)]):
            r = runner.invoke(app, [*args, "--db", str(path)])
            assert r.exit_code == 3 and match in r.output and "Traceback" not in r.output, r.output
        assert digest(path) == before
