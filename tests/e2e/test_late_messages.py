"""Messages we got to late (kept in the spill during an outage, or behind a slow queue) mean what they
meant when they were written; and a reminder marked done stays done."""

from __future__ import annotations

from datetime import timedelta

import pytest

from local.twilio_webhook import inbound_params
from shared.config import LOCAL_TWILIO_SID
from shared.messaging.spill import Spilled
from tests.helpers import BOUSSOLE_NUMBER, post_sms, rows

KNOWN_PHONES = (
    "+33612300001",
    "+33612300002",
    "+33612300003",
    "+33612300004",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def spilled(body: str, *, phone: str, written_ago: timedelta, emulator) -> Spilled:
    params = inbound_params(from_=phone, to=BOUSSOLE_NUMBER, body=body, account_sid=LOCAL_TWILIO_SID)
    return Spilled(params=params, received_at=emulator.clock.now() - written_ago)


class TestLateMessages:
    def test_in_twenty_minutes_counts_from_when_it_was_written(self, emulator) -> None:
        item = spilled(
            "rappelle-moi dans 20 minutes de sortir le gâteau",
            phone="+33612300001",
            written_ago=timedelta(minutes=12),
            emulator=emulator,
        )
        [outcome] = emulator.deps.drain_spilled([item])
        assert not isinstance(outcome, BaseException) and outcome.message_id is not None
        emulator.settle()
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders")
        assert due == item.received_at + timedelta(minutes=20)

    def test_a_time_that_passed_only_while_we_were_away_still_rings_and_says_it_is_late(self, emulator) -> None:
        item = spilled(
            "rappelle-moi dans 10 minutes d'éteindre le four",
            phone="+33612300002",
            written_ago=timedelta(minutes=30),
            emulator=emulator,
        )
        emulator.deps.drain_spilled([item])
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT status FROM reminders") == [("pending",)]
        emulator.sweep()
        ring = emulator.twilio.wait_for(2)[1]["body"]
        assert ring == "Rappel : éteindre le four (avec 20 min de retard)"

    def test_a_time_already_past_when_written_is_still_refused(self, emulator) -> None:
        item = spilled(
            "rappelle-moi hier à 9h de dormir",
            phone="+33612300003",
            written_ago=timedelta(minutes=5),
            emulator=emulator,
        )
        emulator.deps.drain_spilled([item])
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(0,)]
        assert "déjà passé" in emulator.twilio.wait_for(1)[0]["body"]


class TestDoneStaysDone:
    def test_a_snooze_after_done_does_not_bring_the_reminder_back(self, emulator) -> None:
        phone = "+33612300004"
        post_sms(
            emulator.http, emulator.base_url, from_=phone, body="rappelle-moi dans 5 minutes de prendre mes médocs"
        )
        emulator.settle()
        emulator.clock.advance(timedelta(minutes=6))
        emulator.sweep()
        emulator.twilio.wait_for(2)
        post_sms(emulator.http, emulator.base_url, from_=phone, body="fait")
        emulator.settle()
        post_sms(emulator.http, emulator.base_url, from_=phone, body="+10")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT status FROM reminders") == [("acknowledged",)]
        assert "médocs" not in emulator.twilio.wait_for(4)[3]["body"]
