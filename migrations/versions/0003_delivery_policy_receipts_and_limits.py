"""Delivery policy, receipts and limits: retry windows and failure reasons on the outbox, provider ids
for status callbacks, a 'suppressed' reminder status, and the inbound rate index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OUTBOX_COLUMNS = (
    sa.Column("language", sa.String(length=2), nullable=True),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("in_doubt", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    sa.Column("failure", sa.String(length=24), nullable=True),
    sa.Column("provider_error", sa.Integer(), nullable=True),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
)
_OLD_REMINDER_STATUSES = "status IN ('pending', 'fired', 'sent', 'acknowledged', 'cancelled', 'failed')"
_NEW_REMINDER_STATUSES = "status IN ('pending', 'fired', 'sent', 'acknowledged', 'cancelled', 'failed', 'suppressed')"


def upgrade() -> None:
    for column in _OUTBOX_COLUMNS:
        op.add_column("outbox", column)
    op.create_index("ix_outbox_provider_sid", "outbox", ["provider_sid"], unique=False)
    op.create_index("ix_messages_from_phone_received_at", "messages", ["from_phone", "received_at"], unique=False)
    op.drop_constraint(op.f("ck_reminders_status"), "reminders", type_="check")
    op.create_check_constraint(op.f("ck_reminders_status"), "reminders", _NEW_REMINDER_STATUSES)


def downgrade() -> None:
    op.execute("UPDATE reminders SET status = 'failed' WHERE status = 'suppressed'")
    op.drop_constraint(op.f("ck_reminders_status"), "reminders", type_="check")
    op.create_check_constraint(op.f("ck_reminders_status"), "reminders", _OLD_REMINDER_STATUSES)
    op.drop_index("ix_messages_from_phone_received_at", table_name="messages")
    op.drop_index("ix_outbox_provider_sid", table_name="outbox")
    for column in reversed(_OUTBOX_COLUMNS):
        op.drop_column("outbox", column.name)
