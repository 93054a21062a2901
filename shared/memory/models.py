"""Long-term memory: facts the person told us, with importance, decay and an embedding; and the searchable
chunks of their notes.

Vectors: the column is an unsized `vector`, and each row stores the name and dimension of the model that made
it. A search compares only rows of the current model (the offline multilingual-e5-small gives 384 dimensions,
Gemini the dimension it is asked for), so switching models never compares apples with pears, and the re-embed
job catches up row by row. There is no vector index: one person's rows are few and an exact scan through the
user-first index is both exact and fast (LIBRARIES.md §11); a shared HNSW index post-filters on pgvector 0.6.2
and silently returns too few rows.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pgvector.sqlalchemy import Vector
from sqlalchemy import ARRAY, Computed, Float, ForeignKey, Index, SmallInteger, String, Text, Uuid
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, CreatedMixin, IdMixin, TimestampsMixin

# Accents folded, both cases, as the notes slice does (lower() may not fold non-ASCII letters under the
# database's locale).
ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
_FOLDED = f"translate(lower({{col}}), '{ACCENTED}', '{PLAIN}')"
# The memory's own language configuration (stemming, stop words) plus 'simple' (names, codes and words of the
# other language match as they are).
MEMORY_SEARCH = (
    "setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig"
    f" ELSE 'simple'::regconfig END, {_FOLDED.format(col='content')}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {_FOLDED.format(col='content')}), 'B')"
    " || setweight(array_to_tsvector(tags), 'A')"
)
# A note's chunk: its language is unknown, so French, English and simple together.
CHUNK_SEARCH = (
    f"setweight(to_tsvector('french'::regconfig, {_FOLDED.format(col='content')}), 'A')"
    f" || setweight(to_tsvector('english'::regconfig, {_FOLDED.format(col='content')}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {_FOLDED.format(col='content')}), 'B')"
)


class LtmMemory(IdMixin, TimestampsMixin, Base):
    __tablename__ = "ltm_memories"
    __table_args__ = (
        Index("ix_ltm_memories_user_id_created_at", "user_id", "created_at"),
        # The exact per-user vector scan and the re-embed job's "rows of another model".
        Index("ix_ltm_memories_user_id_embedding_model", "user_id", "embedding_model"),
        Index("ix_ltm_memories_embedding_model", "embedding_model"),
        Index("ix_ltm_memories_search", "search", postgresql_using="gin"),
    )

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
    language: Mapped[str | None] = mapped_column(String(2))  # 'fr', 'en' or None (simple configuration)
    # Deferred: parsing 384 floats per row costs ~0.5 ms; only the re-embed job and tests read them back.
    embedding: Mapped[list[float] | None] = mapped_column(Vector(), deferred=True)
    embedding_model: Mapped[str | None] = mapped_column(String(100))
    embedding_dim: Mapped[int | None] = mapped_column(SmallInteger)
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(MEMORY_SEARCH, persisted=True), deferred=True)
    archived_at: Mapped[datetime | None]
    archive_reason: Mapped[str | None] = mapped_column(Text)


class NoteChunk(IdMixin, CreatedMixin, Base):
    """A piece of a note (about 500 characters, cut at paragraphs then sentences), searched like a memory."""

    __tablename__ = "note_chunks"
    __table_args__ = (
        Index("ix_note_chunks_user_id_embedding_model", "user_id", "embedding_model"),
        Index("ix_note_chunks_note_id", "note_id"),
        Index("ix_note_chunks_embedding_model", "embedding_model"),
        Index("ix_note_chunks_search", "search", postgresql_using="gin"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    content: Mapped[str] = mapped_column(Text)
    note_updated_at: Mapped[datetime]  # the note's version this chunk was cut from (stale when it differs)
    embedding: Mapped[list[float] | None] = mapped_column(Vector(), deferred=True)
    embedding_model: Mapped[str | None] = mapped_column(String(100))
    embedding_dim: Mapped[int | None] = mapped_column(SmallInteger)
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(CHUNK_SEARCH, persisted=True), deferred=True)
