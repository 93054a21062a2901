"""Shared by the time grammar's tests: a fixed now and small helpers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.brains.offline.time import TimeMention, parse

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)  # a Tuesday, 14:00, before the spring DST change


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def only(text: str, lang: str, now: datetime = NOW) -> TimeMention:
    """The one mention of a text (the longest when there are several)."""
    found = parse(text, now=now, lang=lang)  # type: ignore[arg-type]
    assert found, f"no time found in {text!r}"
    return max(found, key=lambda m: m.end - m.start)


def said(text: str, m: TimeMention) -> str:
    return text[m.start : m.end]
