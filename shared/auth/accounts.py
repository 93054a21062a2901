"""Web and API accounts (described in docs/api.md, "Accounts").

- Sign-up: an email, a password and a phone number, proven by a 6-digit code sent by SMS to that number
  only. The credentials join the person who already texts from that number, or a new person.
- Sign-in: the password, then a TOTP code (or a recovery code) when two-factor is on. Answers a 15-minute
  access token (JWT), a rotating refresh token and a device token (shared.auth.tokens, shared.auth.lockout).
- Refresh: each refresh token works once and is replaced; using one twice revokes its whole family.
- Password reset: a code sent by SMS to the account's phone. It changes the password and signs out
  everywhere; it never turns two-factor off, so the next sign-in still asks for the code.
- Two-factor: turned on by confirming a first code, which also gives 10 single-use recovery codes; turned
  off with the password and a code.

Every failure that must leave a trace (a count against guessing, an audit event, a revoked family) is kept:
the routes commit before answering a refusal. Audit events name no secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy.orm import Session

from shared.audit import service as audit
from shared.auth import lockout, passwords, personal, tokens, totp
from shared.auth import repository as repo
from shared.auth.models import Credential, RefreshToken
from shared.cache.port import Cache
from shared.crypto import service as crypto
from shared.db import rls
from shared.errors import Conflict, DomainError, InvalidInput, NotFound
from shared.i18n.messages import t
from shared.limits import Limit, check
from shared.messaging import repository as messaging
from shared.onboarding import service as onboarding
from shared.users import repository as users
from shared.users.models import User
from shared.users.service import guess_language, guess_timezone, zone_named

EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
CODE_SECONDS = 600
CODE_TRIES = 5
REFRESH_IDLE = timedelta(days=30)
REFRESH_FAMILY = timedelta(days=90)
# SMS codes cost money and can pester a number: per number, 3 every 15 minutes and 10 a day.
CODES_PER_PHONE = (Limit("auth.code.phone", 3, 900), Limit("auth.code.phone.day", 10, 86400))


class Unauthorized(DomainError):
    status = 401
    title = "Unauthorized"
    default_key = "account.bad_credentials"


class TooMany(DomainError):
    status = 429
    title = "Too many attempts"
    default_key = "error.invalid"

    def __init__(self, wait: int) -> None:
        super().__init__("too-many-attempts", key="error.too_many", seconds=wait)
        self.retry_after = wait


class Unavailable(DomainError):
    status = 503
    title = "Temporarily unavailable"
    default_key = "error.unavailable"


@dataclass(frozen=True)
class Context:
    """What every flow needs besides the session: the token secret, the hashing parameters, the cache and the
    caller's address (audited as a keyed pseudonym)."""

    secret: str
    params: passwords.Params
    cache: Cache
    address: str | None = None


@dataclass(frozen=True)
class SignedIn:
    user_id: uuid.UUID
    access_token: str
    refresh_token: str
    device_token: str
    expires_in: int


@dataclass(frozen=True)
class Challenge:
    mfa_token: str
    expires_in: int


# --- sign-up -----------------------------------------------------------------------------------------------
def start_signup(
    session: Session,
    *,
    email: str,
    password: str,
    phone: str,
    language: str | None,
    now: datetime,
    ctx: Context,
    sms_consent: bool = False,
    timezone: str | None = None,
) -> tuple[str, datetime]:
    """Check what was given and send a code to `phone`: (the sign-up's id, when its code expires).
    `sms_consent`: the person agreed on the page to get messages from Boussole by SMS and to what it keeps;
    once the code proves the number theirs, the SMS dialogue does not ask again. `timezone`: an IANA zone or a
    city, for a new person (else guessed from the number)."""
    email, phone = _email(email), _phone(phone)
    passwords.check_new(password, words=(email.split("@")[0],))
    zone = zone_named(timezone) if timezone is not None else None
    person = users.get_by_phone(session, phone)
    lang = person.language if person else (language if language in ("fr", "en") else guess_language(phone))
    code = _send_code(session, phone=phone, person=person, language=lang, template="account.code_sms", now=now, ctx=ctx)
    signup_id = secrets.token_urlsafe(16)
    pending = {
        "email": email,
        "phone": phone,
        "language": lang,
        "hash": passwords.hash_password(password, ctx.params),
        "code": _mac(ctx.secret, code),
        "tries": 0,
        "consent": "yes" if sms_consent else "",
        "timezone": zone or "",
    }
    _put(ctx.cache, f"signup:{signup_id}", pending)
    return signup_id, now + timedelta(seconds=CODE_SECONDS)


def finish_signup(session: Session, *, signup_id: str, code: str, now: datetime, ctx: Context) -> SignedIn:
    pending = _take_code(ctx.cache, f"signup:{signup_id}", code, secret=ctx.secret)
    email, phone = pending["email"], pending["phone"]
    if users.get_by_email(session, email) is not None:
        raise Conflict("account.taken", key="account.taken")
    person = users.get_by_phone(session, phone)
    if person is not None and repo.credential(session, person.id) is not None:
        raise Conflict("account.taken", key="account.taken")
    if person is None:
        lang = pending["language"]
        person, _ = users.get_or_create_by_phone(
            session,
            phone=phone,
            language=lang,
            timezone=pending.get("timezone")
            or guess_timezone(phone, language=lang, default_fr="Europe/Paris", default_en="America/New_York"),
        )
    person.email = email
    repo.add_credential(
        session,
        Credential(user_id=person.id, password_hash=pending["hash"], password_changed_at=now, created_at=now),
    )
    _audit(session, "account.created", person.id, now, ctx)
    if pending.get("consent") and onboarding.consented_elsewhere(session, user=person, now=now, channel="web"):
        _audit(session, "onboarding.consented", person.id, now, ctx, channel="web")
    return _sign_in(session, person, now=now, ctx=ctx, how="password")


# --- sign-in -----------------------------------------------------------------------------------------------
def login(
    session: Session, *, email: str, password: str, device_token: str | None, now: datetime, ctx: Context
) -> SignedIn | Challenge:
    email = email.strip().casefold()
    person = users.get_by_email(session, email)
    subject = _subject(email, person, device_token, now=now, secret=ctx.secret)
    _open_gate(ctx.cache, subject)
    credential = repo.credential(session, person.id) if person is not None else None
    if person is None or credential is None:
        passwords.spend_time(ctx.params)
        _failed(session, ctx, subject, "login.failed", None, now)
    right, rehashed = passwords.verify(credential.password_hash, password, ctx.params)
    if not right:
        _failed(session, ctx, subject, "login.failed", person.id, now)
    if rehashed:
        credential.password_hash = rehashed
    if credential.totp_enabled_at is not None:
        mfa = tokens.issue(
            person.id, secret=ctx.secret, now=now, kind="mfa", extra={"lk": [subject.kind, subject.value]}
        )
        return Challenge(mfa, int(tokens.TTL["mfa"].total_seconds()))
    _succeeded(ctx.cache, subject)
    return _sign_in(session, person, now=now, ctx=ctx, how="password")


def second_factor(
    session: Session, *, mfa_token: str, code: str | None, recovery_code: str | None, now: datetime, ctx: Context
) -> SignedIn:
    """The second step of a sign-in: a TOTP code (never one already used) or an unused recovery code."""
    try:
        claims = tokens.decode(mfa_token, secret=ctx.secret, now=now, kind="mfa")
    except tokens.InvalidToken as exc:
        raise Unauthorized("invalid-mfa-token", key="account.bad_code") from exc
    kind, value = claims.get("lk", ["account", ""])
    subject = lockout.Subject(str(kind), str(value))
    _open_gate(ctx.cache, subject)
    person = users.get(session, uuid.UUID(claims["sub"]))
    credential = repo.credential(session, person.id, for_update=True) if person else None
    if person is None or credential is None or credential.totp_enabled_at is None:
        raise Unauthorized("invalid-mfa-token", key="account.bad_code")
    how = "totp"
    if code:
        step = totp.matching_step(_open_secret(session, credential), code, now=now, after=credential.totp_last_step)
        accepted = step is not None and repo.accept_step(session, person.id, step)
    elif recovery_code:
        how = "recovery_code"
        accepted = repo.use_recovery_code(session, person.id, totp.recovery_digest(recovery_code), now)
    else:
        accepted = False
    if not accepted:
        _failed(session, ctx, subject, "mfa.failed", person.id, now, key="account.bad_code")
    _succeeded(ctx.cache, subject)
    return _sign_in(session, person, now=now, ctx=ctx, how=how)


def refresh(session: Session, *, refresh_token: str, now: datetime, ctx: Context) -> SignedIn:
    """A new access token and the next refresh token of the family. A token used a second time is a copy in
    someone's hands: the whole family is revoked (the caller commits that before answering 401)."""
    row = repo.refresh_by_hash(session, personal.digest(refresh_token))
    if row is None or row.revoked_at is not None or now >= row.expires_at or now >= row.family_expires_at:
        raise Unauthorized("invalid-refresh-token", key="account.bad_code")
    person = users.get(session, row.user_id)
    if person is None:
        raise Unauthorized("invalid-refresh-token", key="account.bad_code")
    if row.used_at is not None:
        revoked = repo.revoke_family(session, row.user_id, row.family_id, now)
        _audit(session, "refresh.replayed", person.id, now, ctx, revoked=revoked)
        raise Unauthorized("invalid-refresh-token", key="account.bad_code")
    row.used_at = now
    return _sign_in(session, person, now=now, ctx=ctx, how="refresh", family=row)


def logout(session: Session, *, refresh_token: str, now: datetime, ctx: Context) -> None:
    """End the sign-in this refresh token belongs to (its whole family)."""
    row = repo.refresh_by_hash(session, personal.digest(refresh_token))
    if row is not None:
        repo.revoke_family(session, row.user_id, row.family_id, now)
        _audit(session, "logout", row.user_id, now, ctx)


# --- password ----------------------------------------------------------------------------------------------
def start_reset(session: Session, *, email: str, now: datetime, ctx: Context) -> None:
    """Send a reset code to the account's phone. Says nothing about whether the account exists."""
    email = email.strip().casefold()
    person = users.get_by_email(session, email)
    if person is None or person.phone is None or repo.credential(session, person.id) is None:
        return
    code = _send_code(
        session,
        phone=person.phone,
        person=person,
        language=person.language,
        template="account.reset_sms",
        now=now,
        ctx=ctx,
    )
    _put(ctx.cache, _reset_key(email, ctx.secret), {"code": _mac(ctx.secret, code), "tries": 0})
    _audit(session, "password.reset_asked", person.id, now, ctx)


def finish_reset(session: Session, *, email: str, code: str, new_password: str, now: datetime, ctx: Context) -> None:
    """A new password, with the code sent by SMS. Signs out everywhere; two-factor stays as it was."""
    email = email.strip().casefold()
    _take_code(ctx.cache, _reset_key(email, ctx.secret), code, secret=ctx.secret)
    person = users.get_by_email(session, email)
    credential = repo.credential(session, person.id, for_update=True) if person else None
    if person is None or credential is None:
        raise InvalidInput("account.bad_code", key="account.bad_code", field="code")
    passwords.check_new(new_password, words=(email.split("@")[0],))
    credential.password_hash = passwords.hash_password(new_password, ctx.params)
    credential.password_changed_at = now
    sign_out_everywhere(session, user=person, now=now, ctx=ctx)
    _audit(session, "password.reset", person.id, now, ctx)


def change_password(session: Session, *, user: User, current: str, new: str, now: datetime, ctx: Context) -> SignedIn:
    """A new password for a signed-in person who knows the current one; other sign-ins end, this one goes on."""
    credential = _reauthenticate(session, user=user, password=current, now=now, ctx=ctx)
    passwords.check_new(new, words=((user.email or "").split("@")[0],))
    credential.password_hash = passwords.hash_password(new, ctx.params)
    credential.password_changed_at = now
    sign_out_everywhere(session, user=user, now=now, ctx=ctx)
    _audit(session, "password.changed", user.id, now, ctx)
    return _sign_in(session, user, now=now + timedelta(seconds=1), ctx=ctx, how="password")


# --- the phone number --------------------------------------------------------------------------------------
def start_phone_change(
    session: Session, *, user: User, phone: str, password: str, now: datetime, ctx: Context
) -> tuple[str, datetime]:
    """Send a code to the new number (the password asked again): (the change's id, when its code expires)."""
    _reauthenticate(session, user=user, password=password, now=now, ctx=ctx)
    phone = _phone(phone)
    if phone == user.phone:
        raise InvalidInput("account.same_phone", key="account.same_phone", field="phone")
    code = _send_code(
        session,
        phone=phone,
        person=None,
        owner=user.id,
        language=user.language,
        template="account.code_sms",
        now=now,
        ctx=ctx,
    )
    change_id = secrets.token_urlsafe(16)
    pending = {"change": change_id, "phone": phone, "code": _mac(ctx.secret, code), "tries": 0}
    _put(ctx.cache, phone_change_key(user.id), pending)  # one change at a time: a new one replaces it
    return change_id, now + timedelta(seconds=CODE_SECONDS)


def phone_change_key(user_id: uuid.UUID) -> str:
    """Where a person's pending number change waits for its code (erasure deletes it)."""
    return f"phone:{user_id}"


def finish_phone_change(session: Session, *, user: User, change_id: str, code: str, now: datetime, ctx: Context) -> str:
    """Move the person to the number the code went to: Boussole answers and writes there from now on, messages
    still waiting to go out included, and the old number gets a notice (unless it said STOP). STOP belongs to a
    number: the new one starts without it. A number that is already another person's is refused (that person
    must erase their data first); only someone holding the number learns it."""
    pending = _take_code(ctx.cache, phone_change_key(user.id), code, secret=ctx.secret)
    if not hmac.compare_digest(pending["change"], change_id):
        raise InvalidInput("account.bad_code", key="account.bad_code", field="code")
    old, new, stopped = user.phone, pending["phone"], user.sms_status != "active"
    if not users.move_phone(session, user, new):
        raise Conflict("account.phone_taken", key="account.phone_taken")
    messaging.readdress_pending(session, user_id=user.id, to_phone=new)
    if old and not stopped:
        messaging.enqueue(
            session,
            key=f"phone-moved:{uuid.uuid4()}",
            kind="reply",
            to_phone=old,
            body=t("account.phone_moved_sms", user.language, last=new[-2:]),
            now=now,
            user_id=user.id,
            language=user.language,
        )
    _audit(session, "account.phone_changed", user.id, now, ctx)
    return new


def phone_of(user: User) -> dict[str, object]:
    """The person's number and whether Boussole may write to it: "on"; "consent_needed" (never agreed: only
    answers to their own messages go out); "declined" (said no by SMS); "stopped" (said STOP: START by SMS
    from that number turns it back on, as carriers require)."""
    if user.sms_status != "active":
        sms = "stopped"
    elif user.onboarding_state == onboarding.DECLINED:
        sms = "declined"
    elif user.onboarding_state in onboarding.NOT_CONSENTED:
        sms = "consent_needed"
    else:
        sms = "on"
    return {"phone": user.phone, "sms": sms}


def give_sms_consent(session: Session, *, user: User, now: datetime, ctx: Context) -> None:
    """Consent to messages by SMS, given while signed in (the number was proven by a code at sign-up or when it
    was changed). Recorded once; STOP still stops everything."""
    if onboarding.consented_elsewhere(session, user=user, now=now, channel="web"):
        _audit(session, "onboarding.consented", user.id, now, ctx, channel="web")


# --- two-factor --------------------------------------------------------------------------------------------
def totp_begin(session: Session, *, user: User, password: str, now: datetime, ctx: Context) -> tuple[str, str]:
    """A new TOTP secret to add to an authenticator app: (secret, otpauth:// link). Not on until confirmed."""
    credential = _reauthenticate(session, user=user, password=password, now=now, ctx=ctx)
    if credential.totp_enabled_at is not None:
        raise Conflict("account.mfa_already", key="account.mfa_already")
    secret = totp.new_secret()
    credential.totp_secret = _seal_secret(session, user.id, secret)
    credential.totp_last_step = None
    session.flush()
    return secret, totp.uri(secret, account=user.email or str(user.id))


def totp_confirm(session: Session, *, user: User, code: str, now: datetime, ctx: Context) -> list[str]:
    """Turn two-factor on with a first code from the app; the recovery codes, shown once."""
    credential = repo.credential(session, user.id, for_update=True)
    if credential is None or credential.totp_secret is None:
        raise Conflict("account.mfa_not_started", key="account.mfa_not_started")
    if credential.totp_enabled_at is not None:
        raise Conflict("account.mfa_already", key="account.mfa_already")
    step = totp.matching_step(_open_secret(session, credential), code, now=now, after=credential.totp_last_step)
    if step is None:
        raise InvalidInput("account.bad_code", key="account.bad_code", field="code")
    credential.totp_enabled_at = now
    credential.totp_last_step = step
    codes = _new_recovery_codes(session, user, now)
    _audit(session, "mfa.enabled", user.id, now, ctx)
    return codes


def totp_disable(session: Session, *, user: User, password: str, code: str, now: datetime, ctx: Context) -> None:
    credential = _reauthenticate(session, user=user, password=password, now=now, ctx=ctx)
    _check_current_code(session, user, credential, code, now=now, ctx=ctx)
    credential.totp_secret = None
    credential.totp_enabled_at = None
    credential.totp_last_step = None
    repo.drop_recovery_codes(session, user.id)
    _audit(session, "mfa.disabled", user.id, now, ctx)


def renew_recovery_codes(
    session: Session, *, user: User, password: str, code: str, now: datetime, ctx: Context
) -> list[str]:
    credential = _reauthenticate(session, user=user, password=password, now=now, ctx=ctx)
    _check_current_code(session, user, credential, code, now=now, ctx=ctx)
    codes = _new_recovery_codes(session, user, now)
    _audit(session, "mfa.recovery_renewed", user.id, now, ctx)
    return codes


def security_of(session: Session, *, user: User) -> dict[str, object]:
    """What the person can see of their own sign-in: whether they have a password, two-factor, codes left."""
    credential = repo.credential(session, user.id)
    return {
        "email": user.email,
        "has_password": credential is not None,
        "mfa": credential is not None and credential.totp_enabled_at is not None,
        "recovery_codes_left": repo.recovery_codes_left(session, user.id) if credential else 0,
        "password_changed_at": credential.password_changed_at if credential else None,
    }


# --- roles -------------------------------------------------------------------------------------------------
ROLES = ("user", "admin")


def set_role(
    session: Session, *, user_id: uuid.UUID, role: str, actor: User | None, now: datetime, ctx: Context
) -> User:
    """Give `role` to a person, as an admin (`actor`) or an operator (None). The last admin stays one."""
    if role not in ROLES:
        raise InvalidInput("account.bad_role", field="role")
    rls.as_system(session, "admin: role")  # another person's account row, and how many admins there are
    person = users.get(session, user_id)
    if person is None:
        raise NotFound("account.not_found")
    if person.role == "admin" and role != "admin" and users.count_role(session, "admin") <= 1:
        raise Conflict("account.last_admin", key="account.last_admin")
    before, person.role = person.role, role
    session.flush()
    audit.record(
        session,
        event="role.changed",
        actor="admin" if actor is not None else "operator",
        now=now,
        secret=ctx.secret,
        person=person.id,
        address=ctx.address,
        details={"from": before, "to": role, "by": audit.pseudonym(actor.id, secret=ctx.secret) if actor else None},
    )
    return person


# --- the parts ---------------------------------------------------------------------------------------------
def _sign_in(
    session: Session, person: User, *, now: datetime, ctx: Context, how: str, family: RefreshToken | None = None
) -> SignedIn:
    token = "brt_" + secrets.token_urlsafe(32)
    family_id = family.family_id if family else uuid.uuid4()
    family_ends = family.family_expires_at if family else now + REFRESH_FAMILY
    repo.add_refresh(
        session,
        RefreshToken(
            user_id=person.id,
            family_id=family_id,
            token_hash=personal.digest(token),
            expires_at=min(now + REFRESH_IDLE, family_ends),
            family_expires_at=family_ends,
            created_at=now,
        ),
    )
    if how != "refresh":
        _audit(session, "login", person.id, now, ctx, method=how)
    return SignedIn(
        user_id=person.id,
        access_token=tokens.issue(person.id, secret=ctx.secret, now=now),
        refresh_token=token,
        device_token=tokens.issue(person.id, secret=ctx.secret, now=now, kind="device"),
        expires_in=int(tokens.TTL["access"].total_seconds()),
    )


def sign_out_everywhere(session: Session, *, user: User, now: datetime, ctx: Context) -> None:
    """Every sign-in ends: access tokens issued until now are refused, refresh and personal tokens revoked."""
    repo.revoke_all_refresh(session, user.id, now)
    personal.sign_out_everywhere(session, user=user, now=now, secret=ctx.secret)


def _reauthenticate(session: Session, *, user: User, password: str, now: datetime, ctx: Context) -> Credential:
    """The person's credentials, if `password` is theirs (changing a factor asks for it again: ASVS 7.5.1)."""
    subject = lockout.account(user.email or str(user.id))
    _open_gate(ctx.cache, subject)
    credential = repo.credential(session, user.id, for_update=True)
    if credential is None:
        raise Conflict("account.no_credentials", key="account.no_credentials")
    if not passwords.verify(credential.password_hash, password, ctx.params)[0]:
        _failed(session, ctx, subject, "reauth.failed", user.id, now, key="account.bad_password")
    return credential


def _check_current_code(
    session: Session, user: User, credential: Credential, code: str, *, now: datetime, ctx: Context
) -> None:
    if credential.totp_enabled_at is None:
        raise Conflict("account.mfa_off", key="account.mfa_off")
    step = totp.matching_step(_open_secret(session, credential), code, now=now, after=credential.totp_last_step)
    if step is None or not repo.accept_step(session, user.id, step):
        _failed(
            session,
            ctx,
            lockout.account(user.email or str(user.id)),
            "mfa.failed",
            user.id,
            now,
            key="account.bad_code",
        )


def _new_recovery_codes(session: Session, user: User, now: datetime) -> list[str]:
    codes = totp.new_recovery_codes()
    repo.replace_recovery_codes(session, user.id, [totp.recovery_digest(c) for c in codes], now)
    return codes


def _subject(
    email: str, person: User | None, device_token: str | None, *, now: datetime, secret: str
) -> lockout.Subject:
    """The device, when it shows a device token this account was given; the account otherwise."""
    if device_token and person is not None:
        try:
            claims = tokens.decode(device_token, secret=secret, now=now, kind="device")
        except tokens.InvalidToken:
            return lockout.account(email)
        if claims["sub"] == str(person.id):
            return lockout.device(str(claims["jti"]))
    return lockout.account(email)


def _open_gate(cache: Cache, subject: lockout.Subject) -> None:
    try:
        wait = lockout.wait_for(cache, subject)
    except lockout.Unavailable as exc:
        raise Unavailable("sign-in-unavailable", key="error.unavailable") from exc
    if wait > 0:
        raise TooMany(wait)


def _failed(
    session: Session,
    ctx: Context,
    subject: lockout.Subject,
    event: str,
    person: uuid.UUID | None,
    now: datetime,
    *,
    key: str = "account.bad_credentials",
) -> NoReturn:
    """Count a failure, keep a trace, and refuse (raises, always)."""
    try:
        wait = lockout.failed(ctx.cache, subject)
    except lockout.Unavailable as exc:
        raise Unavailable("sign-in-unavailable", key="error.unavailable") from exc
    _audit(session, event, person, now, ctx, subject=subject.kind, closed_for=wait)
    raise Unauthorized(key.replace("account.", ""), key=key)


def _succeeded(cache: Cache, subject: lockout.Subject) -> None:
    try:
        lockout.succeeded(cache, subject)
    except lockout.Unavailable as exc:
        raise Unavailable("sign-in-unavailable", key="error.unavailable") from exc


def _send_code(
    session: Session,
    *,
    phone: str,
    person: User | None,
    language: str,
    template: str,
    now: datetime,
    ctx: Context,
    owner: uuid.UUID | None = None,
) -> str:
    """A fresh 6-digit code, queued by SMS to `phone` (never to a number that said STOP): `person` is who has
    that number, if anyone; `owner` whose message it is when not theirs (a code for a number being added)."""
    for limit in CODES_PER_PHONE:
        verdict = check(ctx.cache, limit, phone)
        if not verdict.allowed:
            raise TooMany(verdict.retry_after)
    code = f"{secrets.randbelow(10**6):06d}"
    if person is None or person.sms_status == "active":
        messaging.enqueue(
            session,
            key=f"code:{uuid.uuid4()}",
            kind="reply",
            to_phone=phone,
            body=t(template, language, code=code),
            now=now,
            user_id=person.id if person else owner,
            language=language,
        )
    return code


def _take_code(cache: Cache, key: str, code: str, *, secret: str) -> dict[str, str]:
    """The pending state behind `key` when `code` is its code; each wrong try counts, and the 5th ends it."""
    raw = cache.get(key)
    pending: dict[str, str] = json.loads(raw) if raw else {}
    if not pending:
        raise InvalidInput("account.bad_code", key="account.bad_code", field="code")
    if not hmac.compare_digest(str(pending["code"]), _mac(secret, code.strip())):
        tries = int(pending["tries"]) + 1
        if tries >= CODE_TRIES:
            cache.delete(key)
        else:
            pending["tries"] = str(tries)
            _put(cache, key, pending, keep_ttl=True)
        raise InvalidInput("account.bad_code", key="account.bad_code", field="code")
    cache.delete(key)
    return pending


def _put(cache: Cache, key: str, value: Mapping[str, object], *, keep_ttl: bool = False) -> None:
    ttl = cache.ttl(key) if keep_ttl else CODE_SECONDS
    cache.set(key, json.dumps(value), ttl_seconds=max(1, ttl))


def _mac(secret: str, code: str) -> str:
    return hmac.new(secret.encode(), code.encode(), hashlib.sha256).hexdigest()


def _reset_key(email: str, secret: str) -> str:
    return f"reset:{_mac(secret, email)[:32]}"


def _email(email: str) -> str:
    email = email.strip().casefold()
    if len(email) > 254 or not EMAIL.fullmatch(email):
        raise InvalidInput("account.bad_email", key="account.bad_email", field="email")
    return email


def _phone(phone: str) -> str:
    phone = phone.strip().replace(" ", "")
    if not PHONE.fullmatch(phone):
        raise InvalidInput("account.bad_phone", key="account.bad_phone", field="phone")
    return phone


def _audit(
    session: Session, event: str, person: uuid.UUID | None, now: datetime, ctx: Context, **details: object
) -> None:
    audit.record(
        session,
        event=event,
        actor="person",
        now=now,
        secret=ctx.secret,
        person=person,
        address=ctx.address,
        details=details,
    )


def _seal_secret(session: Session, user_id: uuid.UUID, secret: str) -> str:
    """The TOTP secret sealed under the person's data key, bound to their credentials row (shared.crypto)."""
    return crypto.seal(
        session, user_id=user_id, table="credentials", column="totp_secret", row=user_id, plaintext=secret
    )


def _open_secret(session: Session, credential: Credential) -> str:
    return crypto.open_value(
        session,
        user_id=credential.user_id,
        table="credentials",
        column="totp_secret",
        row=credential.user_id,
        sealed=credential.totp_secret or "",
    )
