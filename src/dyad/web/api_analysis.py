"""``/api/dyads``, ``/api/series``, ``/api/network``, ``/api/balance``, ``/api/shifts``: the same
library functions the ``dyad`` commands call, answered in the shape ``--format json`` prints
(``dyad.analysis.records``), so the API and the command line cannot disagree."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dyad import analysis
from dyad.analysis import records
from dyad.errors import InputError
from dyad.web.http import StrictRoute, answer

router = APIRouter(prefix="/api", route_class=StrictRoute, tags=["analysis"])

Actor = Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$", description="SYR or SYRGOV")]
Freq = Literal["day", "week", "month"]
Level = Literal["country", "actor"]
Top = Annotated[int, Query(ge=1, le=1000)]
MinEvents = Annotated[int, Query(ge=1, le=1_000_000)]


def _period(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise InputError(f"since: {since} is after until {until}: an empty period; swap them")


@router.get("/series")
def series(request: Request, a: Actor, b: Actor, freq: Freq = "week", since: date | None = None,
           until: date | None = None, directed: bool = False) -> Response:  # fmt: skip
    """Per period: events per quad class, Goldstein sum and mean, mentions (``dyad series A B``)."""
    _period(since, until)
    return answer(request, lambda con: records.series_record(
        analysis.series(con, a, b, freq=freq, since=since, until=until, directed=directed)))  # fmt: skip


@router.get("/dyads")
def dyads(request: Request, top: Top = 10, since: date | None = None, until: date | None = None,
          level: Level = "country", min_events: MinEvents = 3) -> Response:  # fmt: skip
    """The most active dyads and those whose cooperation changed most (``dyad dyads``)."""
    _period(since, until)
    return answer(request, lambda con: records.dyads_record(
        analysis.dyads(con, top=top, since=since, until=until, level=level, min_events=min_events)))  # fmt: skip


@router.get("/network")
def network(request: Request, since: date | None = None, until: date | None = None, level: Level = "country",
            directed: bool = False, min_events: MinEvents = 1) -> Response:  # fmt: skip
    """The signed, weighted actor graph as node-link data, with its summary (``dyad network``)."""
    _period(since, until)
    return answer(request, lambda con: records.network_record(
        analysis.network(con, since=since, until=until, level=level, directed=directed, min_events=min_events)))  # fmt: skip


@router.get("/balance")
def balance(request: Request, since: date | None = None, until: date | None = None, level: Level = "country",
            min_events: MinEvents = 1, top: Top = 10) -> Response:  # fmt: skip
    """Structural balance of the signed network and the most frustrated triads (``dyad balance``)."""
    _period(since, until)
    return answer(request, lambda con: records.balance_record(analysis.balance(
        analysis.network(con, since=since, until=until, level=level, min_events=min_events), top=top)))  # fmt: skip


@router.get("/shifts")
def shifts(request: Request, freq: Freq = "week", since: date | None = None, until: date | None = None,
           actor: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9-]+$")] = None,
           window: Annotated[int, Query(ge=2, le=520)] = 8,
           threshold: Annotated[float, Query(gt=0, le=1000)] = 3.0, top: Top = 20) -> Response:  # fmt: skip
    """Dyads breaking from their own Goldstein baseline, with the events behind each (``dyad shifts``)."""
    _period(since, until)
    return answer(request, lambda con: records.shifts_record(analysis.shifts(
        con, freq=freq, since=since, until=until, actor=actor, window=window, min_baseline=min(4, window),
        threshold=threshold, top=top)))  # fmt: skip
