"""Reminders: one row per reminder, due time in UTC, optional RFC 5545 recurrence."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class Reminder(IdMixin, TimestampsMixin, Base):
    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'fired', 'sent', 'acknowledged', 'cancelled', 'failed', 'suppressed')",
            name="status",
        ),
        Index("ix_reminders_due", "due_at", postgresql_where=text("status = 'pending'")),
        Index("ix_reminders_user_id_due_at", "user_id", "due_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), unique=True
    )
    language: Mapped[str | None] = mapped_column(String(2))  # of the request: the reminder rings in it
    fired_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
