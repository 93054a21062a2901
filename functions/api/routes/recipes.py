"""/v1/recipes: the signed-in person's recipes with their ingredients and steps. Thin over
shared.recipes.service: list (cursor pages, favourite and words filters, sorts), get (optionally scaled to
other servings), create, partial update (If-Match; ingredients and steps replaced as a whole), delete, put
the ingredients on the grocery list, count a time cooked."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS, PageOut, PageParams, check_if_match, page_params, with_etag
from functions.api.routes.groceries import UNIT_DOC, GroceryOut, Quantity
from shared.recipes import service as recipes
from shared.recipes.models import Recipe

router = APIRouter(prefix="/v1/recipes", tags=["recipes"], responses=PROBLEMS)

Servings = Annotated[int, Field(ge=1, le=recipes.MAX_SERVINGS)]
ServingsQuery = Annotated[
    int | None, Query(ge=1, le=recipes.MAX_SERVINGS, description="scale the quantities to this many servings")
]


class IngredientIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "farine", "quantity": "250", "unit": "g"}]}
    )
    name: str = Field(min_length=1, max_length=120)
    quantity: Quantity | None = Field(None, description="an exact decimal (at most 3 decimals); null when none")
    unit: str | None = Field(None, max_length=20, description=UNIT_DOC)


class IngredientOut(BaseModel):
    position: int
    name: str
    quantity: Decimal | None = Field(description="exact decimal (scaled and rounded when servings are asked)")
    unit: str | None


class StepOut(BaseModel):
    position: int
    text: str


class RecipeSummary(BaseModel):
    id: uuid.UUID
    title: str
    servings: int | None
    prep_minutes: int | None
    favourite: bool
    times_cooked: int
    last_cooked_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, r: Recipe) -> RecipeSummary:
        return cls(
            id=r.id,
            title=r.title,
            servings=r.servings,
            prep_minutes=r.prep_minutes,
            favourite=r.favourite,
            times_cooked=r.times_cooked,
            last_cooked_at=r.last_cooked_at,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )


class RecipeOut(RecipeSummary):
    notes: str | None
    scaled_to: int | None = Field(None, description="the servings the quantities are for, when scaled")
    ingredients: list[IngredientOut]
    steps: list[StepOut]

    @classmethod
    def view(cls, v: recipes.RecipeView, servings: int | None = None) -> RecipeOut:
        items, as_asked = recipes.scaled(v, servings)
        scaled_to = servings if servings is not None and as_asked else None
        return cls(
            **RecipeSummary.of(v.recipe).model_dump(),
            notes=v.recipe.notes,
            scaled_to=scaled_to,
            ingredients=[
                IngredientOut(position=i, name=it.name, quantity=it.quantity, unit=it.unit)
                for i, it in enumerate(items, start=1)
            ],
            steps=[StepOut(position=s.position, text=s.text) for s in v.steps],
        )


class RecipeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Crêpes",
                    "servings": 4,
                    "ingredients": [
                        {"name": "farine", "quantity": "250", "unit": "g"},
                        {"name": "oeufs", "quantity": "4"},
                        {"name": "lait", "quantity": "50", "unit": "cl"},
                    ],
                    "steps": ["Mélanger farine et oeufs", "Ajouter le lait peu à peu", "Laisser reposer 1 h"],
                }
            ]
        },
    )
    title: str = Field(min_length=1, max_length=recipes.MAX_TITLE)
    servings: Servings | None = None
    prep_minutes: int | None = Field(None, ge=0, le=recipes.MAX_MINUTES)
    notes: str | None = Field(None, max_length=recipes.MAX_NOTES)
    favourite: bool = False
    ingredients: list[IngredientIn] = Field(default_factory=list, max_length=recipes.MAX_INGREDIENTS)
    steps: list[Annotated[str, Field(min_length=1, max_length=recipes.MAX_STEP)]] = Field(
        default_factory=list, max_length=recipes.MAX_STEPS
    )


class RecipePatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"favourite": True}, {"servings": 6, "title": "Crêpes légères"}]},
    )
    title: str | None = Field(None, min_length=1, max_length=recipes.MAX_TITLE)
    servings: Servings | None = None
    prep_minutes: int | None = Field(None, ge=0, le=recipes.MAX_MINUTES)
    notes: str | None = Field(None, max_length=recipes.MAX_NOTES)
    favourite: bool | None = None
    ingredients: list[IngredientIn] | None = Field(None, max_length=recipes.MAX_INGREDIENTS)
    steps: list[Annotated[str, Field(min_length=1, max_length=recipes.MAX_STEP)]] | None = Field(
        None, max_length=recipes.MAX_STEPS
    )


class ToGroceriesOut(BaseModel):
    recipe: RecipeSummary
    scaled_to: int | None = Field(description="the servings the quantities are for, when scaled")
    items: list[GroceryOut] = Field(description="the grocery lines added or merged")


def _ingredients(items: list[IngredientIn]) -> list[recipes.IngredientIn]:
    return [recipes.IngredientIn(name=i.name, quantity=i.quantity, unit=i.unit) for i in items]


@router.get("", response_model=PageOut[RecipeSummary])
def list_recipes(
    user: CurrentUser,
    uow: UowDep,
    page: Annotated[PageParams, Depends(page_params)],
    favourite: Annotated[bool | None, Query(description="only favourites (true) or only the others (false)")] = None,
    q_: Annotated[str, Query(alias="q", max_length=200, description="words in the title")] = "",
    sort: Annotated[Literal["title", "created", "cooked"], Query()] = "title",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
) -> PageOut[RecipeSummary]:
    found = recipes.page(
        uow.session,
        user=user,
        favourite=favourite,
        words=q_,
        sort=sort,
        descending=order == "desc",
        cursor=page.decoded(),
        limit=page.limit,
    )
    return PageOut(
        items=[RecipeSummary.of(r) for r in found.items], next_cursor=found.next.encode() if found.next else None
    )


@router.get("/{recipe_id}", response_model=RecipeOut)
def get_recipe(
    recipe_id: uuid.UUID, user: CurrentUser, uow: UowDep, response: Response, servings: ServingsQuery = None
) -> RecipeOut:
    v = recipes.view(uow.session, user=user, recipe_id=recipe_id)
    with_etag(response, v.recipe)
    return RecipeOut.view(v, servings)


@router.post("", response_model=RecipeOut, status_code=201)
def create_recipe(body: RecipeIn, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response) -> RecipeOut:
    v = recipes.create(
        uow.session,
        user=user,
        now=deps.clock.now(),
        title=body.title,
        servings=body.servings,
        prep_minutes=body.prep_minutes,
        notes=body.notes,
        favourite=body.favourite,
        ingredients=_ingredients(body.ingredients),
        steps=body.steps,
    )
    uow.session.flush()
    response.headers["Location"] = f"/v1/recipes/{v.recipe.id}"
    with_etag(response, v.recipe)
    return RecipeOut.view(v)


@router.patch("/{recipe_id}", response_model=RecipeOut)
def update_recipe(
    recipe_id: uuid.UUID,
    body: RecipePatch,
    request: Request,
    user: CurrentUser,
    uow: UowDep,
    deps: DepsDep,
    response: Response,
) -> RecipeOut:
    current = recipes.get(uow.session, user=user, recipe_id=recipe_id, lock=True)
    check_if_match(request, current)
    sent = body.model_fields_set
    changes: dict[str, Any] = {}
    for name in ("servings", "prep_minutes", "notes"):
        if name in sent:
            changes[name] = getattr(body, name)
    if "title" in sent and body.title is not None:
        changes["title"] = body.title
    if "favourite" in sent and body.favourite is not None:
        changes["favourite"] = body.favourite
    if "ingredients" in sent:
        changes["ingredients"] = _ingredients(body.ingredients or [])
    if "steps" in sent:
        changes["steps"] = body.steps or []
    v = recipes.update(uow.session, user=user, now=deps.clock.now(), recipe_id=recipe_id, **changes)
    uow.session.flush()
    with_etag(response, v.recipe)
    return RecipeOut.view(v)


@router.delete("/{recipe_id}", status_code=204)
def delete_recipe(recipe_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep) -> Response:
    current = recipes.get(uow.session, user=user, recipe_id=recipe_id, lock=True)
    check_if_match(request, current)
    recipes.delete(uow.session, user=user, recipe_id=recipe_id)
    return Response(status_code=204)


@router.post("/{recipe_id}/to-groceries", response_model=ToGroceriesOut)
def recipe_to_groceries(
    recipe_id: uuid.UUID, user: CurrentUser, uow: UowDep, deps: DepsDep, servings: ServingsQuery = None
) -> ToGroceriesOut:
    v, added, as_asked = recipes.to_groceries(
        uow.session, user=user, now=deps.clock.now(), recipe_id=recipe_id, servings=servings
    )
    uow.session.flush()
    lines = list({a.item.id: a.item for a in added}.values())
    return ToGroceriesOut(
        recipe=RecipeSummary.of(v.recipe),
        scaled_to=servings if servings is not None and as_asked else None,
        items=[GroceryOut.of(i) for i in lines],
    )


@router.post("/{recipe_id}/cooked", response_model=RecipeSummary)
def recipe_cooked(
    recipe_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep, response: Response
) -> RecipeSummary:
    current = recipes.get(uow.session, user=user, recipe_id=recipe_id, lock=True)
    check_if_match(request, current)
    recipe = recipes.cooked(uow.session, user=user, now=deps.clock.now(), recipe_id=recipe_id)
    uow.session.flush()
    with_etag(response, recipe)
    return RecipeSummary.of(recipe)
