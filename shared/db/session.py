"""Engine and unit of work: services never commit; the edge does, then releases queued work."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from shared.db import dsn, rls

TIMESTAMPTZ_OID = 1184


def timestamptz_in(data: str) -> Any:
    """Postgres' text form of a timestamptz, read without strptime (pg8000's reader costs ~20 µs a value; a
    page of reminders has hundreds). Anything unusual goes to pg8000's own reader."""
    try:
        return datetime.fromisoformat(data)
    except ValueError:
        from pg8000.converters import timestamptz_in as slow

        return slow(data)


def memoise_paramstyle() -> None:
    """pg8000 turns SQLAlchemy's `%s` placeholders into `$n` by scanning each statement character by character in
    Python, on every execution: about 0.8 ms for a long statement such as the memory search. In the "format"
    style the result depends on the statement's text alone, so it is kept (bounded cache; the values are passed
    through untouched, exactly as pg8000 does). Other styles go to pg8000's own function."""
    import pg8000.dbapi

    original = pg8000.dbapi.convert_paramstyle
    if getattr(original, "memoised", False):
        return

    @functools.lru_cache(maxsize=2048)
    def converted(query: str) -> str:
        statement: str = original("format", query, ())[0]
        return statement

    def convert_paramstyle(style: str, query: str, args: Any) -> tuple[str, Any]:
        if style == "format":
            return converted(query), args
        result: tuple[str, Any] = original(style, query, args)
        return result

    convert_paramstyle.memoised = True  # type: ignore[attr-defined]
    convert_paramstyle.original = original  # type: ignore[attr-defined]
    pg8000.dbapi.convert_paramstyle = convert_paramstyle


def make_engine(url: str, *, pool_size: int = 2, max_overflow: int = 4, echo: bool = False) -> Engine:
    """A pg8000 engine; connection arguments come from shared.db.dsn so the webhook and the ORM agree."""
    kwargs = dsn.pg8000_kwargs(url)

    memoise_paramstyle()

    def creator() -> Any:
        import pg8000.dbapi

        connection = pg8000.dbapi.connect(**kwargs)
        connection.register_in_adapter(TIMESTAMPTZ_OID, timestamptz_in)
        return connection

    return create_engine(
        "postgresql+pg8000://",
        creator=creator,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        pool_recycle=300,
        echo=echo,
    )


class UnitOfWork:
    """One transaction. `after_commit` callbacks run only once the commit succeeded."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, fn: Callable[[], None]) -> None:
        self._after_commit.append(fn)

    def run_after_commit(self) -> None:
        callbacks, self._after_commit = self._after_commit, []
        for fn in callbacks:
            fn()


@contextmanager
def unit_of_work(engine: Engine, *, scope: rls.Scope | None = None) -> Iterator[UnitOfWork]:
    """Commit on clean exit, roll back on error; queued callbacks run after a successful commit. With a `scope`
    the transaction runs under row-level security (shared.db.rls); without, as the connection's own user."""
    session = Session(engine, expire_on_commit=False, autoflush=True)
    if scope is not None:
        rls.enforce(session, scope)
    uow = UnitOfWork(session)
    try:
        yield uow
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    uow.run_after_commit()
