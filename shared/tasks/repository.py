"""Tasks and goals: every query about them. Every function takes the person's id: nothing runs unscoped."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, literal, nulls_last, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.tasks.models import Task, UserGoal

OPEN = ("todo", "doing")


# --- tasks ----------------------------------------------------------------------------------------------------
def add_task(session: Session, *, user_id: uuid.UUID, now: datetime, **values: Any) -> uuid.UUID | None:
    """Insert a task; None when this message already added one with this title (a replayed turn)."""
    return session.execute(
        insert(Task)
        .values(user_id=user_id, created_at=now, updated_at=now, **values)
        .on_conflict_do_nothing(index_elements=[Task.source_message_id, func.md5(Task.title)])
        .returning(Task.id)
    ).scalar_one_or_none()


def task_by_source(session: Session, user_id: uuid.UUID, message_id: uuid.UUID, title: str) -> Task | None:
    return session.scalars(
        select(Task).where(Task.user_id == user_id, Task.source_message_id == message_id, Task.title == title)
    ).one_or_none()


def get_task(session: Session, user_id: uuid.UUID, task_id: uuid.UUID, *, lock: bool = False) -> Task | None:
    """One of this person's tasks (another person's id finds nothing)."""
    query = select(Task).where(Task.id == task_id, Task.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def due_on(session: Session, user_id: uuid.UUID, *, day: date, limit: int) -> list[Task]:
    """Open tasks due on or before `day`: shortest first (unknown estimates after), then most urgent, then
    oldest deadline."""
    return list(
        session.scalars(
            select(Task)
            .where(Task.user_id == user_id, Task.status.in_(OPEN), Task.due_date <= day)
            .order_by(nulls_last(Task.estimate_minutes.asc()), Task.priority, Task.due_date, Task.created_at)
            .limit(limit)
        )
    )


def open_tasks(session: Session, user_id: uuid.UUID, *, max_priority: int | None, limit: int) -> list[Task]:
    """Open tasks, soonest deadline first (none last), then most urgent."""
    query = select(Task).where(Task.user_id == user_id, Task.status.in_(OPEN))
    if max_priority is not None:
        query = query.where(Task.priority <= max_priority)
    return list(
        session.scalars(query.order_by(nulls_last(Task.due_date.asc()), Task.priority, Task.created_at).limit(limit))
    )


def count_open(session: Session, user_id: uuid.UUID, *, due_by: date | None = None) -> int:
    query = select(func.count()).select_from(Task).where(Task.user_id == user_id, Task.status.in_(OPEN))
    if due_by is not None:
        query = query.where(Task.due_date <= due_by)
    return int(session.scalar(query) or 0)


def search_tasks(
    session: Session, user_id: uuid.UUID, words: list[str], *, statuses: tuple[str, ...], limit: int = 50
) -> list[Task]:
    """The person's tasks whose (folded) title holds any of these word prefixes, open ones first."""
    if not words:
        return []
    matches = _matches(Task.title_folded, words)
    return list(
        session.scalars(
            select(Task)
            .where(Task.user_id == user_id, Task.status.in_(statuses), matches)
            .order_by(nulls_last(Task.due_date.asc()), Task.created_at.desc())
            .limit(limit)
        )
    )


def _matches(column: Any, words: list[str]) -> Any:
    query = " | ".join(f"{w}:*" for w in words)
    return func.to_tsvector(text("'simple'"), column).op("@@")(func.to_tsquery("simple", query))


TASK_SORTS = {"due": Task.due_date, "priority": Task.priority, "created": Task.created_at}


def page_tasks(
    session: Session,
    user_id: uuid.UUID,
    *,
    statuses: tuple[str, ...],
    goal_id: uuid.UUID | None,
    due_before: date | None,
    sort: str,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> Page[Task]:
    """A page of the person's tasks. Sorting by due date puts tasks without one last (a sentinel date keeps
    the keyset cursor simple)."""
    query: Select[Any] = select(Task).where(Task.user_id == user_id, Task.status.in_(statuses))
    if goal_id is not None:
        query = query.where(Task.goal_id == goal_id)
    if due_before is not None:
        query = query.where(Task.due_date <= due_before)
    if sort == "due":
        key: Any = func.coalesce(Task.due_date, text("'9999-12-31'::date"))  # = NO_DUE, inlined for the index
        rows = list(session.scalars(after(query, key, Task.id, cursor, descending=descending).limit(limit + 1)))
        return page(rows, limit, lambda t: (t.due_date or NO_DUE).isoformat())
    column = TASK_SORTS[sort]
    rows = list(session.scalars(after(query, column, Task.id, cursor, descending=descending).limit(limit + 1)))
    return page(rows, limit, lambda t: getattr(t, column.key))


NO_DUE = date(9999, 12, 31)


def delete_task(session: Session, task: Task) -> None:
    session.delete(task)


# --- goals ----------------------------------------------------------------------------------------------------
def add_goal(session: Session, *, user_id: uuid.UUID, now: datetime, **values: Any) -> UserGoal:
    goal = UserGoal(user_id=user_id, created_at=now, updated_at=now, **values)
    session.add(goal)
    session.flush()
    return goal


def get_goal(session: Session, user_id: uuid.UUID, goal_id: uuid.UUID, *, lock: bool = False) -> UserGoal | None:
    query = select(UserGoal).where(UserGoal.id == goal_id, UserGoal.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def search_goals(session: Session, user_id: uuid.UUID, words: list[str], *, limit: int = 20) -> list[UserGoal]:
    if not words:
        return []
    return list(
        session.scalars(
            select(UserGoal)
            .where(UserGoal.user_id == user_id, UserGoal.status != "dropped", _matches(UserGoal.title_folded, words))
            .order_by(UserGoal.status != "active", UserGoal.created_at.desc())
            .limit(limit)
        )
    )


def goals(session: Session, user_id: uuid.UUID, *, statuses: tuple[str, ...], limit: int) -> list[UserGoal]:
    return list(
        session.scalars(
            select(UserGoal)
            .where(UserGoal.user_id == user_id, UserGoal.status.in_(statuses))
            .order_by(UserGoal.created_at)
            .limit(limit)
        )
    )


def goals_to_review(session: Session, user_id: uuid.UUID, *, before: datetime, limit: int) -> list[UserGoal]:
    """Active goals never reviewed, or last reviewed before `before`; the longest-forgotten first."""
    return list(
        session.scalars(
            select(UserGoal)
            .where(
                UserGoal.user_id == user_id,
                UserGoal.status == "active",
                func.coalesce(UserGoal.last_reviewed_at, UserGoal.created_at) < before,
            )
            .order_by(func.coalesce(UserGoal.last_reviewed_at, UserGoal.created_at), UserGoal.id)
            .limit(limit)
        )
    )


def page_goals(
    session: Session,
    user_id: uuid.UUID,
    *,
    statuses: tuple[str, ...],
    parent_id: uuid.UUID | None,
    top_level: bool,
    reviewed_before: datetime | None,
    cursor: Cursor | None,
    limit: int,
) -> Page[UserGoal]:
    query: Select[Any] = select(UserGoal).where(UserGoal.user_id == user_id, UserGoal.status.in_(statuses))
    if parent_id is not None:
        query = query.where(UserGoal.parent_id == parent_id)
    elif top_level:
        query = query.where(UserGoal.parent_id.is_(None))
    if reviewed_before is not None:
        query = query.where(func.coalesce(UserGoal.last_reviewed_at, UserGoal.created_at) < reviewed_before)
    rows = list(session.scalars(after(query, UserGoal.created_at, UserGoal.id, cursor).limit(limit + 1)))
    return page(rows, limit, lambda g: g.created_at)


def _subtree(user_id: uuid.UUID, goal_id: uuid.UUID) -> Any:
    """The goal and every goal under it (a recursive CTE, scoped to the person)."""
    tree = select(UserGoal.id).where(UserGoal.id == goal_id, UserGoal.user_id == user_id).cte("subtree", recursive=True)
    child = select(UserGoal.id).where(UserGoal.parent_id == tree.c.id, UserGoal.user_id == user_id)
    return tree.union(child)


def subtree_ids(session: Session, user_id: uuid.UUID, goal_id: uuid.UUID) -> set[uuid.UUID]:
    tree = _subtree(user_id, goal_id)
    return set(session.scalars(select(tree.c.id)))


def ancestor_ids(session: Session, user_id: uuid.UUID, goal_id: uuid.UUID) -> list[uuid.UUID]:
    """The goal, then its parent, up to the root."""
    chain = (
        select(UserGoal.id, UserGoal.parent_id, literal(0).label("depth"))
        .where(UserGoal.id == goal_id, UserGoal.user_id == user_id)
        .cte("chain", recursive=True)
    )
    up = select(UserGoal.id, UserGoal.parent_id, (chain.c.depth + 1).label("depth")).where(
        UserGoal.id == chain.c.parent_id, UserGoal.user_id == user_id, chain.c.depth < 100
    )
    chain = chain.union_all(up)
    return list(session.scalars(select(chain.c.id).order_by(chain.c.depth)))


def subtree_counts(session: Session, user_id: uuid.UUID, goal_id: uuid.UUID) -> tuple[int, int]:
    """(done tasks, counted tasks) under the goal's subtree; dropped tasks do not count."""
    tree = _subtree(user_id, goal_id)
    row = session.execute(
        select(
            func.count().filter(Task.status == "done"),
            func.count(),
        ).where(Task.user_id == user_id, Task.goal_id.in_(select(tree.c.id)), Task.status != "dropped")
    ).one()
    return int(row[0]), int(row[1])


def set_progress(session: Session, user_id: uuid.UUID, goal_id: uuid.UUID, progress: int, *, now: datetime) -> None:
    """A new progress is a new version of the goal (its ETag changes)."""
    session.execute(
        update(UserGoal)
        .where(UserGoal.id == goal_id, UserGoal.user_id == user_id, UserGoal.progress != progress)
        .values(progress=progress, updated_at=now)
    )


def task_counts_by_goal(session: Session, user_id: uuid.UUID, goal_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Open tasks directly under each goal."""
    if not goal_ids:
        return {}
    rows = session.execute(
        select(Task.goal_id, func.count())
        .where(Task.user_id == user_id, Task.goal_id.in_(goal_ids), Task.status.in_(OPEN))
        .group_by(Task.goal_id)
    ).all()
    return {g: int(n) for g, n in rows}


def delete_goal(session: Session, goal: UserGoal) -> None:
    session.delete(goal)
