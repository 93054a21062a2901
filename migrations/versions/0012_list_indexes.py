"""Indexes for the default lists, from bench/api.py's EXPLAIN: pending reminders in due order, open tasks by
deadline (no deadline last)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_reminders_user_pending",
        "reminders",
        ["user_id", "due_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_tasks_user_open_due",
        "tasks",
        ["user_id", sa.text("COALESCE(due_date, '9999-12-31'::date)"), "id"],
        postgresql_where=sa.text("status IN ('todo', 'doing')"),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_user_open_due", table_name="tasks")
    op.drop_index("ix_reminders_user_pending", table_name="reminders")
