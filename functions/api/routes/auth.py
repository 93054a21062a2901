"""/v1/auth: sign-up, sign-in with a second factor, refresh, sign-out and password reset (shared.auth.accounts,
described in docs/api.md "Accounts"). No token is needed here; each client address gets 60 tries every
15 minutes across these routes, on top of the per-account counts against guessing.

A refusal that must leave a trace (a failure counted, an audit event, a refresh family revoked) is answered
by returning its problem, so the unit of work commits what the refusal wrote; raising would roll it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import DepsDep, UowDep
from functions.api.kit import PROBLEMS
from functions.api.limits import enforce
from shared.auth import accounts
from shared.db import rls
from shared.db.session import UnitOfWork
from shared.errors import DomainError
from shared.limits import Limit
from shared.runtime.api import refusal
from shared.wiring import Deps

router = APIRouter(prefix="/v1/auth", tags=["auth"], responses=PROBLEMS)
PER_ADDRESS = Limit("auth.ip", 60, 900)
T = TypeVar("T")
R = TypeVar("R")


def context(request: Request, deps: Deps) -> accounts.Context:
    """The accounts' context for this request (also used by /v1/me and /v1/admin)."""
    return accounts.Context(
        secret=deps.settings.token_secret.get_secret_value(),
        params=deps.settings.password_params,
        cache=deps.cache,
        address=request.client.host if request.client else None,
    )


def _guarded(request: Request, deps: Deps, uow: UnitOfWork) -> accounts.Context:
    """The per-address limit, then the context. Who is signing in is what these routes find out (by email,
    by a refresh token's hash): they work across people, as a named system unit of work."""
    rls.as_system(uow.session, "sign-in")
    if deps.settings.rate_limits:
        enforce(PER_ADDRESS, request.client.host if request.client else "unknown")
    return context(request, deps)


def kept(request: Request, run: Callable[[], T], then: Callable[[T], R]) -> R | Response:
    """Run an accounts flow and answer `then(its result)`; a refusal is returned as its problem response rather
    than raised, so that what it wrote (a failure counted, an audit event, a revoked family) is committed."""
    try:
        result = run()
    except DomainError as exc:
        return refusal(exc, request)
    return then(result)


def no_content(_: object) -> Response:
    return Response(status_code=204)


class SessionOut(BaseModel):
    access_token: str = Field(description="a JWT for `Authorization: Bearer`, valid `expires_in` seconds")
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    refresh_token: str = Field(description="works once: POST it to /v1/auth/refresh for the next pair")
    device_token: str = Field(description="keep it on this device and send it when signing in again")

    @classmethod
    def of(cls, s: accounts.SignedIn) -> SessionOut:
        return cls(
            access_token=s.access_token,
            expires_in=s.expires_in,
            refresh_token=s.refresh_token,
            device_token=s.device_token,
        )


class ChallengeOut(BaseModel):
    mfa_required: Literal[True] = True
    mfa_token: str = Field(description="POST it with a code to /v1/auth/mfa")
    expires_in: int


def _session(result: accounts.SignedIn | accounts.Challenge) -> SessionOut | ChallengeOut:
    if isinstance(result, accounts.SignedIn):
        return SessionOut.of(result)
    return ChallengeOut(mfa_token=result.mfa_token, expires_in=result.expires_in)


_Email = Field(min_length=3, max_length=254)
_Password = Field(min_length=1, max_length=1024)  # the policy (12-128) answers with its own reasons


class SignupIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "email": "lea@example.org",
                    "password": "trois pommes vertes",
                    "phone": "+33612345678",
                    "sms_consent": True,
                    "timezone": "Europe/Paris",
                }
            ]
        },
    )
    email: str = _Email
    password: str = _Password
    phone: str = Field(min_length=8, max_length=20, description="E.164; a code is sent there by SMS")
    language: Literal["fr", "en"] | None = None
    sms_consent: bool = Field(
        False,
        description="the person agreed to get messages from Boussole by SMS and to what it keeps (health "
        "reminders included); recorded once the code proves the number theirs. Without it, the first SMS from "
        "that number asks for consent",
    )
    timezone: str | None = Field(
        None, min_length=1, max_length=64, description="an IANA zone or a city, for a new person (else guessed)"
    )


class SignupOut(BaseModel):
    signup_id: str
    expires_at: datetime


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signup_id: str = Field(min_length=1, max_length=64)
    code: str = Field(min_length=1, max_length=12)


@router.post("/signup", response_model=SignupOut, status_code=202)
def signup(body: SignupIn, request: Request, uow: UowDep, deps: DepsDep) -> SignupOut:
    """Start a sign-up: a 6-digit code goes by SMS to the phone; send it to /v1/auth/signup/verify."""
    ctx = _guarded(request, deps, uow)
    signup_id, expires = accounts.start_signup(
        uow.session,
        email=body.email,
        password=body.password,
        phone=body.phone,
        language=body.language,
        now=deps.clock.now(),
        ctx=ctx,
        sms_consent=body.sms_consent,
        timezone=body.timezone,
    )
    return SignupOut(signup_id=signup_id, expires_at=expires)


@router.post("/signup/verify", response_model=SessionOut, status_code=201)
def signup_verify(body: CodeIn, request: Request, uow: UowDep, deps: DepsDep) -> SessionOut | Response:
    ctx = _guarded(request, deps, uow)
    return kept(
        request,
        lambda: accounts.finish_signup(
            uow.session, signup_id=body.signup_id, code=body.code, now=deps.clock.now(), ctx=ctx
        ),
        SessionOut.of,
    )


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = _Email
    password: str = _Password
    device_token: str | None = Field(None, max_length=2048, description="from an earlier sign-in on this device")


@router.post("/login", response_model=SessionOut | ChallengeOut)
def login(body: LoginIn, request: Request, uow: UowDep, deps: DepsDep) -> SessionOut | ChallengeOut | Response:
    """Sign in. With two-factor on, the answer is a challenge: send a code to /v1/auth/mfa."""
    ctx = _guarded(request, deps, uow)
    return kept(
        request,
        lambda: accounts.login(
            uow.session,
            email=body.email,
            password=body.password,
            device_token=body.device_token,
            now=deps.clock.now(),
            ctx=ctx,
        ),
        _session,
    )


class MfaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mfa_token: str = Field(min_length=1, max_length=2048)
    code: str | None = Field(None, max_length=12, description="6 digits from the authenticator app")
    recovery_code: str | None = Field(None, max_length=32, description="or one of the recovery codes, once")


@router.post("/mfa", response_model=SessionOut)
def mfa(body: MfaIn, request: Request, uow: UowDep, deps: DepsDep) -> SessionOut | Response:
    ctx = _guarded(request, deps, uow)
    return kept(
        request,
        lambda: accounts.second_factor(
            uow.session,
            mfa_token=body.mfa_token,
            code=body.code,
            recovery_code=body.recovery_code,
            now=deps.clock.now(),
            ctx=ctx,
        ),
        SessionOut.of,
    )


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=1, max_length=256)


@router.post("/refresh", response_model=SessionOut)
def refresh(body: RefreshIn, request: Request, uow: UowDep, deps: DepsDep) -> SessionOut | Response:
    """The next access and refresh tokens. A refresh token used twice ends its whole sign-in."""
    ctx = _guarded(request, deps, uow)
    return kept(
        request,
        lambda: accounts.refresh(uow.session, refresh_token=body.refresh_token, now=deps.clock.now(), ctx=ctx),
        SessionOut.of,
    )


@router.post("/logout", status_code=204)
def logout(body: RefreshIn, request: Request, uow: UowDep, deps: DepsDep) -> Response:
    """End this sign-in (its refresh tokens). Its access token lapses within 15 minutes."""
    accounts.logout(
        uow.session, refresh_token=body.refresh_token, now=deps.clock.now(), ctx=_guarded(request, deps, uow)
    )
    return Response(status_code=204)


class ResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = _Email


class ResetDoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = _Email
    code: str = Field(min_length=1, max_length=12)
    new_password: str = _Password


@router.post("/password-reset", status_code=202, response_class=Response)
def password_reset(body: ResetIn, request: Request, uow: UowDep, deps: DepsDep) -> Response:
    """A code goes by SMS to the account's phone, if there is such an account (the answer is the same)."""
    accounts.start_reset(uow.session, email=body.email, now=deps.clock.now(), ctx=_guarded(request, deps, uow))
    return Response(status_code=202)


@router.post("/password-reset/verify", status_code=204)
def password_reset_verify(body: ResetDoneIn, request: Request, uow: UowDep, deps: DepsDep) -> Response:
    """Set a new password with the code. Every sign-in ends; two-factor stays on if it was."""
    ctx = _guarded(request, deps, uow)
    return kept(
        request,
        lambda: accounts.finish_reset(
            uow.session, email=body.email, code=body.code, new_password=body.new_password, now=deps.clock.now(), ctx=ctx
        ),
        no_content,
    )
