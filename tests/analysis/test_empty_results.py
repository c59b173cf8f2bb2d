"""Empty results say why and what to try, in the library's numbers and on the command line."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from typer.testing import CliRunner

from analysis.conftest import RAW
from dyad.analysis import balance, coverage, dyads, network, series
from dyad.analysis.render import balance_report, dyads_tables, series_hint, shifts_hint
from dyad.cli import app


def text(parts) -> str:
    console = Console(width=400, record=True)
    for p in parts if isinstance(parts, list) else [parts]:
        console.print(p)
    return console.export_text()


def test_rankable_at_is_the_highest_min_events_that_ranks_a_dyad(con):
    r = dyads(con, min_events=1000)
    sides = defaultdict(lambda: [0, 0])
    for s, _, t, d in RAW:
        if s[:3] != t[:3]:
            sides[tuple(sorted((s[:3], t[:3])))][d >= r.split] += 1
    assert r.change == [] and r.rankable_at == max(min(v) for v in sides.values())
    assert dyads(con, min_events=r.rankable_at).change
    assert not dyads(con, min_events=r.rankable_at + 1).change
    shown = text(dyads_tables(r))
    assert f"A dyad needs --min-events 1000 events on each side of {r.split}" in shown
    assert f"Try --min-events {r.rankable_at}" in shown and "Most active dyads" in shown


def test_no_dyads_in_the_period(con):
    shown = text(dyads_tables(dyads(con, since="2030-01-01")))
    assert shown.startswith("No dyads:") and "widen --since/--until" in shown


def test_shifts_say_how_many_periods_they_need(con):
    c = coverage(con, freq="month")
    months = defaultdict(set)
    for s, _, t, d in RAW:
        if s[:3] != t[:3]:
            months[tuple(sorted((s[:3], t[:3])))].add((d.year, d.month))
    most = max(len(v) for v in months.values())
    assert c.ready == 0 and c.busiest[2] == most and c.dyads == len(months)
    shown = text(shifts_hint(c, 4, 3.0))
    assert "a dyad needs events in at least 5 months" in shown
    assert f"has events in {most} months" in shown and "--freq day" in shown


def test_shifts_with_history_but_no_break_suggest_a_lower_threshold(con):
    c = coverage(con, freq="week")
    assert c.ready > 0
    shown = text(shifts_hint(c, 4, 50.0))
    assert f"{c.ready} of {c.dyads} dyads have events in 5 or more weeks" in shown and "--threshold" in shown


def test_balance_report_explains_the_share_and_the_empty_case(con):
    shown = text(balance_report(balance(network(con))))
    assert "1 of 2 triads balanced (50.0%), 1 frustrated" in shown and "Most frustrated triads" in shown
    empty = text(balance_report(balance(network(con, min_events=100))))
    assert empty.startswith("No triads:") and "--min-events 1 (now 100)" in empty


def test_series_hint_only_when_empty(con):
    assert series_hint(series(con, "SYR", "RUS")) is None
    assert "No events between ISR and SYR" in text(series_hint(series(con, "ISR", "SYR")))


def test_commands_print_the_hints(store_path, tmp_path):
    def run(*args):
        r = CliRunner().invoke(app, [*args, "--db", str(store_path)], env={"COLUMNS": "300"})
        assert r.exit_code == 0, r.output
        return r.output

    assert "Try --min-events" in run("dyads", "--min-events", "1000")
    assert "needs events in at least 5 months" in run("shifts", "--freq", "month")
    assert "No triads" in run("balance", "--min-events", "100")
    out = run("series", "ISR", "SYR", "--plot", str(tmp_path / "s.png"))
    assert "No events between ISR and SYR" in out and "no chart written" in out
    assert not (tmp_path / "s.png").exists()
