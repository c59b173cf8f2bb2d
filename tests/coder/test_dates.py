"""Newswire date resolution against the article date (anchor)."""

from datetime import date

import pytest

from dyad.coder.dates import resolve_date

THU = date(2025, 10, 16)  # a Thursday


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("on Wednesday", date(2025, 10, 15)),
        ("Wednesday night", date(2025, 10, 15)),
        ("on Thursday", THU),  # same weekday as the anchor: the anchor itself
        ("on Friday", date(2025, 10, 10)),  # bare weekdays look back by default
        ("last Thursday", date(2025, 10, 9)),
        ("next Monday", date(2025, 10, 20)),
        ("today", THU),
        ("yesterday", date(2025, 10, 15)),
        ("late yesterday", date(2025, 10, 15)),
        ("tomorrow", date(2025, 10, 17)),
        ("the day before yesterday", date(2025, 10, 14)),
        ("three days ago", date(2025, 10, 13)),
        ("10 days ago", date(2025, 10, 6)),
        ("two weeks ago", date(2025, 10, 2)),
        ("a month ago", date(2025, 9, 16)),
        ("in three days", date(2025, 10, 19)),
        ("last week", date(2025, 10, 6)),  # Monday of the previous week
        ("this week", date(2025, 10, 13)),
        ("last month", date(2025, 9, 1)),
        ("last year", date(2024, 1, 1)),
        ("earlier this month", date(2025, 10, 1)),
        ("earlier this year", date(2025, 1, 1)),
        ("15 October 2025", date(2025, 10, 15)),
        ("Oct. 15", date(2025, 10, 15)),
        ("October 15", date(2025, 10, 15)),
        ("on October 15,", date(2025, 10, 15)),
        ("2025-10-15", date(2025, 10, 15)),
        ("in December", date(2024, 12, 1)),  # the most recent December not after the anchor
        ("in October", date(2025, 10, 1)),
        ("December 2023", date(2023, 12, 1)),
        ("Dec. 20", date(2024, 12, 20)),
        ("16/10/2025", date(2025, 10, 16)),  # explicit formats go through dateparser
        ("Wednesday's", date(2025, 10, 15)),  # "Wednesday's talks"
        ("Thursday, Oct. 16", THU),
        ("Wed., Oct. 15", date(2025, 10, 15)),
        ("over the weekend", date(2025, 10, 11)),  # a weekend is dated by its Saturday
        ("December last year", date(2024, 12, 1)),
        ("September this year", date(2025, 9, 1)),
        ("earlier in the day", THU),
        ("early September", date(2025, 9, 1)),
        ("Friday evening", date(2025, 10, 10)),
    ],
)
def test_past_resolution(expr: str, expected: date) -> None:
    assert resolve_date(expr, THU) == expected


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("on Wednesday", date(2025, 10, 22)),
        ("on Thursday", THU),
        ("on Friday", date(2025, 10, 17)),
        ("in December", date(2025, 12, 1)),
        ("in September", date(2026, 9, 1)),
        ("Dec. 20", date(2025, 12, 20)),
        ("tomorrow", date(2025, 10, 17)),
        ("Thursday, Oct. 16", THU),
        ("the weekend", date(2025, 10, 18)),
    ],
)
def test_future_resolution(expr: str, expected: date) -> None:
    assert resolve_date(expr, THU, future=True) == expected


@pytest.mark.parametrize(
    "expr", ["", "soon", "two days after", "later this month", "the summit", "Wednesdays", "the past year", "the same day"]
)
def test_unknown_is_none(expr: str) -> None:
    assert resolve_date(expr, THU) is None


def test_without_anchor_only_full_dates_resolve() -> None:
    assert resolve_date("15 October 2025", None) == date(2025, 10, 15)
    assert resolve_date("on Wednesday", None) is None
    assert resolve_date("Oct. 15", None) is None


def test_year_boundary() -> None:
    jan2 = date(2026, 1, 2)  # a Friday
    assert resolve_date("on Monday", jan2) == date(2025, 12, 29)
    assert resolve_date("last month", jan2) == date(2025, 12, 1)
    assert resolve_date("Dec. 30", jan2) == date(2025, 12, 30)
    assert resolve_date("in December", jan2) == date(2025, 12, 1)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(
    ["on", "last", "next", "Wednesday", "Oct.", "16", "2025", "December", "ago", "days", "three", "in", "the",
     "weekend", "early", "mid-", "'s", ",", "year", "month", "this", "32", "0", "-", "/", "12/13/2025", "2025-02-30"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=6).map(" ".join), st.dates(), st.booleans())
def test_never_raises_and_weekdays_stay_within_a_week(expr: str, anchor: date, future: bool) -> None:
    got = resolve_date(expr, anchor, future=future)
    assert got is None or isinstance(got, date)
    if expr.strip() in ("Wednesday", "on Wednesday"):
        delta = (got - anchor).days
        assert (0 <= delta <= 6) if future else (-6 <= delta <= 0)
        assert got.weekday() == 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.dates())
def test_arbitrary_text_never_raises(expr: str, anchor: date) -> None:
    resolve_date(expr, anchor)
    resolve_date(expr, anchor, future=True)


def test_dates_outside_the_calendar_are_none() -> None:
    assert resolve_date("December last year", date(1, 3, 1)) is None
    assert resolve_date("in 3 days", date(9999, 12, 31)) is None
