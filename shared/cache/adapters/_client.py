"""What both cache adapters share: redis-py and upstash-redis speak the same Redis commands with the same
keyword arguments, so the plain commands live here once; each adapter adds transactions, streams and
its own error types."""

from __future__ import annotations

from typing import Any

from shared.cache.port import check_ttl


class RedisLikeCache:
    _client: Any

    def get(self, key: str) -> str | None:
        value = self._client.get(key)
        return None if value is None else str(value)

    def set(self, key: str, value: str, *, ttl_seconds: int | None = None, only_if_absent: bool = False) -> bool:
        check_ttl(ttl_seconds)
        return bool(self._client.set(key, value, ex=ttl_seconds, nx=only_if_absent))

    def delete(self, *keys: str) -> int:
        return int(self._client.delete(*keys)) if keys else 0

    def expire(self, key: str, ttl_seconds: int) -> bool:
        return bool(self._client.expire(key, ttl_seconds))

    def ttl(self, key: str) -> int:
        return int(self._client.ttl(key))

    def incr(self, key: str, *, ttl_seconds: int | None = None) -> int:
        if ttl_seconds is None:
            return int(self._client.incr(key))
        check_ttl(ttl_seconds)
        # One transaction: create the key at 0 with its expiry if absent, then count. INCR keeps the
        # TTL; `EXPIRE ... NX` would need Redis 7 and an INCR-then-EXPIRE pair can lose the expiry.
        return self._incr_window(key, ttl_seconds)

    def _incr_window(self, key: str, ttl_seconds: int) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release the client's connections (not part of the port: for owners such as the emulator)."""
        self._client.close()
