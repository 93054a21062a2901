"""Users: every query about people."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.users.models import User


def get(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def get_by_phone(session: Session, phone: str) -> User | None:
    return session.scalars(select(User).where(User.phone == phone)).one_or_none()


def get_or_create_by_phone(session: Session, *, phone: str, language: str, timezone: str) -> tuple[User, bool]:
    """The user owning `phone`, created if new; safe when two turns race for the same new number."""
    created = session.execute(
        insert(User)
        .values(phone=phone, language=language, timezone=timezone)
        .on_conflict_do_nothing(index_elements=[User.phone])
        .returning(User.id)
    ).scalar_one_or_none()
    user = get_by_phone(session, phone)
    if user is None:  # pragma: no cover - the row exists: we just inserted or conflicted with it
        raise LookupError(phone)
    return user, created is not None
