"""Calendar events, ours or synced from Microsoft Graph.

Every event has an end: the one said ("de 14h à 15h", "jusqu'à 16h"), else one hour after its start
(DEFAULT_DURATION in the service); an all-day event runs from its local midnight to the next one. So "what
overlaps this day" is always `starts_at < day_end AND ends_at > day_start`, on two indexes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class Event(IdMixin, TimestampsMixin, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_user_id_starts_at", "user_id", "starts_at"),
        Index("ix_events_user_id_ends_at", "user_id", "ends_at"),
        # A place's last and next visit: the person's events at that place, by start.
        Index(
            "ix_events_user_id_location_id_starts_at",
            "user_id",
            "location_id",
            "starts_at",
            postgresql_where=text("location_id IS NOT NULL"),
        ),
        UniqueConstraint("user_id", "source", "external_id"),
        # A replayed turn adds nothing twice: the same message, start and title are one event.
        Index(
            "uq_events_source_message_start_title",
            "source_message_id",
            "starts_at",
            func.md5(text("title")),
            unique=True,
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    all_day: Mapped[bool] = mapped_column(default=False, server_default="false")
    location: Mapped[str | None] = mapped_column(Text)  # the place as said ("au zénith", "12 rue de la Paix")
    location_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="local", server_default="local")
    external_id: Mapped[str | None] = mapped_column(String(256))
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
