"""The store's schema is generated in part from the event's column spec (dyad.model.EVENT_COLUMNS);
a released schema must never change, so version 1 is pinned to the tables dyad created when it was
released (tests/store/schema-v1.sql, written by dyad itself)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dyad.model import EVENT_COLUMNS, Event, Location
from dyad.run.outputs import CSV_COLUMNS, event_row
from dyad.store import SCHEMA_VERSION, connect
from dyad.store.schema import migrate

PINNED = {v: Path(__file__).with_name(f"schema-v{v}.sql") for v in range(1, SCHEMA_VERSION + 1)}


def _ddl(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    ddl = "".join(f"{sql}\n" for (sql,) in con.execute("SELECT sql FROM duckdb_tables() ORDER BY table_name").fetchall())
    con.close()
    return ddl


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_each_version_has_exactly_the_released_tables(tmp_path: Path, version: int) -> None:
    assert PINNED[version].exists(), "a new schema version: pin its tables in a file of its own"
    with duckdb.connect(str(tmp_path / "s.duckdb")) as con:
        migrate(con, 0, target=version)
    assert _ddl(tmp_path / "s.duckdb") == PINNED[version].read_text(encoding="utf-8"), (
        f"migration {version} changed: add a migration instead (Column.since)")


def test_a_new_store_has_the_current_version_tables(tmp_path: Path) -> None:
    connect(tmp_path / "s.duckdb", write=True).close()
    assert _ddl(tmp_path / "s.duckdb") == PINNED[SCHEMA_VERSION].read_text(encoding="utf-8")


def test_the_flat_form_comes_from_the_spec(tmp_path: Path) -> None:
    assert CSV_COLUMNS == tuple(c.name for c in EVENT_COLUMNS)
    con = connect(tmp_path / "s.duckdb", write=True)
    stored = {r[0]: r[1] for r in con.execute("DESCRIBE mentions").fetchall()}
    con.close()
    for c in EVENT_COLUMNS:
        if c.in_mentions:
            assert stored[c.stored] == c.sql, c.name
    ev = Event(doc_id="d", sentence_index=2, sentence="Syria met Russia.", date=None, source="SYR",
               source_text="Syria", target=None, target_text=None, code="040", root_code="04", quad_class=1,
               goldstein=1.0, plover="CONSULT", location=Location("Sochi", "RUS", 43.6, 39.7),
               evidence={"source": (0, 5), "target": None})  # fmt: skip
    row = event_row(ev)
    assert (row["location_lat"], row["location_lon"], row["source_end"], row["target_start"], row["trigger_end"]) == (
        43.6, 39.7, 5, None, None)
    assert row["sentence"] == "Syria met Russia." and row["event_id"] == ev.event_id
