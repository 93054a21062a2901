"""/v1/plan: the plan of one day, thin over shared.planner.service: what it is made of (events, tasks due,
reminders, all from the store) and the SMS text Boussole would send."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS
from shared.planner import service as planner

router = APIRouter(prefix="/v1/plan", tags=["plan"], responses=PROBLEMS)


class PlanEvent(BaseModel):
    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    location: str | None


class PlanTask(BaseModel):
    id: uuid.UUID
    title: str
    due_date: date | None
    priority: int
    overdue: bool = Field(description="due before the planned day")


class PlanReminder(BaseModel):
    id: uuid.UUID
    text: str
    due_at: datetime


class PlanOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "day": "2026-03-10",
                    "timezone": "Europe/Paris",
                    "events": [],
                    "tasks": [],
                    "reminders": [],
                    "text": "Rien de prévu aujourd'hui : ni rendez-vous, ni tâche, ni rappel.",
                }
            ]
        }
    )
    day: date
    timezone: str
    events: list[PlanEvent] = Field(description="overlapping the day, by start (on today, those not over yet)")
    tasks: list[PlanTask] = Field(description="open tasks due on or before the day")
    reminders: list[PlanReminder] = Field(description="pending reminders due that day")
    text: str = Field(description="the plan as an SMS, in the person's language")


@router.get("", response_model=PlanOut)
def get_plan(
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    day: Annotated[date | None, Query(description="YYYY-MM-DD in your time zone; default today")] = None,
) -> PlanOut:
    now = deps.clock.now()
    wanted = day or planner.local_day(user, now)
    plan = planner.build(uow.session, user=user, now=now, day=wanted)
    return PlanOut(
        day=plan.day,
        timezone=plan.timezone,
        events=[
            PlanEvent(
                id=e.id, title=e.title, starts_at=e.starts_at, ends_at=e.ends_at, all_day=e.all_day, location=e.location
            )
            for e in plan.events
        ],
        tasks=[
            PlanTask(
                id=x.id,
                title=x.title,
                due_date=x.due_date,
                priority=x.priority,
                overdue=x.due_date is not None and x.due_date < plan.day,
            )
            for x in plan.tasks
        ],
        reminders=[PlanReminder(id=r.id, text=r.text, due_at=r.due_at) for r in plan.reminders],
        text=plan.text,
    )
