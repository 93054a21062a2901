"""Expenses as exact decimals, with categories, monthly budgets and the budget warnings already sent."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.crypto.orm import sealed_columns
from shared.db.base import Base, CreatedMixin, IdMixin, TimestampsMixin

PAYMENT_METHODS = ("card", "cash", "transfer", "cheque", "direct_debit", "mobile", "other")


class ExpenseCategory(IdMixin, TimestampsMixin, Base):
    __tablename__ = "expense_categories"
    __table_args__ = (
        UniqueConstraint("user_id", "name"),
        CheckConstraint("monthly_budget IS NULL OR monthly_budget > 0", name="budget_positive"),
        # "resto", "restaurant", "eating out" are one category: found by its kind, not only by its name.
        Index("ix_expense_categories_user_id_kind", "user_id", "kind"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    monthly_budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")  # the budget's
    kind: Mapped[str | None] = mapped_column(String(32))  # the keyword table's kind, e.g. "restaurant"


class Expense(IdMixin, TimestampsMixin, Base):
    __tablename__ = "expenses"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "payment_method IS NULL OR payment_method IN "
            "('card', 'cash', 'transfer', 'cheque', 'direct_debit', 'mobile', 'other')",
            name="payment_method",
        ),
        Index("ix_expenses_user_id_spent_on", "user_id", "spent_on"),
        # Lists sorted by amount, totals per category, "annule la dernière dépense", recurring rules.
        Index("ix_expenses_user_id_amount", "user_id", "amount"),
        Index("ix_expenses_user_id_category_id_spent_on", "user_id", "category_id", "spent_on"),
        Index("ix_expenses_user_id_created_at", "user_id", "created_at"),
        Index("ix_expenses_recurring", "user_id", postgresql_where=text("recurrence IS NOT NULL")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("expense_categories.id", ondelete="SET NULL"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(Text)  # sealed at rest (shared.crypto)
    spent_on: Mapped[date]  # the person's local date (the first occurrence for a recurring one)
    payment_method: Mapped[str | None] = mapped_column(String(16))
    recurrence: Mapped[str | None] = mapped_column(Text)  # RFC 5545 "DTSTART:<local>\nRRULE:<rule>"
    source_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))


class BudgetAlert(IdMixin, CreatedMixin, Base):
    """A category's budget warning for one month at one threshold: the unique key makes "once" hold under
    retries and concurrent turns."""

    __tablename__ = "budget_alerts"
    __table_args__ = (
        UniqueConstraint("category_id", "month", "threshold"),
        CheckConstraint("threshold IN (80, 100)", name="threshold"),
        Index("ix_budget_alerts_user_id_month", "user_id", "month"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("expense_categories.id", ondelete="CASCADE"))
    month: Mapped[date]  # the first day of the month
    threshold: Mapped[int] = mapped_column(SmallInteger)  # percent of the budget
    currency: Mapped[str] = mapped_column(String(3))
    budget: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # the month's total when it crossed
    expense_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("expenses.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None]  # when its SMS was queued (None: nobody to text, or a higher one was sent)


# A replayed turn adds nothing twice: an expense from a message gets an id derived from the message, amount,
# currency and description under the person's key (shared.expenses.repository.add), so the primary key refuses
# the second one. (The description is sealed with a random nonce, so a unique index over it could not.)
sealed_columns(Expense, "description")
