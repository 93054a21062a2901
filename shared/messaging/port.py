"""The SMS port: what the core needs from any SMS provider, and nothing vendor-shaped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class OutboundSms:
    to: str  # E.164, e.g. "+33612345678"
    body: str
    idempotency_key: str  # stable per outbox row; adapters may forward it, never invent one
    status_callback: str | None = None  # where the provider posts delivery receipts (carries our tag)


@dataclass(frozen=True, slots=True)
class SendReceipt:
    provider_id: str  # Twilio's Message SID ("SM…"), or the console's own id
    status: str  # provider status right after the send ("queued", "accepted", "sent", …)


class SmsError(Exception):
    """A send that did not go through."""

    def __init__(self, message: str = "", *, provider_code: int | None = None) -> None:
        super().__init__(message or self.__class__.__name__)
        self.provider_code = provider_code


class SmsRejected(SmsError):
    """Permanent refusal (opted out 21610, invalid number 21211, …): never retry."""


class SmsUnavailable(SmsError):
    """Transient failure (5xx, timeout, 429, our account or credentials): retry later. `in_doubt` when the
    request may have reached the provider (a timeout, a connection dropped before the answer)."""

    def __init__(self, message: str = "", *, provider_code: int | None = None, in_doubt: bool = False) -> None:
        super().__init__(message, provider_code=provider_code)
        self.in_doubt = in_doubt


class SmsGateway(Protocol):
    @property
    def sender(self) -> str:
        """Who the provider sees sending (a number or a messaging service): its rate limit is per sender."""
        ...

    def send(self, sms: OutboundSms) -> SendReceipt:
        """Hand one SMS to the provider; raise SmsRejected or SmsUnavailable on failure."""
        ...

    def find_sent(self, sms: OutboundSms, *, since: datetime) -> SendReceipt | None:
        """The provider's record of this SMS if it was accepted since `since` (after a crash mid-send we
        could not record); None if it never got there. Raise SmsUnavailable if the provider cannot say."""
        ...


class LogUnavailable(SmsError):
    """The provider's message log could not be changed now (down, or the message is still in flight): retry."""


class MessageLog(Protocol):
    """The provider's own record of messages (it keeps bodies and numbers): what erasure must also remove."""

    def forget(self, provider_id: str) -> None:
        """Delete the provider's record of this message; nothing to do when it is already gone. Raise
        LogUnavailable when it cannot be done now."""
        ...


class DeliveryListener(Protocol):
    """What a domain learns about the SMS it queued (its `reminder_id` on the outbox row). Messaging calls
    it and knows nothing of reminders; the reminders domain implements it (no import loop)."""

    def delivered(self, session: Any, reminder_ids: list[uuid.UUID], *, now: datetime) -> None:
        """Their SMS went out."""
        ...

    def undeliverable(self, session: Any, reminder_ids: list[uuid.UUID], *, opted_out: bool) -> None:
        """Their SMS ended for good without reaching the person (`opted_out`: held back by STOP)."""
        ...

    def subject(self, session: Any, reminder_id: uuid.UUID) -> str | None:
        """What it was about, in the person's words, to name it when telling them it was lost."""
        ...


class NoListener:
    """For messages no domain follows (tests of the outbox alone)."""

    def delivered(self, session: Any, reminder_ids: list[uuid.UUID], *, now: datetime) -> None:
        return None

    def undeliverable(self, session: Any, reminder_ids: list[uuid.UUID], *, opted_out: bool) -> None:
        return None

    def subject(self, session: Any, reminder_id: uuid.UUID) -> str | None:
        return None
