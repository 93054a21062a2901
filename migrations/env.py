"""Alembic environment: one history, online migrations over pg8000."""

from __future__ import annotations

import os

from alembic import context

from shared.db.models import metadata
from shared.db.session import make_engine


def run_migrations_online() -> None:
    url = context.config.attributes.get("database_url") or os.environ["BOUSSOLE_DATABASE_URL"]
    engine = make_engine(url, pool_size=1, max_overflow=0)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
run_migrations_online()
