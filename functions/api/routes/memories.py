"""/v1/memories: what Boussole remembers about the signed-in person. Thin over shared.memory.service: list
(cursor pages, newest first; filters q, category, tag, archived), hybrid search (`/search?q=`, memories and
note chunks), get, create (the same fact again merges: 200; a fact about the same thing replaces the old one,
which is archived and linked: 201), partial update (If-Match; new content is embedded again) and delete
(forgets for real, with the older versions it replaced)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import (
    PROBLEMS,
    PageOut,
    PageParams,
    SearchParams,
    check_if_match,
    page_params,
    search_params,
    with_etag,
)
from shared.memory import service as memory
from shared.memory.models import LtmMemory

router = APIRouter(prefix="/v1/memories", tags=["memories"], responses=PROBLEMS)

Tag = Annotated[str, Field(min_length=1, max_length=memory.MAX_TAG)]
Importance = Annotated[int, Field(ge=1, le=10, description="1 (trivia) to 10 (never forget)")]


class MemoryOut(BaseModel):
    id: uuid.UUID
    content: str
    kind: str = Field(description="fact, preference, person, place, code, event…")
    category: str | None
    tags: list[str] = Field(description="folded: lowercase, no accents, words joined by '-'")
    importance: int = Field(description="as given, 1-10")
    dynamic_importance: float = Field(description="rises with use, decays with time (half-life 60 days)")
    confidence: float
    access_count: int
    last_accessed_at: datetime | None
    language: str | None = Field(description="fr, en or null: the full-text configuration it is searched in")
    source_message_id: uuid.UUID | None
    source_note_id: uuid.UUID | None
    related_ids: list[uuid.UUID] = Field(description="the memories it replaced, or the one that replaced it")
    embedding_model: str | None = Field(description="the model of its vector; null until one is computed")
    archived_at: datetime | None
    archive_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, m: LtmMemory) -> MemoryOut:
        return cls(
            id=m.id,
            content=m.content,
            kind=m.memory_type,
            category=m.category,
            tags=list(m.tags),
            importance=m.importance,
            dynamic_importance=float(m.dynamic_importance),
            confidence=float(m.confidence),
            access_count=m.access_count,
            last_accessed_at=m.last_accessed_at,
            language=m.language,
            source_message_id=m.source_message_id,
            source_note_id=m.source_note_id,
            related_ids=list(m.related_ids),
            embedding_model=m.embedding_model,
            archived_at=m.archived_at,
            archive_reason=m.archive_reason,
            created_at=m.created_at,
            updated_at=m.updated_at,
        )


class RememberedOut(MemoryOut):
    action: Literal["created", "merged", "replaced"]
    replaced_id: uuid.UUID | None = Field(description="the memory this one archived, when it replaced one")


class HitOut(BaseModel):
    source: Literal["memory", "note"]
    id: uuid.UUID = Field(description="the memory's id, or the note chunk's")
    content: str
    score: float = Field(description="fused rank score, higher is better (comparable within one answer)")
    why: str = Field(description="words, meaning, words+meaning, or 'no vector yet'")
    note_id: uuid.UUID | None = Field(description="the note it comes from (chunks, and memories taken from a note)")
    note_title: str | None
    memory: MemoryOut | None


class MemoryIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"content": "Le digicode de Léa est 12B45", "tags": ["codes"], "importance": 7},
                {"content": "Sam hates cilantro", "category": "food", "kind": "preference"},
            ]
        },
    )
    content: str = Field(min_length=1, max_length=memory.MAX_CONTENT)
    kind: str = Field("fact", min_length=1, max_length=memory.MAX_KIND)
    category: str | None = Field(None, max_length=memory.MAX_CATEGORY)
    tags: list[Tag] = Field(default_factory=list, max_length=memory.MAX_TAGS)
    importance: Importance = 5
    language: Literal["fr", "en"] | None = Field(None, description="omitted: read from the words")


class MemoryPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"content": "Le digicode de Léa est 7788"}, {"importance": 9}]},
    )
    content: str | None = Field(None, min_length=1, max_length=memory.MAX_CONTENT)
    category: str | None = Field(None, max_length=memory.MAX_CATEGORY, description="null removes it")
    tags: list[Tag] | None = Field(None, max_length=memory.MAX_TAGS)
    importance: Importance | None = None


@router.get("", response_model=PageOut[MemoryOut])
def list_memories(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    q: Annotated[str | None, Query(max_length=300, description="words the memories must all hold")] = None,
    category: Annotated[str | None, Query(max_length=memory.MAX_CATEGORY)] = None,
    tag: Annotated[str | None, Query(max_length=memory.MAX_TAG)] = None,
    archived: Annotated[
        Literal["false", "true", "all"], Query(description="live ones (false), archived ones (true) or all")
    ] = "false",
) -> PageOut[MemoryOut]:
    found = memory.page(
        uow.session,
        user=user,
        query=q,
        category=category,
        tag=tag,
        archived={"false": False, "true": True, "all": None}[archived],
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(
        items=[MemoryOut.of(m) for m in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/search", response_model=list[HitOut])
def search_memories(
    user: CurrentUser, uow: UowDep, deps: DepsDep, search: Annotated[SearchParams, Depends(search_params)]
) -> list[HitOut]:
    hits = memory.search(uow.session, user=user, now=deps.clock.now(), embedder=deps.embedder, **search.asked())
    return [
        HitOut(
            source=h.source,
            id=h.id,
            content=h.content,
            score=h.score,
            why=h.why,
            note_id=h.note_id,
            note_title=h.note_title,
            memory=MemoryOut.of(h.memory) if h.memory is not None else None,
        )
        for h in hits
    ]


@router.get("/{memory_id}", response_model=MemoryOut)
def get_memory(memory_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> MemoryOut:
    found = memory.get(uow.session, user=user, memory_id=memory_id)
    with_etag(response, found)
    return MemoryOut.of(found)


@router.post(
    "",
    response_model=RememberedOut,
    status_code=201,
    responses={200: {"model": RememberedOut, "description": "the same fact was already there: merged into it"}},
)
def create_memory(body: MemoryIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> RememberedOut:
    done = memory.remember(
        uow.session,
        user=user,
        now=deps.clock.now(),
        content=body.content,
        embedder=deps.embedder,
        kind=body.kind,
        category=body.category,
        tags=list(body.tags),
        importance=body.importance,
        language=body.language,
    )
    if done.action == "merged":
        response.status_code = 200
    response.headers["Location"] = f"/v1/memories/{done.memory.id}"
    with_etag(response, done.memory)
    out = MemoryOut.of(done.memory).model_dump()
    return RememberedOut(**out, action=done.action, replaced_id=done.replaced.id if done.replaced else None)


@router.patch("/{memory_id}", response_model=MemoryOut)
def update_memory(
    memory_id: uuid.UUID,
    body: MemoryPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> MemoryOut:
    current = memory.get(uow.session, user=user, memory_id=memory_id)
    check_if_match(request, current)
    updated = memory.update(
        uow.session,
        user=user,
        now=deps.clock.now(),
        memory_id=memory_id,
        embedder=deps.embedder,
        content=body.content,
        tags=list(body.tags) if body.tags is not None else None,
        importance=body.importance,
        category=body.category if "category" in body.model_fields_set else memory.KEEP,
    )
    with_etag(response, updated)
    return MemoryOut.of(updated)


@router.delete("/{memory_id}", status_code=204)
def delete_memory(memory_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    current = memory.get(uow.session, user=user, memory_id=memory_id)
    check_if_match(request, current)
    memory.forget(uow.session, user=user, now=deps.clock.now(), memory_id=memory_id)
    return Response(status_code=204)
