"""The events dataset: coded events as Parquet files partitioned by event year and month.

What ``dyad code --engine dask -o DATASET`` writes and ``dyad ingest DATASET`` / ``--events
DATASET`` read. DATASET is a directory (or an fsspec URL such as ``s3://bucket/events``)::

    _dyad_dataset.json                       the plan: inputs, partitions, coder options
    _manifest/part-00007.json                one per finished input partition (written last)
    year=2025/month=10/part-00007.parquet    partition 7's events of October 2025
    year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-00003.parquet   undated
    errors.jsonl                             documents that could not be read or coded

- **Same rows as ``dyad code -f csv``.** Every file has the columns of ``model.EVENT_COLUMNS``
  in their order and types (``outputs.event_row`` makes the rows), so event ids, columns and
  values are those of the local path. Year and month are in the directory names only (Hive
  style, which DuckDB, pyarrow and Spark read as columns).
- **Exactly once.** A partition's files have fixed names, so coding it again overwrites them;
  its manifest entry is written only after its files, and readers take only the files that
  manifest entries list. A run killed at any point leaves, at worst, files no entry lists: the
  next run removes them and codes those partitions again.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dyad.errors import InputError
from dyad.model import EVENT_COLUMNS, Event
from dyad.run.outputs import event_row, one_line

__all__ = ["PLAN", "UNDATED", "Dataset", "arrow_schema", "is_dataset", "open_events"]

PLAN = "_dyad_dataset.json"
MANIFEST = "_manifest"
ERRORS = "errors.jsonl"
UNDATED = "__HIVE_DEFAULT_PARTITION__"  # Hive's (and pyarrow's) name for a null partition value
FORMAT = 1

_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "TINYINT": "int8", "DOUBLE": "float64", "DATE": "date32"}


def arrow_schema() -> Any:
    """The Parquet schema, from the event column spec (one list of columns for every output)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, getattr(pa, _ARROW_TYPES[c.sql])(), nullable=not c.required)
                      for c in EVENT_COLUMNS])  # fmt: skip


def _fs(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    return url_to_fs(url)


@dataclass(slots=True)
class Dataset:
    """One events dataset, at ``url`` (a local directory or an fsspec URL)."""

    url: str
    fs: Any = field(init=False, repr=False)
    root: str = field(init=False)

    def __post_init__(self) -> None:
        self.fs, self.root = _fs(self.url)

    def path(self, *parts: str) -> str:
        return "/".join((self.root.rstrip("/"), *parts))

    # --- the plan ---------------------------------------------------------------------------

    def read_plan(self) -> dict[str, Any] | None:
        """The plan of the run that made the dataset; None for a new (absent or empty) directory."""
        if not self.fs.exists(self.root):
            return None
        if not self.fs.isdir(self.root):
            raise InputError(f"{self.url}: is a file; --engine dask writes a dataset directory")
        if not self.fs.exists(self.path(PLAN)):
            if self.fs.ls(self.root, detail=False):
                raise InputError(f"{self.url}: a directory that is not a dyad events dataset (no {PLAN}); "
                                 "give a new or empty directory")  # fmt: skip
            return None
        plan = json.loads(self.fs.cat_file(self.path(PLAN)))
        if plan.get("format") != FORMAT:
            raise InputError(f"{self.url}: dataset format {plan.get('format')!r}, this dyad writes {FORMAT}")
        return plan

    def write_plan(self, plan: dict[str, Any]) -> None:
        self.fs.makedirs(self.path(MANIFEST), exist_ok=True)
        self._put(self.path(PLAN), json.dumps({"format": FORMAT, **plan}, indent=1).encode())

    # --- the manifest -----------------------------------------------------------------------

    def finished(self) -> dict[int, dict[str, Any]]:
        """The manifest: partition number -> its entry, for every partition that finished."""
        if not self.fs.exists(self.path(MANIFEST)):
            return {}
        out = {}
        for p in self.fs.glob(self.path(MANIFEST, "part-*.json")):
            entry = json.loads(self.fs.cat_file(p))
            out[int(entry["partition"])] = entry
        return out

    def remove_unfinished(self, finished: Iterable[int]) -> int:
        """Delete data files of partitions without a manifest entry (left by a killed run)."""
        done = set(finished)
        stale = [p for p in self.fs.glob(self.path("year=*", "month=*", "*.parquet"))
                 if _part_number(p) not in done]  # fmt: skip
        for p in stale:
            self.fs.rm(p)
        return len(stale)

    def files(self) -> list[str]:
        """The data files of finished partitions (full paths on the dataset's filesystem)."""
        return [self.path(f) for _, entry in sorted(self.finished().items()) for f in entry["files"]]

    def write_errors(self, entries: dict[int, dict[str, Any]]) -> int:
        lines = [json.dumps(e, ensure_ascii=False) for _, entry in sorted(entries.items()) for e in entry["errors"]]
        self._put(self.path(ERRORS), "".join(line + "\n" for line in lines).encode())
        return len(lines)

    # --- one partition's output (run on a worker) -------------------------------------------

    def write_partition(self, number: int, coded: Iterable[tuple[Any, list[Event]]],
                        errors: list[dict[str, str]], extra: dict[str, Any]) -> dict[str, Any]:
        """Write one input partition's events (a file per year and month) and then its manifest entry."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        documents = events = 0
        for _doc, evs in coded:
            documents += 1
            for ev in evs:
                row = event_row(one_line(ev))
                day = date.fromisoformat(row["date"]) if row["date"] else None
                row["date"] = day
                key = (str(day.year), f"{day.month:02d}") if day else (UNDATED, UNDATED)
                groups.setdefault(key, []).append(row)
                events += 1
        schema = arrow_schema()
        files = []
        for (year, month), rows in sorted(groups.items()):
            rel = f"year={year}/month={month}/part-{number:05d}.parquet"
            table = pa.Table.from_pylist(rows, schema=schema)
            self.fs.makedirs(self.path(f"year={year}", f"month={month}"), exist_ok=True)
            tmp = self.path(f"year={year}", f"month={month}", f".part-{number:05d}.{secrets.token_hex(4)}.tmp")
            with self.fs.open(tmp, "wb") as fh:
                pq.write_table(table, fh, compression="zstd")
            self.fs.mv(tmp, self.path(rel))
            files.append(rel)
        entry = {"partition": number, "documents": documents, "events": events, "files": files,
                 "errors": errors, **extra}  # fmt: skip
        self._put(self.path(MANIFEST, f"part-{number:05d}.json"), json.dumps(entry).encode())
        return entry

    def _put(self, path: str, data: bytes) -> None:
        """Write a small file whole: a rename on a local disk, one PUT on an object store."""
        from fsspec.implementations.local import LocalFileSystem

        if isinstance(self.fs, LocalFileSystem):
            tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        else:
            self.fs.pipe_file(path, data)


def _part_number(path: str) -> int:
    name = path.rsplit("/", 1)[-1]
    try:
        return int(name.removeprefix("part-").removesuffix(".parquet"))
    except ValueError:
        return -1


def is_dataset(url: str) -> bool:
    """``url`` is a dyad events dataset (a directory holding the plan file)."""
    try:
        ds = Dataset(url)
        return ds.fs.isdir(ds.root) and ds.fs.exists(ds.path(PLAN))
    except (ImportError, ValueError, OSError):
        return False


def open_events(url: str) -> Any:
    """The finished events of a dataset as a pyarrow dataset (read lazily), for DuckDB to scan."""
    import pyarrow.dataset as pads

    ds = Dataset(url)
    if ds.read_plan() is None:
        raise InputError(f"{url}: not a dyad events dataset (no {PLAN}); write one with "
                         "`dyad code --engine dask -o DATASET`")  # fmt: skip
    files = ds.files()
    return pads.dataset(files, schema=arrow_schema(), format="parquet", filesystem=ds.fs)
