"""How people text: no accents, typos, abbreviations, emojis; spans in the original text; what is not a
time; when the grammar is unsure it says so."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared.brains.offline.time import parse
from tests.unit.brains.time.helpers import NOW, at, only, said

SMS = [
    ("rdv dem a 14h30", "fr", at(11, 14, 30)),
    ("demain mat", "fr", at(11, 8)),
    ("dem mat 9h", "fr", at(11, 9)),
    ("ce soi", "fr", at(10, 19)),
    ("ce swar 21h", "fr", at(10, 21)),
    ("2main 10h", "fr", at(11, 10)),
    ("ajd 18h", "fr", at(10, 18)),
    ("apres demain 10h", "fr", at(12, 10)),
    ("aprés-demain", "fr", at(12)),
    ("vendredii 10h", "fr", at(13, 10)),
    ("mercredy 14h", "fr", at(11, 14)),
    ("lun. 9h", "fr", at(16, 9)),
    ("jeu. 17h", "fr", at(12, 17)),
    ("RDV DEMAIN 14H", "fr", at(11, 14)),
    ("demain a 14 h 30", "fr", at(11, 14, 30)),
    ("rappel: dentiste mardi 17h stp 😬", "fr", at(17, 17)),
    ("demain 8h30 🙏", "fr", at(11, 8, 30)),
    ("vendredi prochain!!", "fr", at(20)),
    ("vingt et une heures", "fr", at(10, 21)),
    ("dans deux jours", "fr", at(12, 14)),
    ("dans 3j", "fr", at(13, 14)),
    ("dans 2 sem", "fr", at(24, 14)),
    ("2day at 5", "en", at(10, 17)),
    ("tmrw 9am", "en", at(11, 9)),
    ("tmw 7pm", "en", at(11, 19)),
    ("2moro at 7", "en", at(11, 7)),
    ("tonite at 8", "en", at(10, 20)),
    ("thu 3pm", "en", at(12, 15)),
    ("sat morning", "en", at(14, 8)),
    ("wednsday at 4pm", "en", at(11, 16)),
    ("tommorow at noon", "en", at(11, 12)),
    ("nxt friday", "en", at(20)),
    ("in 20 mins", "en", at(10, 14, 20)),
    ("in 2 hrs", "en", at(10, 16)),
    ("at 3:30pm!!", "en", at(10, 15, 30)),
    ("call mom @ 5", "en", at(10, 17)),
]


@pytest.mark.parametrize(("text", "lang", "when"), SMS, ids=[t for t, *_ in SMS])
def test_sms_style(text: str, lang: str, when: datetime) -> None:
    assert only(text, lang).value == when


@pytest.mark.parametrize(
    ("text", "lang", "span"),
    [
        ("rappelle-moi demain à 9h d'appeler la banque", "fr", "demain à 9h"),
        ("RDV chez le dentiste jeudi à 15h30 !", "fr", "jeudi à 15h30"),
        ("Dentiste Le 3 Mars À 14h", "fr", "Le 3 Mars À 14h"),
        ("remind me in 2 minutes to take my meds", "en", "in 2 minutes"),
        ("call mom at 5 tomorrow please", "en", "at 5 tomorrow"),
        ("pense à sortir les poubelles ce soir 🗑️", "fr", "ce soir"),
    ],
)
def test_spans_are_in_the_original_text(text: str, lang: str, span: str) -> None:
    assert said(text, only(text, lang)) == span


def test_several_times_left_to_right() -> None:
    text = "demain 9h réunion, puis jeudi à 14h dentiste"
    found = parse(text, now=NOW, lang="fr")
    assert [said(text, m) for m in found] == ["demain 9h", "jeudi à 14h"]
    assert [m.value for m in found] == [at(11, 9), at(12, 14)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("acheter du lait", "fr"),
        ("j'ai mangé 2 pommes", "fr"),
        ("il fait 15 degrés", "fr"),
        ("Ana a un court de tennis", "fr"),
        ("bonne soirée !", "fr"),
        ("j'ai 3 rdv", "fr"),
        ("ça coûte 12,50 €", "fr"),
        ("appelle le 06 12 34 56 78", "fr"),
        ("on se retrouve au 12 rue de la Paix", "fr"),
        ("on sera 4 personnes", "fr"),
        ("on est tous les deux", "fr"),
        ("deux trois minutes", "fr"),
        ("74", "fr"),
        ("buy milk", "en"),
        ("good morning!", "en"),
        ("I have 2 kids", "en"),
        ("at 5 people", "en"),
        ("at 650-650-6500", "en"),
        ("meet me in room 12", "en"),
        ("it costs $12.50", "en"),
        ("the sun is shining", "en"),
        ("I sat at the table", "en"),
        ("I may go", "en"),
        ("I second that", "en"),
        ("4a", "en"),
        ("3 30", "en"),
        ("25", "en"),
        ("Martin Luther King' day", "en"),
    ],
)
def test_no_time_here(text: str, lang: str) -> None:
    assert parse(text, now=NOW, lang=lang) == []  # type: ignore[arg-type]


class TestUnsure:
    """Where the words leave the time open, the mention says so (the turn then asks)."""

    def test_a_number_alone(self) -> None:
        m = only("7", "en")
        assert m.kind == "instant" and not m.confident and "bare" in m.said

    def test_an_english_numeric_date_both_ways_valid(self) -> None:
        m = only("4/5", "en")
        assert m.value == at(5, month=4) and not m.confident  # CONVENTIONS: month/day, but April or May?
        assert only("4/25", "en").confident
        assert only("le 4/5", "fr").confident  # French writes day/month

    def test_next_week_as_a_time(self) -> None:
        m = only("next week", "en")
        assert m.kind == "interval" and not m.confident

    def test_a_part_of_the_day_said_as_a_habit(self) -> None:
        assert not only("le matin je suis fatigué", "fr").confident
        assert only("demain matin", "fr").confident

    def test_in_a_number_without_unit(self) -> None:
        m = only("in 15", "en")
        assert m.value == at(10, 14, 15) and not m.confident

    def test_a_french_small_hour_alone_may_be_a_duration(self) -> None:
        assert not only("1h30", "fr").confident
        assert only("à 1h30", "fr").confident
        assert only("15h", "fr").confident

    def test_a_weekday_and_a_date_already_past(self) -> None:
        assert not only("mardi 3 mars", "fr").confident


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse("demain", now=datetime(2026, 3, 10, 14, 0), lang="fr")


def test_a_time_said_for_today_but_already_past_is_said_unsure() -> None:
    assert not only("aujourd'hui à 9h", "fr").confident  # said at 14:00
    assert not only("this morning at 8", "en").confident
    assert only("aujourd'hui à 18h", "fr").confident
    assert only("hier à 9h", "fr").confident  # the past, on purpose
