"""A local, strict stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{Sid}/Messages.json).

It answers the way api.twilio.com does on the wire: HTTP Basic auth with AccountSid:AuthToken,
a form-encoded body, 201 with a Message resource, and legacy error JSON
``{"code", "message", "more_info", "status"}`` that the twilio SDK turns into TwilioRestException.

Deliberately stricter than Twilio in one place: real Twilio accepts ``From`` *and*
``MessagingServiceSid`` together (From must then belong to the service); here that is a 400,
because Boussole configures exactly one sender and sending both would be a wiring bug.
Not modelled: API-key auth (SK…:secret), MediaUrl/ContentSid sends, scheduling, GET/list.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
import threading
from collections import deque
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local.twilio_webhook import API_VERSION, count_segments

MAX_BODY_CHARS = 1600  # twilio.com/docs/errors/21617
MAX_CALLBACK_CHARS = 4000  # twilio.com/docs/api/errors/21609

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_SERVICE_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")
_ALPHA_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
_MESSAGES_PATH = re.compile(rf"^/{API_VERSION}/Accounts/(?P<account_sid>[^/]+)/Messages\.json$")

_SERVER_ERROR_CODES = {429: 20429, 500: 20500, 503: 20503}


class TwilioApiError(Exception):
    """One of Twilio's error answers, rendered as its legacy error JSON."""

    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}

    def payload(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


class FakeTwilio:
    """A real HTTP server on 127.0.0.1 that checks Messages API calls like Twilio would."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.request_count = 0
        self._messages: list[dict[str, Any]] = []
        self._opted_out: set[str] = set()
        self._failures: deque[int] = deque()
        self._stalls: deque[float] = deque()
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeTwilio:
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.block_on_close = False  # a stalled handler must not hold up stop()
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-twilio", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # release stalled handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeTwilio is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # -- what tests read -------------------------------------------------------------------
    @property
    def messages(self) -> list[dict[str, Any]]:
        """Accepted sends, oldest first (copies: sid, to, from_, messaging_service_sid, body, …)."""
        with self._changed:
            return [dict(m) for m in self._messages]

    def wait_for(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until at least n messages were accepted; return them all."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._messages) >= n, timeout=timeout):
                raise AssertionError(f"FakeTwilio got {len(self._messages)} messages, expected {n}")
            return [dict(m) for m in self._messages]

    # -- fault injection -------------------------------------------------------------------
    def opt_out(self, number: str) -> None:
        """Make sends to this number fail with 21610, as after the user texted STOP."""
        with self._changed:
            self._opted_out.add(number)

    def opt_in(self, number: str) -> None:
        """Undo opt_out, as after START/UNSTOP."""
        with self._changed:
            self._opted_out.discard(number)

    def fail_next(self, n: int = 1, *, status: int = 503) -> None:
        """Answer the next n authenticated sends with this HTTP status (5xx or 429)."""
        with self._changed:
            self._failures.extend([status] * n)

    def stall_next(self, n: int = 1, *, seconds: float = 30.0) -> None:
        """Hold the next n responses for `seconds` (or until stop()), to exercise client timeouts."""
        with self._changed:
            self._stalls.extend([seconds] * n)

    # -- request handling (runs on server threads) -----------------------------------------
    def _handle(self, method: str, path: str, headers: Any, raw_body: bytes) -> tuple[int, dict[str, Any]]:
        with self._changed:
            self.request_count += 1
            stall = self._stalls.popleft() if self._stalls else 0.0
        if stall:
            self._stopping.wait(stall)

        self._authenticate(headers.get("Authorization"))
        route = _MESSAGES_PATH.match(urlsplit(path).path)
        if route is None or route["account_sid"] != self.account_sid:
            raise TwilioApiError(404, 20404, f"The requested resource {urlsplit(path).path} was not found")
        if method != "POST":
            raise TwilioApiError(405, 20004, "Method not allowed")

        with self._changed:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None:
            extra = {"Retry-After": "1"} if failure == 429 else None
            raise TwilioApiError(failure, _SERVER_ERROR_CODES.get(failure, failure), HTTPStatus(failure).phrase, extra)

        form = _parse_form(headers.get("Content-Type", ""), raw_body)
        return 201, self._create_message(form)

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, encoded = (authorization or "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except ValueError:
            user = password = ""
        expected = (self.account_sid, self.auth_token)
        ok = scheme.lower() == "basic" and all(
            hmac.compare_digest(a.encode(), b.encode()) for a, b in zip((user, password), expected, strict=False)
        )
        if not ok:
            raise TwilioApiError(401, 20003, "Authenticate", {"WWW-Authenticate": 'Basic realm="Twilio API"'})

    def _create_message(self, form: dict[str, str]) -> dict[str, Any]:
        to, from_, service_sid = form.get("To"), form.get("From"), form.get("MessagingServiceSid")
        body, callback = form.get("Body"), form.get("StatusCallback")
        if not to:
            raise TwilioApiError(400, 21604, "A 'To' phone number is required.")
        if not from_ and not service_sid:
            raise TwilioApiError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required")
        if from_ and service_sid:
            raise TwilioApiError(400, 21603, "FakeTwilio: send either 'From' or 'MessagingServiceSid', not both")
        if not body:
            raise TwilioApiError(400, 21602, "Message body is required.")
        if len(body) > MAX_BODY_CHARS:
            raise TwilioApiError(
                400, 21617, f"The concatenated message body exceeds the {MAX_BODY_CHARS} character limit."
            )
        if not _E164.match(to):
            raise TwilioApiError(400, 21211, f"Invalid 'To' Phone Number: {to}")
        if from_ and not (_E164.match(from_) or _ALPHA_SENDER.match(from_)):
            raise TwilioApiError(400, 21212, f"Invalid From Number (caller ID): {from_}")
        if service_sid and not _SERVICE_SID.match(service_sid):
            raise TwilioApiError(400, 21705, "The Messaging Service is invalid")
        if callback is not None and not _valid_callback(callback):
            raise TwilioApiError(400, 21609, "The StatusCallback URL is not a valid URL.")

        with self._changed:
            if to in self._opted_out:
                raise TwilioApiError(400, 21610, "Attempt to send to unsubscribed recipient")
            sid = "SM" + secrets.token_hex(16)
            created = datetime.now(UTC).replace(microsecond=0)
            record = {
                "sid": sid,
                "to": to,
                "from_": from_,
                "messaging_service_sid": service_sid,
                "body": body,
                "status_callback": callback,
                "date_created": created,
                # A service picks its sender later: Twilio answers "accepted", from null, 0 segments.
                "status": "accepted" if service_sid else "queued",
                "num_segments": 0 if service_sid else count_segments(body),
            }
            self._messages.append(record)
            self._changed.notify_all()
        return self._resource(record)

    def _resource(self, record: dict[str, Any]) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{record['sid']}"
        stamp = format_datetime(record["date_created"])  # RFC 2822, "+0000"
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": record["body"],
            "date_created": stamp,
            "date_sent": None,
            "date_updated": stamp,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": record["from_"],
            "messaging_service_sid": record["messaging_service_sid"],
            "num_media": "0",
            "num_segments": str(record["num_segments"]),
            "price": None,
            "price_unit": "USD",
            "sid": record["sid"],
            "status": record["status"],
            "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
            "to": record["to"],
            "uri": f"{uri}.json",
        }


def _parse_form(content_type: str, raw_body: bytes) -> dict[str, str]:
    """Read a form body; anything else (e.g. JSON) reads as no parameters, as on Twilio (21604)."""
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return {}
    parsed = parse_qs(raw_body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    return {key: values[-1] for key, values in parsed.items()}


def _valid_callback(url: str) -> bool:
    parts = urlsplit(url)
    return (
        len(url) <= MAX_CALLBACK_CHARS
        and parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and "_" not in (parts.hostname or "")
    )


class _Handler(BaseHTTPRequestHandler):
    fake: FakeTwilio
    server_version = "FakeTwilio/1.0"

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        extra_headers: dict[str, str] = {}
        try:
            status, payload = self.fake._handle(self.command, self.path, self.headers, raw_body)
        except TwilioApiError as exc:
            status, payload, extra_headers = exc.status, exc.payload(), exc.headers
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Twilio-Request-Id", "RQ" + secrets.token_hex(16))
            for name, value in extra_headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean
