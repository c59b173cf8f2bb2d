"""Writing coded events: JSON lines (the contract), CSV (for spreadsheets) and a readable table.

JSONL and CSV stream (one event written as soon as it is coded); the table is for people and
is drawn once at the end. ``atomic_output`` gives a file that only appears, complete, when the
run succeeds, so an error never leaves half an output behind.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from dyad.model import EVENT_COLUMNS, Event
from dyad.errors import InputError

__all__ = ["FORMATS", "CSV_COLUMNS", "EventWriter", "open_writer", "atomic_output", "event_row"]

FORMATS = ("jsonl", "csv", "table")

CSV_COLUMNS = tuple(c.name for c in EVENT_COLUMNS)


class EventWriter(Protocol):
    def write(self, events: Iterable[Event]) -> int: ...
    def close(self) -> None: ...


def event_row(ev: Event) -> dict[str, object]:
    """The flat (CSV) form of an event: location and evidence spans become their own columns."""
    d = ev.to_dict()
    return {c.name: c.get(d) for c in EVENT_COLUMNS}


class JsonlWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, events: Iterable[Event]) -> int:
        n = 0
        for ev in events:
            self.out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n

    def close(self) -> None:
        self.out.flush()


class CsvWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, events: Iterable[Event]) -> int:
        n = 0
        for ev in events:
            self.writer.writerow(event_row(ev))
            n += 1
        return n

    def close(self) -> None:
        self.out.flush()


class TableWriter:
    """A rich table: date, source, event (code and name), target, status, sentence excerpt."""

    def __init__(self, out: TextIO, width: int | None = None) -> None:
        self.out = out
        self.width = width
        self.rows: list[tuple[str, ...]] = []

    def write(self, events: Iterable[Event]) -> int:
        names = _event_names()
        n = 0
        for ev in events:
            name = names.get(ev.code, "")
            self.rows.append(
                (
                    ev.date or "",
                    _actor(ev.source, ev.source_text),
                    f"{ev.code} {name}".strip(),
                    _actor(ev.target, ev.target_text) if ev.target else "",
                    ev.status,
                    excerpt(ev),
                )
            )
            n += 1
        return n

    def close(self) -> None:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold", expand=False)
        table.add_column("date", no_wrap=True)
        table.add_column("source", overflow="fold")
        table.add_column("event", overflow="fold")
        table.add_column("target", overflow="fold")
        table.add_column("status", no_wrap=True)
        table.add_column("sentence", overflow="fold", ratio=1)
        for row in self.rows:
            table.add_row(*(escape(cell) for cell in row))  # "[struck]" is text, not markup
        is_tty = hasattr(self.out, "isatty") and self.out.isatty()
        width = self.width or (None if is_tty else 160)
        console = Console(file=self.out, width=width, highlight=False, soft_wrap=False, force_terminal=is_tty)
        console.print(table)
        console.print(f"{len(self.rows)} events")
        self.out.flush()


def _actor(code: str | None, text: str | None) -> str:
    return f"{code} ({text})" if text and code else (code or text or "")


def excerpt(ev: Event, width: int = 110) -> str:
    """The sentence, cut to ``width`` characters around the trigger, with the trigger in [brackets]."""
    s = ev.sentence.replace("\n", " ")
    trig = ev.evidence.get("trigger") if ev.evidence else None
    if trig and 0 <= trig[0] < trig[1] <= len(s):
        s = f"{s[: trig[0]]}[{s[trig[0] : trig[1]]}]{s[trig[1] :]}"
        centre = trig[0]
    else:
        centre = 0
    if len(s) <= width:
        return s
    start = max(0, min(centre - width // 3, len(s) - width))
    cut = s[start : start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(s) else "")


def _event_names() -> dict[str, str]:
    try:
        from dyad.codebook import load_codebook

        return {e.code: e.name for e in load_codebook()}
    except Exception:  # noqa: BLE001 - names are decoration; a table without them still works
        return {}


def open_writer(fmt: str, out: TextIO) -> EventWriter:
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "table":
        return TableWriter(out)
    raise InputError(f"--format: unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """Write to a temporary file beside ``path``; rename over it only if the block succeeds."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"--output: directory {str(directory)!r} does not exist")
    # The name is chosen before the file exists, so an interrupt at any point knows what to remove.
    tmp = directory / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part"
    try:
        with open(tmp, "x", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
