"""Real Postgres for the expenses tests: a session rolled back after each test, and people to spend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from shared.users.models import User

NOW = datetime(2026, 3, 10, 13, 0, tzinfo=ZoneInfo("UTC"))  # Tuesday 10 March 2026, 14:00 in Paris


def person(session: Session, phone: str | None, lang: str = "fr", zone: str = "Europe/Paris") -> User:
    user_id = session.execute(
        text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, :z) RETURNING id"),
        {"p": phone, "l": lang, "z": zone},
    ).scalar_one()
    user = session.get(User, user_id)
    assert user is not None
    return user


@pytest.fixture()
def session(clean_db) -> Iterator[Session]:
    with Session(clean_db, expire_on_commit=False) as s:
        yield s
        s.rollback()


@pytest.fixture()
def me(session: Session) -> User:
    return person(session, "+33600000001")


@pytest.fixture()
def other(session: Session) -> User:
    return person(session, "+14155550002", lang="en", zone="America/New_York")
