"""Structural balance of the signed actor graph (Heider; Cartwright and Harary).

A triangle of three actors is balanced when the product of its edge signs is positive ("the friend
of my friend is my friend", "the enemy of my enemy is my friend") and frustrated otherwise.
Edge signs are the ties' signs of ``dyad.analysis.ties`` (the same the ``dyads`` table and the
network plot show); neutral edges (sign 0) are left out. Frustrated triads are ranked by the number of events on
their three edges, so the best-documented tensions come first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from dyad.errors import InputError


@dataclass
class Balance:
    triads: int
    balanced: int
    frustrated: list[dict] = field(default_factory=list)
    actors: int = 0  # actors in the graph, and its ties with and without a sign: what an empty
    signed_ties: int = 0  # result is made of, so it can say why there are no triads
    neutral_ties: int = 0
    min_events: int = 1  # events a tie needed in the network the balance was computed on

    @property
    def share_balanced(self) -> float | None:
        return self.balanced / self.triads if self.triads else None


def balance(g: nx.Graph, top: int = 10) -> Balance:
    if top < 1:
        raise InputError(f"--top: must be at least 1, got {top}")
    u = g.to_undirected() if g.is_directed() else g
    signed = nx.Graph()
    neutral = 0
    for a, b, d in u.edges(data=True):
        if d.get("sign", 0) != 0:
            signed.add_edge(a, b, sign=d["sign"], events=d.get("events", 0))
        else:
            neutral += 1
    order = {n: i for i, n in enumerate(sorted(signed.nodes))}
    triads = balanced = 0
    frustrated = []
    for a in signed:
        for b in signed[a]:
            if order[b] <= order[a]:
                continue
            for c in set(signed[a]) & set(signed[b]):
                if order[c] <= order[b]:
                    continue
                triads += 1
                edges = [signed[a][b], signed[b][c], signed[a][c]]
                if edges[0]["sign"] * edges[1]["sign"] * edges[2]["sign"] > 0:
                    balanced += 1
                    continue
                names = [u.nodes[x].get("name", x) if x in u.nodes else x for x in (a, b, c)]
                frustrated.append({
                    "actors": (a, b, c), "names": tuple(names),
                    "signs": (edges[0]["sign"], edges[1]["sign"], edges[2]["sign"]),
                    "events": sum(e["events"] for e in edges),
                })  # fmt: skip
    frustrated.sort(key=lambda f: (-f["events"], f["actors"]))
    return Balance(triads, balanced, frustrated[:top], u.number_of_nodes(), signed.number_of_edges(), neutral,
                   int(g.graph.get("min_events", 1)))
