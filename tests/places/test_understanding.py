"""The offline brain on where-is and list questions about saved places, in everyday wordings (French and
English), and what it must not take for them."""

from __future__ import annotations

import pytest

from tests.helpers import heard

FIND = [
    ("fr", "c'est où le cabinet de l'orthophoniste ?", "orthophoniste"),
    ("fr", "l'adresse de tata sophie stp", "sophie"),
    ("fr", "il est ou le garage deja", "garage"),
    ("fr", "elle est où la pharmacie de garde ?", "pharmacie"),
    ("fr", "tu peux me donner l'adresse de la crèche", "creche"),
    ("fr", "c quoi l'adresse du pédiatre", "pediatre"),
    ("fr", "adresse du kiné ?", "kine"),
    ("fr", "je dois aller chez l'ostéo c'est où ?", "osteo"),
    ("fr", "où se trouve la mairie", "mairie"),
    ("en", "where's the vet again", "vet"),
    ("en", "whats the address for the daycare", "daycare"),
    ("en", "send me the address of the hair salon", "hair salon"),
    ("en", "grandpa's address?", "grandpa"),
    ("en", "where is my therapist's office", "therapist"),
    ("en", "i need to go to the post office where is it", "post office"),
]


@pytest.mark.parametrize(("lang", "text", "about"), FIND)
def test_find_place(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "find_place"
    folded = args.get("about", "").lower()
    for accent, plain in (("é", "e"), ("è", "e"), ("ê", "e")):
        folded = folded.replace(accent, plain)
    assert about in folded


LIST = [
    ("fr", "mes adresses", ""),
    ("fr", "montre moi les lieux enregistrés", ""),
    ("fr", "quels lieux t'as gardés ?", ""),
    ("fr", "liste de mes endroits stp", ""),
    ("fr", "mes pharmacies enregistrées", "pharmacies"),
    ("fr", "quelles écoles j'ai sauvegardées", "écoles"),
    ("fr", "les boulangeries que j'ai notées", "boulangeries"),
    ("en", "my saved addresses", ""),
    ("en", "show me all my places", ""),
    ("en", "which places did i save", ""),
    ("en", "list my pharmacies", "pharmacies"),
    ("en", "what dentists have i saved", "dentists"),
    ("en", "saved places, restaurants only", "restaurants"),
]


@pytest.mark.parametrize(("lang", "text", "kind"), LIST)
def test_list_places(lang: str, text: str, kind: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "list_places"
    assert args.get("kind", "") == kind


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "le dentiste c'est 4 rue Lafayette, garde l'adresse"),
        ("fr", "mes notes sur la maison"),
        ("fr", "où j'ai garé la voiture ?"),
        ("en", "the gym is at 20 Main Street, save the address"),
        ("en", "my notes tagged home"),
        ("en", "where did i park"),
    ],
)
def test_not_a_place_question(lang: str, text: str) -> None:
    assert heard(text, lang)[0] not in ("find_place", "list_places")


@pytest.mark.parametrize(
    ("words", "kind"),
    [("pharmacies", "pharmacy"), ("restos", "restaurant"), ("santé", "health"), ("sante", "health"), ("", None)],
)
def test_list_places_reads_the_kind_as_said(words: str, kind: str | None) -> None:
    from shared.places.tools import _kind

    assert _kind(words) == kind
