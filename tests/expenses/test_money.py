"""Amounts in words, table-driven: exact decimals, the written currency wins, two readings are never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.expenses.money import best_amount, currency_in, format_money, read_amount


@pytest.mark.parametrize(
    ("words", "lang", "value", "currency"),
    [
        ("12,50", "fr", "12.50", None),
        ("12€50", "fr", "12.50", "EUR"),
        ("12,5 €", "fr", "12.50", "EUR"),
        ("€12.50", "en", "12.50", "EUR"),
        ("12.50 €", "fr", "12.50", "EUR"),
        ("1 250 €", "fr", "1250.00", "EUR"),
        ("1\u202f250,00 €", "fr", "1250.00", "EUR"),
        ("$1,250", "en", "1250.00", "USD"),
        ("$1,250", "fr", "1250.00", "USD"),
        ("1.250,50 €", "fr", "1250.50", "EUR"),
        ("EUR 40", "en", "40.00", "EUR"),
        ("40 balles", "fr", "40.00", "EUR"),
        ("45 bucks", "en", "45.00", "USD"),
        ("60 e", "fr", "60.00", "EUR"),
        ("20 CAD", "en", "20.00", "CAD"),
        ("3000 JPY", "en", "3000.00", "JPY"),
        ("12 euros 50", "fr", "12.50", "EUR"),
        ("1250.00", "fr", "1250.00", None),
    ],
)
def test_amounts_are_read_exactly(words, lang, value, currency):
    assert read_amount(words, lang=lang) == (Decimal(value), currency)


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("1,250", "fr"),  # 1.25 or 1250?
        ("1.250", "en"),
        ("12,555", "fr"),
        ("0", "fr"),
        ("-3", "fr"),
        ("99999999999", "fr"),  # more than the 10 digits before the point a column holds
        ("quarante", "fr"),
        ("", "en"),
    ],
)
def test_what_reads_two_ways_or_not_at_all_is_not_guessed(words, lang):
    assert read_amount(words, lang=lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("ciné 2 places 23€50", "fr", "23€50"),
        ("movie tickets 2 for $23.50", "en", "$23.50"),
        ("dépense: 4,20 boulangerie", "fr", "4,20"),
        ("i dont want to spend more than 80 on going out", "en", "80"),
        ("payé 1 250 € de loyer", "fr", "1 250 €"),
    ],
)
def test_the_amount_of_a_sentence(text, lang, said):
    found = best_amount(text, lang=lang)
    assert found is not None and text[found.start : found.end] == said


@pytest.mark.parametrize(
    "text", ["rdv 15h30", "acheter 2 kg de pommes et 1,5 l de lait", "le 3/4", "dans 3 jours", "at 5 pm", "+10"]
)
def test_times_dates_and_quantities_are_not_money(text):
    assert best_amount(text, lang="fr") is None


def test_two_different_bare_amounts_are_unclear():
    found = best_amount("12,50 ou 13,20", lang="fr")
    assert found is not None and found.unclear


@pytest.mark.parametrize(
    ("words", "code"), [("euros", "EUR"), ("$", "USD"), ("bucks", "USD"), ("CAD", "CAD"), ("chf", "CHF"), ("zz", None)]
)
def test_currency_words(words, code):
    assert currency_in(words) == code


def test_formatting_per_language():
    assert format_money(Decimal("1250"), "EUR", "fr") == "1\u202f250 €"
    assert format_money(Decimal("12.5"), "EUR", "fr") == "12,50 €"
    assert format_money(Decimal("12.5"), "USD", "en") == "$12.50"
    assert format_money(Decimal("1250"), "USD", "en") == "$1,250"
    assert format_money(Decimal("40"), "CHF", "en") == "CHF 40"
