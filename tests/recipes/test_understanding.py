"""The offline brain on recipe requests written the way tired people text (not the corpus rows): save a recipe,
show one, list them, say one was cooked, favourites; and the neighbours that must stay theirs (reminders,
groceries, chores). Pure: no database."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.helpers import understood


def folded(value: Any) -> str:
    text = unicodedata.normalize("NFD", str(value).lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def check(text: str, lang: str, tool: str, **expected: Any) -> None:
    choice = understood(text, lang)
    assert choice.calls, f"{text!r}: no call ({choice.intent})"
    call = choice.calls[0]
    assert call.name == tool, f"{text!r}: {call.name} {call.args}"
    for name, value in expected.items():
        got = call.args.get(name)
        if value is None:
            assert not got, f"{text!r}: {name}={got!r}"
        elif isinstance(value, bool | int):
            default = False if name == "favourites" else (True if name == "favourite" else None)
            assert (got if got is not None else default) == value, f"{text!r}: {name}={got!r}"
        else:
            assert folded(value) in folded(got), f"{text!r}: {name}={got!r}, expected {value!r}"
            if name in {"recipe", "title", "about"}:
                assert len(folded(got)) <= len(folded(value)) + 12, f"{text!r}: {name}={got!r} carries extra words"


ADD = [
    ("fr", "nouvelle recette: gratin dauphinois pour 6, 1kg de pommes de terre, 50cl de creme, 2 gousses d'ail",
     {"title": "gratin dauphinois", "servings": 6}),
    ("fr", "enregistre la recette du crumble : 200g de farine, 100g de beurre, 4 pommes", {"title": "crumble"}),
    ("fr", "sauvegarde ma recette de cookies pour 12", {"title": "cookies", "servings": 12}),
    ("fr", "garde cette recette stp : salade de lentilles, lentilles 200g, 1 echalote, vinaigrette",
     {"title": "salade de lentilles"}),
    ("fr", "recette de la quiche lorraine pour 4 : 1 pate brisee, 200g de lardons, 3 oeufs, 20cl de creme",
     {"title": "quiche lorraine", "servings": 4}),
    ("fr", "note ma recette de pancakes : 250g farine, 2 oeufs, 30cl lait", {"title": "pancakes"}),
    ("fr", "ajoute une recette : taboulé pour 6", {"title": "taboulé", "servings": 6}),
    ("fr", "nvelle recette crumble aux pommes pr 6 : 6 pommes, 150g farine, 100g beurre",
     {"title": "crumble aux pommes", "servings": 6}),
    ("fr", "je veux enregistrer une recette", {"title": None}),
    ("fr", "enregistre la recette du cake au citron de ma soeur, 8 parts", {"title": "cake au citron", "servings": 8}),
    ("en", "new recipe: banana pancakes for 2, 1 banana, 1 egg, 1/2 cup oats",
     {"title": "banana pancakes", "servings": 2}),
    ("en", "save this recipe: chicken curry serves 4, 500g chicken, 1 onion, 1 can coconut milk",
     {"title": "chicken curry", "servings": 4}),
    ("en", "add a new recipe: french toast for 2", {"title": "french toast", "servings": 2}),
    ("en", "store my mom's meatloaf recipe, serves 6", {"title": "meatloaf", "servings": 6}),
    ("en", "save my cookie recipe: 2 cups flour, 1 cup sugar, 2 eggs", {"title": "cookie"}),
    ("en", "recipe for brownies: 200g chocolate, 100g butter, 3 eggs", {"title": "brownies"}),
    ("en", "keep my chili recipe pls", {"title": "chili"}),
    ("en", "i want to add a recipe", {"title": None}),
    ("en", "new recipe overnight oats: 1 cup oats, 1 cup milk, 1 tbsp chia seeds", {"title": "overnight oats"}),
    ("en", "write down this recipe: guacamole, 2 avocados, 1 lime", {"title": "guacamole"}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "args"), ADD)
def test_a_new_recipe(lang: str, text: str, args: dict[str, Any]) -> None:
    check(text, lang, "add_recipe", **args)


def test_a_new_recipe_keeps_its_ingredients_and_steps() -> None:
    call = understood(
        "recette: velouté de potiron pour 4, 1 potiron, 2 pommes de terre, 50cl de lait. cuire 20 min", "fr"
    )
    assert call.calls[0].name == "add_recipe"
    args = call.calls[0].args
    assert [i["name"] for i in args["ingredients"]] == ["potiron", "pommes de terre", "lait"]
    assert args["steps"] == ["cuire 20 min"]
    call = understood("sauvegarde la recette des crepes : 250g farine 4 oeufs 50cl lait", "fr")
    assert [i["name"] for i in call.calls[0].args["ingredients"]] == ["farine", "oeufs", "lait"]


SHOW = [
    ("fr", "c'est quoi la recette du crumble ?", {"recipe": "crumble"}),
    ("fr", "montre la recette de la quiche lorraine", {"recipe": "quiche lorraine"}),
    ("fr", "envoie la recette des cookies pour 12", {"recipe": "cookies", "servings": 12}),
    ("fr", "redonne moi la recette du gratin stp", {"recipe": "gratin"}),
    ("fr", "comment on fait la pate a crepes deja ?", {"recipe": "pate a crepes"}),
    ("fr", "rappelle-moi comment on fait le crumble", {"recipe": "crumble"}),
    ("fr", "recette du tiramisu pour 6", {"recipe": "tiramisu", "servings": 6}),
    ("fr", "il me faut quoi pour le gratin ? donne la recette", {"recipe": "gratin"}),
    ("fr", "affiche la recette des cookies", {"recipe": "cookies"}),
    ("fr", "je peux avoir la recette du chili ?", {"recipe": "chili"}),
    ("fr", "recette des lasagnes stp", {"recipe": "lasagnes"}),
    ("en", "show me the crumble recipe", {"recipe": "crumble"}),
    ("en", "what's the recipe for mac and cheese", {"recipe": "mac and cheese"}),
    ("en", "send me my chili recipe for 10", {"recipe": "chili", "servings": 10}),
    ("en", "how do you make the banana bread again?", {"recipe": "banana bread"}),
    ("en", "remind me how to make guacamole", {"recipe": "guacamole"}),
    ("en", "pull up the pancake recipe pls", {"recipe": "pancake"}),
    ("en", "recipe for the brownies", {"recipe": "brownies"}),
    ("en", "cookie recipe for 24", {"recipe": "cookie", "servings": 24}),
    ("en", "can i see the lasagna recipe", {"recipe": "lasagna"}),
    ("en", "how do i cook the chili", {"recipe": "chili"}),
    ("en", "get me the tiramisu recipe", {"recipe": "tiramisu"}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "args"), SHOW)
def test_show_a_recipe(lang: str, text: str, args: dict[str, Any]) -> None:
    check(text, lang, "show_recipe", **args)


LIST = [
    ("fr", "mes recettes ?", {"about": None, "favourites": False}),
    ("fr", "montre mes recettes", {"about": None}),
    ("fr", "liste des recettes", {"about": None}),
    ("fr", "toutes mes recettes stp", {"about": None}),
    ("fr", "mes recettes préférées", {"favourites": True, "about": None}),
    ("fr", "mes recettes fav", {"favourites": True}),
    ("fr", "quelles recettes avec des pates ?", {"about": "pates"}),
    ("fr", "mes recettes de gateaux", {"about": "gateau"}),
    ("fr", "j'ai quelles recettes de soupe ?", {"about": "soupe"}),
    ("fr", "les recettes au chocolat", {"about": "chocolat"}),
    ("fr", "t'as mes recettes de poulet ?", {"about": "poulet"}),
    ("en", "show my recipes", {"about": None}),
    ("en", "what recipes have i got", {"about": None}),
    ("en", "all recipes pls", {"about": None}),
    ("en", "my fav recipes", {"favourites": True}),
    ("en", "list my favorite recipes", {"favourites": True, "about": None}),
    ("en", "recipes with pasta?", {"about": "pasta"}),
    ("en", "my chicken recipes", {"about": "chicken"}),
    ("en", "which soup recipes do i have", {"about": "soup"}),
    ("en", "any dessert recipes?", {"about": "dessert"}),
    ("en", "do i have recipes with tofu", {"about": "tofu"}),
    ("en", "how many recipes do i have", {"about": None}),
    ("en", "recipes w chicken", {"about": "chicken"}),
    ("fr", "j'ai combien de recettes", {"about": None}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "args"), LIST)
def test_list_recipes(lang: str, text: str, args: dict[str, Any]) -> None:
    check(text, lang, "list_recipes", **args)


COOKED = [
    ("fr", "j'ai fait le crumble hier soir", "crumble"),
    ("fr", "on a cuisiné les lasagnes ce midi", "lasagnes"),
    ("fr", "je viens de faire le gratin", "gratin"),
    ("fr", "j'ai refait la quiche lorraine, un délice", "quiche lorraine"),
    ("fr", "crumble fait ce soir", "crumble"),
    ("fr", "g fait les cookies", "cookies"),
    ("fr", "j'ai testé ta recette de cookies", "cookies"),
    ("fr", "on a mangé la blanquette ce soir, j'ai suivi la recette", "blanquette"),
    ("fr", "fait les crêpes ce matin", "crêpes"),
    ("fr", "j'ai enfin réussi le tiramisu !", "tiramisu"),
    ("en", "made the crumble last night", "crumble"),
    ("en", "i cooked the lasagna today", "lasagna"),
    ("en", "just baked the cookies", "cookies"),
    ("en", "we made the curry for dinner", "curry"),
    ("en", "whipped up the pancakes this morning", "pancakes"),
    ("en", "cooked my chili recipe again", "chili"),
    ("en", "brownies done!", "brownies"),
    ("en", "i made the guacamole from your recipe", "guacamole"),
    ("en", "tried the risotto recipe tonight", "risotto"),
    ("en", "we had the meatloaf tonight, followed the recipe", "meatloaf"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "recipe"), COOKED)
def test_a_recipe_cooked(lang: str, text: str, recipe: str) -> None:
    check(text, lang, "recipe_cooked", recipe=recipe)


FAVOURITE = [
    ("fr", "mets le crumble en favori", "crumble", True),
    ("fr", "ajoute la quiche lorraine aux favoris", "quiche lorraine", True),
    ("fr", "la blanquette en favoris stp", "blanquette", True),
    ("fr", "les cookies c'est ma recette préférée, mets-la en favori", "cookies", True),
    ("fr", "retire les cookies des favoris", "cookies", False),
    ("fr", "supprime le gratin de mes favoris", "gratin", False),
    ("fr", "enlève la recette du chili des favoris", "chili", False),
    ("fr", "marque la quiche comme favorite", "quiche", True),
    ("fr", "favoris: crumble aux pommes", "crumble aux pommes", True),
    ("fr", "sors le taboulé de mes recettes preferees", "taboulé", False),
    ("en", "add the crumble to my favourites", "crumble", True),
    ("en", "fave the chili", "chili", True),
    ("en", "mark the lasagna recipe as favourite", "lasagna", True),
    ("en", "put brownies in my faves", "brownies", True),
    ("en", "remove the cookies from my favorites", "cookies", False),
    ("en", "unfave the guac", "guac", False),
    ("en", "take the pancakes off my favourites", "pancakes", False),
    ("en", "star the banana bread recipe", "banana bread", True),
    ("en", "the curry is my favorite, save it as a fave", "curry", True),
    ("en", "favorite: mac and cheese", "mac and cheese", True),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "recipe", "on"), FAVOURITE)
def test_favourites(lang: str, text: str, recipe: str, on: bool) -> None:
    check(text, lang, "favourite_recipe", recipe=recipe, favourite=on)


NEIGHBOURS = [
    ("fr", "rappelle moi d'appeler maman demain", "create_reminder"),
    ("fr", "rappelle moi de faire le gateau demain a 15h", "create_reminder"),
    ("en", "remind me to make the dentist appointment tomorrow", "create_reminder"),
    ("en", "remind me to bake the cake tomorrow at 5", "create_reminder"),
    ("fr", "annule le rappel du dentiste", "cancel_reminder"),
    ("fr", "ajoute des oeufs et du lait à la liste", "add_groceries"),
    ("en", "add eggs and milk to the list", "add_groceries"),
    ("fr", "ajoute les ingrédients de la quiche aux courses", "add_recipe_to_groceries"),
    ("en", "put the brownie ingredients on my shopping list", "add_recipe_to_groceries"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "tool"), NEIGHBOURS)
def test_neighbours_stay_theirs(lang: str, text: str, tool: str) -> None:
    choice = understood(text, lang)
    assert choice.calls and choice.calls[0].name == tool, f"{text!r}: {choice.intent} {choice.calls}"


NOT_RECIPES = [
    ("fr", "j'ai fait la vaisselle"),
    ("fr", "j'ai fait les courses"),
    ("fr", "on a mangé au resto hier"),
    ("en", "made the bed"),
    ("en", "i made the call to the bank"),
    ("en", "list notes with the tag recipes"),
    ("fr", "mets le resto italien en favori"),
    ("en", "star wars tonight at 8"),
    ("en", "favorite color is blue"),
    ("fr", "le pain c'est fait"),
    ("fr", "il me faut quoi pour les courses"),
    ("fr", "on a mangé des pates"),
    ("fr", "ds 1h30 sortir le gateau du four"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_RECIPES)
def test_not_a_recipe(lang: str, text: str) -> None:
    choice = understood(text, lang)
    names = [c.name for c in choice.calls]
    recipes = {
        "recipe_cooked",
        "list_recipes",
        "show_recipe",
        "add_recipe",
        "favourite_recipe",
        "add_recipe_to_groceries",
    }
    assert not recipes & set(names), f"{text!r}: {names}"
