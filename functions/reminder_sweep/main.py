"""Every minute: claim due reminders, write them to the outbox, send, recover stuck sends and jobs."""

from __future__ import annotations

from typing import Any

from shared.reminders.sweep import run_sweep
from shared.runtime.events import scheduled_function
from shared.wiring import Deps


def reminder_sweep(deps: Deps, payload: dict[str, Any]) -> dict[str, Any]:
    return run_sweep(deps.sweep).as_dict()


lambda_handler, gcf_handler = scheduled_function(reminder_sweep, name="reminder_sweep")
