"""FastAPI glue shared by API functions: every error becomes RFC 9457 problem JSON, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from shared.errors import DomainError
from shared.runtime.problems import PROBLEM_CONTENT_TYPE, Problem

log = logging.getLogger("boussole.api")


def render(problem: Problem, request: Request, headers: dict[str, str] | None = None) -> Response:
    return Response(problem.to_json(request.url.path), problem.status, media_type=PROBLEM_CONTENT_TYPE, headers=headers)


def refusal(exc: DomainError, request: Request) -> Response:
    """A domain error as its problem response: Retry-After when it says when to come back, WWW-Authenticate on
    a 401. Raised, the handler below renders it; the sign-in routes return it so their unit of work commits."""
    headers: dict[str, str] = {}
    wait = getattr(exc, "retry_after", None)
    if wait:
        headers["Retry-After"] = str(wait)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return render(exc.problem(), request, headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        return render(exc, request, headers | exc.headers)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return refusal(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return render(
            Problem(422, "invalid-request", "Invalid request", "Some fields are invalid.", {"errors": errors}), request
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return render(Problem(exc.status_code, slug, str(exc.detail)), request)

    # Registered per class (not under Exception, whose handler Starlette runs in its outermost middleware and
    # then re-raises, cutting the connection): the database being away is a 503 the client can retry.
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeout)
    async def _database(request: Request, exc: Exception) -> Response:
        if not database_unavailable(exc):
            return await _unexpected(request, exc)
        log.warning("database unavailable on %s", request.url.path, extra={"event": "db.unavailable"})
        problem = Problem(503, "unavailable", "Temporarily unavailable", "Please retry in a few seconds.")
        return render(problem, request, {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return render(Problem(500, "internal", "Internal error", "Something went wrong on our side."), request)


def database_unavailable(exc: BaseException) -> bool:
    """The database could not be reached (down, restarting, out of connections), as opposed to a bug."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from shared.messaging.inbound import unreachable

    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or (exc.orig is not None and unreachable(exc.orig))):
        return True
    return unreachable(exc)


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri", "example": "https://boussole.app/problems/not-found"},
        "title": {"type": "string", "example": "Not found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "stable code of a domain error, e.g. reminder.not_found"},
        "field": {"type": "string", "description": "the input it is about, when there is one"},
    },
}


def document_problems(app: FastAPI) -> None:
    """Add the Problem schema the routes' error responses refer to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
