"""`dyad sql` reads its store and nothing else (issue 16, section 4): no ATTACH of another store
(nor of its own through a hard link), no COPY TO, no file functions, no SET to undo the lock;
--allow-files opens DuckDB's file functions and still no ATTACH. Tables compared before and after."""

from __future__ import annotations

import os
import shutil

import pytest

from reliability.test_output_files import make_store, run, tables


@pytest.fixture()
def stores(tmp_path):
    db = make_store(tmp_path / "own.duckdb")
    other = tmp_path / "other.duckdb"
    shutil.copy(db, other)
    os.link(db, tmp_path / "same.duckdb")  # the store itself, by another name
    return db, other


def refused(res, *words):
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and len(res.stderr.strip().splitlines()) == 1, res.stderr
    for w in words:
        assert w in res.stderr, (w, res.stderr)


@pytest.mark.parametrize("target", ["other.duckdb", "same.duckdb"])
@pytest.mark.parametrize("allow_files", [False, True])
def test_attach_cannot_change_another_store_or_its_own(stores, tmp_path, target, allow_files):
    db, other = stores
    before = {p: tables(p) for p in (db, other)}
    q = f"ATTACH '{tmp_path / target}' AS w (READ_WRITE); DELETE FROM w.events"
    refused(run("sql", q, "--db", db, *(["--allow-files"] if allow_files else [])), "ATTACH is not allowed")
    assert {p: tables(p) for p in (db, other)} == before


def test_no_file_is_written_or_read(stores, tmp_path):
    db, _ = stores
    secret = tmp_path / "secret.csv"
    secret.write_text("do not read me")
    out = tmp_path / "copy.csv"
    refused(run("sql", f"COPY (SELECT * FROM events) TO '{out}'", "--db", db), "COPY", "--allow-files")
    refused(run("sql", f"EXPORT DATABASE '{tmp_path / 'dump'}'", "--db", db), "--allow-files")
    for q in (f"SELECT * FROM read_text('{secret}')", f"SELECT * FROM read_csv('{secret}')",
              f"SELECT * FROM '{secret}'", f"SELECT * FROM glob('{tmp_path}/*')"):  # fmt: skip
        res = run("sql", q, "--db", db)
        refused(res, "--allow-files")
        assert "do not read me" not in res.output
    assert not out.exists() and not (tmp_path / "dump").exists()


@pytest.mark.parametrize("q", ["SET enable_external_access = true", "RESET enable_external_access",
                               "SET lock_configuration = false", "INSTALL httpfs", "LOAD 'x.duckdb_extension'",
                               "DETACH own", "DELETE FROM events", "DROP TABLE events", "CREATE TABLE t (a INT)",
                               "SELECT 1; ATTACH 'x.duckdb'"])  # fmt: skip
def test_statements_that_change_or_reach_out_are_refused(stores, q):
    db, _ = stores
    before = tables(db)
    refused(run("sql", q, "--db", db), "not allowed")
    assert tables(db) == before


def test_reading_statements_still_work(stores):
    db, _ = stores
    for q in ("SELECT count(*) FROM events", "SHOW TABLES", "DESCRIBE events", "SUMMARIZE events",
              "FROM events LIMIT 1", "EXPLAIN SELECT 1", "PRAGMA table_info('events')", "CALL pragma_version()",
              "WITH a AS (SELECT code FROM events) SELECT count(*) FROM a"):  # fmt: skip
        res = run("sql", q, "--db", db, "--csv")
        assert res.exit_code == 0, (q, res.output)
    assert run("sql", "SELECT count(*) FROM mentions", "--db", db, "--csv").stdout.split() == ["count_star()", "8"]


def test_allow_files_lets_file_functions_work(stores, tmp_path):
    db, _ = stores
    out = tmp_path / "copy.csv"
    res = run("sql", f"COPY (SELECT code FROM mentions ORDER BY 1) TO '{out}'", "--db", db, "--allow-files")
    assert res.exit_code == 0, res.output
    assert out.read_text().splitlines() == ["code"] + ["111"] * 8
    res = run("sql", f"SELECT count(*) FROM read_csv('{out}')", "--db", db, "--allow-files", "--csv")
    assert res.exit_code == 0 and res.stdout.split()[-1] == "8", res.output


def test_help_says_what_is_allowed():
    res = run("sql", "--help")
    text = " ".join(res.stdout.split())
    for w in ("Allowed: SELECT", "Refused:", "ATTACH", "--allow-files"):
        assert w in text, w


def test_the_web_api_takes_no_sql():
    """The same stance for the HTTP API: no endpoint takes SQL; its queries are dyad's own."""
    from dyad.web import Settings, create_app

    app = create_app(Settings(db="unused.duckdb"))
    spec = app.openapi()
    params = {p["name"].lower() for ops in spec["paths"].values() for op in ops.values() for p in op.get("parameters", [])}
    bodies = str([op.get("requestBody") for ops in spec["paths"].values() for op in ops.values()]).lower()
    assert "since" in params  # the check sees the API's parameters
    assert not params & {"sql", "statement"} and "sql" not in bodies  # (q and query are search words)
