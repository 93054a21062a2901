"""Reminders: schedule one, and the sweep that moves due ones to the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from shared.brains.offline.recurrence import next_occurrence
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
