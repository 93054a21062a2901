"""Times in the person's own words, resolved by the project's time parser for every tool: both brains
pass words ("demain à 9h", "every monday at 8", "+10"), never computed instants, so both follow the
same conventions (docs/time.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.brains.offline._lexicon import fold
from shared.brains.offline.recurrence import describe
from shared.brains.offline.reminders import ReminderIntent, split_what_when
from shared.brains.offline.replies import Snooze, understand_reply
from shared.brains.offline.timeparse import Lang, parse_time

LATER = timedelta(minutes=30)  # "plus tard" / "later" with no amount


@dataclass(frozen=True)
class When:
    at: datetime  # the (first) occurrence, aware, the person's zone
    rule: str | None = None  # RFC 5545 DTSTART + RRULE in local time, for a series
    every: str | None = None  # the series in plain words, for the confirmation
    rest: str = ""  # words that were not about time (a brain may have left some "what" in it)


def resolve(words: str, *, said: datetime, lang: Lang) -> When | None:
    """One time or a series, counted from `said`; None when the words hold no time."""
    found = split_what_when(words, now=said, lang=lang)
    if not isinstance(found, ReminderIntent):
        return None
    every = None
    if found.recurrence is not None and found.at is not None:
        every = describe(found.recurrence, found.at, first=found.when.date(), lang=lang)
    return When(at=found.when, rule=found.rule, every=every, rest=found.what)


_AMOUNT = re.compile(
    r"(?:^|[\s+])(?P<n>\d+(?:[.,]\d+)?|1/2|1/4|3/4|un\s+quart\s+d'?|une\s+demi[\s-]?|a\s+quarter\s+of\s+an?|half\s+an?)"
    r"\s*(?P<unit>h|heures?|hrs?|hours?|min|mn|mins?|minutes?|m)?(?![\w/])"
)
_LATER_WORDS = re.compile(
    r"plus\s+tard|tout\s+a\s+l'?heure|pas\s+maintenant|dans\s+(?:un\s+)?(?:moment|peu|instant|bout)|apres"
    r"|later|l8r|not\s+now|in\s+a\s+(?:bit|while|sec|minute|moment)|after"
)
_MARKED = re.compile(
    r"(?:\+|(?<![\w])(?:encore|dans|in|attends|wait|give\s+me|another|snooze|redis|rappelle))\s*[^\s\d]*\s*$"
)
_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75}


def resolve_later(words: str, *, said: datetime, lang: Lang) -> datetime | None:
    """When to ring again: "+10", "encore 5 min", "+1h", "dans 1/4 d'heure", "plus tard" / "later" (30 min),
    "ce soir", "demain 9h". A bare number is minutes."""
    text = words.strip() or ("plus tard" if lang == "fr" else "later")
    answer = understand_reply(text, now=said, lang=lang)
    if isinstance(answer, Snooze):
        return answer.until
    folded = fold(text)
    amount = _AMOUNT.search(folded)
    if amount is not None and (_MARKED.search(folded[: amount.start() + 1]) or (amount.group("unit") or "m")[0] == "m"):
        until = _after(said, amount.group("n"), amount.group("unit") or "")
        if until is not None:
            return until
    match = parse_time(text, now=said, lang=lang)
    if match is not None and match.when > said:
        return match.when
    if _LATER_WORDS.search(folded):
        return said + LATER
    return None


def _after(said: datetime, number: str, unit: str) -> datetime | None:
    word = number.strip()
    if word in _FRACTIONS:
        value = _FRACTIONS[word]
    elif word.startswith(("un quart", "a quarter")):
        value = 0.25
    elif word.startswith(("une demi", "half")):
        value = 0.5
    else:
        value = float(word.replace(",", "."))
    hours = unit.startswith("h") or (value < 1 and unit == "")
    minutes = value * 60 if hours else value
    if not 0 < minutes <= 24 * 60:
        return None
    return said + timedelta(minutes=round(minutes))


def time_only(words: str, *, said: datetime, lang: Lang) -> bool:
    """The words give a time of day and nothing else ("17h", "ce soir"): a move keeps the thing's own day."""
    match = parse_time(words, now=said, lang=lang)
    return match is not None and match.kinds <= {"clock", "part"}
