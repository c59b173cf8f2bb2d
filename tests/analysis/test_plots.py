"""Charts that tell the truth: titled with what they show and where from, bars over their
periods, a time axis in whole days or coarser, legends outside the data, the shared palette."""

from __future__ import annotations

import math
from datetime import date

import matplotlib.dates as mdates
import pytest
from matplotlib.colors import to_hex

from dyad.analysis import network, series
from dyad.analysis.palette import QUAD_COLOURS, QUAD_LABELS
from dyad.analysis.plots import axis_unit, network_figure, period_end, plot_series, series_figure
from dyad.errors import InputError


@pytest.mark.parametrize("freq,first,end,unit", [
    ("day", date(2024, 1, 1), date(2024, 1, 2), "day"),      # one day: days, never hours
    ("day", date(2024, 1, 1), date(2024, 4, 1), "week"),
    ("week", date(2024, 1, 1), date(2024, 1, 8), "week"),    # never finer than the series' periods
    ("month", date(2024, 1, 1), date(2024, 4, 1), "month"),
    ("week", date(2020, 1, 6), date(2024, 1, 1), "year"),
])  # fmt: skip
def test_axis_unit_follows_the_span(freq, first, end, unit):
    assert axis_unit(freq, first, end) == unit


def test_period_end():
    assert period_end(date(2024, 12, 1), "month") == date(2025, 1, 1)
    assert period_end(date(2024, 2, 1), "month") == date(2024, 3, 1)
    assert period_end(date(2024, 1, 1), "week") == date(2024, 1, 8)


def _bars(fig):
    return fig.axes[0].patches


def test_monthly_bars_start_on_the_first_and_end_inside_their_month(con):
    s = series(con, "SYR", "RUS", freq="month")
    fig = series_figure(s, "a.duckdb")
    periods = sorted({r["period"] for r in s.rows})
    starts = {round(p.get_x(), 6) for p in _bars(fig)}
    assert starts == {round(mdates.date2num(p), 6) for p in periods}
    for bar in _bars(fig):
        start = mdates.num2date(bar.get_x()).date()
        assert start.day == 1 and bar.get_x() + bar.get_width() < mdates.date2num(period_end(start, "month"))


def test_a_one_day_series_gets_a_day_axis(con):
    s = series(con, "SYR", "RUS", freq="day", since="2024-01-01", until="2024-01-01")
    assert [r["period"] for r in s.rows] == [date(2024, 1, 1)]
    fig = series_figure(s, "a.duckdb")
    fig.canvas.draw()
    ticks = fig.axes[1].get_xticks()
    assert len(ticks) >= 1 and all(t == int(t) for t in ticks)  # midnights only: no hourly ticks
    lo, hi = fig.axes[1].get_xlim()
    assert hi - lo < 2


def test_legends_sit_outside_the_data_and_show_every_quad_class(con):
    fig = series_figure(series(con, "SYR", "RUS", freq="week", directed=True), "a.duckdb")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    legend = fig.axes[0].get_legend()
    shown = {t.get_text(): to_hex(h.get_facecolor()) for t, h in zip(legend.get_texts(), legend.legend_handles)}
    assert shown == {QUAD_LABELS[q]: QUAD_COLOURS[q].lower() for q in QUAD_COLOURS}
    bar_colours = {to_hex(p.get_facecolor()) for p in _bars(fig)}
    assert bar_colours <= {c.lower() for c in QUAD_COLOURS.values()}


def test_series_title_names_the_dyad_period_and_source(con, store_path):
    s = series(con, "SYR", "RUS", freq="month")
    fig = series_figure(s, str(store_path))
    title = fig._suptitle.get_text()
    assert title.startswith("Syria (SYR) – Russian Federation (RUS): events per month, Jan 2024 to ")
    sources = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    total = sum(r["events"] for r in s.rows)
    assert sources == [f"Source: dyad store {store_path}; asserted events coded from news by dyad (CAMEO), "
                       f"deduplicated; {total} events."]  # fmt: skip


def test_the_goldstein_line_breaks_over_quiet_periods(con):
    s = series(con, "ISR", "IRN", freq="week")  # weeks 3..6, two of them quiet
    fig = series_figure(s, "a.duckdb")
    [line] = [ln for ln in fig.axes[1].get_lines() if ln.get_label() == "both directions"]
    ys = list(line.get_ydata())
    assert [math.isnan(y) for y in ys] == [False, True, True, False]


def test_an_empty_series_is_not_drawn(con, tmp_path):
    s = series(con, "ISR", "IRN", since="2030-01-01", until="2030-01-01")
    s.rows = []
    with pytest.raises(InputError, match="no events between ISR and IRN"):
        plot_series(s, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_network_title_says_level_period_size_and_source(con):
    g = network(con)
    fig = network_figure(g, "a.duckdb", max_nodes=3)
    title = fig._suptitle.get_text()
    assert title == (f"Actor network of countries, {g.graph['first']} to {g.graph['last']}: "
                     f"the 3 busiest of {g.number_of_nodes()} actors, "
                     f"{g.subgraph(sorted(g.nodes, key=lambda n: (-g.nodes[n]['events'], n))[:3]).number_of_edges()} ties")  # fmt: skip
    assert g.graph["first"] == "2024-01-01"
    assert any(t.get_text().startswith("Source: dyad store a.duckdb") for t in fig.texts)
    fig2 = network_figure(network(con, since="2024-02-01", until="2024-02-29"), "a.duckdb")
    assert "2024-02-01 to 2024-02-29" in fig2._suptitle.get_text()
