"""RFC 9457 problem details, without importing a web framework (the webhook's cold start)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PROBLEM_TYPE_BASE = "https://boussole.app/problems/"


@dataclass
class Problem(Exception):
    """An expected failure with an HTTP status; rendered as application/problem+json."""

    status: int
    code: str  # stable slug, also the end of the `type` URI
    title: str
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # sent with it (e.g. Retry-After), not in the body

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + self.code,
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body

    def to_json(self, instance: str | None = None) -> bytes:
        return json.dumps(self.to_dict(instance), ensure_ascii=False).encode()


PROBLEM_CONTENT_TYPE = "application/problem+json"
