"""One Alembic history: up, down and up again on an empty database; the models match the migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from shared.db.migrate import current_heads, downgrade, upgrade
from shared.db.models import metadata
from shared.db.session import make_engine

SEED_TABLES = {
    "users",
    "ltm_memories",
    "events",
    "user_settings",
    "user_goals",
    "tasks",
    "ai_tasks",
    "task_results",
    "grocery_items",
    "expenses",
    "expense_categories",
    "notes",
    "locations",
    "recipes",
    "recipe_ingredients",
    "recipe_instructions",
    "agent_logs",
}
# Every table the models declare, which the migrations must create (the seed's, then what issues added).
MODEL_TABLES = {t.name for t in metadata.sorted_tables}
CREATED_AFTER_0001 = {
    *("budget_alerts", "note_chunks", "audit_events", "api_tokens"),  # 0008, 0013, 0015, 0016
    *("credentials", "recovery_codes", "refresh_tokens"),  # 0018
    "data_keys",  # 0019
}
HEAD = max(
    p.name.split("_")[0] for p in (Path(__file__).resolve().parents[2] / "migrations" / "versions").glob("0*.py")
)


@pytest.fixture()
def fresh_url(postgres):
    postgres.drop_database("boussole_migrations")
    url = postgres.create_database("boussole_migrations")
    yield url
    postgres.drop_database("boussole_migrations")


def _tables(url: str) -> set[str]:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _extensions(url: str) -> set[str]:
    from sqlalchemy import text

    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.execute(text("SELECT extname FROM pg_extension"))}
    finally:
        engine.dispose()


class TestMigrations:
    def test_upgrade_downgrade_upgrade_on_an_empty_database(self, fresh_url):
        assert _tables(fresh_url) == set()

        upgrade(fresh_url)
        assert _tables(fresh_url) == MODEL_TABLES
        assert SEED_TABLES <= MODEL_TABLES
        assert "vector" in _extensions(fresh_url)
        assert current_heads(fresh_url) == {HEAD}

        downgrade(fresh_url, "0001")  # back to the seed: later tables go, the seed's stay
        assert _tables(fresh_url) == MODEL_TABLES - CREATED_AFTER_0001
        assert current_heads(fresh_url) == {"0001"}

        downgrade(fresh_url, "base")
        assert _tables(fresh_url) == set()
        assert "vector" not in _extensions(fresh_url)

        upgrade(fresh_url)
        assert _tables(fresh_url) == MODEL_TABLES

    def test_models_and_migrations_agree(self, database_url):
        """Autogenerate finds nothing to do: every model change comes with its migration."""
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        engine = make_engine(database_url, pool_size=1, max_overflow=0)
        try:
            with engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        finally:
            engine.dispose()
        assert diff == []

    def test_embedding_column_is_a_pgvector(self, database_url):
        engine = make_engine(database_url, pool_size=1, max_overflow=0)
        try:
            cols = {c["name"]: c for c in inspect(engine).get_columns("ltm_memories")}
        finally:
            engine.dispose()
        assert str(cols["embedding"]["type"]).upper().startswith("VECTOR")
