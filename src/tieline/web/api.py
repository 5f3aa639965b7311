"""The JSON API under ``/api/``: each endpoint is one call of ``answers.py`` (docs/web.md).

Lists page with ``limit`` (1 to 500, 50 unless given) and ``offset``; each answers
``{"rows", "limit", "offset", "next_offset", "filters"}`` and ``next_offset`` is null on the
last page. Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive; undated rows stay.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from . import answers
from .app import open_store

router = APIRouter(prefix="/api", tags=["api"])

Store = Annotated[object, Depends(open_store)]
Limit = Annotated[int | None, Query(description=f"rows in the page: 1 to {answers.MAX_LIMIT} "
                                                f"({answers.DEFAULT_LIMIT} unless given)")]
Offset = Annotated[int, Query(description="rows skipped first: the next_offset of the previous page")]
Since = Annotated[str | None, Query(description="first date: YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)]
Until = Annotated[str | None, Query(description="last date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)]
Actor = Annotated[str | None, Query(description="an actor id, or an ISO-3 country code for the country, its "
                                                "people and bodies (CHN, RUS, USA)", max_length=200)]
Include = Annotated[str | None, Query(description="kinds of event, comma-separated: factual, negated, hypothetical, "
                                                  "future, claimed, historical, or all", max_length=200)]
Type = Annotated[str | None, Query(description="PLOVER event type(s), comma-separated: SANCTION, CONSULT, ...",
                                   max_length=200)]
Words = Annotated[str, Query(description="full-text query (SQLite FTS5: words, \"a phrase\", OR, NOT, prefix*)",
                             min_length=1, max_length=500)]
ActorId = Annotated[str, Path(description="an actor id, or an ISO-3 country code", max_length=200)]


@router.get("/overview", summary="Counts, the busiest pairs and the corpus timeline (the page /)")
def overview(store: Store) -> dict:
    return answers.overview(store)


@router.get("/pairs", summary="The busiest pairs and their balance of cooperation and conflict")
def pairs(store: Store, actor: Actor = None, since: Since = None, until: Until = None, include: Include = "factual",
          limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.pairs(store, actor, since, until, include, limit, offset)


@router.get("/pairs/{a}/{b}", summary="A pair per period and direction: quad classes and Goldstein (page /pairs/A/B)")
def pair(store: Store, a: ActorId, b: ActorId,
         by: Annotated[str, Query(description="day, week, month, quarter or year")] = "month",
         since: Since = None, until: Until = None, include: Include = "factual",
         directed: Annotated[bool, Query(description="only A -> B")] = False,
         limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.pair(store, a, b, by, since, until, include, directed, limit, offset)


@router.get("/pairs/{a}/{b}/events", summary="The events between A and B with their evidence sentence")
def pair_events(store: Store, a: ActorId, b: ActorId, include: Include = None, since: Since = None,
                until: Until = None, limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.pair_events(store, a, b, include, since, until, limit, offset)


@router.get("/pairs/{a}/{b}/quotes", summary="The quotes about A and B, with their speakers")
def pair_quotes(store: Store, a: ActorId, b: ActorId, since: Since = None, until: Until = None,
                limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.pair_quotes(store, a, b, since, until, limit, offset)


@router.get("/events", summary="Events with their flags and evidence, oldest first")
def events(store: Store, actor: Actor = None, since: Since = None, until: Until = None, type: Type = None,
           include: Include = None, limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.events(store, actor, since, until, type, include, limit, offset)


@router.get("/actors", summary="Actors, most mentioned first")
def actors(store: Store, type: Annotated[str | None, Query(description="state, person, organization or group")] = None,
           country: Annotated[str | None, Query(description="ISO-3 code", max_length=3)] = None,
           search: Annotated[str | None, Query(description="words of the name, or the id", max_length=200)] = None,
           since: Since = None, until: Until = None, limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.actors(store, type, country, search, since, until, limit, offset)


@router.get("/actors/{actor_id}", summary="One actor: partners, who speaks for it, its quotes (page /actors/ID)")
def actor(store: Store, actor_id: ActorId, limit: Limit = None) -> dict:
    return answers.actor(store, actor_id, limit)


@router.get("/actors/{actor_id}/speakers", summary="Who speaks for an actor, with their roles")
def speakers(store: Store, actor_id: ActorId, limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.speakers(store, actor_id, limit, offset)


@router.get("/quotes", summary="Quotes with their speakers, oldest first (best matches first with search)")
def quotes(store: Store, speaker: Annotated[str | None, Query(description="an actor id or words of the name",
                                                              max_length=200)] = None,
           actor: Actor = None,
           about: Annotated[str | None, Query(description="the quote names this actor", max_length=200)] = None,
           since: Since = None, until: Until = None,
           kind: Annotated[str | None, Query(description="direct, partial or indirect")] = None,
           search: Annotated[str | None, Query(description="full-text query over quotes and speakers",
                                               max_length=500)] = None,
           limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.quotes(store, speaker, actor, about, since, until, kind, search, limit, offset)


@router.get("/documents", summary="Documents, oldest first, with their counts of actors, quotes and events")
def documents(store: Store, actor: Actor = None, since: Since = None, until: Until = None, type: Type = None,
              limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.documents(store, actor, since, until, None, type, limit, offset)


@router.get("/documents/{doc_id}", summary="One document: text, marked spans, removed junk, copies, story")
def document(store: Store, doc_id: Annotated[str, Path(max_length=200)],
             event: Annotated[str | None, Query(description="an event id: its sentence is marked too",
                                                max_length=200)] = None) -> dict:
    return answers.document(store, doc_id, event)


@router.get("/search", summary="Full text over documents and quotes, with filters (page /search)")
def search(store: Store, q: Words, actor: Actor = None, since: Since = None, until: Until = None, type: Type = None,
           limit: Limit = None, offset: Offset = 0) -> dict:
    return answers.search(store, q, actor, since, until, type, limit, offset)
