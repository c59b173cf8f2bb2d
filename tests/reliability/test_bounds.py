"""Coded events are checked like text, dates are bounded, the dedup window is a checked setting
of the store (issue 16, section 5). Each refusal is one line naming the field or option, and the
store's tables are the same after as before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyad.analysis import series
from dyad.cli import app
from dyad.errors import InputError
from dyad.run.ingest import ingest
from dyad.store import connect
from dyad.store.coded import load_coded
from store.fakes import FakeCoder, doc

runner = CliRunner()


def tables(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "mentions", "events", "store_info")}


def event(i: int, **change) -> dict:
    e = {"event_id": f"e{i}", "doc_id": f"d{i}", "sentence_index": 0, "sentence": "s", "date": "2024-01-02",
         "source": "SYRGOV", "target": "RUSGOV", "code": "042", "root_code": "04", "quad_class": 1, "goldstein": 1.9}
    e.update(change)
    return e


def write(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e, allow_nan=True) + "\n" for e in events))
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    load_coded(db, [write(tmp_path / "base.jsonl", [event(0), event(1, date="2024-01-20")])])
    return db


BAD = [
    ({"date": "yesterday"}, "field 'date': 'yesterday' is not a date"),
    ({"date": "0001-01-01"}, "field 'date': '0001-01-01' lies outside 1900-01-01 to 2100-12-31"),
    ({"date": "9999-12-31"}, "field 'date': '9999-12-31' lies outside"),
    ({"goldstein": float("nan")}, "field 'goldstein': 'nan' is not a Goldstein score"),
    ({"goldstein": float("inf")}, "field 'goldstein': 'inf' is not a Goldstein score"),
    ({"goldstein": 1e308}, "is not a Goldstein score (a finite number from -10 to 10)"),
    ({"quad_class": 7}, "field 'quad_class': '7' is not a quad class"),
]


@pytest.mark.parametrize("change,message", BAD, ids=[m.split(":")[0] + str(c) for c, m in BAD])
def test_bad_coded_events_are_refused_with_the_field(tmp_path, store, change, message):
    before = tables(store)
    f = write(tmp_path / "bad.jsonl", [event(5), event(6, **change), event(7)])
    r = runner.invoke(app, ["ingest", "--coded", str(f), "--db", str(store)])
    assert r.exit_code == 2 and message in r.stderr and "document 'd6', event 'e6'" in " ".join(r.stderr.split())
    assert len(r.stderr.strip().splitlines()) <= 2 and "Traceback" not in r.output  # one line (wrapped at most once)
    assert tables(store) == before


def test_the_date_range_is_configurable(tmp_path, store):
    f = write(tmp_path / "old.jsonl", [event(9, date="1850-06-01")])
    r = runner.invoke(app, ["ingest", "--coded", str(f), "--db", str(store), "--date-range", "1800-01-01..2100-12-31"])
    assert r.exit_code == 0, r.output
    with connect(store) as con:
        assert con.execute("SELECT min(date) FROM events").fetchall() == [(date(1850, 6, 1),)]
    bad = runner.invoke(app, ["ingest", "--coded", str(f), "--db", str(store), "--date-range", "1800"])
    assert bad.exit_code == 2 and "--date-range: '1800' is not FROM..TO" in bad.stderr


@settings(max_examples=30, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={
    "date": st.one_of(st.none(), st.text(max_size=12), st.dates().map(str)),
    "goldstein": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-20, 20)),
    "quad_class": st.integers(-2, 6),
}), min_size=1, max_size=5))
def test_generated_coded_events_are_stored_valid_or_refused_whole(tmp_path_factory, changes):
    tmp = tmp_path_factory.mktemp("gen")
    db = tmp / "s.duckdb"
    try:
        load_coded(db, [write(tmp / "g.jsonl", [event(i, **c) for i, c in enumerate(changes)])])
    except InputError as exc:
        assert "field '" in str(exc) and "\n" not in str(exc)
        assert not db.exists() or tables(db)["events"] == []
        return
    with connect(db) as con:
        bad = con.execute("""SELECT count(*) FROM mentions WHERE isnan(goldstein) OR abs(goldstein) > 10
                             OR quad_class NOT BETWEEN 1 AND 4
                             OR date NOT BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'""").fetchall()[0][0]
        n = con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
    assert bad == 0 and n == len(changes)


def test_series_since_year_1_is_bounded_by_the_store_s_dates(store):
    with connect(store) as con:
        s = series(con, "SYR", "RUS", freq="day", since="0001-01-01", until="9999-12-31")
    days = [r["period"] for r in s.rows]
    assert days[0] == date(2024, 1, 2) and days[-1] == date(2024, 1, 20) and len(days) == 19


def test_window_is_checked_and_kept_with_the_store(tmp_path, store):
    before = tables(store)
    for value, message in (("99999999999", "--window: must be a whole number of days from 0 to 366"),
                           ("-1", "from 0 to 366"),
                           ("3", "--window 3: this store's 2 events were deduplicated with a window of 1 day(s)")):
        r = runner.invoke(app, ["ingest", "--coded", str(tmp_path / "base.jsonl"), "--db", str(store), "--window", value])
        assert r.exit_code == 2 and message in " ".join(r.stderr.split()), r.output
        assert tables(store) == before
    # the same window as the store's is fine, and a later ingest still works
    r = runner.invoke(app, ["ingest", "--coded", str(tmp_path / "base.jsonl"), "--db", str(store), "--window", "1"])
    assert r.exit_code == 0, r.output
    fresh = tmp_path / "new.duckdb"
    ingest(fresh, [doc("a", "SYRGOV 042 RUSGOV")], FakeCoder, window=5)  # an empty store takes any valid window
    with connect(fresh) as con:
        assert con.execute("SELECT value FROM store_info WHERE key = 'dedup_window_days'").fetchall() == [("5",)]


def test_a_store_holding_a_bad_window_says_so(tmp_path, store):
    with connect(store, write=True) as con:  # as an older dyad left it
        con.execute("UPDATE store_info SET value = '99999999999' WHERE key = 'dedup_window_days'")
    before = tables(store)
    r = runner.invoke(app, ["ingest", "--coded", str(tmp_path / "base.jsonl"), "--db", str(store)])
    assert r.exit_code == 3 and "the store's dedup window ('99999999999' days" in " ".join(r.stderr.split())
    assert tables(store) == before
