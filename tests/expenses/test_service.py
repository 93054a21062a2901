"""The expenses service on real Postgres: exact amounts and currencies, categories guessed and reused,
totals per currency by week, month and category (recurring ones counted per occurrence), budget warnings
queued once per category, month and threshold, replayed turns, isolation between people."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from shared.errors import InvalidInput, NotFound
from shared.expenses import service
from tests.helpers import NOW, person

D = Decimal


def add(session, user, amount, description=None, **kw):
    return service.add(session, user=user, now=kw.pop("now", NOW), amount=D(amount), description=description, **kw)


def outbox(session, user):
    return session.execute(
        text("SELECT kind, body, idempotency_key, language FROM outbox WHERE user_id = :u ORDER BY created_at, body"),
        {"u": user.id},
    ).all()


def count_expenses(session, user):
    return session.execute(text("SELECT count(*) FROM expenses WHERE user_id = :u"), {"u": user.id}).scalar_one()


class TestAdding:
    def test_an_expense_keeps_its_exact_amount_and_the_default_currency_of_the_language(self, session, me, other):
        mine = add(session, me, "12.50", "resto").expense
        theirs = add(session, other, "4.75", "coffee").expense
        assert (mine.amount, mine.currency, mine.spent_on) == (D("12.50"), "EUR", date(2026, 3, 10))
        assert (theirs.amount, theirs.currency) == (D("4.75"), "USD")
        assert theirs.spent_on == date(2026, 3, 10)  # 09:00 in New York

    def test_the_persons_currency_setting_wins_over_the_language(self, session, me):
        session.execute(text("INSERT INTO user_settings (user_id, currency) VALUES (:u, 'CHF')"), {"u": me.id})
        assert add(session, me, "40", "taxi").expense.currency == "CHF"
        assert add(session, me, "40", "taxi", currency="usd").expense.currency == "USD"

    def test_the_category_is_guessed_from_the_words_and_reused(self, session, me):
        first = add(session, me, "12.50", "resto")
        second = add(session, me, "30", "restaurant italien")
        third = add(session, me, "8.90", "pharmacie")
        assert first.category is not None and first.category.name == "restaurants"
        assert second.category is not None and second.category.id == first.category.id
        assert third.category is not None and third.category.kind == "health"
        unknown = add(session, me, "3", "truc bizarre")
        assert unknown.category is not None and unknown.category.name == "divers"

    def test_a_category_said_by_its_words_and_a_payment_method(self, session, me):
        added = add(session, me, "23", "sushi", category="sorties", payment_method="en CB")
        assert added.category is not None and (added.category.name, added.category.kind) == ("sorties", "leisure")
        assert add(session, me, "9", "ciné").category == added.category  # the same kind finds it
        assert added.expense.payment_method == "card"

    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"amount": D("0")}, "amount"),
            ({"amount": D("-5")}, "amount"),
            ({"amount": D("12.345")}, "amount"),
            ({"amount": D("10000000000")}, "amount"),
            ({"currency": "XYZ"}, "currency"),
            ({"spent_on": date(2026, 3, 20)}, "spent_on"),
            ({"spent_on": date(1999, 12, 31)}, "spent_on"),
            ({"payment_method": "en coquillages"}, "payment_method"),
            ({"recurrence": "FREQ=SOMETIMES"}, "recurrence"),
        ],
    )
    def test_bad_values_are_refused_and_nothing_is_written(self, session, me, kw, field):
        values = {"amount": D("10"), "description": "resto"} | kw
        with pytest.raises(InvalidInput) as refused:
            service.add(session, user=me, now=NOW, category="nouvelle catégorie", **values)
        assert refused.value.field == field
        assert count_expenses(session, me) == 0
        assert service.categories(session, user=me) == []

    def test_a_replayed_turn_adds_nothing_twice(self, session, me):
        message = session.execute(
            text(
                "INSERT INTO messages (user_id, direction, from_phone, to_phone, body, received_at) "
                "VALUES (:u, 'in', :p, '+15005550006', '12€ resto', now()) RETURNING id"
            ),
            {"u": me.id, "p": me.phone},
        ).scalar_one()
        first = add(session, me, "12", "resto", source_message_id=message)
        again = add(session, me, "12", "resto", source_message_id=message)
        assert again.expense.id == first.expense.id and count_expenses(session, me) == 1
        add(session, me, "4", "café", source_message_id=message)  # a second expense in the same message
        assert count_expenses(session, me) == 2


class TestTotals:
    def test_totals_per_currency_per_category_for_a_month_and_a_week(self, session, me):
        add(session, me, "12.50", "resto", spent_on=date(2026, 3, 2))
        add(session, me, "30", "resto", spent_on=date(2026, 3, 10))
        add(session, me, "87.30", "courses", spent_on=date(2026, 3, 9))
        add(session, me, "35", "casque", currency="USD", spent_on=date(2026, 3, 9))
        add(session, me, "99", "resto", spent_on=date(2026, 2, 28))  # another month
        month = service.summary(session, user=me, now=NOW, start=date(2026, 3, 1), end=date(2026, 4, 1))
        assert month.totals == {"EUR": D("129.80"), "USD": D("35.00")}
        assert [(line.category.name if line.category else None, line.total) for line in month.lines][:2] == [
            ("courses", D("87.30")),
            ("restaurants", D("42.50")),
        ]
        week = service.summary(session, user=me, now=NOW, start=date(2026, 3, 9), end=date(2026, 3, 16))
        assert week.totals == {"EUR": D("117.30"), "USD": D("35.00")} and week.count == 3
        resto = service.find_categories(session, user=me, words="resto")
        only = service.summary(
            session, user=me, now=NOW, start=date(2026, 3, 1), end=date(2026, 4, 1), category_ids=[resto[0].id]
        )
        assert only.totals == {"EUR": D("42.50")}

    def test_food_counts_eating_out_and_groceries(self, session, me):
        add(session, me, "10", "resto")
        add(session, me, "20", "courses")
        add(session, me, "30", "taxi")
        found = service.find_categories(session, user=me, words="food")
        assert {c.kind for c in found} == {"restaurant", "groceries"}

    def test_a_recurring_expense_counts_once_per_occurrence_up_to_today(self, session, me):
        start = service.recurring_start(
            "DTSTART:20260405T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=5", on_or_before=date(2026, 3, 10)
        )
        assert start == date(2026, 3, 5)
        add(session, me, "800", "loyer", spent_on=date(2026, 1, 5), recurrence="FREQ=MONTHLY;BYMONTHDAY=5")
        march = service.summary(session, user=me, now=NOW, start=date(2026, 3, 1), end=date(2026, 4, 1))
        assert march.totals == {"EUR": D("800.00")} and [s.description for s in march.recurring] == ["loyer"]
        quarter = service.summary(session, user=me, now=NOW, start=date(2026, 1, 1), end=date(2026, 7, 1))
        assert quarter.totals == {"EUR": D("2400.00")}  # January, February, March: April's has not happened yet
        before = service.summary(session, user=me, now=NOW, start=date(2025, 12, 1), end=date(2026, 1, 1))
        assert before.totals == {}

    @pytest.mark.parametrize(
        ("rule", "start"),
        [
            ("DTSTART:20260410T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=10", date(2026, 3, 10)),  # "tous les mois"
            ("DTSTART:20260325T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=25", date(2026, 2, 25)),
            ("DTSTART:20260317T090000\nRRULE:FREQ=WEEKLY;BYDAY=TU", date(2026, 3, 10)),
        ],
    )
    def test_a_series_said_now_starts_with_what_was_just_paid(self, rule, start):
        assert service.recurring_start(rule, on_or_before=date(2026, 3, 10)) == start


class TestBudgets:
    def test_warnings_at_80_and_100_percent_once_each_in_the_persons_language(self, session, me):
        service.set_budget(session, user=me, now=NOW, category="resto", amount=D("100"), lang="fr")
        assert add(session, me, "50", "resto").alert is None
        assert add(session, me, "35", "resto").alert == 80
        assert add(session, me, "10", "resto").alert is None
        assert add(session, me, "12", "resto", currency="USD").alert is None  # dollars are not euros
        assert add(session, me, "20", "resto").alert == 100
        assert add(session, me, "20", "resto").alert is None
        sent = outbox(session, me)
        assert [(k, key.rsplit(":", 1)[-1], lang) for k, _, key, lang in sent] == [
            ("notice", "80", "fr"),
            ("notice", "100", "fr"),
        ]
        assert "85 € en resto" in sent[0][1] and "85 %" in sent[0][1]
        assert "dépassé" in sent[1][1] and "115 €" in sent[1][1]

    def test_a_jump_past_both_thresholds_sends_one_warning_and_next_month_starts_again(self, session, me):
        service.set_budget(session, user=me, now=NOW, category="courses", amount=D("100"), lang="fr")
        assert add(session, me, "150", "courses").alert == 100
        assert service.alerts(session, user=me, month=date(2026, 3, 1)) == [
            (service.find_categories(session, user=me, words="courses")[0].id, 80),
            (service.find_categories(session, user=me, words="courses")[0].id, 100),
        ]
        april = NOW + timedelta(days=31)
        assert add(session, me, "85", "courses", now=april, spent_on=date(2026, 4, 10)).alert == 80
        assert len(outbox(session, me)) == 2

    def test_setting_a_budget_already_passed_records_it_without_a_warning(self, session, me):
        add(session, me, "90", "essence")
        budget = service.set_budget(session, user=me, now=NOW, category="transports", amount=D("100"), lang="fr")
        assert budget.spent == D("90.00") and budget.percent == 90
        assert outbox(session, me) == []
        assert add(session, me, "5", "essence").alert is None  # 80 % was already recorded

    def test_nobody_to_text_still_records_the_warning(self, session):
        quiet = person(session, None, lang="en", zone="America/New_York")
        service.set_budget(session, user=quiet, now=NOW, category="groceries", amount=D("10"), lang="en")
        assert add(session, quiet, "9", "groceries").alert == 80
        assert outbox(session, quiet) == []

    def test_an_english_warning(self, session, other):
        service.set_budget(session, user=other, now=NOW, category="gas", amount=D("100"), lang="en")
        add(session, other, "100", "gas", lang="en")
        [(_, body, _, lang)] = outbox(session, other)
        assert lang == "en" and body.startswith("Over your gas budget: $100")


class TestChanges:
    def test_delete_the_last_and_recategorise(self, session, me):
        add(session, me, "12", "resto")
        last = add(session, me, "20", "cadeau maman", now=NOW + timedelta(minutes=1)).expense
        moved = service.recategorise(session, user=me, now=NOW, words="sorties", lang="fr")
        assert moved.expense.id == last.id and moved.category is not None and moved.category.name == "sorties"
        gone = service.delete_last(session, user=me)
        assert gone.id == last.id and count_expenses(session, me) == 1

    def test_nothing_to_delete(self, session, me):
        with pytest.raises(NotFound):
            service.delete_last(session, user=me)

    def test_update_checks_everything_before_writing(self, session, me):
        expense = add(session, me, "12", "resto").expense
        with pytest.raises(InvalidInput):
            service.update(
                session, user=me, now=NOW, expense_id=expense.id, changes={"amount": D("13"), "currency": "ZZZ"}
            )
        session.refresh(expense)
        assert expense.amount == D("12.00")


class TestIsolation:
    def test_another_persons_ids_are_not_found(self, session, me, other):
        theirs = add(session, other, "30", "gas").expense
        with pytest.raises(NotFound):
            service.get(session, user=me, expense_id=theirs.id)
        with pytest.raises(NotFound):
            service.update(session, user=me, now=NOW, expense_id=theirs.id, changes={"amount": D("1")})
        assert theirs.category_id is not None
        with pytest.raises(NotFound):
            service.add(session, user=me, now=NOW, amount=D("5"), category_id=theirs.category_id)
        with pytest.raises(NotFound):
            service.get(session, user=me, expense_id=uuid.uuid4())
        assert service.summary(session, user=me, now=NOW, start=date(2026, 3, 1), end=date(2026, 4, 1)).totals == {}
        assert service.find_categories(session, user=me, words="gas") == []
