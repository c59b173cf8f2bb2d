"""Splitting inputs into partitions a cluster codes apart, and reading one partition back.

A partition is a list of pieces: whole article files, or a range of lines of a JSONL feed. The
plan is made once, on the client, from file listings and one pass over each feed recording the
byte offset of each slice (no article is parsed there), and stored with the dataset, so a
restarted run codes exactly the same partitions. Inputs are local paths, directories, globs, or
fsspec URLs (``s3://bucket/news/*.jsonl``); a document read here gets the id ``dyad code`` gives
it (its path, or ``path:line`` in a feed without ids), so both engines give the same event ids.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.model import Document
from dyad.run.inputs import SUFFIXES, Skipped, is_jsonl, read_article, read_jsonl, walk

__all__ = ["Piece", "plan_partitions", "read_partition"]

_GLOB = ("*", "?", "[")


@dataclass(frozen=True, slots=True)
class Piece:
    """A whole article file (``start`` 0), or lines ``start``..``stop``-1 (1-based) of a feed,
    the first of them at byte ``offset`` (so a worker seeks to its slice instead of reading up to it)."""

    where: str  # the path as given or found, or the full URL: the document ids come from it
    start: int = 0
    stop: int = 0
    offset: int = 0

    def to_json(self) -> list[Any]:
        return [self.where, self.start, self.stop, self.offset]

    @classmethod
    def from_json(cls, value: list[Any]) -> "Piece":
        return cls(str(value[0]), int(value[1]), int(value[2]), int(value[3]))


def _is_url(raw: str) -> bool:
    return "://" in raw


def _files(raw: str) -> list[str] | Skipped:
    """The input files ``raw`` names, in the order ``dyad code`` reads them."""
    if raw == "-":
        raise InputError("-: --engine dask reads files or URLs, not standard input")
    if _is_url(raw):
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(raw)
        if any(c in path for c in _GLOB):
            found = sorted(fs.glob(path))
        elif fs.isdir(path):
            found = sorted(p for p in fs.find(path) if p.lower().endswith(SUFFIXES)
                           and not any(part.startswith(".") for part in p[len(path):].split("/")))  # fmt: skip
        elif fs.exists(path):
            found = [path]
        else:
            return Skipped(raw, "no such file or directory")
        return [fs.unstrip_protocol(p) for p in found] or Skipped(raw, "matches no file")
    path = Path(raw)
    if path.is_dir():
        files = [str(f) for f in walk(path)]
        return files or Skipped(raw, f"directory holds no {'/'.join(SUFFIXES)} files")
    if path.exists():
        return [raw]
    if any(c in raw for c in _GLOB):
        return sorted(glob.glob(raw)) or Skipped(raw, "matches no file")
    return Skipped(raw, "no such file or directory")


def _open(where: str) -> Any:
    import fsspec

    return fsspec.open(where, "rb").open() if _is_url(where) else open(where, "rb")


def _slices(where: str, size: int) -> list[Piece]:
    """A feed's slices of ``size`` lines, with the byte offset each starts at (one pass over it)."""
    pieces: list[Piece] = []
    offset = 0
    n = 0
    with _open(where) as fh:
        for n, line in enumerate(fh, start=1):
            if (n - 1) % size == 0:
                pieces.append(Piece(where, n, n + size, offset))
            offset += len(line)
    if pieces:
        pieces[-1] = Piece(where, pieces[-1].start, n + 1, pieces[-1].offset)
    return pieces


def plan_partitions(inputs: list[str], size: int) -> tuple[list[list[Piece]], list[Skipped]]:
    """The partitions of ``inputs``, each of about ``size`` documents, and the inputs not found."""
    if size < 1:
        raise InputError(f"--partition-size: must be at least 1 document, got {size}")
    parts: list[list[Piece]] = []
    singles: list[Piece] = []
    missing: list[Skipped] = []
    for raw in inputs:
        found = _files(raw)
        if isinstance(found, Skipped):
            missing.append(found)
            continue
        for where in found:
            if not is_jsonl(where):
                singles.append(Piece(where))
                if len(singles) >= size:
                    parts.append(singles)
                    singles = []
                continue
            parts.extend([piece] for piece in _slices(where, size))
    if singles:
        parts.append(singles)
    return parts, missing


def read_partition(pieces: list[Piece], default_date: date | None) -> Iterator[Document | Skipped]:
    """The documents of one partition, read as ``dyad code`` reads them."""
    for piece in pieces:
        try:
            with _open(piece.where) as fh:
                if piece.start:
                    fh.seek(piece.offset)
                    yield from read_jsonl(fh, piece.where, default_date, piece.start, piece.stop)
                else:
                    yield read_article(fh.read(), piece.where, default_date)
        except OSError as exc:
            yield Skipped(piece.where, f"cannot read ({getattr(exc, 'strerror', None) or exc})")
