"""Reminders: schedule one, and the sweep that moves due ones to the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.brains.offline.recurrence import latest_due, next_occurrence
from shared.i18n.messages import t
from shared.reminders import repository as repo


@dataclass
class SweepReport:
    fired: int = 0
    enqueued: int = 0
    batches: int = 0

    def as_metrics(self) -> dict[str, int]:
        return {"fired": self.fired, "enqueued": self.enqueued, "batches": self.batches}


def render_reminder(text: str, language: str) -> str:
    """The SMS a person gets when a reminder rings."""
    if not text.strip():  # "rappelle-moi dans 10 min": a ping with nothing to say but the time
        return t("reminder.fire_bare", language)
    return t("reminder.fire", language, what=text)


def fire_batch(session: Session, *, now: datetime, batch: int = 1000) -> SweepReport:
    """Claim up to `batch` due reminders and write each to the outbox with its idempotency key.

    The key is the reminder id plus its due instant, so a recurrence's next occurrence gets a new key
    while a replayed sweep of the same occurrence does not.
    """
    from shared.messaging.repository import enqueue_many

    fired = repo.fire_due(session, now=now, limit=batch)
    rows = [
        {
            "idempotency_key": f"reminder:{f.id}:{int(f.due_at.timestamp())}",
            "kind": "reminder",
            "to_phone": f.phone,
            "body": render_reminder(f.text, f.language),
            "user_id": f.user_id,
            "reminder_id": f.id,
            "next_attempt_at": now,
            "due_at": latest_due(f.rrule, f.timezone, due=f.due_at, now=now) if f.rrule else f.due_at,
            "language": f.language,
        }
        for f in fired
        if f.phone
    ]
    enqueued = enqueue_many(session, rows)
    repo.mark_undeliverable(session, [f.id for f in fired if not f.phone])
    # A recurring reminder goes back to pending at its next occurrence after now: missed ones (the
    # service was down) ring once, not once each.
    next_due = {}
    for f in fired:
        if f.rrule and f.phone:
            upcoming = next_occurrence(f.rrule, f.timezone, after=max(now, f.due_at))
            if upcoming is not None:
                next_due[f.id] = upcoming
    repo.reschedule_many(session, next_due)
    return SweepReport(fired=len(fired), enqueued=enqueued, batches=1 if fired else 0)


class ReminderDeliveries:
    """The reminders domain's side of delivery (messaging's DeliveryListener): a reminder's status follows
    its SMS."""

    def delivered(self, session: Session, reminder_ids: list[uuid.UUID], *, now: datetime) -> None:
        repo.mark_delivered(session, reminder_ids, now=now)

    def undeliverable(self, session: Session, reminder_ids: list[uuid.UUID], *, opted_out: bool) -> None:
        repo.mark_lost(session, reminder_ids, status="suppressed" if opted_out else "failed")

    def subject(self, session: Session, reminder_id: uuid.UUID) -> str | None:
        return repo.text_of(session, reminder_id)


FOLLOW_UP_AFTER = timedelta(minutes=30)
FOLLOW_UP_WITHIN = timedelta(hours=3)  # older silences are left alone: no follow-up storm after downtime
WAKING_HOURS = (time(8), time(21))  # proactive messages only then, in the person's time zone


def follow_up(session: Session, *, now: datetime, limit: int = 500) -> int:
    """One gentle follow-up for a reminder that got no answer after FOLLOW_UP_AFTER; at night it is
    skipped (recorded as suppressed), never sent the next morning."""
    from shared.messaging.repository import enqueue_many

    rows = []
    for u in repo.unanswered(
        session, sent_before=now - FOLLOW_UP_AFTER, sent_after=now - FOLLOW_UP_WITHIN, limit=limit
    ):
        local = now.astimezone(ZoneInfo(u.timezone)).time()
        awake = WAKING_HOURS[0] <= local < WAKING_HOURS[1]
        body = (
            t("reminder.follow_up", u.language, what=u.text)
            if u.text.strip()
            else t("reminder.follow_up_bare", u.language)
        )
        rows.append(
            {
                "idempotency_key": f"followup:{u.outbox_id}",
                "kind": "nudge",
                "to_phone": u.phone,
                "body": body,
                "user_id": u.user_id,
                "reminder_id": u.reminder_id,
                "next_attempt_at": now,
                "language": u.language,
                **({} if awake else {"status": "suppressed", "last_error": "quiet hours"}),
            }
        )
    return enqueue_many(session, rows)
