"""FastAPI dependencies for the API function: Deps, the current user, a unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth import personal, tokens
from shared.db import rls
from shared.db.session import UnitOfWork
from shared.errors import NotFound
from shared.runtime.problems import Problem
from shared.users import service as users
from shared.users.models import User
from shared.wiring import Deps, get_deps

DepsDep = Annotated[Deps, Depends(get_deps)]


def _uow(deps: DepsDep) -> Iterator[UnitOfWork]:
    with deps.uow() as uow:
        yield uow


# scope="function": the transaction commits when the route returns, BEFORE the response leaves, so a
# client that reads right after a 201 sees what it wrote (the default scope commits after sending).
UowDep = Annotated[UnitOfWork, Depends(_uow, scope="function")]


# Declares the bearer scheme in the OpenAPI document (and the docs' Authorize button); checked below.
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An access token from /v1/auth (a JWT, 15 minutes) or a personal token (bpt_…).",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _current_user_id(request: Request, deps: DepsDep, uow: UowDep, bearer: BearerDep) -> uuid.UUID:
    if bearer is None or not bearer.credentials.strip():
        raise Problem(401, "unauthenticated", "Authentication required", "Send a bearer token.")
    token = bearer.credentials.strip()
    if token.startswith(personal.PREFIX):  # a personal API token: looked up by its hash, scopes enforced here
        rls.as_system(uow.session, "personal token lookup")  # whose token it is, is what we look for
        granted = personal.check(uow.session, token, now=deps.clock.now())
        if granted is not None:
            rls.as_person(uow.session, granted.user_id)
        if granted is None:
            raise Problem(401, "invalid-token", "Invalid token", "Unknown, revoked or expired token.")
        if request.method not in ("GET", "HEAD", "OPTIONS") and "write" not in granted.scopes:
            raise Problem(403, "insufficient-scope", "Insufficient scope", "This token may only read.")
        request.state.personal_token = True
        return granted.user_id
    try:
        user_id, issued = tokens.claims(
            token, secret=deps.settings.token_secret.get_secret_value(), now=deps.clock.now()
        )
    except tokens.InvalidToken as exc:
        raise Problem(401, "invalid-token", "Invalid token", str(exc)) from exc
    request.state.token_issued = issued
    rls.as_person(uow.session, user_id)  # before any statement: set with the role, in the same round trip
    return user_id


CurrentUserId = Annotated[uuid.UUID, Depends(_current_user_id)]


def _current_user(request: Request, user_id: CurrentUserId, uow: UowDep) -> User:
    """The signed-in person; a token whose account is gone, or issued before they signed out everywhere, is
    refused like any invalid token."""
    try:
        user = users.get(uow.session, user_id=user_id)
    except NotFound as exc:
        raise Problem(401, "invalid-token", "Invalid token", "This account no longer exists.") from exc
    issued = getattr(request.state, "token_issued", None)
    if issued is not None and user.tokens_valid_after is not None and issued <= user.tokens_valid_after.timestamp():
        raise Problem(401, "invalid-token", "Invalid token", "Signed out: sign in again.")
    return user


CurrentUser = Annotated[User, Depends(_current_user)]


def _admin(user: CurrentUser) -> User:
    """The signed-in person, if they hold the admin role (the one place roles are checked)."""
    if user.role != "admin":
        raise Problem(403, "forbidden", "Forbidden", "This needs the admin role.")
    return user


AdminUser = Annotated[User, Depends(_admin)]
