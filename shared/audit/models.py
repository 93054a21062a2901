"""Security events, append-only (a trigger refuses UPDATE and DELETE; migration 0015). A row names nobody:
the person is a keyed hash of their id (unlinkable once the id is erased), the address a keyed hash too, and
the details hold no secrets nor message bodies (shared.audit.service checks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin


class AuditEvent(IdMixin, Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_subject_at", "subject", "at"),
    )

    at: Mapped[datetime] = mapped_column(server_default=func.now())
    event: Mapped[str] = mapped_column(String(64))  # e.g. "me.export", "token.minted"
    actor: Mapped[str] = mapped_column(String(16))  # person | operator | admin | system
    subject: Mapped[str | None] = mapped_column(String(64))  # keyed hash of the person's id
    address: Mapped[str | None] = mapped_column(String(64))  # keyed hash of the client's IP address
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
