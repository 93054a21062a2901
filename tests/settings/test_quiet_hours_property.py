"""Quiet hours across daylight-saving changes (Europe/Paris, America/New_York), property-based: the delayed time
is never inside quiet hours, never earlier than due, equals the due time outside them, and lands on the local end
time (or, when a spring jump skips it, on the jump) inside them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shared.users.service import in_quiet_hours, quiet_until

ZONES = [ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")]

# Instants around the 2026 and 2027 DST changes of both zones (the days before and after), and any instant.
CHANGES = [
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York, spring
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # Paris, spring
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # Paris, autumn
    datetime(2026, 11, 1, 6, tzinfo=UTC),  # New York, autumn
    datetime(2027, 3, 14, 7, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC),
]
near_change = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(CHANGES),
    st.integers(min_value=-36 * 60, max_value=36 * 60),
)
anytime = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)
instants = st.one_of(near_change, anytime)
# Quarter hours, with the DST hours (01:00-03:00) well represented.
clock = st.one_of(
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
    st.builds(time, st.integers(1, 2), st.sampled_from([0, 15, 30, 45])),
)


def _wall(at: datetime, zone: ZoneInfo) -> time:
    return at.astimezone(zone).time().replace(tzinfo=None)


def _skipped(day_end: time, at: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall time `day_end` does not exist on the local day of `at` (a spring jump)."""
    local = at.astimezone(zone)
    naive = datetime.combine(local.date(), day_end)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive


@settings(max_examples=1500, deadline=None)
@given(due=instants, zone=st.sampled_from(ZONES), start=clock, end=clock)
@example(due=datetime(2026, 3, 29, 0, 30, tzinfo=UTC), zone=ZONES[0], start=time(22), end=time(2, 30))
@example(due=datetime(2026, 11, 1, 5, 20, tzinfo=UTC), zone=ZONES[1], start=time(1), end=time(1, 45))
@example(due=datetime(2026, 3, 8, 6, 0, tzinfo=UTC), zone=ZONES[1], start=time(2, 45), end=time(2, 30))
def test_the_delayed_time_is_right_across_dst(due: datetime, zone: ZoneInfo, start: time, end: time) -> None:
    at = quiet_until(due, zone=zone, start=start, end=end)
    assert at >= due
    assert not in_quiet_hours(at, zone=zone, start=start, end=end)
    if not in_quiet_hours(due, zone=zone, start=start, end=end):
        assert at == due
        return
    assert at - due <= timedelta(hours=48)
    if _wall(at, zone) == end:
        # the first instant showing `end` after due: a minute earlier it was still quiet (or before due)
        before = at - timedelta(minutes=1)
        assert before < due or in_quiet_hours(before, zone=zone, start=start, end=end) or _wall(before, zone) == end
    else:
        # `end` did not exist that day: the delayed time is the jump itself, within a minute
        assert _skipped(end, at, zone) or _skipped(end, at - timedelta(hours=1), zone)
        assert (at - timedelta(minutes=1)).astimezone(zone).utcoffset() != at.astimezone(
            zone
        ).utcoffset() or in_quiet_hours(at - timedelta(minutes=1), zone=zone, start=start, end=end)


@pytest.mark.parametrize(
    ("zone", "due_local", "start", "end", "expected_local"),
    [
        # spans midnight: late evening waits for the next morning, early morning for this morning
        ("Europe/Paris", datetime(2026, 3, 10, 23, 0), time(22), time(8), datetime(2026, 3, 11, 8, 0)),
        ("Europe/Paris", datetime(2026, 3, 11, 6, 59), time(22), time(8), datetime(2026, 3, 11, 8, 0)),
        ("Europe/Paris", datetime(2026, 3, 10, 21, 59), time(22), time(8), datetime(2026, 3, 10, 21, 59)),
        ("Europe/Paris", datetime(2026, 3, 11, 8, 0), time(22), time(8), datetime(2026, 3, 11, 8, 0)),
        # the night the clocks go forward (Paris 29 March 2026, New York 8 March 2026): 08:00 local, new offset
        ("Europe/Paris", datetime(2026, 3, 28, 23, 30), time(22), time(8), datetime(2026, 3, 29, 8, 0)),
        ("America/New_York", datetime(2026, 3, 7, 23, 30), time(22), time(8), datetime(2026, 3, 8, 8, 0)),
        # and back (Paris 25 October, New York 1 November)
        ("Europe/Paris", datetime(2026, 10, 24, 23, 30), time(22), time(8), datetime(2026, 10, 25, 8, 0)),
        ("America/New_York", datetime(2026, 10, 31, 23, 30), time(22), time(8), datetime(2026, 11, 1, 8, 0)),
        # a daytime window
        ("America/New_York", datetime(2026, 6, 1, 13, 0), time(12), time(14), datetime(2026, 6, 1, 14, 0)),
    ],
)
def test_examples(zone: str, due_local: datetime, start: time, end: time, expected_local: datetime) -> None:
    tz = ZoneInfo(zone)
    at = quiet_until(due_local.replace(tzinfo=tz), zone=tz, start=start, end=end)
    assert at.astimezone(tz).replace(tzinfo=None) == expected_local
    assert at.astimezone(tz).utcoffset() == expected_local.replace(tzinfo=tz).utcoffset()


def test_the_skipped_end_lands_on_the_jump() -> None:
    paris = ZoneInfo("Europe/Paris")
    # quiet until 02:30, the night 02:00 becomes 03:00: the first moment after quiet hours is 03:00 CEST
    at = quiet_until(datetime(2026, 3, 29, 1, 30, tzinfo=paris), zone=paris, start=time(22), end=time(2, 30))
    assert at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_equal_start_and_end_mean_no_quiet_hours() -> None:
    due = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
    assert quiet_until(due, zone=ZONES[0], start=time(8), end=time(8)) == due
