"""Analysis of stored events: dyad series, rankings, the signed network, balance, shifts.

Each function takes an open store connection (``dyad.store.connect``) and returns plain data;
the ``dyad`` commands only format it.
"""

from dyad.analysis.balance import Balance, balance
from dyad.analysis.dyads import DyadRanking, dyads
from dyad.analysis.network import network, summary, write_graph
from dyad.analysis.series import Series, series
from dyad.analysis.shifts import Coverage, Shift, coverage, shifts
from dyad.analysis.ties import tie_kind, tie_sign

__all__ = [
    "Balance",
    "Coverage",
    "DyadRanking",
    "Series",
    "Shift",
    "balance",
    "coverage",
    "dyads",
    "network",
    "series",
    "shifts",
    "summary",
    "tie_kind",
    "tie_sign",
    "write_graph",
]
