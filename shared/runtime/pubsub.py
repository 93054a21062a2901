"""Publish to a Google Pub/Sub topic through its REST API with the function's own service-account token
from the metadata server: one HTTP call, no SDK (cold start)."""

from __future__ import annotations

import base64
import threading
import time

METADATA_TOKEN_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"


class PubSubPublisher:
    def __init__(
        self,
        topic: str,
        *,
        api_url: str = "https://pubsub.googleapis.com/v1",
        metadata_url: str = METADATA_TOKEN_URL,
        timeout_seconds: float = 5.0,
    ) -> None:
        if not topic.startswith("projects/") or "/topics/" not in topic:
            raise ValueError(f"not a Pub/Sub topic path: {topic!r}")
        self._publish_url = f"{api_url.rstrip('/')}/{topic}:publish"
        self._metadata_url = metadata_url
        self._timeout = timeout_seconds
        self._token: tuple[str, float] | None = None  # (token, monotonic expiry)
        self._lock = threading.Lock()

    def publish(self, data: bytes, attributes: dict[str, str] | None = None, *, ordering_key: str = "") -> str:
        """Publish one message; return its Pub/Sub message id. Raises on any failure."""
        import httpx

        message: dict[str, object] = {"data": base64.b64encode(data).decode(), "attributes": attributes or {}}
        if ordering_key:
            message["orderingKey"] = ordering_key
        response = httpx.post(
            self._publish_url,
            json={"messages": [message]},
            headers={"Authorization": f"Bearer {self._access_token()}"},
            timeout=self._timeout,
        )
        response.raise_for_status()
        return str(response.json().get("messageIds", [""])[0])

    def _access_token(self) -> str:
        import httpx

        with self._lock:
            if self._token is None or time.monotonic() >= self._token[1]:
                r = httpx.get(self._metadata_url, headers={"Metadata-Flavor": "Google"}, timeout=self._timeout)
                r.raise_for_status()
                body = r.json()
                self._token = (str(body["access_token"]), time.monotonic() + int(body["expires_in"]) - 60)
            return self._token[0]
