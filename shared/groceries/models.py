"""The shopping list: one row per item, its quantity and unit exactly as read (Decimal, canonical unit code),
its aisle, and when it was bought (NULL: still to buy)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class GroceryItem(IdMixin, TimestampsMixin, Base):
    __tablename__ = "grocery_items"
    __table_args__ = (
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        Index("ix_grocery_items_user_id_bought_at", "user_id", "bought_at"),
        # What is still to buy, in the order it was added (the SMS list and the API's default page).
        Index("ix_grocery_items_to_buy", "user_id", "created_at", "id", postgresql_where=text("bought_at IS NULL")),
        # "j'ai pris le pain", "ajoute du lait" (merge): one person's rows with this folded name.
        Index("ix_grocery_items_user_id_name_key", "user_id", "name_key"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)  # case, accents, article and plural marks aside
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    unit: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64), server_default="other")
    bought_at: Mapped[datetime | None]
