"""Opening stores: new ones are created, anything else that is not a current dyad store is refused
and left byte-for-byte untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from dyad.errors import DataError, InputError
from dyad.store import SCHEMA_VERSION, connect, resolve_path


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def siblings(p: Path) -> set[str]:
    return {x.name for x in p.parent.iterdir()}


def test_new_store_has_current_schema_and_tables(tmp_path):
    db = tmp_path / "s.duckdb"
    with connect(db, write=True) as con:
        versions = con.execute("SELECT version FROM schema_version").fetchall()
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    assert {"documents", "sentences", "mentions", "events", "actors", "schema_version"} <= tables
    with connect(db, write=True) as con:  # reopening migrates nothing twice
        assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == SCHEMA_VERSION


def test_default_path_and_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DYAD_DB", raising=False)
    assert resolve_path(None) == Path("dyad.duckdb")
    monkeypatch.setenv("DYAD_DB", str(tmp_path / "env.duckdb"))
    assert resolve_path(None) == tmp_path / "env.duckdb"
    assert resolve_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"


def test_reading_a_missing_store_creates_nothing(tmp_path):
    db = tmp_path / "missing.duckdb"
    with pytest.raises(InputError, match="no dyad store"):
        connect(db)
    assert not db.exists()


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n" * 50, b"\0" * 8 + b"DUCK" + b"\xff" * 5000])
@pytest.mark.parametrize("write", [False, True])
def test_corrupt_file_refused_and_untouched(tmp_path, content, write):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(content)
    before, names = digest(db), siblings(db)
    with pytest.raises(DataError, match="bad.duckdb"):
        connect(db, write=write)
    assert digest(db) == before
    assert siblings(db) == names  # no .wal or other side file left behind


@pytest.mark.parametrize("write", [False, True])
def test_foreign_duckdb_refused_and_untouched(tmp_path, write):
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
        con.execute("INSERT INTO sales VALUES (1, 2.5)")
    before = digest(db)
    with pytest.raises(DataError, match="not a dyad store"):
        connect(db, write=write)
    assert digest(db) == before


@pytest.mark.parametrize("write", [False, True])
def test_newer_schema_refused_and_untouched(tmp_path, write):
    db = tmp_path / "future.duckdb"
    with connect(db, write=True) as con:
        con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP, 'from the future')", [SCHEMA_VERSION + 1])
    before = digest(db)
    with pytest.raises(DataError, match=f"schema version {SCHEMA_VERSION + 1}"):
        connect(db, write=write)
    assert digest(db) == before


def test_empty_duckdb_becomes_a_store_only_when_writing(tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    with pytest.raises(InputError, match="empty database"):
        connect(db)
    with connect(db, write=True) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] == SCHEMA_VERSION


def test_read_connection_cannot_write(tmp_path):
    db = tmp_path / "s.duckdb"
    connect(db, write=True).close()
    with connect(db) as con, pytest.raises(duckdb.Error, match="read-only"):
        con.execute("DELETE FROM events")
