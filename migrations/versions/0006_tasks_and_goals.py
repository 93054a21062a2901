"""Tasks and goals: estimates, folded titles searched in SQL, replay-safe creation, goal reviews, and the
indexes of the list, due and search queries

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED_TITLE = f"translate(lower(title), '{ACCENTED}', '{PLAIN}')"


def upgrade() -> None:
    for table in ("tasks", "user_goals"):
        op.add_column(
            table, sa.Column("title_folded", sa.Text(), sa.Computed(FOLDED_TITLE, persisted=True), nullable=True)
        )
        op.create_index(
            f"ix_{table}_title_search",
            table,
            [sa.text("to_tsvector('simple', title_folded)")],
            postgresql_using="gin",
        )
    op.add_column("tasks", sa.Column("estimate_minutes", sa.SmallInteger(), nullable=True))
    op.create_check_constraint(
        "ck_tasks_estimate", "tasks", "estimate_minutes IS NULL OR estimate_minutes BETWEEN 1 AND 1440"
    )
    op.add_column("tasks", sa.Column("source_message_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        "fk_tasks_source_message_id_messages", "tasks", "messages", ["source_message_id"], ["id"], ondelete="SET NULL"
    )
    op.create_index("uq_tasks_source_message_title", "tasks", ["source_message_id", sa.text("md5(title)")], unique=True)
    op.create_index("ix_tasks_user_id_created_at", "tasks", ["user_id", "created_at", "id"])
    op.create_index("ix_tasks_user_id_due_date", "tasks", ["user_id", "due_date", "id"])
    op.create_index("ix_tasks_user_id_priority", "tasks", ["user_id", "priority", "id"])
    op.create_index("ix_tasks_goal_id", "tasks", ["goal_id"])

    op.add_column("user_goals", sa.Column("last_reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_user_goals_parent_id", "user_goals", ["parent_id"])
    op.create_index("ix_user_goals_user_id_created_at", "user_goals", ["user_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_user_goals_user_id_created_at", table_name="user_goals")
    op.drop_index("ix_user_goals_parent_id", table_name="user_goals")
    op.drop_column("user_goals", "last_reviewed_at")

    op.drop_index("ix_tasks_goal_id", table_name="tasks")
    op.drop_index("ix_tasks_user_id_priority", table_name="tasks")
    op.drop_index("ix_tasks_user_id_due_date", table_name="tasks")
    op.drop_index("ix_tasks_user_id_created_at", table_name="tasks")
    op.drop_index("uq_tasks_source_message_title", table_name="tasks")
    op.drop_constraint("fk_tasks_source_message_id_messages", "tasks", type_="foreignkey")
    op.drop_column("tasks", "source_message_id")
    op.drop_constraint("ck_tasks_estimate", "tasks", type_="check")
    op.drop_column("tasks", "estimate_minutes")
    for table in ("user_goals", "tasks"):
        op.drop_index(f"ix_{table}_title_search", table_name=table)
        op.drop_column(table, "title_folded")
