"""The actor network: who deals with whom, and whether they cooperate or fight.

Nodes are countries (or full actor codes with ``level="actor"``); an edge joins two actors with
at least ``min_events`` asserted events between them (at country level, actors of unknown
country ``---`` are left out). Its ``sign`` is the tie's sign as ``dyad.analysis.ties`` defines
it for every analysis (more cooperation than conflict events: +1; more conflict: -1; as many:
0) and its ``weight`` the summed Goldstein score, so a long cooperative relationship weighs more
than one friendly visit. The graph records the dates of its first and last event (``first``,
``last``), so a chart or a file says which period it shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb
import networkx as nx

from dyad.analysis.dyads import _sides, known_pair_sql
from dyad.analysis.ties import CONFLICT_SQL, COOPERATION_SQL, tie_sign
from dyad.errors import InputError
from dyad.outfiles import atomic_path, check_output, head_and_tail
from dyad.store.queries import ASSERTED, DateRange, actor_name

FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


def network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    level: str = "country",
    directed: bool = False,
    min_events: int = 1,
) -> nx.Graph:
    if min_events < 1:
        raise InputError(f"--min-events: must be at least 1, got {min_events}")
    rng = DateRange.of(since, until)
    s, t = _sides(level)
    where, params = rng.sql("date")
    a, b = (s, t) if directed else (f"least({s}, {t})", f"greatest({s}, {t})")
    rows = con.execute(
        f"""
        SELECT {a} AS a, {b} AS b, count(*), sum(goldstein), avg(goldstein),
               {COOPERATION_SQL}, {CONFLICT_SQL}, sum(num_mentions), min(date), max(date)
        FROM events
        WHERE status = '{ASSERTED}' AND {t} IS NOT NULL AND {s} <> {t} AND {known_pair_sql(level)} AND {where}
        GROUP BY ALL HAVING count(*) >= ?
        """,
        [*params, min_events],
    ).fetchall()
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    g.graph.update(
        level=level, directed=directed, min_events=min_events,
        since=str(rng.since or ""), until=str(rng.until or ""),
        first=str(min((r[8] for r in rows if r[8]), default="")),
        last=str(max((r[9] for r in rows if r[9]), default="")),
    )  # fmt: skip
    for u, v, n, gsum, gmean, coop, conflict, mentions, _, _ in rows:
        for node in (u, v):
            if node not in g:
                g.add_node(node, name=actor_name(con, node), events=0)
        g.nodes[u]["events"] += n
        g.nodes[v]["events"] += n
        sign = tie_sign(coop, conflict, gsum)
        g.add_edge(u, v, events=int(n), weight=float(gsum), goldstein_mean=float(gmean), sign=sign,
                   cooperation=int(coop), conflict=int(conflict), mentions=int(mentions))  # fmt: skip
    return g


def summary(g: nx.Graph, top: int = 5) -> dict:
    """The few numbers a reader wants first: size, sign mix, the busiest actors and ties."""
    signs = [d["sign"] for _, _, d in g.edges(data=True)]
    busiest = sorted(g.nodes(data=True), key=lambda nd: (-nd[1]["events"], nd[0]))[:top]
    heaviest = sorted(g.edges(data=True), key=lambda e: (-e[2]["events"], e[0], e[1]))[:top]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "positive": sum(1 for x in signs if x > 0),
        "negative": sum(1 for x in signs if x < 0),
        "neutral": sum(1 for x in signs if x == 0),
        "busiest": [(n, d["name"], d["events"]) for n, d in busiest],
        "heaviest": [(u, v, d["events"], round(d["goldstein_mean"], 2)) for u, v, d in heaviest],
    }


def write_graph(g: nx.Graph, path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """GraphML, GEXF or node-link JSON, by the file's suffix; written whole or not at all, never
    over ``inputs`` (the store) and over another program's file only with ``force``."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown graph format {Path(path).suffix!r}; use .graphml, .gexf or .json")
    target = check_output(path, command="dyad network --output", recognise=is_graph_output, force=force, inputs=inputs)
    with atomic_path(target, shown=f"--output {path}") as tmp:
        if fmt == "graphml":
            nx.write_graphml(g, tmp)
        elif fmt == "gexf":
            nx.write_gexf(g, tmp)
        else:
            tmp.write_text(json.dumps(nx.node_link_data(g, edges="edges"), indent=1, default=str))
    return Path(path)


def is_graph_output(path: Path) -> bool:
    """An earlier ``dyad network --output``: a GraphML or GEXF file, or node-link JSON, whose ties
    carry dyad's ``goldstein_mean`` attribute (or an empty graph of those formats)."""
    head, _ = head_and_tail(path)
    if not head:
        return True
    text = head.decode("utf-8", "replace")
    if "<graphml" in text or "<gexf" in text:
        return "goldstein_mean" in text or "<edge" not in text
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return False
        return isinstance(data, dict) and {"nodes", "edges", "directed"} <= data.keys() and all(
            "goldstein_mean" in e for e in data["edges"] if isinstance(e, dict))
    return False
