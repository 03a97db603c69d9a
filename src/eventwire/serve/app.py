"""The FastAPI application: pages, their JSON twins, static files and security headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.serve import api, pages
from eventwire.serve.connection import QUERY_TIMEOUT_S, ReadOnlyStore, StoreUnavailable
from eventwire.serve.templates import templates

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
#: Host headers a loopback server answers; anything else is a DNS-rebinding attempt
#: (a web page whose domain was re-pointed at 127.0.0.1 to read the API).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.raw if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    db_path: str | Path,
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS,
    timeout_s: float = QUERY_TIMEOUT_S,
) -> FastAPI:
    """The dashboard and JSON API over the DuckDB store at ``db_path`` (opened read-only).

    ``allowed_hosts`` are the Host headers answered (None: any, for a server bound
    to a public address behind a proxy that checks them).
    """
    store = ReadOnlyStore(db_path, timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire",
        summary="Events, actors, quotes and places extracted from news reports.",
        description="Read-only JSON API over an eventwire DuckDB store. Every page of the "
        "dashboard has a JSON twin here. Lists are paginated with `limit` (at most 500) and "
        "`offset`, and answer `total`, the number of rows that match.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    app.add_exception_handler(StoreUnavailable, _unavailable)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _crash)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.startswith("/static")


def _error(
    request: Request,
    status: int,
    message: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        body = {"detail": detail if detail is not None else message}
        return JSONResponse(body, status, headers=headers)
    context = {"status": status, "title": HTTPStatus(status).phrase, "message": message}
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


async def _unavailable(request: Request, exc: Exception) -> Response:
    # An ingest holds the file for its whole run: worth trying again, not at once.
    return _error(request, 503, f"The store is unavailable: {exc}", headers={"Retry-After": "5"})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return _error(request, exc.status_code, message, exc.detail, exc.headers)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors()
    ]
    detail = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
    return _error(request, 422, "Invalid request: " + "; ".join(problems), detail)


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("error answering %s", request.url.path)
    return _error(request, 500, "Internal error: the server log has the details.")
