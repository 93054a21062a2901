"""Reminders: one row per reminder, due time in UTC, optional RFC 5545 recurrence."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, text
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
        # One message may set several reminders, but a replayed turn sets none twice: the same message, text
        # and time are one reminder (md5: a long text would not fit in a btree entry).
        Index(
            "uq_reminders_source_message_due_text",
            "source_message_id",
            "due_at",
            func.md5(text("text")),
            unique=True,
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(2))  # of the request: the reminder rings in it
    fired_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
