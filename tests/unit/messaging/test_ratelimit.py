"""Slots at the provider's rate: a sender that wakes too late for its slot takes a new one."""

from __future__ import annotations

import time

import pytest

from shared.messaging.ratelimit import SLACK, LocalRateLimiter, wait_for_slot


class CountingLimiter(LocalRateLimiter):
    """The real local limiter, counting the slots asked of it."""

    def __init__(self, per_second: float) -> None:
        super().__init__(per_second)
        self.reserved = 0

    def reserve(self, count: int) -> float:
        self.reserved += count
        return super().reserve(count)


def test_slots_follow_each_other_at_the_rate() -> None:
    limiter = LocalRateLimiter(20.0)
    first = limiter.reserve(3)
    assert limiter.reserve(1) == pytest.approx(first + 3 * limiter.interval)


def test_a_slot_still_in_reach_is_used_as_it_is() -> None:
    limiter = CountingLimiter(1000.0)
    at = time.monotonic() + 0.01
    wait_for_slot(limiter, at)
    assert limiter.reserved == 0 and time.monotonic() >= at


def test_a_slot_missed_by_more_than_the_slack_is_given_up_for_a_new_one() -> None:
    limiter = CountingLimiter(1000.0)
    missed = time.monotonic() - 10 * SLACK  # the process stalled well past its slot
    wait_for_slot(limiter, missed)
    assert limiter.reserved == 1


def test_under_endless_stalls_the_send_goes_out_late_rather_than_never() -> None:
    class AlwaysPast(CountingLimiter):
        def reserve(self, count: int) -> float:
            super().reserve(count)
            return time.monotonic() - 1.0

    limiter = AlwaysPast(10.0)
    wait_for_slot(limiter, time.monotonic() - 1.0, tries=3)
    assert limiter.reserved == 2  # two fresh slots after the first, then it goes
