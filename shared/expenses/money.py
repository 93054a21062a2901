"""Amounts of money in the person's words, read as exact decimals (docs/words.md, "Money").

An explicit symbol or code wins ("35$" is dollars even in French); otherwise the amount has no currency and
the caller uses the person's default. "12,50", "12€50", "12.50 €", "$1,250", "1 250,00 €", "EUR 40",
"40 balles" are all read; something that could be two amounts ("1,250" in French, "12,555") is not
guessed: it is `unclear`, and the caller asks. Pure functions, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from shared.brains.offline._lexicon import fold

# ISO 4217 codes of money in circulation (no test code, metals or bond units).
ISO_4217 = frozenset(
    re.findall(
        r"[A-Z]{3}",
        """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
    CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
    KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN
    NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL
    SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
    VND VUV WST XAF XCD XCG XDR XOF XPF YER ZAR ZMW ZWG ZWL
    """,
    )
)
MAX_AMOUNT = Decimal("9999999999.99")  # the column holds 12 digits, 2 after the point
DEFAULT_BY_LANGUAGE = {"fr": "EUR", "en": "USD"}

# Words and signs for a currency, folded (lowercase, no accents). Before the number: "$4", "€12", "EUR 40".
_BEFORE = {
    "€": "EUR",
    "$": "USD",
    "us$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "£": "GBP",
    "eur": "EUR",
    "usd": "USD",
    "cad": "CAD",
    "gbp": "GBP",
    "chf": "CHF",
}
# After the number: "12 €", "60 e", "40 balles", "18 dollars", "45 bucks", "20 CAD".
_AFTER = {
    "€": "EUR",
    "e": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "balle": "EUR",
    "balles": "EUR",
    "boules": "EUR",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "dollars us": "USD",
    "buck": "USD",
    "bucks": "USD",
    "usd": "USD",
    "cad": "CAD",
    "dollars canadiens": "CAD",
    "canadian dollars": "CAD",
    "£": "GBP",
    "gbp": "GBP",
    "livres sterling": "GBP",
    "chf": "CHF",
    "francs suisses": "CHF",
    "swiss francs": "CHF",
    "yens": "JPY",
    "yen": "JPY",
}


def _alternation(words: dict[str, str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?"
_SPLIT = re.compile(r"(?<![\d.,])(?P<units>\d+)\s*(?P<cur>€|e|\$|£)(?P<cents>\d{2})(?![\d\w])")
_SPLIT_WORD = re.compile(r"(?<![\d.,])(?P<units>\d+)\s+(?P<cur>euros?|dollars?)\s+(?P<cents>\d{2})(?![\d\w.,])")
_AMOUNT = re.compile(
    rf"(?:(?<![a-z])(?P<before>{_alternation(_BEFORE)})\s?)?(?<![\d.,/:+-])(?P<number>{_NUMBER})"
    rf"(?:\s?(?P<after>{_alternation(_AFTER)})(?![\w]))?"
)
# A number that is a quantity, a time, a date or an ordinal, never an amount: "2 kg", "15h", "3e étage".
_NOT_MONEY_AFTER = re.compile(
    r"\s?(?:%|x\b|h\d*\b|:|/|-\d|kg|g\b|gr\b|grammes?|l\b|cl\b|ml\b|litres?|lbs?\b|oz\b|km\b|m\b|cm\b"
    r"|min\b|mn\b|minutes?|heures?|hours?|hrs?\b|jours?|days?|semaines?|weeks?|mois\b|months?|ans?\b|years?"
    r"|fois|times|er\b|eme\b|ere\b|nd\b|rd\b|th\b|st\b|am\b|pm\b)"
)
# Words after a bare whole number that leave it free to be the amount ("40 pour le resto", "80 on going out").
_FREE_AFTER = frozenset(
    re.findall(
        r"\w+",
        "de d du des pour chez au aux a en le la les l sur dans par the for on at in to of with from by and et"
        " mon ma mes my chacun each every per tous toutes chaque hier avant yesterday today aujourd ce cette this"
        " last lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday"
        " saturday sunday ce matin soir tonight",
    )
)
_WORD = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Amount:
    """One amount found in a text: its span, the value (None when it could be two values) and the currency
    written next to it (None: not said)."""

    start: int
    end: int
    value: Decimal | None
    currency: str | None
    rank: int  # 3: a currency was written; 2: cents ("4,20"); 1: a free whole number; 0: a count ("2 places")

    @property
    def unclear(self) -> bool:
        return self.value is None


def find_amounts(text: str, *, lang: str) -> list[Amount]:
    """Every number of the text that can be money, left to right (times, dates and quantities left out)."""
    folded = fold(text)
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_SPLIT, _SPLIT_WORD):
        for m in pattern.finditer(folded):
            split_currency = _AFTER.get(m.group("cur"), "EUR")
            split_value = Decimal(f"{m.group('units')}.{m.group('cents')}")
            found.append(Amount(m.start(), m.end(), _bounded(split_value), split_currency, 3))
            taken.append(m.span())
    for m in _AMOUNT.finditer(folded):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        number_start, number_end = m.span("number")
        if not m.group("before") and folded[number_start - 1 : number_start].isalpha():
            continue  # "x2", "a4": part of a word
        currency: str | None = _BEFORE.get(m.group("before") or "") or _AFTER.get(m.group("after") or "")
        start, end = m.start(), m.end()
        if currency is None:
            currency, start, end = _iso_code(text, number_start, number_end, start, end)
        if currency is None and _NOT_MONEY_AFTER.match(folded, number_end):
            continue
        raw = m.group("number")
        value = _read(raw, lang=lang, currency=currency)
        if currency is not None:
            rank = 3
        elif re.search(r"[.,]\d{1,2}$", raw):
            rank = 2
        else:
            rank = 1 if _free(folded, number_end) else 0
        found.append(Amount(start, end, value, currency, rank))
    return sorted(found, key=lambda a: a.start)


def best_amount(text: str, *, lang: str, counts_allowed: bool = False) -> Amount | None:
    """The amount the text is about: the one with a currency, else the one with cents, else a lone free whole
    number. Several at the same level (or one that reads two ways) give an unclear Amount; none gives None."""
    found = [a for a in find_amounts(text, lang=lang) if a.rank > 0 or counts_allowed]
    if not found:
        return None
    top = max(a.rank for a in found)
    best = [a for a in found if a.rank == top]
    if len(best) > 1 and len({a.value for a in best}) > 1:
        return Amount(best[0].start, best[-1].end, None, best[0].currency, top)
    return best[0]


def read_amount(words: str, *, lang: str) -> tuple[Decimal, str | None] | None:
    """An amount given as words by a brain or a person ("12,50", "12€50", "$1,250", "EUR 40"): the exact
    value and the currency written (None: not said); None when it cannot be read for sure."""
    text = words.strip()
    if not text:
        return None
    try:  # "12.5" or "1250.00", what a model or an API sends
        plain = Decimal(text)
    except InvalidOperation:
        plain = None
    if plain is not None and re.fullmatch(r"\d+(?:\.\d{1,2})?", text):
        bounded = _bounded(plain)
        return (bounded, None) if bounded is not None else None
    found = best_amount(text, lang=lang, counts_allowed=True)
    if found is None or found.value is None:
        return None
    return found.value, found.currency


def currency_in(words: str) -> str | None:
    """A currency named in words ("euros", "$", "CAD", "bucks"), or None."""
    text = words.strip()
    if not text:
        return None
    if text.upper() in ISO_4217:
        return text.upper()
    folded = fold(text).strip()
    return _AFTER.get(folded) or _BEFORE.get(folded)


def is_currency(code: str) -> bool:
    return code in ISO_4217


def _iso_code(text: str, number_start: int, number_end: int, start: int, end: int) -> tuple[str | None, int, int]:
    """A currency code written in capitals next to the number ("40 JPY", "EUR 40"), from the original text."""
    after = re.match(r"\s?([A-Z]{3})(?![A-Za-z])", text[number_end:])
    if after and after.group(1) in ISO_4217:
        return after.group(1), start, number_end + after.end()
    before = re.search(r"(?<![A-Za-z])([A-Z]{3})\s?$", text[:number_start])
    if before and before.group(1) in ISO_4217:
        return before.group(1), number_start - len(before.group(0)), end
    return None, start, end


def _free(folded: str, end: int) -> bool:
    """Nothing after the number but the end, punctuation or a small word: it is not counting things."""
    rest = folded[end:]
    if re.match(r"\s*(?:$|[!?.,;:)\n])", rest):
        return True
    word = _WORD.match(rest.lstrip())
    return word is not None and word.group(0).rstrip("'") in _FREE_AFTER | {"d", "l"}


def _read(raw: str, *, lang: str, currency: str | None) -> Decimal | None:
    """The exact value of a written number; None when it reads two ways or is out of range."""
    digits = raw.replace(" ", "")
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return _bounded(Decimal(digits))
    last = max(digits.rfind("."), digits.rfind(","))
    tail = digits[last + 1 :]
    if len(set(marks)) == 2:  # "1.250,50" or "1,250.50": the last mark is the decimal point
        groups = re.split(r"[.,]", digits[:last])
        if digits.count(digits[last]) > 1 or any(len(g) != 3 for g in groups[1:]) or len(tail) > 2:
            return None
        return _bounded(Decimal("".join(groups) + "." + tail))
    mark = marks[0]
    groups = digits.split(mark)
    if len(groups) > 2:  # "1,250,000": thousands
        if any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3:
            return None
        return _bounded(Decimal("".join(groups)))
    if len(tail) in (1, 2):  # "12,5", "12.50"
        return _bounded(Decimal(groups[0] + "." + tail))
    if len(tail) == 3 and len(groups[0]) <= 3:
        english_style = currency in ("USD", "CAD", "GBP", "AUD") or lang == "en"
        if mark == "," and english_style:  # "$1,250"
            return _bounded(Decimal(groups[0] + tail))
        if mark == "." and lang == "fr" and not english_style:  # "1.250 €"
            return _bounded(Decimal(groups[0] + tail))
    return None  # "12,555", "1,250" in French, "1.250" in English: could be either


def _bounded(value: Decimal) -> Decimal | None:
    if value <= 0 or value > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01"))


def check_amount(value: Decimal) -> Decimal | None:
    """The amount with two decimals when it is positive, fits the column and has at most two decimals."""
    try:
        return _bounded(value)
    except InvalidOperation:
        return None


_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """12.5 EUR -> "12,50 €" (French) / "€12.50" (English); whole amounts without cents: "1 250 €", "$1,250"."""
    whole = amount == amount.to_integral_value()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    symbol = _SYMBOL.get(currency)
    if lang == "fr":
        number = number.replace(",", "\u202f").replace(".", ",")
        return f"{number} {symbol or currency}"
    if symbol:
        return f"{symbol}{number}"
    return f"{currency} {number}"
