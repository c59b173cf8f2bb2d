"""dyads, network, balance and shifts on the known store."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import networkx as nx
import pytest

from analysis.conftest import RAW, goldstein, quad_of
from dyad.analysis import balance, dyads, network, shifts, summary, write_graph
from dyad.errors import InputError


def pair(s, t):
    return tuple(sorted((s[:3], t[:3])))


def test_most_active_dyads(con):
    counts = Counter(pair(s, t) for s, _, t, _ in RAW if s[:3] != t[:3])
    r = dyads(con, top=3)
    assert [(d["a"], d["b"], d["events"]) for d in r.active] == [
        (a, b, n) for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]


def test_biggest_cooperation_change_is_the_syria_russia_break(con):
    r = dyads(con, top=5, min_events=2)
    top = r.change[0]
    assert (top["a"], top["b"]) == ("RUS", "SYR")
    before = [goldstein(c) for s, c, t, d in RAW if pair(s, t) == ("RUS", "SYR") and d < r.split]
    after = [goldstein(c) for s, c, t, d in RAW if pair(s, t) == ("RUS", "SYR") and d >= r.split]
    assert top["change"] == pytest.approx(sum(after) / len(after) - sum(before) / len(before))
    assert top["change"] < 0


def test_network_signs_and_weights(con):
    g = network(con)
    sums, quads = defaultdict(list), defaultdict(list)
    for s, c, t, _ in RAW:
        if s[:3] != t[:3]:
            sums[pair(s, t)].append(goldstein(c))
            quads[pair(s, t)].append(quad_of(c))
    assert {tuple(sorted(e)) for e in g.edges} == set(sums)
    for (a, b), gs in sums.items():
        d = g.edges[a, b]
        assert d["events"] == len(gs)
        assert d["weight"] == pytest.approx(sum(gs))
        coop = sum(q <= 2 for q in quads[a, b])
        conflict = len(gs) - coop
        assert d["sign"] == (1 if coop > conflict else -1 if coop < conflict else (sum(gs) > 0) - (sum(gs) < 0))
    assert g.nodes["SYR"]["name"] == "Syria"
    s = summary(g)
    assert s["nodes"] == g.number_of_nodes() and s["positive"] + s["negative"] == s["edges"]
    assert network(con, min_events=3).number_of_edges() < g.number_of_edges()


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_graph_files_read_back(con, tmp_path, suffix):
    g = network(con)
    path = write_graph(g, tmp_path / f"net{suffix}")
    if suffix == ".graphml":
        h = nx.read_graphml(path)
    elif suffix == ".gexf":
        h = nx.read_gexf(path)
    else:
        h = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    with pytest.raises(InputError, match="unknown graph format"):
        write_graph(g, tmp_path / "net.txt")


def test_balance_finds_the_frustrated_triad(con):
    b = balance(network(con))
    assert b.triads == 2
    assert b.balanced == 1 and b.share_balanced == pytest.approx(0.5)
    assert [set(f["actors"]) for f in b.frustrated] == [{"USA", "RUS", "SYR"}]
    assert "Syria" in b.frustrated[0]["names"]


def test_shift_flags_the_break_with_its_events(con):
    found = shifts(con, freq="week")
    assert [(s.a, s.b) for s in found] == [("RUS", "SYR")]
    s = found[0]
    assert s.z < -3 and s.direction == "toward conflict"
    assert s.baseline_mean == pytest.approx(3.5)
    assert {e["code"] for e in s.evidence[:3]} == {"190"}
    assert all(e["sentence"] for e in s.evidence)
    assert shifts(con, freq="week", actor="USA") == []
    with pytest.raises(InputError):
        shifts(con, window=1)


def test_plots_are_written(con, tmp_path):
    from dyad.analysis import series
    from dyad.analysis.plots import plot_network, plot_series

    png = plot_series(series(con, "SYR", "RUS", directed=True), tmp_path / "s.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    svg = plot_network(network(con), tmp_path / "n.svg")
    assert "<svg" in svg.read_text()[:500]
    with pytest.raises(InputError, match="png or .svg"):
        plot_series(series(con, "SYR", "RUS"), tmp_path / "s.jpg")
