"""Say an instant the way a person would in an SMS: "demain à 9h", "Thursday, March 12 at 3:30 PM"."""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

Lang = Literal["fr", "en"]

_FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_HORIZON_DAYS = 300  # further than this (or in an earlier year), say the year


def format_clock(at: time | datetime, *, lang: Lang) -> str:
    """A time of day alone: "21h", "8h30" / "9 PM", "7:30 AM"."""
    return _fr_clock(at) if lang == "fr" else _en_clock(at)


def _fr_clock(when: time | datetime) -> str:
    return f"{when.hour}h{when.minute:02d}" if when.minute else f"{when.hour}h"


def _en_clock(when: time | datetime) -> str:
    hour = when.hour % 12 or 12
    suffix = "AM" if when.hour < 12 else "PM"
    return f"{hour}:{when.minute:02d} {suffix}" if when.minute else f"{hour} {suffix}"


def format_when(when: datetime, *, now: datetime, lang: Lang) -> str:
    """Plain local wording of an instant, both aware in the user's tz.

    fr: "aujourd'hui à 15h32", "demain à 9h", "jeudi 12 mars à 15h30", "lundi 3 mars 2028 à 9h".
    en: "today at 3:32 PM", "tomorrow at 9 AM", "Thursday, March 12 at 3:30 PM",
        "Monday, March 3, 2028 at 9 AM".
    """
    if now.tzinfo is None or when.tzinfo is None:
        raise ValueError("format_when needs aware datetimes")
    when = when.astimezone(now.tzinfo)
    days = (when.date() - now.date()).days
    with_year = days > _YEAR_HORIZON_DAYS or (days < 0 and when.year != now.year)
    if lang == "fr":
        clock = _fr_clock(when)
        if days == 0:
            return f"aujourd'hui à {clock}"
        if days == 1:
            return f"demain à {clock}"
        day = "1er" if when.day == 1 else str(when.day)
        year = f" {when.year}" if with_year else ""
        return f"{_FR_DAYS[when.weekday()]} {day} {_FR_MONTHS[when.month - 1]}{year} à {clock}"
    clock = _en_clock(when)
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    year = f", {when.year}" if with_year else ""
    return f"{_EN_DAYS[when.weekday()]}, {_EN_MONTHS[when.month - 1]} {when.day}{year} at {clock}"
