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
        return DyadRanking(None, min_events=min_events)
    split = lo + timedelta(days=(hi - lo).days // 2 + 1)
    # One pass over the events feeds both rankings. Grouping by the directed pair and folding the
    # two directions together here is several times faster than least()/greatest() per event.
    # At country level the stored pair key ('RUS|SYR') is one column to group on.
    keys = "string_split(dyad, '|')[1], string_split(dyad, '|')[2]" if level == "country" else f"{s}, {t}"
    group = "dyad" if level == "country" else f"{s}, {t}"
    rows = con.execute(
        f"""
        SELECT {keys}, count(*), {COOPERATION_SQL}, sum(goldstein),
               count(*) FILTER (WHERE date < ?), sum(goldstein) FILTER (WHERE date < ?)
        FROM events
        WHERE status = '{ASSERTED}' AND {t} IS NOT NULL AND date IS NOT NULL AND {where}
        GROUP BY {group}
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
