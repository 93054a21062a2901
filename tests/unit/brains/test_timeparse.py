"""Time expressions in French and English SMS, resolved per CONVENTIONS.md against a fixed now."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shared.brains.offline.timeparse import parse_time

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)  # a Tuesday, 14:00, before the spring DST change


def when(text: str, *, lang: str, now: datetime = NOW) -> tuple[str, bool]:
    match = parse_time(text, now=now, lang=lang)  # type: ignore[arg-type]
    assert match is not None, f"no time found in {text!r}"
    assert match.when.tzinfo is now.tzinfo
    return match.when.isoformat(), match.has_clock_time


FRENCH = [
    # relative: minutes and hours are elapsed time
    ("dans 20 minutes", "2026-03-10T14:20:00+01:00", True),
    ("dans 2 min", "2026-03-10T14:02:00+01:00", True),
    ("dans 5 mn", "2026-03-10T14:05:00+01:00", True),
    ("dans 1h30", "2026-03-10T15:30:00+01:00", True),
    ("dans 2h", "2026-03-10T16:00:00+01:00", True),
    ("dans une heure", "2026-03-10T15:00:00+01:00", True),
    ("dans 2 heures", "2026-03-10T16:00:00+01:00", True),
    ("dans deux heures et demie", "2026-03-10T16:30:00+01:00", True),
    ("dans une demi-heure", "2026-03-10T14:30:00+01:00", True),
    ("dans un quart d'heure", "2026-03-10T14:15:00+01:00", True),
    # relative: days and weeks keep the wall clock
    ("dans 3 jours", "2026-03-13T14:00:00+01:00", True),
    ("dans 3 semaines", "2026-03-31T14:00:00+02:00", True),
    ("dans 2 jours à 10h", "2026-03-12T10:00:00+01:00", True),
    ("dans 1 mois", "2026-04-10T14:00:00+02:00", True),
    # today, tomorrow, parts of the day
    ("demain à 9h", "2026-03-11T09:00:00+01:00", True),
    ("dem a 9h", "2026-03-11T09:00:00+01:00", True),
    ("demain", "2026-03-11T09:00:00+01:00", False),
    ("aujourd'hui à 18h", "2026-03-10T18:00:00+01:00", True),
    ("ajd 18h", "2026-03-10T18:00:00+01:00", True),
    ("après-demain à 10h", "2026-03-12T10:00:00+01:00", True),
    ("apres demain 10h", "2026-03-12T10:00:00+01:00", True),
    ("ce soir", "2026-03-10T19:00:00+01:00", True),
    ("ce soir à 8h", "2026-03-10T20:00:00+01:00", True),
    ("cet aprem", "2026-03-10T15:00:00+01:00", True),
    ("cet après-midi", "2026-03-10T15:00:00+01:00", True),
    ("demain matin", "2026-03-11T08:00:00+01:00", True),
    ("demain matin à 9h", "2026-03-11T09:00:00+01:00", True),
    ("demain soir", "2026-03-11T19:00:00+01:00", True),
    ("demain à midi", "2026-03-11T12:00:00+01:00", True),
    ("à midi", "2026-03-11T12:00:00+01:00", True),  # noon already passed at 14:00
    ("minuit", "2026-03-11T00:00:00+01:00", True),
    ("demain à minuit", "2026-03-12T00:00:00+01:00", True),
    ("8h du soir", "2026-03-10T20:00:00+01:00", True),
    # 24-hour clock
    ("à 15h30", "2026-03-10T15:30:00+01:00", True),
    ("15h", "2026-03-10T15:00:00+01:00", True),
    ("21h", "2026-03-10T21:00:00+01:00", True),
    ("9h", "2026-03-11T09:00:00+01:00", True),  # 09:00 already passed: the next one
    ("9h00", "2026-03-11T09:00:00+01:00", True),
    ("09:00", "2026-03-11T09:00:00+01:00", True),
    ("9 h 15", "2026-03-11T09:15:00+01:00", True),
    ("16H45", "2026-03-10T16:45:00+01:00", True),
    ("9 heures et demie", "2026-03-11T09:30:00+01:00", True),
    ("demain 9 heures et quart", "2026-03-11T09:15:00+01:00", True),
    ("midi et quart", "2026-03-11T12:15:00+01:00", True),
    ("demain à 9", "2026-03-11T09:00:00+01:00", True),
    # weekdays: alone or "ce" = next such day after today; "prochain" = next calendar week
    ("jeudi à 15h30", "2026-03-12T15:30:00+01:00", True),
    ("jeudi", "2026-03-12T09:00:00+01:00", False),
    ("ce jeudi", "2026-03-12T09:00:00+01:00", False),
    ("mardi", "2026-03-17T09:00:00+01:00", False),
    ("jeudi prochain", "2026-03-19T09:00:00+01:00", False),
    ("vendredi prochain à 14h", "2026-03-20T14:00:00+01:00", True),
    ("lundi prochain", "2026-03-16T09:00:00+01:00", False),
    ("vendredi de la semaine prochaine", "2026-03-20T09:00:00+01:00", False),
    ("jeudi soir", "2026-03-12T19:00:00+01:00", True),
    ("rdv mercredi 14h", "2026-03-11T14:00:00+01:00", True),
    # dates: day/month, next future occurrence
    ("le 3 mars à 14h", "2027-03-03T14:00:00+01:00", True),
    ("le 12 mars à 14h", "2026-03-12T14:00:00+01:00", True),
    ("le 2/4", "2026-04-02T09:00:00+02:00", False),
    ("le 1er avril", "2026-04-01T09:00:00+02:00", False),
    ("le 25 décembre 2027", "2027-12-25T09:00:00+01:00", False),
    ("vendredi 13", "2026-03-13T09:00:00+01:00", False),
    ("le 16 à 18h", "2026-03-16T18:00:00+01:00", True),
    ("le 5", "2026-04-05T09:00:00+02:00", False),
    ("noël", "2026-12-25T09:00:00+01:00", False),
]

ENGLISH = [
    ("in 2 hours", "2026-03-10T16:00:00+01:00", True),
    ("in 2 hrs", "2026-03-10T16:00:00+01:00", True),
    ("in 45 min", "2026-03-10T14:45:00+01:00", True),
    ("in 10 mins", "2026-03-10T14:10:00+01:00", True),
    ("in an hour", "2026-03-10T15:00:00+01:00", True),
    ("in half an hour", "2026-03-10T14:30:00+01:00", True),
    ("in an hour and a half", "2026-03-10T15:30:00+01:00", True),
    ("in 3 days", "2026-03-13T14:00:00+01:00", True),
    ("in a week", "2026-03-17T14:00:00+01:00", True),
    ("2 days from now", "2026-03-12T14:00:00+01:00", True),
    ("tomorrow at 5pm", "2026-03-11T17:00:00+01:00", True),
    ("tmrw 9am", "2026-03-11T09:00:00+01:00", True),
    ("2moro at 7", "2026-03-11T07:00:00+01:00", True),  # another day: the morning reading
    ("tomorrow", "2026-03-11T09:00:00+01:00", False),
    ("tonight at 8", "2026-03-10T20:00:00+01:00", True),
    ("tonight", "2026-03-10T19:00:00+01:00", True),
    ("8 tonight", "2026-03-10T20:00:00+01:00", True),
    ("this afternoon", "2026-03-10T15:00:00+01:00", True),
    ("this evening", "2026-03-10T19:00:00+01:00", True),
    ("tomorrow morning", "2026-03-11T08:00:00+01:00", True),
    ("tomorrow morning at 9", "2026-03-11T09:00:00+01:00", True),
    ("day after tomorrow at 10am", "2026-03-12T10:00:00+01:00", True),
    ("at 5", "2026-03-10T17:00:00+01:00", True),  # bare hour today: the next occurrence
    ("at 1", "2026-03-11T01:00:00+01:00", True),
    ("today at 5", "2026-03-10T17:00:00+01:00", True),
    ("at 3:30pm", "2026-03-10T15:30:00+01:00", True),
    ("at 3:30", "2026-03-10T15:30:00+01:00", True),
    ("at 10 am", "2026-03-11T10:00:00+01:00", True),
    ("at noon", "2026-03-11T12:00:00+01:00", True),
    ("midnight", "2026-03-11T00:00:00+01:00", True),
    ("at 18:45", "2026-03-10T18:45:00+01:00", True),
    ("half past 9", "2026-03-10T21:30:00+01:00", True),
    ("quarter to 5", "2026-03-10T16:45:00+01:00", True),
    ("a quarter past 3pm", "2026-03-10T15:15:00+01:00", True),
    ("next friday", "2026-03-20T09:00:00+01:00", False),
    ("friday next week", "2026-03-20T09:00:00+01:00", False),
    ("next monday", "2026-03-16T09:00:00+01:00", False),
    ("friday at 10", "2026-03-13T10:00:00+01:00", True),
    ("saturday at 10", "2026-03-14T10:00:00+01:00", True),
    ("on monday", "2026-03-16T09:00:00+01:00", False),
    ("this thursday", "2026-03-12T09:00:00+01:00", False),
    ("tuesday", "2026-03-17T09:00:00+01:00", False),
    ("4/2", "2026-04-02T09:00:00+02:00", False),
    ("March 3rd at 2pm", "2027-03-03T14:00:00+01:00", True),
    ("march 12 at 2pm", "2026-03-12T14:00:00+01:00", True),
    ("the 1st of april", "2026-04-01T09:00:00+02:00", False),
    ("on the 15th", "2026-03-15T09:00:00+01:00", False),
    ("christmas at 6 pm", "2026-12-25T18:00:00+01:00", True),
]


@pytest.mark.parametrize(("text", "expected", "has_clock"), FRENCH)
def test_french(text: str, expected: str, has_clock: bool) -> None:
    assert when(text, lang="fr") == (expected, has_clock)


@pytest.mark.parametrize(("text", "expected", "has_clock"), ENGLISH)
def test_english(text: str, expected: str, has_clock: bool) -> None:
    assert when(text, lang="en") == (expected, has_clock)


class TestDaylightSaving:
    """Europe/Paris springs forward on 2026-03-29 (02:00 -> 03:00) and falls back on 2026-10-25."""

    def test_days_across_spring_change_keep_the_wall_clock(self) -> None:
        now = datetime(2026, 3, 27, 14, 0, tzinfo=PARIS)
        assert when("dans 3 jours", lang="fr", now=now) == ("2026-03-30T14:00:00+02:00", True)

    def test_weeks_across_autumn_change_keep_the_wall_clock(self) -> None:
        now = datetime(2026, 10, 20, 9, 15, tzinfo=PARIS)
        assert when("in 1 week", lang="en", now=now) == ("2026-10-27T09:15:00+01:00", True)

    def test_days_across_autumn_change_keep_the_wall_clock(self) -> None:
        now = datetime(2026, 10, 23, 14, 0, tzinfo=PARIS)
        assert when("dans 3 jours", lang="fr", now=now) == ("2026-10-26T14:00:00+01:00", True)

    def test_hours_across_spring_change_are_elapsed(self) -> None:
        now = datetime(2026, 3, 29, 1, 30, tzinfo=PARIS)  # 00:30 UTC
        assert when("dans 2 heures", lang="fr", now=now) == ("2026-03-29T04:30:00+02:00", True)

    def test_hours_across_autumn_change_are_elapsed(self) -> None:
        now = datetime(2026, 10, 25, 1, 30, tzinfo=PARIS)  # 23:30 UTC the day before
        match = parse_time("in 2 hours", now=now, lang="en")
        assert match is not None
        assert match.when.isoformat() == "2026-10-25T02:30:00+01:00"  # the second 02:30
        assert match.when.timestamp() - now.timestamp() == 2 * 3600

    def test_time_in_the_spring_gap_moves_forward(self) -> None:
        now = datetime(2026, 3, 28, 20, 0, tzinfo=PARIS)
        assert when("demain à 2h30", lang="fr", now=now) == ("2026-03-29T03:30:00+02:00", True)


class TestNewYork:
    NOW = datetime(2026, 3, 6, 14, 0, tzinfo=NEW_YORK)  # Friday; US clocks spring forward on March 8

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("tomorrow at 5pm", "2026-03-07T17:00:00-05:00"),
            ("in 3 days", "2026-03-09T14:00:00-04:00"),
            ("in 2 hours", "2026-03-06T16:00:00-05:00"),
            ("next friday", "2026-03-13T09:00:00-04:00"),
            ("at 5", "2026-03-06T17:00:00-05:00"),
            ("monday at 8:30am", "2026-03-09T08:30:00-04:00"),
        ],
    )
    def test_english_in_new_york(self, text: str, expected: str) -> None:
        assert when(text, lang="en", now=self.NOW)[0] == expected


class TestSpans:
    @pytest.mark.parametrize(
        ("text", "lang", "span"),
        [
            ("rappelle-moi demain à 9h d'appeler la banque", "fr", "demain à 9h"),
            ("remind me in 2 minutes to take my meds", "en", "in 2 minutes"),
            ("sortir le chien dans 10 min", "fr", "dans 10 min"),
            ("call mom at 5 tomorrow", "en", "at 5 tomorrow"),
            ("RDV chez le dentiste jeudi à 15h30 !", "fr", "jeudi à 15h30"),
            ("Dentiste Le 3 Mars À 14h", "fr", "Le 3 Mars À 14h"),
        ],
    )
    def test_span_is_in_the_original_text(self, text: str, lang: str, span: str) -> None:
        match = parse_time(text, now=NOW, lang=lang)  # type: ignore[arg-type]
        assert match is not None
        assert text[match.start : match.end] == span

    def test_first_expression_wins(self) -> None:
        match = parse_time("demain à 9h puis jeudi à 10h", now=NOW, lang="fr")
        assert match is not None and match.when.isoformat() == "2026-03-11T09:00:00+01:00"


class TestDayAndClockSaidApart:
    @pytest.mark.parametrize(
        ("text", "lang", "expected", "words", "rest"),
        [
            (
                "ok so tmrw i gotta pick up the kids at 3:15pm dont let me forget",
                "en",
                "2026-03-11T15:15:00+01:00",
                "tmrw at 3:15pm",
                "ok so i gotta pick up the kids dont let me forget",
            ),
            (
                "demain faut que j'appelle l'école vers 10h pour l'inscription",
                "fr",
                "2026-03-11T10:00:00+01:00",
                "demain vers 10h",
                "faut que j'appelle l'école pour l'inscription",
            ),
            (  # the time of day first: joined day first, read as "vendredi à 20h"
                "à 20h resto avec Paul vendredi",
                "fr",
                "2026-03-13T20:00:00+01:00",
                "vendredi à 20h",
                "resto avec Paul",
            ),
            (  # read as "on friday at 2" would be (docs/time.md: another day's bare hour is the morning one)
                "on friday i have the dentist at 2",
                "en",
                "2026-03-13T02:00:00+01:00",
                "on friday at 2",
                "i have the dentist",
            ),
        ],
    )
    def test_one_instant_from_both(self, text: str, lang: str, expected: str, words: str, rest: str) -> None:
        match = parse_time(text, now=NOW, lang=lang)  # type: ignore[arg-type]
        assert match is not None and match.has_clock_time
        assert (match.when.isoformat(), match.words, " ".join(match.cut(text).split())) == (expected, words, rest)

    def test_two_days_named_leave_the_time_of_day_unattached(self) -> None:
        match = parse_time("vendredi le match à 20h, rappelle-moi jeudi", now=NOW, lang="fr")
        assert match is not None and match.also is None and match.words == "vendredi"
        assert match.when.isoformat() == "2026-03-13T09:00:00+01:00"

    def test_a_day_said_with_its_time_is_not_joined_to_another_time(self) -> None:
        match = parse_time("demain à 9h, et ramène le pain à 18h", now=NOW, lang="fr")
        assert match is not None and match.also is None
        assert match.when.isoformat() == "2026-03-11T09:00:00+01:00"


class TestNoTime:
    @pytest.mark.parametrize(
        "text",
        [
            "acheter du lait",
            "j'ai mangé 2 pommes",
            "merci !",
            "ok",
            "il fait 15 degrés",
            "74",
            "deux trois minutes",
            "Ana a un court de tennis",
            "bonne soirée",
            "le matin je suis fatigué",
            "j'ai 3 rdv",
            "ça coûte 12,50 €",
        ],
    )
    def test_french_without_time(self, text: str) -> None:
        assert parse_time(text, now=NOW, lang="fr") is None

    @pytest.mark.parametrize(
        "text",
        [
            "buy milk",
            "good morning!",
            "thanks",
            "I have 2 kids",
            "at 5 people",
            "at 650-650-6500",
            "4a",
            "it costs $12.50",
            "25",
            "we are separated",
            "from 2 to 3 days",
        ],
    )
    def test_english_without_time(self, text: str) -> None:
        assert parse_time(text, now=NOW, lang="en") is None

    def test_fifteen_h_is_a_clock_time_never_a_duration(self) -> None:
        assert when("15h", lang="fr") == ("2026-03-10T15:00:00+01:00", True)
        assert when("rdv 15h", lang="fr") == ("2026-03-10T15:00:00+01:00", True)
        assert when("dans 15h", lang="fr") == ("2026-03-11T05:00:00+01:00", True)  # "dans" makes it one

    def test_naive_now_is_refused(self) -> None:
        with pytest.raises(ValueError):
            parse_time("demain", now=datetime(2026, 3, 10, 14, 0), lang="fr")
