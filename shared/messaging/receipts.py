"""Delivery receipts (Twilio's status callbacks): a message's status only moves forward, a repeat changes
nothing, and a carrier's failure goes back to the retry policy when it is worth another try. A receipt
for a send we never recorded (a crash after the provider accepted it) records it as sent, which closes
the window in which the same SMS could have been sent twice."""

from __future__ import annotations

import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import parse_qs

from sqlalchemy.orm import Session

from shared.messaging import repository as repo
from shared.messaging.inbound import SID
from shared.messaging.outbox import explain
from shared.messaging.policy import Failure, RetryPolicy, classify_delivery
from shared.messaging.port import DeliveryListener
from shared.messaging.repository import STATUS_RANK
from shared.runtime import metrics
from shared.runtime.problems import Problem

log = logging.getLogger("boussole.receipts")

FAILED_STATUSES = frozenset({"undelivered", "failed"})


class Receipt(StrEnum):
    UNKNOWN = "unknown"  # no such message of ours
    STALE = "stale"  # about an earlier attempt than the one on record
    REPEAT = "repeat"  # nothing new (the same status again, or an older one arriving late)
    RECORDED = "recorded"  # the status moved forward
    ADOPTED = "adopted"  # a send we had not recorded: now it is, and it will not be sent again
    RETRY = "retry"  # not delivered, worth another try: pending again
    FAILED = "failed"  # not delivered, for good


@dataclass(frozen=True, slots=True)
class StatusCallback:
    outbox_id: uuid.UUID | None  # our tag, from the callback URL's query
    provider_sid: str
    status: str
    error_code: int | None


def parse_callback(params: dict[str, str], *, query: str, account_sid: str) -> StatusCallback:
    """Validate Twilio's status callback fields; a clear 400 (or 403 for another account) otherwise."""
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    bad = [
        name for name, ok in (("MessageSid", SID.fullmatch(sid)), ("MessageStatus", status in STATUS_RANK)) if not ok
    ]
    raw_code = params.get("ErrorCode", "")
    if raw_code and not raw_code.isdigit():
        bad.append("ErrorCode")
    tags = parse_qs(query).get("o")
    outbox_id = None
    if tags:
        try:
            outbox_id = uuid.UUID(tags[-1])
        except ValueError:
            bad.append("o")
    if bad:
        raise Problem(400, "invalid-fields", "Invalid fields", "Some Twilio fields are malformed.", {"fields": bad})
    if not hmac.compare_digest(params.get("AccountSid", "").encode(), account_sid.encode()):
        raise Problem(403, "wrong-account", "Wrong account", "This receipt is for another Twilio account.")
    return StatusCallback(outbox_id, sid, status, int(raw_code) if raw_code else None)


def apply_receipt(
    session: Session,
    *,
    outbox_id: uuid.UUID | None,
    provider_sid: str,
    status: str,
    error_code: int | None,
    now: datetime,
    policy: RetryPolicy,
    listener: DeliveryListener,
) -> Receipt:
    """Apply one status callback; idempotent, whatever the order receipts arrive in."""
    target = repo.receipt_target(session, outbox_id=outbox_id, provider_sid=provider_sid)
    if target is None:
        return Receipt.UNKNOWN
    outcome = Receipt.RECORDED
    if target.provider_sid != provider_sid:
        if target.status not in ("sending", "pending"):
            if target.status == "sent":  # two SIDs for one row: it went out twice; say so loudly
                log.error("duplicate send detected", extra={"event": "sms.duplicate", "outbox_id": str(target.id)})
                metrics.count("sms_duplicate", kind=target.kind)
            return Receipt.STALE
        if not repo.adopt_sent(session, target, provider_sid=provider_sid, provider_status=status, now=now):
            return Receipt.STALE
        if target.reminder_id:
            listener.delivered(session, [target.reminder_id], now=now)
        metrics.count("sms_adopted", kind=target.kind)
        target = repo.receipt_target(session, outbox_id=target.id, provider_sid=provider_sid) or target
        outcome = Receipt.ADOPTED
    elif not repo.record_receipt(session, target, provider_status=status, provider_error=error_code, now=now):
        return Receipt.REPEAT
    if status not in FAILED_STATUSES:
        return outcome
    return _undelivered(session, target, error_code=error_code, now=now, policy=policy, listener=listener)


def _undelivered(
    session: Session,
    target: repo.ReceiptTarget,
    *,
    error_code: int | None,
    now: datetime,
    policy: RetryPolicy,
    listener: DeliveryListener,
) -> Receipt:
    failure = classify_delivery(error_code)
    if failure is None:
        give_up_at = target.expires_at or target.created_at + policy.window(target.kind)
        retry_at = now + policy.backoff(target.attempts)
        if retry_at <= give_up_at:
            if repo.reopen_for_retry(session, target, at=retry_at, expires_at=give_up_at, provider_error=error_code):
                metrics.count("sms_retried", kind=target.kind)
                log.warning(
                    "sms undelivered, will retry",
                    extra={"event": "sms.retry", "outbox_id": str(target.id), "code": error_code},
                )
                return Receipt.RETRY
            return Receipt.RECORDED
        failure = Failure.EXPIRED
    repo.fail_delivered(
        session, target, failure=failure.value, provider_error=error_code, opted_out=failure is Failure.OPTED_OUT
    )
    metrics.count("sms_failed", kind=target.kind, reason=failure.value)
    log.warning(
        "sms undelivered for good",
        extra={"event": "sms.failed", "outbox_id": str(target.id), "reason": failure.value, "code": error_code},
    )
    what = None
    if target.reminder_id:
        listener.undeliverable(session, [target.reminder_id], opted_out=failure is Failure.OPTED_OUT)
        what = listener.subject(session, target.reminder_id)
    explain(
        session, kind=target.kind, user_id=target.user_id, failure=failure, due_at=target.due_at, what=what, now=now
    )
    return Receipt.FAILED
