"""The expenses slice's tools for both brains, each a thin handler over `service`. Amounts and times come as
the person's own words: amounts are read by shared/expenses/money.py, times by the project's time parser
(shared/agent/when.py); what cannot be read for sure becomes a short question."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, field_validator

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.agent.when import resolve
from shared.brains.offline.time import parse
from shared.errors import InvalidInput
from shared.expenses import service
from shared.expenses.models import Expense, ExpenseCategory
from shared.expenses.money import currency_in, format_money, is_currency, read_amount
from shared.i18n.messages import t
from shared.messaging.segments import count_segments, fit_field

AMOUNT_DOC = "the amount as written, e.g. '12,50', '12€50', '$1,250', '40 balles'"
CURRENCY_DOC = "a currency code or word ('EUR', 'dollars') when said; empty: the person's default"


def _as_text(value: Any) -> Any:
    """A model may send the amount as a JSON number: keep it exact as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


class AddExpense(BaseModel):
    amount: str = Field("", max_length=60, description=AMOUNT_DOC)
    currency: str = Field("", max_length=30, description=CURRENCY_DOC)
    description: str = Field("", max_length=500, description="what it was for, in the person's words ('resto')")
    category: str = Field("", max_length=64, description="a category in the person's words; empty: guessed")
    when: str = Field(
        "",
        max_length=200,
        description="when it was spent in the person's words ('hier', 'tous les mois'); empty: today",
    )
    payment_method: str = Field("", max_length=40, description="card, cash, transfer... in the person's words")

    _amount_text = field_validator("amount", mode="before")(_as_text)


class ExpenseSummary(BaseModel):
    period: str = Field(
        "", max_length=100, description="the period in the person's words ('ce mois-ci', 'last week'); empty: month"
    )
    category: str = Field("", max_length=64, description="a category in the person's words; empty: all of them")


class SetBudget(BaseModel):
    category: str = Field("", max_length=64, description="the category in the person's words ('resto', 'groceries')")
    amount: str = Field("", max_length=60, description="the monthly budget as written, e.g. '150€', '$300'")
    currency: str = Field("", max_length=30, description=CURRENCY_DOC)

    _amount_text = field_validator("amount", mode="before")(_as_text)


class DeleteLastExpense(BaseModel):
    pass


class Recategorise(BaseModel):
    category: str = Field("", max_length=64, description="the new category in the person's words")
    expense_id: uuid.UUID | None = Field(None, description="the expense's id when known; empty: the last one added")


# --- words to values ---------------------------------------------------------------------------------------------
def _money(
    ctx: ToolContext, words: str, currency_words: str, *, ask: str, what: str = ""
) -> tuple[Decimal, str | None]:
    """The amount and the currency said (None: the person's default), or a question."""
    if not words.strip():
        raise NeedsAnswer(t(ask, ctx.lang, what=what, category=what), missing="amount")
    found = read_amount(words, lang=ctx.lang)
    if found is None:
        raise NeedsAnswer(t("expense.ask_amount_unclear", ctx.lang, words=words.strip()[:40]), missing="amount")
    value, currency = found
    if currency is None and currency_words.strip():
        currency = currency_in(currency_words)
        if currency is None or not is_currency(currency):
            raise NeedsAnswer(t("expense.ask_currency", ctx.lang, code=currency_words.strip()[:20]), missing="currency")
    return value, currency


def _day(ctx: ToolContext, words: str) -> tuple[date, str | None, str | None]:
    """(day, recurrence rule, the series in words) of an expense said now; a question when the words hold no
    day or a day still to come. A weekday alone is the last one ("lundi" said on a Tuesday: yesterday)."""
    today = ctx.said.date()
    if not words.strip():
        return today, None, None
    when = resolve(words, said=ctx.said, lang=ctx.lang)
    if when is None:
        raise NeedsAnswer(t("expense.ask_when", ctx.lang), missing="when")
    if when.rule:
        every = re.sub(r"\s+(?:à|at)\s+\d[\w: ]*$", "", when.every or "")  # money has no time of day
        return service.recurring_start(when.rule, on_or_before=today), when.rule, every
    day = when.at.date()
    if day > today:
        said = next((m.said for m in parse(words, now=ctx.said, lang=ctx.lang) if m.kind == "instant"), frozenset())
        if "weekday" in said and day - today <= timedelta(days=7):
            day -= timedelta(days=7)
        elif day.year > today.year:  # a date without a year comes next year: for an expense, this year's
            day = _year_before(day)
        else:
            raise NeedsAnswer(t("expense.ask_when", ctx.lang), missing="when")
    return day, None, None


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _date_text(day: date, lang: str) -> str:
    month = t("expense.months", lang).split(",")[day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month}"
    return f"{month} {day.day}"


def _when_text(ctx: ToolContext, day: date) -> str:
    today = ctx.said.date()
    if day == today:
        return ""
    if day == today - timedelta(days=1):
        return t("expense.when.yesterday", ctx.lang)
    return t("expense.when.day", ctx.lang, day=_date_text(day, ctx.lang))


def _category_name(category: ExpenseCategory | None, lang: str) -> str:
    return category.name if category is not None else t("expense.uncategorised", lang)


def _about(expense: Expense) -> dict[str, Any]:
    return {
        "id": str(expense.id),
        "amount": str(expense.amount),
        "currency": expense.currency,
        "description": expense.description,
        "spent_on": expense.spent_on.isoformat(),
        "category_id": str(expense.category_id) if expense.category_id else None,
        "recurrence": expense.recurrence,
    }


# --- handlers ----------------------------------------------------------------------------------------------------
def add_expense(ctx: ToolContext, args: AddExpense) -> ToolResult:
    what = args.description.strip()
    value, currency = _money(
        ctx, args.amount, args.currency, ask="expense.ask_amount_for" if what else "expense.ask_amount", what=what
    )
    day, rule, every = _day(ctx, args.when)
    try:
        added = service.add(
            ctx.session,
            user=ctx.user,
            now=ctx.now,
            amount=value,
            currency=currency,
            description=what or None,
            category=args.category.strip() or None,
            spent_on=day,
            payment_method=args.payment_method.strip() or None,
            recurrence=rule,
            source_message_id=ctx.message_id,
            lang=ctx.lang,
        )
    except InvalidInput as err:
        if err.field == "spent_on":
            raise NeedsAnswer(t("expense.ask_when", ctx.lang), missing="when") from err
        raise
    expense = added.expense
    amount = format_money(expense.amount, expense.currency, ctx.lang)
    category = _category_name(added.category, ctx.lang)
    shown = what or category
    if rule:
        say = fit_field(
            lambda w: t(
                "expense.added_recurring", ctx.lang, amount=amount, every=f"({every})", what=w, category=category
            ),
            shown,
        )
    else:
        when = _when_text(ctx, expense.spent_on)
        say = fit_field(
            lambda w: t("expense.added", ctx.lang, amount=amount, what=w, category=category, when=when), shown
        )
    return ToolResult(say=say, data=_about(expense) | {"alert": added.alert}, refs=[expense.id])


def _period(ctx: ToolContext, words: str) -> tuple[date, date]:
    """[start, end) of the period the words name, looking back: "février" said in March is this February,
    "depuis le début du mois" runs to today. No period, or none readable: this month."""
    today = ctx.said.date()
    folded = words.lower()
    for m in parse(words, now=ctx.said, lang=ctx.lang) if words.strip() else []:
        if m.kind == "interval" and m.value is not None and m.end_value is not None:
            start, end = m.value.date(), m.end_value.date()
            if m.grain in ("month", "year") and start > today:
                start, end = _year_before(start), _year_before(end)
            return start, end
        if m.kind == "open_interval" and m.value is not None and m.direction == "after":
            return m.value.date(), max(m.value.date(), today) + timedelta(days=1)
        if m.kind == "instant" and m.value is not None and m.grain in ("day", "hour", "minute"):
            day = m.value.date()
            if day > today and "weekday" in m.said:
                day -= timedelta(days=7)
            return day, day + timedelta(days=1)
    if any(w in folded for w in ("semaine", "week", "sem ")):
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=7)
    if any(w in folded for w in ("annee", "année", "year")):
        return date(today.year, 1, 1), date(today.year + 1, 1, 1)
    if any(w in folded for w in ("aujourd", "today", "auj")):
        return today, today + timedelta(days=1)
    start = service.month_of(today)
    return start, service.next_month(start)


def _period_text(ctx: ToolContext, start: date, end: date) -> str:
    today = ctx.said.date()
    monday = today - timedelta(days=today.weekday())
    if start == service.month_of(today) and end == service.next_month(start):
        return t("expense.period.this_month", ctx.lang)
    if start == monday and end == monday + timedelta(days=7):
        return t("expense.period.this_week", ctx.lang)
    if start == today and end == today + timedelta(days=1):
        return t("expense.period.today", ctx.lang)
    if start.day == 1 and end == service.next_month(start):
        month = t("expense.months", ctx.lang).split(",")[start.month - 1]
        return t("expense.period.month", ctx.lang, month=month if start.year == today.year else f"{month} {start.year}")
    if start.weekday() == 0 and end == start + timedelta(days=7):
        return t("expense.period.week", ctx.lang, day=_date_text(start, ctx.lang))
    last = end - timedelta(days=1)
    return t("expense.period.range", ctx.lang, start=_date_text(start, ctx.lang), end=_date_text(last, ctx.lang))


def _totals_text(totals: dict[str, Decimal], lang: str) -> str:
    parts = [format_money(v, c, lang) for c, v in sorted(totals.items(), key=lambda kv: -kv[1])]
    joiner = " et " if lang == "fr" else " and "
    return joiner.join(parts)


def expense_summary(ctx: ToolContext, args: ExpenseSummary) -> ToolResult:
    start, end = _period(ctx, args.period)
    period = _period_text(ctx, start, end)
    asked = args.category.strip()
    chosen = service.find_categories(ctx.session, user=ctx.user, words=asked) if asked else []
    if asked and not chosen:
        say = fit_field(lambda w: t("expense.summary_none_category", ctx.lang, period=period, category=w), asked)
        return ToolResult(say=say, data={"start": start.isoformat(), "end": end.isoformat(), "totals": {}})
    found = service.summary(
        ctx.session, user=ctx.user, now=ctx.now, start=start, end=end, category_ids=[c.id for c in chosen] or None
    )
    data: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "totals": {c: str(v) for c, v in found.totals.items()},
        "by_category": [
            {
                "category": line.category.name if line.category else None,
                "currency": line.currency,
                "total": str(line.total),
            }
            for line in found.lines
        ],
    }
    if not found.totals:
        key = "expense.summary_none_category" if asked else "expense.summary_none"
        name = chosen[0].name if len(chosen) == 1 and not service.is_group(asked) else asked
        return ToolResult(say=t(key, ctx.lang, period=period, category=name), data=data)
    totals = _totals_text(found.totals, ctx.lang)
    if asked:
        budget = ""
        whole_month = start.day == 1 and end == service.next_month(start)
        if len(chosen) == 1 and chosen[0].monthly_budget and whole_month and chosen[0].currency in found.totals:
            spent = found.totals[chosen[0].currency]
            budget = t(
                "expense.summary_budget",
                ctx.lang,
                percent=int(spent * 100 / chosen[0].monthly_budget),
                budget=format_money(chosen[0].monthly_budget, chosen[0].currency, ctx.lang),
            )
        name = chosen[0].name if len(chosen) == 1 and not service.is_group(asked) else asked
        say = t("expense.summary_category", ctx.lang, period=period, category=name, totals=totals, budget=budget)
        return ToolResult(say=say, data=data)
    lines = [
        f"{_category_name(line.category, ctx.lang)} {format_money(line.total, line.currency, ctx.lang)}"
        for line in found.lines
    ]
    recurring = [
        f"{s.description or _category_name(None, ctx.lang)} {format_money(s.amount, s.currency, ctx.lang)}"
        for s in found.recurring
    ]
    head = t("expense.summary", ctx.lang, period=period, totals=totals)
    for keep in range(min(len(lines), 5), -1, -1):
        parts = [head]
        if keep and len(found.lines) > 1:
            parts.append(t("expense.summary_lines", ctx.lang, lines=", ".join(lines[:keep])))
        if recurring:
            parts.append(t("expense.summary_recurring", ctx.lang, items=", ".join(recurring[:3])))
        say = " ".join(parts)
        if count_segments(say) <= 2:
            break
    return ToolResult(say=say, data=data)


def set_budget(ctx: ToolContext, args: SetBudget) -> ToolResult:
    category = args.category.strip()
    if not category:
        raise NeedsAnswer(t("expense.ask_budget_category", ctx.lang), missing="category")
    value, currency = _money(ctx, args.amount, args.currency, ask="expense.ask_budget_amount", what=category)
    budget = service.set_budget(
        ctx.session, user=ctx.user, now=ctx.now, category=category, amount=value, currency=currency, lang=ctx.lang
    )
    found = budget.category
    amount = format_money(value, found.currency, ctx.lang)
    if budget.spent:
        spent = format_money(budget.spent, found.currency, ctx.lang)
        say = t("expense.budget_set", ctx.lang, category=found.name, amount=amount, spent=spent, percent=budget.percent)
    else:
        say = t("expense.budget_set_fresh", ctx.lang, category=found.name, amount=amount)
    data = {
        "category_id": str(found.id),
        "category": found.name,
        "monthly_budget": str(value),
        "currency": found.currency,
    }
    return ToolResult(say=say, data=data | {"spent": str(budget.spent)}, refs=[found.id])


def delete_last_expense(ctx: ToolContext, args: DeleteLastExpense) -> ToolResult:
    gone = service.delete_last(ctx.session, user=ctx.user)
    what = gone.description or t("expense.no_description", ctx.lang)
    amount = format_money(gone.amount, gone.currency, ctx.lang)
    say = fit_field(lambda w: t("expense.deleted", ctx.lang, amount=amount, what=w), what)
    return ToolResult(say=say, data=_about(gone) | {"deleted": True})


def recategorise_expense(ctx: ToolContext, args: Recategorise) -> ToolResult:
    if not args.category.strip():
        if args.expense_id is None:
            service.last_added(ctx.session, user=ctx.user)  # nothing to move: say so rather than ask
        raise NeedsAnswer(t("expense.ask_category", ctx.lang), missing="category")
    changed = service.recategorise(
        ctx.session, user=ctx.user, now=ctx.now, words=args.category, lang=ctx.lang, expense_id=args.expense_id
    )
    expense = changed.expense
    what = expense.description or t("expense.no_description", ctx.lang)
    amount = format_money(expense.amount, expense.currency, ctx.lang)
    category = _category_name(changed.category, ctx.lang)
    say = fit_field(lambda w: t("expense.recategorised", ctx.lang, what=w, amount=amount, category=category), what)
    return ToolResult(say=say, data=_about(expense), refs=[expense.id])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_expense",
            description={
                "en": "Record money the person spent (amount as written, currency if said, what for, when). "
                "The category is guessed from the words unless given.",
                "fr": "Noter une dépense (montant tel qu'écrit, devise si elle est dite, pour quoi, quand). "
                "La catégorie est devinée d'après les mots, sauf si elle est donnée.",
            },
            args=AddExpense,
            handler=add_expense,
            writes=True,
            domain="expenses",
            examples={
                "fr": ("12€ de pharmacie", "hier 45 balles chez le coiffeur", "loyer 800 € tous les mois"),
                "en": ("spent $30 on gas", "lunch 12.50", "yesterday 45 bucks haircut"),
            },
        )
    )
    tools.add(
        Tool(
            name="expense_summary",
            description={
                "en": "Say how much the person spent over a period (this month by default), per currency, "
                "optionally for one category, with the budget when there is one.",
                "fr": "Dire combien la personne a dépensé sur une période (ce mois-ci par défaut), par devise, "
                "éventuellement pour une catégorie, avec le budget s'il y en a un.",
            },
            args=ExpenseSummary,
            handler=expense_summary,
            writes=False,
            domain="expenses",
            examples={
                "fr": ("combien j'ai dépensé ce mois-ci ?", "combien en resto cette semaine"),
                "en": ("how much did I spend this week on food", "spending summary"),
            },
        )
    )
    tools.add(
        Tool(
            name="set_budget",
            description={
                "en": "Set a category's monthly budget; Boussole texts a warning at 80 % and 100 %.",
                "fr": "Fixer le budget mensuel d'une catégorie ; Boussole prévient par SMS à 80 % et à 100 %.",
            },
            args=SetBudget,
            handler=set_budget,
            writes=True,
            domain="expenses",
            examples={"fr": ("budget resto 150€ par mois",), "en": ("set a $300 grocery budget",)},
        )
    )
    tools.add(
        Tool(
            name="delete_last_expense",
            description={
                "en": "Delete the expense the person recorded last.",
                "fr": "Supprimer la dernière dépense notée.",
            },
            args=DeleteLastExpense,
            handler=delete_last_expense,
            writes=True,
            domain="expenses",
            examples={"fr": ("annule la dernière dépense",), "en": ("delete my last expense",)},
        )
    )
    tools.add(
        Tool(
            name="recategorise_expense",
            description={
                "en": "Move an expense (the last one unless given) to another category.",
                "fr": "Changer la catégorie d'une dépense (la dernière, sauf si elle est donnée).",
            },
            args=Recategorise,
            handler=recategorise_expense,
            writes=True,
            domain="expenses",
            examples={"fr": ("mets la dernière dépense dans loisirs",), "en": ("put the last expense under gifts",)},
        )
    )
