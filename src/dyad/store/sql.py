"""``dyad sql``: ad-hoc SQL on a read-only connection, so a query can never change the store."""

from __future__ import annotations

from typing import Any

import duckdb

from dyad.errors import InputError


def run_sql(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    if not query.strip():
        raise InputError("sql: empty query")
    try:
        cur = con.execute(query)
        rows = cur.fetchall() if cur.description else []
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if "read-only" in first.lower() or "read only" in first.lower():
            raise InputError(f"sql: the store is opened read-only; {first}") from None
        raise InputError(f"sql: {first}") from None
    cols = [d[0] for d in cur.description] if cur.description else []
    return cols, rows
