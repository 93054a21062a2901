"""People and their settings."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class User(IdMixin, TimestampsMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint("role IN ('user', 'admin')", name="role"),
        CheckConstraint("sms_status IN ('active', 'opted_out')", name="sms_status"),
    )

    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2), default="fr", server_default="fr")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris", server_default="Europe/Paris")
    role: Mapped[str] = mapped_column(String(16), default="user", server_default="user")
    sms_status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    onboarding_state: Mapped[str] = mapped_column(String(32), default="new", server_default="new")
    last_seen_at: Mapped[datetime | None]
    # "Sign out everywhere": sign-in tokens issued at or before this second are refused.
    tokens_valid_after: Mapped[datetime | None]


class UserSettings(TimestampsMixin, Base):
    __tablename__ = "user_settings"
    __table_args__ = (
        CheckConstraint("daily_cap IS NULL OR daily_cap BETWEEN 0 AND 50", name="daily_cap"),
        CheckConstraint(
            "(quiet_hours_start IS NULL) = (quiet_hours_end IS NULL) "
            "AND (quiet_hours_start IS NULL OR quiet_hours_start <> quiet_hours_end)",
            name="quiet_hours",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    morning_plan_at: Mapped[time | None]
    quiet_hours_start: Mapped[time | None]
    quiet_hours_end: Mapped[time | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    # At most this many messages a day that Boussole starts itself (follow-ups, notices, the morning plan);
    # None: no cap of the person's own. Reminders the person asked for are never counted nor capped.
    daily_cap: Mapped[int | None] = mapped_column(SmallInteger)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    notes: Mapped[str | None] = mapped_column(Text)
