"""Places that matter to the person (where the keys are, the pharmacy, the doctor's office).

A place has a name (unique per person, accents and case aside: saying it again updates it), an address as
written, and a kind (KINDS). Its last and next visit come from the events linked to it.
"""

from __future__ import annotations

import uuid
from typing import Literal, get_args

from sqlalchemy import CheckConstraint, Computed, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, IdMixin, TimestampsMixin

# Accents folded the same way as shared.brains.offline._lexicon.fold (see shared/reminders/models.py).
ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED_NAME = f"translate(lower(name), '{ACCENTED}', '{PLAIN}')"

Kind = Literal[
    "home",
    "work",
    "family",
    "friend",
    "doctor",
    "dentist",
    "health",
    "pharmacy",
    "hospital",
    "shop",
    "restaurant",
    "school",
    "gym",
    "bank",
    "services",
    "leisure",
    "transport",
    "other",
]
KINDS: tuple[Kind, ...] = get_args(Kind)


class Location(IdMixin, TimestampsMixin, Base):
    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in KINDS)})", name="kind"),
        Index("uq_locations_user_id_name_folded", "user_id", "name_folded", unique=True),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(Text, Computed(FOLDED_NAME, persisted=True))
    address: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="other", server_default="other")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
