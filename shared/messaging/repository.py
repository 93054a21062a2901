"""Messages and the outbox: every query about SMS in and out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text, Uuid, and_, bindparam, column, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.db.base import Base
from shared.messaging.models import Message, Outbox
from shared.reminders.models import Reminder
from shared.users.models import User


def get_message(session: Session, message_id: uuid.UUID) -> Message | None:
    return session.get(Message, message_id)


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    to_phone: str,
    body: str,
    now: datetime,
    user_id: uuid.UUID | None = None,
    in_reply_to: uuid.UUID | None = None,
    reminder_id: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """Add one SMS to the outbox; None when this idempotency key is already there."""
    return session.execute(
        insert(Outbox)
        .values(
            idempotency_key=key,
            kind=kind,
            to_phone=to_phone,
            body=body,
            user_id=user_id,
            in_reply_to=in_reply_to,
            reminder_id=reminder_id,
            next_attempt_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Outbox.idempotency_key])
        .returning(Outbox.id)
    ).scalar_one_or_none()


_MANY_COLUMNS = (
    ("idempotency_key", String),
    ("kind", String),
    ("to_phone", String),
    ("body", Text),
    ("user_id", Uuid),
    ("reminder_id", Uuid),
    ("next_attempt_at", DateTime(timezone=True)),
    ("status", String),
    ("last_error", Text),
)


def enqueue_many(session: Session, rows: list[dict[str, Any]]) -> int:
    """Add many SMS in one statement (the sweep); rows already keyed are skipped.

    The rows travel as one JSON parameter read by json_to_recordset: a multi-VALUES insert would be a
    new statement with thousands of parameters per batch, ~4x slower through pg8000 (bench/sweep.py).
    """
    if not rows:
        return 0
    names = [name for name, _ in _MANY_COLUMNS]
    records = (
        func.json_to_recordset(bindparam("rows", type_=JSON))
        .table_valued(*(column(name, type_) for name, type_ in _MANY_COLUMNS))
        .render_derived(name="r", with_types=True)
    )
    table = Base.metadata.tables["outbox"]  # Core, not ORM: with a parameter dict the ORM would bulk-insert
    stmt = (
        insert(table)
        .from_select(names, select(*(records.c[name] for name in names)))
        .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
        .returning(table.c.id)
    )
    payload = [{k: _jsonable(row.get(k)) for k in names} | {"status": row.get("status", "pending")} for row in rows]
    return len(session.execute(stmt, {"rows": payload}).all())


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class Claimed:
    id: uuid.UUID
    to_phone: str
    body: str
    idempotency_key: str
    attempts: int
    reminder_id: uuid.UUID | None
    user_id: uuid.UUID | None
    lease_until: datetime


def _still_held(claimed: Claimed) -> Any:
    """Our lease is still the row's: a sender that outlived its lease must not overwrite the new holder."""
    return and_(Outbox.id == claimed.id, Outbox.status == "sending", Outbox.lease_until == claimed.lease_until)


def claim_sendable(
    session: Session, *, now: datetime, lease: timedelta, limit: int, ids: list[uuid.UUID] | None = None
) -> list[Claimed]:
    """Lease rows that are due, or whose previous lease ran out (a crash mid-send); skip rows others hold."""
    ready = or_(
        and_(Outbox.status == "pending", Outbox.next_attempt_at <= now),
        and_(Outbox.status == "sending", Outbox.lease_until < now),
    )
    pick = select(Outbox.id).where(ready)
    if ids is not None:
        pick = pick.where(Outbox.id.in_(ids))
    pick = pick.order_by(Outbox.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
    rows = session.execute(
        update(Outbox)
        .where(Outbox.id.in_(pick.scalar_subquery()))
        .values(status="sending", lease_until=now + lease, attempts=Outbox.attempts + 1)
        .returning(
            Outbox.id,
            Outbox.to_phone,
            Outbox.body,
            Outbox.idempotency_key,
            Outbox.attempts,
            Outbox.reminder_id,
            Outbox.user_id,
            Outbox.lease_until,
        )
    ).all()
    return [Claimed(*row) for row in rows]


def suppress_opted_out(session: Session, claimed: list[Claimed], *, now: datetime) -> set[uuid.UUID]:
    """Mark rows to people who said STOP as suppressed; return their ids."""
    user_ids = {c.user_id for c in claimed if c.user_id}
    if not user_ids:
        return set()
    opted_out = set(session.scalars(select(User.id).where(User.id.in_(user_ids), User.sms_status == "opted_out")).all())
    ids = {c.id for c in claimed if c.user_id in opted_out}
    if ids:
        session.execute(
            update(Outbox)
            .where(Outbox.id.in_(ids))
            .values(status="suppressed", lease_until=None, last_error="recipient opted out")
        )
    return ids


def mark_sent(session: Session, claimed: Claimed, *, provider_sid: str, provider_status: str, now: datetime) -> None:
    session.execute(  # it went out, whoever holds the row now: record that (first SID wins)
        update(Outbox)
        .where(Outbox.id == claimed.id, Outbox.status != "sent")
        .values(
            status="sent",
            provider_sid=provider_sid,
            provider_status=provider_status,
            sent_at=now,
            lease_until=None,
            last_error=None,
        )
    )
    if claimed.reminder_id:
        session.execute(
            update(Reminder)
            .where(Reminder.id == claimed.reminder_id, Reminder.status == "fired")
            .values(status="sent", sent_at=now)
        )


def mark_failed(session: Session, claimed: Claimed, *, error: str, opted_out: bool = False) -> bool:
    """A permanent failure, visible in the outbox (and on the reminder); False if our lease was lost."""
    held = session.execute(
        update(Outbox)
        .where(_still_held(claimed))
        .values(status="failed", lease_until=None, last_error=error)
        .returning(Outbox.id)
    ).first()
    if held is None:
        return False
    if claimed.reminder_id:
        session.execute(
            update(Reminder)
            .where(Reminder.id == claimed.reminder_id, Reminder.status == "fired")
            .values(status="failed")
        )
    if opted_out and claimed.user_id:
        session.execute(update(User).where(User.id == claimed.user_id).values(sms_status="opted_out"))
    return True


def mark_retry(session: Session, claimed: Claimed, *, error: str, at: datetime) -> bool:
    """Back to pending for a later attempt; False if our lease was lost (the new holder decides)."""
    held = session.execute(
        update(Outbox)
        .where(_still_held(claimed))
        .values(status="pending", lease_until=None, next_attempt_at=at, last_error=error)
        .returning(Outbox.id)
    ).first()
    return held is not None


def sent_to(session: Session, phone: str, *, limit: int = 50) -> list[Outbox]:
    return list(
        session.scalars(select(Outbox).where(Outbox.to_phone == phone).order_by(Outbox.created_at.desc()).limit(limit))
    )
