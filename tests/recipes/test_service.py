"""The recipes service on real Postgres: ingredients and steps, scaling, onto the grocery list, times cooked,
favourites, names in the person's words, and nothing half-written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from shared.errors import Conflict, InvalidInput, NotFound
from shared.groceries import service as groceries
from shared.recipes import service
from shared.recipes.service import IngredientIn
from tests.helpers import NOW

CREPES = [
    IngredientIn("farine", Decimal(250), "g"),
    IngredientIn("oeufs", Decimal(3)),
    IngredientIn("lait", Decimal(50), "cl"),
    IngredientIn("sel"),
]


def crepes(db, **kw):
    return service.create(
        db.session,
        user=db.ana,
        now=NOW,
        title="Crêpes",
        servings=4,
        ingredients=CREPES,
        steps=["Mélanger", "Cuire"],
        **kw,
    )


def test_created_with_ordered_ingredients_and_steps(db):
    view = crepes(db)
    again = service.view(db.session, user=db.ana, recipe_id=view.recipe.id)
    assert [(i.position, i.name, i.quantity, i.unit) for i in again.ingredients] == [
        (1, "farine", Decimal(250), "g"),
        (2, "oeufs", Decimal(3), None),
        (3, "lait", Decimal(50), "cl"),
        (4, "sel", None, None),
    ]
    assert [(s.position, s.text) for s in again.steps] == [(1, "Mélanger"), (2, "Cuire")]


def test_scaled_to_other_servings_and_rounded_like_a_cook(db):
    view = crepes(db)
    items, as_asked = service.scaled(view, 6)
    assert as_asked
    assert [(i.name, i.quantity, i.unit) for i in items] == [
        ("farine", Decimal(375), "g"),
        ("oeufs", Decimal(5), None),  # 4.5 eggs: 5
        ("lait", Decimal(75), "cl"),
        ("sel", None, None),
    ]
    assert service.scaled(view, None)[0][0].quantity == Decimal(250)


def test_ingredients_merge_with_the_grocery_list(db):
    view = crepes(db)
    groceries.add_many(db.session, user=db.ana, now=NOW, items=[groceries.NewItem("Lait", Decimal(1), "l")])
    later = NOW + timedelta(minutes=1)
    _, added, as_asked = service.to_groceries(db.session, user=db.ana, now=later, recipe_id=view.recipe.id, servings=8)
    assert as_asked and [a.merged for a in added] == [False, False, True, False]
    shown = [(i.name, i.quantity, i.unit) for i in groceries.to_buy(db.session, user=db.ana)]
    assert shown == [
        ("Lait", Decimal(2), "l"),
        ("farine", Decimal(500), "g"),
        ("oeufs", Decimal(6), None),
        ("sel", None, None),
    ]


def test_a_recipe_without_servings_goes_on_the_list_as_written(db):
    view = service.create(
        db.session, user=db.ana, now=NOW, title="Quiche", ingredients=[IngredientIn("lardons", Decimal(200), "g")]
    )
    _, added, as_asked = service.to_groceries(db.session, user=db.ana, now=NOW, recipe_id=view.recipe.id, servings=6)
    assert not as_asked and added[0].item.quantity == Decimal(200)


def test_found_by_the_persons_words(db):
    crepes(db)
    service.create(db.session, user=db.ana, now=NOW, title="Soupe de potiron")
    service.create(db.session, user=db.ana, now=NOW, title="Gâteau au chocolat")
    assert [r.title for r in service.find(db.session, user=db.ana, words="les crêpes")] == ["Crêpes"]
    assert [r.title for r in service.find(db.session, user=db.ana, words="potiron")] == ["Soupe de potiron"]
    assert [r.title for r in service.find(db.session, user=db.ana, words="gateau au chocolat")] == [
        "Gâteau au chocolat"
    ]
    assert service.find(db.session, user=db.bob, words="crepes") == []


def test_cooked_and_favourite(db):
    view = crepes(db)
    service.cooked(db.session, user=db.ana, now=NOW, recipe_id=view.recipe.id)
    recipe = service.cooked(db.session, user=db.ana, now=NOW, recipe_id=view.recipe.id)
    assert recipe.times_cooked == 2 and recipe.last_cooked_at == NOW
    assert service.set_favourite(db.session, user=db.ana, now=NOW, recipe_id=view.recipe.id, favourite=True).favourite
    page = service.page(db.session, user=db.ana, favourite=True, cursor=None, limit=10)
    assert [r.title for r in page.items] == ["Crêpes"]


def test_update_replaces_ingredients_and_checks_everything_first(db):
    view = crepes(db)
    with pytest.raises(InvalidInput):
        service.update(
            db.session, user=db.ana, now=NOW, recipe_id=view.recipe.id, title="Crêpes fines",
            ingredients=[IngredientIn("farine", Decimal(-1), "g")],
        )  # fmt: skip
    assert service.get(db.session, user=db.ana, recipe_id=view.recipe.id).title == "Crêpes"
    new = service.update(
        db.session,
        user=db.ana,
        now=NOW,
        recipe_id=view.recipe.id,
        servings=2,
        ingredients=[IngredientIn("farine", Decimal(125), "g")],
    )
    assert new.recipe.servings == 2 and [i.name for i in new.ingredients] == ["farine"]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"title": "  "}, "recipes.bad_title"),
        ({"title": "x", "servings": 0}, "recipes.bad_servings"),
        ({"title": "x", "servings": 500}, "recipes.bad_servings"),
        ({"title": "x", "ingredients": [IngredientIn("riz", Decimal(1), "parsecs")]}, "groceries.unknown_unit"),
        ({"title": "x", "ingredients": [IngredientIn("riz", Decimal(-1))]}, "groceries.bad_quantity"),
        ({"title": "x", "steps": ["a" * 2001]}, "recipes.bad_steps"),
    ],
)
def test_bad_input_writes_nothing(db, kwargs, code):
    with pytest.raises(InvalidInput) as err:
        service.create(db.session, user=db.ana, now=NOW, **kwargs)
    assert err.value.code == code
    assert service.page(db.session, user=db.ana, cursor=None, limit=10).items == []


def test_one_title_per_person_and_people_apart(db):
    view = crepes(db)
    with pytest.raises(Conflict):
        service.create(db.session, user=db.ana, now=NOW, title="les crepes")
    service.create(db.session, user=db.bob, now=NOW, title="Crêpes")  # another person may
    for call in (service.get, service.view):
        with pytest.raises(NotFound):
            call(db.session, user=db.bob, recipe_id=view.recipe.id)
    with pytest.raises(NotFound):
        service.to_groceries(db.session, user=db.bob, now=NOW, recipe_id=view.recipe.id)
    with pytest.raises(NotFound):
        service.delete(db.session, user=db.bob, recipe_id=view.recipe.id)
