"""Events and places: what issue 11 needs

Events always end (ends_at filled, then NOT NULL), link to a known place (location_id), remember the SMS
that added them (a replayed turn adds nothing twice), and are found by end as well as by start (what
overlaps a day). Places get a kind and a folded name, unique per person (saying a place again updates it).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
KINDS = (
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
)


def upgrade() -> None:
    # --- places ---
    op.add_column("locations", sa.Column("kind", sa.String(length=16), server_default="other", nullable=False))
    op.create_check_constraint(op.f("ck_locations_kind"), "locations", f"kind IN ({', '.join(repr(k) for k in KINDS)})")
    op.add_column(
        "locations",
        sa.Column(
            "name_folded",
            sa.Text(),
            sa.Computed(f"translate(lower(name), '{ACCENTED}', '{PLAIN}')", persisted=True),
            nullable=True,
        ),
    )
    op.create_index("uq_locations_user_id_name_folded", "locations", ["user_id", "name_folded"], unique=True)

    # --- events ---
    op.execute("UPDATE events SET ends_at = starts_at + interval '1 hour' WHERE ends_at IS NULL")
    op.alter_column("events", "ends_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.add_column("events", sa.Column("location_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_events_location_id_locations"), "events", "locations", ["location_id"], ["id"], ondelete="SET NULL"
    )
    op.add_column("events", sa.Column("source_message_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_events_source_message_id_messages"),
        "events",
        "messages",
        ["source_message_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index("ix_events_user_id_ends_at", "events", ["user_id", "ends_at"])
    op.create_index(
        "ix_events_user_id_location_id_starts_at",
        "events",
        ["user_id", "location_id", "starts_at"],
        postgresql_where=sa.text("location_id IS NOT NULL"),
    )
    op.create_index(
        "uq_events_source_message_start_title",
        "events",
        ["source_message_id", "starts_at", sa.text("md5(title)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_events_source_message_start_title", table_name="events")
    op.drop_index("ix_events_user_id_location_id_starts_at", table_name="events")
    op.drop_index("ix_events_user_id_ends_at", table_name="events")
    op.drop_constraint(op.f("fk_events_source_message_id_messages"), "events", type_="foreignkey")
    op.drop_column("events", "source_message_id")
    op.drop_constraint(op.f("fk_events_location_id_locations"), "events", type_="foreignkey")
    op.drop_column("events", "location_id")
    op.alter_column("events", "ends_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    op.drop_index("uq_locations_user_id_name_folded", table_name="locations")
    op.drop_column("locations", "name_folded")
    op.drop_constraint(op.f("ck_locations_kind"), "locations", type_="check")
    op.drop_column("locations", "kind")
