"""Typed settings per environment, read from BOUSSOLE_* variables (and, on AWS, one JSON secret).

pydantic-settings would add ~270 ms to every cold start (LIBRARIES.md §11 budget), so this is a plain
pydantic model with a small `from_env`. Nothing reads the environment at import time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, SecretStr, field_validator, model_validator

if TYPE_CHECKING:
    from shared.auth.passwords import Params as PasswordParams

PREFIX = "BOUSSOLE_"
LOCAL_TWILIO_SID = "AC" + "0" * 32
LOCAL_TWILIO_TOKEN = "local-twilio-auth-token"
LOCAL_UPSTASH_TOKEN = "local-upstash-token"
LOCAL_TOKEN_SECRET = "local-token-secret-not-for-production"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    env: Literal["local", "test", "dev", "stage", "prod"] = "local"
    database_url: str = "postgresql+pg8000://postgres@localhost:5432/boussole"
    # Row-level security (docs/security.md): every transaction of the functions runs as `boussole_app` with
    # the person set, or as `boussole_system` in a named cross-person unit of work. Off only for the bench's
    # baseline: the database's user then needs the tables' privileges itself.
    row_level_security: bool = True
    # The URL Twilio calls us at, e.g. "https://sms.example.org"; the webhook signature is computed on it.
    public_base_url: str = "http://127.0.0.1:8080"
    # Connection overrides appended to the webhook URL configured at Twilio, e.g. "#rc=3&rp=ct,rt,5xx" so
    # that our 503 (database unreachable) is retried: a signature over the URL with it is accepted too.
    twilio_webhook_fragment: str = ""
    # AWS HTTP API with a named stage: the stage prefix ("/dev") that Lambda events carry in their path.
    api_gateway_base_path: str = "/"

    twilio_account_sid: str = LOCAL_TWILIO_SID
    twilio_auth_token: SecretStr = SecretStr(LOCAL_TWILIO_TOKEN)
    twilio_from_number: str | None = "+15005550006"
    twilio_messaging_service_sid: str | None = None
    # Only for tests and the emulator: send through the real twilio client to a local fake API.
    twilio_api_base_url: str | None = None
    sms_gateway: Literal["twilio", "console"] = "console"

    cache: Literal["upstash", "redis"] = "upstash"
    upstash_redis_rest_url: str | None = None
    upstash_redis_rest_token: SecretStr | None = None
    redis_url: str | None = None

    queue: Literal["inprocess", "sqs", "pubsub", "none"] = "inprocess"
    agent_queue_url: str | None = None  # SQS queue URL, or Pub/Sub topic path projects/P/topics/T
    pubsub_api_url: str = "https://pubsub.googleapis.com/v1"
    gcp_metadata_token_url: str = (
        "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
    )

    token_secret: SecretStr = SecretStr(LOCAL_TOKEN_SECRET)
    # Abuse limits on the API, per sliding minute (shared.limits; counted in the cache): per client address,
    # per signed-in person, and per person on the routes that cost most (searches embed the question).
    rate_limits: bool = True
    api_per_ip_per_minute: int = 600
    api_per_person_per_minute: int = 300
    api_costly_per_person_per_minute: int = 60
    api_max_body_bytes: int = 256 * 1024
    # Password hashing, argon2id (shared.auth.passwords): RFC 9106's second recommendation by default; stage
    # and prod refuse anything below OWASP's floors.
    password_time_cost: int = 3
    password_memory_kib: int = 64 * 1024
    password_parallelism: int = 4
    # How long database backups are kept: an erased person's data is gone from them this many days later.
    backup_retention_days: int = 35

    # Gemini: set a key to use it (the offline brain answers without one, and whenever Gemini fails).
    gemini_api_key: SecretStr | None = None
    gemini_model: str = "gemini-2.5-flash"
    gemini_base_url: str | None = None  # tests and the emulator point it at a local fake
    gemini_timeout_seconds: float = 6.0  # one model call
    gemini_budget_seconds: float = 12.0  # the whole tool loop; then the offline brain answers
    gemini_max_steps: int = 4  # model calls per turn
    # Spend cap: turns a day (sliding) a person's messages may go to Gemini; then the offline brain answers.
    gemini_turns_per_person_per_day: int = 200
    # Long-term memory's embeddings: the offline multilingual-e5-small (the `local` extra ships it; not deployed),
    # Gemini's (needs gemini_api_key; model and dimension below), or none (full-text search only); "auto": Gemini
    # when a key is set, else offline on a local or test run and none in the cloud. Each vector is stored with its
    # model's name, so changing these only makes the re-embed job convert the rows.
    embeddings: Literal["auto", "offline", "gemini", "none"] = "auto"
    embedding_model: str = "gemini-embedding-001"
    embedding_dimension: int = 384

    default_timezone_fr: str = "Europe/Paris"
    default_timezone_en: str = "America/New_York"
    job_stale_seconds: int = 60

    # Our own numbers: inbound must be To one of them and never From one (a loop or a spoof). Comma-
    # separated E.164; blank means just twilio_from_number (a messaging service must list its numbers).
    own_numbers: str = ""
    # Delivery (shared/messaging/policy.py): how long a transient failure is retried, per kind of message.
    retry_window_reply_minutes: int = 120
    retry_window_nudge_minutes: int = 120
    retry_window_reminder_minutes: int = 1440
    retry_window_notice_minutes: int = 1440
    outbox_lease_seconds: int = 60  # a sender that dies gives its rows back after this
    # The provider's limit per sender, messages per second, and overrides "sender=rate,…" (a number or a
    # messaging service SID): long codes are often 1/s, messaging services and short codes far more.
    sms_send_rate: float = 10.0
    sms_send_rates: str = ""
    sms_senders: int = 6  # parallel senders in a sweep
    sms_sender_concurrency: int = 8  # sends in flight per sender
    status_callbacks: bool = True  # ask Twilio for delivery receipts at {public_base_url}/sms/status
    sweep_budget_seconds: float = 56.0  # stop starting work after this (the function's timeout is 70 s)
    # Abuse limits: inbound messages per phone beyond these are stored, answered once, not acted on.
    inbound_max_per_minute: int = 10
    inbound_max_per_hour: int = 60
    inbound_max_per_day: int = 300  # the daily cap on SMS spend per phone: each message acted on costs a reply
    # Where the webhook keeps a message when the database cannot take it: the function's queue in the
    # cloud (sqs: a queue URL, pubsub: a topic path), a folder locally; "none" answers 503 instead.
    spill: Literal["none", "file", "sqs", "pubsub"] = "none"
    spill_target: str | None = None
    # Encryption at rest (shared.crypto, docs/security.md): the key-encryption key that wraps each person's data
    # key. "auto": a local key file on a local or test run, AWS KMS elsewhere (stage and prod refuse the file).
    encryption: Literal["auto", "local", "kms"] = "auto"
    encryption_key_file: str | None = None  # local: default $BOUSSOLE_DATA_DIR or XDG state dir /keys/kek.json
    kms_key_id: str | None = None  # kms: an alias ("alias/boussole-data") or a key ARN
    kms_endpoint_url: str | None = None  # tests only: moto's server or a fault-injecting fake
    aws_region: str | None = None  # default: the function's AWS_REGION
    # Unwrapped data keys kept in process so a page of notes costs no KMS call per row (bounded, short-lived).
    data_key_cache_seconds: float = 300.0
    data_key_cache_size: int = 4096

    @field_validator("public_base_url")
    @classmethod
    def _no_trailing_slash(cls, v: str) -> str:
        return v.rstrip("/")

    @model_validator(mode="after")
    def _spill_has_a_target(self) -> Settings:
        if self.spill != "none" and not self.spill_target:
            raise ValueError(f"spill={self.spill} needs spill_target (a folder, queue URL or topic path)")
        return self

    @property
    def embedder_kind(self) -> Literal["offline", "gemini", "none"]:
        """The embeddings actually used (see `embeddings`)."""
        if self.embeddings != "auto":
            return self.embeddings
        if self.gemini_api_key is not None:
            return "gemini"
        return "offline" if self.env in ("local", "test") else "none"

    @property
    def password_params(self) -> PasswordParams:
        from shared.auth.passwords import Params

        return Params(self.password_time_cost, self.password_memory_kib, self.password_parallelism)

    @property
    def keyring_kind(self) -> Literal["local", "kms"]:
        """The key-encryption key actually used (see `encryption`)."""
        if self.encryption != "auto":
            return self.encryption
        return "local" if self.env in ("local", "test") else "kms"

    @property
    def own_number_set(self) -> frozenset[str]:
        listed = {n.strip() for n in self.own_numbers.split(",") if n.strip()}
        return frozenset(listed or ({self.twilio_from_number} if self.twilio_from_number else set()))

    @model_validator(mode="after")
    def _refuse_local_defaults_outside_local(self) -> Settings:
        if self.env in ("stage", "prod"):
            problems = []
            if self.twilio_auth_token.get_secret_value() == LOCAL_TWILIO_TOKEN:
                problems.append("twilio_auth_token is the local default")
            if self.token_secret.get_secret_value() == LOCAL_TOKEN_SECRET:
                problems.append("token_secret is the local default")
            if len(self.token_secret.get_secret_value().encode()) < 32:
                problems.append("token_secret needs at least 32 bytes (HS256, RFC 7518 §3.2)")
            if self.sms_gateway == "console":
                problems.append("sms_gateway=console cannot reach phones")
            if self.queue in ("inprocess", "none"):
                problems.append(f"queue={self.queue} leaves agent turns unrun in the cloud (use sqs or pubsub)")
            if self.queue in ("sqs", "pubsub") and not self.agent_queue_url:
                problems.append(f"queue={self.queue} needs agent_queue_url")
            if self.spill == "file":  # only sms_inbound spills: the descriptors give it sqs or pubsub
                problems.append("spill=file strands inbound SMS on one machine (use sqs or pubsub)")
            if self.twilio_messaging_service_sid and not self.own_numbers:
                problems.append("a messaging service needs own_numbers (its phone numbers)")
            if self.twilio_api_base_url:
                problems.append("twilio_api_base_url points at a fake")
            if not self.password_params.meets_floor():
                problems.append("password hashing is below OWASP's argon2id floor")
            if not self.public_base_url.startswith("https://"):
                problems.append("public_base_url must be https")
            if self.embeddings == "offline":
                problems.append("embeddings=offline: the model ships only with the local extra (use gemini or auto)")
            if self.embeddings == "gemini" and self.gemini_api_key is None:
                problems.append("embeddings=gemini needs gemini_api_key")
            if self.keyring_kind == "local" or self.encryption_key_file:
                problems.append("encryption with a local key file: use kms (encryption=kms, kms_key_id)")
            if self.keyring_kind == "kms" and not self.kms_key_id:
                problems.append("encryption=kms needs kms_key_id")
            if self.kms_endpoint_url:
                problems.append("kms_endpoint_url points at a fake")
            if problems:
                raise ValueError(f"{self.env} settings refused: " + "; ".join(problems))
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from BOUSSOLE_* variables, merged over the JSON secret named by BOUSSOLE_SECRETS_ARN."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        arn = environ.get(PREFIX + "SECRETS_ARN")
        if arn:
            values.update(_load_secret(arn))
        for key, raw in environ.items():
            if key.startswith(PREFIX) and key != PREFIX + "SECRETS_ARN":
                values[key[len(PREFIX) :].lower()] = raw
        return cls.model_validate(values)


def _load_secret(arn: str) -> dict[str, object]:
    """Read the app's JSON secret from AWS Secrets Manager (cached by Powertools for 5 minutes)."""
    from aws_lambda_powertools.utilities.parameters import get_secret  # lazy: only on AWS

    raw = get_secret(arn)
    data = json.loads(raw if isinstance(raw, str) else raw.decode())
    return {str(k).lower(): v for k, v in data.items()}


@cache
def get_settings() -> Settings:
    return Settings.from_env()
