"""Keyset pagination for list endpoints: an opaque cursor holding the last row's sort value and id, so a page
costs the same at row 10 and row 10,000, and rows added meanwhile neither repeat nor vanish."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_

from shared.errors import InvalidInput

T = TypeVar("T")


@dataclass(frozen=True)
class Cursor:
    value: Any  # the last row's sort value (datetime, str, int, Decimal or None)
    id: uuid.UUID

    def encode(self) -> str:
        value = self.value
        kind = "n"
        if isinstance(value, datetime):
            value, kind = value.isoformat(), "t"
        elif isinstance(value, Decimal):
            value, kind = str(value), "d"
        elif isinstance(value, str):
            kind = "s"
        elif value is None:
            kind = "z"
        raw = json.dumps({"k": kind, "v": value, "i": str(self.id)}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            kind, value = data["k"], data["v"]
            if kind == "t":
                value = datetime.fromisoformat(value)
            elif kind == "d":
                value = Decimal(value)
            elif kind == "z":
                value = None
            return cls(value, uuid.UUID(data["i"]))
        except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
            raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor") from exc


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: Cursor | None


def after(query: Select[Any], sort: Any, id_column: Any, cursor: Cursor | None, *, descending: bool = False) -> Any:
    """`query` ordered by (sort, id), starting after `cursor`."""
    if cursor is not None:
        if descending:
            query = query.where(or_(sort < cursor.value, and_(sort == cursor.value, id_column < cursor.id)))
        else:
            query = query.where(or_(sort > cursor.value, and_(sort == cursor.value, id_column > cursor.id)))
    order = (sort.desc(), id_column.desc()) if descending else (sort.asc(), id_column.asc())
    return query.order_by(*order)


def page(rows: list[T], limit: int, sort_value: Any) -> Page[T]:
    """Rows fetched with limit + 1: the extra one says there is a next page."""
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], Cursor(sort_value(last), last.id))  # type: ignore[attr-defined]
