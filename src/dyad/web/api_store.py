"""``/api/summary``, ``/api/events``, ``/api/events/{key}``, ``/api/documents/{id}``,
``/api/locations`` and ``/api/export``: the stored events with their evidence."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from pydantic import Field
from starlette.background import BackgroundTask

from dyad.web import events as ev
from dyad.web.http import StrictRoute, answer

router = APIRouter(prefix="/api", route_class=StrictRoute, tags=["events"])

Code = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9-]+$", description="Actor code prefix: SYR, SYRGOV")]


def event_filter(
    actor: Code = None,
    source: Code = None,
    target: Code = None,
    dyad: Annotated[str | None, Query(max_length=81, pattern=r"^[A-Za-z0-9-]+,[A-Za-z0-9-]+$",
                                      description="Two actor codes, either direction: SYR,ISR")] = None,
    code: Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$", description="CAMEO code or prefix: 19, 190")] = None,
    quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]], Query(max_length=4, description="Quad class(es) 1-4")] = [],  # noqa: B006
    status: Literal["asserted", "negated", "planned", "hypothetical", "all"] = "asserted",
    since: date | None = None,
    until: date | None = None,
    place: Annotated[str | None, Query(min_length=1, max_length=100, description="Location name or country code")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Words in the sentence")] = None,
) -> ev.EventFilter:
    pair = tuple(dyad.split(",")) if dyad else None
    return ev.EventFilter(actor=actor, source=source, target=target, dyad=pair, code=code,  # type: ignore[arg-type]
                          quad=tuple(sorted(set(quad))), status=status, since=since, until=until, place=place, text=q)  # fmt: skip


Filter = Annotated[ev.EventFilter, Depends(event_filter)]


@router.get("/summary")
def summary(request: Request) -> Response:
    """What the store holds: events, mentions, documents, actors, the date range."""
    return answer(request, ev.summary)


@router.get("/events")
def events(
    request: Request,
    f: Filter,
    sort: Literal["date", "-date", "goldstein", "-goldstein", "mentions", "-mentions"] = "-date",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    after: Annotated[str | None, Query(max_length=200, description="The 'next' cursor of the previous page")] = None,
    count: bool = False,
    explain: bool = False,
) -> Response:
    """Events matching the filters, each with its evidence, a keyset page at a time."""
    limit = min(limit, request.app.state.settings.limits.page_size)
    return answer(request, _page, f, sort=sort, limit=limit, after=after, count=count, explain=explain)


def _page(con, f: ev.EventFilter, *, explain: bool, **kw) -> dict:  # noqa: ANN001
    out = ev.page(con, f, **kw)
    if explain:
        for e in out["events"]:
            e["explain"] = explain_text(e, e.get("evidence"))
    return out


def explain_text(e: dict, evidence: dict | None) -> str | None:
    """The event as ``dyad code --explain`` prints it: the rule, and the sentence marked."""
    if not evidence or evidence.get("sentence") is None:
        return None
    from dyad.coder.explain import mark
    from dyad.model import Event

    spans = {k: tuple(v) for k, v in evidence["spans"].items() if v}
    coded = Event(doc_id=evidence["doc_id"], sentence_index=evidence["sentence_index"], sentence=evidence["sentence"],
                  date=evidence["date"], source=e["source"], source_text=evidence["source_text"] or "",
                  target=e["target"], target_text=evidence["target_text"], code=e["code"], root_code=e["root_code"],
                  quad_class=e["quad_class"], goldstein=e["goldstein"], plover=e["plover"], status=e["status"],
                  evidence=spans, pattern=evidence["pattern"] or "", event_id=evidence["mention_id"])  # fmt: skip
    head = f"{e['source']} -> {e['target'] or '-'}  {e['code']} ({e['status']})  pattern={evidence['pattern']}  date={evidence['date']}"
    return f"{head}\n  {mark(evidence['sentence'].strip(), coded)}"


@router.get("/events/{event_key}")
def event(request: Request, event_key: Annotated[int, PathParam(ge=0, le=2**62)]) -> Response:
    """One event with every mention of it (sentence, spans, pattern, document) and its explanation."""
    return answer(request, _event, event_key)


def _event(con, event_key: int) -> dict:  # noqa: ANN001
    out = ev.event(con, event_key)
    out["explain"] = explain_text(out, out.get("evidence"))
    return out


@router.get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str) -> Response:
    """A stored document with its coded events in reading order."""
    return answer(request, ev.document, doc_id)


@router.get("/locations")
def locations(request: Request, since: date | None = None, until: date | None = None) -> Response:
    """Where asserted events happened (places with coordinates), with the number of events at each."""
    return answer(request, ev.locations, since=since, until=until)


MEDIA = {"csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
         "parquet": ("application/vnd.apache.parquet", "parquet"), "gdelt": ("text/tab-separated-values", "tsv"),
         "phoenix": ("text/tab-separated-values", "tsv"), "plover": ("application/x-ndjson", "jsonl")}  # fmt: skip


@router.get("/export")
def export(request: Request, f: Filter, format: Literal["csv", "jsonl", "parquet", "gdelt", "phoenix", "plover"] = "csv") -> Response:  # noqa: A002
    """The matching events in an exchange format (as ``dyad export`` writes it), streamed from a
    file written whole first, so a cancelled export never leaves a truncated answer."""
    from dyad.store.export import export as write

    access = request.app.state.access
    media, suffix = MEDIA[format]
    tmp = Path(tempfile.mkdtemp(prefix="dyad-export-"))
    out = tmp / f"dyad-events.{suffix}"

    def run(con) -> None:  # noqa: ANN001
        cond, params = ev.where(con, f)
        write(con, format, out, status="all", extra=(cond, params))

    try:
        access.run(run, timeout=request.app.state.settings.limits.export_seconds)
    except BaseException:
        _remove(tmp)
        raise
    return FileResponse(out, media_type=media, filename=out.name, background=BackgroundTask(_remove, tmp))


def _remove(folder: Path) -> None:
    for p in folder.iterdir():
        p.unlink(missing_ok=True)
    folder.rmdir()
