"""/v1/events: the signed-in person's calendar. Thin over shared.calendar.service: list (cursor pages by start,
filters from/to/q/place_id), get, create (ISO 8601 instants or the person's words), partial update (If-Match),
delete. Without an end an event lasts one hour; an all-day event covers whole local days; a new event's
overlaps with timed events come back as `conflicts` (pointed out, never refused)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.calendar import service as calendar
from shared.calendar.models import Event
from shared.errors import InvalidInput
from shared.users.models import User

router = APIRouter(prefix="/v1/events", tags=["events"], responses=PROBLEMS)


class EventOut(BaseModel):
    id: uuid.UUID
    title: str
    starts_at: datetime = Field(description="UTC")
    ends_at: datetime = Field(description="UTC; exclusive (an all-day event ends at the next local midnight)")
    starts_local: datetime = Field(description="the start in the person's time zone")
    ends_local: datetime
    all_day: bool
    place: str | None = Field(description="the place as said")
    place_id: uuid.UUID | None = Field(description="the known place it is linked to (/v1/places)")
    description: str | None
    source: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, e: Event, zone: ZoneInfo) -> EventOut:
        return cls(
            id=e.id,
            title=e.title,
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            starts_local=e.starts_at.astimezone(zone),
            ends_local=e.ends_at.astimezone(zone),
            all_day=e.all_day,
            place=e.location,
            place_id=e.location_id,
            description=e.description,
            source=e.source,
            created_at=e.created_at,
            updated_at=e.updated_at,
        )


class EventWritten(EventOut):
    conflicts: list[EventOut] = Field(default_factory=list, description="timed events it overlaps, by start")


class EventIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"title": "rdv dentiste", "when": "jeudi 15h", "place": "cabinet du Dr Martin"},
                {"title": "team meeting", "starts_at": "2026-03-12T14:00:00Z", "ends_at": "2026-03-12T15:00:00Z"},
                {"title": "dîner chez maman", "when": "samedi"},
            ]
        },
    )
    title: str = Field(min_length=1, max_length=500)
    starts_at: datetime | None = Field(None, description="an exact instant (with a time zone)")
    ends_at: datetime | None = Field(None, description="an exact instant; default: one hour after the start")
    when: str | None = Field(
        None, max_length=300, description="words instead of starts_at: 'jeudi 15h', 'demain de 10h à 11h30'"
    )
    end: str | None = Field(None, max_length=300, description="words for the end: '16h', 'pendant 2h'")
    all_day: bool | None = Field(None, description="whole local days (default: when the words give no time)")
    place: str | None = Field(None, max_length=500)
    place_id: uuid.UUID | None = Field(None, description="one of your places")
    description: str | None = Field(None, max_length=5000)


class EventPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"when": "vendredi 10h"}, {"title": "rdv dentiste (contrôle)"}]},
    )
    title: str | None = Field(None, min_length=1, max_length=500)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    when: str | None = Field(None, max_length=300)
    end: str | None = Field(None, max_length=300)
    all_day: bool | None = None
    place: str | None = Field(None, max_length=500, description="empty string to clear")
    place_id: uuid.UUID | None = None
    description: str | None = Field(None, max_length=5000)


def _zone(user: User) -> ZoneInfo:
    return ZoneInfo(user.timezone)


def _times(
    user: User,
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    when: str | None,
    end: str | None,
    now: datetime,
) -> tuple[datetime | None, datetime | None, bool | None]:
    """(start, end, all day as the words say) from instants or words; InvalidInput when words hold no time."""
    for value, name in ((starts_at, "starts_at"), (ends_at, "ends_at")):
        if value is not None and value.tzinfo is None:
            raise InvalidInput("event.naive_time", key="event.naive_time", field=name)
    lang: Literal["fr", "en"] = "fr" if user.language == "fr" else "en"
    if when is None or starts_at is not None:
        if end is not None and ends_at is None and starts_at is not None:
            span = calendar.read_span(
                starts_at.astimezone(_zone(user)).strftime("%Y-%m-%d %H:%M"),
                end,
                said=now.astimezone(_zone(user)),
                lang=lang,
            )
            return starts_at, span.end if span else None, None
        return starts_at, ends_at, None
    span = calendar.read_span(when, end, said=now.astimezone(_zone(user)), lang=lang)
    if span is None:
        raise InvalidInput("event.no_time", key="event.no_time", field="when")
    if span.recurring:
        raise InvalidInput("event.recurring", key="event.recurring", field="when")
    return span.start, ends_at or span.end, span.all_day


@router.get("", response_model=PageOut[EventOut])
def list_events(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    from_: Annotated[
        datetime | None, Query(alias="from", description="events that end after this instant (ISO 8601)")
    ] = None,
    to: Annotated[datetime | None, Query(description="events that start before this instant (ISO 8601)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the title or place")] = None,
    place_id: Annotated[uuid.UUID | None, Query(description="events at this place")] = None,
    order: Annotated[Literal["start", "-start"], Query(description="by start, soonest or latest first")] = "start",
) -> PageOut[EventOut]:
    for value, name in ((from_, "from"), (to, "to")):
        if value is not None and value.tzinfo is None:
            raise InvalidInput("event.naive_time", key="event.naive_time", field=name)
    found = calendar.page(
        uow.session,
        user=user,
        start=from_,
        end=to,
        words=q,
        location_id=place_id,
        cursor=page.decoded(),
        limit=page.limit,
        descending=order == "-start",
    )
    zone = _zone(user)
    return PageOut(
        items=[EventOut.of(e, zone) for e in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/{event_id}", response_model=EventOut)
def get_event(event_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> EventOut:
    event = calendar.get(uow.session, user=user, event_id=event_id)
    with_etag(response, event)
    return EventOut.of(event, _zone(user))


def _written(added: calendar.Added, zone: ZoneInfo) -> EventWritten:
    out = EventOut.of(added.event, zone).model_dump()
    return EventWritten(**out, conflicts=[EventOut.of(c, zone) for c in added.conflicts])


@router.post("", response_model=EventWritten, status_code=201)
def create_event(body: EventIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> EventWritten:
    now = deps.clock.now()
    start, end, whole_day = _times(
        user, starts_at=body.starts_at, ends_at=body.ends_at, when=body.when, end=body.end, now=now
    )
    if start is None:
        raise InvalidInput("event.no_time", key="event.no_time", field="starts_at")
    added = calendar.create(
        uow.session,
        user=user,
        now=now,
        title=body.title,
        starts_at=start,
        ends_at=end,
        all_day=body.all_day if body.all_day is not None else bool(whole_day),
        place=body.place,
        location_id=body.place_id,
        description=body.description,
    )
    uow.session.flush()
    response.headers["Location"] = f"/v1/events/{added.event.id}"
    with_etag(response, added.event)
    return _written(added, _zone(user))


@router.patch("/{event_id}", response_model=EventWritten)
def update_event(
    event_id: uuid.UUID,
    body: EventPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> EventWritten:
    now = deps.clock.now()
    current = calendar.get(uow.session, user=user, event_id=event_id, lock=True)
    check_if_match(request, current)
    start, end, whole_day = _times(
        user, starts_at=body.starts_at, ends_at=body.ends_at, when=body.when, end=body.end, now=now
    )
    changes: dict[str, object] = {}
    fields = body.model_fields_set
    if "place" in fields:
        changes["place"] = body.place or None
    if "place_id" in fields:
        changes["location_id"] = body.place_id
    if "description" in fields:
        changes["description"] = body.description
    all_day = body.all_day if body.all_day is not None else (whole_day if body.when is not None else None)
    added = calendar.update(
        uow.session,
        user=user,
        now=now,
        event_id=event_id,
        title=body.title,
        starts_at=start,
        ends_at=end,
        all_day=all_day,
        **changes,
    )
    uow.session.flush()
    with_etag(response, added.event)
    return _written(added, _zone(user))


@router.delete("/{event_id}", status_code=204)
def delete_event(event_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    current = calendar.get(uow.session, user=user, event_id=event_id, lock=True)
    check_if_match(request, current)
    calendar.delete(uow.session, user=user, event_id=event_id)
    uow.session.flush()
    return Response(status_code=204)
