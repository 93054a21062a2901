"""Long-term memory: an unsized vector column with the model's name and dimension beside it (vectors of
different models are never compared; the re-embed job converts them), the memory's language and a full-text
vector in its configuration, and note chunks searched the same way

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 14:00:00
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED = f"translate(lower(content), '{ACCENTED}', '{PLAIN}')"
MEMORY_SEARCH = (
    "setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig"
    f" ELSE 'simple'::regconfig END, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {FOLDED}), 'B')"
    " || setweight(array_to_tsvector(tags), 'A')"
)
CHUNK_SEARCH = (
    f"setweight(to_tsvector('french'::regconfig, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('english'::regconfig, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {FOLDED}), 'B')"
)


def upgrade() -> None:
    # Nothing wrote the seed's 768-dimension vectors: they are dropped, not converted (the job re-embeds).
    op.drop_column("ltm_memories", "embedding")
    op.add_column("ltm_memories", sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(), nullable=True))
    op.add_column("ltm_memories", sa.Column("embedding_model", sa.String(length=100), nullable=True))
    op.add_column("ltm_memories", sa.Column("embedding_dim", sa.SmallInteger(), nullable=True))
    op.add_column("ltm_memories", sa.Column("language", sa.String(length=2), nullable=True))
    op.add_column(
        "ltm_memories",
        sa.Column("search", postgresql.TSVECTOR(), sa.Computed(MEMORY_SEARCH, persisted=True), nullable=True),
    )
    op.create_index("ix_ltm_memories_user_id_embedding_model", "ltm_memories", ["user_id", "embedding_model"])
    op.create_index("ix_ltm_memories_embedding_model", "ltm_memories", ["embedding_model"])
    op.create_index("ix_ltm_memories_search", "ltm_memories", ["search"], postgresql_using="gin")

    op.create_table(
        "note_chunks",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("note_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("note_updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(), nullable=True),
        sa.Column("embedding_model", sa.String(length=100), nullable=True),
        sa.Column("embedding_dim", sa.SmallInteger(), nullable=True),
        sa.Column("search", postgresql.TSVECTOR(), sa.Computed(CHUNK_SEARCH, persisted=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_note_chunks_note_id_notes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_note_chunks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_chunks")),
    )
    op.create_index("ix_note_chunks_user_id_embedding_model", "note_chunks", ["user_id", "embedding_model"])
    op.create_index("ix_note_chunks_note_id", "note_chunks", ["note_id"])
    op.create_index("ix_note_chunks_embedding_model", "note_chunks", ["embedding_model"])
    op.create_index("ix_note_chunks_search", "note_chunks", ["search"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_note_chunks_search", table_name="note_chunks")
    op.drop_index("ix_note_chunks_embedding_model", table_name="note_chunks")
    op.drop_index("ix_note_chunks_note_id", table_name="note_chunks")
    op.drop_index("ix_note_chunks_user_id_embedding_model", table_name="note_chunks")
    op.drop_table("note_chunks")
    op.drop_index("ix_ltm_memories_search", table_name="ltm_memories")
    op.drop_index("ix_ltm_memories_embedding_model", table_name="ltm_memories")
    op.drop_index("ix_ltm_memories_user_id_embedding_model", table_name="ltm_memories")
    op.drop_column("ltm_memories", "search")
    op.drop_column("ltm_memories", "language")
    op.drop_column("ltm_memories", "embedding_dim")
    op.drop_column("ltm_memories", "embedding_model")
    op.drop_column("ltm_memories", "embedding")
    op.add_column("ltm_memories", sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=768), nullable=True))
