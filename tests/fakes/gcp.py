"""A local fake of the two Google endpoints a Cloud Function uses to publish to Pub/Sub: the metadata
server's access-token endpoint and the Pub/Sub REST `topics.publish` call, each checked like Google would
(Metadata-Flavor header, bearer token, base64 `data`, the topic path)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token"


class FakeGcp:
    def __init__(self) -> None:
        self.token = "ya29." + secrets.token_urlsafe(24)
        self.published: list[dict[str, Any]] = []  # {"topic", "data" (decoded JSON), "attributes"}
        self.token_requests = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> FakeGcp:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if self.path != TOKEN_PATH:
                    return self._reply(404, {"error": "not found"})
                if self.headers.get("Metadata-Flavor") != "Google":
                    return self._reply(403, {"error": "Missing Metadata-Flavor:Google header"})
                with fake._lock:
                    fake.token_requests += 1
                self._reply(200, {"access_token": fake.token, "expires_in": 3599, "token_type": "Bearer"})

            def do_POST(self) -> None:
                prefix, _, topic_action = self.path.partition("/v1/")
                if prefix or not topic_action.endswith(":publish") or "/topics/" not in topic_action:
                    return self._reply(404, {"error": {"code": 404, "status": "NOT_FOUND"}})
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._reply(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                ids = []
                for message in body.get("messages", []):
                    data = json.loads(base64.b64decode(message["data"], validate=True))
                    with fake._lock:
                        fake.published.append(
                            {
                                "topic": topic_action[: -len(":publish")],
                                "data": data,
                                "attributes": message.get("attributes", {}),
                            }
                        )
                        ids.append(str(len(fake.published)))
                if not ids:
                    return self._reply(400, {"error": {"code": 400, "status": "INVALID_ARGUMENT"}})
                self._reply(200, {"messageIds": ids})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"
