"""Series and dyad rankings read the store's daily and monthly sums (``dyad.store.aggregates``);
they must give what the same questions asked of the events themselves give. The reference here
is the per-event SQL the analysis used before the sums existed, run on the same store: on the
bundled examples, on random stores fed in many small batches (mentions merging into stored
events, moving their dates), after the sums were re-sorted, and after migrating a store of
schema 1."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from dyad.analysis import dyads, series
from dyad.run.ingest import ingest
from dyad.store import aggregates, connect
from store.fakes import FakeCoder, doc
from web.conftest import build_example_store

ACTORS = ["SYRGOV", "SYRMIL", "RUSGOV", "RUSMIL", "USAGOV", "ISRMIL", "IRN", "IRNGOV", "---GOV", "TURGOV"]
CODES = ["042", "043", "057", "061", "071", "111", "130", "173", "190", "193"]


def reference_series(con, a: str, b: str, freq: str, directed: bool, since=None, until=None) -> dict:  # noqa: ANN001
    """{(period, direction): (events, q1..q4, goldstein sum, mentions)} straight from events."""
    side = lambda code, col: (f"{col}_country" if len(code) == 3 else col)  # noqa: E731
    ab = f"({side(a, 'source')} = ? AND {side(b, 'target')} = ?)"
    ba = f"({side(b, 'source')} = ? AND {side(a, 'target')} = ?)"
    direction = f"CASE WHEN {ab} THEN '{a}>{b}' ELSE '{b}>{a}' END" if directed else "'both'"
    rng = ["TRUE"] + (["date >= ?"] if since else []) + (["date <= ?"] if until else [])
    rows = con.execute(
        f"""SELECT date_trunc('{freq}', date)::DATE AS p, {direction} AS d, count(*),
                   count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
                   count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
                   sum(goldstein), sum(num_mentions)
            FROM events WHERE status = 'asserted' AND date IS NOT NULL AND ({ab} OR {ba}) AND {' AND '.join(rng)}
            GROUP BY p, d""",
        ([a, b] if directed else []) + [a, b, b, a] + [x for x in (since, until) if x],
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def reference_dyads(con, since: date, until: date) -> dict:  # noqa: ANN001
    """{(a, b): (events, cooperation, goldstein sum, events before, goldstein before)} per
    country pair over [since, until], split where ``dyads`` splits it."""
    split = since + timedelta(days=(until - since).days // 2 + 1)
    rows = con.execute(
        """SELECT least(source_country, target_country), greatest(source_country, target_country), count(*),
                  count(*) FILTER (WHERE quad_class <= 2), sum(goldstein),
                  count(*) FILTER (WHERE date < ?), coalesce(sum(goldstein) FILTER (WHERE date < ?), 0)
           FROM events WHERE status = 'asserted' AND target IS NOT NULL AND date BETWEEN ? AND ?
             AND source_country <> target_country AND '---' NOT IN (source_country, target_country)
           GROUP BY ALL""",
        [split, split, since, until],
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def same(x: object, y: object) -> bool:
    """Counts equal; Goldstein sums equal up to the order floating-point additions ran in."""
    if isinstance(x, float) or isinstance(y, float):
        return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return x == y


def check_series(con, a: str, b: str, freq: str, directed: bool, since=None, until=None) -> None:  # noqa: ANN001
    got = series(con, a, b, freq=freq, directed=directed, since=since, until=until)
    want = reference_series(con, a, b, freq, directed, since, until)
    rows = {(r["period"], r["direction"]): r for r in got.rows if r["events"]}
    assert set(rows) == set(want), (a, b, freq, directed)
    for k, (n, q1, q2, q3, q4, gsum, mentions) in want.items():
        r = rows[k]
        vals = (r["events"], r["verbal_coop"], r["material_coop"], r["verbal_conflict"], r["material_conflict"],
                r["goldstein_sum"], r["goldstein_mean"], r["mentions"])  # fmt: skip
        assert all(map(same, vals, (n, q1, q2, q3, q4, gsum, gsum / n, mentions))), (k, vals)


def check_dyads(con, since: date, until: date) -> None:  # noqa: ANN001
    want = reference_dyads(con, since, until)
    got = dyads(con, top=10_000, since=since, until=until, min_events=1)
    rows = {(r["a"], r["b"]): r for r in got.active}
    assert set(rows) == set(want), (since, until)
    for k, (n, coop, gsum, n0, g0) in want.items():
        r = rows[k]
        assert (r["events"], r["cooperation"], r["events_before"]) == (n, coop, n0), k
        assert same(r["goldstein_mean"], gsum / n) and same(r["goldstein_before"] or 0.0, g0 / n0 if n0 else 0.0), k


def random_store(db: Path, seed: int) -> Path:
    rng = random.Random(seed)
    start = date(2023, 11, 20)
    docs = []
    for i in range(160):
        day = start + timedelta(days=rng.randrange(150))
        lines = []
        for _ in range(rng.randint(1, 5)):
            s, t = rng.sample(ACTORS, 2)
            t = "-" if rng.random() < 0.1 else t
            when = (day + timedelta(days=rng.choice((0, 0, 1, -1, 2)))).isoformat()
            lines.append(f"{s} {rng.choice(CODES)} {t} {when}")
        docs.append(doc(f"r{seed}-{i:03d}", *lines, day=day.isoformat(), url=f"https://o{rng.randrange(4)}.example/{i}"))
    ingest(db, docs, FakeCoder, window=1, batch_size=rng.choice((3, 7, 20)))
    return db


def check_all(db: Path, rng: random.Random) -> None:
    with connect(db) as con:
        lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]
        pairs = [("SYR", "RUS"), ("USA", "IRN"), ("SYRGOV", "RUS"), ("RUSMIL", "SYRGOV"), ("ISR", "IRN")]
        known = {r[0] for r in con.execute("SELECT country FROM actors UNION SELECT code FROM actors").fetchall()}
        for a, b in pairs:
            if a not in known or b not in known:
                continue
            for freq in ("day", "week", "month"):
                for directed in (False, True):
                    check_series(con, a, b, freq, directed)
            s = lo + timedelta(days=rng.randrange((hi - lo).days + 1))
            check_series(con, a, b, "week", False, since=s, until=s + timedelta(days=rng.randrange(90)))
        check_dyads(con, lo, hi)
        for _ in range(25):
            s = lo + timedelta(days=rng.randrange(-10, (hi - lo).days + 1))
            check_dyads(con, s, s + timedelta(days=rng.randrange(200)))


def sums(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall()) for t in aggregates.TABLES}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_stores_fed_in_batches(tmp_path: Path, seed: int) -> None:
    db = random_store(tmp_path / "r.duckdb", seed)
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM events WHERE num_mentions > 1").fetchall()[0][0], "no merges tested"
    check_all(db, random.Random(seed))
    kept = sums(db)
    with connect(db, write=True) as con:
        aggregates.rebuild(con)
    assert sums(db) == kept  # what the batches kept is what rebuilding from the events gives


def test_appended_sums_sorted_back_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aggregates, "_RESORT_MIN", 5)
    db = random_store(tmp_path / "r.duckdb", 4)
    with connect(db) as con:
        rows = con.execute("SELECT dyad, date FROM pair_days").fetchall()
        unsorted = int(con.execute("SELECT value FROM store_info WHERE key = 'pair_days_unsorted'").fetchall()[0][0])
    assert rows[: len(rows) - unsorted] == sorted(rows[: len(rows) - unsorted])
    assert unsorted <= max(5, aggregates._RESORT_SHARE * len(rows))
    check_all(db, random.Random(4))


def test_the_example_store(tmp_path: Path) -> None:
    db = build_example_store(tmp_path / "examples.duckdb")
    with connect(db) as con:
        countries = [r[0] for r in con.execute(
            "SELECT dyad FROM events WHERE status = 'asserted' AND target IS NOT NULL GROUP BY dyad ORDER BY count(*) DESC LIMIT 6"
        ).fetchall()]  # fmt: skip
        lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]
        assert countries and lo
        for key in countries:
            a, b = key.split("|")
            for freq in ("day", "week", "month"):
                check_series(con, a, b, freq, True)
                check_series(con, a, b, freq, False)
        check_dyads(con, lo, hi)
        check_dyads(con, lo + timedelta(days=3), hi - timedelta(days=2))


def test_a_schema_1_store_is_migrated(tmp_path: Path) -> None:
    db = random_store(tmp_path / "r.duckdb", 5)
    kept = sums(db)
    with duckdb.connect(str(db)) as con:  # back to what dyad 1 left: no sums, version 1
        for t in aggregates.TABLES:
            con.execute(f"DROP TABLE {t}")
        con.execute("DELETE FROM schema_version WHERE version > 1")
        con.execute("DELETE FROM store_info WHERE key = 'pair_days_unsorted'")
    with pytest.raises(Exception, match="schema version 1"):
        connect(db)  # a reader asks for the migration rather than reading without the sums
    connect(db, write=True).close()
    assert sums(db) == kept
    check_all(db, random.Random(5))
