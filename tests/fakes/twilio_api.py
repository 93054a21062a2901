"""A local, strict stand-in for Twilio's Messages API, as a real HTTP server on 127.0.0.1.

It answers the way api.twilio.com does on the wire: HTTP Basic auth with AccountSid:AuthToken,
form-encoded bodies, JSON resources, and legacy error JSON ``{"code", "message", "more_info", "status"}``
that the twilio SDK turns into TwilioRestException. Routes:

- ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``: send (201 + Message resource).
- ``GET  /2010-04-01/Accounts/{AccountSid}/Messages.json``: list, newest first, filters ``To``, ``From``,
  ``DateSent``, ``DateSent<``, ``DateSent>``, paging ``PageSize`` (default 50, capped at 1000), ``Page``,
  ``PageToken``; the page JSON is Twilio's (``messages``, ``end``, ``first_page_uri``, ``next_page_uri``,
  ``page``, ``page_size``, ``previous_page_uri``, ``start``, ``uri``), so the SDK's list()/stream() page through it.
- ``GET  /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json``: fetch (404 / 20404 when unknown).
- ``DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json``: delete the record, body and numbers with it
  (204, no body); 404 / 20404 when unknown (or already deleted); a message still in flight (accepted, queued,
  sending) is refused with 20009, "Cannot delete this resource before it is complete" (HTTP 409 here: the
  status Twilio pairs with 20009 is not documented that we found).
- Inbound messages: ``receive(from_, to, body)`` records a message as Twilio does when a person texts our number
  (direction "inbound", status "received") and returns its SID, which a test then posts to our webhook.
- ``GET  /_fake/stats``: not Twilio; unauthenticated counters for a benchmark in another process.

Status moves on over time, from a background scheduler: a message sent from a number is created
"queued", then becomes "sent" (date_sent set) and "delivered"; one sent through a Messaging Service is
created "accepted" (from null, 0 segments), then "queued" (the service picks its sender), "sent",
"delivered". ``set_outcome`` makes a recipient's next messages end "undelivered" (after "sent") or
"failed" (straight from queued, date_sent stays null) with an error code. When a send carried
StatusCallback, every status change after the initial one is POSTed there, form-encoded and signed
with X-Twilio-Signature (HMAC over the exact callback URL, query string included); Twilio sends no
callback for the initial status. With ``auto_callbacks=False`` nothing moves on its own: tests drive
each message with ``post_callback`` (or ``set_status``), in any order, as often as they like.

DateSent filters (Twilio documents them as GMT dates; the SDK sends ``YYYY-MM-DDTHH:MM:SSZ``):
``DateSent`` matches the UTC day of the value; ``DateSent>`` is "on or after", ``DateSent<`` "on or
before" (a bare date covers its whole day, a datetime is compared to the second). A message that has
not been sent yet (queued/accepted, or failed before sending) has date_sent null: it matches no DateSent
filter, so a "what went out since T" query does not see messages still in Twilio's queue; unfiltered,
such messages sort first (they will be sent after everything already sent).

Deliberately stricter than Twilio in one place: real Twilio accepts ``From`` *and*
``MessagingServiceSid`` together (From must then belong to the service); here that is a 400,
because Boussole configures exactly one sender and sending both would be a wiring bug.
Callbacks go only to loopback hosts unless ``allow_remote_callbacks=True``: a test that passes a
made-up public URL must not make the fake post to the internet (the attempt is still recorded).
``mps_limit`` refuses sends beyond the rate with 429/20429; real Twilio queues them instead (and
answers 429 for too many concurrent requests), so this models the back-pressure a client must handle.
Not modelled: API-key auth (SK…:secret), MediaUrl/ContentSid sends, scheduling, message update (redaction),
callback retries (Twilio's #rc= connection overrides), prices.

Run standalone for a benchmark (serves until SIGTERM/SIGINT)::

    python -m tests.fakes.twilio_api --port 8099 --account-sid AC… --auth-token T --latency 0.1 --mps 200
"""

from __future__ import annotations

import argparse
import base64
import heapq
import hmac
import itertools
import re
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from local.twilio_webhook import API_VERSION, count_segments, sign
from tests.fakes.server import FakeHandler, FakeServer, serve_until_signalled

__all__ = ["CALLBACK_STATUSES", "FakeTwilio", "TwilioApiError", "count_segments", "main"]

MAX_BODY_CHARS = 1600  # twilio.com/docs/errors/21617
MAX_CALLBACK_CHARS = 4000  # twilio.com/docs/api/errors/21609
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 1000  # Message resource, "Read multiple Message resources"
CALLBACK_TIMEOUT = 15.0  # Twilio's default webhook timeout
STATS_PATH = "/_fake/stats"

_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_SERVICE_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")
_ALPHA_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
_ACCOUNT_PREFIX = rf"^/{API_VERSION}/Accounts/(?P<account_sid>[^/]+)"
_MESSAGES_PATH = re.compile(_ACCOUNT_PREFIX + r"/Messages\.json$")
_MESSAGE_PATH = re.compile(_ACCOUNT_PREFIX + r"/Messages/(?P<sid>[^/]+)\.json$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAGE_TOKEN = re.compile(r"^P(?P<direction>[AB])(?P<sid>(SM|MM)[0-9a-f]{32})-(?P<unsent>[01])(?P<epoch>\d+)$")

_SERVER_ERROR_CODES = {429: 20429, 500: 20500, 503: 20503}

# Outbound lifecycle order; a later status never goes back to an earlier one in the resource,
# even when callbacks are (re)played out of order.
_STATUS_RANK = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "undelivered": 4, "failed": 4}
CALLBACK_STATUSES = ("queued", "sending", "sent", "delivered", "undelivered", "failed")
_ERROR_STATUSES = frozenset({"failed", "undelivered"})
_ERROR_MESSAGES = {  # twilio.com/docs/api/errors/300xx
    30001: "Queue overflow",
    30002: "Account suspended",
    30003: "Unreachable destination handset",
    30004: "Message blocked",
    30005: "Unknown destination handset",
    30006: "Landline or unreachable carrier",
    30007: "Message filtered",
    30008: "Unknown error",
}
_UNSENT_FIRST = datetime.min.replace(tzinfo=UTC)


def max_in_any_second(stamps: list[float]) -> int:
    """The most of these (sorted) instants that fall within any one-second window."""
    best, first = 0, 0
    for last, stamp in enumerate(stamps):
        while stamp - stamps[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    return best


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


class _DropConnection(Exception):
    """Raised after a send was recorded: close the socket instead of answering."""


class FakeTwilio(FakeServer):
    """A real HTTP server on 127.0.0.1 that checks Messages API calls like Twilio would."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        latency: float = 0.0,
        mps_limit: float | None = None,
        auto_callbacks: bool = True,
        callback_delay: float = 0.05,
        callback_workers: int = 8,
        allow_remote_callbacks: bool = False,
        service_sender: str = "+15005550006",
        port: int = 0,
    ) -> None:
        """latency: seconds added to every Messages API answer. mps_limit: accepted sends per sender
        (From or MessagingServiceSid) in any sliding second, beyond which sends get 429/20429.
        auto_callbacks: move statuses on (and post callbacks) by themselves, callback_delay apart.
        service_sender: the number a Messaging Service picks when it queues a message."""
        if mps_limit is not None and mps_limit <= 0:
            raise ValueError("mps_limit must be positive")
        super().__init__(port=port, latency=latency)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.mps_limit = mps_limit
        self.auto_callbacks = auto_callbacks
        self.callback_delay = callback_delay
        self.allow_remote_callbacks = allow_remote_callbacks
        self.service_sender = service_sender
        self.request_count = 0
        self._messages: list[dict[str, Any]] = []
        self._by_sid: dict[str, dict[str, Any]] = {}
        self._inbound: list[dict[str, Any]] = []
        self.deleted: list[str] = []  # SIDs deleted through the API, in order
        self._plans: dict[str, deque[tuple[str, int | None]]] = {}
        self._seq = itertools.count(1)
        self._opted_out: set[str] = set()
        self._failures: deque[int] = deque()
        self._stalls: deque[float] = deque()
        self._outcomes: dict[str, deque[tuple[str, int]]] = {}
        self._drops = 0
        self._windows: dict[str, deque[float]] = {}
        self._accepted: list[tuple[float, float]] = []
        self._refused_429 = 0
        self._callbacks: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._scheduler = _Scheduler(callback_workers)
        self._http: httpx.Client | None = None

    # -- lifecycle -------------------------------------------------------------------------
    name = "fake-twilio"
    server_version = "FakeTwilio/1.0"

    def _starting(self) -> None:
        self._scheduler.start()

    def _stopped(self) -> None:
        self._scheduler.stop()
        with self._changed:
            client, self._http = self._http, None
        if client is not None:
            client.close()

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # -- what tests read -------------------------------------------------------------------
    @property
    def messages(self) -> list[dict[str, Any]]:
        """Accepted sends, oldest first (copies: sid, to, from_ as sent, messaging_service_sid, body,
        status_callback, status, date_sent, error_code, history of (status, datetime), …)."""
        with self._changed:
            return [_copy_record(m) for m in self._messages]

    def held_for(self, number: str) -> list[dict[str, Any]]:
        """Every message record Twilio still holds to or from this number (sent and received)."""
        with self._changed:
            return [
                _copy_record(m)
                for m in [*self._messages, *self._inbound]
                if number in (m["to"], m["from_"], m.get("assigned_from"))
            ]

    def receive(self, from_: str, to: str, body: str) -> str:
        """Record an inbound message as Twilio does when a person texts `to`; return its MessageSid."""
        now = datetime.now(UTC).replace(microsecond=0)
        sid = "SM" + secrets.token_hex(16)
        record = {
            "sid": sid,
            "to": to,
            "from_": from_,
            "messaging_service_sid": None,
            "body": body,
            "status_callback": None,
            "date_created": now,
            "status": "received",
            "num_segments": count_segments(body),
            "assigned_from": None,
            "date_sent": now,
            "date_updated": now,
            "error_code": None,
            "error_message": None,
            "history": [("received", now)],
            "seq": next(self._seq),
            "direction": "inbound",
        }
        with self._changed:
            self._inbound.append(record)
            self._by_sid[sid] = record
        return sid

    def wait_for(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until at least n messages were accepted; return them all."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._messages) >= n, timeout=timeout):
                raise AssertionError(f"FakeTwilio got {len(self._messages)} messages, expected {n}")
            return [_copy_record(m) for m in self._messages]

    @property
    def callbacks(self) -> list[dict[str, Any]]:
        """Every status callback attempted, in order: sid, status, url, params, signature,
        http_status (our endpoint's answer, None if not reached) and error (why not)."""
        with self._changed:
            return [dict(c, params=dict(c["params"])) for c in self._callbacks]

    def wait_callbacks(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until at least n callbacks were attempted; return them all."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._callbacks) >= n, timeout=timeout):
                raise AssertionError(f"FakeTwilio posted {len(self._callbacks)} callbacks, expected {n}")
        return self.callbacks

    @property
    def accepted_times(self) -> list[tuple[float, float]]:
        """(time.monotonic(), time.time()) of every accepted send, in order of acceptance."""
        with self._changed:
            return list(self._accepted)

    def max_rate_in_any_second(self, sender: str | None = None) -> int:
        """The most sends accepted within any one-second window (optionally for one From/service SID)."""
        with self._changed:
            stamps = sorted(
                m["accepted_monotonic"]
                for m in self._messages
                if sender is None or sender in (m["from_"], m["messaging_service_sid"])
            )
        return max_in_any_second(stamps)

    def stats(self) -> dict[str, Any]:
        """What GET /_fake/stats serves: accepted sends, their wall-clock times, 429 refusals."""
        with self._changed:
            return {
                "accepted": len(self._accepted),
                "accepted_at": [wall for _, wall in self._accepted],
                "refused_429": self._refused_429,
            }

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

    def set_outcome(self, to: str, status: str = "undelivered", error_code: int = 30003, times: int = 1) -> None:
        """Make the next `times` messages to this number end `status` ("undelivered" after "sent",
        or "failed" before it) with this error code, in callbacks and in list/fetch."""
        if status not in _ERROR_STATUSES:
            raise ValueError(f"outcome must be one of {sorted(_ERROR_STATUSES)}, not {status!r}")
        with self._changed:
            self._outcomes.setdefault(to, deque()).extend([(status, error_code)] * times)

    def drop_after_accept(self, n: int = 1) -> None:
        """Accept and record the next n sends, then close the connection without answering."""
        with self._changed:
            self._drops += n

    # -- driving statuses by hand ----------------------------------------------------------
    def set_status(self, sid: str, status: str, *, error_code: int | None = None, when: datetime | None = None) -> None:
        """Move a message to `status` without posting a callback (`when` backdates the change)."""
        if status not in CALLBACK_STATUSES:
            raise ValueError(f"status must be one of {CALLBACK_STATUSES}, not {status!r}")
        with self._changed:
            self._apply_status(self._record(sid), status, error_code, when)

    def post_callback(self, sid: str, status: str, error_code: int | None = None) -> int:
        """Post one status callback for this message now and return our endpoint's HTTP status.

        The message moves to `status` if that is later in its lifecycle (replayed or out-of-order
        callbacks leave the resource at its latest status, as on Twilio)."""
        if status not in CALLBACK_STATUSES:
            raise ValueError(f"status must be one of {CALLBACK_STATUSES}, not {status!r}")
        with self._changed:
            record = self._record(sid)
            if not record["status_callback"]:
                raise ValueError(f"message {sid} was sent without StatusCallback")
            self._apply_status(record, status, error_code, None)
            snapshot = _copy_record(record)
        entry = self._post_callback(snapshot, status, error_code)
        if entry["http_status"] is None:
            raise ConnectionError(f"status callback to {entry['url']} failed: {entry['error']}")
        return int(entry["http_status"])

    # -- request handling (runs on server threads) -----------------------------------------
    def _serve(self, handler: FakeHandler, raw_body: bytes) -> None:
        if urlsplit(handler.path).path == STATS_PATH:
            if handler.command == "GET":
                handler.send_json(200, self.stats(), _twilio_headers())
            else:
                handler.send_json(405, TwilioApiError(405, 20004, "Method not allowed").payload(), _twilio_headers())
            return
        extra_headers: dict[str, str] = {}
        try:
            status, payload = self._handle(handler.command, handler.path, handler.headers, raw_body)
        except TwilioApiError as exc:
            status, payload, extra_headers = exc.status, exc.payload(), exc.headers
        except _DropConnection:
            self._pause()
            handler.abort()
            return
        except Exception as exc:  # a bug here should read as a Twilio 500, not a hung client
            status, payload = 500, TwilioApiError(500, 20500, f"FakeTwilio: {exc!r}").payload()
        self._pause()
        if status == 204:
            handler.send_empty(204, _twilio_headers(extra_headers))
            return
        handler.send_json(status, payload, _twilio_headers(extra_headers))

    def _handle(self, method: str, target: str, headers: Any, raw_body: bytes) -> tuple[int, dict[str, Any]]:
        with self._changed:
            self.request_count += 1
            stall = self._stalls.popleft() if self._stalls else 0.0
        if stall:
            self._stopping.wait(stall)

        self._authenticate(headers.get("Authorization"))
        parts = urlsplit(target)
        collection = _MESSAGES_PATH.match(parts.path)
        if collection is not None and collection["account_sid"] == self.account_sid:
            if method == "GET":
                return 200, self._list_messages(_parse_query(parts.query))
            if method != "POST":
                raise TwilioApiError(405, 20004, "Method not allowed")
            with self._changed:
                failure = self._failures.popleft() if self._failures else None
                if failure == 429:
                    self._refused_429 += 1
            if failure is not None:
                extra = {"Retry-After": "1"} if failure == 429 else None
                code = _SERVER_ERROR_CODES.get(failure, failure)
                raise TwilioApiError(failure, code, HTTPStatus(failure).phrase, extra)
            form = _parse_form(headers.get("Content-Type", ""), raw_body)
            resource, drop = self._create_message(form)
            if drop:
                raise _DropConnection
            return 201, resource
        instance = _MESSAGE_PATH.match(parts.path)
        if instance is not None and instance["account_sid"] == self.account_sid and method == "DELETE":
            self._delete(instance["sid"], parts.path)
            return 204, {}
        if instance is not None and instance["account_sid"] == self.account_sid:
            if method != "GET":
                raise TwilioApiError(405, 20004, "Method not allowed")
            with self._changed:
                record = self._by_sid.get(instance["sid"])
                if record is not None:
                    return 200, self._resource(record)
        raise TwilioApiError(404, 20404, f"The requested resource {parts.path} was not found")

    def _delete(self, sid: str, path: str) -> None:
        with self._changed:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None:
            raise TwilioApiError(failure, _SERVER_ERROR_CODES.get(failure, failure), HTTPStatus(failure).phrase)
        with self._changed:
            record = self._by_sid.get(sid)
            if record is None:
                raise TwilioApiError(404, 20404, f"The requested resource {path} was not found")
            if record["status"] in ("accepted", "queued", "sending"):
                raise TwilioApiError(409, 20009, "Cannot delete this resource before it is complete")
            del self._by_sid[sid]
            self._messages = [m for m in self._messages if m["sid"] != sid]
            self._inbound = [m for m in self._inbound if m["sid"] != sid]
            self._plans.pop(sid, None)
            self.deleted.append(sid)
            self._changed.notify_all()

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

    def _create_message(self, form: dict[str, str]) -> tuple[dict[str, Any], bool]:
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
            accepted_mono, accepted_wall = time.monotonic(), time.time()
            self._admit(service_sid or from_ or "", accepted_mono)
            outcome = self._outcomes[to].popleft() if self._outcomes.get(to) else None
            sid = "SM" + secrets.token_hex(16)
            created = datetime.fromtimestamp(accepted_wall, UTC).replace(microsecond=0)
            status = "accepted" if service_sid else "queued"
            record = {
                "sid": sid,
                "to": to,
                "from_": from_,
                "messaging_service_sid": service_sid,
                "body": body,
                "status_callback": callback,
                "date_created": created,
                # A service picks its sender later: Twilio answers "accepted", from null, 0 segments.
                "status": status,
                "num_segments": 0 if service_sid else count_segments(body),
                "assigned_from": None,
                "date_sent": None,
                "date_updated": created,
                "error_code": None,
                "error_message": None,
                "history": [(status, created)],
                "seq": next(self._seq),
                "accepted_monotonic": accepted_mono,
                "accepted_at": accepted_wall,
            }
            self._messages.append(record)
            self._by_sid[sid] = record
            self._accepted.append((accepted_mono, accepted_wall))
            self._plans[sid] = deque(_lifecycle(bool(service_sid), outcome))
            drop = self._drops > 0
            self._drops -= drop
            resource = self._resource(record)
            self._changed.notify_all()
        if self.auto_callbacks:
            self._scheduler.at(accepted_mono + self.callback_delay, self._advance, sid)
        return resource, drop

    def _admit(self, sender: str, now: float) -> None:
        """Enforce mps_limit over a sliding one-second window of accepted sends (lock held)."""
        if self.mps_limit is None:
            return
        window = self._windows.setdefault(sender, deque())
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.mps_limit:
            self._refused_429 += 1
            raise TwilioApiError(429, 20429, "Too Many Requests", {"Retry-After": "1"})
        window.append(now)

    def _record(self, sid: str) -> dict[str, Any]:
        try:
            return self._by_sid[sid]
        except KeyError:
            raise KeyError(f"FakeTwilio has no message {sid}") from None

    def _apply_status(self, record: dict[str, Any], status: str, error_code: int | None, when: datetime | None) -> None:
        """Move a message forward in its lifecycle (lock held); never backwards."""
        if record["messaging_service_sid"] and record["assigned_from"] is None:
            record["assigned_from"] = self.service_sender
            record["num_segments"] = count_segments(record["body"])
        if _STATUS_RANK[status] <= _STATUS_RANK[record["status"]]:
            return
        stamp = (when or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        record["status"] = status
        record["date_updated"] = stamp
        record["history"].append((status, stamp))
        if status in ("sent", "delivered", "undelivered") and record["date_sent"] is None:
            record["date_sent"] = stamp
        if status in _ERROR_STATUSES:
            code = error_code if error_code is not None else 30008
            record["error_code"] = code
            record["error_message"] = _ERROR_MESSAGES.get(code, "Unknown error")
        self._changed.notify_all()

    def _advance(self, sid: str) -> None:
        """One automatic lifecycle step (scheduler thread): apply it, post it, schedule the next."""
        with self._changed:
            record, plan = self._by_sid.get(sid), self._plans.get(sid)
            if record is None or not plan:
                return
            status, error_code = plan.popleft()
            self._apply_status(record, status, error_code, None)
            snapshot = _copy_record(record) if record["status_callback"] else None
            more = bool(plan)
        if snapshot is not None:
            self._post_callback(snapshot, status, error_code)
        if more and not self._stopping.is_set():
            self._scheduler.at(time.monotonic() + self.callback_delay, self._advance, sid)

    def _callback_params(self, record: dict[str, Any], status: str, error_code: int | None) -> dict[str, str]:
        """The form Twilio posts for an outbound SMS status change (track-outbound-message-status)."""
        params = {"SmsSid": record["sid"], "SmsStatus": status, "MessageStatus": status}
        if status in _ERROR_STATUSES:
            code = error_code if error_code is not None else record["error_code"]
            params["ErrorCode"] = str(code if code is not None else 30008)
        params["To"] = record["to"]
        if record["messaging_service_sid"]:
            params["MessagingServiceSid"] = record["messaging_service_sid"]
        params |= {
            "MessageSid": record["sid"],
            "AccountSid": self.account_sid,
            "From": record["from_"] or record["assigned_from"] or "",
            "ApiVersion": API_VERSION,
        }
        if status in ("delivered", "undelivered"):
            params["RawDlrDoneDate"] = datetime.now(UTC).strftime("%y%m%d%H%M")  # the carrier's DLR, YYMMDDhhmm
        return params

    def _post_callback(self, record: dict[str, Any], status: str, error_code: int | None) -> dict[str, Any]:
        url = record["status_callback"]
        params = self._callback_params(record, status, error_code)
        signature = sign(url, params, self.auth_token)
        entry: dict[str, Any] = {
            "sid": record["sid"],
            "status": status,
            "url": url,
            "params": params,
            "signature": signature,
            "http_status": None,
            "error": None,
            "posted_at": time.time(),
        }
        remote_refused = not (self.allow_remote_callbacks or _is_loopback(url))
        client = None if remote_refused else self._callback_client()
        if remote_refused:
            entry["error"] = "not posted: not a loopback host (allow_remote_callbacks=False)"
        elif client is None:
            entry["error"] = "not posted: FakeTwilio is stopped"
        else:
            headers = {
                "X-Twilio-Signature": signature,
                "I-Twilio-Idempotency-Token": secrets.token_hex(16),
                "User-Agent": "TwilioProxy/1.1",
            }
            try:
                response = client.post(url, data=params, headers=headers)
                entry["http_status"] = response.status_code
            except (httpx.HTTPError, RuntimeError) as exc:  # RuntimeError: client closed by stop()
                entry["error"] = f"{type(exc).__name__}: {exc}"
        with self._changed:
            self._callbacks.append(entry)
            self._changed.notify_all()
        return entry

    def _callback_client(self) -> httpx.Client | None:
        """The shared client for callbacks, made on first use (building one costs ~0.1 s of TLS setup)."""
        with self._changed:
            if self._http is None and self._server is not None and not self._stopping.is_set():
                self._http = httpx.Client(timeout=CALLBACK_TIMEOUT, follow_redirects=False)
            return self._http

    def _list_messages(self, query: dict[str, str]) -> dict[str, Any]:
        filters = [
            (name, query[name]) for name in ("To", "From", "DateSent", "DateSent<", "DateSent>") if name in query
        ]
        on = _parse_when("DateSent", query.get("DateSent"))
        before = _parse_when("DateSent<", query.get("DateSent<"))
        after = _parse_when("DateSent>", query.get("DateSent>"))
        page_size = _page_size(query.get("PageSize"))
        page = _page_number(query.get("Page"))
        token = query.get("PageToken")
        anchor = _parse_token(token) if token else None

        with self._changed:
            rows = sorted(
                (
                    (_sort_key(m), m)
                    for m in self._messages
                    if query.get("To", m["to"]) == m["to"]
                    and query.get("From", _sender(m)) == _sender(m)
                    and _date_sent_matches(m["date_sent"], on, before, after)
                ),
                key=lambda row: row[0],
                reverse=True,
            )
            if anchor is None:
                selected = rows[page * page_size : (page + 1) * page_size]
            else:
                direction, anchor_sid, unsent, sent = anchor
                if anchor_sid not in self._by_sid:
                    raise TwilioApiError(400, 20001, "Invalid PageToken")
                key = (unsent, sent, self._by_sid[anchor_sid]["seq"])
                if direction == "A":  # the page after a record: older ones
                    selected = [row for row in rows if row[0] < key][:page_size]
                else:  # the page before a record: newer ones, nearest first
                    selected = [row for row in rows if row[0] > key][-page_size:]
            messages = [self._resource(m) for _, m in selected]
            more = bool(selected) and any(k < selected[-1][0] for k, _ in rows)

        base = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

        def page_uri(number: int, page_token: str | None = None) -> str:
            params = [*filters, ("PageSize", str(page_size)), ("Page", str(number))]
            if page_token:
                params.append(("PageToken", page_token))
            return f"{base}?{urlencode(params)}"

        start = page * page_size
        next_uri = page_uri(page + 1, _page_token("A", selected[-1])) if more else None
        previous_uri = page_uri(page - 1, _page_token("B", selected[0])) if page > 0 and selected else None
        return {
            "end": start + max(len(messages) - 1, 0),
            "first_page_uri": page_uri(0),
            "next_page_uri": next_uri,
            "page": page,
            "page_size": page_size,
            "previous_page_uri": previous_uri,
            "messages": messages,
            "start": start,
            "uri": page_uri(page, token),
        }

    def _resource(self, record: dict[str, Any]) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{record['sid']}"
        return {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": record["body"],
            "date_created": format_datetime(record["date_created"]),  # RFC 2822, "+0000"
            "date_sent": format_datetime(record["date_sent"]) if record["date_sent"] else None,
            "date_updated": format_datetime(record["date_updated"]),
            "direction": record.get("direction", "outbound-api"),
            "error_code": record["error_code"],
            "error_message": record["error_message"],
            "from": record["from_"] or record["assigned_from"],
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


def _lifecycle(via_service: bool, outcome: tuple[str, int] | None) -> Iterable[tuple[str, int | None]]:
    """The status changes after creation, each one a callback (the initial status gets none)."""
    steps: list[tuple[str, int | None]] = [("queued", None)] if via_service else []
    if outcome is not None and outcome[0] == "failed":
        return [*steps, outcome]
    final = outcome if outcome is not None else ("delivered", None)
    return [*steps, ("sent", None), final]


def _copy_record(record: dict[str, Any]) -> dict[str, Any]:
    return dict(record, history=list(record["history"]))


def _sender(record: dict[str, Any]) -> str | None:
    sender: str | None = record["from_"] or record["assigned_from"]
    return sender


def _sort_key(record: dict[str, Any]) -> tuple[int, datetime, int]:
    """Newest first by DateSent once reversed; not-yet-sent messages (date_sent null) come first."""
    sent = record["date_sent"]
    return (1, _UNSENT_FIRST, record["seq"]) if sent is None else (0, sent, record["seq"])


def _page_token(direction: str, row: tuple[tuple[int, datetime, int], dict[str, Any]]) -> str:
    """Twilio-style "PA"/"PB" + SID, plus the sort position so paging survives status changes."""
    (unsent, sent, _), record = row
    epoch = 0 if unsent else int(sent.timestamp())
    return f"P{direction}{record['sid']}-{unsent}{epoch}"


def _parse_token(token: str) -> tuple[str, str, int, datetime]:
    """Split a PageToken into (direction, SID of its anchor record, unsent flag, date_sent)."""
    match = _PAGE_TOKEN.match(token)
    if match is None:
        raise TwilioApiError(400, 20001, "Invalid PageToken")
    unsent = int(match["unsent"])
    sent = _UNSENT_FIRST if unsent else datetime.fromtimestamp(int(match["epoch"]), UTC)
    return match["direction"], match["sid"], unsent, sent


def _parse_when(name: str, raw: str | None) -> date | datetime | None:
    """A DateSent filter value: a bare YYYY-MM-DD date, or an instant (ISO 8601 or RFC 2822), in UTC."""
    if raw is None:
        return None
    value = raw.strip()
    if _DATE_ONLY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    else:
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            try:
                instant = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                instant = None
        if instant is not None:
            return (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(UTC)
    raise TwilioApiError(400, 20001, f"Invalid {name} parameter: {raw}")


def _date_sent_matches(
    sent: datetime | None, on: date | datetime | None, before: date | datetime | None, after: date | datetime | None
) -> bool:
    if on is None and before is None and after is None:
        return True
    if sent is None:
        return False  # not sent yet: no DateSent comparison holds
    if on is not None and sent.date() != (on.date() if isinstance(on, datetime) else on):
        return False
    if after is not None:
        lower = after if isinstance(after, datetime) else datetime(after.year, after.month, after.day, tzinfo=UTC)
        if sent < lower:
            return False
    if before is not None:
        if isinstance(before, datetime):
            return sent <= before
        return sent.date() <= before
    return True


def _page_size(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise TwilioApiError(400, 20001, f"Invalid PageSize parameter: {raw}")
    return min(size, MAX_PAGE_SIZE)


def _page_number(raw: str | None) -> int:
    if raw is None:
        return 0
    try:
        number = int(raw)
    except ValueError:
        number = -1
    if number < 0:
        raise TwilioApiError(400, 20001, f"Invalid Page parameter: {raw}")
    return number


def _parse_query(query: str) -> dict[str, str]:
    parsed = parse_qs(query, keep_blank_values=True)
    return {key: values[-1] for key, values in parsed.items()}


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


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


class _Scheduler:
    """Run callables at monotonic times on a few worker threads (status changes, callback posts)."""

    def __init__(self, workers: int) -> None:
        self._workers = max(1, workers)
        self._heap: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        with self._cond:
            self._stopping = False
            self._heap.clear()
        self._threads = [
            threading.Thread(target=self._run, name=f"fake-twilio-callbacks-{i}", daemon=True)
            for i in range(self._workers)
        ]
        for thread in self._threads:
            thread.start()

    def at(self, due: float, fn: Callable[..., None], *args: Any) -> None:
        with self._cond:
            if self._stopping:
                return
            heapq.heappush(self._heap, (due, next(self._order), fn, args))
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._heap.clear()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=1.0)  # a worker stuck posting to a slow endpoint is a daemon: leave it
        self._threads = []

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if not self._heap:
                        self._cond.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        break
                    self._cond.wait(wait)
                if self._stopping:
                    return
                _, _, fn, args = heapq.heappop(self._heap)
            try:
                fn(*args)
            except Exception as exc:  # keep the worker alive; a fake must not die silently mid-test
                print(f"FakeTwilio scheduler: {type(exc).__name__}: {exc}", file=sys.stderr)


def _twilio_headers(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {"Twilio-Request-Id": "RQ" + secrets.token_hex(16), **(extra or {})}


def main(argv: list[str] | None = None) -> int:
    """Serve a FakeTwilio on a fixed port until SIGTERM/SIGINT (for benchmarks in another process)."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.twilio_api", description=main.__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API answer")
    parser.add_argument("--mps", type=float, default=None, help="sends per second per sender before 429")
    parser.add_argument("--no-callbacks", action="store_true", help="statuses stay put, no callbacks")
    parser.add_argument("--callback-delay", type=float, default=0.05)
    parser.add_argument("--allow-remote-callbacks", action="store_true")
    args = parser.parse_args(argv)

    fake = FakeTwilio(
        args.account_sid,
        args.auth_token,
        latency=args.latency,
        mps_limit=args.mps,
        auto_callbacks=not args.no_callbacks,
        callback_delay=args.callback_delay,
        allow_remote_callbacks=args.allow_remote_callbacks,
        port=args.port,
    ).start()
    return serve_until_signalled(fake)


if __name__ == "__main__":
    sys.exit(main())
