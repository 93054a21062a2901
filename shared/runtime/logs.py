"""Structured logs: one JSON object per line in the cloud (CloudWatch and Cloud Logging parse them),
readable lines locally. A correlation id (the MessageSid, the job id) follows a unit of work across log
lines. Nothing secret or personal goes in: no tokens, no SMS bodies, no phone numbers in our messages,
and the twilio SDK's request logging (URLs, headers) is turned down."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
import time
from typing import Any

correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)
_configured = False
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def __init__(self, function: str) -> None:
        super().__init__()
        self.function = function

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "function": self.function,
        }
        cid = correlation_id.get()
        if cid:
            entry["correlation_id"] = cid
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def on_cloud_runtime() -> bool:
    """AWS Lambda or Google Cloud Functions (gen2 runs on Cloud Run): their env tells."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or os.environ.get("K_SERVICE"))


def configure(function: str, *, force: bool = False, level: int = logging.INFO) -> None:
    """On a cloud runtime, once per process (a cold start): JSON lines on stdout, replacing the platform's
    plain handler. Elsewhere (emulator, tests) logging stays as the host set it up."""
    global _configured
    if _configured or not (force or on_cloud_runtime()):
        return
    _configured = True
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(function))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("twilio.http_client", "botocore", "urllib3", "httpx"):  # they log URLs and headers
        logging.getLogger(noisy).setLevel(logging.WARNING)
