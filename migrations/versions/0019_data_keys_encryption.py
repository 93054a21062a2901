"""Envelope encryption at rest: each person's data keys (wrapped by the key-encryption key) in data_keys; the
full-text vectors of memories, note chunks and notes become plain columns computed from the plaintext when a
row is written (their text is sealed, so Postgres can no longer generate them); the expense replay guard moves
from a unique index over the description (sealed with a random nonce) to an id derived under the person's key.

Existing rows keep their text and their vectors (DROP EXPRESSION keeps the values): they stay readable as they
are, and `python -m shared.crypto.backfill` seals them. Downgrading keeps sealed values sealed: run
`python -m shared.crypto.backfill --open` first to bring them back to plaintext.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"
FOLDED = f"translate(lower(content), '{ACCENTED}', '{PLAIN}')"
MEMORY_SEARCH = (
    "setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig"
    f" ELSE 'simple'::regconfig END, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {FOLDED}), 'B')"
    " || setweight(array_to_tsvector(tags), 'A')"
)
CHUNK_SEARCH = (
    f"setweight(to_tsvector('french'::regconfig, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('english'::regconfig, {FOLDED}), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, {FOLDED}), 'B')"
)
NOTE_SEARCH = (
    f"setweight(to_tsvector('simple'::regconfig, translate(lower(title), '{ACCENTED}', '{PLAIN}')), 'A')"
    " || setweight(array_to_tsvector(tags), 'A')"
    f" || setweight(to_tsvector('simple'::regconfig, translate(lower(body), '{ACCENTED}', '{PLAIN}')), 'B')"
)
SEARCHES = {"ltm_memories": MEMORY_SEARCH, "note_chunks": CHUNK_SEARCH, "notes": NOTE_SEARCH}


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("kek_id", sa.String(length=300), nullable=False),
        sa.Column("rewrapped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_data_keys_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_keys")),
        sa.UniqueConstraint("user_id", "version", name=op.f("uq_data_keys_user_id_version")),
    )
    for table in SEARCHES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search DROP EXPRESSION")
    op.drop_index("uq_expenses_source_message_amount", table_name="expenses")
    op.drop_index("ix_notes_user_id_title", table_name="notes")  # titles are sealed: ordered in Python now


def downgrade() -> None:
    op.create_index("ix_notes_user_id_title", "notes", ["user_id", "title"])
    op.create_index(
        "uq_expenses_source_message_amount",
        "expenses",
        ["source_message_id", "amount", "currency", sa.text("md5(coalesce(description, ''))")],
        unique=True,
    )
    for table, expression in SEARCHES.items():
        index = f"ix_{table}_search"
        op.drop_index(index, table_name=table)
        op.drop_column(table, "search")
        op.execute(f"ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS ({expression}) STORED")
        op.create_index(index, table, ["search"], postgresql_using="gin")
    op.drop_table("data_keys")
