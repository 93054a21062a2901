"""Slowing down password and code guessing without letting an attacker lock a person out.

Failures are counted per *subject* in the cache, for 15 minutes: the account when the attempt comes from an
unknown client, or the device when it presents a device token that this account was given at an earlier
sign-in (OWASP's "device cookies"). The first 5 failures cost nothing; each later one closes that subject
for 30 s, then 1, 2, 4, 8 min, at most 15 min. So someone guessing at a person's account from elsewhere
only slows down unknown clients: the person's own browser or app keeps its own count and still gets in.
A success clears its subject's count. Second factors (TOTP, recovery codes) count on the same subjects.

The counts are the protection here, so when the cache cannot be reached sign-in fails closed (503), unlike
the request limits of shared.limits, which let requests through.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from shared.cache.port import Cache

FREE_FAILURES = 5
WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60


class Unavailable(Exception):
    """The cache holding the counts cannot be reached."""


@dataclass(frozen=True)
class Subject:
    kind: str  # "account" | "device"
    value: str

    def key(self, what: str) -> str:
        return f"login:{what}:{self.kind}:{hashlib.sha256(self.value.encode()).hexdigest()[:32]}"


def account(email: str) -> Subject:
    return Subject("account", email.casefold())


def device(device_id: str) -> Subject:
    return Subject("device", device_id)


def wait_for(cache: Cache, subject: Subject) -> int:
    """Seconds before this subject may try again; 0 when it may now."""
    try:
        return max(0, cache.ttl(subject.key("closed")))
    except Exception as exc:
        raise Unavailable from exc


def failed(cache: Cache, subject: Subject) -> int:
    """Count one failure; the seconds the subject is now closed for (0 while failures are free)."""
    try:
        count = cache.incr(subject.key("failures"), ttl_seconds=WINDOW_SECONDS)
        if count <= FREE_FAILURES:
            return 0
        wait = int(min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** min(count - FREE_FAILURES - 1, 10)))
        cache.set(subject.key("closed"), "1", ttl_seconds=wait)
        return wait
    except Exception as exc:
        raise Unavailable from exc


def succeeded(cache: Cache, subject: Subject) -> None:
    try:
        cache.delete(subject.key("failures"), subject.key("closed"))
    except Exception as exc:
        raise Unavailable from exc
