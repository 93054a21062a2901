"""The provider's per-sender rate, shared by every process that sends (sweeps, agent turns): slots are
reserved in Redis so that several senders together never exceed it. If the cache cannot be reached, a
process keeps sending at the same rate on its own (an outage of the cache must not stop reminders)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

from shared.cache.port import Cache

log = logging.getLogger("boussole.ratelimit")

# Slots are spaced for a little under the provider's rate: arrivals jitter by a few milliseconds on the
# network, and at exactly the limit any jitter puts one message too many in some one-second window.
HEADROOM = 0.95
# A send may start this long after its slot and still fit: in any one-second window the headroom leaves
# room for the sends of this much time. Later than that, the slot is given up and a new one taken, so
# that a stalled process never bunches its late sends with the next ones.
SLACK = 1.0 - HEADROOM


class RateLimiter(Protocol):
    @property
    def interval(self) -> float:
        """Seconds between two slots."""
        ...

    def reserve(self, count: int) -> float:
        """Reserve `count` slots; return the monotonic time of the first (the rest follow `interval` apart)."""
        ...


def wait_for_slot(limiter: RateLimiter, at: float, *, tries: int = 3) -> None:
    """Sleep until the slot at `at`; if the process woke too late to use it, take a fresh one (a few times
    at most: under extreme load a send goes out late rather than never)."""
    for attempt in range(1, tries + 1):
        pause = at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        if time.monotonic() - at <= SLACK or attempt == tries:
            return
        at = limiter.reserve(1)


class LocalRateLimiter:
    """Slots spaced `1/per_second` apart within this process."""

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self._interval = 1.0 / per_second
        self._next = 0.0
        self._lock = threading.Lock()

    @property
    def interval(self) -> float:
        return self._interval

    def reserve(self, count: int) -> float:
        with self._lock:
            start = max(self._next, time.monotonic())
            self._next = start + count * self._interval
            return start


class SharedRateLimiter:
    """Slots spaced `1/per_second` apart across every process, on the cache's clock."""

    def __init__(self, cache: Cache, sender: str, per_second: float) -> None:
        self._cache = cache
        self._key = f"sms:rate:{sender}"
        self._fallback = LocalRateLimiter(per_second * HEADROOM)
        self._interval_us = max(1, round(1_000_000 / (per_second * HEADROOM)))

    @property
    def interval(self) -> float:
        return self._fallback.interval

    def reserve(self, count: int) -> float:
        try:
            wait_us = self._cache.reserve_slots(self._key, count, interval_us=self._interval_us)
        except Exception as exc:  # the limiter protects the provider; it must not stop the sends
            log.warning("rate limiter unavailable, limiting this process alone", extra={"error": type(exc).__name__})
            return self._fallback.reserve(count)
        return time.monotonic() + wait_us / 1_000_000
