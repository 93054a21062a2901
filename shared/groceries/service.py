"""Groceries: the behaviour. Add items (several at once, folded into what is already on the list: same item
whatever its case, accents, article or plural; quantities in compatible units add up, others stay side by
side), mark them bought, remove them, list what is left by aisle (keyword-only `session`, `user`, `now`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Final

from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page
from shared.errors import InvalidInput, NotFound
from shared.groceries import quantity as q
from shared.groceries import repository as repo
from shared.groceries.models import GroceryItem
from shared.users.models import User

MAX_NAME = 120
MAX_ITEMS = 50  # in one request
LIST_LIMIT = 200


class _Unset(Enum):
    UNSET = 0


UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class NewItem:
    """An item to put on the list, as read: quantity exact, unit canonical or as written (checked here)."""

    name: str
    quantity: Decimal | None = None
    unit: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Added:
    item: GroceryItem
    merged: bool  # folded into a line already on the list
    changed: bool  # the line's quantity changed (False: it was already there, nothing to add)


def checked(item: NewItem) -> NewItem:
    """The item with its unit made canonical and its aisle known; InvalidInput for an empty name, an unknown
    unit, a quantity that is not a positive exact number or more than anyone buys."""
    name = " ".join(item.name.split()).strip(" ,;:.!")
    if not name or len(name) > MAX_NAME or not q.name_key(name):
        raise InvalidInput("groceries.bad_name", key="groceries.bad_name", field="name")
    try:
        unit = q.unit_code(item.unit)
    except ValueError:
        raise InvalidInput(
            "groceries.unknown_unit", key="groceries.unknown_unit", field="unit", unit=str(item.unit)[:20]
        ) from None
    if unit is not None and item.quantity is None:
        unit = None  # "une boîte de thon": the container says no amount
    if item.quantity is not None:
        amount = item.quantity
        if (
            not amount.is_finite()
            or amount <= 0
            or amount != amount.quantize(Decimal("0.001"))
            or q.too_much(amount, unit)
        ):
            raise InvalidInput(
                "groceries.bad_quantity", key="groceries.bad_quantity", field="quantity", quantity=str(amount)[:20]
            )
    category = item.category
    if category is not None and category not in q.AISLES:
        raise InvalidInput("groceries.bad_category", key="groceries.bad_category", field="category", category=category)
    return NewItem(name=name, quantity=item.quantity, unit=unit, category=category or q.aisle(name) or "other")


def add_many(session: Session, *, user: User, now: datetime, items: Iterable[NewItem]) -> list[Added]:
    """Put these items on the person's list, each folded into a line already there when it is the same item.
    Every item is checked before anything is written."""
    wanted = [checked(i) for i in items]
    if not wanted:
        raise InvalidInput("groceries.no_items", key="groceries.ask_items", field="items")
    if len(wanted) > MAX_ITEMS:
        raise InvalidInput("groceries.too_many", key="groceries.too_many", field="items", n=MAX_ITEMS)
    open_lines = repo.to_buy_named(session, user.id, sorted({q.name_key(i.name) for i in wanted}))
    out: list[Added] = []
    for position, item in enumerate(wanted):
        key = q.name_key(item.name)
        same = [line for line in open_lines if line.name_key == key]
        merged = _fold_into(same, item, now=now)
        if merged is not None:
            out.append(merged)
            continue
        line = repo.add(
            session,
            GroceryItem(
                user_id=user.id,
                name=item.name,
                name_key=key,
                quantity=item.quantity,
                unit=item.unit,
                category=item.category,
                # one microsecond apart: the list keeps the order the items were written in
                created_at=now + timedelta(microseconds=position),
                updated_at=now,
            ),
        )
        open_lines.append(line)
        out.append(Added(line, merged=False, changed=True))
    return out


def _fold_into(lines: list[GroceryItem], item: NewItem, *, now: datetime) -> Added | None:
    """The same item already on the list takes this one: nothing to add when no quantity is said, a quantity
    on a line without one, a sum in compatible units. None: a new line (quantities that do not add up)."""
    if not lines:
        return None
    if item.quantity is None:
        return Added(lines[0], merged=True, changed=False)
    for line in lines:
        if line.quantity is None:
            line.quantity, line.unit, line.updated_at = item.quantity, item.unit, now
            return Added(line, merged=True, changed=True)
    for line in lines:
        assert line.quantity is not None
        total = q.add((line.quantity, line.unit), (item.quantity, item.unit))
        if total is not None and not q.too_much(total[0], total[1]):
            line.quantity, line.unit, line.updated_at = total[0], total[1], now
            return Added(line, merged=True, changed=True)
    return None


def to_buy(session: Session, *, user: User, limit: int = LIST_LIMIT) -> list[GroceryItem]:
    """What is still to buy, in the order it was added."""
    return repo.to_buy(session, user.id, limit=limit)


def count_to_buy(session: Session, *, user: User) -> int:
    return repo.count_to_buy(session, user.id)


def by_aisle(items: Iterable[GroceryItem]) -> list[tuple[str, list[list[GroceryItem]]]]:
    """Items grouped by aisle (store order), lines of the same item together: [(aisle, [[line, ...], ...])]."""
    groups: dict[str, dict[str, list[GroceryItem]]] = {}
    for item in items:
        groups.setdefault(item.category or "other", {}).setdefault(item.name_key, []).append(item)
    order = {name: i for i, name in enumerate(q.AISLES)}
    return [(aisle, list(lines.values())) for aisle, lines in sorted(groups.items(), key=lambda g: order.get(g[0], 99))]


def find_to_buy(session: Session, *, user: User, about: str) -> list[GroceryItem]:
    """Lines still to buy that the words name: the same item first ("le pain"); else lines holding all the
    words ("pommes" finds "pommes de terre")."""
    key = q.name_key(about)
    if not key:
        return []
    exact = repo.to_buy_named(session, user.id, [key])
    if exact:
        return exact
    return repo.to_buy_matching(session, user.id, key.split())


def mark_bought(
    session: Session, *, user: User, now: datetime, names: Iterable[str]
) -> tuple[list[GroceryItem], list[str]]:
    """Mark what these names point at as bought: (lines bought, names not on the list)."""
    bought: list[GroceryItem] = []
    missing: list[str] = []
    for name in names:
        found = [line for line in find_to_buy(session, user=user, about=name) if line not in bought]
        if not found:
            missing.append(name.strip())
            continue
        repo.mark_bought(found, now=now)
        bought.extend(found)
    return bought, missing


def remove_lines(session: Session, *, user: User, ids: list[uuid.UUID]) -> int:
    return repo.remove(session, user.id, ids)


# --- one line at a time (the API) ---------------------------------------------------------------------------------
def get(session: Session, *, user: User, item_id: uuid.UUID, lock: bool = False) -> GroceryItem:
    """One of the person's items (NotFound for anyone else's)."""
    item = repo.get_for_user(session, user.id, item_id, lock=lock)
    if item is None:
        raise NotFound("groceries.not_found", key="groceries.not_found")
    return item


def page(
    session: Session,
    *,
    user: User,
    status: str | None = "to_buy",
    category: str | None = None,
    sort: str = "created",
    descending: bool = False,
    cursor: Cursor | None,
    limit: int,
) -> Page[GroceryItem]:
    if sort not in repo.SORTS:
        raise InvalidInput("groceries.bad_sort", key="error.invalid", field="sort")
    return repo.page_for_user(
        session,
        user.id,
        status=status,
        category=category,
        sort=sort,
        descending=descending,
        cursor=cursor,
        limit=limit,
    )


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    item_id: uuid.UUID,
    name: str | _Unset = UNSET,
    quantity: Decimal | _Unset | None = UNSET,
    unit: str | _Unset | None = UNSET,
    category: str | _Unset = UNSET,
    bought: bool | _Unset = UNSET,
) -> GroceryItem:
    """Change one line; the whole change is checked before anything is written."""
    item = get(session, user=user, item_id=item_id, lock=True)
    new = checked(
        NewItem(
            name=item.name if isinstance(name, _Unset) else name,
            quantity=item.quantity if isinstance(quantity, _Unset) else quantity,
            unit=item.unit if isinstance(unit, _Unset) else unit,
            category=item.category if isinstance(category, _Unset) else category,
        )
    )
    if not isinstance(name, _Unset) and isinstance(category, _Unset):
        new = NewItem(new.name, new.quantity, new.unit, q.aisle(new.name) or item.category)
    item.name, item.name_key = new.name, q.name_key(new.name)
    item.quantity, item.unit = new.quantity, new.unit
    item.category = new.category or "other"
    if not isinstance(bought, _Unset):
        item.bought_at = (item.bought_at or now) if bought else None
    item.updated_at = now
    return item


def delete(session: Session, *, user: User, item_id: uuid.UUID) -> None:
    item = get(session, user=user, item_id=item_id, lock=True)
    repo.remove(session, user.id, [item.id])
