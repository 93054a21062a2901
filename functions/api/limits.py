"""Abuse limits for every API route, before the route runs: a body over the size cap is refused (413), and
each request counts against its client address, its signed-in person and, on the routes that cost most, that
person's share of them (429 with Retry-After). The limits themselves: shared.limits and the settings."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from shared.auth import personal, tokens
from shared.limits import Limit, check
from shared.runtime.problems import Problem
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


def limit_requests(request: Request) -> None:
    deps = get_deps()
    s = deps.settings
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > s.api_max_body_bytes:
        raise Problem(413, "too-large", "Request too large", f"At most {s.api_max_body_bytes} bytes.")
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
        verdict = check(deps.cache, limit, subject)
        if not verdict.allowed:
            raise Problem(
                429,
                "too-many-requests",
                "Too many requests",
                f"Please wait {verdict.retry_after} s before trying again.",
                headers={"Retry-After": str(verdict.retry_after)},
            )
