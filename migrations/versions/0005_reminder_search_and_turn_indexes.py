"""Reminders: words searched in SQL (a folded copy of the text with a GIN index), and the indexes each
turn's "what just rang / what was just set" queries use

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"


def upgrade() -> None:
    op.add_column(
        "reminders",
        sa.Column(
            "text_folded",
            sa.Text(),
            sa.Computed(f"translate(lower(text), '{ACCENTED}', '{PLAIN}')", persisted=True),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_reminders_text_search",
        "reminders",
        [sa.text("to_tsvector('simple', text_folded)")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_reminders_rung", "reminders", ["user_id", "fired_at"], postgresql_where=sa.text("fired_at IS NOT NULL")
    )
    op.create_index(
        "ix_reminders_set", "reminders", ["user_id", "created_at"], postgresql_where=sa.text("status = 'pending'")
    )


def downgrade() -> None:
    op.drop_index("ix_reminders_set", table_name="reminders")
    op.drop_index("ix_reminders_rung", table_name="reminders")
    op.drop_index("ix_reminders_text_search", table_name="reminders")
    op.drop_column("reminders", "text_folded")
