"""/v1/reminders: the signed-in person's reminders. Thin over shared.reminders.service: list (cursor pages),
get, create, partial update (If-Match), cancel. Times can be the person's words ("demain à 9h") or an
ISO 8601 instant."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.agent.when import resolve
from shared.errors import InvalidInput
from shared.reminders import service as reminders
from shared.reminders.models import Reminder

router = APIRouter(prefix="/v1/reminders", tags=["reminders"], responses=PROBLEMS)

Status = Literal["pending", "fired", "sent", "acknowledged", "cancelled", "failed", "suppressed"]


class ReminderOut(BaseModel):
    id: uuid.UUID
    text: str
    due_at: datetime = Field(description="the next time it rings, UTC")
    due_local: datetime = Field(description="the same instant in the reminder's time zone")
    timezone: str
    status: Status
    language: str | None
    recurrence: str | None = Field(description="RFC 5545: floating local DTSTART + RRULE, in `timezone`")

    @classmethod
    def of(cls, r: Reminder) -> ReminderOut:
        return cls(
            id=r.id,
            text=r.text,
            due_at=r.due_at,
            due_local=r.due_at.astimezone(ZoneInfo(r.timezone)),
            timezone=r.timezone,
            status=r.status,  # type: ignore[arg-type]
            language=r.language,
            recurrence=r.rrule,
        )


class ReminderIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "appeler la banque", "when": "demain à 9h"}]},
    )
    text: str = Field("", max_length=1600)
    when: str | None = Field(None, max_length=300, description="words such as 'demain à 9h' or 'every monday at 8'")
    due_at: datetime | None = Field(None, description="an exact instant instead of `when` (with a time zone)")


class ReminderPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"when": "jeudi 17h"}, {"status": "cancelled"}]}
    )
    text: str | None = Field(None, max_length=1600)
    when: str | None = Field(None, max_length=300)
    due_at: datetime | None = None
    rrule: str | None = Field(None, max_length=500, description="RFC 5545 DTSTART + RRULE; empty to stop repeating")
    status: Literal["cancelled", "acknowledged"] | None = None


def _due(
    user: object, when: str | None, due_at: datetime | None, *, now: datetime
) -> tuple[datetime | None, str | None]:
    """(due instant, rule) from words or an instant; InvalidInput when the words hold no time."""
    if due_at is not None:
        if due_at.tzinfo is None:
            raise InvalidInput("reminder.naive_time", key="reminder.naive_time", field="due_at")
        return due_at, None
    if when is None:
        return None, None
    zone = ZoneInfo(user.timezone)  # type: ignore[attr-defined]
    lang = user.language  # type: ignore[attr-defined]
    found = resolve(when, said=now.astimezone(zone), lang=lang)
    if found is None:
        raise InvalidInput("reminder.no_time", key="reminder.ask_new_time", field="when")
    return found.at.astimezone(ZoneInfo("UTC")), found.rule


@router.get("", response_model=PageOut[ReminderOut])
def list_reminders(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[list[Status], Query()] = ["pending"],  # noqa: B006 - FastAPI copies defaults
) -> PageOut[ReminderOut]:
    found = reminders.page(uow.session, user=user, statuses=tuple(status), cursor=page.decoded(), limit=page.limit)
    return PageOut(
        items=[ReminderOut.of(r) for r in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/{reminder_id}", response_model=ReminderOut)
def get_reminder(reminder_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> ReminderOut:
    reminder = reminders.get(uow.session, user=user, reminder_id=reminder_id)
    with_etag(response, reminder)
    return ReminderOut.of(reminder)


@router.post("", response_model=ReminderOut, status_code=201)
def create_reminder(body: ReminderIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> ReminderOut:
    now = deps.clock.now()
    due_at, rule = _due(user, body.when, body.due_at, now=now)
    if due_at is None:
        raise InvalidInput("reminder.no_time", key="reminder.ask_new_time", field="when")
    reminder = reminders.create(uow.session, user=user, now=now, text=body.text, due_at=due_at, rrule=rule)
    uow.session.flush()
    response.headers["Location"] = f"/v1/reminders/{reminder.id}"
    with_etag(response, reminder)
    return ReminderOut.of(reminder)


@router.patch("/{reminder_id}", response_model=ReminderOut)
def update_reminder(
    reminder_id: uuid.UUID,
    body: ReminderPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> ReminderOut:
    now = deps.clock.now()
    current = reminders.get(uow.session, user=user, reminder_id=reminder_id)
    check_if_match(request, current)
    if body.status == "cancelled":
        reminder = reminders.cancel(uow.session, user=user, now=now, reminder_id=reminder_id)
    elif body.status == "acknowledged":
        reminder = reminders.acknowledge(uow.session, user=user, now=now, reminder_id=reminder_id)
    else:
        due_at, rule = _due(user, body.when, body.due_at, now=now)
        reminder = reminders.update(
            uow.session,
            user=user,
            now=now,
            reminder_id=reminder_id,
            text=body.text,
            due_at=due_at,
            rrule=body.rrule if body.rrule is not None else rule,
        )
    uow.session.flush()
    with_etag(response, reminder)
    return ReminderOut.of(reminder)


@router.delete("/{reminder_id}", status_code=204)
def cancel_reminder(
    reminder_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep
) -> Response:
    current = reminders.get(uow.session, user=user, reminder_id=reminder_id)
    check_if_match(request, current)
    reminders.cancel(uow.session, user=user, now=deps.clock.now(), reminder_id=reminder_id)
    return Response(status_code=204)
