"""The event store: an embedded DuckDB file with documents, sentences, mentions, deduplicated
events and actors; a versioned schema with explicit migrations; idempotent batched ingest.

    >>> from dyad.store import connect, ingest
    >>> report = ingest("dyad.duckdb", documents, coder)        # doctest: +SKIP
    >>> con = connect("dyad.duckdb")                            # read-only  # doctest: +SKIP
"""

from dyad.store.connection import DEFAULT_DB, ENV_VAR, connect, resolve_path
from dyad.store.ingestion import BatchResult, IngestReport, ingest, write_batch
from dyad.store.schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "BatchResult",
    "IngestReport",
    "connect",
    "ingest",
    "resolve_path",
    "write_batch",
]
