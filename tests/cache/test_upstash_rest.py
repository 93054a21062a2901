"""The real upstash_redis client, unchanged, against local/upstash_rest.py over a real Redis."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from upstash_redis import Redis
from upstash_redis.errors import UpstashError

from shared.cache.adapters.upstash import UpstashCache
from tests.cache.conftest import TOKEN


@pytest.fixture(params=["base64", None], ids=["base64", "plain"])
def client(request: pytest.FixtureRequest, upstash_url: str) -> Iterator[Redis]:
    encoding = request.param
    with Redis(upstash_url, TOKEN, rest_encoding=encoding, rest_retries=0, allow_telemetry=False) as redis:
        yield redis


@pytest.fixture
def http(upstash_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=upstash_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5) as raw:
        yield raw


class TestStrings:
    def test_set_then_get_returns_the_value(self, client: Redis) -> None:
        assert client.set("greeting", "bonjour") is True
        assert client.get("greeting") == "bonjour"

    def test_missing_key_reads_as_none(self, client: Redis) -> None:
        assert client.get("nothing-here") is None

    def test_non_ascii_values_round_trip(self, client: Redis) -> None:
        client.set("drink", "café ☕")
        assert client.get("drink") == "café ☕"

    def test_a_value_spelled_ok_survives_base64_mode(self, client: Redis) -> None:
        client.set("status", "OK")
        assert client.get("status") == "OK"

    def test_set_with_ex_sets_a_ttl(self, client: Redis) -> None:
        client.set("session", "s", ex=60)
        assert 0 < client.ttl("session") <= 60

    def test_set_nx_refuses_an_existing_key(self, client: Redis) -> None:
        assert client.set("lock", "first", nx=True) is True
        assert client.set("lock", "second", nx=True) is False
        assert client.get("lock") == "first"

    def test_expire_and_ttl_report_redis_conventions(self, client: Redis) -> None:
        client.set("k", "v")
        assert client.ttl("k") == -1
        assert client.expire("k", 30) is True
        assert 0 < client.ttl("k") <= 30
        assert client.expire("absent", 30) is False
        assert client.ttl("absent") == -2

    def test_incr_counts_from_zero(self, client: Redis) -> None:
        assert client.incr("hits") == 1
        assert client.incr("hits") == 2

    def test_delete_returns_how_many_keys_went(self, client: Redis) -> None:
        client.set("a", "1")
        client.set("b", "2")
        assert client.delete("a", "b", "c") == 2

    def test_ping(self, client: Redis) -> None:
        assert client.ping() == "PONG"


class TestBatches:
    def test_pipeline_returns_each_result_in_order(self, client: Redis) -> None:
        pipe = client.pipeline()
        pipe.set("p", "café")
        pipe.incr("n")
        pipe.get("p")
        assert pipe.exec() == [True, 1, "café"]

    def test_multi_exec_runs_a_transaction(self, client: Redis) -> None:
        tx = client.multi()
        tx.set("t", "0", nx=True, ex=60)
        tx.incr("t")
        tx.xadd("events", "*", {"body": "salut ☕"})
        ok, count, entry_id = tx.exec()
        assert (ok, count) == (True, 1)
        assert client.xrange("events") == [[entry_id, ["body", "salut ☕"]]]

    def test_a_failing_pipeline_command_fails_exec_but_the_others_ran(self, client: Redis) -> None:
        client.set("text", "abc")
        pipe = client.pipeline()
        pipe.set("ran", "yes")
        pipe.incr("text")  # WRONGTYPE-like runtime error
        with pytest.raises(UpstashError, match="not an integer"):
            pipe.exec()
        assert client.get("ran") == "yes"

    def test_a_queue_time_error_aborts_the_whole_transaction(self, client: Redis) -> None:
        tx = client.multi()
        tx.set("never", "written")
        tx.execute(["NOSUCHCOMMAND", "x"])
        with pytest.raises(UpstashError):
            tx.exec()
        assert client.get("never") is None


class TestErrors:
    def test_wrong_token_raises_in_the_client(self, upstash_url: str) -> None:
        with (
            Redis(upstash_url, "wrong", rest_retries=0, allow_telemetry=False) as intruder,
            pytest.raises(UpstashError, match="Unauthorized"),
        ):
            intruder.get("k")

    def test_invalid_command_raises_in_the_client(self, client: Redis) -> None:
        with pytest.raises(UpstashError, match="unknown command"):
            client.execute(["NOSUCHCOMMAND", "x"])

    def test_wrong_arity_raises_in_the_client(self, client: Redis) -> None:
        with pytest.raises(UpstashError, match="wrong number of arguments"):
            client.execute(["GET"])


class TestWireFormat:
    """What the real service sends, checked byte by byte with a plain HTTP client."""

    def test_health_needs_no_token(self, upstash_url: str) -> None:
        assert httpx.get(upstash_url).json() == {"service": "upstash-rest-local", "redis": True}

    def test_missing_token_is_a_401_json_error(self, upstash_url: str) -> None:
        response = httpx.post(upstash_url, json=["GET", "k"])
        assert response.status_code == 401
        assert response.json() == {"error": "Unauthorized"}

    def test_command_error_is_a_400_with_the_redis_message(self, http: httpx.Client) -> None:
        response = http.post("/", json=["GET"])
        assert response.status_code == 400
        assert response.json()["error"].startswith("ERR wrong number of arguments")

    def test_malformed_bodies_are_400s(self, http: httpx.Client) -> None:
        assert http.post("/", content=b"{not json").status_code == 400
        assert http.post("/", json={"cmd": "GET"}).status_code == 400
        assert http.post("/", json=["SET", "k", True]).status_code == 400
        assert http.post("/pipeline", json=[]).status_code == 400

    def test_connection_state_commands_are_refused(self, http: httpx.Client) -> None:
        response = http.post("/", json=["MULTI"])
        assert response.status_code == 400
        assert http.post("/", json=["PING"]).json() == {"result": "PONG"}  # the pooled connection is fine

    def test_numbers_in_the_body_are_passed_as_numbers(self, http: httpx.Client) -> None:
        assert http.post("/", json=["SET", "n", 5, "EX", 60]).json() == {"result": "OK"}
        assert http.post("/", json=["INCRBY", "n", 2]).json() == {"result": 7}
        assert http.post("/", json=["INCRBYFLOAT", "f", 1.5]).json() == {"result": "1.5"}

    def test_plain_encoding_returns_utf8_text(self, http: httpx.Client) -> None:
        http.post("/", json=["SET", "drink", "café ☕"])
        assert http.post("/", json=["GET", "drink"]).json() == {"result": "café ☕"}

    def test_base64_encodes_strings_even_nested_but_not_numbers_or_ok(self, http: httpx.Client) -> None:
        b64 = {"Upstash-Encoding": "base64"}
        assert http.post("/", json=["SET", "drink", "café ☕"], headers=b64).json() == {"result": "OK"}
        encoded = base64.b64encode("café ☕".encode()).decode()
        assert http.post("/", json=["GET", "drink"], headers=b64).json() == {"result": encoded}
        http.post("/", json=["RPUSH", "list", "a", "é"])
        assert http.post("/", json=["LRANGE", "list", 0, -1], headers=b64).json() == {
            "result": [base64.b64encode(b"a").decode(), base64.b64encode("é".encode()).decode()]
        }
        assert http.post("/", json=["LLEN", "list"], headers=b64).json() == {"result": 2}
        assert http.post("/", json=["GET", "absent"], headers=b64).json() == {"result": None}

    def test_pipeline_answers_one_object_per_command(self, http: httpx.Client) -> None:
        http.post("/", json=["SET", "text", "abc"])
        response = http.post("/pipeline", json=[["INCR", "n"], ["INCR", "text"], ["GET", "text"]])
        assert response.status_code == 200
        first, second, third = response.json()
        assert first == {"result": 1}
        assert second["error"].startswith("ERR value is not an integer")
        assert third == {"result": "abc"}

    def test_multi_exec_runtime_errors_stay_per_command(self, http: httpx.Client) -> None:
        http.post("/", json=["SET", "text", "abc"])
        response = http.post("/multi-exec", json=[["INCR", "text"], ["SET", "after", "yes"]])
        assert response.status_code == 200
        assert "error" in response.json()[0]
        assert response.json()[1] == {"result": "OK"}


class TestAdapterTimeout:
    def test_connect_sets_a_real_http_timeout(self) -> None:
        # A listening socket that never accepts: the TCP handshake completes, no answer ever comes.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            url = f"http://127.0.0.1:{silent.getsockname()[1]}"
            cache = UpstashCache.connect(url, TOKEN, timeout_seconds=0.3)
            started = time.monotonic()
            with pytest.raises(httpx.TimeoutException):
                cache.get("k")
            assert time.monotonic() - started < 2
            assert cache.ping() is False
            cache.close()
