"""The morning plan: at the time each person chose ("envoie-moi mon planning à 8h"), one SMS with their
day, built by the planner from the store. Run every minute by the `morning_plan` function; once per
person and local day whatever the retries (the outbox key), and not at all after a late start beyond
`window` (a plan at 14:00 is noise)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.db import rls
from shared.messaging import repository as messaging
from shared.planner import repository as repo
from shared.planner import service as planner

WINDOW = timedelta(hours=2)


def send_morning_plans(session: Session, *, now: datetime, limit: int = 500) -> int:
    """Queue today's plan for everyone due now; how many were queued."""
    queued = 0
    for user in repo.due_for_morning_plan(session, now=now, window=WINDOW, limit=limit):
        rls.as_person(session, user.id)  # each plan is written as its person (the list was the system's)
        day = now.astimezone(ZoneInfo(user.timezone)).date()
        body = planner.plan_for(session, user=user, now=now, day=day)
        added = messaging.enqueue(
            session,
            key=f"morning:{user.id}:{day.isoformat()}",
            kind="nudge",
            to_phone=user.phone or "",
            body=body,
            now=now,
            user_id=user.id,
            language=user.language,
        )
        queued += added is not None
    return queued
