"""An Upstash-compatible REST endpoint over a real Redis, so `upstash_redis` runs unchanged locally.

Body-style wire format only, as SRH does (LIBRARIES.md §2): `POST /` takes `["SET","k","v","EX",60]`,
`POST /pipeline` and `POST /multi-exec` take `[[...], [...]]`; answers are `{"result": ...}` or
`{"error": ...}`. With `Upstash-Encoding: base64`, every string result is base64, except a bare "OK"
(upstash_redis/http.py:decode passes it through unchanged).
"""

from __future__ import annotations

import base64
import hmac
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# Commands that would change the state of a pooled connection (or hold it forever) for later requests.
_CONNECTION_STATE = {
    "MULTI",
    "EXEC",
    "DISCARD",
    "WATCH",
    "UNWATCH",
    "SELECT",
    "SUBSCRIBE",
    "PSUBSCRIBE",
    "SSUBSCRIBE",
    "MONITOR",
    "QUIT",
    "RESET",
    "CLIENT",
    "HELLO",
    "AUTH",
}


class _BadRequest(Exception):
    """The body is not something Upstash would run."""


def _command(raw: Any) -> list[str | int | float]:
    """Check one command array; numbers stay numbers, as upstash_redis sends them."""
    if not isinstance(raw, list) or not raw or not isinstance(raw[0], str):
        raise _BadRequest("ERR a command must be a non-empty JSON array starting with its name")
    if any(isinstance(arg, bool) or not isinstance(arg, str | int | float) for arg in raw):
        raise _BadRequest("ERR command arguments must be strings or numbers")
    if raw[0].upper() in _CONNECTION_STATE:
        raise _BadRequest(f"ERR command is not available over REST: {raw[0]}")
    return raw


def _error_text(exc: RedisError) -> str:
    # redis-py strips the "ERR " prefix into status_code; put it back like the real service.
    code = getattr(exc, "status_code", None)
    return f"{code} {exc}" if code else str(exc)


def _render(value: Any, *, b64: bool) -> Any:
    """Turn a raw RESP2 reply into JSON: bytes as text (or base64), arrays recursively."""
    if isinstance(value, bytes):
        if b64 and value != b"OK":
            return base64.b64encode(value).decode("ascii")
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return [_render(item, b64=b64) for item in value]
    if isinstance(value, RedisError):  # an error nested in an array reply
        return _error_text(value)
    return value  # int or None


def _outcome(value: Any, *, b64: bool) -> dict[str, Any]:
    if isinstance(value, RedisError):
        return {"error": _error_text(value)}
    return {"result": _render(value, b64=b64)}


def create_app(redis_url: str, token: str) -> Starlette:
    """Build the ASGI app; it connects to `redis_url` lazily and closes the pool on shutdown."""
    expected = f"Bearer {token}".encode()
    state: dict[str, aioredis.Redis] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        client = aioredis.from_url(redis_url, protocol=2, decode_responses=False)
        client.response_callbacks.clear()  # raw replies: we render them ourselves
        state["redis"] = client
        try:
            yield
        finally:
            await client.aclose()

    def authorized(request: Request) -> bool:
        given = request.headers.get("authorization", "").encode()
        return hmac.compare_digest(given, expected)

    async def run(request: Request) -> JSONResponse:
        if not authorized(request):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        b64 = request.headers.get("upstash-encoding", "").lower() == "base64"
        client = state["redis"]
        try:
            body = json.loads(await request.body())
        except ValueError:  # json.JSONDecodeError, UnicodeDecodeError
            return JSONResponse({"error": "ERR the body is not valid JSON"}, status_code=400)
        try:
            if request.url.path == "/":
                try:
                    reply = await client.execute_command(*_command(body))  # type: ignore[no-untyped-call]
                except ResponseError as exc:
                    return JSONResponse({"error": _error_text(exc)}, status_code=400)
                return JSONResponse({"result": _render(reply, b64=b64)})
            if not isinstance(body, list) or not body:
                raise _BadRequest("ERR a pipeline must be a non-empty JSON array of commands")
            commands = [_command(item) for item in body]
            async with client.pipeline(transaction=request.url.path == "/multi-exec") as pipe:
                for command in commands:
                    pipe.execute_command(*command)
                try:
                    replies = await pipe.execute(raise_on_error=False)
                except ResponseError as exc:
                    # Queue-time error: EXECABORT, nothing ran. upstash_redis iterates the body of a
                    # batch as a list (a bare {"error"} crashes it), so every command carries the error.
                    aborted = {"error": f"EXECABORT {_error_text(exc)}"}
                    return JSONResponse([aborted] * len(commands), status_code=400)
            return JSONResponse([_outcome(reply, b64=b64) for reply in replies])
        except _BadRequest as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except RedisError as exc:  # Redis unreachable or similar: not the caller's fault
            return JSONResponse({"error": _error_text(exc)}, status_code=503)

    async def health(request: Request) -> JSONResponse:
        try:
            redis_ok = bool(await state["redis"].ping())
        except RedisError:
            redis_ok = False
        return JSONResponse({"service": "upstash-rest-local", "redis": redis_ok}, status_code=200 if redis_ok else 503)

    return Starlette(
        routes=[
            Route("/", health, methods=["GET"]),
            Route("/", run, methods=["POST"]),
            Route("/pipeline", run, methods=["POST"]),
            Route("/multi-exec", run, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
