"""What every API route shares: strict query parameters, JSON answers from the cache, errors as
one JSON message, and the request body bound.

An answer is computed by a library function on a cursor of the shared read-only connection,
bounded in time, serialised once and cached for the store's current generation; a repeated
request is then served from the cache without touching DuckDB.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad.errors import DataError, DyadError, InputError
from dyad.web.access import QueryTimeout, StoreAccess, StoreBusy
from dyad.web.events import NotFound

log = logging.getLogger("dyad.web")


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):  # a request body quoted in a validation error
        return value[:200].decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON data")


def dumps(data: Any) -> bytes:
    return json.dumps(data, default=_default, ensure_ascii=False, allow_nan=False).encode()


def json_bytes(body: bytes, status: int = 200) -> Response:
    return Response(content=body, status_code=status, media_type="application/json")


GZIP_FROM = 2048  # bytes; smaller answers are sent as they are


def _packed(body: bytes) -> tuple[bytes, bytes | None]:
    """The answer and, when worth it, its gzip form, made once and cached with it."""
    return body, gzip.compress(body, compresslevel=5, mtime=0) if len(body) >= GZIP_FROM else None


def answer(request: Request, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """``fn(cursor, *args, **kwargs)`` as JSON, from the cache when this request was answered
    before (compressed once, not per request)."""
    access: StoreAccess = request.app.state.access
    timeout = request.app.state.settings.limits.query_seconds
    key = (request.url.path, tuple(sorted(request.query_params.multi_items())))
    body, packed = access.cached(key, lambda: _packed(dumps(access.run(fn, *args, timeout=timeout, **kwargs))))
    if packed is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(content=packed, media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})  # fmt: skip
    return json_bytes(body)


class StrictRoute(APIRoute):
    """Refuses query parameters the route does not declare: a misspelt filter (``acter=SYR``)
    would otherwise be silently ignored and the answer look like the unfiltered one."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()
        known = _query_names(self.dependant)

        async def strict(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                allowed = ", ".join(sorted(known)) or "none"
                return error(400, f"{unknown[0]}: unknown query parameter (this endpoint takes: {allowed})")
            return await handler(request)

        return strict


def _query_names(dependant: Any) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
    where = ".".join(loc) or "request"
    detail = [{"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()[:20]]
    return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid')}", "status": 422,
                         "detail": json.loads(dumps(detail))}, status_code=422)  # fmt: skip


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def _dyad_error(request: Request, exc: DyadError) -> JSONResponse:
    if isinstance(exc, StoreBusy):
        return error(503, str(exc), {"Retry-After": "2"})
    if isinstance(exc, QueryTimeout):
        return error(503, str(exc))
    if isinstance(exc, NotFound):
        return error(404, str(exc))
    if isinstance(exc, InputError):
        return error(400, str(exc))
    if isinstance(exc, DataError):
        return error(503, str(exc))
    return error(400, str(exc))


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error(500, f"internal error ({type(exc).__name__}); the server log has the details")


def install_error_handlers(app: Any) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DyadError, _dyad_error)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimit:
    """Answers 413 to a request body over ``limit`` bytes, declared or streamed. A streamed body
    is read here, up to the limit, before any route sees it (a route's own parsing would turn the
    overflow into a generic 400)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        too_big = error(413, f"request body: larger than {self.limit:,} bytes")
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                return await error(400, "content-length: not a number")(scope, receive, send)
            if int(declared) > self.limit:
                return await too_big(scope, receive, send)
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                return await too_big(scope, receive, send)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
