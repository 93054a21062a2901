"""A reminder keeps the language it was asked in, and rings in it; one message may set several reminders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("reminders", sa.Column("language", sa.String(length=2), nullable=True))
    op.drop_constraint(op.f("uq_reminders_source_message_id"), "reminders", type_="unique")
    op.create_index(
        "uq_reminders_source_message_due_text",
        "reminders",
        ["source_message_id", "due_at", sa.text("md5(text)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_reminders_source_message_due_text", table_name="reminders")
    op.execute(
        "DELETE FROM reminders r USING reminders o WHERE r.source_message_id = o.source_message_id AND r.id > o.id"
    )
    op.create_unique_constraint(op.f("uq_reminders_source_message_id"), "reminders", ["source_message_id"])
    op.drop_column("reminders", "language")
