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
from shared.users.models import User


def get_message(session: Session, message_id: uuid.UUID) -> Message | None:
    return session.get(Message, message_id)


def enqueue_leased(
    session: Session,
    *,
    key: str,
    kind: str,
    to_phone: str,
    body: str,
    now: datetime,
    lease: timedelta,
    user_id: uuid.UUID | None = None,
    in_reply_to: uuid.UUID | None = None,
    language: str | None = None,
) -> Claimed | None:
    """Add one SMS to the outbox already leased to the caller, who sends it right after committing (a reply):
    if that caller dies, the lease runs out and the sweep takes it over (looked up at the provider first)."""
    row = session.execute(
        insert(Outbox)
        .values(
            idempotency_key=key,
            kind=kind,
            to_phone=to_phone,
            body=body,
            user_id=user_id,
            in_reply_to=in_reply_to,
            next_attempt_at=now,
            created_at=now,
            language=language,
            due_at=now,
            status="sending",
            lease_until=now + lease,
            attempts=1,
            attempted_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Outbox.idempotency_key])
        .returning(Outbox.id, Outbox.lease_until)
    ).first()
    if row is None:
        return None
    return Claimed(
        id=row[0],
        kind=kind,
        to_phone=to_phone,
        body=body,
        idempotency_key=key,
        attempts=1,
        reminder_id=None,
        user_id=user_id,
        in_reply_to=in_reply_to,
        language=language,
        created_at=now,
        due_at=now,
        expires_at=None,
        lease_until=row[1],
        attempted_at=now,
        prev_status="pending",
        prev_attempted_at=None,
        in_doubt=False,
    )


def count_inbound(session: Session, phone: str, *, until: datetime, windows: tuple[timedelta, ...]) -> list[int]:
    """Messages received from `phone` in each window ending at `until` (one statement for all windows)."""
    counts = [func.count().filter(Message.received_at > until - window) for window in windows]
    row = session.execute(
        select(*counts).where(
            Message.from_phone == phone, Message.received_at > until - max(windows), Message.received_at <= until
        )
    ).one()
    return [int(n or 0) for n in row]


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
    language: str | None = None,
    due_at: datetime | None = None,
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
            created_at=now,  # the app's clock, as every time we compare it with
            language=language,
            due_at=due_at or now,
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
    ("language", String),
    ("due_at", DateTime(timezone=True)),
    ("created_at", DateTime(timezone=True)),
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
    defaults = {"status": "pending"}
    payload = [
        {k: _jsonable(row.get(k, defaults.get(k))) for k in names}
        | {
            "due_at": _jsonable(row.get("due_at") or row["next_attempt_at"]),
            "created_at": _jsonable(row["next_attempt_at"]),  # the app's clock, as every time we compare it with
        }
        for row in rows
    ]
    return len(session.execute(stmt, {"rows": payload}).all())


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class Claimed:
    """An outbox row leased for one attempt, with what its previous attempt left."""

    id: uuid.UUID
    kind: str
    to_phone: str
    body: str
    idempotency_key: str
    attempts: int
    reminder_id: uuid.UUID | None
    user_id: uuid.UUID | None
    in_reply_to: uuid.UUID | None
    language: str | None
    created_at: datetime
    due_at: datetime | None
    expires_at: datetime | None
    lease_until: datetime
    attempted_at: datetime
    prev_status: str  # "sending": the previous holder's lease ran out mid-send (it may have gone out)
    prev_attempted_at: datetime | None
    in_doubt: bool  # the previous attempt may have reached the provider

    @property
    def maybe_sent(self) -> bool:
        """Look it up at the provider before sending again."""
        return self.in_doubt or self.prev_status == "sending"


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
    pick = select(
        Outbox.id.label("id"), Outbox.status.label("prev_status"), Outbox.attempted_at.label("prev_attempted_at")
    ).where(ready)
    if ids is not None:
        pick = pick.where(Outbox.id.in_(ids))
    picked = pick.order_by(Outbox.next_attempt_at).limit(limit).with_for_update(skip_locked=True).cte("picked")
    rows = session.execute(
        update(Outbox)
        .where(Outbox.id == picked.c.id)
        .values(status="sending", lease_until=now + lease, attempts=Outbox.attempts + 1, attempted_at=now)
        .returning(
            Outbox.id,
            Outbox.kind,
            Outbox.to_phone,
            Outbox.body,
            Outbox.idempotency_key,
            Outbox.attempts,
            Outbox.reminder_id,
            Outbox.user_id,
            Outbox.in_reply_to,
            Outbox.language,
            Outbox.created_at,
            Outbox.due_at,
            Outbox.expires_at,
            Outbox.lease_until,
            Outbox.attempted_at,
            picked.c.prev_status,
            picked.c.prev_attempted_at,
            Outbox.in_doubt,
        )
    ).all()
    return [Claimed(*row) for row in rows]


NOT_CONSENTED = ("consent", "declined")  # shared.onboarding.service: asked and not (yet) agreed


def suppress_opted_out(session: Session, claimed: list[Claimed], *, now: datetime) -> list[Claimed]:
    """Mark rows to the number of people who said STOP from it as suppressed, and anything but a reply to people
    who have not agreed to get messages; return them. (A code sent to a number a person is adding is theirs
    but goes to another number: their STOP does not hold it.)"""
    user_ids = {c.user_id for c in claimed if c.user_id}
    if not user_ids:
        return []
    found = session.execute(
        select(User.id, User.sms_status, User.onboarding_state, User.phone).where(User.id.in_(user_ids))
    ).all()
    opted_out = {(r[0], r[3]) for r in found if r[1] == "opted_out"}
    unasked = {r[0] for r in found if r[2] in NOT_CONSENTED}
    held = [c for c in claimed if (c.user_id, c.to_phone) in opted_out or (c.user_id in unasked and c.kind != "reply")]
    if held:
        session.execute(
            update(Outbox)
            .where(Outbox.id.in_([c.id for c in held]))
            .values(status="suppressed", lease_until=None, last_error="recipient opted out")
        )
    return held


def _sent(*, provider_sid: Any, provider_status: Any, now: datetime) -> dict[str, Any]:
    """The columns of a row that went out (the first SID recorded wins: callers skip rows already sent)."""
    return {
        "status": "sent",
        "provider_sid": provider_sid,
        "provider_status": provider_status,
        "sent_at": now,
        "lease_until": None,
        "last_error": None,
        "failure": None,
        "in_doubt": False,
    }


def mark_sent_many(session: Session, sent: list[tuple[Claimed, str, str]], *, now: datetime) -> int:
    """`mark_sent` for a whole batch, (row, provider_sid, provider_status) each, in two statements: a
    busy minute records thousands of sends, and one ORM statement per row costs more than the send."""
    if not sent:
        return 0
    table = Base.metadata.tables["outbox"]  # Core: with a parameter list the ORM would bulk-update
    data = (
        func.json_to_recordset(bindparam("rows", type_=JSON))
        .table_valued(column("id", Uuid), column("sid", String), column("status", String))
        .render_derived(name="r", with_types=True)
    )
    done = session.execute(
        update(table)
        .where(table.c.id == data.c.id, table.c.status != "sent")
        .values(_sent(provider_sid=data.c.sid, provider_status=data.c.status, now=now))
        .returning(table.c.id),
        {"rows": [{"id": str(row.id), "sid": sid, "status": status} for row, sid, status in sent]},
    ).all()
    return len(done)


def mark_failed(
    session: Session,
    claimed: Claimed,
    *,
    failure: str,
    error: str,
    provider_error: int | None = None,
    opted_out: bool = False,
) -> bool:
    """A permanent failure, visible in the outbox (and on the reminder); False if our lease was lost."""
    held = session.execute(
        update(Outbox)
        .where(_still_held(claimed))
        .values(
            status="failed", lease_until=None, last_error=error[:2000], failure=failure, provider_error=provider_error
        )
        .returning(Outbox.id)
    ).first()
    if held is None:
        return False
    if opted_out and claimed.user_id:
        session.execute(update(User).where(User.id == claimed.user_id).values(sms_status="opted_out"))
    return True


def mark_retry(
    session: Session,
    claimed: Claimed,
    *,
    error: str,
    at: datetime,
    expires_at: datetime | None = None,
    provider_error: int | None = None,
    in_doubt: bool = False,
) -> bool:
    """Back to pending for a later attempt; False if our lease was lost (the new holder decides). Once in
    doubt, a row stays in doubt until it is found or a send's answer settles it."""
    held = session.execute(
        update(Outbox)
        .where(_still_held(claimed))
        .values(
            status="pending",
            lease_until=None,
            next_attempt_at=at,
            last_error=error[:2000],
            provider_error=provider_error,
            expires_at=func.coalesce(Outbox.expires_at, expires_at),
            in_doubt=Outbox.in_doubt | in_doubt,
        )
        .returning(Outbox.id)
    ).first()
    return held is not None


def release(session: Session, claimed: list[Claimed]) -> int:
    """Give back rows we leased but did not try (out of time): pending again at once, attempt not counted."""
    if not claimed:
        return 0
    released = 0
    for row in claimed:
        released += len(
            session.execute(
                update(Outbox)
                .where(_still_held(row))
                .values(
                    status="pending", lease_until=None, attempts=Outbox.attempts - 1, attempted_at=row.prev_attempted_at
                )
                .returning(Outbox.id)
            ).all()
        )
    return released


# --- delivery receipts -------------------------------------------------------------------------------------
# Twilio's statuses in the order a message moves through them; a receipt never moves a row backwards.
STATUS_RANK = {
    "accepted": 1,
    "scheduled": 1,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "read": 5,
    "canceled": 4,
}


@dataclass(frozen=True, slots=True)
class ReceiptTarget:
    id: uuid.UUID
    kind: str
    status: str
    provider_sid: str | None
    provider_status: str | None
    user_id: uuid.UUID | None
    reminder_id: uuid.UUID | None
    to_phone: str
    language: str | None
    created_at: datetime
    due_at: datetime | None
    expires_at: datetime | None
    attempts: int
    lease_until: datetime | None


def receipt_target(session: Session, *, outbox_id: uuid.UUID | None, provider_sid: str) -> ReceiptTarget | None:
    """The row a receipt is about, locked: by our tag (the id in the callback URL) or by the provider's id."""
    cols = [getattr(Outbox, f) for f in ReceiptTarget.__dataclass_fields__]
    query = select(*cols).with_for_update()
    query = query.where(Outbox.id == outbox_id) if outbox_id else query.where(Outbox.provider_sid == provider_sid)
    row = session.execute(query.limit(1)).first()
    return ReceiptTarget(*row) if row else None


def record_receipt(
    session: Session, target: ReceiptTarget, *, provider_status: str, provider_error: int | None, now: datetime
) -> bool:
    """Move the row's provider status forward (never back; a repeat changes nothing); True if it moved."""
    rank = STATUS_RANK.get(provider_status, 0)
    if target.provider_status is not None and rank <= STATUS_RANK.get(target.provider_status, 0):
        return False
    values: dict[str, Any] = {"provider_status": provider_status}
    if provider_error is not None:
        values["provider_error"] = provider_error
    if provider_status == "delivered":
        values["delivered_at"] = now
    session.execute(update(Outbox).where(Outbox.id == target.id).values(**values))
    return True


def adopt_sent(
    session: Session, target: ReceiptTarget, *, provider_sid: str, provider_status: str, now: datetime
) -> bool:
    """A receipt for a send we never recorded (a crash, or a timeout, after the provider accepted it):
    it went out, so it is sent, and nobody sends it again."""
    adopted = session.execute(
        update(Outbox)
        .where(Outbox.id == target.id, Outbox.status.in_(("sending", "pending")))
        .values(_sent(provider_sid=provider_sid, provider_status=provider_status, now=now))
        .returning(Outbox.id)
    ).first()
    return adopted is not None


def reopen_for_retry(
    session: Session, target: ReceiptTarget, *, at: datetime, expires_at: datetime, provider_error: int | None
) -> bool:
    """A sent message the carrier could not deliver (transient): pending again for another attempt."""
    moved = session.execute(
        update(Outbox)
        .where(Outbox.id == target.id, Outbox.status == "sent", Outbox.provider_sid == target.provider_sid)
        .values(
            status="pending",
            next_attempt_at=at,
            expires_at=func.coalesce(Outbox.expires_at, expires_at),
            # provider_sid stays: a repeat of this receipt is then recognised as one, not as a new send
            provider_error=provider_error,
            last_error=f"undelivered ({provider_error})",
            sent_at=None,
        )
        .returning(Outbox.id)
    ).first()
    return moved is not None


def fail_delivered(
    session: Session, target: ReceiptTarget, *, failure: str, provider_error: int | None, opted_out: bool
) -> None:
    """A sent message the carrier refused for good: failed, with its reason."""
    session.execute(
        update(Outbox)
        .where(Outbox.id == target.id)
        .values(
            status="failed",
            failure=failure,
            provider_error=provider_error,
            last_error=f"undelivered ({provider_error})",
        )
    )
    if opted_out and target.user_id:
        session.execute(update(User).where(User.id == target.user_id).values(sms_status="opted_out"))


def readdress_pending(session: Session, *, user_id: uuid.UUID, to_phone: str) -> int:
    """Send what still waits to go out to the person at their new number."""
    result = session.execute(
        update(Outbox).where(Outbox.user_id == user_id, Outbox.status == "pending").values(to_phone=to_phone)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def sent_to(session: Session, phone: str, *, limit: int = 50) -> list[Outbox]:
    return list(
        session.scalars(select(Outbox).where(Outbox.to_phone == phone).order_by(Outbox.created_at.desc()).limit(limit))
    )
