"""The first time of a French or English SMS, for callers that want one instant (reminders, replies).

A thin adapter over the time grammar (shared/brains/offline/time/, docs/time.md): `parse_time` returns
the first instant mention, or the first one tied to another time ("rdv demain à 14h30, rappelle-moi 1h
avant" → 13:30); a part of the day said as a span ("en fin d'après-midi") counts from its start. Periods
("la semaine prochaine"), other ranges, recurrences and a number alone are not one instant: they give
None here, so the caller asks when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.brains.offline.time import TimeMention, parse
from shared.brains.offline.time.model import Lang
from shared.brains.offline.time.resolve import DEFAULT_HOUR

__all__ = ["DEFAULT_HOUR", "Lang", "TimeMatch", "parse_time"]

_KINDS = frozenset({"clock", "part", "day", "weekday", "date", "rel"})


@dataclass(frozen=True, slots=True)
class TimeMatch:
    start: int
    end: int
    when: datetime
    has_clock_time: bool  # False only when the 09:00 default was applied
    kinds: frozenset[str] = frozenset()  # what was said: "clock", "part", "day", "weekday", "date", "rel"


def _usable(m: TimeMention) -> bool:
    if m.kind == "interval" and "part" in m.said and m.value is not None and m.end_value is not None:
        return m.confident and m.end_value - m.value <= timedelta(hours=12)  # "en fin d'après-midi": its start
    if m.kind != "instant" or m.value is None:
        return False
    if m.confident:
        return True
    # Unsure, but still one instant to act on: an English "4/5", "in 15". Not a number alone ("7") nor a
    # part of the day said as a habit ("le matin je suis fatigué").
    return "bare" not in m.said and not m.said <= {"part", "clock"}


def parse_time(text: str, *, now: datetime, lang: Lang) -> TimeMatch | None:
    """The time the text is about, resolved against now (aware, the person's zone), or None."""
    mentions = [m for m in parse(text, now=now, lang=lang) if _usable(m)]
    if not mentions:
        return None
    chosen = next((m for m in mentions if m.anchor is not None), mentions[0])
    assert chosen.value is not None
    has_clock = chosen.has_clock_time or "part" in chosen.said or "rel" in chosen.said
    return TimeMatch(chosen.start, chosen.end, chosen.value, has_clock, chosen.said & _KINDS)
