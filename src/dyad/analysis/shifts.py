"""Breaks in a relationship: periods whose mean Goldstein leaves the dyad's own recent baseline.

Method (a rolling z-score, chosen over CUSUM because each flag then reads on its own: "this week
was 3.4 standard deviations below the previous eight"):

1. For each undirected dyad, take the mean Goldstein score of its asserted events per period
   (``freq``), over the periods in which it had events.
2. The baseline of a period is the mean and standard deviation of the previous ``window`` active
   periods of the same dyad; at least ``min_baseline`` of them are needed.
3. z = (period mean - baseline mean) / max(baseline sd, ``sd_floor``). The floor (1 Goldstein point
   by default) keeps a dyad whose baseline never varied from flagging every small wobble.
4. A shift is a period with |z| >= ``threshold`` and at least ``min_events`` events; the events
   behind it are that period's events of the dyad, those furthest from the baseline first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from dyad.analysis.dyads import _sides, known_pair_sql
from dyad.analysis.series import FREQS
from dyad.errors import InputError
from dyad.store.queries import ASSERTED, DateRange, resolve_actor


@dataclass
class Shift:
    a: str
    b: str
    period: date
    events: int
    goldstein_mean: float
    baseline_mean: float
    baseline_sd: float
    z: float
    evidence: list[dict] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return "toward cooperation" if self.z > 0 else "toward conflict"


def shifts(
    con: duckdb.DuckDBPyConnection,
    *,
    freq: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    actor: str | None = None,
    level: str = "country",
    window: int = 8,
    min_baseline: int = 4,
    threshold: float = 3.0,
    sd_floor: float = 1.0,
    min_events: int = 2,
    evidence: int = 5,
    top: int = 20,
) -> list[Shift]:
    if freq not in FREQS:
        raise InputError(f"--freq: {freq!r} is not one of {', '.join(FREQS)}")
    if window < 2 or min_baseline < 2 or min_baseline > window:
        raise InputError(f"--window {window}, --min-baseline {min_baseline}: need 2 <= min-baseline <= window")
    for name, value in (("--threshold", threshold), ("sd_floor", sd_floor)):
        if not 0 < value < float("inf"):  # NaN fails it too
            raise InputError(f"{name}: must be a positive finite number, got {value}")
    if top < 1:
        raise InputError(f"--top: must be at least 1, got {top}")
    s, t = _sides(level)
    periods, params = _periods_sql(con, freq, since, until, actor, level)
    rows = con.execute(
        f"""
        WITH p AS ({periods}
        ), scored AS (
            SELECT *,
                   avg(g) OVER w AS mu, stddev_samp(g) OVER w AS sd, count(g) OVER w AS k
            FROM p
            WINDOW w AS (PARTITION BY a, b ORDER BY period ROWS BETWEEN {window} PRECEDING AND 1 PRECEDING)
        )
        SELECT a, b, period, n, g, mu, coalesce(sd, 0), (g - mu) / greatest(coalesce(sd, 0), ?) AS zscore
        FROM scored
        WHERE k >= ? AND n >= ? AND abs((g - mu) / greatest(coalesce(sd, 0), ?)) >= ?
        ORDER BY abs(zscore) DESC, period, a, b
        LIMIT ?
        """,
        [*params, sd_floor, min_baseline, min_events, sd_floor, threshold, top],
    ).fetchall()
    out = [Shift(a, b, p, int(n), float(g), float(mu), float(sd), float(z)) for a, b, p, n, g, mu, sd, z in rows]
    for sh in out:
        sh.evidence = _evidence(con, sh, s, t, freq, evidence)
    return out


@dataclass
class Coverage:
    """How much history the dyads have, to say why no shift was found and what to try."""

    freq: str
    dyads: int  # dyads with events in the range
    ready: int  # dyads with at least min_baseline + 1 active periods: enough to test for a shift
    busiest: tuple[str, str, int] | None  # the dyad active in most periods, and how many


def coverage(
    con: duckdb.DuckDBPyConnection,
    *,
    freq: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    actor: str | None = None,
    level: str = "country",
    min_baseline: int = 4,
) -> Coverage:
    """Active periods per dyad, with the same filters as ``shifts``."""
    if freq not in FREQS:
        raise InputError(f"--freq: {freq!r} is not one of {', '.join(FREQS)}")
    periods, params = _periods_sql(con, freq, since, until, actor, level)
    rows = con.execute(
        f"WITH p AS ({periods}) SELECT a, b, count(*) AS k FROM p GROUP BY a, b ORDER BY k DESC, a, b", params
    ).fetchall()
    ready = sum(1 for _, _, k in rows if k > min_baseline)
    return Coverage(freq, len(rows), ready, (rows[0][0], rows[0][1], int(rows[0][2])) if rows else None)


def _periods_sql(con: duckdb.DuckDBPyConnection, freq: str, since: str | date | None, until: str | date | None,
                 actor: str | None, level: str) -> tuple[str, list]:
    """Per undirected dyad and active period: its event count ``n`` and mean Goldstein ``g``."""
    rng = DateRange.of(since, until)
    s, t = _sides(level)
    where, params = rng.sql("date")
    actor_filter = ""
    if actor:
        arg = resolve_actor(con, actor)
        col_s, col_t = arg.column("source"), arg.column("target")
        actor_filter = f"AND ({col_s} = ? OR {col_t} = ?)"
        params = [*params, arg.code, arg.code]
    sql = f"""
        SELECT least({s}, {t}) AS a, greatest({s}, {t}) AS b,
               date_trunc('{freq}', date)::DATE AS period, count(*) AS n, avg(goldstein) AS g
        FROM events
        WHERE status = '{ASSERTED}' AND {t} IS NOT NULL AND {s} <> {t} AND date IS NOT NULL
          AND {known_pair_sql(level)}
          AND {where} {actor_filter}
        GROUP BY ALL"""
    return sql, params


def _evidence(con: duckdb.DuckDBPyConnection, sh: Shift, s: str, t: str, freq: str, k: int) -> list[dict]:
    rows = con.execute(
        f"""
        SELECT e.event_key, e.date, e.source, e.target, e.code, e.goldstein, e.num_mentions,
               m.doc_id, se.text
        FROM events e
        JOIN mentions m ON m.mention_id = e.first_mention AND m.event_key = e.event_key
        LEFT JOIN sentences se ON se.doc_id = m.doc_id AND se.sentence_index = m.sentence_index
        WHERE e.status = '{ASSERTED}' AND least(e.{s}, e.{t}) = ? AND greatest(e.{s}, e.{t}) = ?
          AND date_trunc('{freq}', e.date)::DATE = ?
        ORDER BY abs(e.goldstein - ?) DESC, e.num_mentions DESC, e.event_key
        LIMIT ?
        """,
        [sh.a, sh.b, sh.period, sh.baseline_mean, k],
    ).fetchall()
    names = ("event_key", "date", "source", "target", "code", "goldstein", "mentions", "doc_id", "sentence")
    return [dict(zip(names, r)) for r in rows]
