"""The every-minute sweep: recover lost jobs, move due reminders to the outbox, deliver the outbox."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.jobs import repository as jobs
from shared.messaging.outbox import DeliveryReport
from shared.reminders.service import fire_batch, follow_up

log = logging.getLogger("boussole.sweep")

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from shared.db.session import UnitOfWork


@dataclass(frozen=True)
class SweepPorts:
    """What the sweep uses, and nothing else (Deps wires it)."""

    uow: Callable[[], AbstractContextManager[UnitOfWork]]
    now: Callable[[], datetime]
    dispatch: Callable[[str, uuid.UUID], None]  # re-send a job's notice to the queue
    deliver: Callable[..., DeliveryReport]  # (limit=, budget_seconds=, more_coming=): parallel senders
    job_stale_after: timedelta
    budget_seconds: float
    purge: Callable[..., Any] | None = None  # (budget_seconds=): erasure's deletions at the SMS provider


@dataclass
class SweepResult:
    fired: int = 0
    enqueued: int = 0
    jobs_recovered: int = 0
    followed_up: int = 0
    purged: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def sent(self) -> int:
        return self.delivery.sent

    @property
    def failed(self) -> int:
        return self.delivery.failed

    @property
    def retried(self) -> int:
        return self.delivery.retried

    @property
    def suppressed(self) -> int:
        return self.delivery.suppressed

    @property
    def recovered(self) -> int:
        return self.delivery.recovered

    def as_dict(self) -> dict[str, Any]:
        d = self.delivery
        return {
            "fired": self.fired,
            "enqueued": self.enqueued,
            "jobs_recovered": self.jobs_recovered,
            "followed_up": self.followed_up,
            "purged": self.purged,
            "sent": d.sent,
            "failed": d.failed,
            "retried": d.retried,
            "suppressed": d.suppressed,
            "expired": d.expired,
            "recovered": d.recovered,
            "released": d.released,
            "errors": d.errors,
        }


def run_sweep(
    ports: SweepPorts, *, batch: int = 1000, send_limit: int = 100_000, budget_seconds: float | None = None
) -> SweepResult:
    """One sweep; bounded by `budget_seconds` (settings) so it ends before the function's timeout."""
    budget = ports.budget_seconds if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    result = SweepResult()

    # 1. Jobs whose dispatch was lost (a crash between commit and notice, a dead worker).
    stale_before = ports.now() - ports.job_stale_after
    with ports.uow() as tx:
        stale = jobs.stale(tx.session, before=stale_before, limit=100)
    for job_id, kind in stale:
        try:
            ports.dispatch(kind, job_id)
            result.jobs_recovered += 1
        except Exception as exc:
            log.exception("could not re-dispatch job %s", job_id)
            result.delivery.errors.append(f"job {job_id}: {type(exc).__name__}")

    # 2. Due reminders → outbox, a batch per transaction, while parallel senders (at the provider's rate)
    # already deliver what is written, including rows a crashed sender left mid-send (looked up at the
    # provider before any resend). 3. One gentle follow-up for reminders nobody answered.
    more_coming = threading.Event()
    delivered: list[DeliveryReport] = []

    def deliver() -> None:
        left = deadline - time.monotonic()
        if left > 0:
            delivered.append(ports.deliver(limit=send_limit, budget_seconds=left, more_coming=more_coming))

    sender = threading.Thread(target=deliver, name="sweep-delivery", daemon=True)
    try:
        while time.monotonic() < deadline:
            with ports.uow() as tx:
                report = fire_batch(tx.session, now=ports.now(), batch=batch)
            result.fired += report.fired
            result.enqueued += report.enqueued
            if sender.ident is None:
                sender.start()  # after the first batch: the earliest reminders go out first
            if report.fired < batch:
                break
        try:
            with ports.uow() as tx:
                result.followed_up = follow_up(tx.session, now=ports.now())
        except Exception as exc:
            log.exception("follow-ups failed")
            result.delivery.errors.append(f"follow-ups: {type(exc).__name__}")
    finally:
        more_coming.set()
        if sender.is_alive():
            sender.join()
    for sent in delivered:
        result.delivery.add(sent)
    # 4. Erased people's messages at the SMS provider, after the erasure committed (retried while it is down).
    if ports.purge is not None:
        try:
            purged = ports.purge(budget_seconds=max(1.0, deadline - time.monotonic()))
            result.purged = purged.deleted
        except Exception as exc:
            log.exception("provider purge failed")
            result.delivery.errors.append(f"purge: {type(exc).__name__}")
    return result
