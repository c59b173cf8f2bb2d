"""``/api/actors``, ``/api/actors/{code}``, ``/api/codebook/{code}`` and ``/api/map/countries``:
the knowledge dyad codes with, and what the store says about an actor's relations."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from dyad.web.events import NotFound
from dyad.web.http import StrictRoute, answer, dumps, json_bytes

router = APIRouter(prefix="/api", route_class=StrictRoute, tags=["reference"])


class Knowledge:
    """The actor base and codebook, loaded on first use (the actor base takes about a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._actors: Any = None

    def actors(self) -> Any:
        with self._lock:
            if self._actors is None:
                from dyad.actors import ActorBase

                self._actors = ActorBase.load()
            return self._actors


def entry_record(e: Any) -> dict[str, Any]:
    roles = [{"code": r.code, "start": r.start.isoformat() if r.start else None,
              "end": r.end.isoformat() if r.end else None, "title": r.title} for r in e.codes]  # fmt: skip
    return {"id": e.id, "kind": e.kind, "names": list(e.names), "roles": roles, "note": e.note}


@router.get("/actors")
def actors(request: Request, q: Annotated[str, Query(min_length=1, max_length=100)],
           limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> Response:  # fmt: skip
    """Knowledge-base entries named ``q`` or holding a code that starts with it, with dated roles."""
    found = request.app.state.knowledge.actors().find(q)
    return json_bytes(dumps({"query": q, "total": len(found), "entries": [entry_record(e) for e in found[:limit]]}))


@router.get("/actors/{code}")
def actor(request: Request, code: Annotated[str, PathParam(max_length=40, pattern=r"^[A-Za-z0-9-]+$")]) -> Response:
    """An actor code: its knowledge-base entries (roles over time) and, from the store, its
    partners (cooperative ties) and adversaries (conflictual ties), busiest first."""
    code = code.upper()
    entries = [entry_record(e) for e in request.app.state.knowledge.actors().find(code)[:200]]
    return answer(request, _actor, code, entries)


def _actor(con, code: str, entries: list[dict]) -> dict:  # noqa: ANN001
    from dyad import analysis

    level = "country" if len(code) == 3 else "actor"
    seen = con.execute(
        "SELECT count(*) FROM actors WHERE " + ("country = ?" if level == "country" else "code = ?"), [code]
    ).fetchall()[0][0]
    if not seen and not entries:
        raise NotFound(f"actor {code!r}: not in the knowledge base and no stored event involves it")
    ties: list[dict] = []
    name = code
    if seen:
        g = analysis.network(con, level=level)
        if code in g:
            name = g.nodes[code]["name"]
            for other in g[code]:
                d = g[code][other]
                ties.append({"actor": other, "name": g.nodes[other]["name"], "events": d["events"],
                             "goldstein_mean": d["goldstein_mean"], "sign": d["sign"]})  # fmt: skip
    ties.sort(key=lambda t: (-t["events"], t["actor"]))
    return {
        "code": code, "name": name, "level": level, "entries": entries,
        "events": sum(t["events"] for t in ties),
        "partners": [t for t in ties if t["sign"] > 0], "adversaries": [t for t in ties if t["sign"] < 0],
    }  # fmt: skip


@router.get("/codebook/{code}")
def codebook(request: Request, code: Annotated[str, PathParam(max_length=8)]) -> Response:
    """One CAMEO event code: name, root, quad class, Goldstein score, PLOVER type."""
    from dyad.codebook import load_codebook
    from dyad.errors import InputError

    cb = load_codebook()
    try:
        et = cb.event(code)
    except InputError as exc:
        raise NotFound(str(exc)) from None
    parent = cb.parent(et.code)
    return json_bytes(dumps({
        "code": et.code, "name": et.name, "root_code": et.root_code, "root_name": cb.event(et.root_code).name,
        "parent": parent.code if parent else None, "quad_class": et.quad_class, "quad_name": et.quad_name,
        "goldstein": et.goldstein, "plover": et.plover, "plover_mode": et.plover_mode,
    }))  # fmt: skip


@router.get("/map/countries")
def map_countries() -> Response:
    """Country outlines as SVG paths in the map's equirectangular frame (see ``dyad.web.geo``)."""
    from dyad.web import geo

    return json_bytes(dumps(geo.countries()))
