"""Notes: a title always, tags, a folded full-text vector (GIN) ranked for "retrouve ma note sur…", and the
indexes of the API's filters and sorts

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
SEARCH_VECTOR = (
    f"setweight(to_tsvector('simple'::regconfig, translate(lower(title), '{ACCENTED}', '{PLAIN}')), 'A')"
    " || setweight(array_to_tsvector(tags), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, translate(lower(body), '{ACCENTED}', '{PLAIN}')), 'B')"
)


def upgrade() -> None:
    # Every note has a title: one without gets its first words.
    op.execute("UPDATE notes SET title = left(body, 60) WHERE title IS NULL")
    op.alter_column("notes", "title", existing_type=sa.Text(), nullable=False, server_default="")
    op.add_column("notes", sa.Column("tags", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.add_column(
        "notes",
        sa.Column("search", postgresql.TSVECTOR(), sa.Computed(SEARCH_VECTOR, persisted=True), nullable=True),
    )
    op.create_index("ix_notes_search", "notes", ["search"], postgresql_using="gin")
    op.create_index("ix_notes_tags", "notes", ["tags"], postgresql_using="gin")
    op.create_index("ix_notes_user_id_created_at", "notes", ["user_id", "created_at"])
    op.create_index("ix_notes_user_id_title", "notes", ["user_id", "title"])
    op.create_index("ix_notes_user_id_parent_id", "notes", ["user_id", "parent_id"])


def downgrade() -> None:
    op.drop_index("ix_notes_user_id_parent_id", table_name="notes")
    op.drop_index("ix_notes_user_id_title", table_name="notes")
    op.drop_index("ix_notes_user_id_created_at", table_name="notes")
    op.drop_index("ix_notes_tags", table_name="notes")
    op.drop_index("ix_notes_search", table_name="notes")
    op.drop_column("notes", "search")
    op.drop_column("notes", "tags")
    op.alter_column("notes", "title", existing_type=sa.Text(), nullable=True, server_default=None)
