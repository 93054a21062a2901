"""Settings, quiet hours and reminder escalation: a daily cap of proactive messages; a reminder remembers whether
its time was asked for explicitly, how long quiet hours hold it, and how it insists when nobody answers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("user_settings", sa.Column("daily_cap", sa.SmallInteger(), nullable=True))
    op.create_check_constraint(
        op.f("ck_user_settings_daily_cap"), "user_settings", "daily_cap IS NULL OR daily_cap BETWEEN 0 AND 50"
    )
    op.create_check_constraint(
        op.f("ck_user_settings_quiet_hours"),
        "user_settings",
        "(quiet_hours_start IS NULL) = (quiet_hours_end IS NULL) "
        "AND (quiet_hours_start IS NULL OR quiet_hours_start <> quiet_hours_end)",
    )
    # Existing reminders keep ringing on time: their time counts as asked for.
    op.add_column("reminders", sa.Column("explicit_time", sa.Boolean(), server_default=sa.text("true"), nullable=False))
    op.add_column("reminders", sa.Column("hold_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("reminders", sa.Column("nudge_every", sa.SmallInteger(), nullable=True))
    op.add_column("reminders", sa.Column("nudge_times", sa.SmallInteger(), nullable=True))
    op.add_column("reminders", sa.Column("nudged", sa.SmallInteger(), server_default=sa.text("0"), nullable=False))
    op.add_column("reminders", sa.Column("last_nudged_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        op.f("ck_reminders_escalation"),
        "reminders",
        "(nudge_every IS NULL) = (nudge_times IS NULL) "
        "AND (nudge_every IS NULL OR (nudge_every BETWEEN 5 AND 720 AND nudge_times BETWEEN 1 AND 10))",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_reminders_escalation"), "reminders", type_="check")
    for name in ("last_nudged_at", "nudged", "nudge_times", "nudge_every", "hold_until", "explicit_time"):
        op.drop_column("reminders", name)
    op.drop_constraint(op.f("ck_user_settings_quiet_hours"), "user_settings", type_="check")
    op.drop_constraint(op.f("ck_user_settings_daily_cap"), "user_settings", type_="check")
    op.drop_column("user_settings", "daily_cap")
