"""The first time of a French or English SMS, for callers that want one instant (reminders, replies).

A thin adapter over the time grammar (shared/brains/offline/time/, docs/time.md): `parse_time` returns
the first instant mention, or the first one tied to another time ("rdv demain à 14h30, rappelle-moi 1h
avant" → 13:30); a part of the day said as a span ("en fin d'après-midi") counts from its start. A day and
a time of day said apart ("demain faut que j'appelle l'école vers 10h") are one instant. Periods
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
    also: tuple[int, int] | None = None  # the time of day's span, when said apart from the day (start:end)
    words: str = ""  # what was said, the two parts joined when said apart

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(self.start, self.end)] + ([self.also] if self.also else [])

    def cut(self, text: str) -> str:
        """`text` (the one parsed) without the time's words, each replaced by a space."""
        for start, end in sorted(self.spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return text


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
    joined = _day_and_clock_apart(text, mentions, chosen, now=now, lang=lang)
    if joined is not None:
        return joined
    has_clock = chosen.has_clock_time or "part" in chosen.said or "rel" in chosen.said
    return TimeMatch(
        chosen.start, chosen.end, chosen.value, has_clock, chosen.said & _KINDS, words=text[chosen.start : chosen.end]
    )


_DAYS = frozenset({"day", "weekday", "date"})


def _day_and_clock_apart(
    text: str, mentions: list[TimeMention], chosen: TimeMention, *, now: datetime, lang: Lang
) -> TimeMatch | None:
    """One day and one clock time said apart ("tmrw i gotta pick up the kids at 3:15pm"): the instant the two
    say together, read by the grammar from the joined words (so "friday … at 2" is 14:00 as "friday at 2").
    Not when two days are named ("vendredi le match à 20h, rappelle-moi jeudi"): which one the time is for
    is not known."""
    if chosen.anchor is not None:
        return None
    days = [m for m in mentions if m.said & _DAYS]
    clocks = [m for m in mentions if m.said == {"clock"} and m.confident and m.anchor is None]
    if len(days) != 1 or not clocks or days[0].said & {"clock", "part", "rel"}:
        return None
    day, clock = days[0], clocks[0]
    if chosen is not day and chosen is not clock:
        return None
    words = f"{text[day.start : day.end]} {text[clock.start : clock.end]}"
    whole = [m for m in parse(words, now=now, lang=lang) if _usable(m) and m.start == 0 and m.end == len(words)]
    if len(whole) != 1 or whole[0].value is None:
        return None
    first, second = sorted((day, clock), key=lambda m: m.start)
    return TimeMatch(
        first.start,
        first.end,
        whole[0].value,
        True,
        whole[0].said & _KINDS,
        also=(second.start, second.end),
        words=words,
    )
