"""Passwords: argon2id hashes (argon2-cffi) and what a new password must be.

Hashing: argon2id with the parameters of the settings, by default RFC 9106's second recommendation (t=3,
64 MiB, p=4), above OWASP's floors (19 MiB with t=2, or 46 MiB with t=1); stage and prod refuse anything
below them (shared.config). The parameters travel inside each hash, so raising them later rehashes a person's
password at their next sign-in.

A new password: 12 to 128 characters after Unicode NFKC normalisation (any character, spaces included; no
composition rules), not in the 30,000 most common passwords of breach corpora (zxcvbn's list, shipped in the
wheel: nothing leaves the machine), and not easy to guess by zxcvbn's estimate (score 3 of 4 at least, with
the person's email and name as words an attacker would try first).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3
# OWASP Password Storage Cheat Sheet (argon2id): either floor is acceptable.
FLOORS = ((19 * 1024, 2), (46 * 1024, 1))  # (memory KiB, iterations)


@dataclass(frozen=True)
class Params:
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4

    def meets_floor(self) -> bool:
        return any(self.memory_kib >= m and self.time_cost >= t for m, t in FLOORS)


@functools.lru_cache(maxsize=4)
def hasher(params: Params) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost, memory_cost=params.memory_kib, parallelism=params.parallelism, hash_len=32
    )


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str, params: Params) -> str:
    return hasher(params).hash(normalise(password))


def verify(stored: str, password: str, params: Params) -> tuple[bool, str | None]:
    """(right?, a new hash when the stored one used weaker parameters than today's)."""
    h = hasher(params)
    try:
        h.verify(stored, normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, (h.hash(normalise(password)) if h.check_needs_rehash(stored) else None)


def spend_time(params: Params) -> None:
    """As long as a verification, for an unknown address: the answer's timing tells nothing."""
    verify(_dummy(params), "not the password", params)


@functools.lru_cache(maxsize=4)
def _dummy(params: Params) -> str:
    return hasher(params).hash("a dummy password nobody has")


def check_new(password: str, *, words: tuple[str, ...] = ()) -> None:
    """InvalidInput unless `password` is acceptable as a new password."""
    text = normalise(password)
    if len(text) < MIN_LENGTH:
        raise InvalidInput("account.password_short", key="account.password_short", field="password", min=MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        raise InvalidInput("account.password_long", key="account.password_long", field="password", max=MAX_LENGTH)
    if text.casefold() in _common() or _score(text, words) < MIN_SCORE:
        raise InvalidInput("account.password_common", key="account.password_common", field="password")


@functools.lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # imported on first use: 1 MB of word lists

    return frozenset(FREQUENCY_LISTS["passwords"])


# zxcvbn's lists are English; the words French passwords are most often built on, weighed like its own.
FRENCH = (
    "motdepasse",
    "azerty",
    "soleil",
    "bonjour",
    "jetaime",
    "doudou",
    "loulou",
    "chouchou",
    "marseille",
    "paris",
    "toulouse",
    "lyon",
    "nantes",
    "bordeaux",
    "nicolas",
    "camille",
    "julien",
    "thomas",
    "maman",
    "papa",
    "chocolat",
    "coucou",
    "amour",
    "bisous",
    "princesse",
    "chaton",
    "cheval",
    "poisson",
    "france",
    "liberte",
    "vacances",
    "boussole",
    "tdah",
    "compass",
    "adhd",
)


def _score(text: str, words: tuple[str, ...]) -> int:
    from zxcvbn import zxcvbn

    hints = [w for w in words if w] + list(FRENCH)
    score: int = zxcvbn(text[:100], user_inputs=hints)["score"]  # zxcvbn is slow on very long inputs
    return score
