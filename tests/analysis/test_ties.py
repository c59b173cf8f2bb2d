"""One sign of a tie for dyads, network, balance and the network plot (``dyad.analysis.ties``)."""

from __future__ import annotations

from collections import Counter

import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex

from dyad.analysis import balance, dyads, network, tie_sign
from dyad.analysis.palette import TIE_COLOURS
from dyad.analysis.plots import network_figure
from dyad.run.ingest import ingest
from dyad.store import connect
from store.fakes import FakeCoder, doc


@pytest.mark.parametrize("coop,conflict,gsum,sign", [
    (1, 0, -0.3, 1),    # a call for de-escalation: verbal cooperation scored -0.3 is still cooperation
    (3, 2, -17.0, 1),   # the majority of events decides, not their intensity
    (0, 2, 0.0, -1),
    (1, 1, -9.0, -1),   # even split: a visit (+1) and an air strike (-10) make a conflictual tie
    (2, 2, 4.0, 1),
    (1, 1, 0.0, 0),     # even on both counts: neutral
])  # fmt: skip
def test_tie_sign(coop, conflict, gsum, sign):
    assert tie_sign(coop, conflict, gsum) == sign


@pytest.fixture(scope="module")
def triangle(tmp_path_factory):
    """ISR-RUS: one investigation (quad 2, Goldstein -2): cooperative by its quad class although
    its Goldstein score is negative. RUS-SYR cooperative, ISR-SYR and SYR-TUR conflictual."""
    db = tmp_path_factory.mktemp("ties") / "t.duckdb"
    lines = ["ISRGOV 090 RUSGOV", "RUSGOV 042 SYRGOV", "ISRMIL 190 SYRMIL", "SYRGOV 042 TURGOV", "TURMIL 190 SYRMIL"]
    ingest(db, [doc(f"d{i}", line, day=f"2024-01-{i + 1:02d}") for i, line in enumerate(lines)], FakeCoder, window=0)
    with connect(db) as con:
        yield con


EXPECTED = {("ISR", "RUS"): 1, ("RUS", "SYR"): 1, ("ISR", "SYR"): -1, ("SYR", "TUR"): -1}


def test_dyads_and_network_agree_on_every_sign(triangle):
    ranked = {(d["a"], d["b"]): d for d in dyads(triangle, top=10).active}
    assert {k: d["sign"] for k, d in ranked.items()} == EXPECTED
    assert ranked["ISR", "RUS"]["cooperation"] == 1 and ranked["ISR", "RUS"]["goldstein_mean"] < 0
    g = network(triangle)
    assert {tuple(sorted(e)): g.edges[e]["sign"] for e in g.edges} == EXPECTED


def test_balance_uses_the_same_signs(triangle):
    b = balance(network(triangle))
    # ISR-RUS +, RUS-SYR +, ISR-SYR -: frustrated (signing by mean Goldstein made it balanced)
    assert b.triads == 1 and b.balanced == 0
    assert b.frustrated[0]["actors"] == ("ISR", "RUS", "SYR") and b.frustrated[0]["signs"] == (1, 1, -1)


def test_network_plot_colours_ties_by_that_sign(triangle):
    g = network(triangle)
    fig = network_figure(g, "t.duckdb")
    drawn = Counter(to_hex(c) for coll in fig.axes[0].collections if isinstance(coll, LineCollection)
                    for c in coll.get_colors())  # fmt: skip
    assert drawn == Counter(to_hex(TIE_COLOURS[s]) for s in EXPECTED.values())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["cooperative: 2 ties", "conflictual: 2 ties", "neutral: 0 ties"]
