"""Recurring reminders: recognition in French and English, first occurrence, DST, wording."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from shared.brains.offline.recurrence import describe, find_recurrence, next_occurrence
from shared.brains.offline.reminders import ReminderIntent, understand_reminder

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 25, 14, 3, tzinfo=PARIS)  # a Wednesday


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "lang", "what", "first", "rrule", "wording"),
    [
        (
            "rappelle moi tous les jours à 21h de prendre mes médicaments",
            "fr",
            "prendre mes médicaments",
            at(25, 21),
            "FREQ=DAILY",
            "tous les jours à 21h",
        ),
        (
            "rappelle-moi tous les jours à 9h de m'étirer",
            "fr",
            "m'étirer",
            at(26, 9),
            "FREQ=DAILY",
            "tous les jours à 9h",
        ),
        (
            "rappelle-moi tous les soirs à 9h de fermer la porte",
            "fr",
            "fermer la porte",
            at(25, 21),
            "FREQ=DAILY",
            "tous les jours à 21h",
        ),
        (
            "rappelle-moi tous les lundis de sortir les poubelles",
            "fr",
            "sortir les poubelles",
            at(30, 9),
            "FREQ=WEEKLY;BYDAY=MO",
            "tous les lundis à 9h",
        ),
        (
            "rappelle-moi un mardi sur deux de sortir le recyclage",
            "fr",
            "sortir le recyclage",
            at(1, 9, month=12),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "un mardi sur deux à 9h",
        ),
        (
            "rappelle moi tous les 2 jours d'arroser les plantes",
            "fr",
            "arroser les plantes",
            at(26, 9),
            "FREQ=DAILY;INTERVAL=2",
            "tous les 2 jours à 9h",
        ),
        (
            "rappelle moi le 1er de chaque mois de payer le loyer",
            "fr",
            "payer le loyer",
            at(1, 9, month=12),
            "FREQ=MONTHLY;BYMONTHDAY=1",
            "le 1er de chaque mois à 9h",
        ),
        (
            "rappelle-moi en semaine à 8h30 de prendre le bus",
            "fr",
            "prendre le bus",
            at(26, 8, 30),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "du lundi au vendredi à 8h30",
        ),
        (
            "remind me every monday at 8 to take out the trash",
            "en",
            "take out the trash",
            at(30, 8),
            "FREQ=WEEKLY;BYDAY=MO",
            "every Monday at 8 AM",
        ),
        (
            "remind me every night at 10 to brush my teeth",
            "en",
            "brush my teeth",
            at(25, 22),
            "FREQ=DAILY",
            "every day at 10 PM",
        ),
        (
            "remind me every other day at 6pm to run",
            "en",
            "run",
            at(25, 18),
            "FREQ=DAILY;INTERVAL=2",
            "every other day at 6 PM",
        ),
        (
            "remind me on the 15th of every month to check my budget",
            "en",
            "check my budget",
            at(15, 9, month=12),
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "on the 15th of every month at 9 AM",
        ),
        (
            "remind me every weekday at 7:30am to stretch",
            "en",
            "stretch",
            at(26, 7, 30),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "every weekday at 7:30 AM",
        ),
        ("remind me daily to journal", "en", "journal", at(26, 9), "FREQ=DAILY", "every day at 9 AM"),
    ],
)
def test_recurring_reminders(text, lang, what, first, rrule, wording):
    intent = understand_reminder(text, now=NOW, lang=lang)
    assert isinstance(intent, ReminderIntent) and intent.recurrence is not None and intent.at is not None
    assert intent.what == what
    assert intent.when == first
    assert intent.rule == f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:{rrule}"
    assert describe(intent.recurrence, intent.at, first=first.date(), lang=lang) == wording


@pytest.mark.parametrize(
    "text",
    ["rappelle-moi demain à 9h", "remind me at 5 to call mom", "on est tous les deux", "every time", "chaque fois"],
)
def test_one_off_texts_have_no_recurrence(text):
    assert find_recurrence(text, lang="fr") is None


class TestNextOccurrence:
    def test_daily_keeps_the_wall_clock_across_the_spring_change(self):
        rule = "DTSTART:20270320T210000\nRRULE:FREQ=DAILY"
        before = next_occurrence(rule, "Europe/Paris", after=datetime(2027, 3, 27, 12, tzinfo=timezone.utc))
        after = next_occurrence(rule, "Europe/Paris", after=before)
        assert before == datetime(2027, 3, 27, 20, tzinfo=timezone.utc)  # 21:00 CET
        assert after == datetime(2027, 3, 28, 19, tzinfo=timezone.utc)  # 21:00 CEST
        assert after.astimezone(PARIS).time() == time(21)

    def test_a_time_in_the_spring_gap_moves_forward(self):
        rule = "DTSTART:20270320T023000\nRRULE:FREQ=DAILY"
        gap_day = next_occurrence(rule, "Europe/Paris", after=datetime(2027, 3, 27, 12, tzinfo=timezone.utc))
        assert gap_day.astimezone(PARIS).replace(tzinfo=None) == datetime(2027, 3, 28, 3, 30)

    def test_the_repeated_autumn_hour_rings_once(self):
        rule = "DTSTART:20261020T023000\nRRULE:FREQ=DAILY"
        first = next_occurrence(rule, "Europe/Paris", after=datetime(2026, 10, 24, 12, tzinfo=timezone.utc))
        second = next_occurrence(rule, "Europe/Paris", after=first)
        assert first.astimezone(PARIS).date().day == 25 and second.astimezone(PARIS).date().day == 26


def test_in_the_repeated_autumn_hour_the_next_occurrence_is_still_strictly_later():
    rule = "DTSTART:20251001T023000\nRRULE:FREQ=DAILY"
    after = datetime(2025, 10, 26, 1, 10, tzinfo=timezone.utc)  # 02:10 local, second pass (CET)
    nxt = next_occurrence(rule, "Europe/Paris", after=after)
    assert nxt > after
    assert nxt.astimezone(PARIS).time() == time(2, 30)
