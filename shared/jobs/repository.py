"""Jobs: every query about queued work."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Uuid, cast, func, literal, select, tuple_, update
from sqlalchemy.orm import Session

from shared.jobs.models import Job
from shared.messaging.models import Message


def lock_pending(session: Session, job_id: uuid.UUID, *, now: datetime) -> Job | None:
    """Lock the job for this transaction if it is still to do; None if done, failed or held by another worker."""
    return session.scalars(
        select(Job)
        .where(Job.id == job_id, Job.status == "pending", Job.run_after <= now)
        .with_for_update(skip_locked=True)
    ).one_or_none()


def mark_done(session: Session, job: Job, *, now: datetime) -> None:
    job.status = "done"
    job.finished_at = now
    job.attempts = job.attempts + 1


def record_failure(
    session: Session, job_id: uuid.UUID, *, error: str, now: datetime, retry_at: datetime | None
) -> tuple[int, bool]:
    """Count a failed attempt; retry later, or mark failed. Return (attempts, gave_up)."""
    row = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "pending")
        .values(
            attempts=Job.attempts + 1,
            last_error=error[:2000],
            run_after=retry_at if retry_at else Job.run_after,
            status="pending" if retry_at else "failed",
            finished_at=None if retry_at else now,
        )
        .returning(Job.attempts)
    ).scalar_one_or_none()
    return (row or 0), retry_at is None


def get(session: Session, job_id: uuid.UUID) -> Job | None:
    return session.get(Job, job_id)


def stale(
    session: Session, *, before: datetime, limit: int, kinds: tuple[str, ...] = ("agent_turn",)
) -> list[tuple[uuid.UUID, str]]:
    """Jobs still pending well after they were due: their dispatch notice was lost, or a worker died. Only the
    queued kinds: others (the provider purge) are run by the sweep itself."""
    rows = session.execute(
        select(Job.id, Job.kind)
        .where(Job.status == "pending", Job.run_after <= before, Job.kind.in_(kinds))
        .order_by(Job.run_after)
        .limit(limit)
    ).all()
    return [(r[0], r[1]) for r in rows]


def turn_of(session: Session, job_id: uuid.UUID) -> tuple[str, datetime, uuid.UUID] | None:
    """The phone, receipt time and message of an agent-turn job."""
    row = session.execute(
        select(Message.from_phone, Message.received_at, Message.id)
        .join(Job, Message.id == cast(Job.payload["message_id"].astext, Uuid))
        .where(Job.id == job_id)
    ).first()
    return (row[0], row[1], row[2]) if row else None


def lock_person(session: Session, phone: str) -> None:
    """Serialize this person's turns for the rest of the transaction (other people's run in parallel)."""
    session.execute(select(func.pg_advisory_xact_lock(func.hashtext(phone))))


def next_turn(session: Session, phone: str, *, now: datetime, up_to: tuple[datetime, uuid.UUID]) -> uuid.UUID | None:
    """The earliest pending agent turn of this phone received up to `up_to` (receipt time, message id)."""
    received, message_id = up_to
    return session.scalar(
        select(Job.id)
        .join(Message, Message.id == cast(Job.payload["message_id"].astext, Uuid))
        .where(
            Job.kind == "agent_turn",
            Job.status == "pending",
            Job.run_after <= now,
            Message.from_phone == phone,
            tuple_(Message.received_at, Message.id) <= tuple_(literal(received), literal(message_id, Uuid)),
        )
        .order_by(Message.received_at, Message.id)
        .limit(1)
    )
