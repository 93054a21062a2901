"""Long-term memory: facts the person told us, with importance, decay and an embedding."""

from __future__ import annotations

import uuid
from datetime import datetime

from pgvector.sqlalchemy import Vector
from sqlalchemy import ARRAY, Float, ForeignKey, Index, SmallInteger, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin

EMBEDDING_DIMENSIONS = 768


class LtmMemory(IdMixin, TimestampsMixin, Base):
    __tablename__ = "ltm_memories"
    # One user's memories are few: an exact scan through this user-first index beats a filtered HNSW
    # scan, which post-filters on pgvector 0.6.2 and loses recall (LIBRARIES.md §11).
    __table_args__ = (Index("ix_ltm_memories_user_id_created_at", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    content: Mapped[str] = mapped_column(Text)
    memory_type: Mapped[str] = mapped_column(String(32), default="fact", server_default="fact")
    category: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list, server_default="{}")
    importance: Mapped[int] = mapped_column(SmallInteger, default=5, server_default="5")
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")
    dynamic_importance: Mapped[float] = mapped_column(Float, default=5.0, server_default="5.0")
    access_count: Mapped[int] = mapped_column(default=0, server_default="0")
    last_accessed_at: Mapped[datetime | None]
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    source_note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id", ondelete="SET NULL"))
    related_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list, server_default="{}")
    embedding: Mapped[list[float] | None] = mapped_column(Vector(EMBEDDING_DIMENSIONS))
    archived_at: Mapped[datetime | None]
    archive_reason: Mapped[str | None] = mapped_column(Text)
