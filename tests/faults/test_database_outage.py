"""Fault drills on inbound SMS: Postgres stopped under load (the webhook spills and still answers 200,
everything is stored once afterwards), Postgres and the spill both down (503, nothing lost once Twilio
retries), and a message that arrives both ways (spilled, then retried directly) kept once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from local.twilio_webhook import new_message_sid
from shared.clock import TravelClock
from tests.conftest import make_settings, serve_emulator
from tests.helpers import post_sms

OUTAGE_SECONDS = 60


@pytest.fixture()
def fresh(stoppable_postgres):
    stoppable_postgres.start()
    stoppable_postgres.sql("TRUNCATE messages, jobs, users, outbox, reminders, agent_logs CASCADE")
    return stoppable_postgres


def emulator_on(pg, redis_url, twilio, spill_target: Path, **over):
    settings = make_settings(
        database_url=pg.url,
        redis_url=redis_url,
        twilio_url=twilio.base_url,
        spill="file",
        spill_target=str(spill_target),
        status_callbacks=False,
        **over,
    )
    return serve_emulator(settings, TravelClock(), twilio)


def wait_until(predicate, *, timeout: float, every: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)


def stored(pg) -> tuple[int, int]:
    [(total, distinct)] = pg.sql("SELECT count(*), count(DISTINCT provider_sid) FROM messages")
    return total, distinct


class TestPostgresDownUnderLoad:
    def test_sixty_seconds_without_postgres_lose_nothing_and_answer_no_error(
        self, fresh, redis_url, fake_twilio, tmp_path
    ) -> None:
        pg, phones = fresh, [f"+3361200{i:04d}" for i in range(50)]
        codes: list[int] = []
        sids: list[str] = []
        with emulator_on(pg, redis_url, fake_twilio, tmp_path / "spill") as emu:
            stop = threading.Event()

            def outage() -> None:
                time.sleep(5)
                pg.stop()
                stop.wait(OUTAGE_SECONDS)
                pg.start()

            def one(i: int) -> None:
                sid = new_message_sid()
                sids.append(sid)
                body = f"rappelle-moi dans {i % 50 + 10} minutes de boire un verre d'eau ({i})"
                response = post_sms(emu.http, emu.base_url, from_=phones[i % 50], body=body, message_sid=sid)
                codes.append(response.status_code)

            breaker = threading.Thread(target=outage)
            breaker.start()
            started = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                i = 0
                while time.monotonic() - started < OUTAGE_SECONDS + 12:  # before, during and after
                    pool.submit(one, i)
                    i += 1
                    time.sleep(0.2)
            breaker.join()
            total = len(sids)
            assert total > 300
            assert set(codes) == {200}, f"non-2xx answers: {sorted(set(codes))}"

            spill = emu.running.spill_queue.spill
            wait_until(lambda: not list(spill.pending()), timeout=60)  # drained into the database
            assert stored(pg) == (total, total)  # every message, once
            assert set(sids) == {r[0] for r in pg.sql("SELECT provider_sid FROM messages")}
            # Turns cut by the outage are re-run by the sweep, minute after minute, as the scheduler would.
            for _ in range(6):
                emu.clock.advance(timedelta(minutes=1))
                emu.sweep()
                emu.settle()
                if pg.sql("SELECT count(*) FROM jobs WHERE status = 'done'") == [(total,)]:
                    break
            assert pg.sql("SELECT status, count(*) FROM jobs GROUP BY status") == [("done", total)]
            answered = pg.sql("SELECT count(DISTINCT in_reply_to) FROM outbox WHERE kind = 'reply' AND status = 'sent'")
            assert answered == [(total,)]  # and every one of them got its answer, once


class TestSpillAndDatabaseBothDown:
    def test_503_then_nothing_lost_once_twilio_retries(self, fresh, redis_url, fake_twilio, tmp_path) -> None:
        pg = fresh
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the spill folder should be")
        with emulator_on(pg, redis_url, fake_twilio, blocker / "spill") as emu:
            pg.stop()
            sids = [new_message_sid() for _ in range(5)]
            for n, sid in enumerate(sids):
                response = post_sms(emu.http, emu.base_url, from_="+33612000001", body=f"note {n}", message_sid=sid)
                assert response.status_code == 503 and response.headers["retry-after"] == "5"
            pg.start()
            for n, sid in enumerate(sids):  # Twilio retries the same messages
                response = post_sms(emu.http, emu.base_url, from_="+33612000001", body=f"note {n}", message_sid=sid)
                assert response.status_code == 200
            emu.settle()
            assert stored(pg) == (5, 5)


class TestArrivesBothWays:
    def test_a_spilled_message_that_twilio_also_retries_is_kept_once(
        self, fresh, redis_url, fake_twilio, tmp_path
    ) -> None:
        pg = fresh
        with emulator_on(pg, redis_url, fake_twilio, tmp_path / "spill") as emu:
            emu.running.spill_queue.stop()  # hold the drain, to retry before it runs
            pg.stop()
            sid = new_message_sid()
            assert (
                post_sms(emu.http, emu.base_url, from_="+33612000002", body="aide", message_sid=sid).status_code == 200
            )
            assert len(list(emu.running.spill_queue.spill.pending())) == 1
            pg.start()
            assert (
                post_sms(emu.http, emu.base_url, from_="+33612000002", body="aide", message_sid=sid).status_code == 200
            )
            assert emu.running.spill_queue.drain() == 1
            emu.settle()
            assert stored(pg) == (1, 1)
            assert pg.sql("SELECT count(*) FROM jobs") == [(1,)]  # one turn, one answer
            assert len(fake_twilio.wait_for(1)) == 1


class TestDatabaseThatHangs:
    def test_a_database_that_accepts_and_never_answers_is_spilled_within_the_timeout(
        self, redis_url, fake_twilio, tmp_path
    ) -> None:
        """A network partition, not a refusal: the connection opens and then nothing. Twilio gives up after
        15 s; we must have answered (and kept the message) well before."""
        import socket

        hole = socket.socket()
        hole.bind(("127.0.0.1", 0))
        hole.listen(64)
        black_hole = f"postgresql+pg8000://postgres@127.0.0.1:{hole.getsockname()[1]}/boussole?connect_timeout=30"
        try:
            settings = make_settings(
                database_url=black_hole,
                redis_url=redis_url,
                twilio_url=fake_twilio.base_url,
                spill="file",
                spill_target=str(tmp_path / "spill"),
            )
            with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
                emu.running.spill_queue.stop()
                started = time.monotonic()
                response = post_sms(emu.http, emu.base_url, from_="+33612000003", body="aide")
                elapsed = time.monotonic() - started
                assert response.status_code == 200 and 4.5 <= elapsed < 10
                [(_, item)] = list(emu.running.spill_queue.spill.pending())
                assert item is not None and item.params["Body"] == "aide"
        finally:
            hole.close()


class TestApiWithoutDatabase:
    def test_the_api_answers_503_with_retry_after_not_500(self, fresh, redis_url, fake_twilio, tmp_path) -> None:
        from shared.auth import tokens

        pg = fresh
        with emulator_on(pg, redis_url, fake_twilio, tmp_path / "spill") as emu:
            [(user_id,)] = pg.sql("INSERT INTO users (phone) VALUES ('+33612000009') RETURNING id")
            token = tokens.issue(user_id, secret=emu.deps.settings.token_secret.get_secret_value(), now=emu.clock.now())
            auth = {"Authorization": f"Bearer {token}"}
            first = emu.http.get("/v1/reminders", headers=auth)
            assert first.status_code == 200, first.text
            pg.stop()
            for path in ("/v1/reminders", "/v1/health"):
                response = emu.http.get(path, headers=auth)
                assert response.status_code == 503, path
                assert response.headers["retry-after"] == "5"
            problem = emu.http.get("/v1/reminders", headers=auth)
            assert problem.headers["content-type"] == "application/problem+json"
            assert problem.json()["type"].endswith("/unavailable")
            pg.start()
            assert emu.http.get("/v1/reminders", headers=auth).status_code == 200
