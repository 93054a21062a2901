"""Real Postgres for the expenses tests: a session rolled back after each test, and people to spend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from shared.users.models import User
from tests.helpers import person


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
