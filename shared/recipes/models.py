"""Recipes with ordered ingredients (quantity as an exact decimal, canonical unit) and steps; how many they
serve, how often they were cooked, favourites."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin


class Recipe(IdMixin, TimestampsMixin, Base):
    __tablename__ = "recipes"
    __table_args__ = (
        CheckConstraint("servings IS NULL OR servings > 0", name="servings_positive"),
        # One recipe per title for a person: "la quiche" names one.
        Index("uq_recipes_user_id_title_key", "user_id", "title_key", unique=True),
        Index("ix_recipes_user_id_created_at", "user_id", "created_at", "id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(Text)  # case, accents, article and plural marks aside
    servings: Mapped[int | None] = mapped_column(SmallInteger)
    prep_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    favourite: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    times_cooked: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_cooked_at: Mapped[datetime | None]


class RecipeIngredient(IdMixin, Base):
    __tablename__ = "recipe_ingredients"
    __table_args__ = (
        UniqueConstraint("recipe_id", "position"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
    )

    recipe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    unit: Mapped[str | None] = mapped_column(String(16))


class RecipeInstruction(IdMixin, Base):
    __tablename__ = "recipe_instructions"
    __table_args__ = (UniqueConstraint("recipe_id", "position"),)

    recipe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
