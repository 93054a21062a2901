"""Every SMS in and out: the message log and the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, CreatedMixin, IdMixin


class Message(IdMixin, CreatedMixin, Base):
    """An inbound message, stored before the webhook answers; unique on the provider's id."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        Index("ix_messages_user_id_created_at", "user_id", "created_at"),
        # Inbound rate per phone (abuse limits), counted by the agent turn.
        Index("ix_messages_from_phone_received_at", "from_phone", "received_at"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(8), default="sms", server_default="sms")
    direction: Mapped[str] = mapped_column(String(3))
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    from_phone: Mapped[str] = mapped_column(String(20))
    to_phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    received_at: Mapped[datetime]


class Outbox(IdMixin, CreatedMixin, Base):
    """Every outbound SMS, written in the transaction that decided it; sent at least once, keyed for dedupe."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'suppressed')", name="status"),
        Index("ix_outbox_pending", "next_attempt_at", postgresql_where=text("status IN ('pending', 'sending')")),
        Index("ix_outbox_user_id_created_at", "user_id", "created_at"),
        Index("ix_outbox_to_phone_created_at", "to_phone", "created_at"),
        Index("ix_outbox_reminders_sent", "sent_at", postgresql_where=text("kind = 'reminder' AND status = 'sent'")),
        # Delivery receipts find their row by the provider's id.
        Index("ix_outbox_provider_sid", "provider_sid"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # reply | reminder | nudge | notice
    to_phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    reminder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("reminders.id", ondelete="SET NULL"))
    in_reply_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    provider_status: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(2))  # the recipient's, for notes added at send time
    # When it was meant to reach the person (a reminder's due time): a late delivery says by how much.
    due_at: Mapped[datetime | None]
    # Transient failures are retried until then (a window per kind); afterwards the row fails as expired.
    expires_at: Mapped[datetime | None]
    attempted_at: Mapped[datetime | None]  # start of the latest attempt: a crash is looked up from there
    # The last attempt may have reached the provider (a timeout, a dropped connection): look it up there
    # before sending again.
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    failure: Mapped[str | None] = mapped_column(String(24))  # why it failed for good (policy.Failure)
    provider_error: Mapped[int | None] = mapped_column(Integer)  # the provider's last error code
    delivered_at: Mapped[datetime | None]  # the carrier's receipt ("delivered")
