"""Coding a stream of documents in one process or across several, in input order, in bounded memory.

Where processes can fork (Linux), the parent loads the Coder once and the workers inherit it,
so N workers cost one model load, not N (spaCy's own ``n_process`` works the same way); elsewhere
each worker loads its own Coder once. Workers code chunks of documents; the parent reads input
in a feeder thread and writes results in input order. At most ``4 x workers`` chunks are in
flight at any time (a semaphore the feeder takes and the writer gives back), so a slow document
never lets the input run ahead into memory. Anything in the input that is not a Document (a
``Skipped`` input, the ingest's batch marks) travels in the same chunks, untouched, so it comes
out where it stands in the input.

A worker whose parent is gone (killed with ``kill -9``) notices within a second and exits, so no
orphan keeps a coder's memory.

A document the coder fails on (a bug, not bad input) becomes a ``Skipped`` naming it and the
error, and the run goes on: one odd article must not lose the other hundred thousand.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dyad.model import Document, Event
from dyad.run.inputs import Skipped
from dyad.errors import DyadError

__all__ = ["code_stream", "default_coder", "chunked"]

Result = tuple[Document, list[Event]] | Skipped  # and any other non-Document input item, as is
CHUNK = 32  # documents per task: big enough to amortise pickling, small enough to keep order cheap


def default_coder() -> Any:
    """The process's default Coder (built once per process, shared with ``dyad.coder.code_text``)."""
    from dyad.coder import default_coder as shared

    return shared()


def code_stream(
    items: Iterable[Any],
    workers: int = 1,
    coder_factory: Callable[[], Any] = default_coder,
    batch_size: int = 64,
) -> Iterator[Result]:
    """(document, events) for each document, and every other item as it is, in input order."""
    if workers <= 1:
        yield from _code_chunks(coder_factory(), chunked(items), batch_size)
    else:
        yield from _parallel(items, workers, coder_factory, batch_size)


def chunked(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Lists of ``size`` items in order (the last one shorter): input read a chunk at a time."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _code_chunks(coder: Any, chunks: Iterable[list[Any]], batch_size: int) -> Iterator[Result]:
    for chunk in chunks:
        yield from _code_chunk(coder, chunk, batch_size)


def _code_chunk(coder: Any, chunk: list[Any], batch_size: int) -> list[Result]:
    docs = [d for d in chunk if isinstance(d, Document)]
    coded: dict[int, Result] = {}
    try:
        for doc, events in coder.code_many(docs, batch_size=batch_size):
            coded[id(doc)] = (doc, list(events))
    except Exception:  # noqa: BLE001 - find the document at fault, code the others
        coded = {}
        for doc in docs:
            try:
                coded[id(doc)] = (doc, list(coder.code(doc)))
            except Exception as exc:  # noqa: BLE001
                coded[id(doc)] = Skipped(doc.id, f"the coder failed on this document ({type(exc).__name__}: {exc})")
    out: list[Result] = []
    for item in chunk:
        if isinstance(item, Document):
            out.append(coded.get(id(item)) or Skipped(item.id, "the coder returned no result for this document"))
        else:
            out.append(item)
    return out


def _worker(factory: Callable[[], Any], batch_size: int, inq: Any, outq: Any, coder: Any = None,
            parent: int | None = None) -> None:
    try:
        coder = coder if coder is not None else factory()
    except BaseException as exc:  # noqa: BLE001 - report, the parent decides
        outq.put(("error", f"worker could not load the coder ({type(exc).__name__}: {exc})"))
        return
    while True:
        try:
            task = inq.get(timeout=1.0)
        except queue.Empty:
            if parent is not None and os.getppid() != parent:  # the parent died (kill -9)
                outq.cancel_join_thread()  # nobody will read our results: exit without flushing them
                return
            continue
        if task is None:
            outq.put(("done", None))
            return
        seq, chunk = task
        outq.put(("ok", (seq, _code_chunk(coder, chunk, batch_size))))


def _parallel(items: Iterable[Any], workers: int, factory: Callable[[], Any], batch_size: int) -> Iterator[Result]:
    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if forking else "spawn")
    shared_coder = factory() if forking else None  # inherited by the forked workers, not pickled
    inq = ctx.Queue(maxsize=2 * workers)
    outq = ctx.Queue()
    in_flight = threading.BoundedSemaphore(4 * workers)
    stop = threading.Event()
    feeder_error: list[BaseException] = []
    procs = [ctx.Process(target=_worker, args=(factory, batch_size, inq, outq, shared_coder, os.getpid()), daemon=True)
             for _ in range(workers)]  # fmt: skip
    for p in procs:
        p.start()

    def feed() -> None:
        try:
            for seq, chunk in enumerate(chunked(items)):
                while not in_flight.acquire(timeout=0.5):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                inq.put((seq, chunk))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the parent's thread
            feeder_error.append(exc)
        finally:
            if not stop.is_set():
                for _ in procs:
                    inq.put(None)

    feeder = threading.Thread(target=feed, name="dyad-feeder", daemon=True)
    feeder.start()
    pending: dict[int, list[Result]] = {}
    next_seq = 0
    done = 0
    quiet = 0  # consecutive empty polls while some worker is dead without having said "done"
    try:
        while done < workers:
            try:
                kind, payload = outq.get(timeout=1.0)
                quiet = 0
            except queue.Empty:
                dead = sum(not p.is_alive() for p in procs)
                quiet = quiet + 1 if dead > done else 0
                if quiet >= 2:  # its chunk will never come back; waiting longer would hang
                    codes = sorted({p.exitcode for p in procs if p.exitcode})
                    raise DyadError(
                        f"a coding worker stopped unexpectedly (exit codes {codes}; killed for lack of "
                        "memory?); coding stopped"
                    ) from None
                continue
            if kind == "error":
                raise DyadError(payload)
            if kind == "done":
                done += 1
                continue
            seq, results = payload
            pending[seq] = results
            while next_seq in pending:
                yield from pending.pop(next_seq)
                next_seq += 1
                in_flight.release()
        feeder.join()
        if feeder_error:
            raise feeder_error[0]
    finally:
        stop.set()
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
        inq.cancel_join_thread()
        outq.cancel_join_thread()
