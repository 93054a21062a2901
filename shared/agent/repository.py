"""The agent log: every query about what turns did."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.agent.models import AgentLog


def ignored_since_stop(session: Session, user_id: uuid.UUID) -> bool:
    """Did the person send anything we did not act on since their last STOP?"""
    stopped = (
        select(func.max(AgentLog.created_at))
        .where(AgentLog.user_id == user_id, AgentLog.intent == "sms.stop")
        .scalar_subquery()
    )
    found = session.scalar(
        select(AgentLog.id)
        .where(AgentLog.user_id == user_id, AgentLog.intent == "sms.opted_out", AgentLog.created_at >= stopped)
        .limit(1)
    )
    return found is not None
