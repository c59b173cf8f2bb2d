"""Charts for a report: a dyad's series and the actor network, drawn with matplotlib's Agg backend
(no display needed), to PNG or SVG by the file's suffix."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from dyad.analysis.series import Series
from dyad.errors import InputError

QUAD_STYLE = (  # column, label, colour: cooperation in greens, conflict in oranges/reds
    ("verbal_coop", "Verbal cooperation", "#a6d96a"),
    ("material_coop", "Material cooperation", "#1a9641"),
    ("verbal_conflict", "Verbal conflict", "#fdae61"),
    ("material_conflict", "Material conflict", "#d7191c"),
)


def _target(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"--plot {path}: give a .png or .svg file")
    if not path.parent.exists():
        raise InputError(f"--plot {path}: directory {path.parent} does not exist")
    return path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_series(s: Series, path: str | Path) -> Path:
    path = _target(path)
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, height_ratios=[3, 2])
    periods = sorted({r["period"] for r in s.rows})
    width = {"day": 0.8, "week": 5.5, "month": 24}[s.freq]
    base = [0] * len(periods)
    for col, label, colour in QUAD_STYLE:
        vals = [sum(r[col] for r in s.rows if r["period"] == p) for p in periods]
        top.bar(periods, vals, width=width, bottom=base, color=colour, label=label)
        base = [x + y for x, y in zip(base, vals)]
    top.set_ylabel(f"events per {s.freq}")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)
    top.set_title(f"{s.a} – {s.b}: events and Goldstein score per {s.freq}", loc="left")
    for d in s.directions:
        pts = [(r["period"], r["goldstein_mean"]) for r in s.rows if r["direction"] == d and r["events"]]
        if pts:
            label = "both directions" if d == "both" else d.replace(">", " → ")
            bottom.plot([p for p, _ in pts], [g for _, g in pts], marker="o", ms=3, lw=1.4, label=label)
    bottom.axhline(0, color="#666", lw=0.8)
    bottom.set_ylim(-10.5, 10.5)
    bottom.set_ylabel("mean Goldstein")
    bottom.legend(loc="lower left", fontsize=8, frameon=False)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


def plot_network(g: nx.Graph, path: str | Path, max_nodes: int = 40) -> Path:
    """The busiest ``max_nodes`` actors; green ties cooperate, red ties conflict, width by events."""
    path = _target(path)
    plt = _pyplot()
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["events"], n))[:max_nodes]
    h = g.subgraph(keep).to_undirected()
    fig, ax = plt.subplots(figsize=(10, 8))
    if h.number_of_nodes():
        pos = nx.spring_layout(h, seed=7, weight=None, k=1.5 / math.sqrt(h.number_of_nodes()))
        colours = ["#1a9641" if d["sign"] > 0 else "#d7191c" if d["sign"] < 0 else "#999" for *_, d in h.edges(data=True)]
        widths = [0.6 + 1.2 * math.log1p(d["events"]) for *_, d in h.edges(data=True)]
        sizes = [420 + 60 * math.log1p(h.nodes[n]["events"]) ** 2 for n in h.nodes]
        nx.draw_networkx_edges(h, pos, ax=ax, edge_color=colours, width=widths, alpha=0.7)
        nx.draw_networkx_nodes(h, pos, ax=ax, node_size=sizes, node_color="#4575b4", alpha=0.9)
        nx.draw_networkx_labels(h, pos, ax=ax, labels={n: n for n in h.nodes}, font_size=7, font_color="white")
    title = f"Actor network: {h.number_of_nodes()} actors, {h.number_of_edges()} ties"
    ax.set_title(title + " (green cooperative, red conflictual)", loc="left")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path
