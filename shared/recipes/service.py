"""Recipes: the behaviour. Create one with its ingredients (exact quantities, canonical units) and ordered
steps, find it by its name in the person's words, scale it to other servings (rounded the way a cook
would), put its ingredients on the grocery list (merged with what is there), count the times it was
cooked, keep favourites (keyword-only `session`, `user`, `now`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Final

from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page
from shared.errors import Conflict, InvalidInput, NotFound
from shared.groceries import quantity as q
from shared.groceries import service as groceries
from shared.recipes import repository as repo
from shared.recipes.models import Recipe, RecipeIngredient, RecipeInstruction
from shared.users.models import User

MAX_TITLE = 200
MAX_SERVINGS = 100
MAX_MINUTES = 7 * 24 * 60
MAX_INGREDIENTS = 100
MAX_STEPS = 100
MAX_STEP = 2000
MAX_NOTES = 5000
LINKS = frozenset({"de", "d", "du", "des", "la", "le", "les", "l", "a", "au", "aux", "en", "of", "the", "and", "with"})


class _Unset(Enum):
    UNSET = 0


UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class IngredientIn:
    name: str
    quantity: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class RecipeView:
    recipe: Recipe
    ingredients: list[RecipeIngredient]
    steps: list[RecipeInstruction]


@dataclass(frozen=True)
class Scaled:
    """An ingredient for the servings asked: its quantity rounded the way a cook would."""

    name: str
    quantity: Decimal | None
    unit: str | None


def _title(title: str) -> tuple[str, str]:
    clean = " ".join(title.split()).strip(" ,;:.!")
    key = q.name_key(clean)
    if not clean or not key or len(clean) > MAX_TITLE:
        raise InvalidInput("recipes.bad_title", key="recipes.bad_title", field="title")
    return clean, key


def _servings(servings: int | None) -> int | None:
    if servings is not None and not 1 <= servings <= MAX_SERVINGS:
        raise InvalidInput("recipes.bad_servings", key="recipes.bad_servings", field="servings")
    return servings


def _ingredients(recipe_id: uuid.UUID, items: Sequence[IngredientIn]) -> list[RecipeIngredient]:
    if len(items) > MAX_INGREDIENTS:
        raise InvalidInput("recipes.too_many", key="recipes.too_many", field="ingredients", n=MAX_INGREDIENTS)
    rows = []
    for position, item in enumerate(items, start=1):
        good = groceries.checked(groceries.NewItem(name=item.name, quantity=item.quantity, unit=item.unit))
        rows.append(
            RecipeIngredient(
                recipe_id=recipe_id, position=position, name=good.name, quantity=good.quantity, unit=good.unit
            )
        )
    return rows


def _steps(recipe_id: uuid.UUID, steps: Sequence[str]) -> list[RecipeInstruction]:
    clean = [" ".join(s.split()) for s in steps if s.strip()]
    if len(clean) > MAX_STEPS or any(len(s) > MAX_STEP for s in clean):
        raise InvalidInput("recipes.bad_steps", key="recipes.bad_steps", field="steps", n=MAX_STEPS)
    return [RecipeInstruction(recipe_id=recipe_id, position=i, text=s) for i, s in enumerate(clean, start=1)]


def _other(prep_minutes: int | None, notes: str | None) -> None:
    if prep_minutes is not None and not 0 <= prep_minutes <= MAX_MINUTES:
        raise InvalidInput("recipes.bad_minutes", key="recipes.bad_minutes", field="prep_minutes")
    if notes is not None and len(notes) > MAX_NOTES:
        raise InvalidInput("recipes.bad_notes", key="recipes.bad_notes", field="notes")


def create(
    session: Session,
    *,
    user: User,
    now: datetime,
    title: str,
    servings: int | None = None,
    prep_minutes: int | None = None,
    notes: str | None = None,
    favourite: bool = False,
    ingredients: Sequence[IngredientIn] = (),
    steps: Sequence[str] = (),
) -> RecipeView:
    """A new recipe for `user`; everything is checked before anything is written. Conflict when the person
    already has a recipe by that name."""
    clean, key = _title(title)
    _servings(servings)
    _other(prep_minutes, notes)
    placeholder = uuid.uuid4()
    _ingredients(placeholder, ingredients)  # checked first: nothing half-written
    _steps(placeholder, steps)
    if repo.title_taken(session, user.id, key):
        raise Conflict("recipes.duplicate", key="recipes.duplicate", field="title", title=clean)
    recipe = repo.add(
        session,
        Recipe(
            user_id=user.id,
            title=clean,
            title_key=key,
            servings=servings,
            prep_minutes=prep_minutes,
            notes=notes,
            favourite=favourite,
            times_cooked=0,
            created_at=now,
            updated_at=now,
        ),
    )
    rows = _ingredients(recipe.id, ingredients)
    moves = _steps(recipe.id, steps)
    repo.replace_ingredients(session, recipe.id, rows)
    repo.replace_steps(session, recipe.id, moves)
    return RecipeView(recipe, rows, moves)


def get(session: Session, *, user: User, recipe_id: uuid.UUID, lock: bool = False) -> Recipe:
    """One of the person's recipes (NotFound for anyone else's)."""
    recipe = repo.get_for_user(session, user.id, recipe_id, lock=lock)
    if recipe is None:
        raise NotFound("recipes.not_found", key="recipes.not_found_id")
    return recipe


def view(session: Session, *, user: User, recipe_id: uuid.UUID) -> RecipeView:
    recipe = get(session, user=user, recipe_id=recipe_id)
    return RecipeView(recipe, repo.ingredients_of(session, recipe.id), repo.steps_of(session, recipe.id))


def page(
    session: Session,
    *,
    user: User,
    favourite: bool | None = None,
    words: str = "",
    sort: str = "title",
    descending: bool = False,
    cursor: Cursor | None,
    limit: int,
) -> Page[Recipe]:
    if sort not in repo.SORTS:
        raise InvalidInput("recipes.bad_sort", key="error.invalid", field="sort")
    content = [w for w in q.name_key(words).split() if w not in LINKS]
    return repo.page_for_user(
        session,
        user.id,
        favourite=favourite,
        words=content,
        sort=sort,
        descending=descending,
        cursor=cursor,
        limit=limit,
    )


def find(session: Session, *, user: User, words: str) -> list[Recipe]:
    """The person's recipes named by these words ("la quiche", "lasagnes", "soupe de potiron"), best first: the
    same title, then titles holding every word, then any longer word."""
    key = q.name_key(words)
    content = [w for w in key.split() if w not in LINKS]
    if not content:
        return []
    found = repo.matching(session, user.id, content, every=True)
    if not found:
        found = repo.matching(session, user.id, [w for w in content if len(w) >= 4], every=False)
    exact = [r for r in found if r.title_key == key]
    return exact or found


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    recipe_id: uuid.UUID,
    title: str | _Unset = UNSET,
    servings: int | _Unset | None = UNSET,
    prep_minutes: int | _Unset | None = UNSET,
    notes: str | _Unset | None = UNSET,
    favourite: bool | _Unset = UNSET,
    ingredients: Sequence[IngredientIn] | _Unset = UNSET,
    steps: Sequence[str] | _Unset = UNSET,
) -> RecipeView:
    """Change a recipe (ingredients and steps are replaced as a whole); checked before anything is written."""
    recipe = get(session, user=user, recipe_id=recipe_id, lock=True)
    new_title = None
    if not isinstance(title, _Unset):
        new_title = _title(title)
        if repo.title_taken(session, user.id, new_title[1], other_than=recipe.id):
            raise Conflict("recipes.duplicate", key="recipes.duplicate", field="title", title=new_title[0])
    if not isinstance(servings, _Unset):
        _servings(servings)
    _other(
        None if isinstance(prep_minutes, _Unset) else prep_minutes,
        None if isinstance(notes, _Unset) else notes,
    )
    rows = None if isinstance(ingredients, _Unset) else _ingredients(recipe.id, ingredients)
    moves = None if isinstance(steps, _Unset) else _steps(recipe.id, steps)
    if new_title is not None:
        recipe.title, recipe.title_key = new_title
    if not isinstance(servings, _Unset):
        recipe.servings = servings
    if not isinstance(prep_minutes, _Unset):
        recipe.prep_minutes = prep_minutes
    if not isinstance(notes, _Unset):
        recipe.notes = notes
    if not isinstance(favourite, _Unset):
        recipe.favourite = favourite
    if rows is not None:
        repo.replace_ingredients(session, recipe.id, rows)
    if moves is not None:
        repo.replace_steps(session, recipe.id, moves)
    recipe.updated_at = now
    return RecipeView(recipe, repo.ingredients_of(session, recipe.id), repo.steps_of(session, recipe.id))


def delete(session: Session, *, user: User, recipe_id: uuid.UUID) -> None:
    recipe = get(session, user=user, recipe_id=recipe_id, lock=True)
    repo.remove(session, user.id, recipe.id)


def scaled(recipe: RecipeView, servings: int | None) -> tuple[list[Scaled], bool]:
    """The ingredients for `servings` (None: as written), and whether the quantities are for the servings asked
    (a recipe that does not say how many it serves cannot be scaled)."""
    _servings(servings)
    base = recipe.recipe.servings
    if servings is None or base is None or servings == base:
        as_written = [Scaled(i.name, _plain(i.quantity), i.unit) for i in recipe.ingredients]
        return as_written, servings is None or base is not None
    factor = Decimal(servings) / Decimal(base)
    return [
        Scaled(i.name, q.scale(i.quantity, factor, i.unit) if i.quantity is not None else None, i.unit)
        for i in recipe.ingredients
    ], True


def _plain(value: Decimal | None) -> Decimal | None:
    return q.plain(value) if value is not None else None


def to_groceries(
    session: Session, *, user: User, now: datetime, recipe_id: uuid.UUID, servings: int | None = None
) -> tuple[RecipeView, list[groceries.Added], bool]:
    """Put the recipe's ingredients (for `servings`) on the grocery list, merged with what is there:
    (the recipe, what was added or merged, whether the quantities are for the servings asked)."""
    recipe = view(session, user=user, recipe_id=recipe_id)
    if not recipe.ingredients:
        raise InvalidInput("recipes.no_ingredients", key="recipes.no_ingredients", title=recipe.recipe.title)
    items, was_scaled = scaled(recipe, servings)
    added = groceries.add_many(
        session,
        user=user,
        now=now,
        items=[groceries.NewItem(name=i.name, quantity=i.quantity, unit=i.unit) for i in items],
    )
    return recipe, added, was_scaled


def cooked(session: Session, *, user: User, now: datetime, recipe_id: uuid.UUID) -> Recipe:
    """One more time cooked."""
    recipe = get(session, user=user, recipe_id=recipe_id, lock=True)
    recipe.times_cooked += 1
    recipe.last_cooked_at = now
    recipe.updated_at = now
    return recipe


def set_favourite(session: Session, *, user: User, now: datetime, recipe_id: uuid.UUID, favourite: bool) -> Recipe:
    recipe = get(session, user=user, recipe_id=recipe_id, lock=True)
    recipe.favourite = favourite
    recipe.updated_at = now
    return recipe
