"""Personal API tokens: long-lived, scoped, revocable; only a hash of each is stored."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, CreatedMixin, IdMixin


class ApiToken(IdMixin, CreatedMixin, Base):
    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user_id_created_at", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the whole token
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Credential(CreatedMixin, Base):
    """How a person signs in on the web or through the API: their email (on users) and password, and their
    second factor. One per person; people who only text Boussole have none."""

    __tablename__ = "credentials"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, parameters inside the hash
    password_changed_at: Mapped[datetime]
    # TOTP (RFC 6238): the secret sealed at rest; enabled once a first code confirmed it.
    totp_secret: Mapped[str | None] = mapped_column(Text)  # sealed (shared.crypto): never stored in the clear
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # the last time step accepted: never twice


class RecoveryCode(IdMixin, CreatedMixin, Base):
    """Single-use codes for a lost authenticator; only a hash of each is kept."""

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_user_id", "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class RefreshToken(IdMixin, CreatedMixin, Base):
    """Rotating refresh tokens (RFC 9700 §4.14): each use returns a new one in the same family; using one that
    was already used revokes the whole family, since a thief or its owner holds a copy."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_user_id_family_id", "user_id", "family_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    family_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    expires_at: Mapped[datetime]
    family_expires_at: Mapped[datetime]  # a family lives at most this long, however often it is used
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
