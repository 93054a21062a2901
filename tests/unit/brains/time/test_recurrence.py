"""Recurrences as RFC 5545 rules in local time, with the first occurrence strictly after now."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil.rrule import rrulestr

from shared.brains.offline.time import parse
from tests.unit.brains.time.helpers import NOW, PARIS, at, only

CASES = [
    ("tous les jours à 21h", "fr", "FREQ=DAILY", at(10, 21)),  # today included
    ("tous les jours à 9h", "fr", "FREQ=DAILY", at(11, 9)),
    ("tous les soirs à 9h", "fr", "FREQ=DAILY", at(10, 21)),
    ("tous les matins", "fr", "FREQ=DAILY", at(11, 8)),
    ("chaque lundi", "fr", "FREQ=WEEKLY;BYDAY=MO", at(16)),
    ("tous les lundis à 8h", "fr", "FREQ=WEEKLY;BYDAY=MO", at(16, 8)),
    ("le mardi et le jeudi", "fr", "FREQ=WEEKLY;BYDAY=TU,TH", at(12)),
    ("les mardis et jeudis à 18h", "fr", "FREQ=WEEKLY;BYDAY=TU,TH", at(10, 18)),
    ("lun. mer. ven. à 7h", "fr", "FREQ=WEEKLY;BYDAY=MO,WE,FR", at(11, 7)),
    ("du lundi au vendredi à 8h", "fr", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", at(11, 8)),
    ("en semaine à 8h30", "fr", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", at(11, 8, 30)),
    ("tous les jours sauf le week-end", "fr", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", at(11)),
    ("tous les jours sauf le mercredi", "fr", "FREQ=WEEKLY;BYDAY=MO,TU,TH,FR,SA,SU", at(12)),
    ("tous les 2 jours", "fr", "FREQ=DAILY;INTERVAL=2", at(11)),
    ("tous les deux jours", "fr", "FREQ=DAILY;INTERVAL=2", at(11)),
    ("tous les 15 jours", "fr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),  # every two weeks
    ("un mardi sur deux", "fr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),
    ("une semaine sur deux", "fr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),
    ("le 1er de chaque mois", "fr", "FREQ=MONTHLY;BYMONTHDAY=1", at(1, month=4)),
    ("le 15 de chaque mois à 10h", "fr", "FREQ=MONTHLY;BYMONTHDAY=15", at(15, 10)),
    ("le premier lundi de chaque mois", "fr", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", at(6, month=4)),
    ("toutes les semaines", "fr", "FREQ=WEEKLY;BYDAY=TU", at(17)),  # today's 09:00 is past
    ("tous les mois", "fr", "FREQ=MONTHLY;BYMONTHDAY=10", at(10, month=4)),
    ("une fois par semaine", "fr", "FREQ=WEEKLY;BYDAY=TU", at(17)),
    ("every day at 9pm", "en", "FREQ=DAILY", at(10, 21)),
    ("daily", "en", "FREQ=DAILY", at(11)),
    ("every monday at 8", "en", "FREQ=WEEKLY;BYDAY=MO", at(16, 8)),  # a bare hour on a day of its own: 08:00
    ("every night at 10", "en", "FREQ=DAILY", at(10, 22)),
    ("mondays", "en", "FREQ=WEEKLY;BYDAY=MO", at(16)),
    ("mon wed fri", "en", "FREQ=WEEKLY;BYDAY=MO,WE,FR", at(11)),
    ("every tuesday and thursday at 6pm", "en", "FREQ=WEEKLY;BYDAY=TU,TH", at(10, 18)),
    ("every weekday at 7:30am", "en", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", at(11, 7, 30)),
    ("every day except weekends", "en", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", at(11)),
    ("every other day", "en", "FREQ=DAILY;INTERVAL=2", at(11)),
    ("every other week on tuesday", "en", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),
    ("every other tuesday", "en", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),
    ("every 3 days", "en", "FREQ=DAILY;INTERVAL=3", at(11)),
    ("the 1st of every month", "en", "FREQ=MONTHLY;BYMONTHDAY=1", at(1, month=4)),
    ("every month on the 15th", "en", "FREQ=MONTHLY;BYMONTHDAY=15", at(15)),
    ("the last friday of every month", "en", "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", at(27)),
    ("every year", "en", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=10", at(10, year=2027)),
    ("biweekly", "en", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at(17)),
]


@pytest.mark.parametrize(("text", "lang", "rule", "first"), CASES, ids=[c[0] for c in CASES])
def test_recurrences(text: str, lang: str, rule: str, first: datetime) -> None:
    m = only(text, lang)
    assert m.kind == "recurrence" and m.first == first and m.value == first
    assert m.rrule == f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:{rule}"


def test_the_rule_keeps_the_wall_clock_across_daylight_saving() -> None:
    m = only("tous les jours à 21h", "fr")
    assert m.rrule is not None
    occurrences = list(rrulestr(m.rrule).xafter(datetime(2026, 3, 27), count=4))
    assert [o.hour for o in occurrences] == [21, 21, 21, 21]  # floating local time: 21:00 before and after
    assert occurrences[2].replace(tzinfo=PARIS).utcoffset() != occurrences[0].replace(tzinfo=PARIS).utcoffset()


def test_le_lundi_alone_may_be_a_habit_and_is_said_unsure() -> None:
    m = only("le lundi", "fr")
    assert m.kind == "recurrence" and not m.confident
    assert only("le lundi 16", "fr").kind == "instant"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("on est tous les deux", "fr"), ("chaque fois que je sors", "fr"), ("tous les deux", "fr"), ("every time", "en")],
)
def test_not_recurrences(text: str, lang: str) -> None:
    assert all(m.kind != "recurrence" for m in parse(text, now=NOW, lang=lang))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "lang", "what", "rule", "first", "wording"),
    [
        (
            "rappelle-moi le mardi et le jeudi à 18h d'aller au sport",
            "fr",
            "aller au sport",
            "FREQ=WEEKLY;BYDAY=TU,TH",
            at(10, 18),
            "tous les mardis et jeudis à 18h",
        ),
        (
            "rappelle-moi tous les jours sauf le week-end à 7h30 de prendre la ventoline",
            "fr",
            "prendre la ventoline",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            at(11, 7, 30),
            "du lundi au vendredi à 7h30",
        ),
        (
            "rappelle-moi le 1er et le 15 de chaque mois de payer la nounou",
            "fr",
            "payer la nounou",
            "FREQ=MONTHLY;BYMONTHDAY=1,15",
            at(15),
            "le 1er et le 15 de chaque mois à 9h",
        ),
        (
            "remind me mon wed fri at 7 to go running",
            "en",
            "go running",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            at(11, 7),
            "every Monday, Wednesday and Friday at 7 AM",
        ),
        (
            "remind me the last friday of every month to send the invoices",
            "en",
            "send the invoices",
            "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1",
            at(27),
            "on the last Friday of every month at 9 AM",
        ),
    ],
)
def test_reminders_recurring_on_several_days(
    text: str, lang: str, what: str, rule: str, first: datetime, wording: str
) -> None:
    """The reminders flow (find_recurrence, schedule, describe) over the grammar's recurrences."""
    from shared.brains.offline.recurrence import describe
    from shared.brains.offline.reminders import ReminderIntent, understand_reminder

    intent = understand_reminder(text, now=NOW, lang=lang)  # type: ignore[arg-type]
    assert isinstance(intent, ReminderIntent) and intent.recurrence is not None and intent.at is not None
    assert (intent.what, intent.when) == (what, first)
    assert intent.rule == f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:{rule}"
    assert describe(intent.recurrence, intent.at, first=first.date(), lang=lang) == wording  # type: ignore[arg-type]
