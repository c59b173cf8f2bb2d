"""Which relationships matter: the most active dyads, and those whose cooperation moved most.

Dyads are undirected pairs of countries (the first three characters of the actor codes), or of
full actor codes with ``level="actor"``; a country's dealings with itself (government against
rebels) are left out at country level, since they would crowd out international pairs, and so are
actors of unknown country (``---GOV``), which would otherwise pool into one fictitious node.
Cooperation change compares the mean Goldstein score of the dyad's events after the midpoint of
the period with before it (the midpoint of the requested range, or of the data when open); a dyad
needs ``min_events`` events on each side of the split to be ranked, so one stray event cannot top
the list; ``rankable_at`` says how far ``min_events`` would have to drop for a dyad to be ranked,
so an empty list can say what to try. Each dyad carries its tie ``sign`` (``dyad.analysis.ties``),
the same sign the network and balance use.

Country pairs are ranked from the store's sums (``dyad_months`` for the whole months of each
half, ``dyad_days`` for the days around them; ``dyad.store.aggregates``), which hold what a
scan of the events would count: a ranking over two years reads some 24 rows per dyad plus the
days of four partial months, not millions of events. Actor pairs are counted from the events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from dyad.analysis.ties import COOPERATION_SQL, tie_sign
from dyad.errors import InputError
from dyad.store.queries import ASSERTED, DateRange


@dataclass
class DyadRanking:
    split: date | None
    active: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)
    min_events: int = 3
    rankable_at: int = 0  # the highest min_events at which some dyad is ranked by change (0: none)


UNKNOWN_COUNTRY = "---"  # CAMEO's "country not known": pooling such actors into one node misleads


def known_pair_sql(level: str) -> str:
    """At country level, leave out actors whose country is unknown (``---GOV``)."""
    if level != "country":
        return "TRUE"
    return f"source_country <> '{UNKNOWN_COUNTRY}' AND coalesce(target_country, '') <> '{UNKNOWN_COUNTRY}'"


def _sides(level: str) -> tuple[str, str]:
    if level == "country":
        return "source_country", "target_country"
    if level == "actor":
        return "source", "target"
    raise InputError(f"--level: {level!r} is not one of country, actor")


def month_cover(lo: date, hi: date, split: date) -> tuple[list[tuple[date, date]], list[tuple[date, date]]]:
    """[lo, hi] as whole months and leftover days, no month straddling ``split`` (a ranking counts
    before and after it apart): (first and last month start of each run of months, day ranges)."""
    months, days = [], []
    for p, q in ((lo, split - timedelta(days=1)), (split, hi)):
        if p > q:
            continue
        first = p if p.day == 1 else _next_month(p)  # the first whole month
        last = q.replace(day=1) if _next_month(q) - timedelta(days=1) == q else _prev_month(q)  # the last
        if first > last:
            days.append((p, q))
            continue
        months.append((first, last))
        if p < first:
            days.append((p, first - timedelta(days=1)))
        if _next_month(last) <= q:
            days.append((_next_month(last), q))
    return months, days


def _prev_month(d: date) -> date:
    return (d.replace(day=1) - timedelta(days=1)).replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _country_sums(con: duckdb.DuckDBPyConnection, lo: date, hi: date, split: date) -> list[tuple]:
    """Per stored country pair over [lo, hi]: what the per-event query would count, from the
    monthly sums of whole months and the daily sums of the days around them."""
    months, days = month_cover(lo, hi, split)
    parts, params = [], []
    for table, col, ranges in (("dyad_months", "month", months), ("dyad_days", "date", days)):
        for r in ranges:  # one scan per range: a plain range lets DuckDB skip row groups
            parts.append(f"SELECT dyad, events, cooperation, goldstein_sum, {col} < ? AS before"
                         f" FROM {table} WHERE {col} BETWEEN ? AND ?")  # fmt: skip
            params += [split, *r]
    if not parts:
        return []
    return con.execute(
        f"""
        SELECT string_split(dyad, '|')[1], string_split(dyad, '|')[2], sum(events)::BIGINT,
               sum(cooperation)::BIGINT, sum(goldstein_sum),
               coalesce(sum(events) FILTER (WHERE before), 0)::BIGINT, sum(goldstein_sum) FILTER (WHERE before)
        FROM ({" UNION ALL ".join(parts)}) GROUP BY dyad
        """,
        params,
    ).fetchall()


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
    if min_events < 1:
        raise InputError(f"--min-events: must be at least 1, got {min_events}")
    rng = DateRange.of(since, until)
    s, t = _sides(level)
    where, params = rng.sql("date")
    lo, hi = rng.since, rng.until
    if lo is None or hi is None:
        # dyad_days holds every asserted, dated event (those without a target under '|SYR')
        dmin, dmax = con.execute(f"SELECT min(date), max(date) FROM dyad_days WHERE {where}", params).fetchall()[0]
        lo, hi = lo or dmin, hi or dmax
    if lo is None or hi is None:
        return DyadRanking(None, min_events=min_events)
    split = lo + timedelta(days=(hi - lo).days // 2 + 1)
    if level == "country":
        rows = _country_sums(con, lo, hi, split)
    else:
        rows = con.execute(
            f"""
            SELECT {s}, {t}, count(*), {COOPERATION_SQL}, sum(goldstein),
                   count(*) FILTER (WHERE date < ?), sum(goldstein) FILTER (WHERE date < ?)
            FROM events
            WHERE status = '{ASSERTED}' AND {t} IS NOT NULL AND date IS NOT NULL AND {where}
            GROUP BY {s}, {t}
            """,
            [split, split, *params],
        ).fetchall()
    acc: dict[tuple[str, str], list[float]] = {}
    for a, b, n, coop, gsum, n0, g0 in rows:
        if a == b or not a or not b or UNKNOWN_COUNTRY in (a, b):
            continue  # a country's dealings with itself, or an actor of unknown country
        r = acc.setdefault((min(a, b), max(a, b)), [0, 0, 0.0, 0, 0.0])
        r[0] += n
        r[1] += coop
        r[2] += gsum
        r[3] += n0
        r[4] += g0 or 0.0
    recs = []
    for (a, b), (n, coop, gsum, n0, g0) in acc.items():
        n1, g1 = n - n0, gsum - g0
        recs.append({
            "a": a, "b": b, "events": n, "cooperation": coop, "conflict": n - coop,
            "sign": tie_sign(coop, n - coop, gsum), "goldstein_mean": gsum / n,
            "events_before": n0, "goldstein_before": g0 / n0 if n0 else None,
            "events_after": n1, "goldstein_after": g1 / n1 if n1 else None,
        })  # fmt: skip
    out = DyadRanking(split, min_events=min_events)
    out.rankable_at = max((min(r["events_before"], r["events_after"]) for r in recs), default=0)
    out.active = sorted(recs, key=lambda r: (-r["events"], r["a"], r["b"]))[:top]
    ranked = [r for r in recs if r["events_before"] >= min_events and r["events_after"] >= min_events]
    for r in ranked:
        r["change"] = r["goldstein_after"] - r["goldstein_before"]
    out.change = sorted(ranked, key=lambda r: (-abs(r["change"]), r["a"], r["b"]))[:top]
    return out
