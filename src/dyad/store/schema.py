"""The store's schema and its explicit, numbered migrations.

A store records every migration it has been through in ``schema_version``; opening a store runs
the missing ones in order, each in its own transaction, so an interrupted upgrade leaves the store
at the last complete version. A store written by a newer dyad is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from dyad.model import EVENT_COLUMNS
from dyad.store import aggregates

SCHEMA_VERSION = 2
APP_MARKER = "dyad event store"

_MENTION_FIELDS = [c for c in EVENT_COLUMNS if c.in_mentions]
# The mentions table's columns: the event's (``dyad.model.EVENT_COLUMNS``, under the store's
# names), the event it belongs to after its id, and the outlet of its document.
MENTIONS_TABLE: tuple[str, ...] = (
    _MENTION_FIELDS[0].stored, "event_key", *(c.stored for c in _MENTION_FIELDS[1:]), "outlet"
)


def _mentions_table(version: int) -> str:
    """The mentions table as schema ``version`` created it: only columns added since go through
    their own migration (``Column.since``), so this statement never changes once released."""
    first, *rest = (c for c in _MENTION_FIELDS if c.since <= version)
    cols = [first, "event_key BIGINT NOT NULL", *rest, "outlet VARCHAR"]
    defs = (c if isinstance(c, str) else f"{c.stored} {c.sql}{' NOT NULL' if c.required else ''}" for c in cols)
    return "CREATE TABLE mentions (\n    " + ",\n    ".join(defs) + "\n)"


# Each migration: (version, description, steps); a step is a statement or a function of the
# connection (filling a new table from the old ones). Never edit a released migration; add one.
MIGRATIONS: list[tuple[int, str, list[str | Callable[[duckdb.DuckDBPyConnection], None]]]] = [
    (
        1,
        "documents, sentences, mentions, deduplicated events, actors",
        [
            """CREATE TABLE store_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
            """CREATE TABLE documents (
                doc_id VARCHAR PRIMARY KEY,
                content_hash VARCHAR NOT NULL,
                date DATE,
                title VARCHAR,
                url VARCHAR,
                outlet VARCHAR,
                text VARCHAR,
                n_mentions INTEGER NOT NULL,
                ingested_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE sentences (
                doc_id VARCHAR NOT NULL,
                sentence_index INTEGER NOT NULL,
                text VARCHAR NOT NULL
            )""",
            # One row per happening; mentions of it in several articles point here.
            """CREATE TABLE events (
                event_key BIGINT NOT NULL,
                date DATE,
                last_date DATE,
                source VARCHAR NOT NULL,
                source_country VARCHAR NOT NULL,
                target VARCHAR,
                target_country VARCHAR,
                -- the undirected country pair, 'RUS|SYR': one column to filter and group dyads on
                dyad VARCHAR NOT NULL,
                code VARCHAR NOT NULL,
                root_code VARCHAR NOT NULL,
                quad_class TINYINT NOT NULL,
                goldstein DOUBLE NOT NULL,
                plover VARCHAR,
                status VARCHAR NOT NULL,
                num_mentions INTEGER NOT NULL,
                num_sources INTEGER NOT NULL,
                num_articles INTEGER NOT NULL,
                first_mention VARCHAR NOT NULL
            )""",
            # One row per coded event as the coder produced it (its field names), plus its event_key.
            _mentions_table(1),
            """CREATE TABLE actors (
                code VARCHAR PRIMARY KEY,
                country VARCHAR NOT NULL,
                name VARCHAR
            )""",
        ],
    ),
    (
        2,
        "daily and monthly sums of asserted events for series and dyad rankings (store.aggregates)",
        [*aggregates.DDL, aggregates.rebuild],
    ),
]


def create_version_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL,"
        " description VARCHAR NOT NULL)"
    )


def migrate(con: duckdb.DuckDBPyConnection, current: int, target: int = SCHEMA_VERSION) -> int:
    """Bring a store from ``current`` to ``target``; each step commits on its own."""
    for version, description, statements in MIGRATIONS:
        if version <= current or version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if version == 1:
                create_version_table(con)
            for step in statements:
                if callable(step):
                    step(con)
                else:
                    con.execute(step)
            if version == 1:
                con.execute("INSERT INTO store_info VALUES ('app', ?)", [APP_MARKER])
                con.execute("INSERT INTO store_info VALUES ('dedup_window_days', '1')")
            con.execute(
                "INSERT INTO schema_version VALUES (?, now()::TIMESTAMP, ?)", [version, description]
            )
            con.execute("COMMIT")
        except BaseException:
            rollback(con)
            raise
        current = version
    return current


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failed statement without hiding why it failed: when the failure was the
    disk (full, read-only), DuckDB has often ended the transaction already, and the ROLLBACK's own
    error ("no transaction is active") would replace the real cause in the user's message."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass
