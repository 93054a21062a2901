"""The sweep against real Postgres and the fake Twilio API: concurrency, crash recovery, failures."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from local.twilio_webhook import inbound_params
from shared.clock import TravelClock
from shared.config import LOCAL_TWILIO_SID
from shared.messaging import repository as outbox_repo
from shared.messaging.inbound import InboundStore, to_inbound
from shared.reminders.service import fire_batch
from shared.reminders.sweep import run_sweep
from shared.wiring import Deps
from tests.helpers import BOUSSOLE_NUMBER, add_people, rows


@pytest.fixture()
def make_deps(settings_for, fake_twilio):
    made = []

    def make(clock=None, **over):
        deps = Deps(settings_for(fake_twilio, port=8080, queue="none", **over), clock or TravelClock())
        made.append(deps)
        return deps

    yield make
    for d in made:
        d.close()


def seed_due(engine, *, users: int, per_user: int, due_minutes_ago: int = 1) -> None:
    """Insert due reminders with plain SQL (test data, not our code under test)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (phone, language, timezone) "
                "SELECT '+3361000' || lpad(g::text, 4, '0'), CASE WHEN mod(g, 2) = 0 THEN 'fr' ELSE 'en' END, 'Europe/Paris' "
                "FROM generate_series(1, :n) g"
            ),
            {"n": users},
        )
        conn.execute(
            text(
                "INSERT INTO reminders (user_id, text, due_at, timezone) "
                "SELECT u.id, 'tâche ' || u.phone || ' #' || g, now() - make_interval(mins => :ago), 'Europe/Paris' "
                "FROM users u CROSS JOIN generate_series(1, :per) g"
            ),
            {"per": per_user, "ago": due_minutes_ago},
        )


class TestConcurrentSweeps:
    def test_two_sweeps_over_1000_due_reminders_send_each_exactly_once(self, make_deps, fake_twilio, engine):
        seed_due(engine, users=20, per_user=50)
        a, b = make_deps(), make_deps()
        barrier = threading.Barrier(2)
        results = {}

        def sweep(name, deps):
            barrier.wait()
            results[name] = run_sweep(deps.sweep, batch=100, send_limit=2000)

        threads = [threading.Thread(target=sweep, args=(n, d)) for n, d in (("a", a), ("b", b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)

        sent = fake_twilio.messages
        assert len(sent) == 1000
        assert len({(m["to"], m["body"]) for m in sent}) == 1000
        assert results["a"].fired + results["b"].fired == 1000
        assert results["a"].sent + results["b"].sent == 1000
        assert results["a"].fired > 0 and results["b"].fired > 0, "both sweepers should have taken work"
        assert rows(engine, "SELECT status, count(*) FROM reminders GROUP BY status") == [("sent", 1000)]
        assert rows(engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [("sent", 1000)]


class TestCrashRecovery:
    def test_a_crash_between_claim_and_send_is_recovered_by_the_next_sweep_after_the_lease(
        self, make_deps, fake_twilio, engine
    ):
        seed_due(engine, users=1, per_user=3)
        clock = TravelClock()
        deps = make_deps(clock)
        with deps.uow("reminder sweep") as tx:  # a sweep moved them to the outbox...
            assert fire_batch(tx.session, now=clock.now()).enqueued == 3
        with deps.uow("reminder sweep") as tx:  # ...then leased them for sending and died before sending
            leased = outbox_repo.claim_sendable(tx.session, now=clock.now(), lease=timedelta(seconds=120), limit=10)
        assert len(leased) == 3

        assert run_sweep(deps.sweep).sent == 0  # the lease still holds: nobody sends twice
        assert fake_twilio.messages == []
        clock.advance(timedelta(seconds=121))
        assert run_sweep(deps.sweep).sent == 3
        assert len(fake_twilio.messages) == 3
        assert run_sweep(deps.sweep).sent == 0
        assert rows(engine, "SELECT attempts FROM outbox ORDER BY attempts") == [(2,), (2,), (2,)]

    def test_a_lost_job_notice_is_picked_up_by_the_sweep(self, make_deps, fake_twilio, engine):
        """The webhook stored the message and job, but the queue notice never arrived."""
        from shared.jobs.dispatch import InProcessDispatcher

        add_people(engine, ("me", "+33677777777", "fr", "Europe/Paris"))  # onboarded: served at once
        clock = TravelClock()
        dispatcher = InProcessDispatcher()
        deps = Deps(make_deps(clock).settings, clock, dispatcher=dispatcher)
        dispatcher.handlers["agent_turn"] = deps.run_agent_turn
        store = InboundStore(
            lambda: __import__("shared.db.dsn", fromlist=["x"]).connect_native(deps.settings.database_url)
        )
        params = inbound_params(
            from_="+33677777777",
            to=BOUSSOLE_NUMBER,
            body="rappelle-moi dans 1h de manger",
            account_sid=LOCAL_TWILIO_SID,
        )
        [stored] = store.store_batch([(to_inbound(params, account_sid=LOCAL_TWILIO_SID), clock.now())])
        assert stored.job_id is not None

        run_sweep(deps.sweep)
        dispatcher.join()
        assert fake_twilio.messages == []  # not stale yet: its notice may still be on the way

        clock.advance(timedelta(seconds=deps.settings.job_stale_seconds + 1))
        assert run_sweep(deps.sweep).jobs_recovered == 1
        dispatcher.join()
        [reply] = fake_twilio.wait_for(1)
        assert reply["to"] == "+33677777777" and "manger" in reply["body"]
        deps.close()


class TestFailures:
    def test_provider_outage_is_retried_with_backoff_and_sent_later(self, make_deps, fake_twilio, engine):
        seed_due(engine, users=1, per_user=1)
        clock = TravelClock()
        deps = make_deps(clock)
        fake_twilio.fail_next(1, status=503)
        first = run_sweep(deps.sweep)
        assert first.retried == 1 and first.sent == 0
        assert rows(engine, "SELECT status FROM outbox") == [("pending",)]
        assert run_sweep(deps.sweep).sent == 0  # backoff not elapsed
        clock.advance(timedelta(seconds=40))  # 30 s ± 10 % jitter
        assert run_sweep(deps.sweep).sent == 1
        assert len(fake_twilio.messages) == 1

    def test_opted_out_number_fails_visibly_and_is_not_retried(self, make_deps, fake_twilio, engine):
        seed_due(engine, users=1, per_user=1)
        fake_twilio.opt_out("+33610000001")
        deps = make_deps()
        result = run_sweep(deps.sweep)
        assert result.failed == 1 and result.sent == 0
        [(status, failure, code)] = rows(engine, "SELECT status, failure, provider_error FROM outbox")
        assert (status, failure, code) == ("failed", "opted_out", 21610)
        assert rows(engine, "SELECT status FROM reminders") == [("suppressed",)]  # held back by STOP, visibly
        assert rows(engine, "SELECT sms_status FROM users") == [("opted_out",)]
        deps.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
        assert run_sweep(deps.sweep).sent == 0 and fake_twilio.request_count == 1

    def test_reminders_to_opted_out_people_are_suppressed_not_sent(self, make_deps, fake_twilio, engine):
        seed_due(engine, users=1, per_user=2)
        with engine.begin() as conn:
            conn.execute(text("UPDATE users SET sms_status = 'opted_out'"))
        result = run_sweep(make_deps().sweep)
        assert result.suppressed == 2 and fake_twilio.request_count == 0
        assert rows(engine, "SELECT status, count(*) FROM outbox GROUP BY status") == [("suppressed", 2)]
        assert rows(engine, "SELECT status, count(*) FROM reminders GROUP BY status") == [("suppressed", 2)]

    def test_a_reminder_is_sent_once_even_if_the_sweep_replays_the_same_occurrence(self, make_deps, engine):
        seed_due(engine, users=1, per_user=1)
        deps = make_deps()
        with deps.uow("reminder sweep") as tx:
            fire_batch(tx.session, now=deps.clock.now())
        with engine.begin() as conn:  # as if a recovery put it back to pending after it was queued
            conn.execute(text("UPDATE reminders SET status = 'pending'"))
        with deps.uow("reminder sweep") as tx:
            report = fire_batch(tx.session, now=deps.clock.now())
        assert report.fired == 1 and report.enqueued == 0
        assert rows(engine, "SELECT count(*) FROM outbox") == [(1,)]


def test_ids_are_uuids_not_guessable_counters(engine, clean_db):
    seed_due(engine, users=1, per_user=1)
    [(rid,)] = rows(engine, "SELECT id FROM reminders")
    assert isinstance(rid, uuid.UUID)


def test_a_reminder_for_someone_without_a_phone_fails_visibly(make_deps, engine):
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO users (email, language, timezone) VALUES ('a@example.org', 'fr', 'Europe/Paris')")
        )
        conn.execute(
            text(
                "INSERT INTO reminders (user_id, text, due_at, timezone) "
                "SELECT id, 'x', now() - interval '1 minute', 'Europe/Paris' FROM users"
            )
        )
    result = run_sweep(make_deps().sweep)
    assert result.fired == 1 and result.enqueued == 0
    assert rows(engine, "SELECT status FROM reminders") == [("failed",)]


class TestLeases:
    def test_a_sender_that_outlived_its_lease_does_not_undo_the_new_holder(self, make_deps, fake_twilio, engine):
        """A claims and stalls; B re-leases after expiry and sends; A's late failure must not re-queue it."""
        seed_due(engine, users=1, per_user=1)
        clock = TravelClock()
        deps = make_deps(clock)
        with deps.uow("reminder sweep") as tx:
            fire_batch(tx.session, now=clock.now())
        with deps.uow("reminder sweep") as tx:
            [stale] = outbox_repo.claim_sendable(tx.session, now=clock.now(), lease=timedelta(seconds=120), limit=1)
        clock.advance(timedelta(seconds=121))
        assert run_sweep(deps.sweep).sent == 1  # B
        with deps.uow("reminder sweep") as tx:  # A wakes up with a timeout and wants to retry
            assert outbox_repo.mark_retry(tx.session, stale, error="timeout", at=clock.now()) is False
        clock.advance(timedelta(minutes=5))
        assert run_sweep(deps.sweep).sent == 0
        assert len(fake_twilio.messages) == 1
        assert rows(engine, "SELECT status FROM outbox") == [("sent",)]


class TestQueueOutage:
    def test_a_failing_dispatch_does_not_stop_the_reminders(self, make_deps, fake_twilio, engine, monkeypatch):
        """SQS (moto) refuses the notice: the sweep still fires and sends the due reminder."""
        import boto3
        from moto.server import ThreadedMotoServer

        from shared.jobs.dispatch import SqsDispatcher
        from shared.wiring import Deps

        seed_due(engine, users=1, per_user=1)
        with engine.begin() as conn:  # a job whose notice was lost long ago
            conn.execute(
                text(
                    "INSERT INTO jobs (kind, payload, run_after) VALUES ('agent_turn', '{}', now() - interval '1 hour')"
                )
            )
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
        server.start()
        try:
            host, port = server.get_host_and_port()
            for k, v in {
                "AWS_ACCESS_KEY_ID": "t",
                "AWS_SECRET_ACCESS_KEY": "t",
                "AWS_DEFAULT_REGION": "eu-west-3",
            }.items():
                monkeypatch.setenv(k, v)
            sqs = boto3.client("sqs", endpoint_url=f"http://{host}:{port}")
            missing_queue = f"http://{host}:{port}/123456789012/deleted-queue"
            base = make_deps()
            deps = Deps(base.settings, base.clock, dispatcher=SqsDispatcher(missing_queue, client=sqs))
            result = run_sweep(deps.sweep)
            deps.close()
        finally:
            server.stop()
        assert result.fired == 1 and result.sent == 1 and result.jobs_recovered == 0
        assert any(e.startswith("job ") for e in result.delivery.errors)
        assert len(fake_twilio.messages) == 1
