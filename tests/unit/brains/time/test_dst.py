"""Daylight saving: offsets in days keep the wall clock, hours are elapsed, times in the gap move forward."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.unit.brains.time.helpers import PARIS, only


def test_days_across_the_spring_change_keep_the_wall_clock() -> None:
    now = datetime(2026, 3, 27, 14, 0, tzinfo=PARIS)
    assert only("dans 3 jours", "fr", now=now).value == datetime(2026, 3, 30, 14, 0, tzinfo=PARIS)


def test_weeks_across_the_autumn_change_keep_the_wall_clock() -> None:
    now = datetime(2026, 10, 20, 9, 15, tzinfo=PARIS)
    m = only("in 1 week", "en", now=now)
    assert m.value is not None and m.value.isoformat() == "2026-10-27T09:15:00+01:00"


def test_hours_across_the_spring_change_are_elapsed() -> None:
    now = datetime(2026, 3, 29, 1, 30, tzinfo=PARIS)
    m = only("dans 2 heures", "fr", now=now)
    assert m.value is not None and m.value.isoformat() == "2026-03-29T04:30:00+02:00"


def test_hours_across_the_autumn_change_are_elapsed() -> None:
    now = datetime(2026, 10, 25, 1, 30, tzinfo=PARIS)
    m = only("in 2 hours", "en", now=now)
    assert m.value is not None
    assert m.value.astimezone(timezone.utc) - now.astimezone(timezone.utc) == timedelta(hours=2)


def test_a_time_in_the_spring_gap_moves_forward() -> None:
    now = datetime(2026, 3, 28, 20, 0, tzinfo=PARIS)
    m = only("demain à 2h30", "fr", now=now)
    assert m.value is not None and m.value.isoformat() == "2026-03-29T03:30:00+02:00"


def test_a_month_across_the_change_keeps_the_wall_clock() -> None:
    now = datetime(2026, 3, 10, 14, 0, tzinfo=PARIS)
    m = only("dans 1 mois", "fr", now=now)
    assert m.value is not None and m.value.isoformat() == "2026-04-10T14:00:00+02:00"
