"""Recipes by SMS through the emulator, in French and in English: save one, put its ingredients on the list
(scaled), count a time cooked, favourites, and an unknown recipe."""

from __future__ import annotations

import pytest

from tests.groceries.test_sms import stored
from tests.helpers import chat

KNOWN_PHONES = (
    "+14155550124",
    "+33612400001",
    "+33612400002",
)
pytestmark = pytest.mark.usefixtures("known_phones")


class TestInFrench:
    def test_a_recipe_from_sms_to_the_shopping_list(self, emulator) -> None:
        phone = "+33612400001"
        reply = chat(
            emulator, phone, "recette crêpes pour 4 : 250 g farine, 4 oeufs, 50 cl lait. étapes : mélanger puis cuire"
        )
        assert reply.endswith("Recette « crêpes » enregistrée (3 ingrédient(s), pour 4).")
        chat(emulator, phone, "mets 1 l de lait sur la liste")
        reply = chat(emulator, phone, "ajoute les ingrédients des crêpes aux courses pour 6")
        assert reply == (
            "Ingrédients de « crêpes » pour 6 sur ta liste : farine (375 g), oeufs (6), lait (1,75 l en tout)."
        )
        assert stored(emulator, phone) == [("lait", "1.75", "l"), ("farine", "375", "g"), ("oeufs", "6", None)]
        assert chat(emulator, phone, "j'ai fait les crêpes") == "Miam ! « crêpes » : 1 fois au compteur."
        assert chat(emulator, phone, "mets les crêpes en favori") == "« crêpes » est dans tes favoris."
        assert chat(emulator, phone, "mes recettes") == "Tes recettes (1) : crêpes ★"

    def test_an_unknown_recipe_says_how_to_add_one(self, emulator) -> None:
        phone = "+33612400002"
        reply = chat(emulator, phone, "ajoute les ingrédients de la quiche aux courses")
        assert reply.endswith(
            "Je ne connais pas de recette « quiche ». Envoie-la-moi : « recette quiche : 200 g farine, 3 oeufs »."
        )
        assert stored(emulator, phone) == []


class TestInEnglish:
    def test_a_recipe_scaled_onto_the_list(self, emulator) -> None:
        phone = "+14155550124"
        reply = chat(emulator, phone, "recipe pancakes for 2: 1 cup flour, 2 eggs, 1 cup milk")
        assert reply.endswith('Recipe "pancakes" saved (3 ingredient(s), serves 2).')
        reply = chat(emulator, phone, "pancake ingredients for 4 on the list pls")
        assert reply == 'Ingredients for "pancakes" for 4 on your list: flour (2 cups), eggs (4), milk (2 cups).'
        assert stored(emulator, phone) == [("flour", "2", "cup"), ("eggs", "4", None), ("milk", "2", "cup")]
        assert chat(emulator, phone, "show me the pancakes recipe") == "pancakes for 2: 1 cup flour, 2 eggs, 1 cup milk"
        assert chat(emulator, phone, "made the pancakes tonight") == 'Yum! "pancakes": cooked 1 time(s) so far.'
