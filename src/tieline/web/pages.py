"""The HTML pages: each renders one ``answers.py`` dict, and links its JSON twin under ``/api/``.

    /                   overview          /api/overview
    /pairs/A/B          pair over time    /api/pairs/A/B?by=month, .../events, .../quotes
    /actors             actors            /api/actors
    /actors/ID          one actor         /api/actors/ID
    /documents/ID       one document      /api/documents/ID
    /search?q=          full text         /api/search?q=
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.templating import Jinja2Templates

from . import answers, charts
from .app import HERE, open_store
from .highlight import Span, render

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["quad"] = lambda n: charts.QUADS.get(n, "unknown")
templates.env.filters["path"] = lambda value: quote(str(value), safe="")

Store = Annotated[object, Depends(open_store)]
Text = Annotated[str | None, Query(max_length=500)]
Limit = Annotated[int | None, Query()]


def twin(request: Request, path: str | None = None, **params) -> str:
    """The JSON twin of this page (``/api`` + its path and query), or of ``path`` with ``params``."""
    path = path or ("/overview" if request.url.path == "/" else request.url.path)
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}) if params else request.url.query
    return f"/api{path}" + (f"?{query}" if query else "")


def page(request: Request, name: str, title: str, **context):
    return templates.TemplateResponse(request, name, {"title": title, "twin": twin(request), **context})


def error_page(request: Request, error: dict):
    return templates.TemplateResponse(request, "error.html", {"title": f"Error {error['status']}", "error": error,
                                                              "twin": None}, status_code=error["status"])


@router.get("/")
def overview(request: Request, store: Store):
    data = answers.overview(store)
    return page(request, "overview.html", "Overview", data=data, spec=charts.timeline_spec(data["timeline"]))


@router.get("/pairs/{a}/{b}")
def pair(request: Request, store: Store, a: str, b: str, since: Text = None, until: Text = None, limit: Limit = None):
    relations = answers.pair(store, a, b, "month", since, until, "factual", limit=answers.MAX_LIMIT)
    a, b = relations["a"], relations["b"]
    happened = answers.pair_events(store, a, b, "factual", since, until, limit)
    flagged = answers.pair_events(store, a, b, answers.FLAGGED, since, until, limit)
    said = answers.pair_quotes(store, a, b, since, until, limit)
    twins = {"chart rows": twin(request, f"/pairs/{a}/{b}", by="month", since=since, until=until),
             "events": twin(request, f"/pairs/{a}/{b}/events", include="factual", since=since, until=until),
             "flagged events": twin(request, f"/pairs/{a}/{b}/events", include=answers.FLAGGED, since=since, until=until),
             "quotes": twin(request, f"/pairs/{a}/{b}/quotes", since=since, until=until)}
    return page(request, "pair.html", f"{a} and {b}", a=a, b=b, relations=relations, happened=happened,
                flagged=flagged, quotes=said, twins=twins, spec=charts.pair_spec(relations["rows"], a, b))


@router.get("/actors")
def actors(request: Request, store: Store, type: Text = None, country: Text = None, search: Text = None,
           limit: Limit = None, offset: int = 0):
    data = answers.actors(store, type or None, country or None, search or None, None, None, limit, offset)
    return page(request, "actors.html", "Actors", data=data)


@router.get("/actors/{actor_id}")
def actor(request: Request, store: Store, actor_id: str, limit: Limit = None):
    data = answers.actor(store, actor_id, limit)
    name = data["actor"]["name"] or data["actor"]["actor_id"]
    network = charts.network(data["actor"], data["partners"]["rows"], data["partners"]["names"])
    return page(request, "actor.html", name, data=data, network=network)


@router.get("/documents/{doc_id}")
def document(request: Request, store: Store, doc_id: str, event: Text = None):
    data = answers.document(store, doc_id, event)
    spans = [Span(s["kind"], s["start"], s["end"], s["ref"], s["label"]) for s in data["spans"]]
    marked = render(data["text"], spans)
    return page(request, "document.html", data["title"] or doc_id, data=data, marked=marked, event=event)


@router.get("/search")
def search(request: Request, store: Store, q: Text = None, actor: Text = None, since: Text = None,
           until: Text = None, type: Text = None, limit: Limit = None, offset: int = 0):
    form = {"q": q or "", "actor": actor or "", "since": since or "", "until": until or "", "type": type or ""}
    data = answers.search(store, q, actor or None, since or None, until or None, type or None, limit, offset) if q else None
    return page(request, "search.html", f"Search: {q}" if q else "Search", data=data, form=form,
                twin=twin(request) if q else None)
