"""One conversation turn, run from the queue (SQS on AWS, Pub/Sub on GCP, in-process in the emulator)."""

from __future__ import annotations

from typing import Any

from shared.agent.run import run_agent_turn
from shared.jobs.dispatch import parse_notice
from shared.runtime.events import queue_function
from shared.wiring import Deps


def agent_turn(deps: Deps, notice: dict[str, Any]) -> dict[str, Any]:
    kind, job_id = parse_notice(notice)
    if kind != "agent_turn":
        raise ValueError(f"agent_turn got a {kind} job")
    return run_agent_turn(deps.agent, job_id)


lambda_handler, gcf_handler = queue_function(agent_turn, name="agent_turn")
