"""Users: every query about people."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shared.db.errors import unique_violation
from shared.messaging.models import Outbox
from shared.users.models import User, UserSettings


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


def move_phone(session: Session, user: User, phone: str) -> bool:
    """Give the person this number, which has not said STOP to us; False (nothing changed) when another person
    already has it."""
    try:
        with session.begin_nested():
            session.execute(update(User).where(User.id == user.id).values(phone=phone, sms_status="active"))
    except DBAPIError as exc:
        if unique_violation(exc):
            return False
        raise
    session.refresh(user)
    return True


def settings_of(session: Session, user_id: uuid.UUID) -> UserSettings | None:
    return session.get(UserSettings, user_id)


def save_settings(session: Session, user_id: uuid.UUID, *, now: datetime, **values: object) -> None:
    """Write these settings columns for the person, creating their row if it is their first setting."""
    session.execute(
        insert(UserSettings)
        .values(user_id=user_id, updated_at=now, **values)
        .on_conflict_do_update(index_elements=[UserSettings.user_id], set_={"updated_at": now, **values})
    )
    cached = session.identity_map.get(session.identity_key(UserSettings, user_id))
    if cached is not None:  # the row read before this write: read it again
        session.expire(cached)


def proactive_count(session: Session, user_id: uuid.UUID, *, since: datetime, kinds: tuple[str, ...]) -> int:
    """Messages Boussole started itself for the person since `since` (not the suppressed ones, not the
    escalation nudges the person asked for)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Outbox)
            .where(
                Outbox.user_id == user_id,
                Outbox.created_at >= since,
                Outbox.kind.in_(kinds),
                Outbox.status != "suppressed",
                ~Outbox.idempotency_key.startswith("escalate:"),
            )
        )
        or 0
    )


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email)).one_or_none()


def count_role(session: Session, role: str) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == role)) or 0
