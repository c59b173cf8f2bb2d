"""Dates as people and feeds write them: the one reader behind every ``--date``, ``--since``,
``--until`` and the ``date`` field of a JSONL feed.

One reader, so that a date ``dyad code`` accepts is accepted by every other command, with the same
message when it is not. It reads calendar dates only: relative expressions in news text ("on
Wednesday", "last month") are the coder's business (``dyad.coder.dates.resolve_date``), because
they need the article's date to mean anything.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

from dyad.errors import InputError

__all__ = ["MONTHS", "parse_date_arg"]

# English month names and the abbreviations wire services use ("Sept.", "Oct.").
MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})\.?,?\s+(\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")


def parse_date_arg(s: str | date | None, where: str = "--date") -> date:
    """A calendar date given by a person or a feed, or an InputError naming ``where``.

    Accepts ISO dates and timestamps (2025-10-16, 2025-10-16T09:30:00Z), compact 20251016, RFC
    2822 feed dates (Thu, 16 Oct 2025 09:30:00 GMT) and "16 October 2025"/"October 16, 2025".
    Ambiguous numeric forms (10/11/2025) are refused rather than guessed. A ``date`` is returned
    as it is, so library callers may pass either.
    """
    if isinstance(s, date):
        return s
    text = "" if s is None else str(s).strip()
    if text:
        if m := _ISO.fullmatch(text):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
        else:
            low = " ".join(text.lower().split())
            for rx, d_i, m_i in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
                if mm := rx.match(low):
                    try:
                        return date(int(mm[3]), MONTHS[mm[m_i]], int(mm[d_i]))
                    except ValueError:
                        break
            if re.match(r"^[A-Za-z]{3},", text):
                try:
                    return parsedate_to_datetime(text).date()
                except (TypeError, ValueError, IndexError):
                    pass
    raise InputError(f"{where}: cannot read the date {text!r}; write it as YYYY-MM-DD (for example 2025-10-16)")
