"""parse_time, the one-instant adapter over the grammar that reminders and replies use."""

from __future__ import annotations

import pytest

from shared.brains.offline.timeparse import parse_time
from tests.unit.brains.time.helpers import NOW, at


def test_an_offset_tied_to_a_time_is_the_reminder_time() -> None:
    text = "rdv dentiste dem à 14h30, rappelle-moi 1h avant"
    match = parse_time(text, now=NOW, lang="fr")
    assert match is not None and match.when == at(11, 13, 30)
    assert text[match.start : match.end] == "1h avant"  # the appointment stays in the reminder's words


def test_a_part_of_the_day_said_as_a_span_counts_from_its_start() -> None:
    match = parse_time("appeler maman en fin d'après-midi", now=NOW, lang="fr")
    assert match is not None and match.when == at(10, 17) and match.kinds == {"part"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("la semaine prochaine", "fr"),  # a period: which day?
        ("next week", "en"),
        ("7", "en"),  # a number alone
        ("le matin je suis fatigué", "fr"),  # a habit
        ("tous les jours à 21h", "fr"),  # a recurrence: find_recurrence's business
        ("rappelle-moi 1h avant", "fr"),  # before what?
        ("pendant 2 heures", "fr"),  # a duration
    ],
)
def test_no_single_instant(text: str, lang: str) -> None:
    assert parse_time(text, now=NOW, lang=lang) is None  # type: ignore[arg-type]


def test_kinds_say_what_was_said() -> None:
    match = parse_time("jeudi à 15h30", now=NOW, lang="fr")
    assert match is not None and match.kinds == {"weekday", "clock"} and match.has_clock_time
    day = parse_time("le 2 avril", now=NOW, lang="fr")
    assert day is not None and day.kinds == {"date"} and not day.has_clock_time


def test_a_word_that_is_only_maybe_a_part_of_the_day_is_no_time() -> None:
    assert parse_time("cancel the one about the school lunch", now=NOW, lang="en") is None
    match = parse_time("school lunch reminder -> tmrw 8am", now=NOW, lang="en")
    assert match is not None and match.when == at(11, 8)
