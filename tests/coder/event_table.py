"""The check behind the one-sentence tables (test_behaviour, test_lexicon_news): the events a
sentence must give and those it must not, written ``SOURCE TARGET CODE [STATUS]`` with shell
wildcards in any field and ``-`` for no target."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase

from dyad.model import Document

DAY = date(2025, 10, 16)  # a Thursday


def matches(pattern: str, event: tuple[str, ...]) -> bool:
    """A pattern of fewer fields than the event leaves the rest free (no status: any status)."""
    return all(fnmatchcase(value, want) for value, want in zip(event, pattern.split()))


def assert_codes(coder, label: str, text: str, must: list[str], must_not: list[str], *,
                 statuses: tuple[str, ...] | None = None) -> None:
    """Code ``text`` and fail naming what is missing and what is forbidden; ``statuses`` keeps
    only events of those statuses (the lexicon rows are about what happened)."""
    events = [(e.source, e.target or "-", e.code, e.status) for e in coder.code(Document("t", text, DAY))
              if statuses is None or e.status in statuses]
    missing = [m for m in must if not any(matches(m, e) for e in events)]
    wrong = [f"{f} (coded {e})" for f in must_not for e in events if matches(f, e)]
    assert not missing and not wrong, f"[{label}] {text}\n  coded: {events}\n  missing: {missing}\n  forbidden: {wrong}"
