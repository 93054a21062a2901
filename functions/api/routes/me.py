"""/v1/me: the signed-in person's own account (described in docs/api.md). `GET /v1/me/export` returns
everything Boussole holds about them as one JSON document; `POST /v1/me/erasure` gives a one-time code and
`DELETE /v1/me` with that code erases them (shared.privacy.service). `/v1/me/tokens`: personal API tokens
(shared.auth.personal), managed only with a sign-in token, never with a personal one. `/v1/me/phone`: the
number, moving to a new one proven by a code; `/v1/me/sms-consent`: consent to SMS given on the web."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from functions.api.deps import CurrentUser, DepsDep, UowDep
from functions.api.kit import PROBLEMS
from functions.api.routes.auth import SessionOut, kept, no_content
from functions.api.routes.auth import context as auth_context
from shared.auth import accounts, personal
from shared.auth.models import ApiToken
from shared.privacy import service as privacy
from shared.runtime.problems import Problem
from shared.wiring import Deps

router = APIRouter(prefix="/v1/me", tags=["me"], responses=PROBLEMS)


def _audit(request: Request, deps: Deps) -> privacy.Audit:
    address = request.client.host if request.client else None
    return privacy.Audit(secret=deps.settings.token_secret.get_secret_value(), address=address)


def _plain(value: Any) -> Any:
    """JSON for what the database holds: money stays an exact decimal string, times ISO 8601 with their zone."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


@router.get(
    "/export",
    responses={200: {"content": {"application/json": {}}, "description": "every row about you, by table"}},
)
def export_me(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    document = privacy.export(uow.session, user=user, now=deps.clock.now(), audit=_audit(request, deps))
    stamp = deps.clock.now().strftime("%Y%m%d")
    return Response(
        json.dumps(document, default=_plain, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="boussole-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )


class ErasureOut(BaseModel):
    confirmation: str = Field(description="send it back to DELETE /v1/me within 10 minutes; it works once")
    expires_at: datetime


class ErasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"confirmation": "Zk3…"}]})
    confirmation: str = Field(min_length=1, max_length=100)


class ErasedOut(BaseModel):
    erased: dict[str, int] = Field(description="rows deleted, by table")
    backups_until: datetime = Field(description="backups made before now still hold your data until then")


@router.post("/erasure", response_model=ErasureOut, status_code=201)
def start_erasure(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> ErasureOut:
    code, expires = privacy.start_erasure(
        uow.session, deps.cache, user=user, now=deps.clock.now(), audit=_audit(request, deps)
    )
    return ErasureOut(confirmation=code, expires_at=expires)


@router.delete("", response_model=ErasedOut)
def erase_me(request: Request, body: ErasureIn, user: CurrentUser, uow: UowDep, deps: DepsDep) -> ErasedOut:
    done = privacy.erase(
        uow.session,
        deps.cache,
        user=user,
        now=deps.clock.now(),
        confirmation=body.confirmation,
        backup_days=deps.settings.backup_retention_days,
        audit=_audit(request, deps),
    )
    return ErasedOut(erased=done.rows, backups_until=done.backups_until)


class TokenIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "shortcuts", "scopes": ["read"], "days": 90}]}
    )
    name: str = Field(min_length=1, max_length=80)
    scopes: list[Literal["read", "write"]] = Field(min_length=1, max_length=2)
    days: int = Field(90, ge=1, le=personal.MAX_DAYS)


class TokenOut(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="the token's first characters, to tell it apart")
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> TokenOut:
        return cls(
            id=t.id,
            name=t.name,
            prefix=t.prefix,
            scopes=list(t.scopes),
            created_at=t.created_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
            revoked_at=t.revoked_at,
        )


class NewTokenOut(TokenOut):
    token: str = Field(description="shown this once: only its hash is kept")


def _signed_in(request: Request) -> None:
    if getattr(request.state, "personal_token", False):
        raise Problem(403, "insufficient-scope", "Insufficient scope", "Tokens are managed when signed in.")


@router.post("/tokens", response_model=NewTokenOut, status_code=201)
def create_token(body: TokenIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> NewTokenOut:
    _signed_in(request)
    row, token = personal.create(
        uow.session,
        user=user,
        now=deps.clock.now(),
        name=body.name,
        scopes=list(body.scopes),
        days=body.days,
        secret=deps.settings.token_secret.get_secret_value(),
    )
    return NewTokenOut(**TokenOut.of(row).model_dump(), token=token)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(user: CurrentUser, uow: UowDep) -> list[TokenOut]:
    return [TokenOut.of(t) for t in personal.listed(uow.session, user=user)]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: uuid.UUID, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    _signed_in(request)
    secret = deps.settings.token_secret.get_secret_value()
    personal.revoke(uow.session, user=user, now=deps.clock.now(), token_id=token_id, secret=secret)
    return Response(status_code=204)


@router.post("/sign-out-everywhere", status_code=204)
def sign_out_everywhere(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    """Every sign-in token issued until now stops working; every refresh and personal token is revoked."""
    _signed_in(request)
    accounts.sign_out_everywhere(uow.session, user=user, now=deps.clock.now(), ctx=auth_context(request, deps))
    return Response(status_code=204)


# --- sign-in security (shared.auth.accounts) -------------------------------------------------------------
class SecurityOut(BaseModel):
    email: str | None
    has_password: bool
    mfa: bool = Field(description="two-factor (TOTP) is on")
    recovery_codes_left: int
    password_changed_at: datetime | None


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=1, max_length=1024, description="your current password")


class NewPasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class TotpOut(BaseModel):
    secret: str = Field(description="base32, for an authenticator app; shown once")
    otpauth_uri: str = Field(description="the same as an otpauth:// link (for a QR code)")


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=12, description="6 digits from the authenticator app")


class PasswordAndCodeIn(PasswordIn):
    code: str = Field(min_length=1, max_length=12)


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(description="each works once; shown only now")


@router.get("/security", response_model=SecurityOut)
def security(user: CurrentUser, uow: UowDep) -> SecurityOut:
    return SecurityOut.model_validate(accounts.security_of(uow.session, user=user))


@router.post("/password", response_model=SessionOut)
def change_password(
    body: NewPasswordIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep
) -> SessionOut | Response:
    """A new password; every other sign-in ends, and this answer carries a fresh one."""
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.change_password(
            uow.session, user=user, current=body.current_password, new=body.new_password, now=deps.clock.now(), ctx=ctx
        ),
        SessionOut.of,
    )


@router.post("/mfa/totp", response_model=TotpOut, status_code=201)
def totp_begin(body: PasswordIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> TotpOut | Response:
    """Start two-factor: a new secret for the app. It is on once a first code confirms it."""
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.totp_begin(uow.session, user=user, password=body.password, now=deps.clock.now(), ctx=ctx),
        lambda begun: TotpOut(secret=begun[0], otpauth_uri=begun[1]),
    )


@router.post("/mfa/totp/confirm", response_model=RecoveryCodesOut)
def totp_confirm(body: CodeIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> RecoveryCodesOut:
    _signed_in(request)
    codes = accounts.totp_confirm(
        uow.session, user=user, code=body.code, now=deps.clock.now(), ctx=auth_context(request, deps)
    )
    return RecoveryCodesOut(recovery_codes=codes)


@router.delete("/mfa/totp", status_code=204)
def totp_disable(body: PasswordAndCodeIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> Response:
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.totp_disable(
            uow.session, user=user, password=body.password, code=body.code, now=deps.clock.now(), ctx=ctx
        ),
        no_content,
    )


@router.post("/mfa/recovery-codes", response_model=RecoveryCodesOut)
def renew_recovery_codes(
    body: PasswordAndCodeIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep
) -> RecoveryCodesOut | Response:
    """New recovery codes; the old ones stop working."""
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.renew_recovery_codes(
            uow.session, user=user, password=body.password, code=body.code, now=deps.clock.now(), ctx=ctx
        ),
        lambda codes: RecoveryCodesOut(recovery_codes=codes),
    )


# --- the phone number and SMS consent (shared.auth.accounts) ---------------------------------------------
class PhoneOut(BaseModel):
    phone: str | None = Field(description="E.164: where Boussole answers and writes")
    sms: Literal["on", "consent_needed", "declined", "stopped"] = Field(
        description="on: Boussole may write first; consent_needed: only answers to your own messages go out "
        "until you agree (POST /v1/me/sms-consent, or answer the SMS); declined: you said no by SMS; stopped: you "
        "sent STOP (send START from that number to turn messages back on)"
    )


class PhoneIn(PasswordIn):
    phone: str = Field(min_length=8, max_length=20, description="the new number, E.164; a code is sent there")


class PhoneChangeOut(BaseModel):
    change_id: str
    expires_at: datetime


class PhoneCodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    change_id: str = Field(min_length=1, max_length=64)
    code: str = Field(min_length=1, max_length=12)


@router.get("/phone", response_model=PhoneOut)
def phone(user: CurrentUser) -> PhoneOut:
    return PhoneOut.model_validate(accounts.phone_of(user))


@router.post("/sms-consent", response_model=PhoneOut)
def sms_consent(request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep) -> PhoneOut:
    """Agree to messages from Boussole by SMS and to what it keeps (health reminders included). STOP by SMS
    still stops everything."""
    _signed_in(request)
    accounts.give_sms_consent(uow.session, user=user, now=deps.clock.now(), ctx=auth_context(request, deps))
    return PhoneOut.model_validate(accounts.phone_of(user))


@router.post("/phone", response_model=PhoneChangeOut, status_code=202)
def start_phone_change(
    body: PhoneIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep
) -> PhoneChangeOut | Response:
    """Move to a new number: your password, then the 6-digit code sent there by SMS to /v1/me/phone/verify."""
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.start_phone_change(
            uow.session, user=user, phone=body.phone, password=body.password, now=deps.clock.now(), ctx=ctx
        ),
        lambda begun: PhoneChangeOut(change_id=begun[0], expires_at=begun[1]),
    )


@router.post("/phone/verify", response_model=PhoneOut)
def finish_phone_change(
    body: PhoneCodeIn, request: Request, user: CurrentUser, uow: UowDep, deps: DepsDep
) -> PhoneOut | Response:
    """The code from the new number: Boussole writes there from now on, and tells the old one."""
    _signed_in(request)
    ctx = auth_context(request, deps)
    return kept(
        request,
        lambda: accounts.finish_phone_change(
            uow.session, user=user, change_id=body.change_id, code=body.code, now=deps.clock.now(), ctx=ctx
        ),
        lambda _: PhoneOut.model_validate(accounts.phone_of(user)),
    )
