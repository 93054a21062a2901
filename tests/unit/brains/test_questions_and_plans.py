"""Questions change nothing ("where did i park" completes no task), the day's plan or tasks asked in everyday
SMS ("kes que j'ai a faire ajd", "what's on my plate today"), and "what can you do" with typos."""

from __future__ import annotations

import pytest

from shared.agent.registry import Lang
from shared.brains.offline.engine import CHANGES, Candidate
from tests.unit.brains.hearing import heard


def tools(candidate: Candidate) -> list[str]:
    return [call.name for call in candidate.calls]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "where did i park"),
        ("en", "where'd i park"),
        ("en", "where did i put the report"),
        ("en", "when did i finish the taxes"),
        ("en", "wen did i finish the taxes"),
        ("en", "when did i complete the report"),
        ("en", "how did i finish the taxes so fast"),
        ("en", "why did i finish early"),
        ("en", "who did the dishes"),
        ("en", "whats the thing i finished yesterday"),
        ("en", "when r my taxes done"),
        ("en", "when is the report done"),
        ("en", "how do i mark the task done"),
        ("en", "where did i move the garage task to"),
        ("en", "when did i delete the garage task"),
        ("en", "ok so where did i park"),
        ("en", "who bought the milk"),
        ("en", "why did i remove the eggs from the list"),
        ("en", "when did i cancel the dentist reminder"),
        ("en", "how do i cancel my dentist appointment"),
        ("en", "when did i move the dentist appointment"),
        ("en", "why did i spend 40 on pizza"),
        ("en", "why did u delete my note"),
        ("en", "what did i spend on groceries"),
        ("en", "who is coming to dinner friday"),
        ("fr", "où j'ai mis le rapport"),
        ("fr", "ou jai mis le rapport"),
        ("fr", "quand est-ce que j'ai fini les impôts"),
        ("fr", "comment j'ai fini le rapport si vite"),
        ("fr", "pourquoi j'ai fini si tard"),
        ("fr", "quel jour j'ai fini le rapport"),
        ("fr", "c quoi que j'ai fini hier"),
        ("fr", "où j'ai fini hier soir"),
        ("fr", "pourquoi j'ai supprimé la tâche garage"),
        ("fr", "quand j'ai reporté la tâche garage à samedi"),
        ("fr", "qui a acheté le lait"),
        ("fr", "quand est-ce que j'ai annulé le rappel dentiste"),
        ("fr", "pourquoi j'ai dépensé 40 euros en pizza"),
        ("fr", "quand j'ai déplacé le rdv chez le dentiste"),
        ("fr", "quand est-ce que j'ai fait la soupe"),
        ("fr", "kes que j'ai a faire ajd"),
    ],
)
def test_a_question_changes_nothing(lang: Lang, text: str) -> None:
    assert not set(tools(heard(lang, text))) & CHANGES


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "did the dishes", "dishes"),
        ("en", "ok did the dishes", "dishes"),
        ("en", "i finished the report", "report"),
        ("en", "done with taxes", "taxes"),
        ("en", "can you mark the garage task done", "garage"),
        ("fr", "fini le rapport", "rapport"),
        ("fr", "j'ai fini la déclaration", "déclaration"),
        ("fr", "tâche garage terminée", "garage"),
    ],
)
def test_a_statement_still_completes(lang: Lang, text: str, about: str) -> None:
    candidate = heard(lang, text)
    assert tools(candidate) == ["complete_task"]
    assert candidate.calls[0].args["about"] == about


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("en", "push the garage task to saturday", "postpone_task"),
        ("fr", "supprime la tâche garage", "drop_task"),
        ("en", "milk bought", "mark_bought"),
        ("en", "cancel my dentist reminder", "cancel_reminder"),
        ("en", "when i get home remind me to call mom", "create_reminder"),
    ],
)
def test_requests_still_change(lang: Lang, text: str, tool: str) -> None:
    assert tools(heard(lang, text)) == [tool]


@pytest.mark.parametrize(
    ("lang", "text", "when"),
    [
        ("fr", "qu'est ce que j'ai à faire aujourd'hui", "aujourd'hui"),
        ("fr", "j'ai quoi à faire demain", "demain"),
        ("fr", "kes que j'ai a faire ajd", "ajd"),
        ("fr", "keske jai a faire auj", "auj"),
        ("fr", "kesk j'ai à faire demain", "demain"),
        ("fr", "j'ai koi a faire ajd", "ajd"),
        ("fr", "qu'est ce que je dois faire aujourd'hui", "aujourd'hui"),
        ("en", "what do i need to do today", "today"),
        ("en", "wat do i need to do 2day", "2day"),
        ("en", "what i need to do today", "today"),
        ("en", "what do i gotta do tmrw", "tmrw"),
    ],
)
def test_what_to_do_lists_the_tasks(lang: Lang, text: str, when: str) -> None:
    candidate = heard(lang, text)
    assert tools(candidate) == ["list_tasks"]
    assert candidate.calls[0].args.get("when") == when


@pytest.mark.parametrize(
    ("lang", "text", "day"),
    [
        ("en", "what's on my plate today", "today"),
        ("en", "whats on my plate tmrw", "tmrw"),
        ("en", "what's on my plate", None),
        ("en", "what's my day look like", None),
        ("en", "what am i doing today", "today"),
        ("fr", "qu'est-ce qui m'attend aujourd'hui", "aujourd'hui"),
        ("fr", "il y a quoi aujourd'hui", "aujourd'hui"),
        ("fr", "y a quoi demain", "demain"),
    ],
)
def test_the_plan_of_the_day(lang: Lang, text: str, day: str | None) -> None:
    candidate = heard(lang, text)
    assert tools(candidate) == ["plan_day"]
    assert candidate.calls[0].args.get("day") == day


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "whats on my calendar tmrw"),
        ("en", "what's happening saturday"),
        ("en", "whats on tmrw"),  # tests/calendar/test_understanding.py: an agenda question
    ],
)
def test_the_calendar_named_stays_the_calendar(lang: Lang, text: str) -> None:
    assert tools(heard(lang, text)) == ["list_events"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "kes tu sais faire"),
        ("fr", "keske tu sais faire"),
        ("fr", "k tu sais faire"),
        ("fr", "kesk tu peux faire"),
        ("fr", "ke sais tu faire"),
        ("fr", "tu peux faire quoi"),
        ("fr", "tu sais faire koi"),
        ("fr", "tu sers a quoi"),
        ("fr", "t'sers a quoi"),
        ("fr", "a koi tu sers"),
        ("fr", "comment tu marches"),
        ("fr", "comment ça fonctionne"),
        ("fr", "c'est quoi ton job"),
        ("en", "wut can u do"),
        ("en", "what can u do"),
        ("en", "wat can you do"),
        ("en", "what do u do"),
        ("en", "wut do u do"),
        ("en", "how do u work"),
        ("en", "how u work"),
        ("en", "what else can you do"),
        ("en", "whats this?"),
        ("en", "wat can i say"),
    ],
)
def test_what_can_you_do(lang: Lang, text: str) -> None:
    assert heard(lang, text).intent == "smalltalk.capabilities"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "what is this week's plan"),
        ("fr", "quoi de neuf"),
    ],
)
def test_not_what_can_you_do(lang: Lang, text: str) -> None:
    assert heard(lang, text).intent != "smalltalk.capabilities"
