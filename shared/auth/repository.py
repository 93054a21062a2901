"""Accounts and tokens: the only SQL about credentials, recovery codes, refresh and personal tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from shared.auth.models import ApiToken, Credential, RecoveryCode, RefreshToken


def add(session: Session, token: ApiToken) -> ApiToken:
    session.add(token)
    session.flush()
    return token


def by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).one_or_none()


def of_user(session: Session, user_id: uuid.UUID) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at.desc()))
    )


def get_for_user(session: Session, user_id: uuid.UUID, token_id: uuid.UUID) -> ApiToken | None:
    return session.scalars(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)).one_or_none()


def used(session: Session, token_id: uuid.UUID, now: datetime) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


# --- credentials -----------------------------------------------------------------------------------------
def credential(session: Session, user_id: uuid.UUID, *, for_update: bool = False) -> Credential | None:
    query = select(Credential).where(Credential.user_id == user_id)
    return session.scalars(query.with_for_update() if for_update else query).one_or_none()


def add_credential(session: Session, row: Credential) -> Credential:
    session.add(row)
    session.flush()
    return row


def accept_step(session: Session, user_id: uuid.UUID, step: int) -> bool:
    """Record `step` as the last TOTP step used, unless one as late was already used (a race loses)."""
    done = session.execute(
        update(Credential)
        .where(
            Credential.user_id == user_id,
            (Credential.totp_last_step.is_(None)) | (Credential.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


# --- recovery codes --------------------------------------------------------------------------------------
def replace_recovery_codes(session: Session, user_id: uuid.UUID, digests: list[str], now: datetime) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, code_hash=d, created_at=now) for d in digests)
    session.flush()


def use_recovery_code(session: Session, user_id: uuid.UUID, digest: str, now: datetime) -> bool:
    """Spend the unused code with this digest; False when there is none."""
    done = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == digest, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def recovery_codes_left(session: Session, user_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def drop_recovery_codes(session: Session, user_id: uuid.UUID) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


# --- refresh tokens --------------------------------------------------------------------------------------
def add_refresh(session: Session, row: RefreshToken) -> RefreshToken:
    session.add(row)
    session.flush()
    return row


def refresh_by_hash(session: Session, token_hash: str) -> RefreshToken | None:
    """The row, locked: two uses of one token are decided one after the other."""
    return session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    ).one_or_none()


def revoke_family(session: Session, user_id: uuid.UUID, family_id: uuid.UUID, now: datetime) -> int:
    done = session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]


def revoke_all_refresh(session: Session, user_id: uuid.UUID, now: datetime) -> int:
    done = session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]
