"""The offline brain on everyday ways of adding to, deleting and listing notes (not the corpus sentences):
the right tool, and `about` / `text` / `tag` carrying the person's words."""

from __future__ import annotations

import pytest

from shared.brains.offline._lexicon import fold
from tests.helpers import heard

APPENDS = [
    ("fr", "ajoute à ma note wifi : mot de passe invité 1234", "wifi", "mot de passe invite 1234"),
    ("fr", "rajoute beurre de cacahuète dans ma note courses de noel", "courses de noel", "beurre de cacahuete"),
    ("fr", "dans ma note films mets aussi Oppenheimer", "films", "oppenheimer"),
    ("fr", "complète ma note cadeaux avec un livre pour maman", "cadeaux", "livre pour maman"),
    ("fr", "mets le code 4521B dans la note portail", "portail", "4521b"),
    ("fr", "à la suite de la note réunion : relancer Paul vendredi", "reunion", "relancer paul vendredi"),
    ("fr", "note plombier, rajoute son mail jean@plomb.fr", "plombier", "jean"),
    ("en", "add oat milk to my shopping note", "shopping", "oat milk"),
    ("en", "put 'the wire' in my shows note", "shows", "the wire"),
    ("en", "append call back monday to the work note", "work", "call back monday"),
    ("en", "in the wifi note add guest pw 1234", "wifi", "guest pw 1234"),
    ("en", "add to the gift ideas note: lego for sam", "gift ideas", "lego for sam"),
    ("en", "also add gluten free to the note about anna", "anna", "gluten free"),
    ("en", "books note, add the hobbit", "books", "the hobbit"),
    ("en", "update my work note with call bob", "work", "call bob"),
    ("fr", "met dans la note code : digicode 1234B", "code", "digicode 1234b"),
]


@pytest.mark.parametrize(("lang", "text", "about", "added"), APPENDS)
def test_adding_to_a_note(lang: str, text: str, about: str, added: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "append_note", (text, tool, args)
    assert about in fold(str(args.get("about", ""))), (text, args)
    assert added in fold(str(args.get("text", ""))), (text, args)
    assert "note" not in fold(str(args.get("text", ""))).split(), (text, args)


DELETES = [
    ("fr", "supprime la note wifi", "wifi"),
    ("fr", "efface ma note sur le code de la porte", "code de la porte"),
    ("fr", "jette la note des idées cadeaux stp", "idees cadeaux"),
    ("fr", "vire la note films, je les ai tous vus", "films"),
    ("fr", "la note parking tu peux la supprimer", "parking"),
    ("fr", "enlève ma note du plombier", "plombier"),
    ("fr", "je veux plus de ma note recettes, efface la", "recettes"),
    ("en", "delete my wifi note", "wifi"),
    ("en", "remove the plumber note pls", "plumber"),
    ("en", "trash the note about the gate code", "gate code"),
    ("en", "get rid of my movies note", "movies"),
    ("en", "the parking note can go, delete it", "parking"),
    ("en", "erase note about sam's shoe size", "shoe size"),
    ("en", "kill my gift ideas note", "gift ideas"),
    ("fr", 'supprime la note "liste noel"', "liste noel"),
    ("en", "remove the note about where i parked", "where i parked"),
]


@pytest.mark.parametrize(("lang", "text", "about"), DELETES)
def test_deleting_a_note(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "delete_note", (text, tool, args)
    got = fold(str(args.get("about", "")))
    assert about in got, (text, args)
    assert len(got.split()) <= len(about.split()) + 2, (text, args)


LISTS = [
    ("fr", "mes notes stp", None),
    ("fr", "montre mes notes", None),
    ("fr", "affiche toutes mes notes", None),
    ("fr", "c'est quoi mes notes", None),
    ("fr", "liste mes notes", None),
    ("fr", "mes notes #maison", "maison"),
    ("fr", "les notes taggées boulot", "boulot"),
    ("fr", "mes dernières notes ?", None),
    ("fr", "toutes les notes avec le tag perso", "perso"),
    ("en", "show my notes", None),
    ("en", "list my notes", None),
    ("en", "what notes have i got", None),
    ("en", "my latest notes", None),
    ("en", "notes tagged #work", "work"),
    ("en", "my #recipes notes", "recipes"),
    ("en", "all notes with tag family", "family"),
    ("en", "show me all my notes", None),
]


@pytest.mark.parametrize(("lang", "text", "tag"), LISTS)
def test_listing_notes(lang: str, text: str, tag: str | None) -> None:
    tool, args = heard(text, lang)
    assert tool == "list_notes", (text, tool, args)
    assert args.get("tag") == tag, (text, args)


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "cherche dans mes notes le code wifi", "find_note"),
        ("fr", "note : le code du portail est 4521", "add_note"),
        ("fr", "supprime mon rappel pour le dentiste", "cancel_reminder"),
        ("en", "find my note about the wifi", "find_note"),
        ("en", "note: gate code is 4521", "add_note"),
        ("en", "delete my dentist reminder", "cancel_reminder"),
        ("fr", "ma note wifi ?", "find_note"),
        ("en", "what's the gate code note", "find_note"),
    ],
)
def test_neighbours_keep_their_meaning(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang)[0] == tool, text


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fr", "les notes de frais"), ("fr", "mets ça dans mes notes"), ("fr", "enlève le lait de ma note courses")],
)
def test_no_guess_about_notes(lang: str, text: str) -> None:
    """Expense reports are no tag, "ça" is no content, taking a line out of a note is not deleting it."""
    tool, args = heard(text, lang)
    assert tool not in {"list_notes", "add_note", "delete_note"}, (text, tool, args)


@pytest.mark.parametrize(
    ("lang", "text", "content"),
    [
        ("fr", "note idée cadeau pour maman : un bouquin de cuisine", "idée cadeau pour maman : un bouquin de cuisine"),
        ("en", "note gift idea for mom: a cookbook", "gift idea for mom: a cookbook"),
    ],
)
def test_note_then_what_to_keep_without_a_colon_is_a_note(lang: str, text: str, content: str) -> None:
    assert heard(text, lang) == ("add_note", {"content": content})


@pytest.mark.parametrize(("lang", "text", "tool"), [("fr", "note de frais 45€ resto", "add_expense")])
def test_a_note_of_expenses_stays_an_expense(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang)[0] == tool
