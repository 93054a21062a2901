"""Deliver the outbox: lease, send through the SMS port, record the outcome. At least once, never twice:
a lease makes a crash mid-send recoverable, and a row whose previous holder died mid-send is first
looked up at the provider, so what was accepted is recorded instead of sent again.

Several senders (threads) each lease a small batch with SKIP LOCKED, so none waits for another's rows,
and send it with bounded concurrency, at the provider's per-sender rate (slots reserved in Redis, shared
by every process). A sender that stops early gives back what it leased and did not try.

What each failure means, and for how long we keep trying, is `policy.py`'s business.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.db.session import UnitOfWork
from shared.i18n.format import format_when
from shared.i18n.messages import t
from shared.messaging import repository as repo
from shared.messaging.policy import Failure, RetryPolicy, classify_refusal, lateness
from shared.messaging.port import (
    DeliveryListener,
    NoListener,
    OutboundSms,
    SendReceipt,
    SmsError,
    SmsGateway,
    SmsRejected,
    SmsUnavailable,
)
from shared.messaging.ratelimit import LocalRateLimiter, RateLimiter, wait_for_slot
from shared.messaging.segments import fit, fit_field
from shared.runtime import metrics
from shared.users import repository as users

log = logging.getLogger("boussole.outbox")

LEASE_MARGIN = timedelta(seconds=15)  # never start a send this close to the end of our lease
LOOKUP_SKEW = timedelta(minutes=2)  # our clock and the provider's may disagree this much
UNREACHABLE = frozenset({Failure.OPTED_OUT, Failure.INVALID_NUMBER, Failure.UNREACHABLE})
EXPLAINED_KINDS = frozenset({"reminder", "reply"})  # a lost nudge or notice is not worth a message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    suppressed: int = 0
    expired: int = 0  # failed because their retry window ended (counted in failed too)
    recovered: int = 0  # found at the provider after a crash mid-send (counted in sent too)
    released: int = 0  # leased but not tried (out of time): pending again
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.retried + self.suppressed

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.retried += other.retried
        self.suppressed += other.suppressed
        self.expired += other.expired
        self.recovered += other.recovered
        self.released += other.released
        self.errors += other.errors


@dataclass(frozen=True)
class Delivery:
    """How to deliver: the provider, its rate, the retry policy, and how much to do at once."""

    gateway: SmsGateway
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    limiter: RateLimiter = field(default_factory=lambda: LocalRateLimiter(10.0))
    lease: timedelta = timedelta(seconds=60)
    status_callback_url: str | None = None  # our sms_status endpoint; each send adds its row's id
    senders: int = 1
    concurrency: int = 1
    listener: DeliveryListener = field(default_factory=NoListener)  # the domain told of each outcome


# --- outcomes of one attempt -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sent:
    row: repo.Claimed
    receipt: SendReceipt
    recovered: bool = False


@dataclass(frozen=True)
class _Retry:
    row: repo.Claimed
    error: str
    code: int | None = None
    in_doubt: bool = False  # it may have reached the provider: look it up before the next send


@dataclass(frozen=True)
class _Failed:
    row: repo.Claimed
    failure: Failure
    error: str
    code: int | None = None


@dataclass(frozen=True)
class _Release:
    row: repo.Claimed


_Outcome = _Sent | _Retry | _Failed | _Release


def compose(row: repo.Claimed, *, attempted_at: datetime, policy: RetryPolicy) -> str:
    """The text an attempt sends: a reminder that goes out late says by how much; never over 3 segments.
    Deterministic per attempt, so a crashed attempt's text can be recomputed to find it at the provider."""
    if row.kind == "reminder" and row.due_at is not None:
        late = lateness(attempted_at - row.due_at, policy)
        if late is not None:
            unit, n = late
            note = t(f"outbox.late_{unit}", row.language or "fr", n=n)
            return fit_field(lambda body: f"{body} {note}", row.body)
    return fit(row.body)


def deliver(
    uow: Callable[[], AbstractContextManager[UnitOfWork]],
    delivery: Delivery,
    *,
    now: Callable[[], datetime],
    limit: int = 100,
    ids: list[uuid.UUID] | None = None,
    budget_seconds: float | None = None,
    more_coming: threading.Event | None = None,
) -> DeliveryReport:
    """Send up to `limit` due outbox rows (or just `ids`), with `delivery.senders` senders in parallel.
    Until `more_coming` is set, senders that find nothing wait for rows still being written (a sweep
    sends the first reminders of a busy minute while it is still writing the rest)."""
    if ids is not None:  # these rows only (a reply just written): one sender, no more than them
        limit = min(limit, len(ids))
    run = _Run(uow, delivery, now=now, limit=limit, ids=ids, budget_seconds=budget_seconds, more_coming=more_coming)
    workers = 1 if ids is not None else max(1, delivery.senders)
    if workers == 1:
        run.sender()
    else:
        threads = [threading.Thread(target=run.sender, name=f"sender-{i}", daemon=True) for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return run.report


def deliver_leased(
    uow: Callable[[], AbstractContextManager[UnitOfWork]],
    delivery: Delivery,
    claimed: list[repo.Claimed],
    *,
    now: Callable[[], datetime],
) -> DeliveryReport:
    """Send rows leased in the transaction that wrote them (a reply): no second transaction to claim them."""
    run = _Run(uow, delivery, now=now, limit=len(claimed), ids=[row.id for row in claimed], budget_seconds=None)
    run.process(claimed, None, run.report)
    return run.report


class _Run:
    """One delivery run shared by its senders: the quota of rows, the clock budget, the report."""

    def __init__(
        self,
        uow: Callable[[], AbstractContextManager[UnitOfWork]],
        delivery: Delivery,
        *,
        now: Callable[[], datetime],
        limit: int,
        ids: list[uuid.UUID] | None,
        budget_seconds: float | None,
        more_coming: threading.Event | None = None,
    ) -> None:
        self.uow, self.delivery, self.now, self.ids = uow, delivery, now, ids
        self.more_coming = more_coming
        self.report = DeliveryReport()
        self._left = limit
        self._lock = threading.Lock()
        self._deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
        # Rows a sender leases at once: all it sends concurrently, but no more than it can send well
        # inside its lease at the provider's rate when every sender shares that rate.
        usable = (delivery.lease - 2 * LEASE_MARGIN).total_seconds()
        per_lease = int(usable / delivery.limiter.interval / max(1, delivery.senders))
        self.batch = max(1, min(max(1, delivery.concurrency), per_lease, limit))

    def sender(self) -> None:
        parallel = self.delivery.concurrency > 1 and self.batch > 1
        pool = ThreadPoolExecutor(self.delivery.concurrency) if parallel else None
        try:
            while (n := self._take(self.batch)) > 0:
                report = DeliveryReport()
                try:
                    handled = self._one_batch(n, pool, report)
                except Exception as exc:  # the database went away mid-run: what we leased comes back by lease
                    log.exception("sender stopped")
                    report.errors.append(f"sender: {type(exc).__name__}")
                    handled = 0
                self._merge(report)
                self._give_back(n - handled)
                if handled == 0:
                    if self.more_coming is not None and not self.more_coming.is_set():
                        self.more_coming.wait(0.05)
                        continue
                    break
        finally:
            if pool is not None:
                pool.shutdown(wait=True)

    def _take(self, n: int) -> int:
        with self._lock:
            if self._deadline is not None and time.monotonic() >= self._deadline:
                return 0
            n = min(n, self._left)
            self._left -= n
            return n

    def _give_back(self, n: int) -> None:
        if n > 0:
            with self._lock:
                self._left += n

    def _merge(self, report: DeliveryReport) -> None:
        with self._lock:
            self.report.add(report)

    # --- one batch: lease, look up what a crash left, send at the provider's rate, record ----------------
    def _one_batch(self, n: int, pool: ThreadPoolExecutor | None, report: DeliveryReport) -> int:
        d = self.delivery
        with self.uow() as tx:
            claimed = repo.claim_sendable(tx.session, now=self.now(), lease=d.lease, limit=n, ids=self.ids)
            held = repo.suppress_opted_out(tx.session, claimed, now=self.now())
            d.listener.undeliverable(tx.session, _reminders(held), opted_out=True)
        suppressed = {row.id for row in held}
        report.suppressed += len(suppressed)
        self.process([row for row in claimed if row.id not in suppressed], pool, report)
        return len(claimed)

    def process(self, claimed: list[repo.Claimed], pool: ThreadPoolExecutor | None, report: DeliveryReport) -> None:
        """Send rows we hold the lease of (found at the provider first if a previous attempt may have gone
        out), then record every outcome in one transaction."""
        d = self.delivery
        outcomes: list[_Outcome] = []
        to_send: list[repo.Claimed] = []
        for row in claimed:
            if self.now() >= self._give_up_at(row):
                outcomes.append(_Failed(row, Failure.EXPIRED, f"no delivery within {d.policy.window(row.kind)}"))
            elif row.maybe_sent:
                found = self._recover(row)
                if found is None:
                    to_send.append(row)
                else:
                    outcomes.append(found)
            else:
                to_send.append(row)
        if to_send:
            first = d.limiter.reserve(len(to_send))
            slots = [first + i * d.limiter.interval for i in range(len(to_send))]
            if pool is None:
                outcomes += [self._send(row, at) for row, at in zip(to_send, slots, strict=True)]
            else:
                futures = [pool.submit(self._send, row, at) for row, at in zip(to_send, slots, strict=True)]
                outcomes += [future.result() for future in futures]
        with self.uow() as tx:
            sent = [o for o in outcomes if isinstance(o, _Sent)]
            repo.mark_sent_many(
                tx.session, [(o.row, o.receipt.provider_id, o.receipt.status) for o in sent], now=self.now()
            )
            d.listener.delivered(tx.session, _reminders([o.row for o in sent]), now=self.now())
            for o in sent:
                report.sent += 1
                report.recovered += int(o.recovered)
                metrics.count("sms_sent", kind=o.row.kind)
            for outcome in outcomes:
                if not isinstance(outcome, _Sent):
                    self._record(tx.session, outcome, report)

    def _give_up_at(self, row: repo.Claimed) -> datetime:
        # The window counts from when the message was queued: it is about how long we keep trying, not
        # about how late it already is (a series missed during downtime still rings once, late).
        return row.expires_at or row.created_at + self.delivery.policy.window(row.kind)

    def _sms(self, row: repo.Claimed, *, attempted_at: datetime) -> OutboundSms:
        callback = self.delivery.status_callback_url
        return OutboundSms(
            to=row.to_phone,
            body=compose(row, attempted_at=attempted_at, policy=self.delivery.policy),
            idempotency_key=row.idempotency_key,
            status_callback=f"{callback}?o={row.id}" if callback else None,
        )

    def _recover(self, row: repo.Claimed) -> _Outcome | None:
        """The previous holder died mid-send: did the provider get it? Only a clear "no" sends again."""
        since = (row.prev_attempted_at or row.created_at) - LOOKUP_SKEW
        sms = self._sms(row, attempted_at=row.prev_attempted_at or row.attempted_at)
        try:
            found = self.delivery.gateway.find_sent(sms, since=since)
        except SmsError as exc:  # still in doubt: never send blind
            return _Retry(row, f"lookup before resend failed: {exc}", exc.provider_code, in_doubt=True)
        return None if found is None else _Sent(row, found, recovered=True)

    def _send(self, row: repo.Claimed, at: float) -> _Outcome:
        wait_for_slot(self.delivery.limiter, at)
        if self.now() >= row.lease_until - LEASE_MARGIN:  # too late to send safely: give it back
            return _Release(row)
        try:
            receipt = self.delivery.gateway.send(self._sms(row, attempted_at=row.attempted_at))
        except SmsRejected as exc:
            return _Failed(row, classify_refusal(exc.provider_code), f"rejected: {exc}", exc.provider_code)
        except SmsUnavailable as exc:
            return _Retry(row, str(exc), exc.provider_code, in_doubt=exc.in_doubt)
        except SmsError as exc:
            return _Retry(row, str(exc), exc.provider_code)
        except Exception as exc:  # a bug or a surprise in the adapter: keep the message, retry later (looked up)
            log.exception("send crashed")
            return _Retry(row, f"{type(exc).__name__}: {exc}", in_doubt=True)
        return _Sent(row, receipt)

    def _record(self, session: Session, outcome: _Outcome, report: DeliveryReport) -> None:
        now = self.now()
        row = outcome.row
        match outcome:
            case _Sent():  # recorded for the whole batch at once
                pass
            case _Release():
                report.released += repo.release(session, [row])
            case _Retry(error=error, code=code, in_doubt=in_doubt):
                give_up_at = self._give_up_at(row)
                retry_at = now + self.delivery.policy.backoff(row.attempts)
                if retry_at > give_up_at:
                    window = self.delivery.policy.window(row.kind)
                    self._record(
                        session, _Failed(row, Failure.EXPIRED, f"{error}; gave up after {window}", code), report
                    )
                    return
                if repo.mark_retry(
                    session,
                    row,
                    error=error,
                    at=retry_at,
                    expires_at=give_up_at,
                    provider_error=code,
                    in_doubt=in_doubt,
                ):
                    report.retried += 1
                    metrics.count("sms_retried", kind=row.kind)
                log.warning(
                    "sms send failed, will retry",
                    extra={"event": "sms.retry", "outbox_id": str(row.id), "kind": row.kind, "code": code},
                )
            case _Failed(failure=failure, error=error, code=code):
                opted_out = failure is Failure.OPTED_OUT
                if not repo.mark_failed(
                    session, row, failure=failure.value, error=error, provider_error=code, opted_out=opted_out
                ):
                    return
                report.failed += 1
                report.expired += int(failure is Failure.EXPIRED)
                report.errors.append(f"{row.id}: {failure.value}" + (f" {code}" if code else ""))
                metrics.count("sms_failed", kind=row.kind, reason=failure.value)
                log.warning(
                    "sms failed for good",
                    extra={
                        "event": "sms.failed",
                        "outbox_id": str(row.id),
                        "kind": row.kind,
                        "reason": failure.value,
                        "code": code,
                    },
                )
                listener = self.delivery.listener
                listener.undeliverable(session, _reminders([row]), opted_out=opted_out)
                what = listener.subject(session, row.reminder_id) if row.reminder_id else None
                explain(
                    session, kind=row.kind, user_id=row.user_id, failure=failure, due_at=row.due_at, what=what, now=now
                )


def _reminders(rows: list[repo.Claimed]) -> list[uuid.UUID]:
    return [row.reminder_id for row in rows if row.reminder_id is not None]


def explain(
    session: Session,
    *,
    kind: str,
    user_id: uuid.UUID | None,
    failure: Failure,
    due_at: datetime | None,
    what: str | None = None,
    now: datetime,
) -> uuid.UUID | None:
    """Tell the person, once a day at most, that something we owed them could not be sent: a lost
    reminder is worse when nobody knows. Nothing when we cannot reach them anyway."""
    if kind not in EXPLAINED_KINDS or user_id is None or failure in UNREACHABLE:
        return None
    person = users.get(session, user_id)
    if person is None or person.phone is None or person.sms_status != "active":
        return None
    zone = ZoneInfo(person.timezone)
    local_now = now.astimezone(zone)
    when = format_when((due_at or now).astimezone(zone), now=local_now, lang=person.language)  # type: ignore[arg-type]
    lang = person.language
    if kind == "reply":
        body = t("outbox.lost_reply", lang, when=when)
    elif failure is Failure.EXPIRED and what:
        body = fit_field(lambda w: t("outbox.lost_reminder", lang, what=w, when=when), what, max_segments=2)
    else:
        body = t("outbox.lost_reminder_refused", lang, when=when)
    notice = repo.enqueue(
        session,
        key=f"notice:{person.id}:{local_now.date().isoformat()}",
        kind="notice",
        to_phone=person.phone,
        body=body,
        now=now,
        user_id=person.id,
        language=lang,
    )
    if notice is not None:
        metrics.count("sms_failure_explained", kind=kind)
    return notice
