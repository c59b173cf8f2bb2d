from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from analysis.conftest import RAW, goldstein, quad_of
from dyad.analysis import series
from dyad.errors import InputError


def brute(a: str, b: str, level_len: int, directed: bool, freq: str = "week"):
    """Expected rows recomputed from the raw list: {(period, direction): (count, quads, gsum)}."""
    def key(code):  # country or exact code
        return code[:3] if level_len == 3 else code
    out = defaultdict(lambda: [0, [0, 0, 0, 0], 0.0])
    for s, c, t, d in RAW:
        if (key(s), key(t)) not in ((a, b), (b, a)):
            continue
        p = d - timedelta(days=d.weekday()) if freq == "week" else d.replace(day=1)
        direction = ("both" if not directed else f"{key(s)}>{key(t)}")
        r = out[(p, direction)]
        r[0] += 1
        r[1][quad_of(c) - 1] += 1
        r[2] += goldstein(c)
    return out


@pytest.mark.parametrize("a,b,directed,freq", [("SYR", "RUS", False, "week"), ("SYR", "RUS", True, "week"),
                                               ("USA", "RUS", False, "month"), ("SYRGOV", "RUSGOV", True, "week")])  # fmt: skip
def test_series_matches_brute_force(con, a, b, directed, freq):
    s = series(con, a, b, freq=freq, directed=directed)
    expected = brute(a, b, len(a), directed, freq)
    got = {(r["period"], r["direction"]): r for r in s.rows if r["events"]}
    assert set(got) == set(expected)
    for k, (n, quads, gsum) in expected.items():
        r = got[k]
        assert r["events"] == n
        assert [r["verbal_coop"], r["material_coop"], r["verbal_conflict"], r["material_conflict"]] == quads
        assert r["goldstein_sum"] == pytest.approx(gsum)
        assert r["goldstein_mean"] == pytest.approx(gsum / n)


def test_series_fills_quiet_periods_and_respects_range(con):
    s = series(con, "ISR", "IRN", freq="week")
    periods = [r["period"] for r in s.rows]
    assert len(periods) == 4  # weeks 3..6, two of them quiet
    assert [r["events"] for r in s.rows] == [1, 0, 0, 1]
    s2 = series(con, "SYR", "RUS", since="2024-03-01", until="2024-03-31")
    assert all(r["period"] >= s2.rows[0]["period"] for r in s2.rows)
    assert sum(r["events"] for r in s2.rows) == sum(
        1 for s_, c, t, d in RAW if {s_[:3], t[:3]} == {"SYR", "RUS"} and d.month == 3)


def test_full_code_is_narrower_than_country(con):
    country = sum(r["events"] for r in series(con, "SYR", "RUS").rows)
    full = sum(r["events"] for r in series(con, "SYRGOV", "RUSGOV").rows)
    assert full < country


@pytest.mark.parametrize("kwargs,match", [
    (dict(a="SYR", b="XYZ"), "unknown"),
    (dict(a="SYRGOVV", b="RUS"), "SYRGOVV"),
    (dict(a="SYR", b="RUS", since="2024-05-01", until="2024-01-01"), "after"),
    (dict(a="SYR", b="RUS", since="May 1"), "--since: cannot read the date 'May 1'"),
    (dict(a="SYR", b="RUS", freq="hour"), "freq"),
])  # fmt: skip
def test_bad_queries_are_input_errors(con, kwargs, match):
    a, b = kwargs.pop("a"), kwargs.pop("b")
    with pytest.raises(InputError, match=match):
        series(con, a, b, **kwargs)
