"""The administrator's view: who has an account (masked phone, no content), the health of the queues, and the
audit log. Every read is itself an audit event. Nothing here reads a person's reminders, notes, memories,
money or messages: those stay behind each person's own token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shared.admin import repository as repo
from shared.audit import service as audit
from shared.audit.models import AuditEvent
from shared.db import rls
from shared.users.models import User


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    role: str
    phone: str | None  # masked: country code and last two digits
    language: str
    timezone: str
    sms_status: str
    onboarding_state: str
    created_at: datetime
    last_seen_at: datetime | None


def mask(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:3] + "•" * max(0, len(phone) - 5) + phone[-2:]


def accounts(
    session: Session, *, admin: User, now: datetime, secret: str, after: uuid.UUID | None, limit: int
) -> list[Account]:
    _read(session, admin, now, secret, "accounts")
    rls.as_system(session, "admin: accounts")  # everyone's account row, never their content
    return [account_of(u) for u in repo.accounts(session, after=after, limit=limit)]


def account_of(u: User) -> Account:
    """What an admin sees of a person."""
    return Account(
        u.id,
        u.role,
        mask(u.phone),
        u.language,
        u.timezone,
        u.sms_status,
        u.onboarding_state,
        u.created_at,
        u.last_seen_at,
    )


def health(session: Session, *, admin: User, now: datetime, secret: str) -> dict[str, Any]:
    _read(session, admin, now, secret, "health")
    rls.as_system(session, "admin: health counts")
    return repo.counts(session)


def audit_log(
    session: Session, *, admin: User, now: datetime, secret: str, before: datetime | None, limit: int
) -> list[AuditEvent]:
    _read(session, admin, now, secret, "audit")
    return repo.audit_events(session, before=before, limit=limit)


def _read(session: Session, admin: User, now: datetime, secret: str, what: str) -> None:
    audit.record(
        session, event="admin.read", actor="admin", now=now, secret=secret, person=admin.id, details={"what": what}
    )
