"""What both cache adapters share: redis-py and upstash-redis speak the same Redis commands with the same
keyword arguments, so the plain commands live here once; each adapter adds transactions, streams and
its own error types."""

from __future__ import annotations

from typing import Any

from shared.cache.port import check_ttl

# The key holds the theoretical arrival time (µs) after the last reserved slot. The server's TIME is the one
# clock every process shares; µs since 1970 stay exact in Lua's doubles (< 2^53).
_RESERVE_SLOTS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local after = start + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.floor((after - now) / 1000) + 1000)
return string.format('%.0f', start - now)
"""


# A sliding window counter in one hash {i: window index, c: its count, p: the previous window's count}: the
# previous count weighs by the share of the window still ahead, as if its hits had been spread evenly.
_HIT_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local index = math.floor(now / window)
local data = redis.call('HMGET', KEYS[1], 'i', 'c', 'p')
local i, c, p = tonumber(data[1] or '-2'), tonumber(data[2] or '0'), tonumber(data[3] or '0')
if i ~= index then
  if i == index - 1 then p = c else p = 0 end
  c = 0
end
local elapsed = (now - index * window) / window
local used = p * (1 - elapsed) + c
local allowed, wait = 0, 0
if used + cost <= limit then
  allowed, c = 1, c + cost
elseif cost > limit then
  wait = -1
elseif c + cost <= limit then
  wait = math.ceil(((1 - (limit - c - cost) / p) - elapsed) * window)
else
  wait = math.ceil((1 - elapsed) * window + math.max(0, 1 - (limit - cost) / c) * window)
end
redis.call('HSET', KEYS[1], 'i', index, 'c', c, 'p', p)
redis.call('PEXPIRE', KEYS[1], window * 2)
if allowed == 0 and wait ~= -1 then wait = math.max(wait, 1) end
return {allowed, wait, math.max(0, math.floor(limit - used - cost * allowed))}
"""


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

    def reserve_slots(self, key: str, count: int, *, interval_us: int) -> int:
        if count <= 0 or interval_us <= 0:
            raise ValueError("count and interval_us must be positive")
        return int(self._eval(_RESERVE_SLOTS, [key], [interval_us, count]))

    def hit_window(self, key: str, limit: int, *, window_ms: int, cost: int = 1) -> tuple[bool, int, int]:
        if limit <= 0 or window_ms <= 0 or cost <= 0:
            raise ValueError("limit, window_ms and cost must be positive")
        allowed, wait, left = self._eval(_HIT_WINDOW, [key], [limit, window_ms, cost])
        return bool(int(allowed)), int(wait), int(left)

    def _eval(self, script: str, keys: list[str], args: list[int | str]) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        """Release the client's connections (not part of the port: for owners such as the emulator)."""
        self._client.close()
