"""A person (or two) and a transaction on the real Postgres, for service tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from shared.db.session import unit_of_work
from shared.users.models import User

NOW = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


@pytest.fixture()
def people(clean_db: Any) -> dict[str, Any]:
    """Two people, inserted with plain SQL (test data, not the code under test)."""
    ids = {}
    with clean_db.begin() as conn:
        for name, phone, lang, zone in (
            ("ana", "+33611112222", "fr", "Europe/Paris"),
            ("bob", "+14155550000", "en", "America/New_York"),
        ):
            ids[name] = conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, :z) RETURNING id"),
                {"p": phone, "l": lang, "z": zone},
            ).scalar_one()
    return ids


@pytest.fixture()
def db(clean_db: Any, people: dict[str, Any]) -> Iterator[Any]:
    """One transaction, committed at the end (like the edge does); `db.ana`, `db.bob` are the people."""

    class Db:
        pass

    with unit_of_work(clean_db) as uow:
        box = Db()
        box.session = uow.session  # type: ignore[attr-defined]
        box.ana = uow.session.get(User, people["ana"])  # type: ignore[attr-defined]
        box.bob = uow.session.get(User, people["bob"])  # type: ignore[attr-defined]
        yield box
