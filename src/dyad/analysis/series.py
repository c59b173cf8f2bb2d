"""How a relationship moves: per period, counts per quad class and Goldstein, for one dyad.

Counts are of deduplicated events (a happening reported by ten articles counts once; its
``mentions`` are summed separately). Only asserted events count: negated, planned and
hypothetical ones did not happen. Periods without events are present with zero counts, so a
chart shows quiet spells as quiet.

The counts come from the store's daily sums (``pair_days``, ``dyad.store.aggregates``), which
hold exactly these events per dyad, day, actor pair and quad class, sorted by dyad: a series
reads its dyad's few thousand rows rather than every event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from dyad.errors import InputError
from dyad.store.queries import ASSERTED, DateRange, actor_name, resolve_actor

FREQS = ("day", "week", "month")
COLUMNS = ("period", "direction", "events", "verbal_coop", "material_coop", "verbal_conflict",
           "material_conflict", "goldstein_sum", "goldstein_mean", "mentions")  # fmt: skip


@dataclass
class Series:
    a: str
    b: str
    freq: str
    directed: bool
    rows: list[dict] = field(default_factory=list)
    names: tuple[str, str] = ("", "")  # readable names of a and b, for titles

    @property
    def directions(self) -> list[str]:
        return sorted({r["direction"] for r in self.rows})


def series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    freq: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    directed: bool = False,
) -> Series:
    """Events between ``a`` and ``b`` per period; both directions pooled unless ``directed``."""
    if freq not in FREQS:
        raise InputError(f"--freq: {freq!r} is not one of {', '.join(FREQS)}")
    rng = DateRange.of(since, until)
    aa, bb = resolve_actor(con, a), resolve_actor(con, b)
    ab = f"({aa.column('source')} = ? AND {bb.column('target')} = ?)"
    ba = f"({bb.column('source')} = ? AND {aa.column('target')} = ?)"
    pair_params = [aa.code, bb.code, bb.code, aa.code]
    if aa.level == bb.level == "country":  # the stored pair key alone says it
        ab = "source_country = ?"
        pair = "TRUE"
        pair_params = []
    else:
        pair = f"({ab} OR {ba})"
    # every event between them carries the pair key of their countries: the rows lie together
    key = "|".join(sorted((aa.code[:3], bb.code[:3])))
    fwd, back = f"{aa.code}>{bb.code}", f"{bb.code}>{aa.code}"
    direction = f"CASE WHEN {ab} THEN '{fwd}' ELSE '{back}' END" if directed else "'both'"
    where, wparams = rng.sql("date")
    dir_params = ([aa.code] if aa.level == bb.level == "country" else [aa.code, bb.code]) if directed else []
    sql = f"""
        WITH ev AS (
            SELECT date_trunc('{freq}', date)::DATE AS period, {direction} AS direction,
                   quad_class, events, goldstein_sum, mentions
            FROM pair_days
            WHERE dyad = ? AND {pair} AND {where}
        )
        SELECT period, direction, sum(events)::BIGINT,
               {", ".join(f"coalesce(sum(events) FILTER (WHERE quad_class = {q}), 0)::BIGINT" for q in (1, 2, 3, 4))},
               sum(goldstein_sum), sum(goldstein_sum) / sum(events), sum(mentions)::BIGINT
        FROM ev GROUP BY period, direction ORDER BY period, direction
    """
    params = dir_params + [key] + pair_params + wparams
    found = {(r[0], r[1]): r for r in con.execute(sql, params).fetchall()}
    out = Series(aa.code, bb.code, freq, directed, names=(actor_name(con, aa.code), actor_name(con, bb.code)))
    dirs = [fwd, back] if directed else ["both"]
    if aa.code == bb.code:
        dirs = dirs[:1]
    start, end = _span(con, rng, found)
    if start is None or end is None:
        return out
    periods = [r[0] for r in con.execute(
        f"SELECT generate_series::DATE FROM generate_series(date_trunc('{freq}', ?::DATE),"
        f" ?::DATE, INTERVAL 1 {freq})", [start, end]).fetchall()]  # fmt: skip
    for p in periods:
        for d in dirs:
            r = found.get((p, d))
            vals = list(r[2:]) if r else [0, 0, 0, 0, 0, 0.0, None, 0]
            out.rows.append(dict(zip(COLUMNS, [p, d, *vals])))
    return out


def _span(con: duckdb.DuckDBPyConnection, rng: DateRange, found: dict) -> tuple[date | None, date | None]:
    """The periods the series fills with zeros: --since..--until, but never beyond the store's own
    dates (a zero outside them says nothing, and --since 0001-01-01 made a 10,000-year series);
    without them, the dyad's first to last event."""
    start = min((k[0] for k in found), default=None)
    end = max((k[0] for k in found), default=None)
    if rng.since or rng.until:
        lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]
        if lo is None:
            return None, None
        start = max(rng.since, lo) if rng.since else start
        end = min(rng.until, hi) if rng.until else end
        if start is None or end is None or start > end:
            return None, None
    return start, end
