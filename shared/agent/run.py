"""Run agent turns: one person's turns in the order their messages arrived (SQS standard queues and Pub/Sub
deliver notices in any order, concurrently), everyone else's in parallel; then save the conversation
state and send the reply at once (the sweep retries what fails here)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.agent.brain import Brain
from shared.agent.registry import ToolRegistry
from shared.agent.state import StateStore
from shared.agent.turn import TurnDefaults, record_failure, run_turn
from shared.db.session import UnitOfWork
from shared.jobs import repository as jobs
from shared.messaging.repository import Claimed

log = logging.getLogger("boussole.agent")

MAX_CHAIN = 50  # turns one notice may run for a person (what arrived before it and is still waiting)


@dataclass(frozen=True)
class AgentRuntime:
    """The narrow ports a turn needs, wired by Deps."""

    uow: Callable[[], AbstractContextManager[UnitOfWork]]
    now: Callable[[], datetime]
    defaults: TurnDefaults
    brain: Brain
    registry: ToolRegistry
    states: StateStore
    deliver: Callable[[list[Claimed]], Any]  # send replies leased in the turn's own transaction
    cache: Callable[[], Any] | None = None  # erasure by SMS keeps its one-time code there


def run_agent_turn(rt: AgentRuntime, job_id: uuid.UUID) -> dict[str, Any]:
    """Handle the turn `job_id`, after any earlier message of the same person still waiting."""
    up_to: tuple[str, datetime, uuid.UUID] | None = None
    handled, sent = 0, 0
    for _ in range(MAX_CHAIN):
        current: uuid.UUID | None = None
        try:
            with rt.uow() as tx:
                if up_to is None:
                    up_to = jobs.turn_of(tx.session, job_id)
                    if up_to is None:
                        return {"handled": 0}
                phone, received_at, message_id = up_to
                jobs.lock_person(tx.session, phone)
                current = jobs.next_turn(tx.session, phone, now=rt.now(), up_to=(received_at, message_id))
                if current is None:
                    break
                result = run_turn(
                    tx.session,
                    job_id=current,
                    now=rt.now(),
                    defaults=rt.defaults,
                    brain=rt.brain,
                    registry=rt.registry,
                    load_state=rt.states.load,
                    cache=rt.cache() if rt.cache is not None else None,
                )
        except Exception as exc:
            if current is not None:
                with rt.uow() as tx:
                    record_failure(tx.session, job_id=current, error=f"{type(exc).__name__}: {exc}", now=rt.now())
            raise
        handled += 1
        if result is not None:
            if result.state is not None and result.user_id is not None:
                rt.states.save(result.user_id, result.state)
            if result.reply is not None:
                report = rt.deliver([result.reply])
                sent += getattr(report, "sent", 0)
        if current == job_id:  # ours is done; anything after it has its own notice
            break
    return {"handled": handled, "sent": sent}
