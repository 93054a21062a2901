"""Outbox index for reminder follow-ups (sent reminder SMS, by send time)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:18:46.533552
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_reminders_sent",
        "outbox",
        ["sent_at"],
        unique=False,
        postgresql_where=sa.text("kind = 'reminder' AND status = 'sent'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_reminders_sent",
        table_name="outbox",
        postgresql_where=sa.text("kind = 'reminder' AND status = 'sent'"),
    )
