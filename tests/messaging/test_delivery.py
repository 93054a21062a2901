"""Delivery on a bad day, against real Postgres and Redis and the fake Twilio API: long provider outages,
retry windows, late reminders, lost messages explained, the provider's rate shared by parallel senders,
and sends whose answer was lost (or whose sender died) found at the provider instead of sent twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from local.emulator import free_port
from shared.clock import TravelClock
from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN
from shared.reminders.sweep import run_sweep
from shared.runtime import metrics
from shared.wiring import Deps
from tests.fakes.twilio_api import FakeTwilio
from tests.helpers import rows

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+33610000001"


@pytest.fixture()
def twilio():
    """A fake Twilio on a fixed port, so that a test can take it down and bring it back."""
    fake = FakeTwilio(LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN, port=free_port(), auto_callbacks=False)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture()
def make_deps(settings_for, twilio):
    made = []

    def make(clock=None, **over):
        settings = settings_for(twilio, queue="none", **({"status_callbacks": False} | over))
        deps = Deps(settings, clock or TravelClock())
        made.append(deps)
        return deps

    yield make
    for d in made:
        d.close()


def seed(engine, *, reminders: int, users: int = 1, language: str = "fr") -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (phone, language, timezone) "
                "SELECT '+3361000' || lpad(g::text, 4, '0'), :lang, 'Europe/Paris' FROM generate_series(1, :n) g"
            ),
            {"n": users, "lang": language},
        )
        conn.execute(
            text(
                "INSERT INTO reminders (user_id, text, due_at, timezone) "
                "SELECT u.id, 'médicament #' || g, now() - interval '10 seconds', 'Europe/Paris' "
                "FROM generate_series(1, :per) g JOIN users u ON true"
            ),
            {"per": reminders // users},
        )


def sweep_every(deps, clock, *, minutes: int, for_minutes: int) -> None:
    """Run the sweep as the scheduler would, every `minutes`, for `for_minutes` of travelled time."""
    for _ in range(for_minutes // minutes):
        clock.advance(timedelta(minutes=minutes))
        run_sweep(deps.sweep)


class TestLongProviderOutage:
    def test_reminders_outlast_an_outage_of_hours_then_go_out_once_saying_they_are_late(
        self, make_deps, twilio, engine
    ) -> None:
        seed(engine, reminders=3)
        clock = TravelClock()
        deps = make_deps(clock)
        twilio.stop()  # the provider is down: every connection is refused
        assert run_sweep(deps.sweep).retried == 3
        sweep_every(deps, clock, minutes=10, for_minutes=180)  # three hours: far past the old 15 minutes
        assert rows(engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [("pending", 3)]
        [(attempts,)] = rows(engine, "SELECT min(attempts) FROM outbox")
        assert attempts >= 10  # it kept trying all along (every sweep once the backoff reached its cap)

        twilio.start()
        clock.advance(timedelta(minutes=11))
        assert run_sweep(deps.sweep).sent == 3
        bodies = sorted(m["body"] for m in twilio.messages)
        assert bodies == [f"Rappel : médicament #{i} (avec 3 h de retard)" for i in (1, 2, 3)]
        assert rows(engine, "SELECT status, count(*) FROM reminders GROUP BY status") == [("sent", 3)]
        clock.advance(timedelta(minutes=20))
        run_sweep(deps.sweep)
        assert len(twilio.messages) == 3  # nothing twice

    def test_past_its_window_a_message_fails_visibly_counted_and_the_person_is_told_once(
        self, make_deps, twilio, engine, caplog
    ) -> None:
        seed(engine, reminders=2)
        clock = TravelClock()
        deps = make_deps(clock, retry_window_reminder_minutes=60)
        metrics.reset()
        twilio.stop()
        run_sweep(deps.sweep)
        sweep_every(deps, clock, minutes=10, for_minutes=70)
        assert rows(engine, "SELECT status, failure, count(*) FROM outbox GROUP BY 1, 2 ORDER BY 1") == [
            ("failed", "expired", 2),
            ("pending", None, 1),  # the notice, waiting for the provider
        ]
        assert rows(engine, "SELECT status, count(*) FROM reminders GROUP BY status") == [("failed", 2)]
        assert metrics.value("sms_failed", kind="reminder", reason="expired") == 2
        events = [r for r in caplog.records if getattr(r, "event", None) == "sms.failed"]
        assert len(events) == 2 and all(r.reason == "expired" for r in events)

        twilio.start()
        clock.advance(timedelta(minutes=11))
        run_sweep(deps.sweep)
        [notice] = twilio.messages
        assert notice["body"].startswith("Désolé, ton rappel « médicament #")
        assert "n'a pas pu partir à temps" in notice["body"]
        assert len(twilio.messages) == 1  # once, not once per lost reminder

    def test_a_reply_has_a_shorter_window_than_a_reminder(self, make_deps, twilio, engine) -> None:
        from shared.messaging import repository as outbox

        seed(engine, reminders=1)
        clock = TravelClock()
        deps = make_deps(clock)  # defaults: replies 2 h, reminders 24 h
        [(user_id,)] = rows(engine, "SELECT id FROM users")
        with deps.uow("test: arrange an outbox row") as tx:
            outbox.enqueue(
                tx.session, key="reply:x", kind="reply", to_phone=PHONE, body="OK", now=clock.now(), user_id=user_id
            )
        twilio.stop()
        run_sweep(deps.sweep)
        sweep_every(deps, clock, minutes=10, for_minutes=150)
        kinds = dict(rows(engine, "SELECT kind, status FROM outbox WHERE kind IN ('reply', 'reminder')"))
        assert kinds == {"reply": "failed", "reminder": "pending"}


class TestPermanentFailures:
    def test_an_opted_out_recipient_stops_at_once_without_a_notice(self, make_deps, twilio, engine) -> None:
        seed(engine, reminders=1)
        twilio.opt_out(PHONE)
        deps = make_deps()
        result = run_sweep(deps.sweep)
        assert result.failed == 1 and twilio.request_count == 1
        assert rows(engine, "SELECT kind, failure FROM outbox") == [("reminder", "opted_out")]


class TestParallelSenders:
    def test_senders_share_the_provider_rate_and_send_each_message_once(self, make_deps, twilio, engine) -> None:
        # The provider answers in 50 ms; we are told its limit is 40 a second. Its own refusal is set 10 %
        # higher: scheduling jitter on a loaded 2-core machine can bunch a few sends (Twilio queues those).
        twilio.latency, twilio.mps_limit = 0.05, 44
        seed(engine, reminders=120, users=40)
        deps = make_deps(sms_send_rate=40, sms_senders=4, sms_sender_concurrency=8)
        started = time.monotonic()
        result = run_sweep(deps.sweep)
        elapsed = time.monotonic() - started
        assert result.sent == 120 and result.retried == 0
        assert twilio.stats()["refused_429"] == 0
        assert twilio.max_rate_in_any_second() <= 44
        assert 2.5 <= elapsed < 10  # 120 at 40/s: bounded by the rate, not by the latency
        keys = rows(engine, "SELECT count(DISTINCT idempotency_key), count(*) FROM outbox WHERE status = 'sent'")
        assert keys == [(120, 120)] and len(twilio.messages) == 120


class TestSendsInDoubt:
    def test_a_send_whose_answer_was_lost_is_found_at_the_provider_not_sent_again(
        self, make_deps, twilio, engine
    ) -> None:
        seed(engine, reminders=1)
        clock = TravelClock()
        deps = make_deps(clock)
        twilio.drop_after_accept(1)  # accepted, then the connection dies before the answer
        assert run_sweep(deps.sweep).retried == 1
        assert rows(engine, "SELECT status, in_doubt FROM outbox") == [("pending", True)]
        clock.advance(timedelta(minutes=1))
        result = run_sweep(deps.sweep)
        assert result.sent == 1 and result.recovered == 1
        [message] = twilio.messages
        assert rows(engine, "SELECT status, provider_sid, in_doubt FROM outbox") == [("sent", message["sid"], False)]

    def test_a_refused_connection_proves_nothing_went_out_and_is_simply_sent_later(
        self, make_deps, twilio, engine
    ) -> None:
        seed(engine, reminders=1)
        clock = TravelClock()
        deps = make_deps(clock)
        twilio.stop()
        run_sweep(deps.sweep)
        assert rows(engine, "SELECT status, in_doubt FROM outbox") == [("pending", False)]
        twilio.start()
        clock.advance(timedelta(minutes=1))
        assert run_sweep(deps.sweep).sent == 1 and len(twilio.messages) == 1

    def test_a_sender_killed_mid_batch_leaves_nothing_lost_and_nothing_sent_twice(
        self, make_deps, twilio, engine, database_url, redis_url
    ) -> None:
        seed(engine, reminders=6, users=6)
        twilio.latency = 5.0  # each send is accepted, then its answer takes 5 s: the sender dies meanwhile
        env = {
            **os.environ,
            "BOUSSOLE_ENV": "test",
            "BOUSSOLE_DATABASE_URL": database_url,
            "BOUSSOLE_CACHE": "redis",
            "BOUSSOLE_REDIS_URL": redis_url,
            "BOUSSOLE_SMS_GATEWAY": "twilio",
            "BOUSSOLE_TWILIO_API_BASE_URL": twilio.base_url,
            "BOUSSOLE_QUEUE": "none",
            "BOUSSOLE_STATUS_CALLBACKS": "false",
            "BOUSSOLE_SMS_SEND_RATE": "1000",
        }
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from functions.reminder_sweep.main import lambda_handler; lambda_handler({}, None)",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            twilio.wait_for(6, timeout=30)  # all six handed to the provider, none recorded yet
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert rows(engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [("sending", 6)]
        twilio.latency = 0.0
        clock = TravelClock(timedelta(seconds=61))  # the dead sender's 60 s lease has run out
        result = run_sweep(make_deps(clock).sweep)
        assert result.sent == 6 and result.recovered == 6
        assert len(twilio.messages) == 6  # found at the provider, not sent again
        assert rows(engine, "SELECT count(*) FROM outbox WHERE status = 'sent' AND provider_sid IS NOT NULL") == [(6,)]
