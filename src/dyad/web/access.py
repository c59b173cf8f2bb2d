"""The server's read-only view of the store: one connection shared by request threads, held in
short leases, with a time bound on every query and a cache of answers.

DuckDB lets one process write a database file or several read it, never both at once. A server
that kept its read-only connection open forever would lock ``dyad ingest`` out for good, so the
connection is leased: it is closed when idle (``idle`` seconds), as soon as a writer says it is
waiting for the lock (``dyad.store.connection.write_wanted``: a file the writer touches at each
retry, which the server looks at every 50 ms), and at the latest ``lease`` seconds after it was
opened for writers that do not say so (waiting for running queries); then it is left closed for
``gap`` seconds, longer than the writer's retry interval, so the waiting ingest gets in. Closing
only when someone waits matters under load: each reopening empties DuckDB's buffers and stalls
every request for the gap. While a writer holds the
store, answers already cached (the last committed state the server saw) are still served; others
wait up to ``wait`` seconds and then get a clear "busy" answer, never an error page.

Answers are cached per store *generation* (the size and modification time of the database file
and its write-ahead log when the connection was opened): a committed ingest changes the
generation, which empties the cache.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from dyad.errors import DyadError, StoreLocked
from dyad.store import connect
from dyad.store.connection import write_wanted

T = TypeVar("T")


class StoreBusy(DyadError):
    """Another process is writing to the store and kept it past the wait."""


class QueryTimeout(DyadError):
    """A query ran past its time bound and was cancelled."""


def generation(path: Path) -> tuple[int, ...]:
    """Changes whenever a writer has committed to the store (file or write-ahead log touched)."""
    out: list[int] = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            out += [st.st_size, st.st_mtime_ns]
        except FileNotFoundError:
            out += [-1, -1]
    return tuple(out)


def _size(value: Any) -> int:
    return sum(len(v) for v in value if v) if isinstance(value, tuple) else len(value)


class ResultCache:
    """A bounded LRU of serialised answers (bytes, or tuples of bytes), keyed by store
    generation and request."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._bytes = 0
        self._max = max_bytes
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        size = _size(value)
        if size > self._max // 8:
            return  # one huge answer would evict everything else
        with self._lock:
            old = self._items.pop(key, None)
            self._bytes += size - (_size(old) if old is not None else 0)
            self._items[key] = value
            while self._bytes > self._max:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= _size(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


class StoreAccess:
    """Leased read-only access to one store file; see the module docstring for why."""

    def __init__(self, path: Path, *, lease: float = 10.0, idle: float = 0.5, gap: float = 0.25,
                 wait: float = 3.0) -> None:  # fmt: skip
        self.path = Path(path)
        self.lease, self.idle, self.gap, self.wait = lease, idle, gap, wait
        self.cache = ResultCache()
        self.generation: tuple[int, ...] = ()
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened = self._last_used = 0.0
        self._closed_at = -1e9
        self._users = 0
        self._opening = False
        self._exclusive = False
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None
        self._wanted = write_wanted(self.path)
        self._writer_waits = False

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Open once to check the store (a bad path fails the start, not the first request)."""
        with self.cursor():
            pass
        self._reaper = threading.Thread(target=self._reap, name="dyad-store-lease", daemon=True)
        self._reaper.start()

    def stop(self) -> None:
        self._stop.set()
        if self._reaper is not None:
            self._reaper.join(timeout=2)
        with self._cond:
            self._close()

    def _reap(self) -> None:
        while not self._stop.wait(0.05):
            waits = self._writer_waiting()
            with self._cond:
                self._writer_waits = waits
                if self._con is not None and self._users == 0 and self._due(time.monotonic()):
                    self._close()

    # -- leases ---------------------------------------------------------------------------

    def _due(self, now: float) -> bool:
        return self._writer_waits or now - self._opened >= self.lease or now - self._last_used >= self.idle

    def _writer_waiting(self) -> bool:
        """A writer touched the store's write-wanted file within the last second."""
        try:
            return time.time() - self._wanted.stat().st_mtime < 1.0
        except OSError:
            return False

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
            self._closed_at = time.monotonic()
            self._cond.notify_all()

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.wait
        with self._cond:
            while True:
                now = time.monotonic()
                if self._con is not None and not self._exclusive and not self._writer_waits \
                        and now - self._opened < self.lease:  # fmt: skip
                    self._users += 1
                    self._last_used = now
                    return self._con
                if self._con is not None and self._users == 0:
                    self._close()  # its lease is over and nobody uses it
                    continue
                if now >= deadline:
                    raise StoreBusy(f"{self.path}: the store is busy (another process is writing to it); retry shortly")
                if self._con is not None or self._opening or self._exclusive:
                    self._cond.wait(min(0.05, deadline - now))  # a lease is ending or opening
                    continue
                reopen = self._closed_at + self.gap
                if now < reopen:  # leave a writer waiting for the lock its turn
                    self._cond.wait(min(reopen - now, deadline - now))
                    continue
                self._opening = True
                break
        try:
            con = connect(self.path, wait=max(0.0, deadline - time.monotonic()))
        except StoreLocked:
            raise StoreBusy(f"{self.path}: the store is busy (another process is writing to it); retry shortly") from None
        finally:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
        gen = generation(self.path)
        with self._cond:
            if gen != self.generation:
                self.cache.clear()
                self.generation = gen
            self._con = con
            self._opened = self._last_used = time.monotonic()
            self._users += 1
            return con

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            self._last_used = time.monotonic()
            if self._users == 0 and self._con is not None and (
                    self._writer_waits or time.monotonic() - self._opened >= self.lease):  # fmt: skip
                self._close()
            self._cond.notify_all()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the shared connection for one thread; the lease is held meanwhile."""
        con = self._acquire()
        try:
            cur = con.cursor()
            try:
                yield cur
            finally:
                cur.close()
        finally:
            self._release()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Close the reader and keep it closed, so this process itself may write the store."""
        with self._cond:
            while self._exclusive:
                self._cond.wait()
            self._exclusive = True
            while self._users:
                self._cond.wait()
            self._close()
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._closed_at = -1e9
                self._cond.notify_all()

    # -- bounded queries ------------------------------------------------------------------

    def run(self, fn: Callable[..., T], *args: Any, timeout: float, **kwargs: Any) -> T:
        """``fn(cursor, ...)`` cancelled after ``timeout`` seconds (QueryTimeout)."""
        with self.cursor() as cur:
            done = threading.Event()

            def watchdog() -> None:
                if done.wait(timeout):
                    return
                cur.interrupt()
                while not done.wait(0.05):  # fn may run several statements: stop each one
                    cur.interrupt()

            threading.Thread(target=watchdog, name="dyad-query-watchdog", daemon=True).start()
            try:
                return fn(cur, *args, **kwargs)
            except duckdb.InterruptException:
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s and was cancelled; narrow it "
                    "(a date range, an actor, a code)"
                ) from None
            finally:
                done.set()

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        """The answer for ``key``: cached for the store as it is now, else ``make()``'s.

        When the store changed and a writer holds it, the answer cached for the state this
        server last read is served rather than a busy error.
        """
        gen = generation(self.path)
        hit = self.cache.get((gen, key))
        if hit is not None:
            return hit
        try:
            value = make()
        except StoreBusy:
            stale = self.cache.get((self.generation, key))
            if stale is None:
                raise
            return stale
        if generation(self.path) == gen == self.generation:  # not raced by a commit meanwhile
            self.cache.put((gen, key), value)
        return value
