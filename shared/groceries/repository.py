"""Groceries: every query about a person's shopping list (always scoped by user_id)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.groceries.models import GroceryItem

SORTS = {
    "created": (GroceryItem.created_at, lambda i: i.created_at),
    "name": (GroceryItem.name_key, lambda i: i.name_key),
    "category": (GroceryItem.category, lambda i: i.category),
}


def add(session: Session, item: GroceryItem) -> GroceryItem:
    session.add(item)
    session.flush()
    return item


def get_for_user(session: Session, user_id: uuid.UUID, item_id: uuid.UUID, *, lock: bool = True) -> GroceryItem | None:
    """One of this person's items (another person's id finds nothing)."""
    query = select(GroceryItem).where(GroceryItem.id == item_id, GroceryItem.user_id == user_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def to_buy_named(session: Session, user_id: uuid.UUID, keys: list[str]) -> list[GroceryItem]:
    """Items still to buy whose folded name is one of `keys`, oldest first, locked for the change."""
    if not keys:
        return []
    return list(
        session.scalars(
            select(GroceryItem)
            .where(GroceryItem.user_id == user_id, GroceryItem.bought_at.is_(None), GroceryItem.name_key.in_(keys))
            .order_by(GroceryItem.created_at, GroceryItem.id)
            .with_for_update()
        )
    )


def to_buy_matching(session: Session, user_id: uuid.UUID, words: list[str], *, limit: int = 20) -> list[GroceryItem]:
    """Items still to buy whose folded name holds all these (folded) words, oldest first."""
    if not words:
        return []
    query = select(GroceryItem).where(GroceryItem.user_id == user_id, GroceryItem.bought_at.is_(None))
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.concat(" ", GroceryItem.name_key, " ").like(f"% {escaped}%"))
    return list(session.scalars(query.order_by(GroceryItem.created_at, GroceryItem.id).limit(limit).with_for_update()))


def to_buy(session: Session, user_id: uuid.UUID, *, limit: int) -> list[GroceryItem]:
    """What is still to buy, oldest first."""
    return list(
        session.scalars(
            select(GroceryItem)
            .where(GroceryItem.user_id == user_id, GroceryItem.bought_at.is_(None))
            .order_by(GroceryItem.created_at, GroceryItem.id)
            .limit(limit)
        )
    )


def count_to_buy(session: Session, user_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(GroceryItem)
            .where(GroceryItem.user_id == user_id, GroceryItem.bought_at.is_(None))
        )
        or 0
    )


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    status: str | None,
    category: str | None,
    sort: str,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> Page[GroceryItem]:
    """A page of the person's items, filtered by status ("to_buy", "bought", None for all) and aisle."""
    query = select(GroceryItem).where(GroceryItem.user_id == user_id)
    if status == "to_buy":
        query = query.where(GroceryItem.bought_at.is_(None))
    elif status == "bought":
        query = query.where(GroceryItem.bought_at.is_not(None))
    if category is not None:
        query = query.where(GroceryItem.category == category)
    column, value = SORTS[sort]
    rows = list(session.scalars(after(query, column, GroceryItem.id, cursor, descending=descending).limit(limit + 1)))
    return page(rows, limit, value)


def remove(session: Session, user_id: uuid.UUID, ids: list[uuid.UUID]) -> int:
    if not ids:
        return 0
    result: Any = session.execute(
        delete(GroceryItem).where(GroceryItem.user_id == user_id, GroceryItem.id.in_(ids)),
        execution_options={"synchronize_session": "fetch"},
    )
    return int(result.rowcount or 0)


def mark_bought(items: list[GroceryItem], *, now: datetime) -> None:
    for item in items:
        item.bought_at = now
        item.updated_at = now
