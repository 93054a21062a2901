"""Signed, short-lived tokens as JWTs (RFC 7519, PyJWT), HMAC-SHA256 with the token secret.

Three kinds, each with its own header `typ` and audience, so one can never stand in for another:
- "access" (`typ: at+jwt`, RFC 9068): a sign-in, 15 minutes; sent as `Authorization: Bearer`.
- "mfa": proof that the password was right, good only for the second step of a login, 5 minutes.
- "device": a browser or app that signed in before (OWASP's device cookie), 180 days; it lets its owner
  try to sign in while strangers hammering the same account are slowed down (shared.auth.lockout).

Verification is strict (RFC 8725): the algorithm is taken from an allow-list of one, never from the token
(`alg: none`, RS/HS confusion and the like are refused); `exp`, `iat`, `sub`, `aud` and `iss` are required;
the header's `typ` must match the kind asked for.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

import jwt

Kind = Literal["access", "mfa", "device"]

ALGORITHMS = ["HS256"]  # the allow-list: the one algorithm we sign with
ISSUER = "boussole"
AUDIENCE = "boussole-api"
_TYP: dict[str, str] = {"access": "at+jwt", "mfa": "mfa+jwt", "device": "device+jwt"}
_AUD: dict[str, str] = {"access": AUDIENCE, "mfa": "boussole-mfa", "device": "boussole-device"}
TTL: dict[str, timedelta] = {
    "access": timedelta(minutes=15),
    "mfa": timedelta(minutes=5),
    "device": timedelta(days=180),
}
_LEEWAY = 0  # our own clock signs and checks: no skew to forgive


class InvalidToken(Exception):
    pass


def issue(
    user_id: uuid.UUID,
    *,
    secret: str,
    now: datetime,
    ttl: timedelta | None = None,
    kind: Kind = "access",
    extra: dict[str, Any] | None = None,
) -> str:
    payload: dict[str, Any] = {
        **(extra or {}),
        "iss": ISSUER,
        "sub": str(user_id),
        "aud": _AUD[kind],
        "iat": int(now.timestamp()),
        "exp": int((now + (ttl or TTL[kind])).timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHMS[0], headers={"typ": _TYP[kind]})


def decode(token: str, *, secret: str, now: datetime, kind: Kind = "access") -> dict[str, Any]:
    """The claims of a valid token of this kind; InvalidToken otherwise (the reason, never the token)."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("typ") != _TYP[kind]:
            raise InvalidToken("wrong token type")
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=ALGORITHMS,
            audience=_AUD[kind],
            issuer=ISSUER,
            leeway=_LEEWAY,
            options={"require": ["exp", "iat", "sub", "aud", "iss"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError as exc:
        raise InvalidToken(_reason(exc)) from exc
    # Times against the app's clock (tests travel in time), not the machine's.
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= now.timestamp():
        raise InvalidToken("expired")
    if not isinstance(claims.get("iat"), int) or claims["iat"] > now.timestamp():
        raise InvalidToken("issued in the future")
    try:
        uuid.UUID(claims["sub"])
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken("no subject") from exc
    return claims


def _reason(exc: jwt.InvalidTokenError) -> str:
    if isinstance(exc, jwt.InvalidAudienceError):
        return "wrong audience"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "wrong issuer"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "bad signature"
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return "algorithm not allowed"
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"missing claim {exc.claim}"
    return "malformed token"


def verify(token: str, *, secret: str, now: datetime, kind: Kind = "access") -> uuid.UUID:
    """The person's id in a valid token; InvalidToken otherwise."""
    return uuid.UUID(decode(token, secret=secret, now=now, kind=kind)["sub"])


def claims(token: str, *, secret: str, now: datetime) -> tuple[uuid.UUID, int]:
    """(person's id, issued at in seconds) of a valid access token; InvalidToken otherwise."""
    payload = decode(token, secret=secret, now=now)
    return uuid.UUID(payload["sub"]), int(payload["iat"])
