"""/v1/tasks and /v1/goals: the signed-in person's tasks and goals. Thin over shared.tasks.service: list
(cursor pages, filters, sorts), get, create, partial update (If-Match), delete; a goal's weekly review.

A deadline can be a date or the person's words ("pour mercredi", "by the 3rd"); priority runs from 1 (most
urgent) to 5 (whenever); a goal's progress is the share of done tasks under it, sub-goals included."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from shared.errors import InvalidInput
from shared.tasks import service as tasks
from shared.tasks.models import Task, UserGoal
from shared.users.models import User

router = APIRouter(prefix="/v1", responses=PROBLEMS)

TaskStatus = Literal["todo", "doing", "done", "dropped"]
GoalStatus = Literal["active", "done", "dropped"]
Priority = Annotated[int, Field(ge=1, le=5, description="1 = most urgent … 5 = whenever")]
Minutes = Annotated[int, Field(ge=1, le=1440, description="how long it takes, in minutes")]


# --- tasks ----------------------------------------------------------------------------------------------------
class TaskOut(BaseModel):
    id: uuid.UUID
    title: str
    notes: str | None
    status: TaskStatus
    priority: int = Field(description="1 = most urgent … 5 = whenever")
    due_date: date | None = Field(description="the deadline, a date in the person's time zone")
    estimate_minutes: int | None
    goal_id: uuid.UUID | None
    parent_task_id: uuid.UUID | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, t: Task) -> TaskOut:
        return cls(
            id=t.id,
            title=t.title,
            notes=t.notes,
            status=t.status,  # type: ignore[arg-type]
            priority=t.priority,
            due_date=t.due_date,
            estimate_minutes=t.estimate_minutes,
            goal_id=t.goal_id,
            parent_task_id=t.parent_task_id,
            completed_at=t.completed_at,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


class TaskIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"title": "ranger le garage", "due": "samedi", "priority": 2, "estimate_minutes": 45},
                {"title": "do my taxes", "due_date": "2026-04-15"},
            ]
        },
    )
    title: str = Field(min_length=1, max_length=500)
    notes: str | None = Field(None, max_length=5000)
    priority: Priority = 3
    due_date: date | None = None
    due: str | None = Field(None, max_length=200, description="the deadline in words instead of `due_date`")
    estimate_minutes: Minutes | None = None
    goal_id: uuid.UUID | None = None
    parent_task_id: uuid.UUID | None = None


class TaskPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "done"}, {"due": "lundi prochain"}, {"priority": 1}]},
    )
    title: str | None = Field(None, min_length=1, max_length=500)
    notes: str | None = Field(None, max_length=5000)
    status: TaskStatus | None = None
    priority: Priority | None = None
    due_date: date | None = Field(None, description="null removes the deadline")
    due: str | None = Field(None, max_length=200, description="a new deadline in words")
    estimate_minutes: Minutes | None = None
    goal_id: uuid.UUID | None = Field(None, description="null detaches the task from its goal")


def _due_from_words(user: User, words: str, *, now: datetime) -> date:
    lang: Any = user.language
    said = now.astimezone(ZoneInfo(user.timezone))
    day = tasks.due_of(words, said=said, lang=lang)
    if day is None:
        raise InvalidInput("task.no_date", key="task.bad_due", field="due")
    return day


@router.get("/tasks", response_model=PageOut[TaskOut], tags=["tasks"])
def list_tasks(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[list[TaskStatus], Query(description="default: open tasks (todo, doing)")] = [  # noqa: B006
        "todo",
        "doing",
    ],
    goal_id: Annotated[uuid.UUID | None, Query(description="only the tasks under this goal")] = None,
    due_before: Annotated[date | None, Query(description="only tasks due on or before this date")] = None,
    sort: Annotated[Literal["due", "priority", "created"], Query()] = "due",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
) -> PageOut[TaskOut]:
    found = tasks.page_tasks(
        uow.session,
        user=user,
        statuses=tuple(status),
        goal_id=goal_id,
        due_before=due_before,
        sort=sort,
        descending=order == "desc",
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(items=[TaskOut.of(t) for t in found.items], next_cursor=found.next.encode() if found.next else None)


@router.get("/tasks/{task_id}", response_model=TaskOut, tags=["tasks"])
def get_task(task_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> TaskOut:
    task = tasks.get_task(uow.session, user=user, task_id=task_id)
    with_etag(response, task)
    return TaskOut.of(task)


@router.post("/tasks", response_model=TaskOut, status_code=201, tags=["tasks"])
def create_task(body: TaskIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> TaskOut:
    now = deps.clock.now()
    due = body.due_date
    if due is None and body.due:
        due = _due_from_words(user, body.due, now=now)
    task = tasks.create_task(
        uow.session,
        user=user,
        now=now,
        title=body.title,
        notes=body.notes,
        priority=body.priority,
        due_date=due,
        estimate_minutes=body.estimate_minutes,
        goal_id=body.goal_id,
        parent_task_id=body.parent_task_id,
    )
    uow.session.flush()
    response.headers["Location"] = f"/v1/tasks/{task.id}"
    with_etag(response, task)
    return TaskOut.of(task)


@router.patch("/tasks/{task_id}", response_model=TaskOut, tags=["tasks"])
def update_task(
    task_id: uuid.UUID,
    body: TaskPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> TaskOut:
    now = deps.clock.now()
    current = tasks.get_task(uow.session, user=user, task_id=task_id)
    check_if_match(request, current)
    given = body.model_fields_set
    changes: dict[str, Any] = {}
    for name in ("notes", "estimate_minutes", "goal_id", "due_date"):
        if name in given:
            changes[name] = getattr(body, name)
    if body.due:
        changes["due_date"] = _due_from_words(user, body.due, now=now)
    task = tasks.update_task(
        uow.session,
        user=user,
        now=now,
        task_id=task_id,
        title=body.title,
        priority=body.priority,
        status=body.status,
        **changes,
    )
    uow.session.flush()
    with_etag(response, task)
    return TaskOut.of(task)


@router.delete("/tasks/{task_id}", status_code=204, tags=["tasks"])
def delete_task(task_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    current = tasks.get_task(uow.session, user=user, task_id=task_id)
    check_if_match(request, current)
    tasks.delete_task(uow.session, user=user, now=deps.clock.now(), task_id=task_id)
    uow.session.flush()
    return Response(status_code=204)


# --- goals ----------------------------------------------------------------------------------------------------
class GoalOut(BaseModel):
    id: uuid.UUID
    title: str
    description: str | None
    status: GoalStatus
    parent_id: uuid.UUID | None
    target_date: date | None
    progress: int = Field(description="percent of the tasks under it (sub-goals included) that are done")
    last_reviewed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, g: UserGoal) -> GoalOut:
        return cls(
            id=g.id,
            title=g.title,
            description=g.description,
            status=g.status,  # type: ignore[arg-type]
            parent_id=g.parent_id,
            target_date=g.target_date,
            progress=g.progress,
            last_reviewed_at=g.last_reviewed_at,
            created_at=g.created_at,
            updated_at=g.updated_at,
        )


class GoalIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"title": "courir un semi-marathon", "target_date": "2026-10-18"}]},
    )
    title: str = Field(min_length=1, max_length=500)
    description: str | None = Field(None, max_length=5000)
    parent_id: uuid.UUID | None = None
    target_date: date | None = None


class GoalPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "done"}, {"parent_id": None}]})
    title: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=5000)
    status: GoalStatus | None = None
    parent_id: uuid.UUID | None = Field(None, description="null makes it a top-level goal")
    target_date: date | None = None


@router.get("/goals", response_model=PageOut[GoalOut], tags=["goals"])
def list_goals(
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[list[GoalStatus], Query()] = ["active"],  # noqa: B006 - FastAPI copies defaults
    parent_id: Annotated[uuid.UUID | None, Query(description="only the sub-goals of this goal")] = None,
    top_level: Annotated[bool, Query(description="only goals without a parent")] = False,
    needs_review: Annotated[bool, Query(description="only goals not reviewed for 7 days")] = False,
) -> PageOut[GoalOut]:
    found = tasks.page_goals(
        uow.session,
        user=user,
        now=deps.clock.now(),
        statuses=tuple(status),
        parent_id=parent_id,
        top_level=top_level,
        needs_review=needs_review,
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(items=[GoalOut.of(g) for g in found.items], next_cursor=found.next.encode() if found.next else None)


@router.get("/goals/{goal_id}", response_model=GoalOut, tags=["goals"])
def get_goal(goal_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response) -> GoalOut:
    goal = tasks.get_goal(uow.session, user=user, goal_id=goal_id)
    with_etag(response, goal)
    return GoalOut.of(goal)


@router.post("/goals", response_model=GoalOut, status_code=201, tags=["goals"])
def create_goal(body: GoalIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> GoalOut:
    goal = tasks.create_goal(
        uow.session,
        user=user,
        now=deps.clock.now(),
        title=body.title,
        description=body.description,
        parent_id=body.parent_id,
        target_date=body.target_date,
    )
    uow.session.flush()
    response.headers["Location"] = f"/v1/goals/{goal.id}"
    with_etag(response, goal)
    return GoalOut.of(goal)


@router.patch("/goals/{goal_id}", response_model=GoalOut, tags=["goals"])
def update_goal(
    goal_id: uuid.UUID,
    body: GoalPatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> GoalOut:
    current = tasks.get_goal(uow.session, user=user, goal_id=goal_id)
    check_if_match(request, current)
    changes = {n: getattr(body, n) for n in ("description", "target_date", "parent_id") if n in body.model_fields_set}
    goal = tasks.update_goal(
        uow.session, user=user, now=deps.clock.now(), goal_id=goal_id, title=body.title, status=body.status, **changes
    )
    uow.session.flush()
    uow.session.refresh(goal)
    with_etag(response, goal)
    return GoalOut.of(goal)


@router.delete("/goals/{goal_id}", status_code=204, tags=["goals"])
def delete_goal(goal_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    current = tasks.get_goal(uow.session, user=user, goal_id=goal_id)
    check_if_match(request, current)
    tasks.delete_goal(uow.session, user=user, now=deps.clock.now(), goal_id=goal_id)
    uow.session.flush()
    return Response(status_code=204)


@router.post("/goals/{goal_id}/review", response_model=GoalOut, tags=["goals"])
def review_goal(goal_id: uuid.UUID, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> GoalOut:
    """Mark the goal reviewed now (the weekly review)."""
    goal = tasks.review_goal(uow.session, user=user, now=deps.clock.now(), goal_id=goal_id)
    uow.session.flush()
    with_etag(response, goal)
    return GoalOut.of(goal)
