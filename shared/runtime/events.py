"""Entry points for scheduled and queued functions on each runtime (plain handlers: Mangum refuses
non-HTTP events). The function body is `fn(deps, payload) -> dict`."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from typing import Any

from shared.runtime import logs

log = logging.getLogger("boussole.runtime")

Body = Callable[[Any, dict[str, Any]], dict[str, Any]]


def scheduled_function(fn: Body, *, name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """(lambda_handler, gcf_handler) for a schedule: EventBridge on AWS, Cloud Scheduler → Pub/Sub on GCP."""

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from shared.wiring import get_deps

        logs.configure(name)
        detail = event.get("detail") if isinstance(event, dict) else None
        return fn(get_deps(), detail if isinstance(detail, dict) else {})

    def gcf_handler(cloud_event: Any) -> dict[str, Any]:
        from shared.wiring import get_deps

        logs.configure(name)
        return fn(get_deps(), _pubsub_payload(cloud_event))

    lambda_handler.__name__ = gcf_handler.__name__ = f"{name}_handler"
    return lambda_handler, gcf_handler


def queue_function(fn: Body, *, name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """(lambda_handler, gcf_handler) for a queue consumer: SQS batches with partial failures on AWS,
    Pub/Sub pushes on GCP. Each record is `{"kind", "job_id"}`."""

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from shared.wiring import get_deps

        logs.configure(name)
        deps = get_deps()
        failures = []
        for record in event.get("Records", []):
            token = logs.correlation_id.set(record.get("messageId"))
            try:
                fn(deps, json.loads(record["body"]))
            except Exception:
                log.exception("record %s failed", record.get("messageId"))
                failures.append({"itemIdentifier": record.get("messageId")})
            finally:
                logs.correlation_id.reset(token)
        return {"batchItemFailures": failures}

    def gcf_handler(cloud_event: Any) -> dict[str, Any]:
        from shared.wiring import get_deps

        logs.configure(name)
        return fn(get_deps(), _pubsub_payload(cloud_event))  # an exception makes Pub/Sub redeliver

    lambda_handler.__name__ = gcf_handler.__name__ = f"{name}_handler"
    return lambda_handler, gcf_handler


def _pubsub_payload(cloud_event: Any) -> dict[str, Any]:
    data = cloud_event.data if hasattr(cloud_event, "data") else cloud_event
    message = (data or {}).get("message", {})
    raw = message.get("data")
    if not raw:
        return {}
    decoded = json.loads(base64.b64decode(raw))
    return decoded if isinstance(decoded, dict) else {}
