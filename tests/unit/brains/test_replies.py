"""Short replies to a reminder that just rang."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.brains.offline.replies import Acknowledge, Snooze, understand_reply

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
