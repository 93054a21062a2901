"""Calendar events: every query about them (always one person's rows)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.calendar.models import Event
from shared.db.paging import Cursor, Page, after, page
from shared.places.models import ACCENTED, PLAIN


def add(session: Session, *, user_id: uuid.UUID, now: datetime, **values: Any) -> uuid.UUID | None:
    """A new event; None when this message already added the same one (a replayed turn)."""
    statement = insert(Event).values(user_id=user_id, created_at=now, updated_at=now, **values)
    if values.get("source_message_id") is not None:
        statement = statement.on_conflict_do_nothing(
            index_elements=[Event.source_message_id, Event.starts_at, func.md5(Event.title)]
        )
    return session.execute(statement.returning(Event.id)).scalar_one_or_none()


def by_source_message(
    session: Session, user_id: uuid.UUID, message_id: uuid.UUID, *, starts_at: datetime
) -> Event | None:
    return session.scalars(
        select(Event).where(
            Event.user_id == user_id, Event.source_message_id == message_id, Event.starts_at == starts_at
        )
    ).first()


def get_for_user(session: Session, user_id: uuid.UUID, event_id: uuid.UUID, *, lock: bool = False) -> Event | None:
    """One of this person's events (another person's id finds nothing)."""
    query = select(Event).where(Event.id == event_id, Event.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def overlapping(
    session: Session, user_id: uuid.UUID, *, start: datetime, end: datetime, limit: int = 200
) -> list[Event]:
    """The person's events that overlap [start, end), by start."""
    return list(
        session.scalars(
            select(Event)
            .where(Event.user_id == user_id, Event.starts_at < end, Event.ends_at > start)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


def upcoming(session: Session, user_id: uuid.UUID, *, now: datetime, limit: int) -> list[Event]:
    """Events not over yet, by start."""
    return list(
        session.scalars(
            select(Event)
            .where(Event.user_id == user_id, Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


def _folded(column: Any) -> Any:
    return func.translate(func.lower(column), ACCENTED, PLAIN)


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    start: datetime | None,
    end: datetime | None,
    words: str | None,
    location_id: uuid.UUID | None,
    cursor: Cursor | None,
    limit: int,
    descending: bool = False,
) -> Page[Event]:
    """A page of the person's events overlapping [start, end) (either bound optional), by start."""
    query = select(Event).where(Event.user_id == user_id)
    if start is not None:
        query = query.where(Event.ends_at > start)
    if end is not None:
        query = query.where(Event.starts_at < end)
    if location_id is not None:
        query = query.where(Event.location_id == location_id)
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            _folded(Event.title).like(pattern, escape="\\")
            | _folded(func.coalesce(Event.location, "")).like(pattern, escape="\\")
        )
    rows = list(
        session.scalars(after(query, Event.starts_at, Event.id, cursor, descending=descending).limit(limit + 1))
    )
    return page(rows, limit, lambda e: e.starts_at)


def search(session: Session, user_id: uuid.UUID, words: list[str], *, since: datetime, limit: int = 50) -> list[Event]:
    """Events not over before `since` whose title or place holds any of these folded words, by start."""
    if not words:
        return []
    haystack = _folded(Event.title + " " + func.coalesce(Event.location, ""))
    matches = [haystack.like(f"%{w}%") for w in words]
    condition = matches[0]
    for m in matches[1:]:
        condition = condition | m
    return list(
        session.scalars(
            select(Event)
            .where(Event.user_id == user_id, Event.ends_at > since, condition)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


def remove(session: Session, user_id: uuid.UUID, event_id: uuid.UUID) -> None:
    session.execute(delete(Event).where(Event.id == event_id, Event.user_id == user_id))


def visits(
    session: Session, user_id: uuid.UUID, location_ids: list[uuid.UUID], *, now: datetime
) -> dict[uuid.UUID, tuple[datetime | None, datetime | None]]:
    """For each place: (start of the last event there that has started, start of the next one to come)."""
    if not location_ids:
        return {}
    last = (
        select(Event.location_id, func.max(Event.starts_at))
        .where(Event.user_id == user_id, Event.location_id.in_(location_ids), Event.starts_at <= now)
        .group_by(Event.location_id)
    )
    upcoming_ = (
        select(Event.location_id, func.min(Event.starts_at))
        .where(Event.user_id == user_id, Event.location_id.in_(location_ids), Event.starts_at > now)
        .group_by(Event.location_id)
    )
    out: dict[uuid.UUID, tuple[datetime | None, datetime | None]] = {i: (None, None) for i in location_ids}
    for location_id, at in session.execute(last):
        out[location_id] = (at, out[location_id][1])
    for location_id, at in session.execute(upcoming_):
        out[location_id] = (out[location_id][0], at)
    return out
