"""``dyad sql``: ad-hoc SQL that can read the store and nothing else.

The store is opened read-only, so a query cannot change it; that is not enough, because DuckDB
can reach past the store: ``ATTACH 'other.duckdb' (READ_WRITE)`` (or the store itself through a
hard link) writes another database, ``COPY ... TO`` writes any file, ``read_text`` and
``read_csv`` read any file. So before a query runs:

- DuckDB's file access is switched off (``enable_external_access = false``) and the
  configuration locked (``lock_configuration = true``), so no statement can switch it back;
- each statement's type is checked against ``ALLOWED`` (reading statements: SELECT with
  DESCRIBE, SHOW, SUMMARIZE, FROM-first and PIVOT; EXPLAIN; PRAGMA; CALL). ATTACH, DETACH,
  INSTALL, LOAD, SET and every write are refused with one line, before anything runs.

``allow_files`` (``dyad sql --allow-files``) is for a user on their own machine who wants
DuckDB's file functions (``read_csv``, ``read_parquet``, ``COPY ... TO``, ``EXPORT DATABASE``):
file access stays on and COPY and EXPORT are allowed; ATTACH and the rest stay refused, so even
then no other database (nor this store by another name) can be written.

The HTTP API (``dyad serve``) takes no SQL: its endpoints run dyad's own parameterised queries.
"""

from __future__ import annotations

from typing import Any

import duckdb

from dyad.errors import InputError, environment_fault

__all__ = ["run_sql", "lock_down", "ALLOWED", "ALLOWED_WITH_FILES"]

_T = duckdb.StatementType
ALLOWED = frozenset({_T.SELECT, _T.EXPLAIN, _T.PRAGMA, _T.CALL, _T.MULTI})
ALLOWED_WITH_FILES = ALLOWED | {_T.COPY, _T.EXPORT}
_READ_ONLY_HINT = "dyad sql only reads the store (SELECT, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PRAGMA, CALL)"


def lock_down(con: duckdb.DuckDBPyConnection, allow_files: bool = False) -> None:
    """Switch off DuckDB's access to files (unless ``allow_files``) and lock the configuration."""
    if not allow_files:
        con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def check_statements(query: str, allow_files: bool = False) -> None:
    """Refuse, before anything runs, a statement that is not a reading one (see the module)."""
    allowed = ALLOWED_WITH_FILES if allow_files else ALLOWED
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise InputError(f"sql: {str(exc).splitlines()[0]}") from None
    except ValueError:  # a statement type this DuckDB's Python API cannot even name
        raise InputError(f"sql: statement not allowed; {_READ_ONLY_HINT}") from None
    for st in statements:
        if st.type in allowed:
            continue
        word = st.query.split(None, 1)[0].upper() if st.query.strip() else st.type.name
        if st.type in (_T.COPY, _T.EXPORT):
            raise InputError(f"sql: {word} writes files; {_READ_ONLY_HINT} (give --allow-files to let it write files)")
        raise InputError(f"sql: {word} is not allowed; {_READ_ONLY_HINT}")


def run_sql(con: duckdb.DuckDBPyConnection, query: str, *, allow_files: bool = False,
            ) -> tuple[list[str], list[tuple[Any, ...]]]:  # fmt: skip
    """Run ``query`` on ``con`` (a read-only store connection), locked down first (see the module)."""
    if not query.strip():
        raise InputError("sql: empty query")
    check_statements(query, allow_files)
    lock_down(con, allow_files)
    try:
        cur = con.execute(query)
        rows = cur.fetchall() if cur.description else []
    except duckdb.IOException as exc:  # a damaged store (the caller's store_errors names it) or a full disk
        fault = environment_fault("sql", exc)
        if fault is not None:
            raise fault from None
        raise
    except duckdb.PermissionException as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"sql: {first} (dyad sql reads no files; give --allow-files to let it)") from None
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if "read-only" in first.lower() or "read only" in first.lower():
            raise InputError(f"sql: the store is opened read-only; {first}") from None
        raise InputError(f"sql: {first}") from None
    cols = [d[0] for d in cur.description] if cur.description else []
    return cols, rows
