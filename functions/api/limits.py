"""Abuse limits for every API route, before the route runs: a body over the size cap is refused (413), and
each request counts against its client address, its signed-in person and, on the routes that cost most, that
person's share of them (429 with Retry-After). The limits themselves: shared.limits and the settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request

from shared.auth import personal, tokens
from shared.limits import Limit, check
from shared.runtime.problems import PROBLEM_CONTENT_TYPE, Problem
from shared.wiring import get_deps

# Routes that embed the question or the text (a model call each): a tighter share per person.
COSTLY = frozenset({("GET", "/v1/memories/search"), ("GET", "/v1/notes/search"), ("POST", "/v1/memories")})


def _person(request: Request, secret: str, now: datetime) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    if token.strip().startswith(personal.PREFIX):  # counted per token (no database lookup before the route)
        return personal.digest(token.strip())
    try:
        return str(tokens.verify(token.strip(), secret=secret, now=now))
    except tokens.InvalidToken:
        return None  # the route answers 401


def _too_large(cap: int) -> Problem:
    return Problem(413, "too-large", "Request too large", f"At most {cap} bytes.")


class BodyCap:
    """ASGI middleware: a request body over `api_max_body_bytes` is a 413 problem, whether it announces its
    length or comes in chunks without one. A chunked body is read here first, never past the cap, then handed
    on: FastAPI reads a route's body before its dependencies run (and turns any error while reading it into a
    400), so this cannot be a dependency."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = get_deps().settings.api_max_body_bytes
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length", b"")
        if length.isdigit():
            if int(length) > cap:
                await _answer(scope, send, _too_large(cap))
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > cap:
                await _answer(scope, send, _too_large(cap))
                return
            if not message.get("more_body", False):
                break
        whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        delivered = False

        async def replay() -> Any:
            nonlocal delivered
            if not delivered:
                delivered = True
                return whole
            return await receive()

        await self.app(scope, replay, send)


async def _answer(scope: Any, send: Any, problem: Problem) -> None:
    body = problem.to_json(scope.get("path"))
    await send(
        {
            "type": "http.response.start",
            "status": problem.status,
            "headers": [(b"content-type", PROBLEM_CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def limit_requests(request: Request) -> None:
    deps = get_deps()
    s = deps.settings
    if not s.rate_limits:
        return
    checks = [(Limit("api.ip", s.api_per_ip_per_minute, 60), request.client.host if request.client else "unknown")]
    person = _person(request, s.token_secret.get_secret_value(), deps.clock.now())
    if person is not None:
        checks.append((Limit("api.person", s.api_per_person_per_minute, 60), person))
        route = getattr(request.scope.get("route"), "path", "")
        if (request.method, route) in COSTLY:
            checks.append((Limit("api.costly", s.api_costly_per_person_per_minute, 60), person))
    for limit, subject in checks:
        enforce(limit, subject)


def enforce(limit: Limit, subject: str) -> None:
    """Count one use of `limit` by `subject`; a 429 problem with Retry-After when it is used up."""
    verdict = check(get_deps().cache, limit, subject)
    if not verdict.allowed:
        raise Problem(
            429,
            "too-many-requests",
            "Too many requests",
            f"Please wait {verdict.retry_after} s before trying again.",
            headers={"Retry-After": str(verdict.retry_after)},
        )
