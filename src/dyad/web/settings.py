"""What ``dyad serve`` is allowed to do, fixed when the server starts.

Safe by default: the store is only read, every request is bounded (page size, body size, query
time, Monte Carlo runs), writes need both ``--allow-ingest`` and a token, and no other origin may
call the API from a browser unless named with ``--cors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Bounds on one request; a request past them gets a 4xx (or 503 for time) naming the bound."""

    page_size: int = 1000  # events per /api/events page
    body_bytes: int = 1_000_000  # a scenario or a document; larger bodies get 413
    query_seconds: float = 10.0  # a query running longer is cancelled and answered with 503
    export_seconds: float = 120.0  # an export reads every matching event, so it gets longer
    monte_carlo_runs: int = 2000
    eum_rounds: int = 100


@dataclass(frozen=True)
class Settings:
    db: Path
    allow_ingest: bool = False
    token: str | None = None  # DYAD_TOKEN; POST /api/documents needs it as a bearer token
    cors: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
