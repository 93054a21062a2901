"""The emulator's HTTP server closes slow, silent and half-open connections and caps how many it holds:
raw sockets against a real uvicorn server built by `local.emulator.uvicorn_server`, with short limits so each
test takes a few seconds (the last test checks the emulator's own defaults on its real app)."""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from local.emulator import KEEP_ALIVE_TIMEOUT, READ_TIMEOUT, free_port, uvicorn_server

READ = 1.0  # the test servers' read deadline, seconds
KEEP_ALIVE = 1  # and their keep-alive timeout
CAP = 8  # and their connection cap


async def echo_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Reads the whole body, sleeps when asked (?sleep=1.5), and echoes the body's length."""
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    if scope["query_string"].startswith(b"sleep="):
        await asyncio.sleep(float(scope["query_string"][6:]))
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


@dataclass
class Server:
    port: int
    server: Any

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(app: Any, **limits: Any) -> Iterator[Server]:
    port = free_port()
    server = uvicorn_server(app, port, **limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    try:
        yield Server(port, server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(params=["httptools", "h11"])
def guarded(request: pytest.FixtureRequest) -> Iterator[Server]:
    """A test server with short limits, on each of uvicorn's two HTTP/1.1 protocols."""
    limits = {"read_timeout": READ, "keep_alive_timeout": KEEP_ALIVE, "max_connections": CAP}
    with serving(echo_app, http=request.param, **limits) as server:
        yield server


@pytest.fixture()
def httptools_server() -> Iterator[Server]:
    with serving(echo_app, read_timeout=READ, keep_alive_timeout=KEEP_ALIVE, max_connections=CAP) as server:
        yield server


def closed_after(sock: socket.socket, limit: float) -> tuple[float, bytes]:
    """Seconds until the server closes `sock` (EOF or reset), and what it sent before; fails after `limit`."""
    start = time.monotonic()
    received = b""
    sock.settimeout(limit)
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"still open after {limit} s; received {received[:200]!r}")
    return time.monotonic() - start, received


def request(path: str = "/", body: bytes = b"") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def read_response(sock: socket.socket) -> bytes:
    """One response with a content-length body, from a kept-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))[15:])
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


class TestSlowAndHalfOpenConnections:
    def test_a_client_that_connects_and_says_nothing_is_disconnected(self, guarded):
        with guarded.connect() as sock:
            elapsed, received = closed_after(sock, READ + 2)
        assert elapsed >= READ * 0.8 and received == b""  # not before its time, and nothing to answer to

    def test_headers_sent_a_byte_at_a_time_are_cut_off_with_a_408(self, guarded):
        drip = b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 1000
        with guarded.connect() as sock:
            start = time.monotonic()
            for byte in drip:  # slowloris: each byte alone, never the end of the headers
                if select.select([sock], [], [], 0.05)[0]:
                    break
                with contextlib.suppress(OSError):
                    sock.send(bytes([byte]))
            _, received = closed_after(sock, 2)
        assert time.monotonic() - start < READ + 2
        assert received.startswith(b"HTTP/1.1 408 ")

    def test_a_body_that_stops_midway_is_cut_off(self, guarded):
        with guarded.connect() as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
            elapsed, _ = closed_after(sock, READ + 2)
        assert elapsed >= READ * 0.8

    def test_a_chunked_body_that_never_ends_is_cut_off(self, guarded):
        with guarded.connect() as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            closed_after(sock, READ + 2)

    def test_an_idle_kept_alive_connection_is_closed(self, guarded):
        with guarded.connect() as sock:
            sock.sendall(request(body=b"hi"))
            assert read_response(sock).endswith(b"\r\n\r\n2")
            _, received = closed_after(sock, KEEP_ALIVE + 2)
        assert received == b""

    def test_a_second_request_dripping_on_a_kept_alive_connection_is_cut_off(self, guarded):
        """uvicorn's keep-alive timer restarts on every byte: only the read deadline ends this one."""
        with guarded.connect() as sock:
            sock.sendall(request())
            read_response(sock)
            start = time.monotonic()
            for byte in b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 1000:
                if select.select([sock], [], [], 0.05)[0]:
                    break
                with contextlib.suppress(OSError):
                    sock.send(bytes([byte]))
            closed_after(sock, 2)
        assert time.monotonic() - start < READ + 2

    def test_a_request_over_the_size_cap_gets_413(self):
        with serving(echo_app, read_timeout=5, max_request_bytes=4096) as server:
            with server.connect() as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 8192)
                _, received = closed_after(sock, 2)
            assert received.startswith(b"HTTP/1.1 413 ")


class TestTheNormalPathIsUntouched:
    def test_an_app_slower_than_the_read_deadline_still_answers(self, guarded):
        """The deadline covers reading the request, not the app's work on it."""
        r = httpx.post(guarded.url + "/?sleep=" + str(READ * 1.5), content=b"abc", timeout=10)
        assert r.status_code == 200 and r.text == "3"

    def test_many_requests_on_one_kept_alive_connection_across_several_deadlines(self, guarded):
        with httpx.Client(base_url=guarded.url, timeout=5) as client:
            deadline = time.monotonic() + READ * 2.5
            count = 0
            while time.monotonic() < deadline:
                assert client.post("/", content=b"x" * 100).text == "100"
                count += 1
                time.sleep(0.01)
        assert count > 20

    def test_a_body_sent_in_pieces_within_the_deadline_is_read(self, guarded):
        with guarded.connect() as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 30\r\n\r\n")
            for _ in range(3):
                time.sleep(READ / 5)
                sock.sendall(b"x" * 10)
            assert read_response(sock).endswith(b"\r\n\r\n30")


def open_connections(server: Server) -> int:
    return len(server.server.server_state.connections)


def wait_for(condition: Any, timeout: float) -> float:
    """Seconds until `condition()` holds; fails after `timeout`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - start


class TestTheConnectionCap:
    def flood(self, server: Server, n: int) -> list[socket.socket]:
        """`n` connections that say nothing, once the server holds them all (or has dropped those beyond its cap)."""
        socks = [server.connect() for _ in range(n)]
        wait_for(lambda: open_connections(server) >= min(n, 2 * CAP), 5)
        return socks

    def test_beyond_the_cap_requests_get_a_quick_503(self, httptools_server):
        socks = self.flood(httptools_server, CAP + 2)
        try:
            start = time.monotonic()
            r = httpx.get(httptools_server.url, timeout=5)
            assert r.status_code == 503 and time.monotonic() - start < 1
        finally:
            for s in socks:
                s.close()

    def test_far_beyond_the_cap_new_connections_are_dropped_at_once(self, httptools_server):
        socks = self.flood(httptools_server, 2 * CAP + 5)
        try:
            assert open_connections(httptools_server) <= 2 * CAP + 1
            start = time.monotonic()
            with pytest.raises(httpx.TransportError):
                httpx.get(httptools_server.url, timeout=5)
            assert time.monotonic() - start < 1
        finally:
            for s in socks:
                s.close()

    def test_requests_work_again_as_soon_as_the_flood_stops(self, httptools_server):
        socks = self.flood(httptools_server, 3 * CAP)
        for s in socks:
            s.close()
        assert wait_for(lambda: open_connections(httptools_server) == 0, 2) < 1
        assert httpx.post(httptools_server.url, content=b"ok", timeout=5).text == "2"

    def test_a_flood_left_open_is_cleared_by_the_read_deadline(self, httptools_server):
        socks = self.flood(httptools_server, 3 * CAP)
        try:
            assert wait_for(lambda: open_connections(httptools_server) == 0, READ + 2) > READ * 0.8
            assert httpx.post(httptools_server.url, content=b"ok", timeout=5).text == "2"
        finally:
            for s in socks:
                s.close()


def test_the_emulator_defaults_close_slow_clients_on_its_real_app_within_a_few_seconds(emulator):
    """The limits the emulator really runs with: a silent client, a slowloris and a stalled webhook body, at once."""
    assert READ_TIMEOUT <= 10 and KEEP_ALIVE_TIMEOUT <= 10
    port = int(emulator.base_url.rsplit(":", 1)[1])
    silent = socket.create_connection(("127.0.0.1", port))
    stalled = socket.create_connection(("127.0.0.1", port))
    stalled.sendall(
        b"POST /sms/inbound HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 500\r\n\r\nFrom=%2B336"
    )
    dripping = socket.create_connection(("127.0.0.1", port))
    start = time.monotonic()
    for byte in b"GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 1000:
        if select.select([dripping], [], [], 0.1)[0] or time.monotonic() - start > READ_TIMEOUT + 3:
            break
        with contextlib.suppress(OSError):
            dripping.send(bytes([byte]))
    for sock in (silent, stalled, dripping):
        with sock:
            closed_after(sock, max(0.5, READ_TIMEOUT + 3 - (time.monotonic() - start)))
    assert emulator.http.get("/v1/health").status_code == 200  # and the server is fine
