"""Notes (a tree: a note can hold notes), with tags and a folded full-text vector for "retrouve ma note sur…"."""

from __future__ import annotations

import uuid

from sqlalchemy import Computed, ForeignKey, Index, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin

# Accents folded like shared.brains.offline._lexicon.fold, both cases (lower() may not fold non-ASCII letters
# under the database's locale). Tags are stored folded already (shared.notes.service.tag_of).
ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
# The title and the tags weigh more than the body when results are ranked ('simple': no stemming, no stop words,
# the same in French and English).
SEARCH_VECTOR = (
    f"setweight(to_tsvector('simple'::regconfig, translate(lower(title), '{ACCENTED}', '{PLAIN}')), 'A')"
    " || setweight(array_to_tsvector(tags), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, translate(lower(body), '{ACCENTED}', '{PLAIN}')), 'B')"
)


class Note(IdMixin, TimestampsMixin, Base):
    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_user_id_updated_at", "user_id", "updated_at"),
        Index("ix_notes_user_id_created_at", "user_id", "created_at"),
        Index("ix_notes_user_id_title", "user_id", "title"),
        Index("ix_notes_user_id_parent_id", "user_id", "parent_id"),
        Index("ix_notes_tags", "tags", postgresql_using="gin"),
        Index("ix_notes_search", "search", postgresql_using="gin"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text, default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(SEARCH_VECTOR, persisted=True))
