"""Times in the person's own words, resolved by the project's time parser for every tool: both brains
pass words ("demain à 9h", "every monday at 8", "+10"), never computed instants, so both follow the
same conventions (docs/time.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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


def resolve_later(words: str, *, said: datetime, lang: Lang) -> datetime | None:
    """When to ring again: "+10", "snooze 30", "dans 1h", "plus tard" / "later" (30 min), "demain 9h"."""
    text = words.strip() or ("plus tard" if lang == "fr" else "later")
    answer = understand_reply(text, now=said, lang=lang)
    if isinstance(answer, Snooze):
        return answer.until
    match = parse_time(text, now=said, lang=lang)
    if match is not None and match.when > said:
        return match.when
    return None
