"""Reader for TABARI/PETRARCH discard lists (``Phoenix.discards.txt``).

One phrase a line; a sentence holding it is not coded. A leading ``+`` makes the phrase discard
the whole story (sports results, films...). Words are separated by spaces or ``_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyad.dictionaries.tabari_actors import NamePhrase, parse_name
from dyad.dictionaries.source import Problems, read_text, strip_comments


@dataclass(frozen=True, slots=True)
class Discard:
    phrase: NamePhrase
    story: bool  # True: discard the whole story, not only the sentence
    line: int


@dataclass(slots=True)
class DiscardList:
    path: Path
    discards: list[Discard]
    skipped: list[str]


def read_discards(path: str | Path, lenient: bool = False) -> DiscardList:
    path = Path(path)
    return parse_discards(read_text(path), path, lenient)


def parse_discards(text: str, path: Path | str = "<discards>", lenient: bool = False) -> DiscardList:
    path = Path(path)
    problems = Problems(path, lenient)
    out: list[Discard] = []
    for ln in strip_comments(text):
        s = ln.text.strip()
        story = s.startswith("+")
        body = s[1:] if story else s
        if any(c in body for c in "[]{}"):
            problems.bad(ln.number, f"a discard is a plain phrase, found {s!r}")
            continue
        phrase = parse_name(body)
        if phrase is None:
            problems.bad(ln.number, f"empty discard phrase {s!r}")
            continue
        out.append(Discard(phrase, story, ln.number))
    return DiscardList(path, out, problems.skipped)
