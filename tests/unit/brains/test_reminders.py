"""Reminder requests: the trigger is recognized, the time resolved and the person's words kept."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shared.brains.offline.reminders import ReminderIntent, ReminderNeedsTime, understand_reminder

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)  # Tuesday


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "lang", "what", "when"),
    [
        ("rappelle-moi demain à 9h d'appeler la banque", "fr", "appeler la banque", at(11, 9)),
        ("rappelle-moi de sortir le chien dans 10 min", "fr", "sortir le chien", at(10, 14, 10)),
        ("rappelle moi de prendre mes médicaments à 21h", "fr", "prendre mes médicaments", at(10, 21)),
        ("rapelle moi dans 20 minutes de sortir le linge", "fr", "sortir le linge", at(10, 14, 20)),
        ("Rappelle-moi d'appeler Maman jeudi à 18h", "fr", "appeler Maman", at(12, 18)),
        ("fais-moi penser à acheter du pain ce soir", "fr", "acheter du pain", at(10, 19)),
        (
            "n'oublie pas de me rappeler que j'ai rdv chez le médecin jeudi à 15h30",
            "fr",
            "j'ai rdv chez le médecin",
            at(12, 15, 30),
        ),
        ("Rappel : payer le loyer le 1er avril", "fr", "payer le loyer", at(1, 9, month=4)),
        ("rappel: dentiste vendredi prochain 10h", "fr", "dentiste", at(20, 10)),
        ("stp rappelle moi de rappeler Julie dans 1h30 merci", "fr", "rappeler Julie", at(10, 15, 30)),
        ("tu peux me rappeler de poster la lettre demain matin ?", "fr", "poster la lettre", at(11, 8)),
        ("rapelle moi dem a 9h d appeler le medecin", "fr", "appeler le medecin", at(11, 9)),
        ("rappelle moi demain a 10h qu il faut appeler Paul", "fr", "il faut appeler Paul", at(11, 10)),
        ("rappelle-moi de dormir tôt ce soir", "fr", "dormir tôt", at(10, 19)),
        ("remind me in 2 minutes to take my meds", "en", "take my meds", at(10, 14, 2)),
        ("remind me to take my meds in 2 minutes", "en", "take my meds", at(10, 14, 2)),
        ("Remind me to call mom at 5", "en", "call mom", at(10, 17)),
        (
            "can you remind me to call the bank tomorrow at 9 about the loan please",
            "en",
            "call the bank about the loan",
            at(11, 9),
        ),
        ("remind me that the plumber comes on friday at 10", "en", "the plumber comes", at(13, 10)),
        ("remind me about the dentist next tuesday at 3pm", "en", "the dentist", at(17, 15)),
        ("reminder: pick up the kids at 4:30pm", "en", "pick up the kids", at(10, 16, 30)),
        ("remind me to book a table for tomorrow 8pm", "en", "book a table", at(11, 20)),
        ("don't let me forget to water the plants tonight", "en", "water the plants", at(10, 19)),
    ],
)
def test_reminder_with_a_time(text: str, lang: str, what: str, when: datetime) -> None:
    result = understand_reminder(text, now=NOW, lang=lang)  # type: ignore[arg-type]
    assert result == ReminderIntent(what=what, when=when)
    assert isinstance(result, ReminderIntent) and result.when.tzinfo is PARIS


def test_english_trigger_in_a_french_conversation_is_parsed_as_english() -> None:
    result = understand_reminder("remind me tmrw at 9am to pay rent", now=NOW, lang="fr")
    assert result == ReminderIntent(what="pay rent", when=at(11, 9))


@pytest.mark.parametrize(
    ("text", "lang", "what"),
    [
        ("rappelle moi d'appeler Julie", "fr", "appeler Julie"),
        ("fais moi penser aux courses", "fr", "aux courses"),
        ("rappelle-moi", "fr", ""),
        ("remind me to buy milk", "en", "buy milk"),
        ("set a reminder to renew my passport", "en", "renew my passport"),
    ],
)
def test_reminder_without_a_time_asks_when(text: str, lang: str, what: str) -> None:
    result = understand_reminder(text, now=NOW, lang=lang)  # type: ignore[arg-type]
    assert result == ReminderNeedsTime(what=what)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je me rappelle de toi", "fr"),
        ("demain à 9h j'ai rdv", "fr"),
        ("acheter du pain", "fr"),
        ("tu te rappelles de lui ?", "fr"),
        ("I remember that", "en"),
        ("call mom at 5", "en"),
        ("what's up", "en"),
    ],
)
def test_not_a_reminder(text: str, lang: str) -> None:
    assert understand_reminder(text, now=NOW, lang=lang) is None  # type: ignore[arg-type]
