"""Recurring reminders: "tous les jours à 21h", "every monday at 8", "un mardi sur deux", "le 1er de
chaque mois", "le mardi et le jeudi", "sauf le week-end". Recognized by the time grammar
(shared/brains/offline/time/), stored as an RFC 5545 rule with a floating local DTSTART (the person's
zone is kept beside it), so every occurrence keeps its wall-clock time across DST (docs/time.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from shared.brains.offline._lexicon import fold
from shared.i18n.format import format_clock

Lang = Literal["fr", "en"]
Kind = Literal["daily", "weekdays", "weekly", "monthly"]
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class Recurrence:
    kind: Kind
    start: int  # span [start, end) in the original text
    end: int
    interval: int = 1
    weekday: int | None = None  # 0 = Monday
    monthday: int | None = None
    part_hour: int | None = None  # "tous les soirs" with no clock time: 19:00
    days: tuple[int, ...] = ()  # several weekdays: "le mardi et le jeudi", "mon wed fri"
    setpos: int | None = None  # with `weekday`, monthly: 1 the first, -1 the last ("le dernier vendredi")
    monthdays: tuple[int, ...] = ()  # several days of the month: "le 1er et le 15 de chaque mois"

    def rule(self, first: date) -> str:
        """The RRULE body; an unsaid weekday or day of the month is the first occurrence's."""
        parts = {"daily": "FREQ=DAILY", "weekdays": "FREQ=WEEKLY", "weekly": "FREQ=WEEKLY", "monthly": "FREQ=MONTHLY"}
        rule = parts[self.kind]
        if self.interval > 1:
            rule += f";INTERVAL={self.interval}"
        if self.kind == "weekdays":
            rule += ";BYDAY=MO,TU,WE,TH,FR"
        elif self.kind == "weekly":
            days = self.days or (first.weekday() if self.weekday is None else self.weekday,)
            rule += ";BYDAY=" + ",".join(CODES[d] for d in sorted(days))
        elif self.kind == "monthly" and self.setpos is not None and self.weekday is not None:
            rule += f";BYDAY={CODES[self.weekday]};BYSETPOS={self.setpos}"
        elif self.kind == "monthly" and self.monthdays:
            rule += ";BYMONTHDAY=" + ",".join(str(d) for d in self.monthdays)
        elif self.kind == "monthly":
            rule += f";BYMONTHDAY={first.day if self.monthday is None else self.monthday}"
        return rule


def _days(names: tuple[str, ...]) -> str:
    return "(" + "|".join(names) + ")"


_FR_DAY = _days(_FR_DAYS)
_EN_DAY = _days(_EN_DAYS)
_MORNING, _EVENING = 8, 19
# (pattern, builder) in order: the more specific first. Patterns run on folded text (no accents).
_PATTERNS: dict[Lang, list[tuple[re.Pattern[str], str]]] = {
    "fr": [
        (re.compile(rf"\b(?:un|une)\s+{_FR_DAY}\s+sur\s+deux\b"), "weekly2"),
        (re.compile(r"\b(?:tous|toutes)\s+les\s+(\d{1,2})\s+jours\b"), "dailyN"),
        (re.compile(r"\b(?:en\s+semaine|du\s+lundi\s+au\s+vendredi|les\s+jours\s+de\s+semaine)\b"), "weekdays"),
        (re.compile(rf"\b(?:tous\s+les|chaque)\s+{_FR_DAY}s?\b"), "weekly"),
        (re.compile(r"\b(?:le\s+)?(1er|premier|\d{1,2})\s+(?:de\s+)?(?:chaque|tous\s+les)\s+mois\b"), "monthday"),
        (re.compile(r"\b(?:tous\s+les\s+matins|chaque\s+matin)\b"), "morning"),
        (re.compile(r"\b(?:tous\s+les\s+soirs|chaque\s+soir)\b"), "evening"),
        (re.compile(r"\b(?:tous\s+les\s+jours|chaque\s+jour|quotidiennement)\b"), "daily"),
        (re.compile(r"\b(?:toutes\s+les\s+semaines|chaque\s+semaine)\b"), "weekly"),
        (re.compile(r"\b(?:tous\s+les\s+mois|chaque\s+mois)\b"), "monthly"),
    ],
    "en": [
        (re.compile(rf"\bevery\s+other\s+(?:week\s+on\s+)?{_EN_DAY}\b"), "weekly2"),
        (re.compile(r"\bevery\s+other\s+day\b"), "daily2"),
        (re.compile(r"\bevery\s+(\d{1,2})\s+days\b"), "dailyN"),
        (
            re.compile(r"\b(?:every\s+weekday|on\s+weekdays|weekdays|monday\s+(?:to|through|thru)\s+friday)\b"),
            "weekdays",
        ),
        (re.compile(rf"\b(?:every|each)\s+{_EN_DAY}\b|\bon\s+{_EN_DAY}s\b"), "weekly"),
        (re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:every|each)\s+month\b"), "monthday"),
        (re.compile(r"\b(?:every|each)\s+month\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b"), "monthday"),
        (re.compile(r"\b(?:every|each)\s+morning\b"), "morning"),
        (re.compile(r"\b(?:every|each)\s+(?:night|evening)\b|\bnightly\b"), "evening"),
        (re.compile(r"\b(?:every\s*day|each\s+day|daily)\b"), "daily"),
        (re.compile(r"\b(?:every|each)\s+week\b|\bweekly\b"), "weekly"),
        (re.compile(r"\b(?:every|each)\s+month\b|\bmonthly\b"), "monthly"),
    ],
}


def find_recurrence(text: str, *, lang: Lang) -> Recurrence | None:
    """The first recurrence phrase in `text`, in `lang` or the other language: the time grammar first,
    then the plain patterns below (what the grammar reads as a habit, unsure, is left to them)."""
    folded = fold(text)
    for language in (lang, "en" if lang == "fr" else "fr"):
        found = _from_grammar(text, language)
        if found is not None:
            return found
        best: Recurrence | None = None
        for pattern, builder in _PATTERNS[language]:
            m = pattern.search(folded)
            if m and (best is None or m.start() < best.start):
                best = _build(builder, m, language)
        if best is not None:
            return best
    return None


def _from_grammar(text: str, lang: Lang) -> Recurrence | None:
    from shared.brains.offline.time.api import recurrence_phrases

    for start, end, node in recurrence_phrases(text, lang=lang):
        if not node.confident:
            continue
        part_hour = node.core_part.default if node.core_part is not None else None
        days = tuple(sorted(node.byday))
        if node.freq == "DAILY" and not days:
            return Recurrence("daily", start, end, interval=node.interval, part_hour=part_hour)
        if node.freq == "WEEKLY" and days == (0, 1, 2, 3, 4) and node.interval == 1:
            return Recurrence("weekdays", start, end, part_hour=part_hour)
        if node.freq == "WEEKLY":
            weekday = days[0] if len(days) == 1 else None
            several = days if len(days) > 1 else ()
            return Recurrence("weekly", start, end, node.interval, weekday, part_hour=part_hour, days=several)
        if node.freq == "MONTHLY" and node.interval == 1 and not days:
            several = (node.bymonthday, *node.more_monthdays) if node.more_monthdays and node.bymonthday else ()
            return Recurrence("monthly", start, end, monthday=node.bymonthday, part_hour=part_hour, monthdays=several)
        if node.freq == "MONTHLY" and node.interval == 1 and len(days) == 1 and node.bysetpos is not None:
            return Recurrence("monthly", start, end, weekday=days[0], part_hour=part_hour, setpos=node.bysetpos)
    return None


def _weekday(name: str) -> int:
    return (_FR_DAYS.index(name) if name in _FR_DAYS else _EN_DAYS.index(name)) if name else 0


def _build(builder: str, m: re.Match[str], lang: Lang) -> Recurrence:
    s, e = m.start(), m.end()
    day = next((g for g in m.groups() if g and not g.isdigit() and g not in ("1er", "premier")), None)
    match builder:
        case "weekly2":
            return Recurrence("weekly", s, e, interval=2, weekday=_weekday(day or ""))
        case "dailyN":
            return Recurrence("daily", s, e, interval=max(1, int(m.group(1))))
        case "daily2":
            return Recurrence("daily", s, e, interval=2)
        case "weekdays":
            return Recurrence("weekdays", s, e)
        case "weekly":
            return Recurrence("weekly", s, e, weekday=_weekday(day) if day else None)
        case "monthday":
            raw = next(g for g in m.groups() if g)
            n = 1 if raw in ("1er", "premier") else int(raw)
            return Recurrence("monthly", s, e, monthday=min(max(n, 1), 31))
        case "morning":
            return Recurrence("daily", s, e, part_hour=_MORNING)
        case "evening":
            return Recurrence("daily", s, e, part_hour=_EVENING)
        case "monthly":
            return Recurrence("monthly", s, e)
    return Recurrence("daily", s, e)


# --- occurrences ---------------------------------------------------------------------------------------
def schedule(rec: Recurrence, at: time, *, now: datetime) -> tuple[str, datetime]:
    """(stored rule, first occurrence) for a recurrence at local time `at`: the first occurrence strictly
    after `now` (aware, the person's zone), today included."""
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo), "schedule needs the person's ZoneInfo"
    # The first occurrence is the first matching one strictly after now, whatever the interval ("un mardi
    # sur deux" starts next Tuesday); the interval then counts from it, so it is the rule's DTSTART.
    anchor = datetime.combine(now.date(), at)
    every_one = replace(rec, interval=1)
    probe = f"DTSTART:{anchor:%Y%m%dT%H%M%S}\nRRULE:{every_one.rule(now.date())}"
    first = next_occurrence(probe, tz.key, after=now)
    if first is None:  # pragma: no cover - our rules have no end
        raise ValueError(f"rule without occurrences: {probe}")
    local_first = first.astimezone(tz)
    start = datetime.combine(local_first.date(), at)  # the wall-clock time said, even if a DST gap moved it
    return f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:{rec.rule(local_first.date())}", local_first


def next_occurrence(rule: str, zone: str, *, after: datetime) -> datetime | None:
    """The occurrence strictly after `after`, as an aware UTC instant; local wall-clock time is kept across
    DST, and a time that does not exist that day (spring forward) moves forward by the gap."""
    from dateutil.rrule import rrulestr  # only here: keeps cold starts light

    tz = ZoneInfo(zone)
    rrule = rrulestr(rule)
    found = rrule.after(after.astimezone(tz).replace(tzinfo=None), inc=False)
    # Wall-clock comparison ignores DST's fold: in the repeated autumn hour a naive "later" time can be
    # an earlier instant. Compare instants, and step on until strictly after.
    while found is not None and found.replace(tzinfo=tz).astimezone(timezone.utc) <= after:
        found = rrule.after(found, inc=False)
    return None if found is None else found.replace(tzinfo=tz).astimezone(timezone.utc)


def latest_due(rule: str, zone: str, *, due: datetime, now: datetime, max_steps: int = 1000) -> datetime:
    """The latest occurrence at or before `now`, starting from `due`: what a series missed during
    downtime rings for (once), so that a late note counts from it, not from the oldest miss."""
    latest = due
    for _ in range(max_steps):
        following = next_occurrence(rule, zone, after=latest)
        if following is None or following > now:
            break
        latest = following
    return latest


def describe(rec: Recurrence, at: time, *, first: date, lang: Lang) -> str:
    """Plain wording of a recurrence: "tous les lundis à 8h", "every other day at 9 PM"."""
    clock = format_clock(at, lang=lang)
    weekday = first.weekday() if rec.weekday is None else rec.weekday
    monthday = first.day if rec.monthday is None else rec.monthday
    if lang == "fr":
        match rec.kind:
            case "daily":
                every = "tous les jours" if rec.interval == 1 else f"tous les {rec.interval} jours"
            case "weekdays":
                every = "du lundi au vendredi"
            case "weekly" if rec.days:
                every = "tous les " + _listed([_FR_DAYS[d] + "s" for d in rec.days], "et")
            case "weekly":
                name = _FR_DAYS[weekday]
                every = {1: f"tous les {name}s", 2: f"un {name} sur deux"}.get(
                    rec.interval, f"le {name} toutes les {rec.interval} semaines"
                )
            case _ if rec.setpos is not None:
                rank = "dernier" if rec.setpos == -1 else "premier" if rec.setpos == 1 else f"{rec.setpos}e"
                every = f"le {rank} {_FR_DAYS[weekday]} de chaque mois"
            case _:
                listed = _listed([f"le {'1er' if d == 1 else d}" for d in rec.monthdays or (monthday,)], "et")
                every = f"{listed} de chaque mois"
        return f"{every} à {clock}"
    match rec.kind:
        case "daily":
            every = (
                "every day"
                if rec.interval == 1
                else ("every other day" if rec.interval == 2 else f"every {rec.interval} days")
            )
        case "weekdays":
            every = "every weekday"
        case "weekly" if rec.days:
            every = "every " + _listed([_EN_DAYS[d].capitalize() for d in rec.days], "and")
        case "weekly":
            name = _EN_DAYS[weekday].capitalize()
            every = {1: f"every {name}", 2: f"every other {name}"}.get(
                rec.interval, f"every {rec.interval} weeks on {name}"
            )
        case _ if rec.setpos is not None:
            rank = "last" if rec.setpos == -1 else _ordinal(rec.setpos)
            every = f"on the {rank} {_EN_DAYS[weekday].capitalize()} of every month"
        case _:
            every = f"on the {_listed([_ordinal(d) for d in rec.monthdays or (monthday,)], 'and')} of every month"
    return f"{every} at {clock}"


def _listed(names: list[str], conjunction: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} {names[-1]}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
