"""Regex "atoms" of a time expression (an offset, a day, a weekday, a date, a clock time, a part of the day).

Patterns run on folded text (lowercase, no accents, same length as the original), so spans are valid in
the original message. timeparse.py chains adjacent atoms into one expression and resolves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from shared.brains.offline._lexicon import (
    HOLIDAYS,
    MONTHS,
    NUM_WORD,
    ORDINAL_WORDS,
    PARTS,
    WEEKDAYS,
    WEEKDAYS_SHY,
    alternation,
    lookup,
    word_number,
)

Lang = Literal["fr", "en"]
Kind = Literal["rel", "day", "weekday", "date", "clock", "part"]


@dataclass(frozen=True, slots=True)
class Atom:
    start: int
    end: int
    kind: Kind
    data: dict[str, Any] = field(default_factory=dict)
    weak: bool = False  # not a time on its own ("good morning", French "à 9" without "h")


B, E = r"(?<![\w@])", r"(?!\w)"
_Builder = Callable[[re.Match[str], Lang], Atom | None]
_UNIT = {
    "min": "min",
    "mn": "min",
    "m": "min",
    "minute": "min",
    "h": "h",
    "hr": "h",
    "hour": "h",
    "heure": "h",
    "j": "d",
    "jr": "d",
    "jour": "d",
    "d": "d",
    "day": "d",
    "sem": "w",
    "semaine": "w",
    "w": "w",
    "wk": "w",
    "week": "w",
    "moi": "mo",
    "mois": "mo",
    "month": "mo",
    "an": "y",
    "annee": "y",
    "year": "y",
    "yr": "y",
}
_UNITS_RE = (
    r"(?:minutes?|mins?|mns?|heures?|hours?|hrs?|h|jours?|jrs?|j|days?|d|semaines?|sem|weeks?"
    r"|wks?|w|mois|months?|annees?|ans?|years?|yrs?|m)"
)


def _unit(word: str) -> str:
    word = word.rstrip(".")
    if word not in _UNIT and word.endswith("s"):
        word = word[:-1]
    return _UNIT.get(word, "min")


def _qty(text: str) -> float | None:
    text = text.strip()
    if text in ("a", "an", "un", "une", "one"):
        return 1
    if "couple" in text:
        return 2
    if "few" in text:
        return 3
    if re.fullmatch(r"\d+[.,]\d+", text):
        return float(text.replace(",", "."))
    return word_number(text)


def _rel(m: re.Match[str], lang: Lang) -> Atom | None:
    g = m.groupdict()
    if g.get("half"):
        return Atom(m.start(), m.end(), "rel", {"minutes": 30})
    if g.get("quarter"):
        return Atom(m.start(), m.end(), "rel", {"minutes": 15})
    if g.get("tq"):
        return Atom(m.start(), m.end(), "rel", {"minutes": 45})
    n, unit = _qty(g["n"]), _unit(g["unit"])
    if n is None or (g.get("extra") and unit != "h"):
        return None
    if unit in ("min", "h"):
        minutes = n * (60 if unit == "h" else 1)
        if unit == "h" and g.get("extra"):
            minutes += int(g["extra"])
        frac = g.get("frac") or g.get("efrac") or ""
        minutes += 30 if frac.startswith(("dem", "half")) else 15 if frac else 0
        return Atom(m.start(), m.end(), "rel", {"minutes": minutes})
    key = {"d": "days", "w": "weeks", "mo": "months", "y": "years"}[unit]
    return Atom(m.start(), m.end(), "rel", {key: int(n)})


def _past(build: _Builder) -> _Builder:
    """The same offset, backwards ("il y a 2 heures", "3 days ago")."""

    def past(m: re.Match[str], lang: Lang) -> Atom | None:
        atom = build(m, lang)
        if atom is None:
            return None
        return Atom(atom.start, atom.end, "rel", {k: -v for k, v in atom.data.items()})

    return past


def _holiday(m: re.Match[str], lang: Lang) -> Atom:
    month, day = lookup(HOLIDAYS[lang], m.group("holiday"))
    year = int(m.group("y")) if m.group("y") else None
    return Atom(m.start(), m.end(), "date", {"day": day, "month": month, "year": year, "weekday": None})


def _day(offsets: dict[str, int]) -> _Builder:
    def build(m: re.Match[str], lang: Lang) -> Atom:
        return Atom(m.start(), m.end(), "day", {"offset": lookup(offsets, m.group("w"))})

    return build


def _weekday(m: re.Match[str], lang: Lang) -> Atom:
    g = m.groupdict()
    table = {**WEEKDAYS[lang], **WEEKDAYS_SHY[lang]}
    mod = re.sub(r"\s+", " ", " ".join(filter(None, (g.get("pre"), g.get("mod"))))).strip()
    if re.search(r"after next", mod):
        mode = "after_next"
    elif re.search(r"en (?:huit|8)", mod):
        mode = "plus7"
    elif re.search(r"en (?:quinze|15)", mod):
        mode = "plus14"
    elif re.search(r"derniere|dernier|last|past|passe", mod):
        mode = "lastweek" if "semaine" in mod or "week" in mod else "last"
    elif re.search(r"cette semaine|this week", mod):
        mode = "thisweek"
    elif re.search(r"proch|suivant|d'apres|pro|next", mod):
        mode = "nextweek"
    else:
        mode = "next"
    return Atom(m.start(), m.end(), "weekday", {"weekday": table[g["wd"]], "mode": mode})


def _daynum(text: str, lang: Lang) -> int | None:
    text = text.strip()
    if text in ORDINAL_WORDS[lang]:
        return ORDINAL_WORDS[lang][text]
    digits = re.match(r"\d+", text)
    value = int(digits.group()) if digits else word_number(text)
    return value if value and 1 <= value <= 31 else None


def _date(m: re.Match[str], lang: Lang) -> Atom | None:
    g = m.groupdict()
    day = _daynum(g["d"], lang)
    if g.get("mon"):
        month: int | None = lookup(MONTHS[lang], g["mon"])
    else:
        month = int(g["m"]) if g.get("m") else None
    if day is None or (month is not None and not 1 <= month <= 12):
        return None
    year = int(g["y"]) if g.get("y") else None
    if year is not None and len(g["y"]) == 2:
        year += 2000 if year < 50 else 1900
    weekday = {**WEEKDAYS[lang], **WEEKDAYS_SHY[lang]}.get(g.get("wd") or "")
    return Atom(m.start(), m.end(), "date", {"day": day, "month": month, "year": year, "weekday": weekday})


_TAIL = {"quart": 15, "demi": 30, "demie": 30, "half": 30, "quarter": 15}


def _minutes(tail: str | None) -> int | None:
    """Minutes after the hour from a French tail: "et quart", "moins le quart", "trente", "et 10"."""
    if not tail:
        return 0
    tail = re.sub(r"\s+", " ", tail.strip())
    tail = re.sub(r"^oh\s+", "", tail)
    if tail == "trois quarts":
        return 45
    sign = -1 if tail.startswith("moins") else 1
    words = re.sub(r"^(?:moins|et)\s*(?:le\s+)?|\s*minutes?$", "", tail)
    value = _TAIL.get(words, word_number(words))
    return None if value is None or value > 59 else sign * value


def _clock(m: re.Match[str], lang: Lang) -> Atom | None:
    g = m.groupdict()
    if g.get("h2"):  # "at 1030"
        if int(g["h2"]) > 23:
            return None
        g["h"], g["m"] = g["h2"], g["m2"]
    hour = 12 if g.get("noon") else 0 if g.get("midnight") else word_number(g.get("h") or "")
    minute = int(g["m"]) if g.get("m") else _minutes(g.get("tail"))
    if hour is None or minute is None or hour > 24:
        return None
    ampm = None
    if g.get("ap"):
        ampm = "am" if g["ap"].startswith("a") else "pm"
    twelve = lang == "en" and ampm is None and 1 <= hour <= 12 and not (g.get("noon") or g.get("hsuffix"))
    if g.get("n") or g.get("rel"):  # "quarter to 5", "20 minutes past 3pm"
        offset = 15 if "quarter" in (g.get("rel") or "") else 30 if g.get("rel") == "half" else None
        offset = offset if offset is not None else word_number(g["n"])
        if offset is None or offset > 59 or (g["dir"] not in ("past", "after") and g.get("rel") == "half"):
            return None
        if g.get("n") and not g.get("mins") and g["dir"] not in ("past", "after") and g.get("h"):
            return None  # "2 to 3" is a range more often than 2:57
        minute = offset if g["dir"] in ("past", "after") else -offset
    if minute < 0:
        hour, minute = (hour - 1) % 24, minute + 60
        if hour == 11 and g.get("noon"):
            ampm = "am"
        if hour == 0 and twelve:
            hour = 12
    if hour == 24:
        hour = 0
    if lang == "en" and g.get("hsuffix") and not g.get("m") and hour < 13 and not g.get("at"):
        return None  # "2h" in English is more often two hours than 02:00
    midnight = bool(g.get("midnight")) and minute == 0 and hour == 0
    data = {"hour": hour, "minute": minute, "ampm": ampm, "twelve": twelve, "midnight": midnight}
    return Atom(m.start(), m.end(), "clock", data, weak=bool(g.get("bare")))


def _part(m: re.Match[str], lang: Lang) -> Atom:
    g = m.groupdict()
    word = g.get("p") or ""
    part = "evening" if g.get("tonight") else lookup(PARTS[lang], word)
    this = bool(g.get("this") or g.get("tonight"))
    strong = this or bool(g.get("inthe"))
    return Atom(m.start(), m.end(), "part", {"part": part, "today": this}, weak=not strong)


_Pattern = tuple[str, _Builder]
_EN_HOURS = alternation(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)
_NOT_UNIT = (
    r"(?!\s*(?:h\b|:|heures?|hours?|hrs?|minutes?|mins?|mn|jours?|days?|semaines?|weeks?|mois"
    r"|months?|ans?|years?|euros?|dollars?|%|€|\$|\d|/|[.,]\d))"
)


def _common_patterns(lang: Lang, qty: str) -> list[_Pattern]:
    rel_kw = r"(?:dans|d'ici(?:\s+a)?|ds)" if lang == "fr" else r"(?:in|within)"
    rel_body = (
        r"(?:(?P<half>(?:une\s+|a\s+)?demi[\s-]*heure|half\s+an?\s+hour|an?\s+half[\s-]+hour)"
        r"|(?P<quarter>un\s+quart\s+d'heure|a\s+quarter\s+(?:of\s+an\s+)?hour)"
        r"|(?P<tq>trois\s+quarts?\s+d'heure|three\s+quarters\s+of\s+an\s+hour)"
        rf"|(?P<n>{qty})\s*(?P<unit>{_UNITS_RE})(?:\s*(?P<extra>[0-5]\d)(?![\w:])|\.?{E}"
        r"(?:\s+et\s+(?P<frac>demie?|quart)|\s+and\s+an?\s+(?P<efrac>half|quarter))?))"
    )
    amount = rf"(?P<n>{qty})\s*(?P<unit>{_UNITS_RE}){E}"
    return [
        (rf"{B}{rel_kw}\s+{rel_body}", _rel),
        (rf"{B}{amount}\s+(?:from\s+(?:now|today)|later|hence|plus\s+tard)", _rel),
        (rf"{B}(?:il\s+y\s+a|ya)\s+{amount}", _past(_rel)),
        (rf"{B}{amount}\s+(?:ago|back)", _past(_rel)),
        (r"(?<![\d/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])", _date),
        (rf"{B}(?P<holiday>{alternation(HOLIDAYS[lang])}){E}(?:\s+(?P<y>\d{{4}})(?![\d:]))?", _holiday),
    ]


_FR_DAYS = {
    "aujourd'hui": 0,
    "aujourd hui": 0,
    "aujourdhui": 0,
    "auj": 0,
    "ajd": 0,
    "aujd": 0,
    "ojd": 0,
    "demain": 1,
    "dem": 1,
    "dmn": 1,
    "2main": 1,
    "demin": 1,
    "apres-demain": 2,
    "apres-dem": 2,
    "apresdemain": 2,
    "hier": -1,
    "avant-hier": -2,
}


def _french_patterns(wd: str, mon: str) -> list[_Pattern]:
    num = NUM_WORD["fr"]
    hw = rf"\d{{1,2}}|{num}"
    tail = (
        rf"et\s+quart|et\s+demie?|moins\s+(?:le\s+)?quart|moins\s+(?:{hw})|trois\s+quarts"
        rf"|(?:et\s+)?(?:{hw})(?:\s+minutes?)?"
    )
    return [
        (rf"{B}(?P<w>{alternation(_FR_DAYS)}){E}", _day(_FR_DAYS)),
        (
            rf"{B}(?:(?P<this>ce|cette)\s+)?(?P<wd>{wd})\.?(?:\s+(?P<mod>prochaine?|proch|pro|suivante?|d'apres"
            r"|qui\s+vient|(?:de\s+)?la\s+semaine\s+(?:prochaine|suivante|d'apres|pro|derniere)"
            rf"|en\s+(?:huit|8|quinze|15)|(?:de\s+)?cette\s+semaine|derniere?|passee?))?{E}",
            _weekday,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s+)?(?:le\s+)?(?P<d>\d{{1,2}}(?:er|ere|e|eme)?|premier|{num})\s+(?:de\s+)?"
            rf"(?P<mon>{mon})\.?{E}(?:\s+(?P<y>\d{{4}}|\d{{2}})(?![\d:h]))?",
            _date,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s+)?(?:le\s+)?(?<![\d/])(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})"
            r"(?:\s*/\s*(?P<y>\d{4}|\d{2}))?(?![\d/])",
            _date,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s+(?:le\s+)?|le\s+)(?P<d>\d{{1,2}}(?:er|e|eme)?|premier"
            rf"|(?<=[a-z] ){num}){E}{_NOT_UNIT}",
            _date,
        ),
        (
            r"(?<![\d:])(?P<h>\d{1,2})\s*h(?:\s*(?P<m>[0-5]\d)|\s+(?P<tail>et\s+quart|et\s+demie?|moins"
            rf"\s+(?:le\s+)?quart))?{E}",
            _clock,
        ),
        (r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?![\d:])", _clock),
        (rf"{B}(?P<h>{hw})\s+heures?(?:\s+(?P<tail>{tail}))?{E}", _clock),
        (rf"{B}(?:(?P<noon>midi)|(?P<midnight>minuit))(?:\s+(?P<tail>{tail}))?{E}", _clock),
        # "à 9" without "h": only next to a day ("demain à 9"), never alone
        (
            r"(?<!\w)(?:a|vers)\s+(?P<bare>(?P<h>[01]?\d|2[0-3]))(?=\s*(?:$|[!?;)]|[.,](?!\d)|(?:pour|de|d'|du"
            r"|et|stp|svp|merci|pr|ce|cet|demain|le)\b))",
            _clock,
        ),
        (
            rf"{B}(?:(?P<this>ce|cet|cette)\s+|(?P<inthe>dans\s+la\s+|dans\s+l'|en\s+)|du\s+|de\s+l'|le\s+|l')?"
            r"(?P<p>matinee|matin|apres[\s-]?midi|aprem|aprm|soiree|soir|swar)(?!\w)",
            _part,
        ),
        (rf"{B}du\s+(?P<p>mat)(?!\w)", _part),
        (rf"{B}(?P<tonight>2soir|ce\s+soir|cette\s+nuit){E}", _part),
    ]


_EN_DAYS = {
    "today": 0,
    "todays": 0,
    "2day": 0,
    "tday": 0,
    "tomorrow": 1,
    "tomorrows": 1,
    "tomorow": 1,
    "tommorow": 1,
    "tommorrow": 1,
    "tomorrw": 1,
    "tmrw": 1,
    "tmrrw": 1,
    "tmr": 1,
    "tmw": 1,
    "tmro": 1,
    "tmoro": 1,
    "2moro": 1,
    "2morrow": 1,
    "2morow": 1,
    "2mrw": 1,
    "tomoz": 1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "day after tmrw": 2,
    "yesterday": -1,
    "the day before yesterday": -2,
    "day before yesterday": -2,
}


def _english_patterns(wd: str, mon: str) -> list[_Pattern]:
    num, ordw = NUM_WORD["en"], alternation(ORDINAL_WORDS["en"])
    hw = rf"\d{{1,2}}|{_EN_HOURS}"
    ampm = r"(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
    ap = r"(?P<ap>a\.?\s?m\b\.?|p\.?\s?m\b\.?|(?<=:\d\d)[ap](?!\w))"
    at_hour = (
        rf"(?:(?P<h>{hw})(?:(?::|\s+)(?P<m>[0-5]\d)|\s+(?P<tail>{num}))?"
        r"|(?<!\d)(?P<h2>\d{1,2})(?P<m2>[0-5]\d))(?:\s*o'?\s?clock)?"
    )
    not_after_at = (
        r"(?!\s*(?:[ap]\.?\s?m\b|[ap]\b|\d|[-.,/:]\d|%|\$|€|min|mins|minutes?|hours?|hrs?"
        r"|days?|weeks?|months?|years?|people|persons?|times?|dollars?|euros?|bucks"
        r"|o'?\s?clock))(?!\w)"
    )
    return [
        (rf"{B}(?P<w>{alternation(_EN_DAYS)}){E}", _day(_EN_DAYS)),
        (
            rf"{B}(?:(?P<pre>this\s+coming|this\s+past|this|next|coming|last|past|on)\s+)?(?P<wd>{wd})\.?"
            r"(?:\s+(?P<mod>after\s+next|(?:of\s+)?next\s+week|(?:of\s+)?this\s+week|(?:from|of)\s+last\s+week"
            rf"|last\s+week))?{E}",
            _weekday,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s*,?\s*)?(?P<mon>{mon})\.?\s*(?:the\s+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?"
            rf"|{ordw}){E}(?:\s*,?\s*(?P<y>\d{{4}})(?![\d:]))?",
            _date,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s*,?\s*)?(?:on\s+)?(?:the\s+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{ordw})\s*"
            rf"(?:of\s+)?(?P<mon>{mon})\.?{E}(?:\s*,?\s*(?P<y>\d{{4}}|\d{{2}})(?![\d:h]))?",
            _date,
        ),
        (
            rf"{B}(?:(?P<wd>{wd})\.?\s*,?\s*)?(?:on\s+)?(?<![\d/])(?P<m>\d{{1,2}})\s*/\s*(?P<d>\d{{1,2}})"
            r"(?:\s*/\s*(?P<y>\d{4}|\d{2}))?(?![\d/])",
            _date,
        ),
        (rf"{B}(?:(?P<wd>{wd})\.?\s*,?\s*(?:the\s+)?|(?:on\s+)?the\s+)(?P<d>\d{{1,2}}(?:st|nd|rd|th)){E}", _date),
        (rf"{B}on\s+the\s+(?P<d>{ordw}){E}", _date),
        (rf"(?<![\d:])(?P<h>\d{{1,2}})(?:[:.]?(?P<m>[0-5]\d))?\s*{ap}", _clock),
        (r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?![\d:])", _clock),
        (rf"(?:(?<!\w)(?P<at>at|@)\s*)?(?<![\d:])(?P<h>\d{{1,2}})(?P<hsuffix>h)(?P<m>[0-5]\d)?{E}", _clock),
        (rf"{B}(?:at|@|around|about|arround)(?:\s+|(?<=@)\s*|(?=\d)){at_hour}{not_after_at}", _clock),
        (rf"{B}(?P<h>{hw})\s*o'?\s?clock{E}", _clock),
        (
            rf"{B}(?P<h>{hw})(?=\s+(?:tonight|tonite|this\s+(?:morning|afternoon|evening)"
            r"|in\s+the\s+(?:morning|afternoon|evening)|tomorrow|tmrw|today)(?!\w))",
            _clock,
        ),
        (rf"{B}(?P<h>{hw})(?:\s+(?P<tail>(?:oh\s+)?(?:{num})))?\s+{ampm}", _clock),
        (
            rf"{B}(?:(?P<rel>(?:a\s+)?quarter|half)|(?P<n>\d{{1,2}}|{num})(?P<mins>\s+min(?:ute)?s?)?)\s+"
            rf"(?P<dir>past|after|to|till|til)\s+(?:(?P<noon>noon)|(?P<midnight>midnight)"
            rf"|(?P<h>{hw})(?:\s*{ap})?)(?!\s*(?:days?|hours?|weeks?|months?|min|mins|minutes?|times?|people))"
            rf"{E}",
            _clock,
        ),
        (rf"{B}(?:(?P<noon>noon|midday|mid\s+day)|(?P<midnight>midnight)){E}", _clock),
        (
            rf"{B}(?:(?P<this>this)\s+|(?P<inthe>in\s+the\s+|at\s+)|the\s+)?(?P<p>morning|morn|afternoon|arvo"
            rf"|evening|eve|night){E}",
            _part,
        ),
        (rf"{B}(?P<tonight>tonight|tonite|2nite|2night|tonigt){E}", _part),
    ]


def _patterns(lang: Lang) -> list[tuple[re.Pattern[str], _Builder]]:
    num = NUM_WORD[lang]
    qty = (
        rf"\d+(?:[.,]\d+)?|{num}"
        if lang == "fr"
        else rf"\d+(?:[.,]\d+)?|{num}|an?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few"
    )
    shy = alternation(WEEKDAYS_SHY[lang])
    wd = rf"{alternation(WEEKDAYS[lang])}|(?:{shy})(?=\.|\s*,?\s*\d|\s*,\s*[a-z]{{3}}\.?\s*\d)"
    mon = alternation(MONTHS[lang])
    specific = _french_patterns(wd, mon) if lang == "fr" else _english_patterns(wd, mon)
    return [(re.compile(p), b) for p, b in _common_patterns(lang, qty) + specific]


_CACHE: dict[str, list[tuple[re.Pattern[str], _Builder]]] = {}


def find_atoms(folded: str, lang: Lang) -> list[Atom]:
    """Every atom found in folded text, in text order; of two overlapping atoms the longer one wins."""
    if lang not in _CACHE:
        _CACHE[lang] = _patterns(lang)
    found: list[Atom] = []
    for regex, build in _CACHE[lang]:
        for m in regex.finditer(folded):
            atom = build(m, lang)
            if atom is not None and atom.end > atom.start:
                found.append(atom)
    found.sort(key=lambda a: (-(a.end - a.start), a.start))
    kept: list[Atom] = []
    for atom in found:
        if all(atom.end <= k.start or atom.start >= k.end for k in kept):
            kept.append(atom)
    return sorted(kept, key=lambda a: a.start)
