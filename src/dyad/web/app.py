"""The application ``dyad serve`` runs: the HTTP API under ``/api``, its OpenAPI description at
``/openapi.json`` and ``/docs`` (Swagger UI from the installed ``fastapi-offline`` package, not a
CDN), the pages, and their static files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from dyad import __version__
from dyad.web import api_actions, api_analysis, api_reference, api_store, pages
from dyad.web.access import StoreAccess
from dyad.web.http import BodyLimit, install_error_handlers
from dyad.web.settings import Settings


def create_app(settings: Settings, *, coder_factory: Callable[[], Any] | None = None,
               access: StoreAccess | None = None) -> FastAPI:  # fmt: skip
    """The app for one store. ``coder_factory`` replaces the spaCy coder (tests); ``access``
    the store access (tests that tune its leases)."""
    store = access or StoreAccess(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store.start()
        try:
            yield
        finally:
            store.stop()

    app = FastAPIOffline(
        title="dyad",
        version=__version__,
        description="Political events coded from news, their relations and forecasts. Read-only unless "
        "started with --allow-ingest. Every list is bounded; a slow query is cancelled with 503.",
        lifespan=lifespan,
        redoc_url=None,
        static_url="/static/vendor/swagger",
    )
    app.state.settings = settings
    app.state.access = store
    app.state.knowledge = api_reference.Knowledge()
    app.state.ingest = api_actions.Ingest(coder_factory)
    install_error_handlers(app)
    for router in (api_store.router, api_analysis.router, api_reference.router, api_actions.router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])  # fmt: skip
    app.add_middleware(BodyLimit, limit=settings.limits.body_bytes)
    return app
