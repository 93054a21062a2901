"""How the person feels is heard as such, never set as a reminder ("je suis crevée ce soir" is no task for
tonight); and a lone letter left after a reply word names no task ("c fait" with nothing that rang)."""

from __future__ import annotations

import pytest

from tests.unit.brains.hearing import heard


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "je suis crevé"),
        ("fr", "je suis crevée ce soir"),
        ("fr", "chui naze aujourd'hui"),
        ("fr", "je me sens pas bien aujourd'hui"),
        ("fr", "je suis malade aujourd'hui"),
        ("fr", "pas le moral ce matin"),
        ("en", "i'm so tired"),
        ("en", "i'm so tired today"),
        ("en", "feeling down today"),
        ("en", "im wiped out tonight"),
        ("en", "i feel awful this morning"),
    ],
)
def test_a_feeling_is_heard_not_set_as_a_reminder(lang: str, text: str) -> None:
    found = heard(lang, text)
    assert found.intent == "smalltalk.distress" and not found.calls, (text, found.intent, found.calls)


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "rappelle-moi ce soir de me coucher tôt, je suis crevée", "create_reminder"),
        ("en", "i'm tired of the mess, remind me to clean the kitchen tmrw", "create_reminder"),
    ],
)
def test_a_request_beside_a_feeling_is_still_done(lang: str, text: str, tool: str) -> None:
    assert [call.name for call in heard(lang, text).calls] == [tool]


@pytest.mark.parametrize(("lang", "text"), [("fr", "c fait"), ("fr", "c'est fait"), ("en", "done")])
def test_a_reply_word_with_nothing_that_rang_completes_no_task(lang: str, text: str) -> None:
    assert "complete_task" not in [call.name for call in heard(lang, text).calls]


@pytest.mark.parametrize(
    ("lang", "text", "about"), [("fr", "tâche CV : terminée", "CV"), ("fr", "fini le rapport", "rapport")]
)
def test_short_task_names_still_complete(lang: str, text: str, about: str) -> None:
    [call] = heard(lang, text).calls
    assert call.name == "complete_task" and call.args["about"].lower() == about.lower()
