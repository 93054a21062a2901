"""STOP / START / HELP: the person controls the channel; nothing is sent after STOP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.messaging.keywords import keyword
from tests.helpers import post_sms, rows

KNOWN_PHONES = (
    "+14155552222",
    "+33612121212",
    "+33613131313",
)
pytestmark = pytest.mark.usefixtures("known_phones")


PHONE = "+33612121212"


class TestKeywordWords:
    @pytest.mark.parametrize(
        "text, expected",
        [
            ("STOP", "stop"),
            ("stop.", "stop"),
            ("  Arrêt ", "stop"),
            ("ARRET", "stop"),
            ("unsubscribe", "stop"),
            ("START", "start"),
            ("unstop", "start"),
            ("Démarrer", "start"),
            ("HELP", "help"),
            ("aide ?", "help"),
            ("stop reminding me", None),
            ("rappelle-moi d'arrêter", None),
            ("", None),
            ("help me remember", None),
        ],
    )
    def test_only_a_whole_message_is_a_keyword(self, text, expected):
        assert keyword(text) == expected


class TestStopStart:
    def test_stop_silences_everything_until_start(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_=PHONE, body="rappelle-moi dans 5 minutes de ranger")
        emulator.settle()
        assert len(emulator.twilio.wait_for(1)) == 1

        post_sms(emulator.http, emulator.base_url, from_=PHONE, body="STOP")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT sms_status FROM users WHERE phone = :p", p=PHONE) == [("opted_out",)]
        emulator.clock.advance(timedelta(minutes=6))
        result = emulator.sweep()
        assert result["suppressed"] == 1 and result["sent"] == 0
        assert len(emulator.twilio.messages) == 1  # no reply to STOP, no reminder

        post_sms(emulator.http, emulator.base_url, from_=PHONE, body="rappelle-moi dans 5 minutes de manger")
        emulator.settle()  # nothing is done that could not be confirmed
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders WHERE text = 'manger'") == [(0,)]

        post_sms(emulator.http, emulator.base_url, from_=PHONE, body="START")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT sms_status FROM users WHERE phone = :p", p=PHONE) == [("active",)]
        assert emulator.twilio.wait_for(2)[1]["body"].startswith("C'est reparti")

    def test_help_explains_in_the_persons_language(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+14155552222", body="HELP")
        emulator.settle()
        [reply] = emulator.twilio.wait_for(1)
        assert "I'm Boussole" in reply["body"] and "STOP" in reply["body"]


def test_no_apology_to_someone_who_said_stop(emulator):
    """A turn that failed for the last time does not text someone who has opted out since."""
    from sqlalchemy import text

    from shared.agent.turn import record_failure

    post_sms(emulator.http, emulator.base_url, from_="+33613131313", body="bonjour")
    emulator.settle()
    with emulator.deps.engine.begin() as conn:  # a second message whose turn is still pending, then STOP
        conn.execute(text("UPDATE jobs SET status = 'pending', attempts = 2"))
        conn.execute(text("UPDATE users SET sms_status = 'opted_out'"))
    [(job_id,)] = rows(emulator.deps.engine, "SELECT id FROM jobs")
    with emulator.deps.uow("agent turn") as tx:
        record_failure(tx.session, job_id=job_id, error="boom", now=emulator.clock.now())
    assert rows(emulator.deps.engine, "SELECT status FROM jobs") == [("failed",)]
    assert rows(emulator.deps.engine, "SELECT count(*) FROM outbox WHERE body LIKE 'Désolé%'") == [(0,)]
