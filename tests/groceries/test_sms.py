"""Groceries by SMS through the emulator (real Postgres, Redis, fake Twilio), in French and in English."""

from __future__ import annotations

import pytest

from tests.helpers import chat, rows

KNOWN_PHONES = (
    "+14155550123",
    "+33612300001",
    "+33612300002",
    "+33612300003",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def stored(emu, phone: str, *, bought: bool = False) -> list[tuple[str, str | None, str | None]]:
    found = rows(
        emu.deps.engine,
        "SELECT g.name, g.quantity::text, g.unit FROM grocery_items g JOIN users u ON u.id = g.user_id "
        f"WHERE u.phone = :p AND g.bought_at IS {'NOT ' if bought else ''}NULL ORDER BY g.created_at",
        p=phone,
    )
    return [(name, quantity and quantity.rstrip("0").rstrip("."), unit) for name, quantity, unit in found]


class TestInFrench:
    def test_a_shopping_trip(self, emulator) -> None:
        phone = "+33612300001"
        reply = chat(emulator, phone, "lait, 6 oeufs et du pain")
        assert reply.endswith("C'est sur ta liste : lait, oeufs (6), pain.")  # after a welcome, the first time
        reply = chat(emulator, phone, "ajoute une demi-douzaine d'oeufs et 1,5 kg de pommes de terre")
        assert "oeufs (12 en tout)" in reply and "pommes de terre (1,5 kg)" in reply
        assert stored(emulator, phone) == [
            ("lait", None, None),
            ("oeufs", "12", None),
            ("pain", None, None),
            ("pommes de terre", "1.5", "kg"),
        ]
        reply = chat(emulator, phone, "il me manque quoi pour les courses ?")
        assert reply == (
            "Ta liste de courses (4) :\nFruits et légumes : pommes de terre (1,5 kg)\nBoulangerie : pain"
            "\nCrèmerie : lait, oeufs (12)"
        )
        assert "Il reste 3 article(s)" in chat(emulator, phone, "j'ai pris le pain")
        assert "retiré de la liste : lait" in chat(emulator, phone, "enlève le lait de la liste")
        assert stored(emulator, phone) == [("oeufs", "12", None), ("pommes de terre", "1.5", "kg")]
        assert stored(emulator, phone, bought=True) == [("pain", None, None)]

    def test_a_quantity_that_cannot_be_read_is_asked_then_filled(self, emulator) -> None:
        phone = "+33612300002"
        assert chat(emulator, phone, "ajoute 3 ou 4 pommes").endswith("Combien de « pommes » ? (par ex. 500 g, 2 l, 6)")
        assert stored(emulator, phone) == []
        assert chat(emulator, phone, "4") == "C'est sur ta liste : pommes (4)."
        assert stored(emulator, phone) == [("pommes", "4", None)]

    def test_nothing_on_the_list(self, emulator) -> None:
        phone = "+33612300003"
        assert chat(emulator, phone, "liste de courses").endswith("Ta liste de courses est vide.")
        assert "Je ne trouve pas « beurre »" in chat(emulator, phone, "j'ai pris le beurre")


class TestInEnglish:
    def test_a_shopping_trip(self, emulator) -> None:
        phone = "+14155550123"
        assert chat(emulator, phone, "milk, 6 eggs and bread").endswith("On your list: milk, eggs (6), bread.")
        assert "chicken (2 lb)" in chat(emulator, phone, "groceries: 2 lbs chicken, 1 gallon of milk")
        assert stored(emulator, phone) == [
            ("milk", "1", "gallon"),
            ("eggs", "6", None),
            ("bread", None, None),
            ("chicken", "2", "lb"),
        ]
        reply = chat(emulator, phone, "what's on my list")
        assert (
            reply
            == "Your grocery list (4):\nBakery: bread\nDairy & eggs: milk (1 gallon), eggs (6)\nMeat: chicken (2 lb)"
        )
        assert "2 item(s) left" in chat(emulator, phone, "got the milk and the bread")
        assert "took it off the list: chicken" in chat(emulator, phone, "take chicken off the list")
        assert stored(emulator, phone) == [("eggs", "6", None)]
