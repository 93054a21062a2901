"""Cache over Upstash's REST API with the sync `upstash_redis` client (one HTTP call per operation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.cache.adapters._client import RedisLikeCache
from shared.cache.port import Cache

if TYPE_CHECKING:
    from upstash_redis import Redis


class UpstashCache(RedisLikeCache, Cache):
    """The cache port over `upstash_redis.Redis`; values travel base64-encoded, so any UTF-8 is safe."""

    def __init__(self, client: Redis) -> None:
        self._client = client

    @classmethod
    def connect(cls, url: str, token: str, *, timeout_seconds: float = 3.0) -> UpstashCache:
        """Build a client that fails fast: no telemetry, no retry, a real HTTP timeout."""
        # upstash_redis costs ~240 ms to import: only functions that use the cache pay for it.
        import httpx
        from upstash_redis import Redis

        # No retry: the client retries on any exception, timeouts included, so a retried INCR or XADD
        # that had reached the server would count twice. Callers decide what a failure means.
        client = Redis(url, token, rest_retries=0, allow_telemetry=False)
        # upstash-redis 1.x builds `httpx.Client(timeout=None)` and takes no client or timeout argument
        # (upstash_redis/http.py, SyncHttpClient): without this a stalled request hangs the function
        # until the platform kills it. httpx.Client.timeout is a public, settable property.
        http = getattr(getattr(client, "_http", None), "_client", None)
        if not isinstance(http, httpx.Client):
            raise RuntimeError("upstash_redis internals changed: cannot set an HTTP timeout")
        http.timeout = httpx.Timeout(timeout_seconds)
        return cls(client)

    def _incr_window(self, key: str, ttl_seconds: int) -> int:
        tx = self._client.multi()
        tx.set(key, "0", nx=True, ex=ttl_seconds)
        tx.incr(key)
        _, count = tx.exec()
        return int(count)

    def _eval(self, script: str, keys: list[str], args: list[int | str]) -> Any:
        return self._client.eval(script, keys=keys, args=args)

    def stream_add(self, key: str, fields: dict[str, str], *, max_len: int = 1000) -> str:
        return str(self._client.xadd(key, "*", fields, maxlen=max_len, approximate_trim=True))

    def stream_read(self, key: str, *, after: str = "0", count: int = 100) -> list[tuple[str, dict[str, str]]]:
        entries = self._client.xrange(key, f"({after}", "+", count=count)
        return [_entry(item) for item in entries or []]

    def ping(self) -> bool:
        import httpx
        from upstash_redis.errors import UpstashError

        try:
            return bool(self._client.ping() == "PONG")
        except (UpstashError, httpx.HTTPError, ValueError):  # ValueError: a non-JSON body (proxy page)
            return False


def _entry(item: Any) -> tuple[str, dict[str, str]]:
    entry_id, flat = item
    return str(entry_id), dict(zip(flat[::2], flat[1::2], strict=True))
