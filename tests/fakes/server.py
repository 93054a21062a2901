"""What every fake service shares: a threaded HTTP/1.1 server on 127.0.0.1, kept-alive connections that
stop() cuts, an added latency that stop() releases, JSON answers, and serving from the command line.

A fake subclasses FakeServer and writes ``_serve(handler, raw_body)``: read ``handler.command``,
``handler.path`` and ``handler.headers``, then answer with ``handler.send_json`` (or ``handler.abort``).
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import struct
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a stalled handler must not hold up stop()
    request_queue_size = 1024  # bursts of new connections from a benchmark


class FakeHandler(BaseHTTPRequestHandler):
    fake: FakeServer
    # Keep-alive, as the SDKs' pools (requests, httpx, aiohttp) expect. No idle timeout: closing an idle
    # connection races with a client reusing it; stop() shuts the live ones down instead.
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle + delayed ACK add ~40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.fake._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.fake._track(self.connection, False)

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.fake._serve(self, self.rfile.read(length) if length else b"")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

    def send_json(
        self,
        status: int,
        payload: Any,
        headers: Mapping[str, str] | None = None,
        *,
        content_type: str = "application/json; charset=utf-8",
        ensure_ascii: bool = True,
    ) -> None:
        data = json.dumps(payload, ensure_ascii=ensure_ascii).encode()
        if self.fake._stopping.is_set():
            self.close_connection = True
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (timeout test) or stop() cut the socket

    def send_empty(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        """A response without a body (204 No Content)."""
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            self.close_connection = True

    def abort(self) -> None:
        """Reset the connection (RST, no response), as when a server dies after committing a request."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            # close() would wait for rfile/wfile to let go of the socket; closing the fd now sends RST.
            socket.close(self.connection.detach())

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean


class FakeServer:
    """Start, stop, base_url and the context manager; subclasses answer requests in ``_serve``."""

    name = "fake"
    server_version = "Fake/1.0"

    def __init__(self, *, port: int = 0, latency: float = 0.0) -> None:
        self.port = port
        self.latency = latency
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def _serve(self, handler: FakeHandler, raw: bytes) -> None:
        raise NotImplementedError

    def _starting(self) -> None:
        """Called before the server accepts its first request."""

    def _stopped(self) -> None:
        """Called once the server and its connections are down."""

    def start(self) -> Self:
        attrs = {"fake": self, "server_version": self.server_version}
        self._server = _Server(("127.0.0.1", self.port), type("Handler", (FakeHandler,), attrs))
        self._stopping.clear()
        self._starting()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name=self.name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases stalled and latency-delayed handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self._connections_lock:
            live = list(self._connections)
        for sock in live:  # kept-alive connections would otherwise outlive the server
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
        self._stopped()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _track(self, sock: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            (self._connections.add if alive else self._connections.discard)(sock)

    def _pause(self) -> None:
        if self.latency > 0:
            self._stopping.wait(self.latency)


def serve_until_signalled(fake: FakeServer) -> int:
    """Run a started fake until SIGTERM/SIGINT (for benchmarks that serve it from another process)."""
    done = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"{type(fake).__name__} listening on {fake.base_url}", flush=True)
    try:
        while not done.wait(0.2):
            pass
    finally:
        fake.stop()
    return 0
