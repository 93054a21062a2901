"""Deliver the outbox: lease, send through the SMS port, record the outcome. At least once; the lease
makes a crash mid-send recoverable by the next sweep, and the idempotency key keeps rows unique."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.db.session import UnitOfWork
from shared.messaging import repository as repo
from shared.messaging.port import OutboundSms, SmsGateway, SmsRejected

log = logging.getLogger("boussole.outbox")

MAX_ATTEMPTS = 6
LEASE_MARGIN = timedelta(seconds=15)  # never start a send this close to the end of our lease
OPTED_OUT = 21610


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.retried + self.suppressed

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.retried += other.retried
        self.suppressed += other.suppressed
        self.errors += other.errors


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min…"""
    return timedelta(seconds=30 * 2 ** max(0, attempts - 1))


def deliver(
    uow: Callable[[], AbstractContextManager[UnitOfWork]],
    gateway: SmsGateway,
    *,
    now: Callable[[], datetime],
    lease: timedelta,
    limit: int = 100,
    ids: list[uuid.UUID] | None = None,
) -> DeliveryReport:
    """Send up to `limit` due outbox rows (or just `ids`); each outcome is committed right after its send."""
    report = DeliveryReport()
    with uow() as tx:
        claimed = repo.claim_sendable(tx.session, now=now(), lease=lease, limit=limit, ids=ids)
        suppressed = repo.suppress_opted_out(tx.session, claimed, now=now())
    report.suppressed = len(suppressed)
    for row in claimed:
        if row.id in suppressed:
            continue
        if now() >= row.lease_until - LEASE_MARGIN:  # too late to send safely: the next sweep re-leases it
            continue
        sms = OutboundSms(to=row.to_phone, body=row.body, idempotency_key=row.idempotency_key)
        try:
            receipt = gateway.send(sms)
        except SmsRejected as exc:
            with uow() as tx:
                repo.mark_failed(
                    tx.session,
                    row,
                    error=f"rejected {exc.provider_code}: {exc}",
                    opted_out=exc.provider_code == OPTED_OUT,
                )
            report.failed += 1
            report.errors.append(f"{row.id}: rejected {exc.provider_code}")
            continue
        except Exception as exc:
            with uow() as tx:
                if row.attempts >= MAX_ATTEMPTS:
                    repo.mark_failed(tx.session, row, error=f"gave up after {row.attempts} attempts: {exc}")
                    report.failed += 1
                else:
                    repo.mark_retry(tx.session, row, error=str(exc), at=now() + backoff(row.attempts))
                    report.retried += 1
            log.warning("send failed, will retry", extra={"outbox_id": str(row.id), "error": str(exc)})
            continue
        with uow() as tx:
            repo.mark_sent(tx.session, row, provider_sid=receipt.provider_id, provider_status=receipt.status, now=now())
        report.sent += 1
    return report
