"""The emulator's SMS sink: every outbound SMS is printed and appended to a per-number stream that the
SMS console reads. No phone is ever reached."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from shared.cache.port import Cache
from shared.messaging.port import OutboundSms, SendReceipt

log = logging.getLogger("boussole.sms.console")


def stream_key(phone: str) -> str:
    return f"console:sms:{phone}"


class ConsoleGateway:
    """SmsGateway that delivers into the cache instead of a phone network."""

    sender = "console"

    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    def send(self, sms: OutboundSms) -> SendReceipt:
        sid = "CO" + secrets.token_hex(16)
        self._cache.stream_add(stream_key(sms.to), {"sid": sid, "body": sms.body, "key": sms.idempotency_key})
        log.info("SMS to the console stream", extra={"sms_id": sid})  # no number or text in logs, even locally
        return SendReceipt(provider_id=sid, status="delivered")

    def find_sent(self, sms: OutboundSms, *, since: datetime) -> SendReceipt | None:
        """The console stream keeps each SMS's idempotency key: a crashed send is found by it."""
        for _, fields in self._cache.stream_read(stream_key(sms.to), after="0", count=1000):
            if fields.get("key") == sms.idempotency_key:
                return SendReceipt(provider_id=fields.get("sid", ""), status="delivered")
        return None

    def forget(self, provider_id: str) -> None:
        """The console keeps no log to erase beyond its per-number stream, which erasure's cache cleanup
        does not name by SID: nothing to do here."""
        return None
