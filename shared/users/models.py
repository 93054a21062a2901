"""People and their settings."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
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


class UserSettings(TimestampsMixin, Base):
    __tablename__ = "user_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    morning_plan_at: Mapped[time | None]
    quiet_hours_start: Mapped[time | None]
    quiet_hours_end: Mapped[time | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    notes: Mapped[str | None] = mapped_column(Text)
