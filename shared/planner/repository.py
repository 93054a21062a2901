"""The planner's only SQL: who is due for their morning plan now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, exists, func, literal, select
from sqlalchemy.orm import Session

from shared.messaging.models import Outbox
from shared.users.models import User, UserSettings


def due_for_morning_plan(session: Session, *, now: datetime, window: timedelta, limit: int) -> list[User]:
    """Active people whose local clock is in [their morning-plan time, + window) and who have no plan for
    their local today in the outbox yet (the outbox key `morning:<user>:<local date>` makes it once)."""
    local = func.timezone(User.timezone, literal(now))  # the person's wall-clock time, no zone
    plan_at = func.date_trunc("day", local) + UserSettings.morning_plan_at
    key = literal("morning:") + cast(User.id, String) + literal(":") + func.to_char(local, "YYYY-MM-DD")
    sent = exists().where(Outbox.idempotency_key == key)
    return list(
        session.scalars(
            select(User)
            .join(UserSettings, UserSettings.user_id == User.id)
            .where(
                UserSettings.morning_plan_at.is_not(None),
                User.sms_status == "active",
                User.phone.is_not(None),
                and_(local >= plan_at, local < plan_at + window),
                ~sent,
            )
            .order_by(User.id)
            .limit(limit)
        )
    )
