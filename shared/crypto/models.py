"""Each person's data keys, wrapped by the key-encryption key. Deleting the person deletes them (ON DELETE
CASCADE), which makes every value sealed under them unreadable at once: crypto-shredding. A database backup
still holds the wrapped keys (and the sealed values) until it expires (Settings.backup_retention_days)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, CreatedMixin, IdMixin


class DataKey(IdMixin, CreatedMixin, Base):
    __tablename__ = "data_keys"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # sealed values name the version they need
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)  # the data key encrypted by the KEK
    kek_id: Mapped[str] = mapped_column(String(300))  # which KEK wrapped it: a KMS key ARN or "local:N"
    rewrapped_at: Mapped[datetime | None]
