"""/v1/notes: the signed-in person's notes. Thin over shared.notes.service: list (cursor pages; filters tag,
parent, words; sorts updated, created, title), get, create, partial update (If-Match), delete. Deleting a note
moves the notes under it up to its parent. /v1/notes/search finds notes by words and by meaning (their passages,
searched like memories: shared.memory.service.search_notes)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

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
from shared.notes import service as notes
from shared.notes.models import Note
from shared.notes.repository import Sort

router = APIRouter(prefix="/v1/notes", tags=["notes"], responses=PROBLEMS)

Tag = Annotated[str, Field(min_length=1, max_length=notes.MAX_TAG)]


class NoteOut(BaseModel):
    id: uuid.UUID
    title: str
    content: str
    tags: list[str] = Field(description="folded: lowercase, no accents, words joined by '-'")
    parent_id: uuid.UUID | None = Field(description="the note this one sits under; null at the root")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, n: Note) -> NoteOut:
        return cls(
            id=n.id,
            title=n.title,
            content=n.body,
            tags=list(n.tags),
            parent_id=n.parent_id,
            created_at=n.created_at,
            updated_at=n.updated_at,
        )


class NoteIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"content": "Le code du portail est 4521 #maison"},
                {"title": "Wifi chez mamie", "content": "Livebox-8F2A", "tags": ["famille"]},
            ]
        },
    )
    content: str = Field("", max_length=notes.MAX_CONTENT, description="hashtags and a final 'tags: a, b' become tags")
    title: str | None = Field(None, max_length=notes.MAX_TITLE, description="omitted: the content's first words")
    tags: list[Tag] = Field(default_factory=list, max_length=notes.MAX_TAGS)
    parent_id: uuid.UUID | None = Field(None, description="put it under one of your notes")


class NotePatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"content": "Le code est maintenant 7788"}, {"parent_id": None}]},
    )
    title: str | None = Field(None, min_length=1, max_length=notes.MAX_TITLE)
    content: str | None = Field(None, max_length=notes.MAX_CONTENT)
    tags: list[Tag] | None = Field(None, max_length=notes.MAX_TAGS)
    parent_id: uuid.UUID | None = Field(None, description="another of your notes; null to move it to the root")


@router.get("", response_model=PageOut[NoteOut])
def list_notes(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    tag: Annotated[str | None, Query(max_length=notes.MAX_TAG, description="only notes with this tag")] = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="only the notes under this one")] = None,
    root: Annotated[bool, Query(description="only the notes at the root of the tree")] = False,
    q: Annotated[str | None, Query(max_length=300, description="words the notes must all hold")] = None,
    sort: Annotated[Sort, Query(description="a leading '-' sorts descending")] = "-updated",
) -> PageOut[NoteOut]:
    found = notes.page(
        uow.session,
        user=user,
        tag=tag,
        parent_id=parent_id,
        roots_only=root,
        query=q,
        sort=sort,
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(items=[NoteOut.of(n) for n in found.items], next_cursor=found.next.encode() if found.next else None)


class NoteHitOut(BaseModel):
    note_id: uuid.UUID
    title: str
    passage: str = Field(description="the part of the note that matched best")
    score: float = Field(description="higher is better (comparable within one answer)")
    why: str = Field(description="words, meaning, words+meaning, or 'no vector yet'")


@router.get("/search", response_model=list[NoteHitOut])
def search_notes(
    user: CurrentUser, uow: UowDep, deps: DepsDep, search: Annotated[SearchParams, Depends(search_params)]
) -> list[NoteHitOut]:
    hits = memory.search_notes(uow.session, user=user, now=deps.clock.now(), embedder=deps.embedder, **search.asked())
    return [NoteHitOut(note_id=h.note_id, title=h.title, passage=h.passage, score=h.score, why=h.why) for h in hits]


@router.get("/{note_id}", response_model=NoteOut)
def get_note(note_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> NoteOut:
    note = notes.get(uow.session, user=user, note_id=note_id)
    with_etag(response, note)
    return NoteOut.of(note)


@router.post("", response_model=NoteOut, status_code=201)
def create_note(body: NoteIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> NoteOut:
    note = notes.create(
        uow.session,
        user=user,
        now=deps.clock.now(),
        content=body.content,
        title=body.title,
        tags=list(body.tags),
        parent_id=body.parent_id,
    )
    response.headers["Location"] = f"/v1/notes/{note.id}"
    with_etag(response, note)
    return NoteOut.of(note)


@router.patch("/{note_id}", response_model=NoteOut)
def update_note(
    note_id: uuid.UUID,
    body: NotePatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> NoteOut:
    current = notes.get(uow.session, user=user, note_id=note_id)
    check_if_match(request, current)
    note = notes.update(
        uow.session,
        user=user,
        now=deps.clock.now(),
        note_id=note_id,
        title=body.title,
        content=body.content,
        tags=list(body.tags) if body.tags is not None else None,
        parent_id=body.parent_id if "parent_id" in body.model_fields_set else notes.KEEP,
    )
    with_etag(response, note)
    return NoteOut.of(note)


@router.delete("/{note_id}", status_code=204)
def delete_note(note_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    current = notes.get(uow.session, user=user, note_id=note_id)
    check_if_match(request, current)
    notes.delete(uow.session, user=user, now=deps.clock.now(), note_id=note_id)
    return Response(status_code=204)
