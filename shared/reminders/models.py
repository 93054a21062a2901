"""Reminders: one row per reminder, due time in UTC, optional RFC 5545 recurrence."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    func,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin

# Accents folded the same way as shared.brains.offline._lexicon.fold, both cases (the database's lower() may not
# lowercase non-ASCII letters under its locale).
ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED_TEXT = f"translate(lower(text), '{ACCENTED}', '{PLAIN}')"


class Reminder(IdMixin, TimestampsMixin, Base):
    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'fired', 'sent', 'acknowledged', 'cancelled', 'failed', 'suppressed')",
            name="status",
        ),
        CheckConstraint(
            "(nudge_every IS NULL) = (nudge_times IS NULL) "
            "AND (nudge_every IS NULL OR (nudge_every BETWEEN 5 AND 720 AND nudge_times BETWEEN 1 AND 10))",
            name="escalation",
        ),
        Index("ix_reminders_due", "due_at", postgresql_where=text("status = 'pending'")),
        Index("ix_reminders_user_id_due_at", "user_id", "due_at"),
        # The default list (/v1/reminders, "mes rappels"): one person's pending ones in due order, no filtering.
        Index("ix_reminders_user_pending", "user_id", "due_at", "id", postgresql_where=text("status = 'pending'")),
        # Every turn asks "what just rang" and "what was just set": one person's rows, not a scan of them.
        Index("ix_reminders_rung", "user_id", "fired_at", postgresql_where=text("fired_at IS NOT NULL")),
        Index("ix_reminders_set", "user_id", "created_at", postgresql_where=text("status = 'pending'")),
        # "plus besoin du rappel pour la banque": words searched in SQL, accents and case aside.
        Index(
            "ix_reminders_text_search", func.to_tsvector(text("'simple'"), text("text_folded")), postgresql_using="gin"
        ),
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
    text_folded: Mapped[str] = mapped_column(Text, Computed(FOLDED_TEXT, persisted=True))
    due_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(2))  # of the request: the reminder rings in it
    fired_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # The person asked for this clock time ("à 23h"): it rings then, even in their quiet hours. A time counted
    # from now ("dans 2 h"), a snooze or a default hour waits for the end of quiet hours instead.
    explicit_time: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    hold_until: Mapped[datetime | None]  # set by the sweep: not before then (the end of quiet hours)
    # Escalation: when nobody answers, nudge again every `nudge_every` minutes, at most `nudge_times` times.
    nudge_every: Mapped[int | None] = mapped_column(SmallInteger)
    nudge_times: Mapped[int | None] = mapped_column(SmallInteger)
    nudged: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    last_nudged_at: Mapped[datetime | None]
