"""Word tables shared by the offline time parser: text folding, number words, weekdays, months."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")

_SPECIAL = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
}


def fold(text: str) -> str:
    """Lowercase and strip accents one character at a time, so spans line up with the original text."""
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch.isascii():
            out.append(ch.lower())
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out.append(base[0] if base else ch)
    return "".join(out)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the given words, longest first (so "mars" is tried before "mar")."""
    ordered = sorted(words, key=len, reverse=True)
    escaped = (re.escape(w).replace(r"\ ", " ").replace(r"\-", " ") for w in ordered)
    return "|".join(e.replace(" ", r"[\s-]+") for e in escaped)


# --- numbers written as words (1..59 is enough for days, hours, minutes and offsets) ---------------------
FR_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9}
FR_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50}
EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
EN_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}

_FR_U, _FR_T = alternation(FR_UNITS), alternation(FR_TENS)
_EN_U, _EN_T = alternation(EN_UNITS), alternation(EN_TENS)
NUM_WORD = {
    "fr": rf"(?:(?:{_FR_T})(?:[\s-]+et[\s-]+une?|[\s-]+(?:{_FR_U}))?|dix[\s-]+(?:sept|huit|neuf)"
    rf"|{alternation(FR_TEENS)}|{_FR_U})",
    "en": rf"(?:(?:{_EN_T})(?:[\s-]+(?:{_EN_U}))?|{alternation(EN_TEENS)}|{_EN_U})",
}


def word_number(text: str) -> int | None:
    """Value of a number written in digits or in French/English words ("vingt-quatre", "forty five")."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"[\s-]+", text):
        if part == "et":
            continue
        for table in (FR_UNITS, FR_TEENS, FR_TENS, EN_UNITS, EN_TEENS, EN_TENS):
            if part in table:
                total += table[part]
                break
        else:
            return None
    return total or None


# --- weekdays and months -----------------------------------------------------------------------------
# Short forms that are also ordinary words ("mon" = my, "jeu" = game, "sat", "tue" = kills) only count
# when followed by a dot or a day number; see the weekday patterns.
WEEKDAYS = {
    "fr": {
        "lundi": 0,
        "mardi": 1,
        "mercredi": 2,
        "jeudi": 3,
        "vendredi": 4,
        "samedi": 5,
        "dimanche": 6,
        "lun": 0,
        "ven": 4,
        "dim": 6,
    },
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
        "tues": 1,
        "wed": 2,
        "weds": 2,
        "thu": 3,
        "thur": 3,
        "thurs": 3,
        "fri": 4,
    },
}
WEEKDAYS_SHY = {
    "fr": {"mar": 1, "mer": 2, "jeu": 3, "sam": 5},
    "en": {"mon": 0, "tue": 1, "sat": 5, "sun": 6},
}
MONTHS = {
    "fr": {
        "janvier": 1,
        "janv": 1,
        "jan": 1,
        "fevrier": 2,
        "fevr": 2,
        "fev": 2,
        "mars": 3,
        "mar": 3,
        "avril": 4,
        "avr": 4,
        "mai": 5,
        "juin": 6,
        "juillet": 7,
        "juil": 7,
        "aout": 8,
        "septembre": 9,
        "sept": 9,
        "sep": 9,
        "octobre": 10,
        "oct": 10,
        "novembre": 11,
        "nov": 11,
        "decembre": 12,
        "dec": 12,
    },
    "en": {
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
}
ORDINAL_WORDS = {
    "fr": {"premier": 1, "1er": 1},
    "en": {
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
        "eleventh": 11,
        "twelfth": 12,
        "thirteenth": 13,
        "fourteenth": 14,
        "fifteenth": 15,
        "sixteenth": 16,
        "seventeenth": 17,
        "eighteenth": 18,
        "nineteenth": 19,
        "twentieth": 20,
        "thirtieth": 30,
    },
}

# Holidays on a fixed date: (month, day).
HOLIDAYS = {
    "fr": {
        "noel": (12, 25),
        "jour de noel": (12, 25),
        "veille de noel": (12, 24),
        "reveillon": (12, 31),
        "jour de l'an": (1, 1),
        "nouvel an": (1, 1),
        "toussaint": (11, 1),
        "fete du travail": (5, 1),
        "saint valentin": (2, 14),
        "st valentin": (2, 14),
        "fete nationale": (7, 14),
        "armistice": (11, 11),
    },
    "en": {
        "christmas": (12, 25),
        "xmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's eve": (12, 31),
        "new years eve": (12, 31),
        "new year's day": (1, 1),
        "new years day": (1, 1),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "valentines day": (2, 14),
        "valentine day": (2, 14),
        "st patrick's day": (3, 17),
        "saint patrick's day": (3, 17),
        "st paddy's day": (3, 17),
        "saint patricks day": (3, 17),
        "independence day": (7, 4),
    },
}

# Parts of the day with their default hour (CONVENTIONS.md, "Times of day").
PART_HOURS = {"morning": 8, "noon": 12, "afternoon": 15, "evening": 19}
PARTS = {
    "fr": {
        "matin": "morning",
        "matinee": "morning",
        "mat": "morning",
        "apres-midi": "afternoon",
        "apresmidi": "afternoon",
        "aprem": "afternoon",
        "aprm": "afternoon",
        "soir": "evening",
        "soiree": "evening",
        "swar": "evening",
    },
    "en": {
        "morning": "morning",
        "morn": "morning",
        "afternoon": "afternoon",
        "arvo": "afternoon",
        "evening": "evening",
        "eve": "evening",
        "night": "evening",
    },
}


def lookup(table: Mapping[str, T], word: str) -> T:
    """Find a folded word in a table whose multi-word keys may be written with spaces or hyphens."""
    key = re.sub(r"[\s-]+", " ", word.strip(" ."))
    for name, value in table.items():
        if re.sub(r"[\s-]+", " ", name) == key:
            return value
    raise KeyError(word)
