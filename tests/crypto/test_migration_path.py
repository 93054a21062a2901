"""Migration 0019 on a database that already holds plaintext: nothing is lost, search keeps working, the
backfill seals the rows, and --open brings them back before a downgrade."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from shared.crypto.backfill import backfill
from shared.crypto.envelope import PREFIX
from shared.db.migrate import downgrade, upgrade
from shared.db.session import make_engine, unit_of_work
from shared.memory import service as memory
from shared.notes import service as notes
from shared.users.models import User

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.fixture()
def old_url(postgres):
    postgres.drop_database("boussole_crypto_migration")
    url = postgres.create_database("boussole_crypto_migration")
    yield url
    postgres.drop_database("boussole_crypto_migration")


def test_plaintext_rows_survive_0019_and_the_backfill_seals_them(old_url, local_keyring):
    upgrade(old_url, "0017")
    engine = make_engine(old_url, pool_size=1, max_overflow=0)
    try:
        with engine.begin() as conn:
            user_id = conn.execute(
                text(
                    "INSERT INTO users (phone, language, timezone) VALUES ('+33611112222', 'fr', 'Europe/Paris') RETURNING id"
                )
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO ltm_memories (user_id, content, language) VALUES (:u, 'le code du portail est 4521', 'fr')"
                ),
                {"u": user_id},
            )
            conn.execute(
                text("INSERT INTO notes (user_id, title, body) VALUES (:u, 'Wifi', 'chez mamie Livebox-8F2A')"),
                {"u": user_id},
            )
        upgrade(old_url, "head")
        with engine.connect() as conn:  # text and derived vectors kept as they were
            assert conn.execute(text("SELECT content, search IS NOT NULL FROM ltm_memories")).one() == (
                "le code du portail est 4521",
                True,
            )
            assert conn.execute(text("SELECT body, search IS NOT NULL FROM notes")).one() == (
                "chez mamie Livebox-8F2A",
                True,
            )

        assert backfill(engine) == {"expenses": 0, "ltm_memories": 1, "note_chunks": 0, "notes": 2}
        with engine.connect() as conn:
            sealed = (
                conn.execute(
                    text(
                        "SELECT content FROM ltm_memories UNION ALL SELECT title FROM notes UNION ALL SELECT body FROM notes"
                    )
                )
                .scalars()
                .all()
            )
        assert all(v.startswith(PREFIX) for v in sealed) and not any("4521" in v or "Livebox" in v for v in sealed)
        with unit_of_work(engine) as uow:
            user = uow.session.get(User, user_id)
            assert memory.search(uow.session, user=user, now=NOW, query="portail", embedder=None)[0].content == (
                "le code du portail est 4521"
            )
            assert [n.body for n in notes.find(uow.session, user=user, query="livebox")] == ["chez mamie Livebox-8F2A"]

        backfill(engine, reverse=True)  # before going back to 0017
        downgrade(old_url, "0017")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT content FROM ltm_memories")).scalar_one() == "le code du portail est 4521"
            assert (
                conn.execute(
                    text("SELECT count(*) FROM notes WHERE search @@ to_tsquery('simple', 'livebox')")
                ).scalar_one()
                == 1
            )
    finally:
        engine.dispose()
