"""The event store: an embedded DuckDB file with documents, sentences, mentions, deduplicated
events and actors; a versioned schema with explicit migrations; idempotent batched writes.

The store knows nothing of coding: it takes ``(document, events)`` batches. ``dyad.run.ingest``
codes documents and hands them here.

    >>> from dyad.store import connect, write_batch
    >>> with connect("dyad.duckdb", write=True) as con:                 # doctest: +SKIP
    ...     write_batch(con, [(document, events)])
    >>> con = connect("dyad.duckdb")                            # read-only  # doctest: +SKIP
"""

from dyad.store.connection import DEFAULT_DB, ENV_VAR, connect, resolve_path, store_errors
from dyad.store.ingestion import BatchResult, IngestReport, write_batch
from dyad.store.schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "BatchResult",
    "IngestReport",
    "connect",
    "resolve_path",
    "store_errors",
    "write_batch",
]
