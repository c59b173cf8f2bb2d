"""Finding and opening a store, and refusing files that are not (or not yet) dyad stores.

Every check happens on a read-only connection before anything is written, so a foreign, corrupt
or newer file is left byte-for-byte untouched. DuckDB lets one process hold a database for
writing, or several processes hold it read-only, never both: ``connect`` therefore waits (up to
``wait`` seconds) for a lock held by another process instead of failing at once, and dyad's
writer releases its lock between ingest batches so readers can get in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dyad.errors import DataError, DyadError, InputError, StoreLocked, environment_fault
from dyad.store.schema import APP_MARKER, SCHEMA_VERSION, migrate

DEFAULT_DB = "dyad.duckdb"
ENV_VAR = "DYAD_DB"
DUCKDB_MAGIC = b"DUCK"
DEFAULT_WAIT = 30.0


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    """--db PATH, else $DYAD_DB, else ./dyad.duckdb."""
    if path:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(DEFAULT_DB)


def _check_magic(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a dyad store (give a file with --db)")
    if not path.is_file():  # opening a FIFO would wait for a writer forever
        raise InputError(f"{path}: not a regular file (a FIFO, socket or device), not a dyad store")
    with path.open("rb") as fh:
        head = fh.read(16)
    if len(head) < 12 or head[8:12] != DUCKDB_MAGIC:
        raise DataError(f"{path}: not a DuckDB database file (corrupt or foreign); left untouched")


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return "lock" in msg and ("conflicting" in msg or "could not set lock" in msg)


def write_wanted(path: Path) -> Path:
    """The file a writer waiting for the store's lock touches at every retry: a reader that
    holds the store open (``dyad serve``) lets go when it is fresh, rather than every few
    seconds in case someone is waiting."""
    return path.with_name(path.name + ".write-wanted")


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + max(wait, 0.0)
    delay = 0.02
    announced = False
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    fault = environment_fault(f"{path}", exc, "the store was left untouched")
                    if fault is not None:
                        raise fault from None
                    raise DataError(
                        f"{path}: cannot open as a DuckDB database (corrupt or foreign file): "
                        f"{str(exc).splitlines()[0]}; left untouched"
                    ) from None
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"{path}: the store is locked by another process (an ingest is writing, or a "
                        f"reader holds it) and stayed locked for {wait:g}s; try again when it finishes"
                    ) from None
            if not read_only:
                announced = _announce(path) or announced
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
    finally:
        if announced:
            write_wanted(path).unlink(missing_ok=True)


def _announce(path: Path) -> bool:
    try:
        write_wanted(path).touch()
        return True
    except OSError:
        return False  # a read-only directory: readers fall back on their lease bound


def _store_version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """0 for a database without tables (a new store); else the dyad schema version."""
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if not tables:
        return 0
    if "schema_version" not in tables or "store_info" not in tables:
        raise DataError(
            f"{path}: a DuckDB database but not a dyad store (tables: {', '.join(sorted(tables)[:5])}); "
            "left untouched (give another file with --db)"
        )
    marker = next(iter(con.execute("SELECT value FROM store_info WHERE key = 'app'").fetchall()), None)
    if not marker or marker[0] != APP_MARKER:
        raise DataError(f"{path}: not a dyad store (no dyad marker in store_info); left untouched")
    version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] or 0
    if version > SCHEMA_VERSION:
        raise DataError(
            f"{path}: store has schema version {version}, newer than this dyad understands "
            f"({SCHEMA_VERSION}); upgrade dyad to read it (the store was left untouched)"
        )
    return int(version)


def connect(
    path: str | os.PathLike[str] | None = None,
    *,
    write: bool = False,
    wait: float = DEFAULT_WAIT,
) -> duckdb.DuckDBPyConnection:
    """Open a dyad store: read-only unless ``write``; a missing file is created only for writing."""
    path = resolve_path(path)
    exists = path.exists()
    if not exists and not write:
        raise InputError(f"{path}: no dyad store here; create one with `dyad ingest FILE... --db {path}`")
    if exists:
        _check_magic(path)
        probe = _open(path, read_only=True, wait=wait)
        try:
            version = _store_version(probe, path)
            if not write:
                if version == 0:
                    raise InputError(f"{path}: an empty database, not yet a dyad store; run `dyad ingest` first")
                if version < SCHEMA_VERSION:
                    raise DataError(
                        f"{path}: store has schema version {version}; run `dyad ingest` (or any write) "
                        f"once to migrate it to {SCHEMA_VERSION}"
                    )
                return probe  # the read-only probe is the reader's connection
        except BaseException:
            probe.close()
            raise
        probe.close()
    elif not path.parent.exists():
        raise InputError(f"{path}: directory {path.parent} does not exist")
    con = _open(path, read_only=False, wait=wait)
    try:
        # Bulk batches would otherwise trigger a full checkpoint at nearly every commit; the WAL
        # keeps every commit durable either way, and closing the connection checkpoints.
        con.execute("SET checkpoint_threshold = '1GB'")
        con.execute("SET enable_progress_bar = false")  # a long migration would draw on stderr
        migrate(con, _store_version(con, path))
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def store_errors(path: str | os.PathLike[str] | None, kept: str = "") -> Iterator[None]:
    """Turn a DuckDB or OS error met while using the store at ``path`` into one line naming it.

    A store that opens but cannot be read (cut short by a full disk or a copy that stopped, a
    page overwritten) fails only when a query reaches the damaged part, deep in an analysis:
    every command that uses a store runs inside this, so the user reads the file and the cause,
    not a DuckDB traceback. A full disk or a read-only file system is an ``EnvironmentFault``
    (the data is fine; ``kept`` says what survives, an ingest's committed batches); anything else
    DuckDB cannot read is ``DataError`` (exit 3).
    """
    where = str(resolve_path(path))
    try:
        yield
    except DyadError:
        raise
    except (duckdb.BinderException, duckdb.ParserException):
        raise  # dyad's own SQL is wrong (a bug): never blame the user's store for it
    except (duckdb.Error, OSError) as exc:
        fault = environment_fault(where, exc, kept)
        if fault is not None:
            raise fault from None
        if isinstance(exc, OSError):
            raise
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"{where}: the store cannot be read ({first}); it may be damaged (cut short or "
                        "overwritten): restore it from a copy, or build it again with `dyad ingest`")  # fmt: skip
