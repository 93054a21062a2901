"""Signed, short-lived tokens as JWTs (RFC 7519, JWS compact form), HMAC-SHA256 with the token secret.

Three kinds, each with its own header `typ` and audience, so one can never stand in for another:
- "access" (`typ: at+jwt`, RFC 9068): a sign-in, 15 minutes; sent as `Authorization: Bearer`.
- "mfa": proof that the password was right, good only for the second step of a login, 5 minutes.
- "device": a browser or app that signed in before (OWASP's device cookie), 180 days; it lets its owner
  try to sign in while strangers hammering the same account are slowed down (shared.auth.lockout).

Verification is strict (RFC 8725): the algorithm is taken from an allow-list of one, never from the token
(`alg: none`, RS/HS confusion and the like are refused); `exp`, `iat`, `sub`, `aud` and `iss` are required;
the header's `typ` must match the kind asked for.

Written here rather than with PyJWT: PyJWT imports `cryptography` (about 90 ms) on every cold start of every
function, for one HMAC. The tests check that PyJWT reads our tokens and that tokens PyJWT crafts for attacks
are refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

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


class InvalidToken(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not _B64URL.fullmatch(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def _sign(secret: str, signing_input: str) -> bytes:
    return hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()


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
    header = {"alg": ALGORITHMS[0], "typ": _TYP[kind]}
    signing_input = _b64(_json(header)) + "." + _b64(_json(payload))
    return signing_input + "." + _b64(_sign(secret, signing_input))


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def decode(token: str, *, secret: str, now: datetime, kind: Kind = "access") -> dict[str, Any]:
    """The claims of a valid token of this kind; InvalidToken otherwise (the reason, never the token)."""
    try:
        encoded_header, encoded_payload, encoded_signature = token.split(".")
        header = json.loads(_unb64(encoded_header))
        signature = _unb64(encoded_signature)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise InvalidToken("algorithm not allowed")
    if header.get("typ") != _TYP[kind]:
        raise InvalidToken("wrong token type")
    if not hmac.compare_digest(signature, _sign(secret, f"{encoded_header}.{encoded_payload}")):
        raise InvalidToken("bad signature")
    try:
        claims = json.loads(_unb64(encoded_payload))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(claims, dict):
        raise InvalidToken("malformed token")
    missing = [c for c in ("exp", "iat", "sub", "aud", "iss") if c not in claims]
    if missing:
        raise InvalidToken(f"missing claim {missing[0]}")
    if claims["iss"] != ISSUER:
        raise InvalidToken("wrong issuer")
    if claims["aud"] != _AUD[kind]:  # a single audience, as we issue it (a list is refused)
        raise InvalidToken("wrong audience")
    # Times against the app's clock (tests travel in time), not the machine's.
    if not isinstance(claims["exp"], int) or claims["exp"] <= now.timestamp():
        raise InvalidToken("expired")
    if not isinstance(claims["iat"], int) or claims["iat"] > now.timestamp():
        raise InvalidToken("issued in the future")
    try:
        uuid.UUID(claims["sub"])
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken("no subject") from exc
    return claims


def verify(token: str, *, secret: str, now: datetime, kind: Kind = "access") -> uuid.UUID:
    """The person's id in a valid token; InvalidToken otherwise."""
    return uuid.UUID(decode(token, secret=secret, now=now, kind=kind)["sub"])


def claims(token: str, *, secret: str, now: datetime) -> tuple[uuid.UUID, int]:
    """(person's id, issued at in seconds) of a valid access token; InvalidToken otherwise."""
    payload = decode(token, secret=secret, now=now)
    return uuid.UUID(payload["sub"]), int(payload["iat"])
