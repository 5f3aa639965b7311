"""``create_app(db_path)``: the ASGI app of ``tieline serve`` (docs/web.md).

Pages (``pages.py``) and their JSON twins under ``/api/`` (``api.py``) read the store through
``answers.py``; OpenAPI is at ``/openapi.json``. Safe by default: the store is opened read-only,
one connection per request, a query stops after ``timeout`` seconds, URLs are capped at
``MAX_URL`` characters, and every error is JSON ``{"error": {"status", "message", "fix"}}``
(an HTML page for pages), never a stack trace.

    >>> create_app("no/such.db")
    Traceback (most recent call last):
    ...
    tieline.errors.StoreError: no store at no/such.db (run `tieline ingest PATH --db no/such.db` (or `tieline demo --db no/such.db`) first)
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import ConfigError, StoreError, TielineError
from .answers import NotFound
from .store import ReadOnlyStore, check_store

HERE = Path(__file__).resolve().parent
MAX_URL = 2000

#: Sent with every response: nothing is loaded from another host, nothing framed, nothing sniffed.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

log = logging.getLogger("tieline.web")


def create_app(db_path: str | Path, timeout: float = 10.0) -> FastAPI:
    """The web app over the store at ``db_path`` (which must exist); queries stop after ``timeout`` s."""
    from . import api, pages

    path = check_store(db_path)
    ReadOnlyStore(path, timeout).close()  # fail now, not on the first request, when it cannot be read
    app = FastAPI(title="tieline", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Actors, quotes and events found in the news, read from a tieline store (docs/web.md).")
    app.state.db_path, app.state.timeout = path, timeout
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_errors(app)
    app.middleware("http")(_guard)
    return app


def open_store(request: Request):
    """A dependency: a read-only store for one request, closed after it."""
    store = ReadOnlyStore(request.app.state.db_path, request.app.state.timeout)
    try:
        yield store
    finally:
        store.close()


async def _guard(request: Request, call_next):
    """Refuse over-long URLs and NUL characters; add the safety headers to every response."""
    if len(str(request.url)) > MAX_URL:
        response = error_response(request, 414, f"the URL is longer than {MAX_URL} characters", "ask for less: shorter q")
    elif _has_nul(request):
        response = error_response(request, 400, "the URL holds a NUL character (%00)", "leave it out")
    else:
        response = await call_next(request)
    response.headers.update(HEADERS)
    return response


def _has_nul(request: Request) -> bool:
    """True when the decoded path or a query parameter holds NUL (SQLite would cut the text there)."""
    return "\x00" in request.url.path or any("\x00" in key or "\x00" in value
                                             for key, value in request.query_params.multi_items())


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi", "/static/"))


def error_response(request: Request, status: int, message: str, fix: str | None = None):
    """The one error shape: JSON ``{"error": {...}}`` for the API, the error page for pages."""
    body = {"status": status, "message": message, "fix": fix}
    if wants_html(request):
        from .pages import error_page

        return error_page(request, body)
    return JSONResponse({"error": body}, status_code=status)


def _status(error: Exception) -> int:
    if isinstance(error, NotFound):
        return 404
    return 400 if isinstance(error, ConfigError) else 500


def _add_errors(app: FastAPI) -> None:
    """Every failure as the one error shape, never a stack trace."""

    @app.exception_handler(TielineError)
    async def tieline_error(request: Request, error: TielineError):
        if isinstance(error, StoreError):
            log.error("store error: %s", error)
        return error_response(request, _status(error), error.message, error.fix)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return error_response(request, 400, f"{where}: {first.get('msg', 'not valid')}",
                              "see /openapi.json for each parameter's type")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        fix = "see /openapi.json for the API's paths, or start at /" if error.status_code == 404 else None
        return error_response(request, error.status_code, str(error.detail), fix)

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, error: sqlite3.OperationalError):
        return error_response(request, *_sqlite_message(request, error))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, f"tieline could not answer: {type(error).__name__}",
                              "the server log has the details; please report it")


def _sqlite_message(request: Request, error: sqlite3.OperationalError) -> tuple[int, str, str]:
    """A query SQLite stopped, or a full-text query it could not parse."""
    text = str(error)
    if "interrupted" in text:
        timeout = request.app.state.timeout
        return 503, f"the query ran longer than {timeout:g} s and was stopped", \
            "narrow it: an actor, a shorter date range, or a smaller limit"
    if request.query_params.get("q") or request.query_params.get("search"):
        return 400, f"not a full-text query: {text}", \
            'use words, "a phrase", OR, NOT, NEAR(a b), prefix* (quote words holding punctuation)'
    log.error("sqlite error on %s: %s", request.url.path, text)
    return 500, "the store could not answer this query", "the server log has the details"
