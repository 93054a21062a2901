"""How long and how hard we try to deliver an SMS, and what a provider's answer means. Pure: no I/O.

A transient failure (network, 5xx, 429, our account or credentials, a handset out of reach) is retried
with capped backoff until the row's window ends; the window depends on what the message is for (a reply
is worthless sooner than a reminder). A permanent failure (opted out, a number that does not exist, a body
the carrier refuses) stops at once, with its reason kept on the row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum


class Failure(StrEnum):
    """Why an outbound message failed for good (outbox.failure)."""

    EXPIRED = "expired"  # transient failures until its window ended
    OPTED_OUT = "opted_out"  # the person said STOP (21610)
    INVALID_NUMBER = "invalid_number"  # not a number that can get SMS
    UNREACHABLE = "unreachable"  # the carrier blocks this number for us
    BODY_REFUSED = "body_refused"  # too long, empty, or filtered by the carrier
    REJECTED = "rejected"  # any other permanent refusal


# Errors on the Messages API call (HTTP 400 from Twilio), twilio.com/docs/api/errors.
_SEND_ERRORS: dict[int, Failure] = {
    21610: Failure.OPTED_OUT,
    21211: Failure.INVALID_NUMBER,  # invalid 'To' number
    21217: Failure.INVALID_NUMBER,  # number does not appear valid
    21401: Failure.INVALID_NUMBER,  # invalid phone number
    21614: Failure.INVALID_NUMBER,  # not a mobile number
    21612: Failure.UNREACHABLE,  # 'To' not reachable via SMS from this sender
    21408: Failure.UNREACHABLE,  # region not enabled for this account
    21602: Failure.BODY_REFUSED,  # body required
    21617: Failure.BODY_REFUSED,  # body over 1,600 characters
    30007: Failure.BODY_REFUSED,  # filtered as spam
}

# Delivery errors in status callbacks (undelivered/failed), twilio.com/docs/api/errors/30001 and on.
TRANSIENT_DELIVERY_ERRORS = frozenset(
    {
        30001,  # queue overflow
        30002,  # account suspended: ours to fix, keep the message until then
        30003,  # unreachable handset: off or out of coverage
        30008,  # unknown error
        30009,  # missing segment
        30017,  # carrier network congestion
        30022,  # throughput limit exceeded (US A2P)
        30023,  # daily limit reached
        30027,  # carrier daily limit
        30034,  # sender not registered: ours to fix
    }
)
_DELIVERY_ERRORS: dict[int, Failure] = {
    30004: Failure.UNREACHABLE,  # blocked
    30005: Failure.INVALID_NUMBER,  # unknown handset
    30006: Failure.INVALID_NUMBER,  # landline or unreachable carrier
    30007: Failure.BODY_REFUSED,  # filtered
    30019: Failure.BODY_REFUSED,  # content too large for the carrier
    21610: Failure.OPTED_OUT,
}


def classify_refusal(code: int | None) -> Failure:
    """A permanent refusal of a send (the adapter already told transient from permanent)."""
    return _SEND_ERRORS.get(code or 0, Failure.REJECTED)


def classify_delivery(code: int | None) -> Failure | None:
    """A failed delivery receipt: None when it is worth another try, else the permanent reason."""
    if code in TRANSIENT_DELIVERY_ERRORS:
        return None
    return _DELIVERY_ERRORS.get(code or 0, Failure.REJECTED)


@dataclass(frozen=True)
class RetryPolicy:
    """Retry windows per kind of message, and the backoff between attempts."""

    windows: dict[str, timedelta] = field(
        default_factory=lambda: {
            "reply": timedelta(hours=2),
            "nudge": timedelta(hours=2),
            "reminder": timedelta(hours=24),
            "notice": timedelta(hours=24),
        }
    )
    default_window: timedelta = timedelta(hours=24)
    first_backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(minutes=10)
    jitter: float = 0.1  # ± this share, so that rows failed together do not all retry together
    late_after: timedelta = timedelta(minutes=10)  # a reminder later than this says so

    def window(self, kind: str) -> timedelta:
        return self.windows.get(kind, self.default_window)

    def backoff(self, attempts: int, *, rng: random.Random | None = None) -> timedelta:
        """Wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min… capped at max_backoff."""
        base = min(self.max_backoff.total_seconds(), self.first_backoff.total_seconds() * 2 ** max(0, attempts - 1))
        spread = (rng or random).uniform(-self.jitter, self.jitter)
        return timedelta(seconds=base * (1 + spread))


def lateness(late_by: timedelta, policy: RetryPolicy) -> tuple[str, int] | None:
    """How to say a delivery is late: ("min", n), ("h", n) or ("d", n); None when it is on time."""
    if late_by < policy.late_after:
        return None
    minutes = int(late_by.total_seconds() // 60)
    if minutes < 60:
        return "min", minutes
    if minutes < 48 * 60:
        return "h", round(minutes / 60)
    return "d", round(minutes / (24 * 60))


@dataclass(frozen=True)
class SendRate:
    """The provider's limit per sender (a number or a messaging service), in messages per second."""

    default: float = 10.0
    per_sender: dict[str, float] = field(default_factory=dict)

    def for_sender(self, sender: str) -> float:
        return self.per_sender.get(sender, self.default)

    @classmethod
    def parse(cls, default: float, overrides: str) -> SendRate:
        """`overrides` as "+15005550006=1, MG…=30" (blank for none)."""
        per_sender = {}
        for item in filter(None, (part.strip() for part in overrides.split(","))):
            sender, sep, rate = item.partition("=")
            if not sep:
                raise ValueError(f"send rate override needs sender=rate, got {item!r}")
            per_sender[sender.strip()] = float(rate)
        if default <= 0 or any(r <= 0 for r in per_sender.values()):
            raise ValueError("send rates must be positive")
        return cls(default=default, per_sender=per_sender)
