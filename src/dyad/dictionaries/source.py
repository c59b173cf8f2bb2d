"""Reading a TABARI/PETRARCH dictionary file as numbered lines, and reporting bad ones.

The formats share their comment conventions: ``#`` to the end of a line, and XML-style
``<!-- ... -->`` blocks that may span lines (the validation dictionaries also hold a sloppy
``<! -- ... -->``). Comments are blanked, never removed, so every line keeps its number and every
message can name ``file:line``.

A malformed line is an :class:`~dyad.errors.InputError` naming the file, the line and the reason;
with ``lenient=True`` it becomes a :class:`DictionaryWarning` and the line is skipped. Third-party
dictionaries carry a few such lines (``[~ENV}``, a pattern without its leading ``-``), so lenient
reading is what the validation runner uses; the strict default is for dictionaries a user writes.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import InputError

_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.S)
_UNCLOSED_XML_COMMENT = re.compile(r"<!\s*--[^\n]*")


class DictionaryWarning(UserWarning):
    """A dictionary line that was skipped in lenient mode (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the file
    text: str  # the line without comments, right-stripped (leading white space kept)


@dataclass(slots=True)
class Problems:
    """Collects or raises the problems found in one file (see the module docstring)."""

    path: Path
    lenient: bool = False
    skipped: list[str] = field(default_factory=list)

    def bad(self, line: int, reason: str) -> None:
        msg = f"{self.path}:{line}: {reason}"
        if not self.lenient:
            raise InputError(msg + " (use --lenient to skip such lines with a warning)")
        self.skipped.append(msg)
        warnings.warn(msg + "; line skipped", DictionaryWarning, stacklevel=3)


def read_text(path: Path) -> str:
    """The file's text; UTF-8, with Latin-1 as the fallback old TABARI files need."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read dictionary ({exc.strerror})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def strip_comments(text: str, semicolon: bool = False) -> list[Line]:
    """Numbered, non-blank lines with comments blanked (``;`` too when ``semicolon`` is set)."""
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = _UNCLOSED_XML_COMMENT.sub("", text)
    out: list[Line] = []
    for i, raw in enumerate(text.split("\n"), start=1):
        cut = raw.find("#")
        if cut >= 0:
            raw = raw[:cut]
        if semicolon:
            cut = raw.find(";")
            if cut >= 0:
                raw = raw[:cut]
        raw = raw.rstrip()
        if raw.strip():
            out.append(Line(i, raw))
    return out
