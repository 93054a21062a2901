"""Find the first time expression in a French or English SMS and resolve it per CONVENTIONS.md.

The parser is deterministic and cheap: regex atoms (_atoms.py) are chained when only connectors ("à",
"at", "le", ",") separate them, then the chain is resolved against `now` in the person's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal

from shared.brains.offline._atoms import Atom, find_atoms
from shared.brains.offline._lexicon import PART_HOURS, fold

Lang = Literal["fr", "en"]
DEFAULT_HOUR = 9  # a day with no time and no part of the day (CONVENTIONS.md)


@dataclass(frozen=True, slots=True)
class TimeMatch:
    start: int
    end: int
    when: datetime
    has_clock_time: bool  # False only when the 09:00 default was applied
    kinds: frozenset[str] = frozenset()  # what was said: "clock", "part", "day", "weekday", "date", "rel"


_CONNECTORS = {
    "fr": (
        r"a|vers|plutot|le|de|du|dans\s+la|dans\s+l'|dans\s+le|en|aux\s+alentours\s+de|autour\s+de"
        r"|environ|-"
    ),
    "en": r"at|@|on|the|of|in\s+the|in|around|about|for|-",
}
_LEAD = {
    "fr": r"(?:a|vers|pour\s+le|aux\s+alentours\s+de|autour\s+de|a\s+environ|environ|d'ici)",
    "en": r"(?:at|@|on|around|about|by|for)",
}
_ONE_PER_KIND = ("rel", "clock", "part", "date", "weekday", "day")


def _chains(atoms: list[Atom], folded: str, lang: Lang) -> list[list[Atom]]:
    gap_ok = re.compile(rf"[\s,]*(?:(?:{_CONNECTORS[lang]})(?![\w])[\s,]*)*|[\s,]*'?")
    chains: list[list[Atom]] = []
    for atom in atoms:
        last = chains[-1] if chains else None
        if (
            last is not None
            and gap_ok.fullmatch(folded[last[-1].end : atom.start])
            and all(a.kind != atom.kind for a in last)
        ):
            last.append(atom)
        else:
            chains.append([atom])
    return chains


def parse_time(text: str, *, now: datetime, lang: Lang) -> TimeMatch | None:
    """Find the first (longest) time expression in text and resolve it against now (aware, user tz)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime in the user's time zone")
    folded = fold(text)
    for chain in _chains(find_atoms(folded, lang), folded, lang):
        if all(a.weak for a in chain):
            continue
        try:
            resolved = _resolve(chain, now)
        except (ValueError, OverflowError):  # "dans 99999 ans": beyond what a datetime holds
            resolved = None
        if resolved is None:
            continue
        when, has_clock = resolved
        start = chain[0].start
        lead = re.search(rf"(?<![\w@]){_LEAD[lang]}\s*$", folded[:start])
        if lead and chain[0].kind in ("clock", "date", "weekday", "day", "part"):
            start = lead.start()
        kinds = frozenset(a.kind for a in chain)
        return TimeMatch(start=start, end=chain[-1].end, when=when, has_clock_time=has_clock, kinds=kinds)
    return None


def _local(day: date, hour: int, minute: int, tz: tzinfo | None) -> datetime:
    """Wall-clock time on a day; a time inside a DST gap moves forward by the gap (02:30 -> 03:30)."""
    naive = datetime.combine(day, time(hour, minute), tzinfo=tz)
    return naive.astimezone(timezone.utc).astimezone(tz)


def _after(candidate: datetime, now: datetime) -> bool:
    return candidate.timestamp() > now.timestamp()


def _weekday_date(data: dict[str, Any], today: date) -> date:
    target, mode = data["weekday"], data["mode"]
    monday = today - timedelta(days=today.weekday())
    if mode == "nextweek":
        return monday + timedelta(days=7 + target)
    if mode == "thisweek":
        return monday + timedelta(days=target)
    if mode == "lastweek":
        return monday - timedelta(days=7 - target)
    if mode == "last":
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    if mode in ("plus7", "plus14"):
        floor = today + timedelta(days=7 if mode == "plus7" else 14)
        return floor + timedelta(days=(target - floor.weekday()) % 7)
    ahead = today + timedelta(days=(target - today.weekday()) % 7 or 7)
    return ahead + timedelta(days=7) if mode == "after_next" else ahead


def _date_date(data: dict[str, Any], today: date) -> date | None:
    day, month, year, weekday = data["day"], data["month"], data["year"], data["weekday"]
    if month is not None:
        for y in [year] if year else range(today.year, today.year + 9):
            try:
                found = date(y, month, day)
            except ValueError:
                continue
            if year or (found >= today and weekday in (None, found.weekday())):
                return found
        return None
    # A day of the month alone ("le 16", "jeudi 15"): the next month that has it (and the weekday said).
    y, m = today.year, today.month
    for _ in range(12 * 30):
        try:
            candidate: date | None = date(y, m, day)
        except ValueError:
            candidate = None
        if candidate and candidate >= today and (weekday is None or candidate.weekday() == weekday):
            return candidate
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


def _resolve(chain: list[Atom], now: datetime) -> tuple[datetime, bool] | None:
    tz, today = now.tzinfo, now.date()
    by = {a.kind: a.data for a in chain}
    rel = by.get("rel")
    if rel and "minutes" in rel:  # elapsed time, whatever else was said
        moved = now.astimezone(timezone.utc) + timedelta(minutes=rel["minutes"])
        return moved.astimezone(tz), True

    base: date | None = None
    if rel:
        base = today + timedelta(weeks=rel.get("weeks", 0), days=rel.get("days", 0))
        if rel.get("months") or rel.get("years"):
            from dateutil.relativedelta import relativedelta  # only here: keeps cold starts light

            base += relativedelta(years=rel.get("years", 0), months=rel.get("months", 0))
    elif "date" in by:
        base = _date_date(by["date"], today)
        if base is None:
            return None
    elif "weekday" in by:
        base = _weekday_date(by["weekday"], today)
    elif "day" in by:
        base = today + timedelta(days=by["day"]["offset"])
    part = by.get("part")
    if base is None and part and part["today"]:
        base = today

    clock = by.get("clock")
    if clock:
        return _resolve_clock(clock, part["part"] if part else None, base, now), True
    if part:
        hour = PART_HOURS[part["part"]]
        if base is not None:
            return _local(base, hour, 0, tz), True
        candidate = _local(today, hour, 0, tz)
        return (candidate if _after(candidate, now) else _local(today + timedelta(days=1), hour, 0, tz)), True
    assert base is not None
    if rel:
        return _local(base, now.hour, now.minute, tz), True  # calendar offset keeps the wall clock
    return _local(base, DEFAULT_HOUR, 0, tz), False


def _resolve_clock(clock: dict[str, Any], part: str | None, base: date | None, now: datetime) -> datetime:
    tz, today = now.tzinfo, now.date()
    hour, minute = clock["hour"], clock["minute"]
    if clock["midnight"]:
        return _local((base or today) + timedelta(days=1), 0, 0, tz)
    if clock["ampm"] == "pm" and hour < 12:
        hour += 12
    elif clock["ampm"] == "am" and hour == 12:
        hour = 0
    elif clock["ampm"] is None and part in ("afternoon", "evening") and hour < 12:
        hour += 12  # an evening word makes a bare hour pm ("tonight at 8" = 20:00)
    elif clock["twelve"] and part is None and (base is None or base == today):
        # English bare hour today: the next occurrence after now ("at 5" said at 14:00 = 17:00).
        day = base or today
        candidates = [
            _local(day + timedelta(days=d), h, minute, tz) for d in (0, 1) for h in (hour % 12, hour % 12 + 12)
        ]
        upcoming = [c for c in candidates if _after(c, now)]
        if base is not None:
            upcoming = [c for c in upcoming if c.date() <= base] or upcoming
        return upcoming[0]
    if base is not None:
        return _local(base, hour, minute, tz)
    candidate = _local(today, hour, minute, tz)
    return candidate if _after(candidate, now) else _local(today + timedelta(days=1), hour, minute, tz)
