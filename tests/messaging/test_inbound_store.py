"""The webhook's group-commit store on real Postgres."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from datetime import datetime, timezone

from local.twilio_webhook import inbound_params
from shared.config import LOCAL_TWILIO_SID
from shared.db import dsn
from shared.messaging.inbound import InboundStore, Stored, to_inbound
from tests.helpers import BOUSSOLE_NUMBER, rows

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def sms(body: str, sid: str | None = None):
    params = inbound_params(
        from_="+33612345678", to=BOUSSOLE_NUMBER, body=body, account_sid=LOCAL_TWILIO_SID, message_sid=sid
    )
    return to_inbound(params, account_sid=LOCAL_TWILIO_SID)


def store(database_url):
    return InboundStore(lambda: dsn.connect_native(database_url))


class TestInboundStore:
    def test_a_batch_stores_each_new_message_with_its_job_and_skips_repeats(self, clean_db, database_url):
        a, b = sms("un"), sms("deux")
        results = store(database_url).store_batch([(a, NOW), (b, NOW), (a, NOW)])
        assert [r.duplicate for r in results] == [False, False, True]
        assert rows(clean_db, "SELECT count(*) FROM messages") == [(2,)]
        job_messages = rows(clean_db, "SELECT payload->>'message_id' FROM jobs ORDER BY created_at")
        assert {j[0] for j in job_messages} == {str(results[0].message_id), str(results[1].message_id)}
        assert rows(clean_db, "SELECT received_at FROM messages LIMIT 1") == [(NOW,)]

    def test_one_bad_message_fails_alone(self, clean_db, database_url):
        good, bad = sms("bon"), replace(sms("mauvais"), to_phone="+3" + "1" * 40)  # too long for the column
        outcomes = store(database_url).store_each([(good, NOW), (bad, NOW)])
        assert isinstance(outcomes[0], Stored) and not outcomes[0].duplicate
        assert isinstance(outcomes[1], Exception)
        assert rows(clean_db, "SELECT body FROM messages") == [("bon",)]

    def test_concurrent_requests_share_commits_and_all_get_answers(self, clean_db, database_url):
        s = store(database_url)

        async def many():
            return await asyncio.gather(*(s.store(sms(f"m{i}"), now=NOW) for i in range(200)))

        results = asyncio.run(many())
        assert len({r.message_id for r in results}) == 200
        assert rows(clean_db, "SELECT count(*) FROM messages") == [(200,)]

    def test_the_drain_and_the_webhook_on_one_store_each_get_their_own_answers(self, clean_db, database_url):
        """The spill's drain calls store_batch while the webhook's writer thread uses the same connection (the
        emulator runs both in one process): every message is stored and told so, none answered by another's
        result."""
        s = store(database_url)

        async def webhook():
            return await asyncio.gather(*(s.store(sms(f"web {i}"), now=NOW) for i in range(150)))

        drained: list[Stored] = []

        def drain():
            for i in range(150):
                drained.extend(s.store_batch([(sms(f"spilled {i}"), NOW)]))

        thread = threading.Thread(target=drain)
        thread.start()
        answered = asyncio.run(webhook())
        thread.join()
        assert not any(r.duplicate for r in [*answered, *drained])
        assert len({r.message_id for r in [*answered, *drained]}) == 300
        assert rows(clean_db, "SELECT count(*) FROM messages") == [(300,)]

    def test_a_dropped_connection_is_reopened(self, clean_db, database_url, postgres):
        s = store(database_url)
        s.store_batch([(sms("avant"), NOW)])
        postgres.server.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'boussole' AND pid <> pg_backend_pid();"
        )
        [after] = s.store_batch([(sms("après"), NOW)])
        assert not after.duplicate
        assert rows(clean_db, "SELECT count(*) FROM messages") == [(2,)]
