"""Budgets and totals, property-based (hypothesis) on real Postgres: whatever the amounts, currencies,
months and order, a month's total per currency is the sum of its categories' totals and of exactly the
expenses of that month in that currency; and the 80 % and 100 % warnings fire exactly once each, at the
expense that first crosses them. Each example runs in a savepoint rolled back afterwards."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shared.expenses import service
from tests.helpers import NOW, person

LATER = datetime.fromisoformat("2026-04-30T12:00:00+00:00")  # every generated day is in the past

CURRENCIES = ("EUR", "USD", "GBP")
WORDS = ("resto", "courses", "essence")
MONTHS = (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2, allow_nan=False)
spending = st.lists(
    st.tuples(
        amounts,
        st.sampled_from(CURRENCIES),
        st.sampled_from(MONTHS),
        st.integers(min_value=1, max_value=28),
        st.sampled_from(WORDS),
    ),
    min_size=1,
    max_size=12,
)


@BOUNDED
@given(expenses=spending)
def test_month_totals_add_up_per_currency_and_never_mix_months_or_currencies(session, expenses):
    savepoint = session.begin_nested()
    try:
        me = person(session, "+33600009999")
        for amount, currency, month, day, words in expenses:
            service.add(
                session,
                user=me,
                now=LATER,
                amount=amount,
                currency=currency,
                category=words,
                spent_on=month.replace(day=day),
            )
        for month in MONTHS:
            end = service.next_month(month)
            found = service.summary(session, user=me, now=LATER, start=month, end=end)
            expected: dict[str, Decimal] = defaultdict(Decimal)
            for amount, currency, when, _, _ in expenses:
                if when == month:
                    expected[currency] += amount
            assert found.totals == dict(expected)
            per_category: dict[str, Decimal] = defaultdict(Decimal)
            for line in found.lines:
                per_category[line.currency] += line.total
            assert dict(per_category) == found.totals
            assert all(isinstance(v, Decimal) for v in found.totals.values())
    finally:
        savepoint.rollback()


@BOUNDED
@given(
    budgets=st.tuples(*(st.decimals(min_value=Decimal("1"), max_value=Decimal("3000"), places=2) for _ in WORDS)),
    expenses=st.lists(
        st.tuples(amounts, st.sampled_from(("EUR", "EUR", "USD")), st.sampled_from(WORDS)), min_size=1, max_size=12
    ),
)
def test_each_warning_fires_once_at_the_first_crossing(session, budgets, expenses):
    savepoint = session.begin_nested()
    try:
        me = person(session, "+33600008888")
        categories = {}
        for words, budget in zip(WORDS, budgets, strict=True):
            categories[words] = service.set_budget(
                session, user=me, now=NOW, category=words, amount=budget, currency="EUR", lang="fr"
            ).category
        running: dict[str, Decimal] = defaultdict(Decimal)
        first: dict[tuple[str, int], int] = {}
        ids = []
        expected_notices = []
        for index, (amount, currency, words) in enumerate(expenses):
            added = service.add(session, user=me, now=NOW, amount=amount, currency=currency, category=words)
            ids.append(added.expense.id)
            crossed_now = []
            if currency == "EUR":
                running[words] += amount
                budget = categories[words].monthly_budget
                for threshold in (80, 100):
                    if (words, threshold) not in first and running[words] * 100 >= budget * threshold:
                        first[(words, threshold)] = index
                        crossed_now.append(threshold)
            assert added.alert == (max(crossed_now) if crossed_now else None)
            if crossed_now:
                expected_notices.append(f"budget:{categories[words].id}:2026-03:{max(crossed_now)}")
        rows = session.execute(
            text("SELECT category_id, threshold, expense_id FROM budget_alerts WHERE user_id = :u"), {"u": me.id}
        ).all()
        by_id = {c.id: w for w, c in categories.items()}
        assert sorted((by_id[c], t, e) for c, t, e in rows) == sorted((w, t, ids[i]) for (w, t), i in first.items())
        keys = session.execute(
            text("SELECT idempotency_key FROM outbox WHERE user_id = :u AND kind = 'notice'"), {"u": me.id}
        ).scalars()
        assert sorted(keys) == sorted(expected_notices)
    finally:
        savepoint.rollback()
