"""Store inbound SMS that the webhook spilled while the database was down (SQS on AWS, Pub/Sub on GCP,
a folder in the emulator), each exactly as the webhook would have, unique on MessageSid."""

from __future__ import annotations

from typing import Any

from shared.messaging.spill import Spilled
from shared.runtime.events import queue_function
from shared.wiring import Deps


def inbound_drain(deps: Deps, record: dict[str, Any]) -> dict[str, Any]:
    [outcome] = deps.drain_spilled([Spilled.from_json(record)])
    if isinstance(outcome, BaseException):
        raise outcome  # still unreachable: the queue delivers it again later
    return {"stored": outcome.message_id is not None}


lambda_handler, gcf_handler = queue_function(inbound_drain, name="inbound_drain")
