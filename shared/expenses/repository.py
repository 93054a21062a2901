"""Expenses, categories and budget warnings: every query about them, each scoped to one person."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared.crypto.orm import seal_row
from shared.crypto.service import keyed_id
from shared.db.paging import Cursor, Page, after, page
from shared.errors import InvalidInput
from shared.expenses.models import BudgetAlert, Expense, ExpenseCategory
from shared.users.models import UserSettings


def currency_setting(session: Session, user_id: uuid.UUID) -> str | None:
    """The person's own default currency (user_settings.currency), if they chose one."""
    return session.scalar(select(UserSettings.currency).where(UserSettings.user_id == user_id))


# --- expenses ------------------------------------------------------------------------------------------------
def add(session: Session, *, user_id: uuid.UUID, now: datetime, **values: Any) -> uuid.UUID | None:
    """Insert an expense, its description sealed; None when the same message already added this one (a replayed
    turn: its id is derived from the message, amount, currency and description under the person's key)."""
    if values.get("source_message_id") is not None:
        parts = (values["source_message_id"], values["amount"], values["currency"], values.get("description") or "")
        row_id = keyed_id(session, user_id, "expense", *(str(p) for p in parts))
    else:
        row_id = uuid.uuid4()
    row = seal_row(session, Expense.__tablename__, {"id": row_id, "user_id": user_id, **values})
    return session.execute(
        insert(Expense)
        .values(created_at=now, updated_at=now, **row)
        .on_conflict_do_nothing(index_elements=[Expense.id])
        .returning(Expense.id)
    ).scalar_one_or_none()


def by_source(
    session: Session, user_id: uuid.UUID, message_id: uuid.UUID, *, amount: Decimal, currency: str
) -> list[Expense]:
    return list(
        session.scalars(
            select(Expense).where(
                Expense.user_id == user_id,
                Expense.source_message_id == message_id,
                Expense.amount == amount,
                Expense.currency == currency,
            )
        )
    )


def get(session: Session, user_id: uuid.UUID, expense_id: uuid.UUID, *, lock: bool = False) -> Expense | None:
    """One of this person's expenses (another person's id finds nothing)."""
    query = select(Expense).where(Expense.id == expense_id, Expense.user_id == user_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def last_added(session: Session, user_id: uuid.UUID) -> Expense | None:
    """The expense the person added most recently."""
    return session.scalars(
        select(Expense)
        .where(Expense.user_id == user_id)
        .order_by(Expense.created_at.desc(), Expense.id.desc())
        .limit(1)
        .with_for_update()
    ).one_or_none()


def remove(session: Session, expense: Expense) -> None:
    session.execute(delete(Expense).where(Expense.id == expense.id, Expense.user_id == expense.user_id))


SORTS = {"date": Expense.spent_on, "amount": Expense.amount}


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    start: date | None,
    end: date | None,
    category_id: uuid.UUID | None,
    currency: str | None,
    sort: str,
    cursor: Cursor | None,
    limit: int,
) -> Page[Expense]:
    """A page of the person's expenses between two dates (inclusive), sorted by date or amount ("-" first:
    descending), with a keyset cursor."""
    descending = sort.startswith("-")
    column = SORTS[sort.lstrip("-")]
    query = select(Expense).where(Expense.user_id == user_id)
    if start is not None:
        query = query.where(Expense.spent_on >= start)
    if end is not None:
        query = query.where(Expense.spent_on <= end)
    if category_id is not None:
        query = query.where(Expense.category_id == category_id)
    if currency is not None:
        query = query.where(Expense.currency == currency)
    if cursor is not None and column is Expense.spent_on:
        try:  # dates travel in the cursor as ISO text
            cursor = Cursor(date.fromisoformat(str(cursor.value)), cursor.id)
        except ValueError as exc:
            raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor") from exc
    elif cursor is not None and not isinstance(cursor.value, Decimal):
        raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")
    rows = list(session.scalars(after(query, column, Expense.id, cursor, descending=descending).limit(limit + 1)))
    if column is Expense.spent_on:
        return page(rows, limit, lambda e: e.spent_on.isoformat())
    return page(rows, limit, lambda e: e.amount)


def totals(
    session: Session,
    user_id: uuid.UUID,
    *,
    start: date,
    end: date,
    category_ids: list[uuid.UUID] | None = None,
    currency: str | None = None,
) -> list[tuple[uuid.UUID | None, str, Decimal, int]]:
    """(category, currency, sum, count) of the one-off expenses dated in [start, end): never a sum across
    currencies."""
    query = (
        select(Expense.category_id, Expense.currency, func.sum(Expense.amount), func.count())
        .where(
            Expense.user_id == user_id,
            Expense.recurrence.is_(None),
            Expense.spent_on >= start,
            Expense.spent_on < end,
        )
        .group_by(Expense.category_id, Expense.currency)
    )
    if category_ids is not None:
        query = query.where(Expense.category_id.in_(category_ids))
    if currency is not None:
        query = query.where(Expense.currency == currency)
    return [(c, cur, Decimal(total), int(n)) for c, cur, total, n in session.execute(query).all()]


def recurring(
    session: Session,
    user_id: uuid.UUID,
    *,
    before: date,
    category_ids: list[uuid.UUID] | None = None,
    currency: str | None = None,
) -> list[Expense]:
    """The person's recurring expenses that started before `before`."""
    query = select(Expense).where(
        Expense.user_id == user_id, Expense.recurrence.is_not(None), Expense.spent_on < before
    )
    if category_ids is not None:
        query = query.where(Expense.category_id.in_(category_ids))
    if currency is not None:
        query = query.where(Expense.currency == currency)
    return list(session.scalars(query.order_by(Expense.spent_on, Expense.id)))


# --- categories ----------------------------------------------------------------------------------------------
def categories(session: Session, user_id: uuid.UUID) -> list[ExpenseCategory]:
    return list(
        session.scalars(
            select(ExpenseCategory)
            .where(ExpenseCategory.user_id == user_id)
            .order_by(ExpenseCategory.created_at, ExpenseCategory.id)
        )
    )


def category(
    session: Session, user_id: uuid.UUID, category_id: uuid.UUID, *, lock: bool = False
) -> ExpenseCategory | None:
    query = select(ExpenseCategory).where(ExpenseCategory.id == category_id, ExpenseCategory.user_id == user_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def category_named(session: Session, user_id: uuid.UUID, name: str) -> ExpenseCategory | None:
    return session.scalars(
        select(ExpenseCategory).where(ExpenseCategory.user_id == user_id, ExpenseCategory.name == name)
    ).one_or_none()


def add_category(
    session: Session,
    *,
    user_id: uuid.UUID,
    now: datetime,
    name: str,
    kind: str | None,
    currency: str,
    monthly_budget: Decimal | None = None,
) -> uuid.UUID | None:
    """Insert a category; None when the person already has one with this name (a concurrent turn)."""
    return session.execute(
        insert(ExpenseCategory)
        .values(
            user_id=user_id,
            name=name,
            kind=kind,
            currency=currency,
            monthly_budget=monthly_budget,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[ExpenseCategory.user_id, ExpenseCategory.name])
        .returning(ExpenseCategory.id)
    ).scalar_one_or_none()


def page_categories(
    session: Session, user_id: uuid.UUID, *, cursor: Cursor | None, limit: int
) -> Page[ExpenseCategory]:
    """A page of the person's categories by name."""
    if cursor is not None and not isinstance(cursor.value, str):
        raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")
    query = select(ExpenseCategory).where(ExpenseCategory.user_id == user_id)
    rows = list(session.scalars(after(query, ExpenseCategory.name, ExpenseCategory.id, cursor).limit(limit + 1)))
    return page(rows, limit, lambda c: c.name)


def remove_category(session: Session, found: ExpenseCategory) -> None:
    session.execute(
        delete(ExpenseCategory).where(ExpenseCategory.id == found.id, ExpenseCategory.user_id == found.user_id)
    )


# --- budget warnings -----------------------------------------------------------------------------------------
def record_alerts(
    session: Session,
    *,
    user_id: uuid.UUID,
    category_id: uuid.UUID,
    month: date,
    thresholds: list[int],
    currency: str,
    budget: Decimal,
    total: Decimal,
    expense_id: uuid.UUID | None,
    now: datetime,
) -> list[int]:
    """Record these thresholds as crossed for the month; only the ones recorded now come back (the unique key
    keeps each to once, whatever the retries)."""
    if not thresholds:
        return []
    rows = [
        {
            "user_id": user_id,
            "category_id": category_id,
            "month": month,
            "threshold": threshold,
            "currency": currency,
            "budget": budget,
            "total": total,
            "expense_id": expense_id,
            "created_at": now,
        }
        for threshold in thresholds
    ]
    inserted = session.execute(
        insert(BudgetAlert)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[BudgetAlert.category_id, BudgetAlert.month, BudgetAlert.threshold])
        .returning(BudgetAlert.threshold)
    ).scalars()
    return sorted(int(t) for t in inserted)


def mark_alert_sent(session: Session, *, category_id: uuid.UUID, month: date, threshold: int, now: datetime) -> None:
    session.execute(
        update(BudgetAlert)
        .where(BudgetAlert.category_id == category_id, BudgetAlert.month == month, BudgetAlert.threshold == threshold)
        .values(sent_at=now)
    )


def alerts(session: Session, user_id: uuid.UUID, *, month: date) -> list[BudgetAlert]:
    return list(
        session.scalars(
            select(BudgetAlert)
            .where(BudgetAlert.user_id == user_id, BudgetAlert.month == month)
            .order_by(BudgetAlert.created_at, BudgetAlert.threshold)
        )
    )
