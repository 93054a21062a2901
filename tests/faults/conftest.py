"""Fault drills need a Postgres they can stop and start without disturbing the rest of the suite: their own
pgserver instance, real Postgres 16, stopped with pg_ctl as an outage would stop it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class StoppablePostgres:
    server: Any  # pgserver.PostgresServer
    data_dir: Path
    url: str

    def stop(self) -> None:
        """An outage: the server goes away at once (connections cut, socket gone)."""
        import pgserver

        pgserver.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self.data_dir, user=self.server.system_user)

    def start(self) -> None:
        self.server.ensure_postgres_running()

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        """Run one statement in its own transaction; its rows, if it returns any."""
        from sqlalchemy import text

        from shared.db.session import make_engine

        engine = make_engine(self.url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(query))
                return [tuple(r) for r in result.all()] if result.returns_rows else []
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def stoppable_postgres(state_dir: Path) -> Iterator[StoppablePostgres]:
    import pgserver

    from local.stack import EmbeddedPostgres
    from shared.db.migrate import upgrade

    data_dir = state_dir / "faults-pg"  # state_dir is readable by the `pgserver` user tests run it as
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    embedded = EmbeddedPostgres(server=server, data_dir=data_dir)
    url = embedded.create_database("boussole_faults")
    upgrade(url)
    pg = StoppablePostgres(server=server, data_dir=data_dir, url=url)
    yield pg
    with contextlib.suppress(Exception):  # already stopped by a drill
        pg.stop()
