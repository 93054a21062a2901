"""The groceries service on real Postgres: several items at once, merging with the list, bought, removed,
by aisle, and one person's list never touching another's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from shared.errors import InvalidInput, NotFound
from shared.groceries import service
from shared.groceries.service import NewItem
from tests.helpers import NOW


def lines(db, user):
    return [(i.name, i.quantity, i.unit, i.category) for i in service.to_buy(db.session, user=user)]


class TestAdding:
    def test_several_items_with_quantities_and_aisles(self, db):
        added = service.add_many(
            db.session,
            user=db.ana,
            now=NOW,
            items=[NewItem("lait"), NewItem("oeufs", Decimal(6)), NewItem("farine", Decimal(500), "grammes")],
        )
        assert [a.merged for a in added] == [False, False, False]
        assert lines(db, db.ana) == [
            ("lait", None, None, "dairy"),
            ("oeufs", Decimal(6), None, "dairy"),
            ("farine", Decimal(500), "g", "pantry"),
        ]

    def test_the_same_item_is_folded_whatever_its_spelling(self, db):
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("Œufs", Decimal(6))])
        [added] = service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("des oeuf", Decimal(12))])
        assert added.merged and added.changed
        assert lines(db, db.ana) == [("Œufs", Decimal(18), None, "dairy")]

    def test_compatible_units_add_up_and_others_stay_side_by_side(self, db):
        for minute, item in enumerate(
            [
                NewItem("farine", Decimal(500), "g"),
                NewItem("Farine", Decimal(1), "kg"),
                NewItem("lait", Decimal(1), "l"),
                NewItem("lait", Decimal(50), "cl"),
                NewItem("lait", Decimal(2), "bouteilles"),
            ]
        ):
            service.add_many(db.session, user=db.ana, now=NOW + timedelta(minutes=minute), items=[item])
        assert lines(db, db.ana) == [
            ("farine", Decimal("1.5"), "kg", "pantry"),
            ("lait", Decimal("1.5"), "l", "dairy"),
            ("lait", Decimal(2), "bottle", "dairy"),
        ]

    def test_no_quantity_twice_is_one_line_and_a_quantity_fills_it(self, db):
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("pain")])
        [again] = service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("du pain")])
        assert again.merged and not again.changed
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("pains", Decimal(2))])
        assert lines(db, db.ana) == [("pain", Decimal(2), None, "bakery")]

    def test_a_bought_item_is_not_merged_into(self, db):
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("lait", Decimal(1), "l")])
        service.mark_bought(db.session, user=db.ana, now=NOW, names=["lait"])
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("lait", Decimal(2), "l")])
        assert lines(db, db.ana) == [("lait", Decimal(2), "l", "dairy")]

    @pytest.mark.parametrize(
        ("item", "code"),
        [
            (NewItem("riz", Decimal(2), "parsecs"), "groceries.unknown_unit"),
            (NewItem("riz", Decimal(-2), "kg"), "groceries.bad_quantity"),
            (NewItem("riz", Decimal(0)), "groceries.bad_quantity"),
            (NewItem("riz", Decimal("0.0001"), "kg"), "groceries.bad_quantity"),
            (NewItem("riz", Decimal(5000), "kg"), "groceries.bad_quantity"),
            (NewItem("   "), "groceries.bad_name"),
            (NewItem("x" * 121), "groceries.bad_name"),
            (NewItem("riz", category="garage"), "groceries.bad_category"),
        ],
    )
    def test_bad_input_writes_nothing(self, db, item, code):
        with pytest.raises(InvalidInput) as err:
            service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("lait"), item])
        assert err.value.code == code
        assert lines(db, db.ana) == []


class TestBoughtAndRemoved:
    def test_bought_leaves_the_rest_and_reports_what_is_not_on_the_list(self, db):
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("pain"), NewItem("lait"), NewItem("sucre")])
        bought, missing = service.mark_bought(db.session, user=db.ana, now=NOW, names=["le pain", "Lait", "beurre"])
        assert [b.name for b in bought] == ["pain", "lait"] and missing == ["beurre"]
        assert all(b.bought_at == NOW for b in bought)
        assert lines(db, db.ana) == [("sucre", None, None, "pantry")]
        assert service.count_to_buy(db.session, user=db.ana) == 1

    def test_words_find_a_longer_name(self, db):
        service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("pommes de terre", Decimal(2), "kg")])
        found = service.find_to_buy(db.session, user=db.ana, about="pommes")
        assert [f.name for f in found] == ["pommes de terre"]
        service.remove_lines(db.session, user=db.ana, ids=[f.id for f in found])
        assert lines(db, db.ana) == []

    def test_by_aisle_in_store_order_with_lines_of_one_item_together(self, db):
        service.add_many(
            db.session,
            user=db.ana,
            now=NOW,
            items=[
                NewItem("lessive"),
                NewItem("lait", Decimal(1), "l"),
                NewItem("tomates"),
                NewItem("lait", Decimal(1), "bouteille"),
            ],
        )
        groups = service.by_aisle(service.to_buy(db.session, user=db.ana))
        assert [(a, [[line.name for line in item] for item in items]) for a, items in groups] == [
            ("produce", [["tomates"]]),
            ("dairy", [["lait", "lait"]]),
            ("household", [["lessive"]]),
        ]


class TestPeopleApart:
    def test_another_persons_list_is_never_merged_seen_or_changed(self, db):
        [bobs] = service.add_many(db.session, user=db.bob, now=NOW, items=[NewItem("milk", Decimal(1), "gallon")])
        [anas] = service.add_many(db.session, user=db.ana, now=NOW, items=[NewItem("milk", Decimal(1), "gallon")])
        assert not anas.merged and anas.item.id != bobs.item.id
        assert service.mark_bought(db.session, user=db.ana, now=NOW, names=["milk"])[0] == [anas.item]
        assert lines(db, db.bob) == [("milk", Decimal(1), "gallon", "dairy")]
        with pytest.raises(NotFound):
            service.get(db.session, user=db.ana, item_id=bobs.item.id)
        with pytest.raises(NotFound):
            service.update(db.session, user=db.ana, now=NOW, item_id=bobs.item.id, name="x")
        with pytest.raises(NotFound):
            service.delete(db.session, user=db.ana, item_id=bobs.item.id)
        assert service.remove_lines(db.session, user=db.ana, ids=[bobs.item.id]) == 0
        count = db.session.execute(text("SELECT count(*) FROM grocery_items WHERE user_id = :u"), {"u": db.bob.id})
        assert count.scalar_one() == 1
