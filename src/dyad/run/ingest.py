"""Code documents and store their events: ``dyad ingest`` as a library call.

The store takes ``(document, events)`` batches and knows nothing of coding; this module joins
the two through the coding engine ``dyad code`` uses (``workers.code_stream``), so the coder's
options and ``--workers`` mean the same in both commands. The store's promises (docs/store.md)
hold whatever the number of workers:

- **Checked before coded.** Each batch of input is checked against the store before its
  documents go to the coder: a document already stored (by id or content hash) is not coded
  again. The check is repeated inside the batch's transaction, so a document that arrived
  meanwhile (another ingest, or the same text again a batch or two later in the input, checked
  while the first was still being coded) is stored once.
- **One transaction per batch, in input order.** Coded documents come back in input order and
  each input batch is written as one transaction, so ``--workers 2`` stores exactly what
  ``--workers 1`` stores, and a kill -9 loses nothing that was reported stored.
- **The lock is held only to check or write a batch**, never while documents are coded, so
  readers in other processes get in between batches.

With several workers, the next batches are checked (in the engine's feeder thread) while the
current one is written (in this one): a lock keeps the two from opening the store at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from dyad.errors import InputError
from dyad.model import Document
from dyad.run.inputs import read_documents
from dyad.run import workers as workers_module
from dyad.run.workers import chunked, code_stream
from dyad.store.connection import DEFAULT_WAIT, connect, store_errors
from dyad.store.ingestion import (ON_CONFLICT, BatchResult, IngestReport, Refused, new_documents, set_dedup_window,
                                  write_batch)

__all__ = ["ingest", "run_ingest"]


@dataclass(frozen=True, slots=True)
class _BatchEnd:
    """Closes one input batch in the coding stream; carries what its check found already stored."""

    documents: int  # documents the batch held (coded or not)
    duplicates: list[str]  # ids found already stored before coding
    conflicts: list[str]  # stored as new versions (renamed before coding)
    refused: list[Refused]  # conflicts refused before coding


def ingest(
    db: str | None,
    items: Iterable[Any],
    coder_factory: Callable[[], Any] | None = None,
    *,
    workers: int = 1,
    batch_size: int = 100,
    window: int | None = None,
    wait: float = DEFAULT_WAIT,
    on_batch: Callable[[BatchResult], None] | None = None,
    on_conflict: str = "version",
) -> IngestReport:
    """Code and store documents batch by batch (see the module docstring for the guarantees).

    ``items`` yields Documents and reader ``Skipped`` records (anything else that is not a
    Document); those are collected in the report, as are documents the coder failed on.
    ``coder_factory`` builds the coder (default: dyad's own; see ``CoderOptions.factory``).
    ``on_batch`` is called after each batch has committed. ``on_conflict`` says what becomes of
    a document whose id is stored with other content (``store.ingestion.new_documents``): stored
    as a new version (``"version"``) or refused (``"refuse"``); either way it is reported.
    A document that cannot be stored at all (a lone surrogate in its text) is skipped with its
    id and the reason, before the store sees it.
    """
    if batch_size < 1:
        raise InputError(f"--batch-size: must be at least 1, got {batch_size}")
    if workers < 1:
        raise InputError(f"--workers: must be at least 1, got {workers}")
    if on_conflict not in ON_CONFLICT:
        raise InputError(f"--on-conflict: {on_conflict!r} is not one of {', '.join(ON_CONFLICT)}")
    with store_errors(db, KEPT):
        return _ingest(db, items, coder_factory, workers, batch_size, window, wait, on_batch, on_conflict)


KEPT = "every batch reported stored is kept; run the same command again to add the rest"


def _ingest(db: str | None, items: Iterable[Any], coder_factory: Callable[[], Any] | None, workers: int,
            batch_size: int, window: int | None, wait: float, on_batch: Callable[[BatchResult], None] | None,
            on_conflict: str) -> IngestReport:  # fmt: skip
    with connect(db, write=True, wait=wait) as con:  # creates or migrates the store before any coding
        if window is not None:
            set_dedup_window(con, window)
    report = IngestReport()
    one_at_a_time = threading.Lock()  # one connection to the store at a time in this process
    pairs: list[tuple[Document, list[Any]]] = []
    stream = _checked(db, items, batch_size, wait, one_at_a_time, on_conflict)
    for item in code_stream(stream, workers=workers, coder_factory=coder_factory or workers_module.default_coder):
        if isinstance(item, tuple):
            pairs.append(item)
        elif isinstance(item, _BatchEnd):
            with one_at_a_time, connect(db, write=True, wait=wait) as con:
                result = write_batch(con, pairs, on_conflict=on_conflict)
            pairs = []
            result.duplicates = item.duplicates + result.duplicates
            result.conflicts = item.conflicts + result.conflicts
            result.refused = item.refused + result.refused
            report.documents += item.documents
            report.add(result)
            if on_batch:
                on_batch(result)
        else:
            report.skipped.append(item)
    return report


def _checked(db: str | None, items: Iterable[Any], batch_size: int, wait: float, lock: threading.Lock,
             on_conflict: str) -> Iterator[Any]:
    """The input in batches: what could not be read, the documents not yet stored, a _BatchEnd."""
    for batch in chunked(items, batch_size):
        docs = []
        for d in batch:
            if not isinstance(d, Document):
                yield d
            elif (problem := unstorable(d)) is not None:
                yield problem
            else:
                docs.append(d)
        if not docs:
            continue
        with lock, connect(db, write=True, wait=wait) as con:
            checked = new_documents(con, docs, on_conflict)
        yield from checked.fresh
        yield _BatchEnd(len(docs), checked.duplicates, checked.conflicts, checked.refused)


def unstorable(doc: Document) -> Refused | None:
    """Why a document cannot be stored, if it cannot: a string that is not valid Unicode (a lone
    surrogate, half of an emoji, which JSON allows as ``"\\ud83d"``) cannot be hashed or written.
    Caught here, per document, so one such line costs only itself, on every re-run alike."""
    for name in ("id", "text", "title", "url"):
        value = getattr(doc, name)
        if not isinstance(value, str):
            if name in ("id", "text"):
                return Refused(printable(str(value)), f"'{name}' is not a string")
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return Refused(printable(doc.id), f"'{name}' holds a lone surrogate ({value[exc.start]!r} at "
                                              f"character {exc.start}), half of a character: not valid Unicode")
    return None


def printable(s: str) -> str:
    """``s`` with anything that is not valid Unicode written as an escape, safe to print."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def run_ingest(
    inputs: Iterable[str],
    db: str | None,
    *,
    default_date: date | None = None,
    coder_factory: Callable[[], Any] | None = None,
    workers: int = 1,
    batch_size: int = 100,
    window: int | None = None,
    on_batch: Callable[[BatchResult], None] | None = None,
    on_conflict: str = "version",
) -> IngestReport:
    """Read ``inputs`` (files, directories, ``-``) as ``dyad code`` does, code them and store them."""
    return ingest(db, read_documents(list(inputs), default_date), coder_factory, workers=workers,
                  batch_size=batch_size, window=window, on_batch=on_batch, on_conflict=on_conflict)  # fmt: skip
