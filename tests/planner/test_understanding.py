"""The offline brain on everyday ways of turning a chore's small steps into tasks (not the corpus
sentences): right after a break-down, or in one message with the chore named."""

from __future__ import annotations

import pytest

from shared.brains.offline._lexicon import fold
from tests.helpers import heard

AFTER_BREAK_DOWN = [
    ("fr", "ajoute les étapes"),
    ("fr", "oui mets les dans mes tâches"),
    ("fr", "ajoute-les stp"),
    ("fr", "vas-y ajoute tout ça"),
    ("fr", "mets ces étapes dans ma todo"),
    ("fr", "ok fais-en des tâches"),
    ("fr", "oui"),
    ("fr", "rajoute tout ca a ma liste"),
    ("en", "add the steps"),
    ("en", "yes add them to my todo list"),
    ("en", "put them on my list"),
    ("en", "ok add all that"),
    ("en", "make them tasks"),
    ("en", "go ahead"),
    ("en", "add these to my tasks pls"),
    ("en", "yep save those as tasks"),
    ("fr", "oui ajoute"),
    ("fr", "transforme les étapes en tâches"),
    ("en", "turn them into tasks"),
]


@pytest.mark.parametrize(("lang", "text"), AFTER_BREAK_DOWN)
def test_adding_the_steps_just_shown(lang: str, text: str) -> None:
    before = "décompose : ranger le garage" if lang == "fr" else "break down: clean the garage"
    tool, args = heard(text, lang, last="break_down", before=before)
    assert tool == "add_steps", (text, tool, args)
    assert "garage" in fold(str(args.get("task", ""))), (text, args)


IN_ONE_GO = [
    ("fr", "découpe faire ma valise en étapes et ajoute-les à mes tâches", "faire ma valise"),
    ("fr", "crée des sous-tâches pour nettoyer la voiture", "nettoyer la voiture"),
    ("fr", "mets les petites étapes pour ranger ma chambre dans mes tâches", "ranger ma chambre"),
    ("fr", "ajoute a ma todo les etapes de la declaration caf", "declaration caf"),
    ("fr", "fais des sous taches pour le dossier de pret", "dossier de pret"),
    ("en", "split cleaning the fridge into steps and add them to my todo list", "cleaning the fridge"),
    ("en", "make subtasks for planning the party", "planning the party"),
    ("en", "add steps for renewing my passport to my tasks", "renewing my passport"),
    ("en", "put the small steps of packing for the trip on my todo list", "packing for the trip"),
    ("en", "create sub-tasks for the tax return", "tax return"),
]


@pytest.mark.parametrize(("lang", "text", "task"), IN_ONE_GO)
def test_breaking_down_into_tasks_in_one_message(lang: str, text: str, task: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "add_steps", (text, tool, args)
    got = fold(str(args.get("task", "")))
    assert task in got, (text, args)
    assert len(got.split()) <= len(task.split()) + 2, (text, args)


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "décompose : ranger le garage", "break_down"),
        ("fr", "petites étapes pour trier mes mails", "break_down"),
        ("en", "break down: clean the garage", "break_down"),
        ("en", "small steps to clean out my inbox", "break_down"),
        ("fr", "ajoute la tâche appeler le notaire", "add_task"),
        ("en", "add call the bank to my todo list", "add_task"),
    ],
)
def test_neighbours_keep_their_meaning(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang)[0] == tool, text


def test_a_plain_yes_without_steps_shown_adds_nothing() -> None:
    assert heard("oui", "fr")[0] != "add_steps"
    assert heard("ok", "en", last="break_down")[0] != "add_steps"
    assert heard("ajoute du lait aux courses", "fr", last="break_down")[0] != "add_steps"
    assert heard("add milk to my shopping list", "en", last="break_down")[0] != "add_steps"
