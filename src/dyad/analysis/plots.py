"""Charts for a report: a dyad's series and the actor network, drawn with matplotlib's Agg backend
(no display needed), to PNG or SVG by the file's suffix.

A chart must not say more or less than the data: every chart is titled with what it shows (the
dyad or network, the period) and carries its source (the store), colours come from
``dyad.analysis.palette`` and tie signs from ``dyad.analysis.ties``, as in the tables; a bar
covers its period (a month's bar starts on the 1st), and the time axis is ticked in days, weeks,
months or years by the span of the data, never finer than a day. Legends sit outside the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from dyad.analysis.palette import LINE_COLOURS, NODE_COLOUR, QUAD_COLOURS, QUAD_LABELS, TIE_COLOURS
from dyad.analysis.series import Series
from dyad.analysis.ties import tie_kind
from dyad.errors import InputError
from dyad.outfiles import atomic_path, check_output, drawn_by, image_metadata

if TYPE_CHECKING:
    from matplotlib.figure import Figure

QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
UNITS = ("day", "week", "month", "year")
SERIES_PLOT = "dyad series --plot"
NETWORK_PLOT = "dyad network --plot"
SOURCE_NOTE = "asserted events coded from news by dyad (CAMEO), deduplicated"


def _target(path: str | Path, command: str, force: bool, inputs: Iterable[str | Path]) -> Path:
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"--plot {path}: give a .png or .svg file")
    return check_output(path, command=command, flag="--plot", recognise=drawn_by(command), force=force, inputs=inputs)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: "Figure", path: Path, command: str) -> Path:
    """Written whole or not at all, marked as ``command``'s so its next run may replace it."""
    try:
        with atomic_path(path, shown=f"--plot {path}") as part:
            fig.savefig(part, dpi=150, format=path.suffix.lower().lstrip("."),
                        metadata=image_metadata(command, path.suffix))  # fmt: skip
    finally:
        _pyplot().close(fig)
    return path


def period_end(start: date, freq: str) -> date:
    """The first day after the period that starts on ``start``."""
    if freq == "day":
        return start + timedelta(days=1)
    if freq == "week":
        return start + timedelta(weeks=1)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def axis_unit(freq: str, first: date, end: date) -> str:
    """Tick unit for a time axis from ``first`` to ``end``: by the span, never finer than ``freq``."""
    span = (end - first).days
    by_span = "day" if span <= 31 else "week" if span <= 182 else "month" if span <= 3 * 366 else "year"
    return max(by_span, freq, key=UNITS.index)


def _time_axis(ax, freq: str, first: date, end: date) -> str:  # noqa: ANN001 - a matplotlib Axes
    import matplotlib.dates as mdates

    unit = axis_unit(freq, first, end)
    span = (end - first).days
    if unit == "day":
        loc, fmt = mdates.DayLocator(interval=max(1, math.ceil(span / 12))), "%d %b"
    elif unit == "week":
        loc, fmt = mdates.WeekdayLocator(byweekday=mdates.MO, interval=max(1, math.ceil(span / 7 / 12))), "%d %b"
    elif unit == "month":
        loc, fmt = mdates.MonthLocator(interval=max(1, math.ceil(span / 30.4 / 12))), "%b %Y"
    else:
        loc, fmt = mdates.YearLocator(base=max(1, math.ceil(span / 365.25 / 12))), "%Y"
    pad = timedelta(days=max(0.02 * span, 0.1))
    ax.set_xlim(_at(first) - pad, _at(end) + pad)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    return unit


def _at(day: date) -> datetime:
    """Midnight of ``day``: date arithmetic would drop the fractions of a day that place a mark."""
    return datetime.combine(day, datetime.min.time())


def _n(k: int, noun: str) -> str:
    return f"{k} {noun}{'' if k == 1 else 's'}"


def _who(code: str, name: str) -> str:
    return f"{name} ({code})" if name and name != code else code


def _period_text(first: date, last: date, freq: str) -> str:
    if freq == "month":
        return f"{first:%b %Y}" if first == last else f"{first:%b %Y} to {last:%b %Y}"
    end = period_end(last, freq) - timedelta(days=1)
    return f"{first}" if first == end else f"{first} to {end}"


def series_figure(s: Series, source: str) -> "Figure":
    """Stacked quad-class bars over the mean Goldstein line(s), one bar per period."""
    if not s.rows:
        raise InputError(f"--plot: no events between {s.a} and {s.b} to draw")
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    periods = sorted({r["period"] for r in s.rows})
    first, end = periods[0], period_end(periods[-1], s.freq)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6.8), sharex=True, height_ratios=[3, 2], layout="constrained")
    widths = [(period_end(p, s.freq) - p).days * 0.9 for p in periods]
    base = [0] * len(periods)
    for q, col in QUAD_COLUMNS.items():
        vals = [sum(r[col] for r in s.rows if r["period"] == p) for p in periods]
        top.bar(periods, vals, width=widths, bottom=base, align="edge", color=QUAD_COLOURS[q], label=QUAD_LABELS[q])
        base = [x + y for x, y in zip(base, vals)]
    handles, labels = top.get_legend_handles_labels()
    top.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
               frameon=False, title="quad class", title_fontsize=8)  # fmt: skip
    top.set_ylabel(f"events per {s.freq}")
    top.set_ylim(0, max(max(base), 1) * 1.08)
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    pooled = ", both directions" if s.directed else ""
    top.set_title(f"Events per {s.freq} by quad class{pooled}", loc="left", fontsize=9)
    for i, d in enumerate(s.directions):
        by_period = {r["period"]: r["goldstein_mean"] for r in s.rows if r["direction"] == d and r["events"]}
        if by_period:  # a quiet period has no mean: the line breaks there instead of inventing one
            xs = [_at(p) + (period_end(p, s.freq) - p) * 0.45 for p in periods]  # the middle of each bar
            ys = [by_period.get(p, math.nan) for p in periods]
            label = "both directions" if d == "both" else d.replace(">", " → ")
            bottom.plot(xs, ys, marker="o", ms=4, lw=1.4, color=LINE_COLOURS[i % 3], label=label)
    bottom.axhline(0, color="#666", lw=0.8)
    bottom.set_ylim(-10.5, 10.5)
    bottom.set_ylabel("mean Goldstein")
    bottom.set_title(f"Mean Goldstein score per {s.freq} (-10 most conflictual, +10 most cooperative)",
                     loc="left", fontsize=9)  # fmt: skip
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
    _time_axis(bottom, s.freq, first, end)
    total = sum(r["events"] for r in s.rows)
    fig.suptitle(f"{_who(s.a, s.names[0])} – {_who(s.b, s.names[1])}: events per {s.freq}, "
                 f"{_period_text(first, periods[-1], s.freq)}", x=0.01, ha="left")  # fmt: skip
    fig.text(0.01, 0.005, f"Source: dyad store {source}; {SOURCE_NOTE}; {_n(total, 'event')}.", fontsize=7, color="#555")
    fig.get_layout_engine().set(rect=(0, 0.03, 1, 0.97))
    return fig


def plot_series(s: Series, path: str | Path, *, source: str = "(unnamed)", force: bool = False,
                inputs: Iterable[str | Path] = ()) -> Path:  # fmt: skip
    """Draw the series to ``path`` (.png or .svg); ``inputs`` (the store) are never replaced, another
    program's file only with ``force`` (``dyad.outfiles``)."""
    path = _target(path, SERIES_PLOT, force, inputs)
    return _save(series_figure(s, source), path, SERIES_PLOT)


def network_figure(g: nx.Graph, source: str, max_nodes: int = 40) -> "Figure":
    """The busiest ``max_nodes`` actors; ties coloured by their sign, width by events."""
    from matplotlib.lines import Line2D

    plt = _pyplot()
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["events"], n))[:max_nodes]
    h = g.subgraph(keep)
    fig, ax = plt.subplots(figsize=(10, 8.5), layout="constrained")
    counts = {sign: 0 for sign in TIE_COLOURS}
    if h.number_of_nodes():
        pos = nx.spring_layout(h, seed=7, weight=None, k=1.5 / math.sqrt(h.number_of_nodes()))
        edges = list(h.edges(data=True))
        sizes = [420 + 60 * math.log1p(h.nodes[n]["events"]) ** 2 for n in h.nodes]
        for *_, d in edges:
            counts[d["sign"]] += 1
        nx.draw_networkx_edges(
            h, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges], alpha=0.85,
            edge_color=[TIE_COLOURS[d["sign"]] for *_, d in edges],
            width=[0.8 + 1.2 * math.log1p(d["events"]) for *_, d in edges],
            **({"arrows": True, "connectionstyle": "arc3,rad=0.12", "node_size": sizes} if h.is_directed() else {}),
        )  # fmt: skip
        nx.draw_networkx_nodes(h, pos, ax=ax, node_size=sizes, node_color=NODE_COLOUR)
        nx.draw_networkx_labels(h, pos, ax=ax, labels={n: n for n in h.nodes}, font_size=7, font_color="white")
    handles = [Line2D([], [], color=TIE_COLOURS[sign], lw=3, label=f"{tie_kind(sign)}: {_n(counts[sign], 'tie')}")
               for sign in (1, -1, 0)]  # fmt: skip
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1), frameon=False, fontsize=8,
              title="tie (line width: events)", title_fontsize=8)  # fmt: skip
    ax.axis("off")
    level = "countries" if g.graph.get("level", "country") == "country" else "actors"
    since = g.graph.get("since") or g.graph.get("first") or "?"
    until = g.graph.get("until") or g.graph.get("last") or "?"
    shown = f"the {h.number_of_nodes()} busiest of {g.number_of_nodes()}" if h.number_of_nodes() < g.number_of_nodes() \
        else f"{h.number_of_nodes()}"  # fmt: skip
    kind = "Directed actor network" if g.is_directed() else "Actor network"
    fig.suptitle(f"{kind} of {level}, {since} to {until}: {shown} actors, {_n(h.number_of_edges(), 'tie')}",
                 x=0.01, ha="left")  # fmt: skip
    ax.set_title("A tie is cooperative when more of its events are cooperation (quad classes 1-2) than conflict "
                 "(3-4), conflictual when fewer;\non an even split the sign of its summed Goldstein score decides",
                 loc="left", fontsize=8)  # fmt: skip
    fig.text(0.01, 0.005, f"Source: dyad store {source}; {SOURCE_NOTE}; ties of at least "
             f"{_n(int(g.graph.get('min_events', 1)), 'event')}.", fontsize=7, color="#555")  # fmt: skip
    fig.get_layout_engine().set(rect=(0, 0.03, 1, 0.97))
    return fig


def plot_network(g: nx.Graph, path: str | Path, max_nodes: int = 40, *, source: str = "(unnamed)",
                 force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:  # fmt: skip
    """Draw the network to ``path`` (.png or .svg), under the same rules as ``plot_series``."""
    path = _target(path, NETWORK_PLOT, force, inputs)
    return _save(network_figure(g, source, max_nodes), path, NETWORK_PLOT)
