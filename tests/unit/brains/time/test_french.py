"""French times, table-driven, resolved per CONVENTIONS.md (now: Tuesday 2026-03-10 14:00, Paris)."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared.brains.offline.time import parse
from tests.unit.brains.time.helpers import NOW, at, only, said

# (text, instant, has_clock_time): CONVENTIONS.md decisions and everyday compositions.
INSTANTS = [
    # a date alone is 09:00, no clock time said
    ("demain", at(11), False),
    ("le 2 avril", at(2, month=4), False),
    ("jeudi", at(12), False),
    # parts of the day: morning 08:00, noon 12:00, afternoon 15:00, evening 19:00
    ("ce soir", at(10, 19), False),
    ("demain matin", at(11, 8), False),
    ("cet aprem", at(10, 15), False),
    ("samedi après-midi", at(14, 15), False),
    ("ce midi", at(10, 12), True),
    ("demain midi", at(11, 12), True),
    ("minuit", at(11, 0), True),
    ("demain à minuit", at(12, 0), True),
    # a clock time wins over the part of the day; an evening word makes a bare hour pm
    ("demain matin à 9h", at(11, 9), True),
    ("ce soir à 8h", at(10, 20), True),
    ("8h du soir", at(10, 20), True),
    ("3 heures du matin", at(11, 3), True),
    ("à 3 heures cet après-midi", at(10, 15), True),
    ("cette nuit à 2h", at(11, 2), True),
    # 24-hour clock, "9 heures et demie", never "in 15 hours"
    ("15h", at(10, 15), True),
    ("9h", at(11, 9), True),  # already past today: tomorrow
    ("9 h 15", at(11, 9, 15), True),
    ("21h45", at(10, 21, 45), True),
    ("16H45", at(10, 16, 45), True),
    ("9 heures et demie", at(11, 9, 30), True),
    ("quinze heures trente", at(10, 15, 30), True),
    ("onze heures trois quarts", at(11, 11, 45), True),
    ("midi moins le quart", at(11, 11, 45), True),
    ("midi et quart", at(11, 12, 15), True),
    ("15h passé de 15 minutes", at(10, 15, 15), True),
    # weekdays: alone or "ce" = the next one after today; "prochain" = next calendar week
    ("ce jeudi", at(12), False),
    ("mardi", at(17), False),
    ("vendredi prochain", at(20), False),  # said on a Tuesday: next week's Friday
    ("mercredi prochain", at(18), False),
    ("lundi prochain", at(16), False),
    ("jeudi de la semaine prochaine", at(19), False),
    ("mardi cette semaine", at(10), False),
    ("lundi en huit", at(23), False),
    ("vendredi dernier", at(6), False),
    ("jeudi à 15h30", at(12, 15, 30), True),
    ("vendredi prochain à 14h", at(20, 14), True),
    # dates: day/month, the next one to come
    ("le 2/4", at(2, month=4), False),
    ("le 3 mars", at(3, year=2027), False),
    ("le 16 à 18h", at(16, 18), True),
    ("le 1er avril à 10h", at(1, 10, month=4), True),
    ("vendredi 13", at(13), False),
    ("lundi 16 à 9h", at(16, 9), True),
    ("le 25 décembre 2027", at(25, month=12, year=2027), False),
    ("31/10/2026", at(31, month=10), False),
    ("2026-04-15", at(15, month=4), False),
    ("le lendemain du 13 mars", at(14), False),
    # offsets: minutes and hours elapsed, days and weeks keep the wall clock
    ("dans 20 minutes", at(10, 14, 20), True),
    ("dans 1h30", at(10, 15, 30), True),
    ("dans une demi-heure", at(10, 14, 30), True),
    ("dans un quart d'heure", at(10, 14, 15), True),
    ("dans deux heures et demie", at(10, 16, 30), True),
    ("dans 3 jours", at(13, 14), True),
    ("dans 3 semaines", at(31, 14), True),
    ("dans 2 jours à 10h", at(12, 10), True),
    ("il y a 2 jours", at(8, 14), True),
    ("deux jours plus tard", at(12, 14), True),
    # ordinals and holidays
    ("le 2e mardi d'avril", at(14, month=4), False),
    ("le dernier vendredi du mois", at(27), False),
    ("le premier lundi du mois prochain", at(6, month=4), False),
    ("Noël", at(25, month=12), False),
    ("Pâques", at(5, month=4), False),  # Easter 2026: April 5
    ("lundi de Pâques", at(6, month=4), False),
    ("l'Ascension", at(14, month=5), False),
    ("la Toussaint", at(1, month=11), False),
    ("le 14 juillet à 22h", at(14, 22, month=7), True),
    ("la fête des mères", at(31, month=5), False),
    # time zones
    ("15h heure de Paris", at(10, 15), True),
    ("à 16h GMT", at(10, 17), True),
]


@pytest.mark.parametrize(("text", "when", "has_clock"), INSTANTS, ids=[t for t, *_ in INSTANTS])
def test_french_instants(text: str, when: datetime, has_clock: bool) -> None:
    m = only(text, "fr")
    assert (m.kind, m.value, m.has_clock_time) == ("instant", when, has_clock)
    assert m.value is not None and m.value.tzinfo is NOW.tzinfo


# (text, start, exclusive end)
INTERVALS = [
    ("du 13 au 15 juillet", at(13, 0, month=7), at(16, 0, month=7)),
    ("13-15 juillet", at(13, 0, month=7), at(16, 0, month=7)),
    ("entre le 13 et le 15 juillet", at(13, 0, month=7), at(16, 0, month=7)),
    ("de 9h30 à 11h jeudi", at(12, 9, 30), at(12, 11)),
    ("jeudi de 9h à 11h", at(12, 9), at(12, 11)),
    ("demain entre midi et 2", at(11, 12), at(11, 14)),
    ("de 11h30 à 1h30", at(11, 11, 30), at(11, 13, 30)),
    ("de 22h à 2h", at(10, 22), at(11, 2)),
    ("14h-15h", at(11, 14), at(11, 15)),
    ("en fin d'après-midi", at(10, 17), at(10, 19)),
    ("lundi en début de matinée", at(16, 7), at(16, 9)),
    ("fin mars", at(21, 0), at(1, 0, month=4)),
    ("début avril", at(1, 0, month=4), at(6, 0, month=4)),
    ("mi-avril", at(10, 0, month=4), at(20, 0, month=4)),
    ("la première quinzaine d'avril", at(1, 0, month=4), at(15, 0, month=4)),
    ("ce week-end", at(13, 18), at(16, 0)),
    ("cette semaine", at(9, 0), at(16, 0)),
    ("la semaine prochaine", at(16, 0), at(23, 0)),
    ("le mois prochain", at(1, 0, month=4), at(1, 0, month=5)),
    ("la semaine du 6 avril", at(6, 0, month=4), at(13, 0, month=4)),
    ("en mars", at(1, 0), at(1, 0, month=4)),
    ("cet été", at(21, 0, month=6), at(24, 0, month=9)),
    ("les 3 prochains jours", at(11, 0), at(14, 0)),
    ("de mardi à jeudi", at(17, 0), at(20, 0)),  # said on a Tuesday: next Tuesday to the Thursday after
    ("du 28 décembre au 3 janvier", at(28, 0, month=12), at(4, 0, month=1, year=2027)),
]


@pytest.mark.parametrize(("text", "start", "end"), INTERVALS, ids=[t for t, *_ in INTERVALS])
def test_french_intervals(text: str, start: datetime, end: datetime) -> None:
    m = only(text, "fr")
    assert (m.kind, m.value, m.end_value) == ("interval", start, end)


def test_a_period_as_a_time_is_said_unsure() -> None:
    assert not only("la semaine prochaine", "fr").confident
    assert not only("ce week-end", "fr").confident
    assert only("du 13 au 15 juillet", "fr").confident


# (text, direction, bound)
OPEN = [
    ("après 18h", "after", at(10, 18)),
    ("jeudi après 9h30", "after", at(12, 9, 30)),
    ("à partir de lundi", "after", at(16, 0)),
    ("à partir du 8", "after", at(8, 0, month=4)),
    ("le 20 à partir de 10h", "after", at(20, 10)),
    ("avant midi", "before", at(11, 12)),
    ("avant samedi", "before", at(14)),  # CONVENTIONS: due on Saturday itself
    ("avant le 20", "before", at(20)),
    ("d'ici la fin de la semaine", "before", at(15)),  # Sunday of this week
    ("avant la fin du mois", "before", at(31)),  # the last day of the month
    ("jusqu'à 18h", "before", at(10, 18)),
]


@pytest.mark.parametrize(("text", "direction", "bound"), OPEN, ids=[t for t, *_ in OPEN])
def test_french_open_intervals(text: str, direction: str, bound: datetime) -> None:
    m = only(text, "fr")
    assert (m.kind, m.direction, m.value) == ("open_interval", direction, bound)


def test_an_offset_before_a_time_said_earlier() -> None:
    text = "rdv dentiste dem à 14h30, rappelle-moi 1h avant"
    m = only(text, "fr")
    assert said(text, m) == "dem à 14h30"  # the longest; the offset is the other one
    offset = parse(text, now=NOW, lang="fr")[1]
    assert offset.kind == "instant" and offset.value == at(11, 13, 30)
    assert offset.anchor is not None and said(text, offset.anchor) == "dem à 14h30"
    assert said(text, offset) == "1h avant"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("pendant 2 heures et demie", 9000),
        ("pendant 1h30", 5400),
        ("pendant trois quarts d'heure", 2700),
        ("pendant 10 jours", 864000),
    ],
)
def test_french_durations(text: str, seconds: int) -> None:
    m = only(text, "fr")
    assert m.kind == "duration" and m.value is None
    assert m.duration is not None and m.duration.total_seconds() == seconds  # type: ignore[union-attr]
