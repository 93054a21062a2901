"""The recipes slice's tools for both brains, each a thin handler over `service`: put a recipe's ingredients on
the grocery list (scaled), save a recipe, show one, list them, count a time cooked, favourites."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.errors import NotFound
from shared.groceries import quantity as q
from shared.groceries.tools import ItemArg, added_text
from shared.groceries.tools import about as grocery_about
from shared.i18n.messages import t
from shared.messaging.segments import fit, fit_field
from shared.recipes import service
from shared.recipes.models import Recipe

RECIPE_DOC = "the recipe's name in the person's words ('la quiche', 'lasagnes')"
ID_DOC = "the recipe's id when known from the context"
SMS_BUDGET = 320


class RecipeToGroceries(BaseModel):
    recipe: str = Field("", max_length=200, description=RECIPE_DOC)
    servings: int | None = Field(None, ge=1, le=service.MAX_SERVINGS, description="for how many people, if said")
    recipe_id: uuid.UUID | None = Field(None, description=ID_DOC)


class AddRecipe(BaseModel):
    title: str = Field(min_length=1, max_length=service.MAX_TITLE, description="the recipe's name")
    servings: int | None = Field(None, ge=1, le=service.MAX_SERVINGS, description="how many it serves, if said")
    ingredients: list[ItemArg] = Field(
        default_factory=list, max_length=service.MAX_INGREDIENTS, description="ingredients with quantity and unit"
    )
    steps: list[str] = Field(default_factory=list, max_length=service.MAX_STEPS, description="the steps, in order")


class ShowRecipe(BaseModel):
    recipe: str = Field("", max_length=200, description=RECIPE_DOC)
    servings: int | None = Field(None, ge=1, le=service.MAX_SERVINGS, description="for how many people, if said")
    recipe_id: uuid.UUID | None = Field(None, description=ID_DOC)


class ListRecipes(BaseModel):
    about: str = Field("", max_length=200, description="words to look for in the titles; empty for all")
    favourites: bool = Field(False, description="only the favourites")


class RecipeTarget(BaseModel):
    recipe: str = Field("", max_length=200, description=RECIPE_DOC)
    recipe_id: uuid.UUID | None = Field(None, description=ID_DOC)


class FavouriteRecipe(RecipeTarget):
    favourite: bool = Field(True, description="false to take it out of the favourites")


def _target(ctx: ToolContext, words: str, recipe_id: uuid.UUID | None) -> Recipe:
    """The recipe meant: by id, else by the person's words; several make a question, none a NotFound."""
    if recipe_id is not None:
        return service.get(ctx.session, user=ctx.user, recipe_id=recipe_id)
    if not words.strip():
        raise NeedsAnswer(t("recipes.ask_recipe", ctx.lang), missing="recipe")
    found = service.find(ctx.session, user=ctx.user, words=words)
    if not found:
        raise NotFound("recipes.not_found", key="recipes.not_found", about=words.strip()[:60])
    if len(found) > 1 and found[0].title_key != q.name_key(words):
        options = "\n".join(f"{i}. {r.title}" for i, r in enumerate(found[:4], 1))
        raise NeedsAnswer(
            t("recipes.ask_which_of", ctx.lang) + "\n" + options,
            missing="recipe_id",
            options=[r.id for r in found[:4]],
        )
    return found[0]


def _about(recipe: Recipe) -> dict[str, object]:
    return {
        "id": str(recipe.id),
        "title": recipe.title,
        "servings": recipe.servings,
        "favourite": recipe.favourite,
        "times_cooked": recipe.times_cooked,
    }


def recipe_to_groceries(ctx: ToolContext, args: RecipeToGroceries) -> ToolResult:
    recipe = _target(ctx, args.recipe, args.recipe_id)
    view, added, as_asked = service.to_groceries(
        ctx.session, user=ctx.user, now=ctx.now, recipe_id=recipe.id, servings=args.servings
    )
    serves = t("recipes.for_servings", ctx.lang, n=args.servings) if args.servings and as_asked else ""
    tail = "" if as_asked else " " + t("recipes.not_scaled", ctx.lang)
    say = fit_field(
        lambda w: t("recipes.to_groceries", ctx.lang, title=view.recipe.title, serves=serves, items=w) + tail,
        added_text(added, ctx.lang),
    )
    return ToolResult(
        say=say,
        data={"recipe": _about(view.recipe), "items": [grocery_about(a.item) for a in added], "scaled": as_asked},
        refs=[view.recipe.id],
    )


def add_recipe(ctx: ToolContext, args: AddRecipe) -> ToolResult:
    if not args.ingredients:
        raise NeedsAnswer(t("recipes.ask_ingredients", ctx.lang, title=args.title.strip()), missing="ingredients")
    ingredients = []
    for item in args.ingredients:
        try:
            amount, unit = q.read_written(item.quantity, item.unit)
        except q.UnreadableQuantity:
            raise NeedsAnswer(
                t("recipes.ask_quantity", ctx.lang, name=item.name.strip()), missing="ingredients"
            ) from None
        ingredients.append(service.IngredientIn(name=item.name, quantity=amount, unit=unit))
    view = service.create(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        title=args.title,
        servings=args.servings,
        ingredients=ingredients,
        steps=args.steps,
    )
    serves = t("recipes.serves", ctx.lang, n=view.recipe.servings) if view.recipe.servings else ""
    say = fit_field(
        lambda w: t("recipes.created", ctx.lang, title=w, n=len(view.ingredients), serves=serves), view.recipe.title
    )
    return ToolResult(say=say, data=_about(view.recipe), refs=[view.recipe.id])


def show_recipe(ctx: ToolContext, args: ShowRecipe) -> ToolResult:
    recipe = _target(ctx, args.recipe, args.recipe_id)
    view = service.view(ctx.session, user=ctx.user, recipe_id=recipe.id)
    items, as_asked = service.scaled(view, args.servings)
    servings = args.servings if args.servings and as_asked else view.recipe.servings
    head = view.recipe.title + (t("recipes.for_servings", ctx.lang, n=servings) if servings else "")
    parts = [f"{q.show(i.quantity, i.unit, ctx.lang)} {i.name}".strip() for i in items]
    text = f"{head} : " if ctx.lang == "fr" else f"{head}: "
    text += ", ".join(parts) if parts else "-"
    if not as_asked:
        text += " " + t("recipes.not_scaled", ctx.lang)
    if view.steps:
        text += "\n" + t("recipes.steps", ctx.lang) + " " + " ".join(f"{s.position}. {s.text}" for s in view.steps)
    return ToolResult(say=fit(text), data=_about(view.recipe), refs=[view.recipe.id])


def list_recipes(ctx: ToolContext, args: ListRecipes) -> ToolResult:
    found = service.page(
        ctx.session,
        user=ctx.user,
        favourite=True if args.favourites else None,
        words=args.about,
        sort="title",
        cursor=None,
        limit=50,
    ).items
    if not found:
        return ToolResult(say=t("recipes.none", ctx.lang), data={"recipes": []})
    title_key = "recipes.favourites_title" if args.favourites else "recipes.list_title"
    for shown in range(len(found), 0, -1):
        text = (
            t(title_key, ctx.lang, n=len(found))
            + " "
            + ", ".join(r.title + (" ★" if r.favourite else "") for r in found[:shown])
        )
        if shown < len(found):
            text += " " + t("recipes.more", ctx.lang, n=len(found) - shown)
        if len(text) <= SMS_BUDGET:
            break
    return ToolResult(say=text, data={"recipes": [_about(r) for r in found]}, refs=[r.id for r in found])


def recipe_cooked(ctx: ToolContext, args: RecipeTarget) -> ToolResult:
    recipe = _target(ctx, args.recipe, args.recipe_id)
    service.cooked(ctx.session, user=ctx.user, now=ctx.now, recipe_id=recipe.id)
    say = fit_field(lambda w: t("recipes.cooked", ctx.lang, title=w, n=recipe.times_cooked), recipe.title)
    return ToolResult(say=say, data=_about(recipe), refs=[recipe.id])


def favourite_recipe(ctx: ToolContext, args: FavouriteRecipe) -> ToolResult:
    recipe = _target(ctx, args.recipe, args.recipe_id)
    service.set_favourite(ctx.session, user=ctx.user, now=ctx.now, recipe_id=recipe.id, favourite=args.favourite)
    key = "recipes.favourite_on" if args.favourite else "recipes.favourite_off"
    say = fit_field(lambda w: t(key, ctx.lang, title=w), recipe.title)
    return ToolResult(say=say, data=_about(recipe), refs=[recipe.id])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_recipe_to_groceries",
            description={
                "en": "Put a saved recipe's ingredients on the grocery list, scaled to the servings if given, merged "
                "with what is already there.",
                "fr": "Mettre les ingrédients d'une recette enregistrée sur la liste de courses, adaptés au nombre "
                "de personnes s'il est dit, fusionnés avec la liste.",
            },
            args=RecipeToGroceries,
            handler=recipe_to_groceries,
            writes=True,
            domain="recipes",
            asks={"recipe": "recipes.ask_recipe", "servings": "recipes.bad_servings"},
            examples={
                "fr": (
                    "ajoute les ingrédients de la quiche aux courses",
                    "lasagnes pour 6, mets ce qu'il faut sur la liste",
                ),
                "en": ("add the ingredients for the quiche to my groceries",),
            },
        )
    )
    tools.add(
        Tool(
            name="add_recipe",
            description={
                "en": "Save a new recipe: its name, ingredients with quantities, steps, servings.",
                "fr": "Enregistrer une nouvelle recette : nom, ingrédients et quantités, étapes, nombre de personnes.",
            },
            args=AddRecipe,
            handler=add_recipe,
            writes=True,
            domain="recipes",
            asks={"title": "recipes.ask_recipe", "servings": "recipes.bad_servings"},
            examples={
                "fr": ("recette crêpes pour 4 : 250 g farine, 4 oeufs, 50 cl lait",),
                "en": ("recipe pancakes for 4: 2 cups flour, 2 eggs, 1 cup milk",),
            },
        )
    )
    tools.add(
        Tool(
            name="show_recipe",
            description={
                "en": "Show a saved recipe (ingredients and steps), scaled to the servings if given.",
                "fr": "Montrer une recette (ingrédients, étapes), adaptée au nombre de personnes s'il est dit.",
            },
            args=ShowRecipe,
            handler=show_recipe,
            writes=False,
            domain="recipes",
            asks={"servings": "recipes.bad_servings"},
            examples={"fr": ("c'est quoi la recette de la quiche pour 6 ?",), "en": ("show me the pancake recipe",)},
        )
    )
    tools.add(
        Tool(
            name="list_recipes",
            description={
                "en": "List the person's saved recipes (or the favourites, or those about some words).",
                "fr": "Lister les recettes enregistrées (ou les favorites, ou celles qui parlent de quelque chose).",
            },
            args=ListRecipes,
            handler=list_recipes,
            writes=False,
            domain="recipes",
            examples={"fr": ("mes recettes",), "en": ("my favourite recipes",)},
        )
    )
    tools.add(
        Tool(
            name="recipe_cooked",
            description={
                "en": "Count one more time a saved recipe was cooked.",
                "fr": "Compter une fois de plus qu'une recette enregistrée a été cuisinée.",
            },
            args=RecipeTarget,
            handler=recipe_cooked,
            writes=True,
            domain="recipes",
            asks={"recipe": "recipes.ask_recipe"},
            examples={"fr": ("j'ai fait la quiche",), "en": ("made the lasagna tonight",)},
        )
    )
    tools.add(
        Tool(
            name="favourite_recipe",
            description={
                "en": "Put a saved recipe in (or out of) the favourites.",
                "fr": "Mettre une recette enregistrée dans les favoris (ou l'en retirer).",
            },
            args=FavouriteRecipe,
            handler=favourite_recipe,
            writes=True,
            domain="recipes",
            asks={"recipe": "recipes.ask_recipe"},
            examples={"fr": ("mets la quiche en favori",), "en": ("favourite the lasagna recipe",)},
        )
    )
