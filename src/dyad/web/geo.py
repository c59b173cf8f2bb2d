"""Country shapes for the overview map, from the npm package ``world-atlas`` (Natural Earth's
1:110m admin-0 countries as TopoJSON, ISC licence) that ``make`` installs next to this module.

The topology is decoded here once (arcs are delta-encoded and quantised; a polygon ring is a
list of arc indices, ``~i`` meaning arc ``i`` reversed) and projected to SVG path data in an
equirectangular frame, 960 units wide from 180°W to 180°E and from 84°N to 60°S, which is the
frame the page's JavaScript uses to place event locations. Without the package (dyad installed
without ``make``) the map is a graticule with the points and says so.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ATLAS = Path(__file__).parent / "node_modules" / "world-atlas" / "countries-110m.json"
WIDTH = 960.0
NORTH, SOUTH = 84.0, -60.0
SCALE = WIDTH / 360.0
HEIGHT = (NORTH - SOUTH) * SCALE


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (NORTH - max(min(lat, NORTH), SOUTH)) * SCALE


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def _path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data; a ring that crosses the antimeridian is broken there instead of being
    drawn as a line across the whole map."""
    parts = []
    for ring in rings:
        out, prev = [], None
        for lon, lat in ring:
            x, y = project(lon, lat)
            out.append(("M" if prev is None or abs(lon - prev) > 180 else "L") + f"{x:.1f},{y:.1f}")
            prev = lon
        parts.append("".join(out) + "Z")
    return "".join(parts)


def _alpha3(numeric: str | None) -> str | None:
    import pycountry

    c = pycountry.countries.get(numeric=numeric) if numeric else None
    return c.alpha_3 if c else None


@lru_cache(maxsize=1)
def countries() -> dict[str, Any]:
    """``{"width", "height", "source", "countries": [{"id": ISO3, "name", "path"}]}``."""
    frame = {"width": WIDTH, "height": round(HEIGHT, 1), "north": NORTH, "south": SOUTH}
    if not ATLAS.is_file():
        return {**frame, "source": None, "countries": [],
                "note": "country shapes are not installed (npm package world-atlas; run make)"}  # fmt: skip
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    out = []
    for geom in topology["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polygons = [polygons]
        rings = [_ring(r, arcs) for poly in polygons for r in poly]
        out.append({"id": _alpha3(geom.get("id")), "name": geom.get("properties", {}).get("name"),
                    "path": _path(rings)})  # fmt: skip
    version = json.loads((ATLAS.parent / "package.json").read_text(encoding="utf-8")).get("version", "?")
    return {**frame, "source": f"world-atlas {version} (Natural Earth 1:110m countries)", "countries": out}
