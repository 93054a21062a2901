"""What an administrator may read: accounts (never their content), how the queues stand, audit events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.audit.models import AuditEvent
from shared.jobs.models import Job
from shared.messaging.models import Outbox
from shared.users.models import User


def accounts(session: Session, *, after: uuid.UUID | None, limit: int) -> list[User]:
    query = select(User).order_by(User.id).limit(limit)
    if after is not None:
        query = query.where(User.id > after)
    return list(session.scalars(query))


def counts(session: Session) -> dict[str, Any]:
    """Rows by status: people (active or opted out), outbound SMS, background jobs."""
    out: dict[str, Any] = {}
    for name, column in (("people", User.sms_status), ("outbox", Outbox.status), ("jobs", Job.status)):
        rows = session.execute(select(column, func.count()).group_by(column)).all()
        out[name] = {str(status): int(n) for status, n in rows}
    return out


def audit_events(session: Session, *, before: datetime | None, limit: int) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id).limit(limit)
    if before is not None:
        query = query.where(AuditEvent.at < before)
    return list(session.scalars(query))
