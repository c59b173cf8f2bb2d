"""Writing coded events: JSON lines (the contract), CSV (for spreadsheets) and a readable table.

JSONL and CSV stream (one event written as soon as it is coded); the table is for people and
is drawn once at the end. ``atomic_output`` gives a file that only appears, complete, when the
run succeeds, so an error never leaves half an output behind. Every writer puts each field on one
line (``one_line``): a sentence keeps no line breaks of its article, so a CSV row is one physical
line and line tools (grep, wc, head) count events.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path
from typing import Protocol, TextIO

from dyad.model import EVENT_COLUMNS, Event
from dyad.errors import InputError
from dyad.outfiles import atomic_text, head_and_tail

__all__ = ["FORMATS", "CSV_COLUMNS", "EventWriter", "open_writer", "atomic_output", "is_code_output", "event_row", "one_line"]

FORMATS = ("jsonl", "csv", "table")

CSV_COLUMNS = tuple(c.name for c in EVENT_COLUMNS)


class EventWriter(Protocol):
    def write(self, events: Iterable[Event]) -> int: ...
    def close(self) -> None: ...


def event_row(ev: Event) -> dict[str, object]:
    """The flat (CSV) form of an event: location and evidence spans become their own columns."""
    d = ev.to_dict()
    return {c.name: c.get(d) for c in EVENT_COLUMNS}


def one_line(ev: Event) -> Event:
    """The event with whitespace normalised in every text field: runs of spaces, tabs and line
    breaks become one space, ends are trimmed. The evidence spans are moved with the sentence so
    they still point at the same words."""
    sentence, at = _collapse(ev.sentence)
    changes: dict[str, object] = {
        f.name: " ".join(v.split())
        for f in dataclasses.fields(ev)
        if f.name != "sentence" and isinstance(v := getattr(ev, f.name), str) and v != " ".join(v.split())
    }
    if sentence != ev.sentence:
        changes["sentence"] = sentence
        changes["evidence"] = {k: (at(s[0]), at(s[1])) if s else None for k, s in ev.evidence.items()}
    loc = ev.location
    if loc is not None and loc.name != " ".join(loc.name.split()):
        changes["location"] = dataclasses.replace(loc, name=" ".join(loc.name.split()))
    return dataclasses.replace(ev, **changes) if changes else ev


def _collapse(text: str) -> tuple[str, Callable[[int], int]]:
    """``text`` with whitespace collapsed and trimmed, and a function mapping old offsets to new."""
    out: list[str] = []
    new = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        new[i] = len(out)
        if not ch.isspace():
            out.append(ch)
        elif out and out[-1] != " ":
            out.append(" ")
    new[len(text)] = len(out)
    result = "".join(out).rstrip()
    return result, lambda i: min(new[max(0, min(i, len(text)))], len(result))


class JsonlWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, events: Iterable[Event]) -> int:
        n = 0
        for ev in events:
            self.out.write(json.dumps(one_line(ev).to_dict(), ensure_ascii=False) + "\n")
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
            self.writer.writerow(event_row(one_line(ev)))
            n += 1
        return n

    def close(self) -> None:
        self.out.flush()


TABLE_COLUMNS = (("date", 10), ("source", 14), ("event", 14), ("target", 14), ("status", 12), ("sentence", 30))
PIPE_WIDTH = 160  # a table sent to a file or a pipe, where no terminal says how wide it may be


def table_columns(width: int) -> list[str]:
    """The table's columns that fit ``width`` characters at their narrowest: the sentence excerpt
    is dropped first, so that the date, the actors, the event and its status stay whole."""
    cols = list(TABLE_COLUMNS)
    if sum(least + 3 for _, least in cols) + 1 > width:
        cols = cols[:-1]
    return [name for name, _ in cols]


def _actor_width(width: int, columns: int) -> int:
    """Width of each of source, event and target: what the fixed columns leave, within 14 to 24
    characters when the sentence is shown (it takes the rest), up to 32 without it."""
    fixed = sum(least + 3 for name, least in TABLE_COLUMNS[:columns] if name in ("date", "status", "sentence")) + 1
    return max(14, min(24 if columns == len(TABLE_COLUMNS) else 32, (width - fixed) // 3 - 3))


class TableWriter:
    """A rich table: date, source, event (code and name), target, status, sentence excerpt; the
    columns by the width the terminal has (``COLUMNS``, else 160 when not a terminal)."""

    def __init__(self, out: TextIO, width: int | None = None) -> None:
        self.out = out
        self.width = width
        self.rows: list[tuple[str, ...]] = []

    def write(self, events: Iterable[Event]) -> int:
        names = _event_names()
        n = 0
        for ev in events:
            ev = one_line(ev)
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

        is_tty = hasattr(self.out, "isatty") and self.out.isatty()
        console = Console(file=self.out, width=self.width or (None if is_tty else _env_width()),
                          highlight=False, soft_wrap=False, force_terminal=is_tty)  # fmt: skip
        cols = table_columns(console.width)
        table = Table(show_lines=False, header_style="bold", expand=False)
        actor = _actor_width(console.width, len(cols))
        for name, least in TABLE_COLUMNS[: len(cols)]:
            whole = name in ("date", "status")  # never cut: "2025-04…" is no date
            table.add_column(name, no_wrap=whole, min_width=least, overflow="fold",
                             width=actor if name in ("source", "event", "target") else None)  # fmt: skip
        for row in self.rows:
            table.add_row(*(escape(cell) for cell in row[: len(cols)]))  # "[struck]" is text, not markup
        console.print(table)
        dropped = "" if len(cols) == len(TABLE_COLUMNS) else " (sentences left out at this width; -f jsonl or csv has them)"
        console.print(f"{len(self.rows)} events{dropped}")
        self.out.flush()


def _env_width() -> int:
    cols = os.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) > 0 else PIPE_WIDTH


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


def atomic_output(path: str | os.PathLike[str]) -> ContextManager[TextIO]:
    """Write to a hidden part file beside ``path``; rename over it only if the block succeeds
    (``dyad.outfiles``: stale part files of killed runs are removed, machine faults are one line)."""
    return atomic_text(path, shown=f"--output {path}")


def is_code_output(path: Path) -> bool:
    """An earlier output of ``dyad code`` (so ``-o`` may replace it without ``--force``): JSON lines
    of events, the events CSV header, or the events table (box drawing, then "N events")."""
    head, tail = head_and_tail(path)
    if not head:
        return True  # an empty file holds nothing to lose
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if first == ",".join(CSV_COLUMNS).encode():
        return True
    if first.startswith(b"{"):
        try:
            obj = json.loads(first)
        except ValueError:
            return False
        return isinstance(obj, dict) and "text" not in obj and {"event_id", "doc_id", "code", "sentence"} <= obj.keys()
    lines = tail.decode("utf-8", "replace").rstrip().splitlines()
    return head.lstrip().startswith("┏".encode()) and bool(lines) and re.fullmatch(r"\d+ events.*", lines[-1]) is not None
