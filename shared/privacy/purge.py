"""Erasure reaches the SMS provider too: Twilio keeps every message's body and numbers until they are deleted
(DELETE .../Messages/{Sid}.json). The erasure transaction collects the provider's ids and queues one durable
job holding only those ids (and the outbox id of the last SMS to the person, whose id is known once sent); the
job runs after the commit, from the minute sweep, and is retried with backoff while the provider is down or a
message is still in flight (Twilio refuses to delete those, error 20009). Nothing is left silently: a job that
keeps failing stays visible as pending with its last error, and is marked failed only after MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from shared.jobs import repository as jobs
from shared.messaging.port import LogUnavailable, MessageLog
from shared.privacy import repository as repo

log = logging.getLogger("boussole.privacy.purge")

KIND = "provider_purge"
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 500  # about three weeks at the capped delay
PER_RUN = 200  # provider calls per job per run: a long history is deleted over several sweeps


@dataclass
class PurgeReport:
    deleted: int = 0
    waiting: int = 0  # ids left for a later try
    errors: list[str] = field(default_factory=list)


def queue(session: Session, *, sids: list[str], now: datetime, farewell: uuid.UUID | None = None) -> uuid.UUID:
    """Queue the deletion of these provider messages (in the erasure's transaction)."""
    payload: dict[str, Any] = {"sids": sorted(set(sids)), "outbox": [str(farewell)] if farewell else []}
    return repo.queue_purge(session, kind=KIND, payload=payload, run_after=now)


def add_farewell(session: Session, job_id: uuid.UUID, outbox_id: uuid.UUID) -> None:
    """The last SMS to an erased person: delete it at the provider too, once it has gone out."""
    job = jobs.get(session, job_id)
    if job is not None:
        job.payload = {**job.payload, "outbox": [*job.payload.get("outbox", []), str(outbox_id)]}


def run_due(
    uow: Callable[[], AbstractContextManager[Any]],
    provider: MessageLog,
    *,
    now: Callable[[], datetime],
    limit: int = 20,
    budget_seconds: float | None = None,
) -> PurgeReport:
    """Run the purge jobs that are due, each in its own transaction; no new provider call after
    `budget_seconds` (what is left waits for the next sweep, not counted as a failure)."""
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    report = PurgeReport()
    with uow() as tx:
        due = repo.due_purges(tx.session, kind=KIND, now=now(), limit=limit)
    for job_id in due:
        if deadline is not None and time.monotonic() >= deadline:
            break
        with uow() as tx:
            _run_one(tx.session, job_id, provider, now=now(), report=report, deadline=deadline)
    return report


def _run_one(
    session: Session,
    job_id: uuid.UUID,
    provider: MessageLog,
    *,
    now: datetime,
    report: PurgeReport,
    deadline: float | None,
) -> None:
    job = jobs.lock_pending(session, job_id, now=now)
    if job is None:
        return
    every = [str(s) for s in job.payload.get("sids", [])]
    sids, later = every[:PER_RUN], every[PER_RUN:]
    outbox = [uuid.UUID(str(i)) for i in job.payload.get("outbox", [])]
    still_sending = []
    for row_id, status, sid in repo.farewells(session, outbox):
        if status in ("pending", "sending"):
            still_sending.append(str(row_id))
            continue
        if sid:
            sids.append(sid)
        repo.drop_outbox(session, [row_id])
    left, error = [], None
    for n, sid in enumerate(sids):
        if deadline is not None and time.monotonic() >= deadline:
            later = sids[n:] + later
            break
        try:
            provider.forget(sid)
            report.deleted += 1
        except LogUnavailable as exc:
            left.append(sid)
            error = str(exc)
    if not left and not still_sending and not later:
        job.payload = {"sids": [], "outbox": []}
        jobs.mark_done(session, job, now=now)
        return
    if not left and not still_sending:  # only out of time: go on at the next sweep, no failure counted
        job.payload = {"sids": later, "outbox": []}
        report.waiting += len(later)
        return
    report.waiting += len(left) + len(still_sending) + len(later)
    job.payload = {"sids": left + later, "outbox": still_sending}
    session.flush()
    delay = min(MAX_DELAY, FIRST_DELAY * 2 ** min(job.attempts, 12))
    give_up = job.attempts + 1 >= MAX_ATTEMPTS
    reason = error or "last SMS still being sent"
    jobs.record_failure(session, job.id, error=reason, now=now, retry_at=None if give_up else now + delay)
    if error:
        report.errors.append(reason)
        log.warning("provider messages not deleted yet", extra={"event": "privacy.purge_retry", "left": len(left)})
