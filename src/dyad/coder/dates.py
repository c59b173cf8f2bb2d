"""Newswire date expressions resolved against the article's date.

News reports say "on Wednesday", "yesterday", "last month" and expect the reader to know when the
story was filed; an event's date is only right if these resolve against that anchor the way a
reporter means them. General-purpose parsers get the commonest case wrong ("on Wednesday" in an
article filed on Thursday is the day before, not eight days before), so relative expressions are
resolved here by rule and ``dateparser`` is only asked about explicit calendar dates.

Conventions (documented in docs/code-command.md):

- A bare weekday is the most recent such day on or before the anchor (the same weekday as the
  anchor is the anchor itself); with ``future=True`` (planned events: "will meet on Monday") it is
  the next such day on or after the anchor. "last Monday" is strictly before, "next Monday"
  strictly after.
- Periods resolve to their first day, because an event date must be a day and the period's start
  keeps the event in the right week/month/year bin: "last week" is the Monday of the previous
  week, "last month" the 1st of the previous month, "earlier this month" the 1st of the anchor's
  month, "in December" the 1st of the most recent December not after the anchor (the next one
  not before it with ``future=True``).
- An explicit date without a year ("Oct. 15") takes the anchor's year unless that puts it more
  than a week after the anchor (then the year before); with ``future=True``, more than a week
  before the anchor means the next year.
- Anything not understood is ``None``: the caller falls back to the document date rather than
  guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dyad.dates import MONTHS

__all__ = ["resolve_date"]

WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip

# Words that frame a date without changing it ("on Wednesday", "early on Monday").
_LEADING = re.compile(
    r"^(?:(?:on|in|at|over|during|since|from|by|until|as of|as early as|late|early|earlier|"
    r"the|of|mid-?)\s*(?=[a-z0-9])(?!(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
    r"\s+(?:day|week|month|year)s?\b))+"
)
# Parts of day after a day expression ("Wednesday night", "yesterday morning").
_PART_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night|overnight)$")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_ALT = "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))

_AGO = re.compile(rf"^(\d+|{_NUM_ALT})\s+(day|week|month|year)s?\s+(ago|earlier|before)$")
_IN_N = re.compile(rf"^(?:in|within)\s+(\d+|{_NUM_ALT})\s+(day|week|month|year)s?(?:'? time)?$")
_PERIOD = re.compile(r"^(last|past|previous|this|next|coming|later this)\s+(week|month|year)$")
_WEEKDAY = re.compile(r"^(?:(last|past|previous|this|next|coming)\s+)?([a-z]+)\.?$")
_MONTH_ONLY = re.compile(rf"^(?:(last|this|next|coming)\s+)?({_MONTH_ALT})\.?(?:,?\s+(\d{{4}}))?$")
_YEAR_ONLY = re.compile(r"^(\d{4})$")
_MONTH_YEAR_REL = re.compile(rf"^({_MONTH_ALT})\.?\s+(last|this|next)\s+year$")
_LEADING_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(?=\S*\d|[a-z]+\.?\s+\d)")
_SAME_DAY = frozenset({"earlier today", "later today", "earlier in the day", "later in the day", "earlier on the day"})
_WEEKEND = re.compile(r"^(?:(last|past|previous|this|next|coming)\s+)?weekend$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s].*)?$")
_DMY = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})\.?,?(?:\s+(\d{{4}}))?$")
_MDY = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_HAS_DIGIT = re.compile(r"\d")
# Periods that give no day: "this year", "in recent weeks", "so far" (the document's date stands).
_VAGUE = re.compile(r"\b(this|past|coming|last few)\s+(year|month|week|decade|weeks|months|years|days)\b"
                    r"|\brecent(ly)?\b|\bso far\b", re.IGNORECASE)


def vague(expression: str) -> bool:
    """A date expression that names a period, not a day ("this year", "in recent weeks")."""
    return _VAGUE.search(expression) is not None


def _norm(expression: str) -> str:
    s = " ".join(expression.lower().replace("\u2019", "'").split())
    s = s.strip(" ,.;:()")
    if s.endswith("'s"):  # "Wednesday's talks"
        s = s[:-2]
    s = _LEADING.sub("", s)
    s = _PART_OF_DAY.sub("", s)
    return s.strip(" ,.")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _shift(anchor: date, n: int, unit: str) -> date:
    if unit == "day":
        return anchor + timedelta(days=n)
    if unit == "week":
        return anchor + timedelta(weeks=n)
    if unit == "month":
        return _add_months(anchor, n)
    return _add_months(anchor, 12 * n)


def _period_start(anchor: date, unit: str, offset: int) -> date:
    """First day of the week (Monday) / month / year ``offset`` periods from the anchor's."""
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday + timedelta(weeks=offset)
    if unit == "month":
        return _add_months(anchor.replace(day=1), offset)
    return date(anchor.year + offset, 1, 1)


def _weekday(anchor: date, wd: int, qualifier: str | None, future: bool) -> date:
    back = (anchor.weekday() - wd) % 7  # days since the most recent such day (0 = today)
    ahead = (wd - anchor.weekday()) % 7
    if qualifier in ("last", "past", "previous"):
        return anchor - timedelta(days=back or 7)
    if qualifier in ("next", "coming"):
        return anchor + timedelta(days=ahead or 7)
    if future:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def _month(anchor: date, month: int, qualifier: str | None, year: str | None, future: bool) -> date:
    if year:
        return date(int(year), month, 1)
    if qualifier == "last":
        y = anchor.year if month < anchor.month else anchor.year - 1
    elif qualifier in ("next", "coming"):
        y = anchor.year if month > anchor.month else anchor.year + 1
    elif qualifier == "this":
        y = anchor.year
    elif future:
        y = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        y = anchor.year if month <= anchor.month else anchor.year - 1
    return date(y, month, 1)


def _day_month(anchor: date | None, day: int, month: int, year: str | None, future: bool) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if anchor is None:
            return None
        d = date(anchor.year, month, day)
    except ValueError:
        return None
    # Within a week of the anchor the year is the anchor's either way (a tense misread by the
    # caller must not move an event by a year); beyond that, past dates lie behind the anchor.
    if not future and d > anchor + timedelta(days=7):
        d = _safe_date(anchor.year - 1, month, day)
    elif future and d < anchor - timedelta(days=7):
        d = _safe_date(anchor.year + 1, month, day)
    return d


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return None


def _explicit(s: str, anchor: date | None, future: bool) -> date | None:
    if m := _ISO.match(s):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(s):
        return _day_month(anchor, int(m[1]), MONTHS[m[2]], m[3], future)
    if m := _MDY.match(s):
        return _day_month(anchor, int(m[2]), MONTHS[m[1]], m[3], future)
    return _dateparser(s, anchor, future)


def _dateparser(s: str, anchor: date | None, future: bool) -> date | None:
    """Other explicit formats ("16/10/2025", "Thursday, Oct. 16, 2025"); never relative phrases."""
    if not _HAS_DIGIT.search(s) or re.search(r"\b(ago|after|before|later|earlier|next|last)\b", s):
        return None
    import dateparser  # lazy: 0.1 s to import, and most expressions never need it

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": ["day", "month"],
        "DATE_ORDER": "DMY",
        "PARSERS": ["absolute-time", "custom-formats"],
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    try:
        parsed = dateparser.parse(s, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def resolve_date(expression: str, anchor: date | None, future: bool = False) -> date | None:
    """The calendar day a newswire date expression refers to, seen from the article date ``anchor``.

    ``future=True`` for planned events ("will visit on Monday"), whose bare weekdays and months
    point forward. Returns None for anything not understood, so callers keep the document date.
    """
    try:
        return _resolve(expression, anchor, future)
    except (ValueError, OverflowError):  # a date outside the calendar (year 0, 10000, ...)
        return None


def _resolve(expression: str, anchor: date | None, future: bool) -> date | None:
    if anchor is not None and " ".join(expression.lower().split()).strip(" ,.") in _SAME_DAY:
        return anchor
    s = _norm(expression)
    if not s:
        return None
    if m := _YEAR_ONLY.match(s):
        return date(int(m[1]), 1, 1)
    if (m := _MONTH_ONLY.match(s)) and m[3]:
        return date(int(m[3]), MONTHS[m[2]], 1)
    if (m := _MONTH_YEAR_REL.match(s)) and anchor is not None:  # "December last year"
        return date(anchor.year + {"last": -1, "this": 0, "next": 1}[m[2]], MONTHS[m[1]], 1)
    if anchor is not None and (found := _relative(s, anchor, future)) is not None:
        return found
    if _HAS_DIGIT.search(s):
        return _explicit(_LEADING_WEEKDAY.sub("", s), anchor, future)  # "Thursday, Oct. 16"
    return None


def _relative(s: str, anchor: date, future: bool) -> date | None:
    if s in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return anchor
    if m := _WEEKEND.match(s):  # a weekend is dated by its Saturday
        return _weekday(anchor, 5, m[1], future)
    if s in ("yesterday", "last night"):
        return anchor - timedelta(days=1)
    if s == "tomorrow":
        return anchor + timedelta(days=1)
    if s == "day before yesterday":
        return anchor - timedelta(days=2)
    if s == "day after tomorrow":
        return anchor + timedelta(days=2)
    if m := _AGO.match(s):
        return _shift(anchor, -_count(m[1]), m[2])
    if m := _IN_N.match(s):
        return _shift(anchor, _count(m[1]), m[2])
    if m := _PERIOD.match(s):
        if m[1] in ("later this", "past"):  # "later this month", "the past year": no day to give
            return None
        offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(m[1], 0)
        return _period_start(anchor, m[2], offset)
    if m := _MONTH_ONLY.match(s):
        return _month(anchor, MONTHS[m[2]], m[1], m[3], future)
    if (m := _WEEKDAY.match(s)) and (wd := WEEKDAYS.get(m[2])) is not None:
        return _weekday(anchor, wd, m[1], future)
    return None
