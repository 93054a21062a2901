"""Audit events: insert and read, nothing else (the table refuses updates and deletes)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.audit.models import AuditEvent


def add(session: Session, event: AuditEvent) -> AuditEvent:
    session.add(event)
    session.flush()
    return event


def of_subject(session: Session, subject: str, *, limit: int = 100) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.at.desc()).limit(limit)
        )
    )
