"""Places: every query about them (always one person's rows)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, literal_column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.places.models import Location


def upsert(
    session: Session, *, user_id: uuid.UUID, now: datetime, name: str, address: str | None, kind: str | None
) -> tuple[uuid.UUID, bool]:
    """Add the place, or update the one with the same name (accents and case aside): (id, created).

    On a known name, a missing address or kind keeps what was there."""
    values: dict[str, Any] = {
        "user_id": user_id,
        "name": name,
        "address": address,
        "created_at": now,
        "updated_at": now,
    }
    if kind is not None:
        values["kind"] = kind
    statement = insert(Location).values(**values)
    changes: dict[str, Any] = {"name": statement.excluded.name, "updated_at": now}
    if address is not None:
        changes["address"] = statement.excluded.address
    if kind is not None:
        changes["kind"] = statement.excluded.kind
    row: Any = session.execute(
        statement.on_conflict_do_update(
            index_elements=[Location.user_id, Location.name_folded], set_=changes
        ).returning(Location.id, literal_column("xmax = 0"))  # xmax 0: a new row, not an update
    ).one()
    return row[0], bool(row[1])


def get_for_user(
    session: Session, user_id: uuid.UUID, location_id: uuid.UUID, *, lock: bool = False
) -> Location | None:
    query = select(Location).where(Location.id == location_id, Location.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def all_for_user(session: Session, user_id: uuid.UUID, *, limit: int = 500) -> list[Location]:
    """The person's places, by name (a person has tens, not thousands: matched in Python)."""
    return list(
        session.scalars(select(Location).where(Location.user_id == user_id).order_by(Location.name_folded).limit(limit))
    )


def by_folded_name(session: Session, user_id: uuid.UUID, folded: str) -> Location | None:
    return session.scalars(
        select(Location).where(Location.user_id == user_id, Location.name_folded == folded)
    ).one_or_none()


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    kind: str | None,
    words: str | None,
    cursor: Cursor | None,
    limit: int,
) -> Page[Location]:
    """A page of the person's places by (folded) name."""
    query = select(Location).where(Location.user_id == user_id)
    if kind is not None:
        query = query.where(Location.kind == kind)
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Location.name_folded.like(pattern, escape="\\"))
    rows = list(session.scalars(after(query, Location.name_folded, Location.id, cursor).limit(limit + 1)))
    return page(rows, limit, lambda p: p.name_folded)


def remove(session: Session, user_id: uuid.UUID, location_id: uuid.UUID) -> None:
    session.execute(delete(Location).where(Location.id == location_id, Location.user_id == user_id))
