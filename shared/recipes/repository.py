"""Recipes: every query about a person's recipes, their ingredients and steps (always scoped by user_id)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page, after, page
from shared.recipes.models import Recipe, RecipeIngredient, RecipeInstruction

SORTS: dict[str, tuple[Any, Any]] = {
    "title": (Recipe.title_key, lambda r: r.title_key),
    "created": (Recipe.created_at, lambda r: r.created_at),
    "cooked": (Recipe.times_cooked, lambda r: r.times_cooked),
}


def add(session: Session, recipe: Recipe) -> Recipe:
    session.add(recipe)
    session.flush()
    return recipe


def get_for_user(session: Session, user_id: uuid.UUID, recipe_id: uuid.UUID, *, lock: bool = False) -> Recipe | None:
    """One of this person's recipes (another person's id finds nothing)."""
    query = select(Recipe).where(Recipe.id == recipe_id, Recipe.user_id == user_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def title_taken(session: Session, user_id: uuid.UUID, title_key: str, *, other_than: uuid.UUID | None = None) -> bool:
    query = select(Recipe.id).where(Recipe.user_id == user_id, Recipe.title_key == title_key)
    if other_than is not None:
        query = query.where(Recipe.id != other_than)
    return session.scalar(query.limit(1)) is not None


def _contains(word: str) -> Any:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.concat(" ", Recipe.title_key, " ").like(f"% {escaped}%")


def matching(session: Session, user_id: uuid.UUID, words: list[str], *, every: bool, limit: int = 20) -> list[Recipe]:
    """The person's recipes whose folded title holds every word (or any of them), shortest title first."""
    if not words:
        return []
    conditions = [_contains(w) for w in words]
    query = select(Recipe).where(Recipe.user_id == user_id)
    query = query.where(*conditions) if every else query.where(or_(*conditions))
    return list(session.scalars(query.order_by(func.length(Recipe.title_key), Recipe.id).limit(limit)))


def page_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    favourite: bool | None,
    words: list[str],
    sort: str,
    descending: bool,
    cursor: Cursor | None,
    limit: int,
) -> Page[Recipe]:
    query = select(Recipe).where(Recipe.user_id == user_id)
    if favourite is not None:
        query = query.where(Recipe.favourite.is_(favourite))
    for word in words:
        query = query.where(_contains(word))
    column, value = SORTS[sort]
    rows = list(session.scalars(after(query, column, Recipe.id, cursor, descending=descending).limit(limit + 1)))
    return page(rows, limit, value)


def ingredients_of(session: Session, recipe_id: uuid.UUID) -> list[RecipeIngredient]:
    return list(
        session.scalars(
            select(RecipeIngredient).where(RecipeIngredient.recipe_id == recipe_id).order_by(RecipeIngredient.position)
        )
    )


def steps_of(session: Session, recipe_id: uuid.UUID) -> list[RecipeInstruction]:
    return list(
        session.scalars(
            select(RecipeInstruction)
            .where(RecipeInstruction.recipe_id == recipe_id)
            .order_by(RecipeInstruction.position)
        )
    )


def replace_ingredients(session: Session, recipe_id: uuid.UUID, rows: list[RecipeIngredient]) -> None:
    session.execute(delete(RecipeIngredient).where(RecipeIngredient.recipe_id == recipe_id))
    session.add_all(rows)
    session.flush()


def replace_steps(session: Session, recipe_id: uuid.UUID, rows: list[RecipeInstruction]) -> None:
    session.execute(delete(RecipeInstruction).where(RecipeInstruction.recipe_id == recipe_id))
    session.add_all(rows)
    session.flush()


def remove(session: Session, user_id: uuid.UUID, recipe_id: uuid.UUID) -> None:
    session.execute(
        delete(Recipe).where(Recipe.id == recipe_id, Recipe.user_id == user_id),
        execution_options={"synchronize_session": "fetch"},
    )
