"""English times, table-driven, resolved per CONVENTIONS.md (now: Tuesday 2026-03-10 14:00, Paris)."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared.brains.offline.time import parse
from tests.unit.brains.time.helpers import NEW_YORK, NOW, at, only, said

INSTANTS = [
    ("tomorrow", at(11), False),
    ("tomorrow at 5pm", at(11, 17), True),
    ("tonight", at(10, 19), False),
    ("tonight at 8", at(10, 20), True),  # an evening word makes a bare hour pm
    ("8 tonight", at(10, 20), True),
    ("this afternoon", at(10, 15), False),
    ("tomorrow morning", at(11, 8), False),
    ("tomorrow morning at 9", at(11, 9), True),
    ("tomorrow night at 11", at(11, 23), True),
    # English bare hours: today the next occurrence, another day the morning reading
    ("at 5", at(10, 17), True),
    ("at 1", at(11, 1), True),
    ("around 10", at(10, 22), True),
    ("saturday at 10", at(14, 10), True),
    ("at 5 tomorrow", at(11, 5), True),
    ("half past 9", at(10, 21, 30), True),
    ("quarter to 5", at(10, 16, 45), True),
    ("a quarter past 3pm", at(10, 15, 15), True),
    ("20 minutes to 2pm tomorrow", at(11, 13, 40), True),
    ("at 3:30pm", at(10, 15, 30), True),
    ("330 p.m.", at(10, 15, 30), True),
    ("at 1030", at(10, 22, 30), True),  # a bare hour today: the next one
    ("15h30", at(10, 15, 30), True),
    ("noon", at(11, 12), True),
    ("midnight", at(11, 0), True),
    ("seven thirty p.m.", at(10, 19, 30), True),
    # weekdays: "next X" is in the next calendar week
    ("friday", at(13), False),
    ("this thursday", at(12), False),
    ("next friday", at(20), False),
    ("next wednesday", at(18), False),
    ("friday next week", at(20), False),
    ("wednesday after next", at(18), False),
    ("last tuesday", at(3), False),
    ("thu 3pm", at(12, 15), True),
    ("sat morning", at(14, 8), False),
    ("sun at noon", at(15, 12), True),
    # dates: month/day, the next one to come
    ("march 12 at 2pm", at(12, 14), True),
    ("March 3rd", at(3, year=2027), False),
    ("the 1st of april", at(1, month=4), False),
    ("on the 15th", at(15), False),
    ("Monday, March 16", at(16), False),
    ("april 14, 2027", at(14, month=4, year=2027), False),
    ("3/12/2026", at(12), False),
    # offsets
    ("in 2 hours", at(10, 16), True),
    ("in 1/2 hour", at(10, 14, 30), True),
    ("in 3/4 h", at(10, 14, 45), True),
    ("in an hour and a half", at(10, 15, 30), True),
    ("in a couple of hours", at(10, 16), True),
    ("in 3 days", at(13, 14), True),
    ("in 2 weeks", at(24, 14), True),
    ("2 days from now", at(12, 14), True),
    ("3 weeks ago", at(17, 14, month=2), True),
    ("in 7 days at 5pm", at(17, 17), True),
    ("2 hours before 5pm", at(10, 15), True),
    ("three days after easter", at(8, month=4), False),
    # ordinals, holidays
    ("first tuesday of october", at(6, month=10), False),
    ("last friday of the month", at(27), False),
    ("the third tuesday of april", at(21, month=4), False),
    ("last day of february 2027", at(28, month=2, year=2027), False),
    ("christmas", at(25, month=12), False),
    ("xmas at 6 pm", at(25, 18, month=12), True),
    ("thanksgiving", at(26, month=11), False),
    ("memorial day", at(25, month=5), False),
    ("labor day", at(7, month=9), False),
    ("mlk day", at(18, month=1, year=2027), False),
    ("mother's day", at(10, month=5), False),
    ("easter monday", at(6, month=4), False),
    ("new year's eve", at(31, month=12), False),
    ("3 fridays from now", at(27), False),
    # time zones
    ("4pm CET", at(10, 16), True),
    ("9am PST", at(10, 18), True),
    ("thursday 8:00 GMT", at(12, 9), True),
]


@pytest.mark.parametrize(("text", "when", "has_clock"), INSTANTS, ids=[t for t, *_ in INSTANTS])
def test_english_instants(text: str, when: datetime, has_clock: bool) -> None:
    m = only(text, "en")
    assert (m.kind, m.value, m.has_clock_time) == ("instant", when, has_clock)


INTERVALS = [
    ("from 13 to 15 July", at(13, 0, month=7), at(16, 0, month=7)),
    ("July 13-15", at(13, 0, month=7), at(16, 0, month=7)),
    ("Aug 8 - Aug 12", at(8, 0, month=8), at(13, 0, month=8)),
    ("3-4pm", at(10, 15), at(10, 16)),
    ("between 9:30 and 11:00 on thursday", at(12, 9, 30), at(12, 11)),
    ("thursday from 9a to 11a", at(12, 9), at(12, 11)),
    ("8am until 6", at(11, 8), at(11, 18)),
    ("4pm for 30 mins", at(10, 16), at(10, 16, 30)),
    ("for 10 days from 18th Dec", at(18, 0, month=12), at(28, 0, month=12)),
    ("the end of the month", at(21, 0), at(1, 0, month=4)),
    ("end of April", at(21, 0, month=4), at(1, 0, month=5)),
    ("early March", at(1, 0, month=3, year=2026), at(11, 0)),
    ("this weekend", at(13, 18), at(16, 0)),
    ("next week", at(16, 0), at(23, 0)),
    ("next 3 days", at(11, 0), at(14, 0)),
    ("last weekend of April", at(24, 18, month=4), at(27, 0, month=4)),
    ("this summer", at(21, 0, month=6), at(24, 0, month=9)),
    ("passover 2027", at(21, 0, month=4, year=2027), at(30, 0, month=4, year=2027)),
]


@pytest.mark.parametrize(("text", "start", "end"), INTERVALS, ids=[t for t, *_ in INTERVALS])
def test_english_intervals(text: str, start: datetime, end: datetime) -> None:
    m = only(text, "en")
    assert (m.kind, m.value, m.end_value) == ("interval", start, end)


OPEN = [
    ("after 6pm", "after", at(10, 18)),
    ("before noon", "before", at(11, 12)),
    ("by friday", "before", at(13)),  # CONVENTIONS: due on Friday itself
    ("by the end of the month", "before", at(31)),
    ("by end of week", "before", at(15)),
    ("since monday", "after", at(16, 0)),
    ("asap", "after", NOW),
    ("after 5 days", "after", at(15, 14)),
]


@pytest.mark.parametrize(("text", "direction", "bound"), OPEN, ids=[t for t, *_ in OPEN])
def test_english_open_intervals(text: str, direction: str, bound: datetime) -> None:
    m = only(text, "en")
    assert (m.kind, m.direction, m.value) == ("open_interval", direction, bound)


def test_an_offset_after_a_time_said_later_in_the_message() -> None:
    text = "remind me 30 minutes before the meeting at 3pm"
    found = parse(text, now=NOW, lang="en")
    offset = next(m for m in found if m.anchor is not None)
    assert offset.value == at(10, 14, 30) and said(text, offset.anchor) == "at 3pm"  # type: ignore[arg-type]


def test_an_offset_before_nothing_is_a_duration_said_unsure() -> None:
    m = only("remind me 1 hour before", "en")
    assert (m.kind, m.direction, m.confident, m.value) == ("duration", "before", False, None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("for a week and a half", 10.5 * 86400),
        ("for 2 hours", 7200),
        ("half an hour", 1800),
        ("an hour and 45 minutes", 6300),
        ("1.5 hours", 5400),
        ("a couple of days", 172800),
    ],
)
def test_english_durations(text: str, seconds: float) -> None:
    m = only(text, "en")
    assert m.kind == "duration" and m.duration.total_seconds() == seconds  # type: ignore[union-attr]


def test_months_and_years_make_a_calendar_duration() -> None:
    m = only("for a month and a half", "en")
    assert m.kind == "duration"
    assert (m.duration.months, m.duration.days) == (1, 15)  # type: ignore[union-attr]


class TestNewYork:
    NOW = datetime(2026, 3, 6, 14, 0, tzinfo=NEW_YORK)  # a Friday; clocks spring forward on March 8

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("tomorrow at 5pm", "2026-03-07T17:00:00-05:00"),
            ("in 3 days", "2026-03-09T14:00:00-04:00"),  # the wall clock kept across the change
            ("next friday", "2026-03-13T09:00:00-04:00"),
            ("at 5", "2026-03-06T17:00:00-05:00"),
            ("monday at 8:30am", "2026-03-09T08:30:00-04:00"),
            ("4pm CET", "2026-03-07T10:00:00-05:00"),  # 10:00 in New York, already past today
            ("sunday at 2:30am", "2026-03-08T03:30:00-04:00"),  # inside the gap: moved forward
        ],
    )
    def test_in_new_york(self, text: str, expected: str) -> None:
        m = only(text, "en", now=self.NOW)
        assert m.value is not None and m.value.isoformat() == expected
