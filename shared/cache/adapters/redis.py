"""Cache over the Redis protocol with redis-py: the local emulator, or any self-hosted or managed Redis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.cache.adapters._client import RedisLikeCache
from shared.cache.port import Cache

if TYPE_CHECKING:
    import redis


class RedisCache(RedisLikeCache, Cache):
    """The cache port over a `redis.Redis` built with `protocol=2, decode_responses=True`."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    @classmethod
    def connect(cls, url: str, *, timeout_seconds: float = 3.0) -> RedisCache:
        """Connect lazily to `redis://host:port/0`, `rediss://...` or `unix:///path/to/redis.socket`."""
        import redis  # ~300 ms to import: keep it off cold starts that never touch the cache

        # protocol=2: redis-py 8 speaks RESP3 by default, whose replies (and server support) differ.
        client = redis.Redis.from_url(
            url,
            protocol=2,
            decode_responses=True,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
        )
        return cls(client)

    def _incr_window(self, key: str, ttl_seconds: int) -> int:
        with self._client.pipeline(transaction=True) as tx:
            tx.set(key, "0", ex=ttl_seconds, nx=True)
            tx.incr(key)
            _, count = tx.execute()
        return int(count)

    def _eval(self, script: str, keys: list[str], args: list[int | str]) -> Any:
        return self._client.eval(script, len(keys), *keys, *args)

    def stream_add(self, key: str, fields: dict[str, str], *, max_len: int = 1000) -> str:
        return str(self._client.xadd(key, fields, maxlen=max_len, approximate=True))

    def stream_read(self, key: str, *, after: str = "0", count: int = 100) -> list[tuple[str, dict[str, str]]]:
        entries = self._client.xrange(key, min=f"({after}", max="+", count=count)
        return [
            (str(entry_id), {str(k): str(v) for k, v in (fields or {}).items()}) for entry_id, fields in entries or []
        ]

    def ping(self) -> bool:
        import redis

        try:
            return bool(self._client.ping())
        except redis.RedisError:
            return False
