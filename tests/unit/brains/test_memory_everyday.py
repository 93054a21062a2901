"""Everyday memory facts said by SMS: where the car is parked (and asking for it), birthdays said in English, and
role questions with a typo in the role word."""

from __future__ import annotations

from typing import Any

import pytest

from shared.agent.registry import Lang
from shared.brains.offline.engine import Candidate
from tests.unit.brains.hearing import first_call, heard


def hear(text: str, lang: Lang) -> Candidate:
    return heard(lang, text)


def call(text: str, lang: Lang) -> tuple[str, dict[str, Any]]:
    return first_call(lang, text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je me suis garé rue de la paix niveau -2 place 45", "fr"),
        ("garé au P2 place 118", "fr"),
        ("garee niveau -2 allee F", "fr"),
        ("jme suis garee devant la boulangerie", "fr"),
        ("chui garé parking indigo niveau -1", "fr"),
        ("jsuis garé au parking de la gare place 12", "fr"),
        ("le vélo est attaché devant la gare", "fr"),
        ("la voiture est au parking du centre, niveau 3", "fr"),
        ("parked on level 3 spot 42", "en"),
        ("btw i parked on level 2 row C", "en"),
        ("i'm parked at the north lot", "en"),
        ("car's on 5th street near the bakery", "en"),
        ("my bike is locked outside the library", "en"),
    ],
)
def test_where_the_car_is_parked_is_remembered(text: str, lang: Lang) -> None:
    tool, args = call(text, lang)
    assert tool == "remember"
    assert args["category"] == "place"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je suis garé", "fr"),
        ("je dois garer la voiture", "fr"),
        ("où je peux me garer près du stade", "fr"),
        ("gare a 18h", "fr"),
        ("je suis garé en bas, tu descends ?", "fr"),
        ("where can i park near the stadium", "en"),
        ("parked for 2 hours cost me $12", "en"),
    ],
)
def test_not_a_parking_memory(text: str, lang: Lang) -> None:
    choice = hear(text, lang)
    assert [c.name for c in choice.calls] not in (["remember"], ["recall"]), text


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("où j'ai garé la voiture", "fr", ("garé", "voiture")),
        ("ou g garé la voiture", "fr", ("garé", "voiture")),
        ("jsuis garée où déjà", "fr", ("garé", "voiture")),
        ("c'est où que j'ai garé la voiture", "fr", ("garé", "voiture")),
        ("a quel niveau je suis garé", "fr", ("garé",)),
        ("où est ma voiture", "fr", ("voiture", "garé")),
        ("il est où mon vélo", "fr", ("vélo", "garé")),
        ("where did i park", "en", ("park", "car")),
        ("where'd i park", "en", ("park", "car")),
        ("where am i parked", "en", ("park",)),
        ("what level did i park on", "en", ("park",)),
        ("where did we park the van", "en", ("van", "park")),
        ("where's my car", "en", ("car", "park")),
        ("where did i leave the car", "en", ("car", "park")),
    ],
)
def test_where_did_i_park_is_recalled(text: str, lang: Lang, words: tuple[str, ...]) -> None:
    tool, args = call(text, lang)
    assert tool == "recall"
    assert all(w in args["query"].split() for w in words), args


def test_parking_questions_about_notes_stay_with_notes() -> None:
    assert call("where did i park? i made a note", "en")[0] == "find_note"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my sister's birthday is june 3", "en"),
        ("my moms bday is june 3rd", "en"),
        ("mom's bday is 12/04", "en"),
        ("jake's birthday is on march 5th", "en"),
        ("my husband's birthday is on april 9", "en"),
        ("my birthday is oct 2", "en"),
        ("l'anniv de ma soeur c'est le 3 juin", "fr"),
    ],
)
def test_birthday_facts_are_remembered(text: str, lang: Lang) -> None:
    assert call(text, lang) == ("remember", {"content": text, "category": "birthday"})


@pytest.mark.parametrize(
    "text",
    ["remind me of mom's birthday on june 3", "don't let me forget mom's birthday june 3"],
)
def test_birthday_reminders_stay_reminders(text: str) -> None:
    assert call(text, "en")[0] == "create_reminder"


def test_a_birthday_party_is_no_birthday_date() -> None:
    assert call("mom's birthday party is on saturday at 3", "en")[0] != "remember"


@pytest.mark.parametrize(
    ("text", "lang", "query"),
    [
        ("whos my dentst?", "en", "dentist"),
        ("who's my therapst", "en", "therapist"),
        ("whos my landord", "en", "landlord"),
        ("who is my docter", "en", "doctor"),
        ("who's my hairdreser", "en", "hairdresser"),
        ("c'est qui ma voisinne", "fr", "voisine"),
        ("c qui mon dentsite", "fr", "dentiste"),
        ("who's my dentist", "en", "dentist"),
    ],
)
def test_role_questions_forgive_one_typo(text: str, lang: Lang, query: str) -> None:
    assert call(text, lang) == ("recall", {"query": query})


@pytest.mark.parametrize("text", ["who's my bos", "whos my valentine", "who's calling me"])
def test_short_or_far_words_are_no_role(text: str) -> None:
    assert [c.name for c in hear(text, "en").calls] != ["recall"]
