"""Quantities as people write them (CONVENTIONS, Quantities): exact decimals, canonical units, no guesses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.groceries import quantity as q


@pytest.mark.parametrize(
    ("written", "name", "quantity", "unit"),
    [
        ("500 g de farine", "farine", "500", "g"),
        ("500g de farine", "farine", "500", "g"),
        ("2 l de lait", "lait", "2", "l"),
        ("1,5 kg de pommes de terre", "pommes de terre", "1.5", "kg"),
        ("une demi-douzaine d'oeufs", "oeufs", "6", None),
        ("une douzaine d'œufs", "oeufs", "12", None),
        ("2 douzaines d'oeufs", "oeufs", "24", None),
        ("6 oeufs", "oeufs", "6", None),
        ("a dozen eggs", "eggs", "12", None),
        ("half a dozen eggs", "eggs", "6", None),
        ("2 lbs chicken", "chicken", "2", "lb"),
        ("1 gallon of milk", "milk", "1", "gallon"),
        ("a couple of avocados", "avocados", "2", None),
        ("deux baguettes", "baguettes", "2", None),
        ("tomates x4", "tomates", "4", None),
        ("x4 tomates", "tomates", "4", None),
        ("un litre de lait", "lait", "1", "l"),
        ("un demi litre de lait", "lait", "0.5", "l"),
        ("½ kg de beurre", "beurre", "0.5", "kg"),
        ("3 c. à soupe de sucre", "sucre", "3", "tbsp"),
        ("farine 500 g", "farine", "500", "g"),
        ("2 paquets de pâtes", "pâtes", "2", "pack"),
        ("du pain", "pain", None, None),
        ("PQ", "PQ", None, None),
        ("quelques pommes", "pommes", None, None),
    ],
)
def test_read_as_written(written, name, quantity, unit):
    item = q.read_item(written)
    assert item.name == name
    assert item.quantity == (Decimal(quantity) if quantity else None)
    assert item.unreadable is None
    if quantity is not None:
        assert item.unit == unit


@pytest.mark.parametrize("written", ["une boîte de thon", "a can of tuna", "un paquet de riz"])
def test_an_article_alone_is_not_a_quantity(written):
    assert q.read_item(written).quantity is None


@pytest.mark.parametrize(
    "written", ["3 ou 4 pommes", "3-4 pommes", "1.5.2 kg farine", "-2 kg riz", "0 oeufs", "5000 kg riz"]
)
def test_a_number_that_cannot_be_read_is_reported_not_guessed(written):
    item = q.read_item(written)
    assert item.quantity is None and item.unreadable == written


def test_read_quantity_alone_and_refusals():
    assert q.read_quantity("une demi-douzaine") == (Decimal(6), None)
    assert q.read_quantity("1,5 kg") == (Decimal("1.5"), "kg")
    assert q.read_quantity(1.5) == (Decimal("1.5"), None)
    assert q.read_written("2000", "g") == (Decimal(2000), "g")
    for bad in ("beaucoup", "3 ou 4", "-1", "0"):
        with pytest.raises(q.UnreadableQuantity):
            q.read_quantity(bad)


def test_units_are_canonical_and_unknown_ones_refused():
    assert [q.unit_code(u) for u in ("litres", "lbs", "Kilos", "cl", "paquets", "c. à café")] == [
        "l", "lb", "kg", "cl", "pack", "tsp",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        q.unit_code("parsecs")


def test_same_item_whatever_case_accent_article_or_plural():
    assert q.name_key("Les Œufs") == q.name_key("oeuf") == "oeuf"
    assert q.name_key("des tomates") == q.name_key("Tomate")
    assert q.name_key("Tomatoes") == q.name_key("tomato")
    assert q.name_key("du Café") == q.name_key("cafe")


def test_compatible_units_add_up_others_do_not():
    assert q.add((Decimal(500), "g"), (Decimal(1), "kg")) == (Decimal("1.5"), "kg")
    assert q.add((Decimal(1), "l"), (Decimal(50), "cl")) == (Decimal("1.5"), "l")
    assert q.add((Decimal(20), "cl"), (Decimal(30), "ml")) == (Decimal(23), "cl")
    assert q.add((Decimal(1), "lb"), (Decimal(1), "oz")) == (Decimal(17), "oz")  # 1.0625 lb: not exact in 3 decimals
    assert q.add((Decimal(1), "lb"), (Decimal(8), "oz")) == (Decimal("1.5"), "lb")
    assert q.add((Decimal(6), None), (Decimal(6), None)) == (Decimal(12), None)
    assert q.add((Decimal(1), "l"), (Decimal(2), "bottle")) is None
    assert q.add((Decimal(1), "kg"), (Decimal(2), "lb")) is None
    assert q.add((Decimal(1), "kg"), (Decimal(6), None)) is None


def test_scaling_rounds_like_a_cook():
    assert q.scale(Decimal(3), Decimal("1.5"), None) == 5  # 4.5 eggs: 5
    assert q.scale(Decimal(250), Decimal("1.5"), "g") == 375
    assert q.scale(Decimal(33), Decimal("1.5"), "g") == 50  # 49.5 -> 50
    assert q.scale(Decimal("0.5"), Decimal("0.75"), "l") == Decimal("0.38")
    assert q.scale(Decimal(1), Decimal("0.5"), "tbsp") == Decimal("0.5")


def test_shown_in_the_persons_language():
    assert q.show(Decimal("1.500"), "kg", "fr") == "1,5 kg"
    assert q.show(Decimal("1.500"), "kg", "en") == "1.5 kg"
    assert q.show(Decimal(2), "pack", "fr") == "2 paquets"
    assert q.show(Decimal(500), None, "en") == "500"


@pytest.mark.parametrize(
    ("name", "aisle"),
    [
        ("lait", "dairy"), ("Oeufs", "dairy"), ("pommes de terre", "produce"), ("PQ", "household"),
        ("liquide vaisselle", "household"), ("dish soap", "household"), ("orange juice", "drinks"),
        ("jus d'orange", "drinks"), ("filet de saumon", "fish"), ("baguettes", "bakery"), ("chicken", "meat"),
        ("pâtes", "pantry"), ("zorglub", None),
    ],
)  # fmt: skip
def test_aisle_from_a_small_table(name, aisle):
    assert q.aisle(name) == aisle
