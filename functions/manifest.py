"""Every function, its trigger and its entry points: the one list the emulator, the deploy
descriptors (template.yaml, serverless.yml) and their consistency tests read.

Each function package `functions/<name>/main.py` exposes:
- `lambda_handler(event, context)`: AWS Lambda (Mangum for HTTP; plain for schedules and queues);
- `gcf_handler`: Google Cloud Functions target (functions-framework; `--asgi` for HTTP,
  `--signature-type=cloudevent` for Pub/Sub-triggered schedules and queues);
- HTTP functions also expose `app` (an ASGI app), which the emulator mounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Route:
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "ANY"]
    path: str  # as API Gateway HTTP API writes it, e.g. "/sms/inbound"; "/v1/{proxy+}" for everything below

    @property
    def prefix(self) -> str | None:
        """For a greedy route, the path prefix it owns ("/v1/"); None for an exact route."""
        return self.path.removesuffix("{proxy+}") if self.path.endswith("/{proxy+}") else None


@dataclass(frozen=True)
class Function:
    name: str
    trigger: Literal["http", "schedule", "queue"]
    routes: tuple[Route, ...] = ()
    # Schedules: the same rule in the two syntaxes the clouds want.
    rate: str | None = None  # EventBridge, e.g. "rate(1 minute)"
    cron: str | None = None  # Cloud Scheduler / emulator, 5-field crontab, e.g. "* * * * *"
    queue: str | None = None  # logical queue name (SQS queue / Pub/Sub topic)
    timeout_seconds: int = 30
    memory_mb: int = 512
    description: str = ""
    env: tuple[str, ...] = field(default=())  # extra env vars this function needs, beyond the common ones

    @property
    def module(self) -> str:
        return f"functions.{self.name}.main"

    @property
    def lambda_handler(self) -> str:
        return f"{self.module}.lambda_handler"


FUNCTIONS: tuple[Function, ...] = (
    Function(
        name="sms_inbound",
        trigger="http",
        routes=(Route("POST", "/sms/inbound"),),
        timeout_seconds=10,
        description="Twilio inbound SMS webhook: verify, store once, queue an agent turn, answer at once.",
        # In a database outage the message goes to the spill queue (AWS: SQS URL; GCP: Pub/Sub topic).
        env=("BOUSSOLE_SPILL", "BOUSSOLE_SPILL_TARGET"),
    ),
    Function(
        name="sms_status",
        trigger="http",
        routes=(Route("POST", "/sms/status"),),
        timeout_seconds=10,
        description="Twilio delivery receipts: status moves only forward; transient failures go back to retry.",
    ),
    Function(
        name="inbound_drain",
        trigger="queue",
        queue="inbound-spill",
        timeout_seconds=30,
        description="Store inbound SMS the webhook spilled during a database outage (unique on MessageSid).",
    ),
    Function(
        name="api",
        trigger="http",
        # One greedy route: FastAPI does the routing, so ~60 resource routes live in one place (the code).
        routes=(Route("ANY", "/v1/{proxy+}"),),
        timeout_seconds=15,
        description="REST API under /v1.",
    ),
    Function(
        name="agent_turn",
        trigger="queue",
        queue="agent-turns",
        timeout_seconds=60,
        description="One conversation turn: understand, act with tools, reply through the outbox.",
    ),
    Function(
        name="reminder_sweep",
        trigger="schedule",
        rate="rate(1 minute)",
        cron="* * * * *",
        # It stops starting work after BOUSSOLE_SWEEP_BUDGET_SECONDS (56 s); sends in flight finish after.
        timeout_seconds=70,
        description="Claim due reminders, write them to the outbox, send in parallel at the provider's rate, "
        "recover stuck sends and jobs.",
    ),
    Function(
        name="morning_plan",
        trigger="schedule",
        rate="rate(1 minute)",
        cron="* * * * *",
        timeout_seconds=30,
        description="Send each person their morning plan at the time they chose, once per local day.",
    ),
    Function(
        name="reembed",
        trigger="schedule",
        rate="rate(10 minutes)",
        cron="*/10 * * * *",
        # It starts no new batch after 90 s (functions/reembed/main.py BUDGET_SECONDS); the next tick goes on.
        timeout_seconds=120,
        description="Re-embed memories and note chunks made by another embedding model, a batch at a time.",
    ),
)

COMMON_ENV: tuple[str, ...] = (
    "BOUSSOLE_ENV",
    "BOUSSOLE_DATABASE_URL",
    "BOUSSOLE_PUBLIC_BASE_URL",
    "BOUSSOLE_SECRETS_ARN",  # AWS: JSON secret with the keys below marked (secret)
    "BOUSSOLE_TWILIO_ACCOUNT_SID",
    "BOUSSOLE_TWILIO_AUTH_TOKEN",  # (secret)
    "BOUSSOLE_TWILIO_FROM_NUMBER",
    "BOUSSOLE_UPSTASH_REDIS_REST_URL",
    "BOUSSOLE_UPSTASH_REDIS_REST_TOKEN",  # (secret)
    "BOUSSOLE_AGENT_QUEUE_URL",  # AWS: SQS queue for agent turns; GCP: Pub/Sub topic path
    "BOUSSOLE_OWN_NUMBERS",  # our phone numbers, comma-separated E.164
    "BOUSSOLE_SMS_SEND_RATE",  # the provider's messages per second for our sender
)


def by_name(name: str) -> Function:
    for fn in FUNCTIONS:
        if fn.name == name:
            return fn
    raise KeyError(name)
