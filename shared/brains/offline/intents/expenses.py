"""Expenses, offline, French and English: money spent ("12€ de pharmacie", "lunch 12.50", "hier 45 balles
chez le coiffeur", "loyer 800 € tous les mois"), questions about it ("combien j'ai dépensé ce mois-ci ?",
"how much on eating out this week"), budgets ("budget resto 150€ par mois", "i dont want to spend more than
80 on going out"), "annule la dernière dépense", and the answer to a question about an amount.

Scores are honest: an amount with a currency or a spending verb is strong; a bare number only counts next to
a word that names a kind of expense ("pharma 8,90"); a reminder request or a time is never an expense."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.time import parse
from shared.expenses.money import Amount, best_amount, find_amounts
from shared.expenses.service import _KIND_PHRASES, GROUPS, PAYMENT_WORDS, kind_of

TOOLS = ("add_expense", "set_budget", "recategorise_expense", "expense_summary")

_REMINDER = r"rappel\w*|rapl|remind\w*|n'?oublie|noublie|pense\s+a|don'?t\s+forget|dont\s+forget|alarme"
_SPENT = (
    r"j'?ai\s+(?:depense|paye|claque|lache|achete|mis)|depense[sr]?|paye|payee|claque|lache|achete|regle"
    r"|(?:i\s+)?(?:spent|paid|bought|blew|dropped)|spend|expense|depense\s*:|expense\s*:|cost\s+me|m'a\s+coute"
    r"|m'?ont\s+coute|costs\s+me"
)
_SUMMARY_ASK = (
    r"combien|how\s+much|what\s+(?:have|did)\s+i\s+spen[dt]|what\s+i\s+spent|total|bilan|r[eé]cap\w*|summary"
    r"|r[eé]sum[eé]|where\s+am\s+i\s+at|j'?en\s+suis\s+[aà]\s+combien|how\s+am\s+i\s+doing"
)
_SPEND_WORDS = r"depens\w*|claque|spen[dt]\w*|blown|blew|expenses?|spending|sous|fric|argent|money|thune|budget"
_NOT_MONEY_QUESTION = r"combien\s+de\s+(?:temps|fois|rappels?|jours?|minutes?|heures?)|how\s+(?:long|many|much\s+time)"
_MAX = (
    r"(?:max(?:imum)?|au\s+plus|at\s+most|tops)\s+(?:de\s+|of\s+)?[$€£]?\d[\d.,]*"
    r"|\d[\d.,]*\s*(?:[€$£]|euros?|dollars?|bucks|balles)?\s*(?:max(?:imum)?|tops|au\s+plus)"
)
_BUDGET = (
    rf"budgets?|limite[rs]?|plafond|cap|limit|{_MAX}"
    r"|(?:pas|plus|not|dont|don'?t|never|no)\s+(?:envie\s+de\s+)?(?:want\s+to\s+|wanna\s+)?"
    r"(?:depasser|depenser\s+plus\s+(?:de|que|d')|spend\s+(?:more\s+than|over)|go\s+over|exceed|more\s+than"
    r"|plus\s+d[e'])"
    r"|(?:keep|stay|rester)\s+(?:\w+\s+){0,3}?(?:under|below|sous|en\s+dessous\s+d[e'])"
)
_NOT_BUDGET = r"messages?|textos?|texts?|sms|rappels?|reminders?|notifs?|notifications?|alertes?|alerts?"
# Words that set a limit by themselves: "cap groceries at 300", "limite les restos à 100", "je me fixe 200 max".
_BUDGET_SET = r"^\s*(?:cap|limit|limite[rs]?|plafonne[rsz]?)(?!\w)|(?<!\w)(?:fixe[rsz]?|set|mets?)(?!\w)"
_PER_MONTH = (
    r"(?:par|/|a|per|each|every|chaque|le|tous\s+les|this|ce)\s*(?:mois|month)(?:[\s-]ci)?|mensuel(?:le)?|monthly"
    r"|/\s*mo\b|a\s+month"
)


def _words(text: str) -> list[str]:
    return text.split()


_DELETE_VERB = (
    r"annul\w*|supprim\w*|effac\w*|enleve\w*|retire\w*|vire\w*|delete\w*|remove\w*|undo|cancel\w*|scratch"
    r"|scrap\w*|erase\w*|get\s+rid|oublie"
)
_EXPENSE_WORD = r"depenses?|expenses?|achats?|purchases?|thing\s+i\s+(?:spent|logged|paid)|one"
_LAST_WORD = (
    r"derni[eè]re?|last|previous|most\s+recent|d'?avant|que\s+je\s+viens|(?:i|I)\s+just|just\s+(?:logged|added)"
    r"|que\s+j'?ai\s+not[eé]e?"
)
_RECATEGORY_VERB = r"mets|met|classe|range|deplace|change|put|move|file|recategori[sz]e|va\s+dans|goes\s+in|should\s+be"
_CATEGORY_INTRO = (
    r"(?<![\w'])(?:en|dans|sous|in|into|under|as|to|be|categorie|category|c'?est(?:\s+(?:des|du|de\s+la|de|pour|un|une))?"
    r"|was|is)\s+"
)
_CATEGORY_END = r"\s*(?:,|\.|!|\?|\bpas\b|\bnot\b|\bplutot\b|\binstead\b|\brather\b|\bau\s+lieu\b|$)"
_NOT_A_CATEGORY = frozenset(
    _words(
        "derniere dernier depense depenses expense expenses last one previous avant d'avant ca ça cela that it this "
        "those fait actually categorie category elle il stp svp pls please en in maybe plutot rather"
    )
)
_PAYMENT = (
    r"(?:(?:en|par|avec|by|with|on\s+my|on|in)\s+)?(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for names in PAYMENT_WORDS.values() for w in names.split(", "))
    + r")"
)


# Words that are not what the money was for ("j'ai dépensé 12,50 au resto": "resto").
_FILLER = frozenset(
    _words(
        "j j' ai je i me m de d du des pour chez au aux a à en le la les l un une sur dans par ce cet cette "
        "the for on at in to of with my a an some et and encore aussi today aujourd hui ok alors bon pr ds "
        "stp svp please pls ca it that c est was were etaient for"
    )
)
# Words around a budget that are not the category ("mets un budget de 300 euros pour les courses").
_BUDGET_FILLER = _FILLER | frozenset(
    _words(
        "budget budgets limite limiter limit plafond cap set fixe fixer fixes mets mettre met change changer "
        "mon ma mes my your ton veux voudrais want wanna pas ne plus not dont don't never no depasser spend "
        "more than go over exceed est is what quel quelle max maximum euros euro dollars bucks balles would "
        "like like i'd id new nouveau nouvelle a an per par mois month monthly mensuel mensuelle maximum tops "
        "keep stay rester under below sous dessous depenser over me fixe c'est c"
    )
)
_QUESTION_FILLER = _BUDGET_FILLER | frozenset(
    _words(
        "combien how much what have did has spent spend depense depenses depensé claque blown blew total "
        "spending expenses expense bilan recap summary so far far ça fait fais suis en where am doing mes "
        "my j'ai jai tout all up reste left argent money sous fric thune"
    )
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def rule(h: Heard) -> list[Candidate]:
    pending = h.situation.state.pending
    if pending is not None and pending.tool in TOOLS:
        answer = _answer(h, pending.tool, dict(pending.args), pending.missing)
        if answer is not None:
            return [answer]
    if h.has(_REMINDER) or h.has(r"devises?|currency|currencies|monnaie"):
        return []  # a reminder, or the person's currency setting (the settings slice)
    after_expense = h.situation.state.last is not None and h.situation.state.last.tool in ("add_expense", *TOOLS)
    deleting = h.has(_DELETE_VERB)
    last_expense = h.has(_EXPENSE_WORD) and h.has(_LAST_WORD)
    if deleting and (last_expense or (after_expense and _short(h))):
        return [Candidate(0.95 if last_expense else 0.93, "expense.delete_last", [ToolCall("delete_last_expense", {})])]
    recategorise = _recategorise(h, last_expense=bool(last_expense), after_expense=after_expense)
    if recategorise is not None:
        return [recategorise]
    budget = _budget(h)
    if budget is not None:
        return [budget]
    summary = _summary(h)
    if summary is not None:
        return [summary]
    return _add(h)


def _short(h: Heard) -> bool:
    """A few words, no amount, no question: "efface ça", "undo", "non annule, c'était pas moi qui ai payé"."""
    return len(h.folded.split()) <= 8 and "?" not in h.text and best_amount(h.text, lang=h.lang) is None


def _recategorise(h: Heard, *, last_expense: bool, after_expense: bool) -> Candidate | None:
    """Another category for the last expense: "mets la dernière dépense dans loisirs", "last expense should be
    groceries not restaurants", just after one: "catégorie travail", "file that under gifts"."""
    said_category = h.has(r"categorie|category|recategori[sz]e")
    if not (
        (last_expense and (h.has(_RECATEGORY_VERB) or said_category or h.has(r"c'?est|is|was")))
        or (after_expense and _short(h) and (said_category or h.has(_RECATEGORY_VERB)))
    ):
        return None
    if h.has(_SUMMARY_ASK) or h.has(_DELETE_VERB):
        return None
    intros = list(re.finditer(_CATEGORY_INTRO, h.folded))
    for intro in reversed(intros):
        tail = re.search(_CATEGORY_END, h.folded[intro.end() :])
        end = intro.end() + (tail.start() if tail else len(h.folded) - intro.end())
        words = [
            w
            for w in _clean(h, [(intro.end(), end)], _FILLER | _NOT_A_CATEGORY).split()
            if _plain(w) not in _NOT_A_CATEGORY
        ]
        if words:
            category = " ".join(words[:3])
            return Candidate(0.93, "expense.recategorise", [ToolCall("recategorise_expense", {"category": category})])
    if last_expense and said_category:  # "change la catégorie de la dernière dépense": which one?
        return Candidate(0.9, "expense.recategorise", [ToolCall("recategorise_expense", {})])
    return None


# --- answers to a question we asked ---------------------------------------------------------------------------
def _answer(h: Heard, tool: str, args: dict[str, object], missing: str | None) -> Candidate | None:
    if missing == "amount":
        found = best_amount(h.text, lang=h.lang, counts_allowed=True)
        rest = _clean(h, [(0, len(h.text))], _FILLER, removed=[(found.start, found.end)] if found else [])
        if found is None:
            if 0 < len(rest.split()) <= 3 and "?" not in h.text:  # "douze euros": asked again, never guessed
                return Candidate(0.7, f"{tool}.filled", [ToolCall(tool, args | {"amount": h.text.strip()})])
            return None
        if len(rest.split()) > 1:
            return None  # "lundi 30e resto" is a new expense, not the answer
        args["amount"] = h.text[found.start : found.end] if found.value is None else str(found.value)
        if found.currency:
            args["currency"] = found.currency
        return Candidate(0.93, f"{tool}.filled", [ToolCall(tool, args)])
    if missing in ("currency", "category") and 0 < len(h.folded.split()) <= 4 and "?" not in h.text:
        args[missing] = h.text.strip(" .!")
        return Candidate(0.85, f"{tool}.filled", [ToolCall(tool, args)])
    return None


# --- budgets ------------------------------------------------------------------------------------------------------
def _budget(h: Heard) -> Candidate | None:
    trigger = h.has(_BUDGET)
    if trigger is None:
        return None
    amount = _amount(h, counts=True)  # "set a 200 budget", "200 max", "300 pr la bouffe": money, not a count
    if h.has(_NOT_BUDGET):
        return None  # "limite les messages à 10 par jour": the settings' cap on texts
    if amount is not None and amount.rank == 0 and not _money_here(h, amount):
        amount = None  # "3 repas max": counted things
    if amount is None:
        if "budget" in h.folded and (h.has(_SUMMARY_ASK) or "?" in h.text or h.has(r"quel|what|reste|left")):
            category = _category_words(h, [], _QUESTION_FILLER)
            args = {"category": category} if category else {}
            return Candidate(0.85, "expense.summary", [ToolCall("expense_summary", args | {"period": "mois"})])
        return None
    per_month = [m.span() for m in re.finditer(_PER_MONTH, h.folded)]
    said = trigger.group(0)
    if not (
        "budget" in h.folded
        or per_month
        or said.startswith(("pas", "plus", "not", "dont", "don", "never", "no", "keep", "stay", "rester"))
        or re.search(_BUDGET_SET, h.folded)
    ):
        return None  # "limite" or "max" alone with a number is not clearly a budget
    removed = [(amount.start, amount.end), *per_month]
    category = _category_words(h, removed, _BUDGET_FILLER)
    if not category:
        return None
    args = {"category": category, "amount": _amount_arg(h, amount)}
    if amount.currency:
        args["currency"] = amount.currency
    return Candidate(0.92, "expense.budget", [ToolCall("set_budget", args)])


def _money_here(h: Heard, amount: Amount) -> bool:
    """A number followed by a word is money when the word or the one before says so: "a 200 budget", "budget
    200 groceries", "200 max", "300 pr la bouffe"."""
    after = re.match(r"\s*(?:budgets?|max(?:imum)?|tops|pr|ds|au\s+plus)(?![\w])", h.folded[amount.end :])
    before = re.search(r"(?<![\w])(?:budgets?|max(?:imum)?)\s*(?:de\s+|of\s+|:\s*)?$", h.folded[: amount.start])
    return bool(after or before)


# --- questions about spending ---------------------------------------------------------------------------------------
def _summary(h: Heard) -> Candidate | None:
    if h.has(_NOT_MONEY_QUESTION):
        return None
    asked = h.has(_SUMMARY_ASK)
    spend = h.has(_SPEND_WORDS)
    mine = h.has(
        r"(?:mes|my)\s+(?:depenses|expenses|spending)|(?:depenses|spending|expenses)\s+(?:du|de\s+la|this|last)"
    )
    if not (asked or mine):
        return None
    if not asked and h.has(r"livres?|pounds?|dollars?|euros?|francs?|yens?|bucks|(?:en|in)\s+[a-z]{3}"):
        return None  # "mes dépenses c'est en livres sterling": a currency setting, not a question
    period, period_span = _period(h)
    category = _category_words(h, [period_span] if period_span else [], _QUESTION_FILLER, known_only=not spend)
    if asked and not (spend or period or category) and not mine:
        return None
    amounts = [a for a in find_amounts(h.text, lang=h.lang) if a.rank >= 2 and not _inside(a, period_span)]
    if amounts and not h.has(r"combien|how\s+much"):
        return None  # "total 45€ courses" records money, it does not ask
    args: dict[str, str] = {}
    if period:
        args["period"] = period
    if category:
        args["category"] = category
    score = 0.9 if spend or mine else 0.8
    return Candidate(score, "expense.summary", [ToolCall("expense_summary", args)])


def _period(h: Heard) -> tuple[str, tuple[int, int] | None]:
    """The period's words as written ("ce mois-ci", "semaine derniere", "depuis le debut du mois")."""
    for m in parse(h.text, now=h.situation.said, lang=h.lang):
        if m.kind in ("interval", "open_interval", "instant") and m.grain in ("day", "week", "month", "year"):
            return _with_ci(h, m.start, m.end)
    word = re.search(
        r"(?<![\w'])(?:(?:du|de\s+la|ce|cette|this|the|last)\s+)?(mois|semaine|month|week|annee|year)", h.folded
    )
    if word is not None:
        return _with_ci(h, *word.span())
    return "", None


def _with_ci(h: Heard, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The period's span, with a trailing "-ci" / " ci" / "-là" the parser left out ("ce mois ci"): never a
    category."""
    tail = re.match(r"[\s-]*(?:ci|la)(?![\w'])", h.folded[end:])
    if tail is not None:
        end += tail.end()
    return h.text[start:end], (start, end)


def _inside(amount: Amount, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= amount.start < span[1]


# --- money spent --------------------------------------------------------------------------------------------------
def _add(h: Heard) -> list[Candidate]:
    amount = _amount(h)
    spent = h.has(_SPENT)
    if amount is None:
        return _how_much(h) if spent else []
    when_span, when = _when(h, amount)
    payment = re.search(rf"(?<![\w']){_PAYMENT}(?![\w])", h.folded)
    removed = [(amount.start, amount.end)]
    if when_span is not None:
        removed.append(when_span)
    if payment is not None:
        removed.append(payment.span())
    removed += _all(h, _SPENT) + _periods(h)
    description = _clean(h, [(0, len(h.text))], _FILLER, removed=removed)
    known = kind_of(description) is not None
    if amount.rank == 3:
        score = 0.95 if spent else 0.88
    elif amount.rank == 2:
        score = 0.9 if spent else 0.85 if known else 0.6 if description else 0.45
    elif amount.rank == 1:
        score = 0.85 if spent else 0.7 if known else 0.0
    else:
        score = 0.6 if spent else 0.0
    if score == 0.0:
        return []
    if "?" in h.text:
        score *= 0.5
    if h.has(r"dois|doit|owe|owes|rembourse|pay\s+back|prete|lend|lent"):
        score *= 0.6
    args: dict[str, str] = {"amount": _amount_arg(h, amount), "description": description}
    if amount.currency:
        args["currency"] = amount.currency
    if when:
        args["when"] = when
    if payment is not None:
        args["payment_method"] = h.text[payment.start() : payment.end()].strip()
    return [Candidate(score, "expense.add", [ToolCall("add_expense", args)])]


_PAID = r"j'?ai\s+(?:depense|paye|claque|lache|achete|regle)|paye|payee|spent|paid|bought|i\s+got"


def _periods(h: Heard) -> list[tuple[int, int]]:
    """Spans of a period said with money spent ("40 for groceries this month", "45 en courses cette semaine"):
    when it was, not what it was for."""
    spans = []
    for m in parse(h.text, now=h.situation.said, lang=h.lang):
        if m.kind in ("interval", "open_interval") and m.grain in ("week", "month", "year"):
            spans.append(_with_ci(h, m.start, m.end)[1])
    return spans


def _how_much(h: Heard) -> list[Candidate]:
    """Money spent with no amount ("j'ai payé le taxi"): the tool asks how much."""
    if "?" in h.text or h.has(r"combien|how\s+much") or not h.has(_PAID) or h.has(_DELETE_VERB):
        return []
    when_span, when = _when(h, None)
    removed = [*_all(h, _SPENT), *([when_span] if when_span else [])]
    description = _clean(h, [(0, len(h.text))], _FILLER, removed=removed)
    if not description:
        return []
    args = {"amount": "", "description": description} | ({"when": when} if when else {})
    return [Candidate(0.65, "expense.add", [ToolCall("add_expense", args)])]


def _amount(h: Heard, *, counts: bool = False) -> Amount | None:
    """The amount of the message; numbers that belong to a time ("dentiste le 12", "12 mars") are not money
    unless a currency says so. A number followed by a word ("200 budget") counts things unless `counts`."""
    times = [
        (m.start, m.end)
        for m in parse(h.text, now=h.situation.said, lang=h.lang)
        if m.kind in ("instant", "recurrence") and m.confident
    ]
    found = [a for a in find_amounts(h.text, lang=h.lang) if a.rank == 3 or not any(s <= a.start < e for s, e in times)]
    spent = h.has(_SPENT) is not None
    usable = [a for a in found if a.rank > 0 or spent or counts]
    if not usable:
        return None
    top = max(a.rank for a in usable)
    best = [a for a in usable if a.rank == top]
    if len(best) > 1 and len({a.value for a in best}) > 1:
        return Amount(best[0].start, best[-1].end, None, best[0].currency, top)
    return best[0]


def _amount_arg(h: Heard, amount: Amount) -> str:
    """Exact value as text, or the words as written when they read two ways (the tool asks)."""
    return str(amount.value) if amount.value is not None else h.text[amount.start : amount.end]


def _when(h: Heard, amount: Amount | None) -> tuple[tuple[int, int] | None, str]:
    """The day (or the series) the money was spent, as written, read with the amount blanked out ("lundi 30e
    resto" is Monday, not the 30th)."""
    blanked = h.text
    if amount is not None:
        blanked = h.text[: amount.start] + " " * (amount.end - amount.start) + h.text[amount.end :]
    for m in parse(blanked, now=h.situation.said, lang=h.lang):
        if m.kind in ("instant", "recurrence") and m.confident:
            return (m.start, m.end), blanked[m.start : m.end].strip()
    return None, ""


# --- words -------------------------------------------------------------------------------------------------------
def _all(h: Heard, pattern: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![\w']){pattern}(?![\w])", h.folded)]


def _clean(
    h: Heard,
    keep: list[tuple[int, int]],
    filler: frozenset[str],
    *,
    removed: list[tuple[int, int]] | None = None,
) -> str:
    """The original words inside `keep` and outside `removed`, without filler words at either end, numbers
    or punctuation."""
    tokens: list[tuple[str, str] | None] = []
    for m in re.finditer(r"[\w&][\w'&-]*", h.folded):
        start, end = m.span()
        if not any(s <= start < e for s, e in keep) or any(s <= start < e for s, e in removed or []):
            tokens.append(None)
            continue
        tokens.append((m.group(0), h.text[start:end]))
    words = [tok for tok in tokens if tok is not None]

    def stray(folded: str) -> bool:
        return folded in filler or folded.rstrip("'") in filler or len(folded) == 1 or folded.isdigit()

    while words and stray(words[0][0]):
        words.pop(0)
    while words and stray(words[-1][0]):
        words.pop()
    return " ".join(original.removeprefix("l'").removeprefix("d'") for _, original in words)


def _category_words(
    h: Heard, removed: list[tuple[int, int]], filler: frozenset[str], *, known_only: bool = False
) -> str:
    """The category named: a word of the kinds table as written ("resto", "eating out"), else what is left
    once amounts, periods and filler words are gone."""
    for phrase, _ in [*_KIND_PHRASES, *((w, w) for w in GROUPS)]:
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}s?(?![\w])", h.folded):
            if not any(s <= m.start() < e for s, e in removed):
                return h.text[m.start() : m.end()]
    if known_only:
        return ""
    words = [w for w in _clean(h, [(0, len(h.text))], filler, removed=removed).split() if _plain(w) not in filler]
    return " ".join(words[:3])


def _plain(word: str) -> str:
    from shared.brains.offline._lexicon import fold

    return fold(word).strip("'")
