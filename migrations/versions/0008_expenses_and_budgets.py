"""Expenses and budgets: payment method, recurring rules and the message an expense came from; a kind per
category (so "resto" and "restaurant" are one); the budget warnings already sent (once each per category,
month and threshold); indexes for lists, totals and "the last one"

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAYMENT_CHECK = (
    "payment_method IS NULL OR payment_method IN "
    "('card', 'cash', 'transfer', 'cheque', 'direct_debit', 'mobile', 'other')"
)


def upgrade() -> None:
    op.add_column("expense_categories", sa.Column("kind", sa.String(length=32), nullable=True))
    op.create_check_constraint(
        op.f("ck_expense_categories_budget_positive"),
        "expense_categories",
        "monthly_budget IS NULL OR monthly_budget > 0",
    )
    op.create_index("ix_expense_categories_user_id_kind", "expense_categories", ["user_id", "kind"])

    op.add_column("expenses", sa.Column("payment_method", sa.String(length=16), nullable=True))
    op.add_column("expenses", sa.Column("recurrence", sa.Text(), nullable=True))
    op.add_column("expenses", sa.Column("source_message_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_expenses_source_message_id_messages"),
        "expenses",
        "messages",
        ["source_message_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_check_constraint(op.f("ck_expenses_payment_method"), "expenses", PAYMENT_CHECK)
    op.create_index("ix_expenses_user_id_amount", "expenses", ["user_id", "amount"])
    op.create_index("ix_expenses_user_id_category_id_spent_on", "expenses", ["user_id", "category_id", "spent_on"])
    op.create_index("ix_expenses_user_id_created_at", "expenses", ["user_id", "created_at"])
    op.create_index(
        "ix_expenses_recurring", "expenses", ["user_id"], postgresql_where=sa.text("recurrence IS NOT NULL")
    )
    op.create_index(
        "uq_expenses_source_message_amount",
        "expenses",
        ["source_message_id", "amount", "currency", sa.text("md5(coalesce(description, ''))")],
        unique=True,
    )

    op.create_table(
        "budget_alerts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("threshold", sa.SmallInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("budget", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("expense_id", sa.Uuid(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("threshold IN (80, 100)", name=op.f("ck_budget_alerts_threshold")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_budget_alerts_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["expense_categories.id"],
            name=op.f("fk_budget_alerts_category_id_expense_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expense_id"], ["expenses.id"], name=op.f("fk_budget_alerts_expense_id_expenses"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_alerts")),
        sa.UniqueConstraint(
            "category_id", "month", "threshold", name=op.f("uq_budget_alerts_category_id_month_threshold")
        ),
    )
    op.create_index("ix_budget_alerts_user_id_month", "budget_alerts", ["user_id", "month"])


def downgrade() -> None:
    op.drop_index("ix_budget_alerts_user_id_month", table_name="budget_alerts")
    op.drop_table("budget_alerts")

    op.drop_index("uq_expenses_source_message_amount", table_name="expenses")
    op.drop_index("ix_expenses_recurring", table_name="expenses")
    op.drop_index("ix_expenses_user_id_created_at", table_name="expenses")
    op.drop_index("ix_expenses_user_id_category_id_spent_on", table_name="expenses")
    op.drop_index("ix_expenses_user_id_amount", table_name="expenses")
    op.drop_constraint(op.f("ck_expenses_payment_method"), "expenses", type_="check")
    op.drop_constraint(op.f("fk_expenses_source_message_id_messages"), "expenses", type_="foreignkey")
    op.drop_column("expenses", "source_message_id")
    op.drop_column("expenses", "recurrence")
    op.drop_column("expenses", "payment_method")

    op.drop_index("ix_expense_categories_user_id_kind", table_name="expense_categories")
    op.drop_constraint(op.f("ck_expense_categories_budget_positive"), "expense_categories", type_="check")
    op.drop_column("expense_categories", "kind")
