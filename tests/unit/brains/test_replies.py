"""Short replies to a reminder that just rang."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.brains.offline.replies import Acknowledge, Reschedule, Snooze, understand_reply

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    "text",
    [
        "fait",
        "C'est fait !",
        "ok c est fait",
        "fini",
        "Terminé.",
        "je l'ai fait",
        "done",
        "Done 👍",
        "did it!",
        "all done",
        "✅",
        "👍",
    ],
)
def test_acknowledgements(text):
    assert understand_reply(text, now=NOW, lang="fr") == Acknowledge()


@pytest.mark.parametrize(
    ("text", "lang", "minutes"),
    [
        ("+10", "fr", 10),
        ("+ 1h", "fr", 60),
        ("+1h30", "fr", 90),
        ("snooze 30", "en", 30),
        ("snooze 30 min", "en", 30),
        ("Snooze 1 hour", "en", 60),
        ("dans 1h30", "fr", 90),
        ("in 2 hours", "en", 120),
        ("encore 5 minutes", "fr", 5),
        ("5 more minutes", "en", 5),
        ("10 more", "en", 10),
        ("plus tard", "fr", 30),
        ("Plus tard stp", "fr", 30),
        ("later", "en", 30),
        ("not now", "en", 30),
        ("pas maintenant", "fr", 30),
    ],
)
def test_snoozes_count_from_now(text, lang, minutes):
    assert understand_reply(text, now=NOW, lang=lang) == Snooze(NOW + timedelta(minutes=minutes))


@pytest.mark.parametrize(
    "text",
    [
        "fait chaud aujourd'hui",
        "bonjour",
        "+0",
        "+5000",
        "rappelle-moi demain à 9h de courir",
        "done with this app?",
        "in 30 days",
        "",
    ],
)
def test_other_messages_are_not_replies(text):
    assert understand_reply(text, now=NOW, lang="fr") is None


@pytest.mark.parametrize(
    ("text", "lang", "hour", "time_only"),
    [
        ("en fait plutôt 17h", "fr", 17, True),
        ("plutôt à 17h30", "fr", 17, True),
        ("finalement demain à 10h", "fr", 10, False),
        ("actually make it 5", "en", 17, True),
        ("make it 6pm instead", "en", 18, True),
        ("no, 6pm", "en", 18, True),
        ("non, jeudi", "fr", 9, False),
    ],
)
def test_reschedules(text, lang, hour, time_only):
    answer = understand_reply(text, now=NOW, lang=lang)
    assert isinstance(answer, Reschedule) and answer.when.hour == hour and answer.time_only is time_only


@pytest.mark.parametrize(
    "text", ["en fait rappelle-moi demain de courir", "en fait je sais pas", "non", "actually never mind"]
)
def test_not_reschedules(text):
    assert not isinstance(understand_reply(text, now=NOW, lang="fr"), Reschedule)
