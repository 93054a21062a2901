"""Short-lived signed access tokens (HMAC-SHA256, compact `payload.signature`, base64url).

A stopgap until login with MFA: the person gets one by asking Boussole for a link, or the emulator mints
one. Type, audience and expiry are checked; the algorithm is fixed, so there is no `alg` to downgrade.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime, timedelta

TOKEN_TYPE = "access"
AUDIENCE = "boussole-api"


class InvalidToken(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(user_id: uuid.UUID, *, secret: str, now: datetime, ttl: timedelta = timedelta(minutes=15)) -> str:
    payload = {
        "sub": str(user_id),
        "typ": TOKEN_TYPE,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def verify(token: str, *, secret: str, now: datetime) -> uuid.UUID:
    """The user id in a valid token; InvalidToken otherwise."""
    return claims(token, secret=secret, now=now)[0]


def claims(token: str, *, secret: str, now: datetime) -> tuple[uuid.UUID, int]:
    """(user id, issued at, in seconds) of a valid token; InvalidToken otherwise."""
    try:
        body, sig = token.split(".")
        expected = _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(sig.encode("utf-8", "replace"), expected.encode()):
            raise InvalidToken("bad signature")
        payload = json.loads(_unb64(body))
    except (ValueError, json.JSONDecodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if payload.get("typ") != TOKEN_TYPE or payload.get("aud") != AUDIENCE:
        raise InvalidToken("wrong token type or audience")
    if not isinstance(payload.get("exp"), int) or payload["exp"] <= now.timestamp():
        raise InvalidToken("expired")
    try:
        return uuid.UUID(payload["sub"]), int(payload.get("iat", 0))
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidToken("no subject") from exc
