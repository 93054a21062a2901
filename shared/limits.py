"""Abuse limits: how many requests one caller may make in a sliding window, counted in the shared cache
(Redis or Upstash: every process and function counts together, on the cache server's clock).

A subject (an IP address, a person's id, a phone number) is hashed before it becomes part of a key, so the
cache never holds who called, and each key expires two windows after its last hit. When the cache cannot be
reached the request goes through (logged): limits protect the service, they must not take it down."""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass

from shared.cache.port import Cache

log = logging.getLogger("boussole.limits")


@dataclass(frozen=True)
class Limit:
    name: str  # e.g. "api.ip": part of the key and of the log line
    count: int
    per_seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # whole seconds to wait when refused (at least 1); 0 when allowed
    remaining: int


def check(cache: Cache, limit: Limit, subject: str, *, cost: int = 1) -> Verdict:
    """Count one use (or `cost`) of `limit` by `subject`."""
    key = f"limit:{limit.name}:{hashlib.sha256(subject.encode()).hexdigest()[:24]}"
    try:
        allowed, wait_ms, left = cache.hit_window(key, limit.count, window_ms=limit.per_seconds * 1000, cost=cost)
    except Exception as exc:  # the cache is down or unreachable: let the request through
        log.warning("rate limit not checked", extra={"limit": limit.name, "error": type(exc).__name__})
        return Verdict(True, 0, limit.count)
    if allowed:
        return Verdict(True, 0, left)
    log.info("rate limited", extra={"limit": limit.name})
    retry = limit.per_seconds * 2 if wait_ms < 0 else max(1, math.ceil(wait_ms / 1000))
    return Verdict(False, retry, 0)
