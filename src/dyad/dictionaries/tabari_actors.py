"""Reader for TABARI/PETRARCH actor dictionaries (``Phoenix.*.actors.txt``, ``PETR.Validate.actors``).

An entry is a name line, optional synonym lines and its codes::

    BASHAR_AL_ASSAD_  # a comment
    +ASSAD
        [SYRELI 830101-000101]
        [SYRGOV >000717]
        [SYRELI]

Codes may also stand on the name line (``GONDOR [GON]``, several brackets allowed). A code's date
restriction is ``<DATE`` (before), ``>DATE`` (after) or ``DATE-DATE`` (both ends included); dates
are ``YYYYMMDD`` or TABARI's ``YYMMDD`` (years below 30 are 20xx). An undated code is the default
when no restriction holds. ``_`` joins the words of a name; a name ending in ``_`` matches whole
words only, one without may match a longer last word (TABARI's stems: ``ARGENTIN`` -> Argentina).

A name line without codes followed by another name line (``U.N._`` before ``UN_SECRETARY_GENERAL
... [IGOUNO]``) is taken as one more synonym of the next entry, as the Phoenix files use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from dyad.dictionaries.source import Problems, read_text, strip_comments

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^\s*(?P<code>[A-Za-z0-9+\-/~]+)\s*(?P<when>.*?)\s*$")
_BEFORE = re.compile(r"^<\s*(\d{6}|\d{8})$")
_AFTER = re.compile(r"^>\s*(\d{6}|\d{8})$")
_RANGE = re.compile(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$")
_NAME_OK = re.compile(r"\w")


class NamePhrase(NamedTuple):
    words: tuple[str, ...]  # upper case, as in the file
    exact: bool  # ended in "_": the last word must match whole

    @property
    def text(self) -> str:
        """The name as prose: ``BASHAR_AL_ASSAD_`` -> ``Bashar Al Assad``."""
        return " ".join(self.words).title()


class DatedCode(NamedTuple):
    code: str  # "---" marks an actor that must not be coded
    start: date | None = None  # first day the code holds (inclusive)
    end: date | None = None  # last day (inclusive)


class ActorRecord(NamedTuple):
    names: tuple[NamePhrase, ...]
    codes: tuple[DatedCode, ...]
    line: int


@dataclass(slots=True)
class ActorDictionary:
    path: Path
    actors: list[ActorRecord]
    skipped: list[str]


def parse_date(text: str) -> date:
    """``000717`` -> 2000-07-17, ``830101`` -> 1983-01-01, ``19950601`` as written."""
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy < 30 else 1900 + yy}{text[2:]}"
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_code(text: str) -> DatedCode:
    """``SYRGOV >000717`` and friends (see the module docstring); ValueError if unreadable."""
    m = _CODE.match(text)
    if not m:
        raise ValueError(f"bad actor code [{text}]")
    code, when = m.group("code").upper(), m.group("when")
    if not when:
        return DatedCode(code)
    if b := _BEFORE.match(when):
        return DatedCode(code, None, parse_date(b.group(1)) - timedelta(days=1))
    if a := _AFTER.match(when):
        return DatedCode(code, parse_date(a.group(1)) + timedelta(days=1), None)
    if r := _RANGE.match(when):
        start, end = parse_date(r.group(1)), parse_date(r.group(2))
        if end < start:
            raise ValueError(f"date range ends before it starts in [{text}]")
        return DatedCode(code, start, end)
    raise ValueError(f"bad date restriction {when!r} in [{text}]")


def parse_name(text: str) -> NamePhrase | None:
    text = text.strip()
    words = tuple(text.upper().replace("_", " ").split())
    if not words or not _NAME_OK.search(text):
        return None
    return NamePhrase(words, text.endswith("_"))


def read_actors(path: str | Path, lenient: bool = False) -> ActorDictionary:
    path = Path(path)
    return parse_actors(read_text(path), path, lenient)


def parse_actors(text: str, path: Path | str = "<actors>", lenient: bool = False) -> ActorDictionary:
    path = Path(path)
    problems = Problems(path, lenient)
    actors: list[ActorRecord] = []
    names: list[NamePhrase] = []
    codes: list[DatedCode] = []
    first_line = 0
    memo: dict[str, DatedCode] = {}  # the same brackets recur thousands of times

    def code_of(b: str) -> DatedCode:
        c = memo.get(b)
        if c is None:
            c = memo[b] = parse_code(b)
        return c

    def flush() -> None:
        if names and codes:
            actors.append(ActorRecord(tuple(names), tuple(codes), first_line))

    for ln in strip_comments(text):
        s = ln.text.strip()
        head, brackets = _split(s)
        if head is None:
            problems.bad(ln.number, f"unbalanced [ ] in {s!r}")
            continue
        try:
            new_codes = [code_of(b) for b in brackets]
        except ValueError as exc:
            problems.bad(ln.number, str(exc))
            continue
        if s.startswith("+"):
            if not names:
                problems.bad(ln.number, f"synonym {s!r} before any actor name")
                continue
            name = parse_name(head[1:])
            if name is None:
                problems.bad(ln.number, f"empty synonym {s!r}")
                continue
            names.append(name)
            codes.extend(new_codes)
        elif not head:  # a code line
            if not names:
                problems.bad(ln.number, f"code {s!r} before any actor name")
                continue
            codes.extend(new_codes)
        else:  # a new entry; a previous one without codes lends it its names
            name = parse_name(head)
            if name is None:
                problems.bad(ln.number, f"bad actor name {head!r}")
                continue
            if names and not codes:
                names.append(name)
            else:
                flush()
                names, codes, first_line = [name], [], ln.number
            codes.extend(new_codes)
    if names and not codes:
        problems.bad(first_line, f"actor {names[0].text!r} has no code")
    flush()
    return ActorDictionary(path, actors, problems.skipped)


def _split(s: str) -> tuple[str | None, list[str]]:
    """``NAME [A][B]`` -> ("NAME", ["A", "B"]); None when a bracket is left open or stray."""
    if "[" not in s and "]" not in s:
        return s, []
    brackets = _BRACKET.findall(s)
    rest = _BRACKET.sub(" ", s)
    if "[" in rest or "]" in rest:
        return None, []
    return rest.strip(), brackets
