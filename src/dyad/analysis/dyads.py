"""Which relationships matter: the most active dyads, and those whose cooperation moved most.

Dyads are undirected pairs of countries (the first three characters of the actor codes), or of
full actor codes with ``level="actor"``; a country's dealings with itself (government against
rebels) are left out at country level, since they would crowd out international pairs.
Cooperation change compares the mean Goldstein score of the dyad's events after the midpoint of
the period with before it (the midpoint of the requested range, or of the data when open); a dyad
needs ``min_events`` events on each side of the split to be ranked, so one stray event cannot top
the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from dyad.errors import InputError
from dyad.store.queries import ASSERTED, DateRange


@dataclass
class DyadRanking:
    split: date | None
    active: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)


def _sides(level: str) -> tuple[str, str]:
    if level == "country":
        return "source_country", "target_country"
    if level == "actor":
        return "source", "target"
    raise InputError(f"--level: {level!r} is not one of country, actor")


def dyads(
    con: duckdb.DuckDBPyConnection,
    *,
    top: int = 10,
    since: str | date | None = None,
    until: str | date | None = None,
    level: str = "country",
    min_events: int = 3,
) -> DyadRanking:
    if top < 1:
        raise InputError(f"--top: must be at least 1, got {top}")
    rng = DateRange.of(since, until)
    s, t = _sides(level)
    where, params = rng.sql("date")
    lo, hi = rng.since, rng.until
    if lo is None or hi is None:
        dmin, dmax = con.execute(
            f"SELECT min(date), max(date) FROM events WHERE status = '{ASSERTED}' AND {where}", params
        ).fetchall()[0]
        lo, hi = lo or dmin, hi or dmax
    if lo is None or hi is None:
        return DyadRanking(None)
    split = lo + timedelta(days=(hi - lo).days // 2 + 1)
    # One pass over the events feeds both rankings.
    rows = con.execute(
        f"""
        SELECT least({s}, {t}) AS a, greatest({s}, {t}) AS b, count(*) AS n,
               count(*) FILTER (WHERE quad_class <= 2) AS coop,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict,
               avg(goldstein) AS mean,
               count(*) FILTER (WHERE date < ?) AS n0, avg(goldstein) FILTER (WHERE date < ?) AS g0,
               count(*) FILTER (WHERE date >= ?) AS n1, avg(goldstein) FILTER (WHERE date >= ?) AS g1
        FROM events
        WHERE status = '{ASSERTED}' AND {t} IS NOT NULL AND {s} <> {t} AND date IS NOT NULL AND {where}
        GROUP BY ALL
        """,
        [split, split, split, split, *params],
    ).fetchall()
    names = ("a", "b", "events", "cooperation", "conflict", "goldstein_mean", "events_before",
             "goldstein_before", "events_after", "goldstein_after")  # fmt: skip
    recs = [dict(zip(names, r)) for r in rows]
    out = DyadRanking(split)
    out.active = sorted(recs, key=lambda r: (-r["events"], r["a"], r["b"]))[:top]
    ranked = [r for r in recs if r["events_before"] >= min_events and r["events_after"] >= min_events]
    for r in ranked:
        r["change"] = r["goldstein_after"] - r["goldstein_before"]
    out.change = sorted(ranked, key=lambda r: (-abs(r["change"]), r["a"], r["b"]))[:top]
    return out
