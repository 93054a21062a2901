"""Expenses and budgets: the behaviour. Add an expense (exact decimal, currency, date, category guessed from
the words, payment method, optional recurrence), change or remove one, categories with a monthly budget,
totals per currency for any period, and the warning SMS when a category passes 80 % and 100 % of its
budget (once each per category and month). Keyword-only `session`, `user`, `now`; one DomainError type."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.brains.offline._lexicon import fold
from shared.db.paging import Cursor, Page
from shared.errors import Conflict, InvalidInput, NotFound
from shared.expenses import repository as repo
from shared.expenses.models import PAYMENT_METHODS, Expense, ExpenseCategory
from shared.expenses.money import DEFAULT_BY_LANGUAGE, check_amount, format_money, is_currency
from shared.i18n.messages import t
from shared.users.models import User

EARLIEST = date(2000, 1, 1)
MAX_DESCRIPTION = 500
THRESHOLDS = (80, 100)

# Categories guessed from the words, French and English (folded). Each kind: its name in both languages,
# then the words that point at it. Found as whole words; a trailing plural "s" is ignored.
KINDS: dict[str, tuple[str, str, str]] = {
    "restaurant": (
        "restaurants",
        "restaurants",
        "resto, restau, restaurant, brasserie, bistrot, bistro, cantine, dej, dejeuner, diner, brunch, kebab,"
        " pizza, pizzeria, sushi, burger, mcdo, macdo, mcdonald, kfc, traiteur, sandwich, cafe, bar, pub, apero,"
        " biere, lunch, dinner, breakfast, coffee, starbucks, takeout, takeaway, eating out, dining out, food truck,"
        " uber eats, deliveroo, doordash, grubhub, drinks",
    ),
    "groceries": (
        "courses",
        "groceries",
        "courses, supermarche, supermarket, epicerie, grocery, groceries, hypermarche, carrefour, leclerc, auchan,"
        " lidl, aldi, monoprix, franprix, intermarche, super u, biocoop, picard, marche, market, boulangerie,"
        " bakery, boucherie, butcher, fromagerie, primeur, walmart, costco, kroger, safeway, trader joe,"
        " whole foods",
    ),
    "health": (
        "santé",
        "health",
        "pharmacie, pharma, medecin, docteur, dentiste, kine, osteo, psy, ophtalmo, opticien, lunettes, mutuelle,"
        " hopital, medicaments, labo, analyses, sante, pharmacy, drugstore, cvs, walgreens, doctor, dentist,"
        " therapist, therapy, meds, medicine, prescription, copay, health, optician, glasses",
    ),
    "transport": (
        "transports",
        "transport",
        "essence, carburant, gasoil, diesel, plein, taxi, uber, vtc, bolt, lyft, metro, bus, train, sncf, tgv,"
        " ouigo, navigo, peage, parking, stationnement, velib, trottinette, avion, billet de train, billet d'avion,"
        " transports, transport, gas, fuel, gasoline, subway, transit, toll, flight, cab, car wash",
    ),
    "housing": (
        "logement",
        "housing",
        "loyer, charges, edf, electricite, gaz, eau, internet, box, wifi, logement, assurance habitation, rent,"
        " mortgage, electricity, electric bill, water bill, utilities, housing",
    ),
    "leisure": (
        "loisirs",
        "entertainment",
        "cine, cinema, film, theatre, concert, spectacle, musee, expo, sortie, sorties, loisirs, netflix, spotify,"
        " disney, jeux, jeu video, bowling, livre, livres, sport, salle de sport, movie, movies, show, museum,"
        " going out, night out, entertainment, fun, games, video game, steam, books, book, gym",
    ),
    "clothes": (
        "vêtements",
        "clothes",
        "vetements, vetement, fringues, habits, chaussures, baskets, zara, uniqlo, h&m, pull, jean, jeans, veste,"
        " manteau, clothes, clothing, shoes, sneakers, shirt, tshirt, jacket, coat",
    ),
    "care": (
        "soins",
        "personal care",
        "coiffeur, coiffure, barbier, esthetique, manucure, cosmetiques, maquillage, haircut, hair, barber, nails,"
        " makeup, personal care",
    ),
    "shopping": (
        "achats",
        "shopping",
        "amazon, fnac, ikea, darty, achats, achat, cadeau, cadeaux, casque, shopping, gift, gifts, headphones",
    ),
}
OTHER = "other"
LABELS = {OTHER: ("divers", "other")}
# Words for more than one kind, in questions: "how much on food" counts eating out and groceries.
GROUPS = {
    "food": ("restaurant", "groceries"),
    "bouffe": ("restaurant", "groceries"),
    "nourriture": ("restaurant", "groceries"),
    "alimentation": ("restaurant", "groceries"),
    "manger": ("restaurant", "groceries"),
}
PAYMENT_WORDS = {
    "card": "carte, cb, visa, mastercard, amex, card, credit card, debit card",
    "cash": "especes, espece, liquide, cash",
    "transfer": "virement, transfer, wire",
    "cheque": "cheque, check",
    "direct_debit": "prelevement, direct debit, autopay",
    "mobile": "paypal, lydia, apple pay, google pay, venmo, zelle",
}


def _phrases() -> list[tuple[str, str]]:
    pairs = [
        (re.sub(r"[^a-z0-9&]+", " ", word).strip(), kind)
        for kind, (_, _, words) in KINDS.items()
        for word in words.split(",")
        if word.strip()
    ]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


_KIND_PHRASES = _phrases()


def kind_of(words: str) -> str | None:
    """The kind the words point at ("resto" -> "restaurant", "gas" -> "transport"), or None."""
    folded = " " + re.sub(r"[^a-z0-9&]+", " ", fold(words)) + " "
    singular = " " + " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in folded.split()) + " "
    for phrase, kind in _KIND_PHRASES:
        if f" {phrase} " in folded or f" {phrase} " in singular:
            return kind
    return None


def label(kind: str, lang: str) -> str:
    fr, en = LABELS[kind] if kind in LABELS else KINDS[kind][:2]
    return fr if lang == "fr" else en


def payment_method_of(words: str) -> str | None:
    """card, cash, transfer, cheque, direct_debit, mobile or other, from words ("en CB", "cash") or a code."""
    folded = " " + re.sub(r"[^a-z_]+", " ", fold(words)) + " "
    if folded.strip() in PAYMENT_METHODS:
        return folded.strip()
    for method, names in PAYMENT_WORDS.items():
        for name in names.split(", "):
            if f" {name} " in folded:
                return method
    return None


def default_currency(session: Session, *, user: User, lang: str | None = None) -> str:
    """The person's currency setting, else EUR in French and USD in English (docs/words.md)."""
    return repo.currency_setting(session, user.id) or DEFAULT_BY_LANGUAGE.get(lang or user.language, "EUR")


def today(user: User, now: datetime) -> date:
    return now.astimezone(ZoneInfo(user.timezone)).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


# --- checks --------------------------------------------------------------------------------------------------
def checked_amount(amount: Decimal, *, field: str = "amount") -> Decimal:
    value = check_amount(amount)
    if value is None:
        raise InvalidInput("expense.bad_amount", key="expense.bad_amount", field=field)
    return value


def checked_currency(code: str, *, field: str = "currency") -> str:
    if not is_currency(code.strip().upper()):
        raise InvalidInput("expense.unknown_currency", key="expense.unknown_currency", field=field, given=code[:10])
    return code.strip().upper()


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def plain(text: str) -> str:
    """Words as stored: no control characters (Postgres refuses NUL), single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def checked_name(name: str) -> str:
    clean = plain(name).strip(" .,;:!?").lower()
    if not clean or len(clean) > 64:
        raise InvalidInput("expense.bad_category", key="expense.bad_category", field="name")
    return clean


def _checked_date(day: date, *, user: User, now: datetime, recurring: bool) -> date:
    if day < EARLIEST or (not recurring and day > today(user, now) + timedelta(days=1)):
        raise InvalidInput("expense.bad_date", key="expense.bad_date", field="spent_on")
    return day


def _checked_rule(rule: str, start: date) -> str:
    """A recurrence as stored: DTSTART at the first day, then the RRULE line (validated)."""
    line = next((part for part in rule.replace("\\n", "\n").splitlines() if part.upper().startswith("RRULE:")), rule)
    line = line.strip()
    line = line[6:] if line.upper().startswith("RRULE:") else line
    stored = f"DTSTART:{start:%Y%m%d}T090000\nRRULE:{line}"
    try:
        from dateutil.rrule import rrulestr

        rrulestr(stored)
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput("expense.bad_rule", key="expense.bad_rule", field="recurrence") from exc
    if not line or len(line) > 300:
        raise InvalidInput("expense.bad_rule", key="expense.bad_rule", field="recurrence")
    return stored


def recurring_start(rule: str, *, on_or_before: date) -> date:
    """The first day of a series said now ("loyer 800 € tous les mois"): its latest occurrence up to today
    when that is the one just before the next (what was just paid), else its next occurrence."""
    from dateutil.relativedelta import relativedelta
    from dateutil.rrule import rrulestr

    first = next(iter(rrulestr(rule)), None)
    if first is None:
        return on_or_before
    freq = re.search(r"FREQ=(\w+)", rule)
    interval = re.search(r"INTERVAL=(\d+)", rule)
    units = {"YEARLY": relativedelta(years=1), "MONTHLY": relativedelta(months=1), "WEEKLY": relativedelta(weeks=1)}
    step = units.get(freq.group(1) if freq else "", relativedelta(days=1)) * (int(interval.group(1)) if interval else 1)
    line = rule.split("RRULE:", 1)[-1]
    earlier = rrulestr(f"DTSTART:{first - step:%Y%m%dT%H%M%S}\nRRULE:{line}")
    before = earlier.before(first)
    if before is not None and before.date() <= on_or_before:
        return before.date()
    return first.date()


def occurrences(expense: Expense, *, start: date, end: date) -> int:
    """How many times a recurring expense happened in [start, end)."""
    if expense.recurrence is None:
        return 1 if start <= expense.spent_on < end else 0
    from dateutil.rrule import rrulestr

    low = max(start, expense.spent_on)
    if low >= end:
        return 0
    series = rrulestr(expense.recurrence)
    found = series.between(datetime.combine(low, time.min), datetime.combine(end, time.min), inc=True)
    return sum(1 for d in found if low <= d.date() < end)


# --- categories ----------------------------------------------------------------------------------------------
def is_group(words: str) -> bool:
    """Words that name several kinds at once ("food": eating out and groceries)."""
    folded = fold(words)
    return any(re.search(rf"\b{word}\b", folded) for word in GROUPS)


def find_categories(session: Session, *, user: User, words: str) -> list[ExpenseCategory]:
    """The person's categories the words name: by name, else by kind ("resto" finds "restaurants"), "food"
    finds eating out and groceries."""
    name = plain(words).strip(" .,;:!?").lower()
    if not name:
        return []
    mine = repo.categories(session, user.id)
    exact = [c for c in mine if fold(c.name) == fold(name)]
    if exact:
        return exact
    folded = fold(name)
    group = next((kinds for word, kinds in GROUPS.items() if re.search(rf"\b{word}\b", folded)), None)
    kinds = group or ((kind_of(name),) if kind_of(name) else ())
    return [c for c in mine if c.kind in kinds]


def category_for(
    session: Session,
    *,
    user: User,
    now: datetime,
    words: str,
    lang: str,
    currency: str | None = None,
    guessed: bool = False,
) -> ExpenseCategory:
    """The category the words name, created when the person has none yet: named with the person's own words
    when they chose it ("budget sorties"), with the kind's name in their language when it was guessed."""
    found = find_categories(session, user=user, words=words)
    if found:
        return found[0]
    kind = kind_of(words)
    name = label(kind, lang) if kind and guessed else checked_name(words)
    existing = repo.category_named(session, user.id, name)
    if existing is not None:
        return existing
    return _create_category(
        session,
        user=user,
        now=now,
        name=name,
        kind=kind or (OTHER if name in LABELS[OTHER] else None),
        currency=currency or default_currency(session, user=user, lang=lang),
    )


def _create_category(
    session: Session,
    *,
    user: User,
    now: datetime,
    name: str,
    kind: str | None,
    currency: str,
    monthly_budget: Decimal | None = None,
) -> ExpenseCategory:
    new_id = repo.add_category(
        session, user_id=user.id, now=now, name=name, kind=kind, currency=currency, monthly_budget=monthly_budget
    )
    found = repo.category(session, user.id, new_id) if new_id else repo.category_named(session, user.id, name)
    assert found is not None
    return found


def get_category(session: Session, *, user: User, category_id: uuid.UUID, lock: bool = False) -> ExpenseCategory:
    found = repo.category(session, user.id, category_id, lock=lock)
    if found is None:
        raise NotFound("expense.category_not_found", key="expense.category_gone")
    return found


def categories(session: Session, *, user: User) -> list[ExpenseCategory]:
    return repo.categories(session, user.id)


def page_categories(session: Session, *, user: User, cursor: Cursor | None, limit: int) -> Page[ExpenseCategory]:
    return repo.page_categories(session, user.id, cursor=cursor, limit=limit)


def create_category(
    session: Session,
    *,
    user: User,
    now: datetime,
    name: str,
    monthly_budget: Decimal | None = None,
    currency: str | None = None,
) -> ExpenseCategory:
    """A new category (Conflict when the person already has one by that name)."""
    clean = checked_name(name)
    budget = checked_amount(monthly_budget, field="monthly_budget") if monthly_budget is not None else None
    code = checked_currency(currency) if currency else default_currency(session, user=user)
    new_id = repo.add_category(
        session, user_id=user.id, now=now, name=clean, kind=kind_of(clean), currency=code, monthly_budget=budget
    )
    if new_id is None:
        raise Conflict("expense.category_exists", key="expense.category_exists", name=clean)
    return get_category(session, user=user, category_id=new_id)


def update_category(
    session: Session,
    *,
    user: User,
    now: datetime,
    category_id: uuid.UUID,
    name: str | None = None,
    monthly_budget: Decimal | None = None,
    clear_budget: bool = False,
    currency: str | None = None,
) -> ExpenseCategory:
    found = get_category(session, user=user, category_id=category_id, lock=True)
    if name is not None:
        clean = checked_name(name)
        other = repo.category_named(session, user.id, clean)
        if other is not None and other.id != found.id:
            raise Conflict("expense.category_exists", key="expense.category_exists", name=clean)
        found.name, found.kind = clean, kind_of(clean) or found.kind
    if currency is not None:
        found.currency = checked_currency(currency)
    if clear_budget:
        found.monthly_budget = None
    elif monthly_budget is not None:
        found.monthly_budget = checked_amount(monthly_budget, field="monthly_budget")
    found.updated_at = now
    session.flush()
    _check_budget(session, user=user, now=now, category=found, expense_id=None, notify=False)
    return found


def delete_category(session: Session, *, user: User, category_id: uuid.UUID) -> None:
    """Remove a category; its expenses stay, uncategorised."""
    repo.remove_category(session, get_category(session, user=user, category_id=category_id))


# --- expenses ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Added:
    expense: Expense
    category: ExpenseCategory | None
    alert: int | None = None  # the threshold whose warning was queued by this expense


def add(
    session: Session,
    *,
    user: User,
    now: datetime,
    amount: Decimal,
    currency: str | None = None,
    description: str | None = None,
    category: str | None = None,
    category_id: uuid.UUID | None = None,
    spent_on: date | None = None,
    payment_method: str | None = None,
    recurrence: str | None = None,
    source_message_id: uuid.UUID | None = None,
    lang: str | None = None,
) -> Added:
    """Record an expense for `user`: category by id, by words, or guessed from the description."""
    value = checked_amount(amount)
    code = checked_currency(currency) if currency else default_currency(session, user=user, lang=lang)
    text = plain(description or "")[:MAX_DESCRIPTION] or None
    day = _checked_date(spent_on or today(user, now), user=user, now=now, recurring=bool(recurrence))
    rule = _checked_rule(recurrence, day) if recurrence else None
    method = _checked_method(payment_method)
    lang = lang or user.language
    if category_id is not None:
        chosen: ExpenseCategory | None = get_category(session, user=user, category_id=category_id)
    elif category and category.strip():
        chosen = category_for(session, user=user, now=now, words=category, lang=lang, currency=code)
    else:
        kind = kind_of(text or "") or OTHER
        chosen = category_for(
            session, user=user, now=now, words=label(kind, lang), lang=lang, currency=code, guessed=True
        )
    new_id = repo.add(
        session,
        user_id=user.id,
        now=now,
        amount=value,
        currency=code,
        description=text,
        spent_on=day,
        category_id=chosen.id if chosen else None,
        payment_method=method,
        recurrence=rule,
        source_message_id=source_message_id,
    )
    if new_id is None:  # this message already added it (a replayed turn): that one, no second warning
        assert source_message_id is not None
        same = [
            e
            for e in repo.by_source(session, user.id, source_message_id, amount=value, currency=code)
            if (e.description or None) == text
        ]
        if not same:
            raise Conflict("expense.duplicate", key="expense.duplicate")
        return Added(same[0], chosen)
    expense = repo.get(session, user.id, new_id)
    assert expense is not None
    alert = None
    if chosen is not None and (rule or month_of(day) == month_of(today(user, now))):
        alert = _check_budget(session, user=user, now=now, category=chosen, expense_id=expense.id)
    return Added(expense, chosen, alert)


def _checked_method(words: str | None) -> str | None:
    if not words or not words.strip():
        return None
    method = payment_method_of(words)
    if method is None:
        raise InvalidInput("expense.bad_payment", key="expense.bad_payment", field="payment_method")
    return method


def get(session: Session, *, user: User, expense_id: uuid.UUID, lock: bool = False) -> Expense:
    """One of the person's expenses (NotFound for anyone else's)."""
    found = repo.get(session, user.id, expense_id, lock=lock)
    if found is None:
        raise NotFound("expense.not_found", key="expense.not_found")
    return found


def page(
    session: Session,
    *,
    user: User,
    start: date | None = None,
    end: date | None = None,
    category_id: uuid.UUID | None = None,
    currency: str | None = None,
    sort: str = "-date",
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[Expense]:
    if start is not None and end is not None and end < start:
        raise InvalidInput("expense.bad_range", key="expense.bad_date", field="to")
    if currency is not None:
        currency = checked_currency(currency)
    return repo.page_for_user(
        session,
        user.id,
        start=start,
        end=end,
        category_id=category_id,
        currency=currency,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    expense_id: uuid.UUID,
    changes: dict[str, object],
) -> Expense:
    """Change an expense's fields (amount, currency, description, category_id, spent_on, payment_method,
    recurrence); every value is checked before anything is written."""
    expense = get(session, user=user, expense_id=expense_id, lock=True)
    values: dict[str, object] = {}
    if "amount" in changes:
        values["amount"] = checked_amount(changes["amount"])  # type: ignore[arg-type]
    if "currency" in changes:
        values["currency"] = checked_currency(str(changes["currency"]))
    if "description" in changes:
        values["description"] = plain(str(changes["description"] or ""))[:MAX_DESCRIPTION] or None
    if "category_id" in changes:
        wanted = changes["category_id"]
        values["category_id"] = (
            get_category(session, user=user, category_id=wanted).id if isinstance(wanted, uuid.UUID) else None
        )
    if "payment_method" in changes:
        values["payment_method"] = _checked_method(changes["payment_method"])  # type: ignore[arg-type]
    rule = changes.get("recurrence", expense.recurrence) if "recurrence" in changes else expense.recurrence
    if "spent_on" in changes:
        values["spent_on"] = _checked_date(changes["spent_on"], user=user, now=now, recurring=bool(rule))  # type: ignore[arg-type]
    if "recurrence" in changes or "spent_on" in changes:
        day = values.get("spent_on", expense.spent_on)
        values["recurrence"] = _checked_rule(str(rule), day) if rule else None  # type: ignore[arg-type]
    for name, value in values.items():
        setattr(expense, name, value)
    expense.updated_at = now
    session.flush()
    if expense.category_id is not None:
        chosen = get_category(session, user=user, category_id=expense.category_id)
        _check_budget(session, user=user, now=now, category=chosen, expense_id=expense.id)
    return expense


def last_added(session: Session, *, user: User) -> Expense:
    """The expense the person added last (NotFound when there is none yet)."""
    last = repo.last_added(session, user.id)
    if last is None:
        raise NotFound("expense.none", key="expense.none_yet")
    return last


def recategorise(
    session: Session, *, user: User, now: datetime, words: str, lang: str, expense_id: uuid.UUID | None = None
) -> Added:
    """Put an expense (the last one unless named) in the category the words name."""
    expense = (
        get(session, user=user, expense_id=expense_id, lock=True) if expense_id else repo.last_added(session, user.id)
    )
    if expense is None:
        raise NotFound("expense.none", key="expense.none_yet")
    chosen = category_for(session, user=user, now=now, words=words, lang=lang, currency=expense.currency)
    expense.category_id = chosen.id
    expense.updated_at = now
    session.flush()
    alert = _check_budget(session, user=user, now=now, category=chosen, expense_id=expense.id)
    return Added(expense, chosen, alert)


def delete(session: Session, *, user: User, expense_id: uuid.UUID) -> None:
    repo.remove(session, get(session, user=user, expense_id=expense_id))


def delete_last(session: Session, *, user: User) -> Expense:
    """Remove the expense the person added last ("annule la dernière dépense")."""
    last = repo.last_added(session, user.id)
    if last is None:
        raise NotFound("expense.none", key="expense.none_yet")
    repo.remove(session, last)
    return last


# --- totals --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    category: ExpenseCategory | None
    currency: str
    total: Decimal
    count: int


@dataclass
class Summary:
    start: date
    end: date  # exclusive
    totals: dict[str, Decimal] = field(default_factory=dict)  # per currency, never added across them
    lines: list[Line] = field(default_factory=list)  # per category and currency, largest first
    recurring: list[Expense] = field(default_factory=list)  # the series that count in the period
    count: int = 0
    categories: list[ExpenseCategory] = field(default_factory=list)  # those asked about, if any


def summary(
    session: Session,
    *,
    user: User,
    now: datetime,
    start: date,
    end: date,
    category_ids: list[uuid.UUID] | None = None,
    currency: str | None = None,
) -> Summary:
    """What the person spent in [start, end) (their local dates), per currency and per category: the one-off
    expenses, plus each recurring one's occurrences up to today."""
    if end <= start:
        raise InvalidInput("expense.bad_range", key="expense.bad_date", field="date")
    found = Summary(start=start, end=end)
    sums: dict[tuple[uuid.UUID | None, str], tuple[Decimal, int]] = {}
    for category_id, code, total, n in repo.totals(
        session, user.id, start=start, end=end, category_ids=category_ids, currency=currency
    ):
        sums[(category_id, code)] = (total, n)
    counted_until = min(end, today(user, now) + timedelta(days=1))
    for series in repo.recurring(session, user.id, before=end, category_ids=category_ids, currency=currency):
        n = occurrences(series, start=start, end=counted_until)
        if n:
            found.recurring.append(series)
            total, count = sums.get((series.category_id, series.currency), (Decimal(0), 0))
            sums[(series.category_id, series.currency)] = (total + series.amount * n, count + n)
    named = {c.id: c for c in repo.categories(session, user.id)}
    for (category_id, code), (total, n) in sums.items():
        found.lines.append(Line(named.get(category_id) if category_id else None, code, total, n))
        found.totals[code] = found.totals.get(code, Decimal(0)) + total
        found.count += n
    found.lines.sort(key=lambda line: (-line.total, line.currency))
    found.categories = [named[i] for i in category_ids or [] if i in named]
    return found


def month_total(session: Session, *, user: User, now: datetime, category: ExpenseCategory, month: date) -> Decimal:
    """A category's total for a month in its budget's currency (other currencies are not converted)."""
    found = summary(
        session,
        user=user,
        now=now,
        start=month,
        end=next_month(month),
        category_ids=[category.id],
        currency=category.currency,
    )
    return found.totals.get(category.currency, Decimal(0))


# --- budgets -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    category: ExpenseCategory
    spent: Decimal  # this month, in the budget's currency

    @property
    def percent(self) -> int:
        assert self.category.monthly_budget is not None
        return int(self.spent * 100 / self.category.monthly_budget)


def set_budget(
    session: Session,
    *,
    user: User,
    now: datetime,
    category: str,
    amount: Decimal,
    currency: str | None = None,
    lang: str | None = None,
) -> Budget:
    """A monthly budget for the category the words name (created if needed). Thresholds already passed this
    month are recorded without a warning SMS: the answer says where the month stands."""
    value = checked_amount(amount)
    lang = lang or user.language
    chosen = category_for(session, user=user, now=now, words=category, lang=lang, currency=currency)
    if currency:
        chosen.currency = checked_currency(currency)
    elif chosen.monthly_budget is None:
        chosen.currency = default_currency(session, user=user, lang=lang)
    chosen.monthly_budget = value
    chosen.updated_at = now
    session.flush()
    _check_budget(session, user=user, now=now, category=chosen, expense_id=None, notify=False)
    month = month_of(today(user, now))
    return Budget(chosen, month_total(session, user=user, now=now, category=chosen, month=month))


def budget_status(session: Session, *, user: User, now: datetime, category: ExpenseCategory) -> Budget:
    return Budget(
        category, month_total(session, user=user, now=now, category=category, month=month_of(today(user, now)))
    )


def _check_budget(
    session: Session,
    *,
    user: User,
    now: datetime,
    category: ExpenseCategory,
    expense_id: uuid.UUID | None,
    notify: bool = True,
) -> int | None:
    """Record the thresholds this month's total has passed; queue one warning SMS for the highest newly
    passed one (its outbox key and the alerts' unique key keep it to once). The threshold warned, or None."""
    budget = category.monthly_budget
    if budget is None:
        return None
    month = month_of(today(user, now))
    total = month_total(session, user=user, now=now, category=category, month=month)
    crossed = [th for th in THRESHOLDS if total * 100 >= budget * th]
    new = repo.record_alerts(
        session,
        user_id=user.id,
        category_id=category.id,
        month=month,
        thresholds=crossed,
        currency=category.currency,
        budget=budget,
        total=total,
        expense_id=expense_id,
        now=now,
    )
    if not new or not notify:
        return None
    top = max(new)
    if user.phone:
        from shared.messaging.repository import enqueue

        lang = user.language
        body = t(
            f"expense.alert_{top}",
            lang,
            category=category.name,
            spent=format_money(total, category.currency, lang),
            budget=format_money(budget, category.currency, lang),
            percent=int(total * 100 / budget),
        )
        enqueue(
            session,
            key=f"budget:{category.id}:{month:%Y-%m}:{top}",
            kind="notice",
            to_phone=user.phone,
            body=body,
            now=now,
            user_id=user.id,
            language=lang,
        )
        repo.mark_alert_sent(session, category_id=category.id, month=month, threshold=top, now=now)
    return top


def alerts(session: Session, *, user: User, month: date) -> list[tuple[uuid.UUID, int]]:
    """(category, threshold) of the warnings recorded for a month, in the order they happened."""
    return [(a.category_id, a.threshold) for a in repo.alerts(session, user.id, month=month)]
