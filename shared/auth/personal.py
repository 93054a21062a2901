"""Personal API tokens for scripts and integrations: `bpt_` and 43 random characters (256 bits from the
operating system's CSPRNG), shown once; only their SHA-256 is stored, so a leaked database holds no usable
token. Each has scopes ("read": GET only; "write": everything else too), an expiry (at most a year) and can
be revoked at once. Creating and revoking are audit events."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from shared.audit import service as audit
from shared.auth import repository as repo
from shared.auth.models import ApiToken
from shared.errors import InvalidInput, NotFound
from shared.users.models import User

PREFIX = "bpt_"
SCOPES = ("read", "write")
MAX_DAYS = 365


@dataclass(frozen=True)
class Granted:
    user_id: uuid.UUID
    scopes: frozenset[str]
    token_id: uuid.UUID


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    session: Session, *, user: User, now: datetime, name: str, scopes: list[str], days: int, secret: str
) -> tuple[ApiToken, str]:
    """A new token for the person: (its row, the token itself, to show once)."""
    if not name.strip() or len(name) > 80:
        raise InvalidInput("token.bad_name", field="name")
    if not scopes or not set(scopes) <= set(SCOPES):
        raise InvalidInput("token.bad_scopes", field="scopes")
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput("token.bad_days", field="days")
    token = PREFIX + secrets.token_urlsafe(32)
    row = repo.add(
        session,
        ApiToken(
            user_id=user.id,
            name=name.strip(),
            prefix=token[:12],
            token_hash=digest(token),
            scopes=sorted(set(scopes)),
            expires_at=now + timedelta(days=days),
            created_at=now,
        ),
    )
    audit.record(
        session,
        event="token.created",
        actor="person",
        now=now,
        secret=secret,
        person=user.id,
        details={"scopes": row.scopes, "days": days},
    )
    return row, token


def listed(session: Session, *, user: User) -> list[ApiToken]:
    return repo.of_user(session, user.id)


def revoke(session: Session, *, user: User, now: datetime, token_id: uuid.UUID, secret: str) -> ApiToken:
    row = repo.get_for_user(session, user.id, token_id)
    if row is None:
        raise NotFound("token.not_found", field="token_id")
    if row.revoked_at is None:
        row.revoked_at = now
        session.flush()
        audit.record(session, event="token.revoked", actor="person", now=now, secret=secret, person=user.id, details={})
    return row


def check(session: Session, token: str, *, now: datetime) -> Granted | None:
    """Who a personal token speaks for and with which scopes; None when unknown, revoked or expired."""
    row = repo.by_hash(session, digest(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    repo.used(session, row.id, now)
    return Granted(row.user_id, frozenset(row.scopes), row.id)


def sign_out_everywhere(session: Session, *, user: User, now: datetime, secret: str) -> int:
    """Refuse every sign-in token issued until now and revoke every personal token; returns how many personal
    tokens were revoked. An audit event."""
    user.tokens_valid_after = now
    revoked = 0
    for row in repo.of_user(session, user.id):
        if row.revoked_at is None:
            row.revoked_at = now
            revoked += 1
    session.flush()
    audit.record(
        session,
        event="auth.signed_out_everywhere",
        actor="person",
        now=now,
        secret=secret,
        person=user.id,
        details={"revoked": revoked},
    )
    return revoked
