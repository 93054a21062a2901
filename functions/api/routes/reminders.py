"""GET /v1/reminders: the signed-in person's upcoming reminders."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel

from functions.api.deps import CurrentUser, UowDep
from shared.reminders import service as reminders

router = APIRouter()

Status = Literal["pending", "fired", "sent", "acknowledged", "cancelled", "failed"]


class ReminderOut(BaseModel):
    id: uuid.UUID
    text: str
    due_at: datetime  # UTC
    due_local: datetime  # in the person's time zone
    timezone: str
    status: str
    recurrence: str | None  # RFC 5545: floating local DTSTART + RRULE, in `timezone`


class ReminderList(BaseModel):
    items: list[ReminderOut]


@router.get("/v1/reminders", response_model=ReminderList, tags=["reminders"])
def list_reminders(
    user: CurrentUser,
    uow: UowDep,
    status: list[Status] = Query(default=["pending"]),
    limit: int = Query(default=50, ge=1, le=200),
) -> ReminderList:
    rows = reminders.in_statuses(uow.session, user=user, statuses=tuple(status), limit=limit)
    return ReminderList(
        items=[
            ReminderOut(
                id=r.id,
                text=r.text,
                due_at=r.due_at,
                due_local=r.due_at.astimezone(ZoneInfo(r.timezone)),
                timezone=r.timezone,
                status=r.status,
                recurrence=r.rrule,
            )
            for r in rows
        ]
    )
