"""The cache port: one narrow Redis-shaped interface, two adapters (Upstash REST, Redis protocol).

Used for short-term conversation context, rate limits, idempotency keys, locks, sessions and the
emulator's SMS console stream. Values are text (UTF-8); adapters hide encodings.
"""

from __future__ import annotations

from typing import Protocol


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, *, ttl_seconds: int | None = None, only_if_absent: bool = False) -> bool:
        """Store `value`; with only_if_absent, return False when the key already existed."""
        ...

    def delete(self, *keys: str) -> int: ...

    def expire(self, key: str, ttl_seconds: int) -> bool: ...

    def ttl(self, key: str) -> int:
        """Seconds left; -1 without expiry, -2 when the key does not exist."""
        ...

    def incr(self, key: str, *, ttl_seconds: int | None = None) -> int:
        """Increment a counter, setting its expiry when it is created (fixed-window rate limits)."""
        ...

    def reserve_slots(self, key: str, count: int, *, interval_us: int) -> int:
        """Reserve `count` consecutive slots `interval_us` apart on a schedule shared by every process
        (a rate limit: GCRA on the server's clock); return microseconds until the first slot."""
        ...

    def hit_window(self, key: str, limit: int, *, window_ms: int, cost: int = 1) -> tuple[bool, int, int]:
        """Count `cost` against `limit` per sliding window of `window_ms` (the previous window's count weighs
        by how much of it still overlaps; the server's clock): (allowed, milliseconds to wait when refused,
        what is left). A refused hit is not counted; a cost above the limit waits -1 (never)."""
        ...

    def stream_add(self, key: str, fields: dict[str, str], *, max_len: int = 1000) -> str:
        """XADD with approximate trimming; return the entry id."""
        ...

    def stream_read(self, key: str, *, after: str = "0", count: int = 100) -> list[tuple[str, dict[str, str]]]:
        """Entries strictly after `after` (non-blocking), oldest first."""
        ...

    def ping(self) -> bool: ...


def check_ttl(ttl_seconds: int | None) -> None:
    """Both adapters refuse a zero or negative expiry the same way (Redis would delete or error)."""
    if ttl_seconds is not None and ttl_seconds <= 0:
        raise ValueError(f"ttl_seconds must be positive, got {ttl_seconds}")
