"""The every-minute sweep: recover lost jobs, move due reminders to the outbox, deliver the outbox."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from shared.jobs import repository as jobs
from shared.reminders.service import fire_batch

if TYPE_CHECKING:
    from shared.wiring import Deps


@dataclass
class SweepResult:
    fired: int = 0
    enqueued: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    suppressed: int = 0
    jobs_recovered: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def run_sweep(deps: Deps, *, batch: int = 1000, send_limit: int = 500, budget_seconds: float = 45.0) -> SweepResult:
    """One sweep; bounded by `budget_seconds` so it ends before the function's timeout."""
    deadline = time.monotonic() + budget_seconds
    result = SweepResult()

    # 1. Jobs whose dispatch was lost (a crash between commit and notice, a dead worker).
    stale_before = deps.clock.now() - timedelta(seconds=deps.settings.job_stale_seconds)
    with deps.uow() as tx:
        stale = jobs.stale(tx.session, before=stale_before, limit=100)
    for job_id, kind in stale:
        deps.dispatcher.dispatch(kind, job_id)
    result.jobs_recovered = len(stale)

    # 2. Due reminders → outbox, a batch per transaction.
    while time.monotonic() < deadline:
        with deps.uow() as tx:
            report = fire_batch(tx.session, now=deps.clock.now(), batch=batch)
        result.fired += report.fired
        result.enqueued += report.enqueued
        if report.fired < batch:
            break

    # 3. Deliver what is due in the outbox, including leases left by a crashed sender.
    while time.monotonic() < deadline:
        sent = deps.deliver(limit=min(100, send_limit))
        result.sent += sent.sent
        result.failed += sent.failed
        result.retried += sent.retried
        result.suppressed += sent.suppressed
        result.errors += sent.errors
        send_limit -= sent.sent + sent.failed + sent.retried + sent.suppressed
        if send_limit <= 0 or (sent.sent + sent.failed + sent.retried + sent.suppressed) == 0:
            break
    return result
