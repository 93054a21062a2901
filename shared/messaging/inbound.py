"""Inbound SMS from Twilio: verify the signature, validate the form, store once before answering.

The store is a group commit: concurrent webhook requests in one process hand their message to one
writer thread, which stores a whole batch with one statement (messages + their agent-turn jobs) and one
commit, then wakes each request. One request alone is a batch of one.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
import queue
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote_plus

from shared.messaging.spill import Spill, Spilled
from shared.runtime import logs
from shared.runtime.asgi import HttpRequest
from shared.runtime.problems import Problem

log = logging.getLogger("boussole.inbound")

E164 = re.compile(r"\+[1-9][0-9]{6,14}")  # fullmatch: ASCII digits only, no trailing newline
SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")
MAX_BODY_CHARS = 1600
MAX_FIELDS = 200


@dataclass(frozen=True, slots=True)
class InboundSms:
    sid: str
    account_sid: str
    from_phone: str
    to_phone: str
    body: str
    params: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Stored:
    message_id: uuid.UUID | None  # None when this MessageSid was already stored (a Twilio retry)
    job_id: uuid.UUID | None

    @property
    def duplicate(self) -> bool:
        return self.message_id is None


def parse_form(body: bytes) -> dict[str, str]:
    """Decode an application/x-www-form-urlencoded body, keeping blank values (the signature needs them).

    Same result as `urllib.parse.parse_qsl(..., keep_blank_values=True, strict_parsing=True)` (a test pins
    it), in a third of the time: most of Twilio's fields need no unquoting, so only those that do pay.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "malformed-form", "Malformed form body", "The body is not valid UTF-8.") from exc
    form: dict[str, str] = {}
    if not text:
        return form
    pairs = text.split("&")
    if len(pairs) > MAX_FIELDS:
        raise Problem(400, "malformed-form", "Malformed form body", "Too many fields.")
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise Problem(400, "malformed-form", "Malformed form body", "Every field needs a name and a value.")
        if "%" in name or "+" in name:
            name = unquote_plus(name)
        if "%" in value or "+" in value:
            value = unquote_plus(value)
        form[name] = value
    return form


class SignatureChecker:
    """X-Twilio-Signature: HMAC-SHA1 of the URL rebuilt from our public base URL plus the sorted fields.

    The common case is computed here in ~10 µs: for a form with one value per field (all Twilio sends)
    it is exactly twilio's `RequestValidator.compute_signature` (~90 µs; a test pins the two equal on
    random forms). Anything that does not match on this path goes to twilio's own
    `RequestValidator.validate`, which also tries the URL with and without the port, so no valid request
    is ever refused by our shortcut, and every refusal is twilio's verdict.
    """

    def __init__(self, auth_token: str, *, fragment: str = "") -> None:
        from twilio.request_validator import RequestValidator

        self._key = auth_token.encode()
        self._validator = RequestValidator(auth_token)
        self._fragment = fragment

    def signature(self, url: str, params: Mapping[str, str]) -> str:
        payload = url + "".join([k + params[k] for k in sorted(params)])
        return base64.b64encode(hmac.new(self._key, payload.encode(), hashlib.sha1).digest()).decode()

    def check(self, url: str, params: Mapping[str, str], signature: str | None) -> bool:
        if not signature:
            return False
        given = signature.encode("utf-8", "replace")
        urls = [url, url + self._fragment] if self._fragment else [url]
        if any(hmac.compare_digest(self.signature(u, params).encode(), given) for u in urls):
            return True
        return any(self._validator.validate(u, dict(params), signature) for u in urls)


def verified_form(request: HttpRequest, *, public_base_url: str, checker: SignatureChecker) -> dict[str, str]:
    """A form Twilio posted to us: parsed, and its X-Twilio-Signature checked on our own public URL (never
    one rebuilt from client headers); a 400/403 Problem otherwise."""
    params = parse_form(request.body)
    logs.correlation_id.set(params.get("MessageSid"))
    url = public_base_url + request.path + (f"?{request.query}" if request.query else "")
    if not checker.check(url, params, request.header("x-twilio-signature")):
        raise Problem(403, "bad-signature", "Invalid signature", "X-Twilio-Signature does not match.")
    return params


def to_inbound(params: Mapping[str, str], *, account_sid: str) -> InboundSms:
    """Validate Twilio's fields; a clear 400 names what is missing or wrong."""
    missing = [f for f in ("MessageSid", "From", "To", "AccountSid") if not params.get(f)]
    if "Body" not in params:
        missing.append("Body")
    if missing:
        raise Problem(
            400, "missing-fields", "Missing fields", "Required Twilio fields are missing.", {"fields": missing}
        )
    bad = []
    if not SID.fullmatch(params["MessageSid"]):
        bad.append("MessageSid")
    for f in ("From", "To"):
        if not E164.fullmatch(params[f]):
            bad.append(f)
    if len(params["Body"]) > MAX_BODY_CHARS:
        bad.append("Body")
    if bad:
        raise Problem(400, "invalid-fields", "Invalid fields", "Some Twilio fields are malformed.", {"fields": bad})
    if not hmac.compare_digest(params["AccountSid"].encode(), account_sid.encode()):
        raise Problem(403, "wrong-account", "Wrong account", "This message is for another Twilio account.")
    # Postgres text cannot hold NUL: keep the message (signature already checked on the original).
    clean = (
        {k: v.replace("\x00", "\ufffd") for k, v in params.items()} if "\x00" in "".join(params.values()) else params
    )
    return InboundSms(
        sid=clean["MessageSid"],
        account_sid=clean["AccountSid"],
        from_phone=clean["From"],
        to_phone=clean["To"],
        body=clean["Body"],
        params=clean,
    )


def check_numbers(sms: InboundSms, own_numbers: frozenset[str]) -> None:
    """Refuse a message that is not from a person to us: From one of our own numbers (a loop between
    numbers, or a spoof) or To a number that is not ours. Nothing is stored and no user is created."""
    if not own_numbers:
        return
    reason = None
    if sms.from_phone in own_numbers:
        reason = "from-own-number"
    elif sms.to_phone not in own_numbers:
        reason = "to-foreign-number"
    if reason is not None:
        log.warning("inbound SMS refused", extra={"event": "sms.inbound_refused", "reason": reason})
        raise Problem(
            403, "not-for-us", "Not for this service", "This message is not from a person to one of our numbers."
        )


# One statement per batch: insert the messages that are new and one agent-turn job for each.
STORE_SQL = """
WITH input AS (
    SELECT * FROM json_to_recordset(CAST(:batch AS json))
        AS x(sid text, from_phone text, to_phone text, body text, raw jsonb, received_at timestamptz)
), m AS (
    INSERT INTO messages (direction, channel, provider_sid, from_phone, to_phone, body, raw, received_at)
    SELECT 'in', 'sms', sid, from_phone, to_phone, body, raw, received_at FROM input
    ON CONFLICT (provider_sid) DO NOTHING
    RETURNING id, provider_sid, received_at
), j AS (
    INSERT INTO jobs (kind, payload, dedupe_key, run_after)
    SELECT 'agent_turn', json_build_object('message_id', m.id), 'agent_turn:' || m.id, m.received_at FROM m
    RETURNING id, dedupe_key
)
SELECT m.provider_sid, CAST(m.id AS text), CAST(j.id AS text)
FROM m JOIN j ON j.dedupe_key = 'agent_turn:' || m.id
"""


_STOP = object()  # tells the writer thread to finish


class InboundStore:
    """Stores inbound messages with group commit; `store` is awaited by the webhook."""

    def __init__(self, connect: Callable[[], Any], *, max_batch: int = 256, role: str | None = None) -> None:
        """`role`: the database role each batch's transaction works as (row-level security), set with the
        transaction's BEGIN in one round trip and gone at its COMMIT."""
        if role is not None and not role.isidentifier():
            raise ValueError(f"not a role name: {role!r}")
        self._begin = None if role is None else f"BEGIN; SELECT set_config('role', '{role}', true)"
        self._connect = connect
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[InboundSms, datetime, asyncio.Future[Stored]]] = queue.SimpleQueue()
        self._conn: Any = None
        self._statement: Any = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._conn_lock = threading.Lock()

    async def store(self, sms: InboundSms, *, now: datetime, timeout: float | None = None) -> Stored:
        """Store and commit; TimeoutError after `timeout` seconds (the write may still land later: the
        MessageSid keeps it unique whichever way the message arrives again)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Stored] = loop.create_future()
        self._ensure_thread()
        self._queue.put((sms, now, fut))
        if timeout is None:
            return await fut
        # call_later rather than asyncio.wait_for: a third of its cost on the webhook's hot path
        expiry = loop.call_later(timeout, _set_exception, fut, TimeoutError("inbound store timed out"))
        try:
            return await fut
        finally:
            expiry.cancel()

    def store_batch(self, items: list[tuple[InboundSms, datetime]]) -> list[Stored]:
        """Store synchronously (the writer thread, and callers without an event loop)."""
        rows, first_index = [], {}
        for i, (sms, now) in enumerate(items):
            if sms.sid in first_index:
                continue
            first_index[sms.sid] = i
            rows.append(
                {
                    "sid": sms.sid,
                    "from_phone": sms.from_phone,
                    "to_phone": sms.to_phone,
                    "body": sms.body,
                    "raw": dict(sms.params),
                    "received_at": now.isoformat(),
                }
            )
        result = self._run(json.dumps(rows, ensure_ascii=False))
        stored = {sid: Stored(uuid.UUID(mid), uuid.UUID(jid)) for sid, mid, jid in result}
        out = []
        for i, (sms, _) in enumerate(items):
            fresh = first_index[sms.sid] == i and sms.sid in stored
            out.append(stored[sms.sid] if fresh else Stored(None, None))
        return out

    def _run(self, batch_json: str) -> list[list[str]]:
        # One connection, used by the writer thread and by synchronous callers (the spill's drain, which in the
        # emulator runs in the webhook's process): one batch at a time on it, or their statements interleave
        # and a batch can read another's result (and answer a message stored when it was not).
        with self._conn_lock:
            return self._run_locked(batch_json)

    def _run_locked(self, batch_json: str) -> list[list[str]]:
        for attempt in (1, 2):
            try:
                if self._conn is None:
                    self._conn = self._connect()
                    self._statement = self._conn.prepare(STORE_SQL)  # parsed and planned once
                if self._begin is None:
                    rows: list[list[str]] = self._statement.run(batch=batch_json)
                    return rows
                self._conn.execute_simple(self._begin)
                rows = self._statement.run(batch=batch_json)
                self._conn.execute_simple("COMMIT")
                return rows
            except Exception:
                # A dead connection (DB restart, frozen Lambda): reconnect once, then give up loudly.
                self._close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _close(self) -> None:
        conn, self._conn, self._statement = self._conn, None, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._writer, name="inbound-writer", daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Stop the writer (after what it was given) and close its connection: a process that builds and drops
        stores (the emulator restarting, tests) must not leave a database connection behind per store."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(_STOP)  # type: ignore[arg-type]
            thread.join(timeout=10)
        self._close()

    def _writer(self) -> None:
        while True:
            items = [self._queue.get()]
            while len(items) < self._max_batch and items[-1] is not _STOP:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = items[-1] is _STOP
            items = [i for i in items if i is not _STOP]
            if items:
                self._deliver(items)
            if stop:
                self._close()
                return

    def _deliver(self, items: list[tuple[InboundSms, datetime, asyncio.Future[Stored]]]) -> None:
        outcomes = self.store_each([(s, n) for s, n, _ in items])
        for (_, _, fut), outcome in zip(items, outcomes, strict=True):
            setter = _set_exception if isinstance(outcome, BaseException) else _set_result
            try:
                fut.get_loop().call_soon_threadsafe(setter, fut, outcome)  # type: ignore[arg-type]
            except RuntimeError:  # that request's loop is gone (it gave up); the others still wait
                continue

    def store_each(self, items: list[tuple[InboundSms, datetime]]) -> list[Stored | BaseException]:
        """Store a batch; if it fails, store its messages one by one so a bad one fails only itself (but
        when the database is unreachable they all fail at once: no point knocking once per message)."""
        try:
            return list(self.store_batch(items))
        except Exception as exc:
            if len(items) == 1 or unreachable(exc):
                return [exc] * len(items)
        return [self.store_each([item])[0] for item in items]


def unreachable(exc: BaseException) -> bool:
    """The database could not be reached, or did not answer in time (as opposed to refusing a statement)."""
    if isinstance(exc, OSError | TimeoutError):
        return True
    try:
        from pg8000.exceptions import InterfaceError
    except ImportError:  # pragma: no cover - pg8000 is a dependency
        return False
    return isinstance(exc, InterfaceError)


def store_spilled(store: InboundStore, items: list[Spilled], *, account_sid: str) -> list[Stored | BaseException]:
    """Store messages the webhook spilled, exactly as it would have (same statement, same MessageSid
    uniqueness: one that also reached the database directly is not stored twice)."""
    return store.store_each([(to_inbound(item.params, account_sid=account_sid), item.received_at) for item in items])


def _set_result(fut: asyncio.Future[Stored], value: Stored) -> None:
    if not fut.done():
        fut.set_result(value)


def _set_exception(fut: asyncio.Future[Stored], exc: BaseException) -> None:
    if not fut.done():
        fut.set_exception(exc)


async def spill(target: Spill | None, sms: InboundSms, *, now: datetime, cause: BaseException) -> bool:
    """Keep a message the database could not take (`cause`) in the spill; False if there is none or it
    failed too (then, and only then, Twilio must be told to retry)."""
    from shared.runtime import metrics

    if unreachable(cause):  # an outage: one line per message, not a traceback each
        log.warning("database unreachable for an inbound SMS", extra={"event": "db.unavailable", "error": repr(cause)})
    else:
        log.error("inbound SMS not stored in the database", exc_info=cause)

    if target is not None:
        try:
            await asyncio.to_thread(target.put, Spilled(params=dict(sms.params), received_at=now))
        except Exception:
            log.exception("inbound SMS not spilled either")
        else:
            metrics.count("inbound_spilled")
            log.warning("inbound SMS spilled", extra={"event": "sms.inbound_spilled"})
            return True
    metrics.count("inbound_unavailable")
    return False
