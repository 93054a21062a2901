"""/v1/places: the signed-in person's places. Thin over shared.places.service: list (cursor pages by name,
filters kind/q), get, create, partial update (If-Match), delete. Each place shows its last visit (the start of
the last event there that has started) and its next one (the next event there), from /v1/events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.places import service as places
from shared.places.models import Kind, Location

router = APIRouter(prefix="/v1/places", tags=["places"], responses=PROBLEMS)


class PlaceOut(BaseModel):
    id: uuid.UUID
    name: str
    address: str | None
    kind: Kind
    last_visit: datetime | None = Field(description="start of the last event here that has started (UTC)")
    next_visit: datetime | None = Field(description="start of the next event here (UTC)")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Location, visits: tuple[datetime | None, datetime | None]) -> PlaceOut:
        return cls(
            id=p.id,
            name=p.name,
            address=p.address,
            kind=p.kind,  # type: ignore[arg-type]
            last_visit=visits[0],
            next_visit=visits[1],
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


class PlaceIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Cabinet du Dr Martin", "address": "12 rue de la Paix, Lyon", "kind": "doctor"},
                {"name": "gym", "address": "5th Avenue"},
            ]
        },
    )
    name: str = Field(min_length=1, max_length=120)
    address: str | None = Field(None, max_length=500)
    kind: Kind | None = Field(None, description="guessed from the name when missing")


class PlacePatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"address": "14 rue de la Paix"}]})
    name: str | None = Field(None, min_length=1, max_length=120)
    address: str | None = Field(None, max_length=500, description="null to clear")
    kind: Kind | None = None


def _one(uow: UowDep, user: CurrentUser, now: datetime, place: Location) -> PlaceOut:
    visits = places.visits(uow.session, user=user, now=now, places=[place])
    return PlaceOut.of(place, visits[place.id])


@router.get("", response_model=PageOut[PlaceOut])
def list_places(
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    page: Annotated[PageParams, Depends(page_params)],
    kind: Annotated[Kind | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the name")] = None,
) -> PageOut[PlaceOut]:
    found = places.page(uow.session, user=user, kind=kind, words=q, cursor=page.decoded(), limit=page.limit)
    visits = places.visits(uow.session, user=user, now=deps.clock.now(), places=found.items)
    return PageOut(
        items=[PlaceOut.of(p, visits[p.id]) for p in found.items],
        next_cursor=found.next.encode() if found.next else None,
    )


@router.get("/{place_id}", response_model=PlaceOut)
def get_place(place_id: uuid.UUID, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> PlaceOut:
    place = places.get(uow.session, user=user, place_id=place_id)
    with_etag(response, place)
    return _one(uow, user, deps.clock.now(), place)


@router.post("", response_model=PlaceOut, status_code=201)
def create_place(body: PlaceIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> PlaceOut:
    now = deps.clock.now()
    place = places.create(uow.session, user=user, now=now, name=body.name, address=body.address, kind=body.kind)
    out = _one(uow, user, now, place)
    uow.session.flush()
    response.headers["Location"] = f"/v1/places/{place.id}"
    with_etag(response, place)
    return out


@router.patch("/{place_id}", response_model=PlaceOut)
def update_place(
    place_id: uuid.UUID,
    body: PlacePatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> PlaceOut:
    now = deps.clock.now()
    current = places.get(uow.session, user=user, place_id=place_id, lock=True)
    check_if_match(request, current)
    place = places.update(
        uow.session,
        user=user,
        now=now,
        place_id=place_id,
        name=body.name,
        address=body.address,
        kind=body.kind,
        clear_address="address" in body.model_fields_set and body.address is None,
    )
    out = _one(uow, user, now, place)
    uow.session.flush()
    with_etag(response, place)
    return out


@router.delete("/{place_id}", status_code=204)
def delete_place(place_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    current = places.get(uow.session, user=user, place_id=place_id, lock=True)
    check_if_match(request, current)
    places.delete(uow.session, user=user, place_id=place_id)
    uow.session.flush()
    return Response(status_code=204)
