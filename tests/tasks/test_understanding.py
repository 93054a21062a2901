"""The offline brain on everyday ways of dropping a task and asking about goals (not the corpus sentences):
the right tool, and `about` carrying the person's words for the task, not the command words."""

from __future__ import annotations

import pytest

from shared.brains.offline._lexicon import fold
from tests.helpers import heard

DROPS = [
    ("fr", "supprime la tâche ménage de printemps", "menage de printemps"),
    ("fr", "laisse tomber la tache piscine", "piscine"),
    ("fr", "enlève appeler le notaire de ma liste de taches", "appeler le notaire"),
    ("fr", "vire la tâche 'réparer le vélo', je l'ai donné", "reparer le velo"),
    ("fr", "je ferai jamais le rangement de la cave, retire le de mes tâches", "rangement de la cave"),
    ("fr", "plus besoin de prendre rdv chez l'opticien, efface le de ma todo", "opticien"),
    ("fr", "annule la tache inscription au yoga", "inscription au yoga"),
    ("fr", "tache abandonnée : refaire le site", "refaire le site"),
    ("fr", "oublie la tâche du garage stp", "garage"),
    ("fr", "raye le dossier caf de ma to do, finalement je le fais pas", "dossier caf"),
    ("fr", "laisse tomber le truc de la cave, j'le ferai pas", "cave"),
    ("en", "delete the dentist task", "dentist"),
    ("en", "remove fix the fence from my todo list", "fix the fence"),
    ("en", "scrap the garage sale task pls", "garage sale"),
    ("en", "nah im not doing the tax thing, take it off my list of tasks", "tax"),
    ("en", "forget about the gym task", "gym"),
    ("en", "cancel the 'call grandma' task", "call grandma"),
    ("en", "drop paint the kitchen from my todos, we're moving", "paint the kitchen"),
    ("en", "never gonna learn spanish lol, delete it from my tasks", "learn spanish"),
    ("en", "get rid of the passport todo", "passport"),
    ("en", "ditch the blog task, no time", "blog"),
    ("en", "not doing the shed thing after all, scrap it", "shed"),
    ("fr", "supp la tache ménage", "menage"),
    (
        "fr",
        "finalement je vais pas le faire le dossier de la caf, enleve le de ma liste de taches",
        "dossier de la caf",
    ),
    ("fr", "tache piscine : laisse tomber", "piscine"),
    ("fr", "la tâche garage tu peux la supprimer", "garage"),
    ("en", "the garage task can go", "garage"),
    ("en", "cross the dentist task off, not needed anymore", "dentist"),
    ("en", "take gym off my todo list", "gym"),
]


@pytest.mark.parametrize(("lang", "text", "about"), DROPS)
def test_dropping_a_task(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "drop_task", (text, tool, args)
    got = fold(str(args.get("about", "")))
    assert about in got, (text, args)
    assert len(got.split()) <= len(about.split()) + 3, (text, args)  # no command words dragged along


GOALS = [
    ("fr", "mes objectifs stp"),
    ("fr", "c quoi mes objectifs"),
    ("fr", "j'avais mis quels objectifs deja"),
    ("fr", "montre mes buts"),
    ("fr", "liste des objectifs"),
    ("fr", "ou j en suis dans mes objectifs ?"),
    ("fr", "quels sont mes objectifs pour cette année"),
    ("fr", "t'as mes objectifs ?"),
    ("en", "my goals pls"),
    ("en", "what goals do i have"),
    ("en", "show goals"),
    ("en", "list my goals"),
    ("en", "how r my goals going"),
    ("en", "what were my goals again"),
    ("en", "which goals did i set this year"),
    ("fr", "kels sont mes objectifs"),
    ("fr", "mes objectifs ca avance ?"),
    ("en", "where am i at with my goals"),
]


@pytest.mark.parametrize(("lang", "text"), GOALS)
def test_listing_goals(lang: str, text: str) -> None:
    assert heard(text, lang)[0] == "list_goals", text


REVIEWS = [
    ("fr", "revue hebdo stp"),
    ("fr", "on fait le bilan hebdo de mes objectifs"),
    ("fr", "fais la revue de mes objectifs"),
    ("fr", "point de la semaine sur les objectifs"),
    ("fr", "passe en revue mes objectifs"),
    ("fr", "c'est l'heure de la revue hebdomadaire"),
    ("fr", "bilan hebdomadaire de mes objectifs"),
    ("en", "weekly review time"),
    ("en", "lets review my goals"),
    ("en", "go over my goals with me"),
    ("en", "weekly goals check-in"),
    ("en", "do the goal review pls"),
    ("en", "time for the weekly review"),
    ("en", "weekly check in"),
]


@pytest.mark.parametrize(("lang", "text"), REVIEWS)
def test_weekly_review(lang: str, text: str) -> None:
    assert heard(text, lang)[0] == "review_goals", text


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "supprime le rappel du dentiste", "cancel_reminder"),
        ("fr", "j'ai fini la tâche garage", "complete_task"),
        ("fr", "ajoute la tâche appeler le notaire", "add_task"),
        ("fr", "objectif : courir 10 km", "add_goal"),
        ("fr", "rappelle moi de faire ma revue hebdo dimanche à 18h", "create_reminder"),
        ("en", "delete my dentist reminder", "cancel_reminder"),
        ("en", "done with the garage task", "complete_task"),
        ("en", "goal: run a 10k", "add_goal"),
        ("en", "remind me to do my weekly review sunday at 6pm", "create_reminder"),
        ("en", "what's on my todo list", "list_tasks"),
        ("fr", "tâche terminée : impôts", "complete_task"),
        ("en", "task done: taxes", "complete_task"),
    ],
)
def test_neighbours_keep_their_meaning(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang)[0] == tool, text


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "mets tout ça dans ma liste de tâches"), ("en", "add it to my todo list")]
)
def test_a_pronoun_is_no_task_title(lang: str, text: str) -> None:
    tool, args = heard(text, lang)
    assert not (tool == "add_task" and fold(str(args.get("title", ""))) in {"tout ca", "ca", "it", "that", "all that"})


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "n'oublie pas la tâche impôts"), ("en", "dont forget the garage task")]
)
def test_not_forgetting_is_no_drop(lang: str, text: str) -> None:
    assert heard(text, lang)[0] != "drop_task", text
