"""Each analysis result as plain JSON data, the one shape ``dyad ... --format json`` prints and
the HTTP API (``dyad serve``) answers, so a script gets the same numbers from either.

Dates become ISO strings and tuples lists; nothing is rounded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from dyad.analysis.balance import Balance
from dyad.analysis.dyads import DyadRanking
from dyad.analysis.series import Series
from dyad.analysis.shifts import Shift


def plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, tuples as lists, recursively."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def series_record(s: Series) -> dict[str, Any]:
    return {"a": s.a, "b": s.b, "freq": s.freq, "directed": s.directed, "rows": plain(s.rows)}


def dyads_record(r: DyadRanking) -> dict[str, Any]:
    return {"split": plain(r.split), "active": plain(r.active), "change": plain(r.change)}


def network_record(g: nx.Graph) -> dict[str, Any]:
    """Node-link data (networkx's JSON shape, as ``--output net.json`` writes) plus the summary."""
    from dyad.analysis.network import summary

    data = nx.node_link_data(g, edges="edges")
    return {**plain(data), "summary": plain(summary(g))}


def balance_record(b: Balance) -> dict[str, Any]:
    return {"triads": b.triads, "balanced": b.balanced, "share_balanced": b.share_balanced,
            "frustrated": plain(b.frustrated)}  # fmt: skip


def shifts_record(found: list[Shift]) -> list[dict[str, Any]]:
    return [
        {"a": s.a, "b": s.b, "period": s.period.isoformat(), "events": s.events,
         "goldstein_mean": s.goldstein_mean, "baseline_mean": s.baseline_mean, "baseline_sd": s.baseline_sd,
         "z": s.z, "direction": s.direction, "evidence": plain(s.evidence)}  # fmt: skip
        for s in found
    ]
