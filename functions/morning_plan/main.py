"""Every minute: queue the morning plan of everyone whose chosen time has come, then send it."""

from __future__ import annotations

from typing import Any

from shared.planner.morning import send_morning_plans
from shared.runtime.events import scheduled_function
from shared.wiring import Deps


def morning_plan(deps: Deps, payload: dict[str, Any]) -> dict[str, Any]:
    with deps.uow("morning plan") as uow:
        queued = send_morning_plans(uow.session, now=deps.clock.now())
    # Sent at once (the reminder sweep would send them within a minute anyway, as it does every outbox row).
    report = deps.deliver(limit=queued, budget_seconds=20) if queued else None
    return {"queued": queued, "sent": report.sent if report else 0}


lambda_handler, gcf_handler = scheduled_function(morning_plan, name="morning_plan")
