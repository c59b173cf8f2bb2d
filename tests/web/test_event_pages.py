"""Date-sorted event pages are looked for in growing windows of days (``events._date_windows``);
walking every page that way must visit exactly the events, in exactly the order, that one
top-N over all dates gives."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.store import connect
from dyad.web import events as ev


def walk(con, f: ev.EventFilter, sort: str, limit: int) -> list[int]:  # noqa: ANN001
    keys, after = [], None
    while True:
        p = ev.page(con, f, sort=sort, limit=limit, after=after)
        keys += [e["event_key"] for e in p["events"]]
        after = p["next"]
        if not after:
            return keys


@pytest.mark.parametrize("sort", ["-date", "date"])
@pytest.mark.parametrize("f", [ev.EventFilter(), ev.EventFilter(status="all"), ev.EventFilter(actor="SYR"),
                               ev.EventFilter(actor="USA", quad=(3, 4), since=date(2024, 1, 20)),
                               ev.EventFilter(until=date(2024, 2, 10))])  # fmt: skip
def test_windowed_pages_equal_one_top_n(relations_store, monkeypatch, f, sort) -> None:  # noqa: ANN001
    with connect(relations_store) as con:
        windowed = walk(con, f, sort, 3)
        monkeypatch.setattr(ev, "_FIRST_WINDOW_DAYS", 100_000)  # no window fits: one top-N
        plain = walk(con, f, sort, 3)
    assert windowed == plain and len(plain) > 3
