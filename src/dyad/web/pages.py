"""The dashboard's pages: one HTML shell per page around a fragment in ``static/pages/``, with
plain JavaScript modules (``static/js/``) that read the filters from the URL, call the API and
draw SVG. Nothing is fetched from another host: the Content-Security-Policy says so to the
browser too."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from dyad.analysis.palette import NEUTRAL, QUAD_COLOURS, TIE_COLOURS

STATIC = Path(__file__).parent / "static"
PAGES = {  # path -> (fragment, title)
    "/": ("overview", "Overview"),
    "/dyad": ("dyad", "Dyad"),
    "/actor": ("actor", "Actor"),
    "/network": ("network", "Network"),
    "/events": ("events", "Events"),
    "/event": ("event", "Event"),
    "/document": ("document", "Document"),
    "/forecast": ("forecast", "Forecast"),
}
NAV = (("/", "Overview"), ("/events", "Events"), ("/network", "Network"), ("/forecast", "Forecast"), ("/docs", "API"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=None)
def render(name: str, title: str) -> str:
    body = (STATIC / "pages" / f"{name}.html").read_text(encoding="utf-8")
    nav = "".join(f'<a href="{href}">{escape(label)}</a>' for href, label in NAV)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · dyad</title><link rel="stylesheet" href="/palette.css"><link rel="stylesheet" href="/static/dyad.css">
<link rel="icon" href="data:,"></head>
<body data-page="{name}"><header><a class="brand" href="/">dyad</a><nav>{nav}</nav>
<form id="jump" action="/actor"><input name="code" placeholder="actor code (SYR, SYRGOV)" aria-label="actor code"
 pattern="[A-Za-z0-9\\-]+" required></form></header>
<main>{body}</main>
<script type="module" src="/static/js/{name}.js"></script></body></html>"""


@lru_cache(maxsize=1)
def palette_css() -> str:
    """The chart colours of ``dyad.analysis.palette`` as CSS variables, so that the dashboard
    draws quad classes and tie signs in the colours of the command line's plots (one definition,
    colour-blind safe); ``static/dyad.css`` only refers to them."""
    quads = " ".join(f"--q{q}: {c};" for q, c in QUAD_COLOURS.items())
    ties = f"--coop: {TIE_COLOURS[1]}; --conf: {TIE_COLOURS[-1]}; --neutral: {NEUTRAL};"
    return f":root {{ {quads} {ties} }}\n"


@router.get("/palette.css")
def palette() -> Response:
    return Response(palette_css(), media_type="text/css")


def _route(name: str, title: str):  # noqa: ANN202
    def page() -> HTMLResponse:
        return HTMLResponse(render(name, title), headers={"Content-Security-Policy": CSP})

    page.__name__ = f"page_{name}"
    return page


for _path, (_name, _title) in PAGES.items():
    router.add_api_route(_path, _route(_name, _title), methods=["GET"])
