"""``POST /api/forecast`` (a scenario in, every model's forecast out) and ``POST /api/documents``
(code and store a document: only with ``--allow-ingest`` and the ``DYAD_TOKEN`` bearer token)."""

from __future__ import annotations

import hmac
import threading
import datetime as dt
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from dyad.errors import InputError
from dyad.forecast.eum import PRESETS
from dyad.model import Document
from dyad.web import adapters
from dyad.web.http import StrictRoute, dumps, error, json_bytes

router = APIRouter(prefix="/api", route_class=StrictRoute, tags=["actions"])


class ForecastRequest(BaseModel):
    """A scenario, as the mapping ``dyad forecast`` reads from YAML, or that YAML (or JSON) as text."""

    model_config = ConfigDict(extra="forbid")
    scenario: dict[str, Any] | str
    model: Literal["all", "eum", "compromise", "median", "nash"] = "all"
    preset: Literal[tuple(PRESETS)] = "scholz-code"  # type: ignore[valid-type]
    rounds: Annotated[int | None, Field(ge=0, le=100)] = None
    runs: Annotated[int, Field(ge=0, le=2000, description="Monte Carlo runs (0: none; else at least 2)")] = 0
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0


def _scenario(raw: dict[str, Any] | str) -> Any:
    if isinstance(raw, dict):
        return raw
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise InputError(f"scenario: not valid YAML or JSON: {str(exc).splitlines()[0]}") from None


@router.post("/forecast")
def forecast(request: Request, body: ForecastRequest) -> Response:
    """Every model's forecast of each issue, the EUM's positions by round and, with ``runs``,
    the Monte Carlo spread (median, p10, p90 and the most influential inputs)."""
    limits = request.app.state.settings.limits
    if body.runs > limits.monte_carlo_runs:
        raise InputError(f"runs: at most {limits.monte_carlo_runs} Monte Carlo runs, got {body.runs}")
    data = adapters.forecast_report(_scenario(body.scenario), model=body.model, preset=body.preset,
                                    rounds=body.rounds, runs=body.runs, seed=body.seed)  # fmt: skip
    return json_bytes(dumps(data))


class DocumentIn(BaseModel):
    """One article, as ``dyad.model.Document`` holds it."""

    model_config = ConfigDict(extra="forbid")
    id: Annotated[str, Field(min_length=1, max_length=500)]
    text: Annotated[str, Field(min_length=1)]
    date: dt.date | None = None
    title: Annotated[str | None, Field(max_length=1000)] = None
    url: Annotated[str | None, Field(max_length=2000)] = None


class Ingest:
    """The server's one writer: the coder (loaded on first use) and the lock writes take turns on."""

    def __init__(self, coder_factory: Any = None) -> None:
        self._factory = coder_factory
        self._coder: Any = None
        self.lock = threading.Lock()

    def coder(self) -> Any:
        if self._coder is None:
            if self._factory is None:
                from dyad.coder import default_coder

                self._factory = default_coder
            self._coder = self._factory()
        return self._coder


@router.post("/documents", status_code=201)
def store_document(request: Request, body: DocumentIn,
                   authorization: Annotated[str | None, Header()] = None) -> Response:  # fmt: skip
    """Code a document and store its events. Disabled unless the server was started with
    ``--allow-ingest``; then the request needs ``Authorization: Bearer $DYAD_TOKEN``."""
    settings = request.app.state.settings
    if not settings.allow_ingest:
        return error(403, "ingest is disabled on this server (start it with --allow-ingest and DYAD_TOKEN set)")
    expected = f"Bearer {settings.token}".encode()
    if not authorization or not hmac.compare_digest(authorization.encode(), expected):
        return error(403, "authorization: a bearer token equal to the server's DYAD_TOKEN is required")
    ingest: Ingest = request.app.state.ingest
    doc = Document(id=body.id, text=body.text, date=body.date, title=body.title, url=body.url)
    access = request.app.state.access
    with ingest.lock:
        result = adapters.store_document(settings.db, doc, ingest.coder(), access.exclusive)
    return JSONResponse(result, status_code=201 if result["stored"] else 200)
