"""Limits against abuse and cost, through the real webhook: our own numbers, a flood from one phone,
and replies that never cost more than three segments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.messaging.segments import count_segments
from shared.runtime import metrics
from tests.helpers import BOUSSOLE_NUMBER, post_sms, rows

KNOWN_PHONES = ("+33611112222", "+33611113333", "+33611114444", "+33611115555", "+33611116666")


class TestOwnNumbers:
    def test_a_message_from_one_of_our_numbers_is_refused_and_creates_nobody(self, emulator, caplog) -> None:
        response = post_sms(emulator.http, emulator.base_url, from_=BOUSSOLE_NUMBER, body="rappelle-moi dans 5 min")
        assert response.status_code == 403
        assert response.json()["type"].endswith("/not-for-us")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT count(*) FROM messages") == [(0,)]
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users") == [(0,)]
        assert emulator.twilio.messages == []
        assert any(getattr(r, "reason", None) == "from-own-number" for r in caplog.records)

    def test_a_message_to_a_number_that_is_not_ours_is_refused(self, emulator, caplog) -> None:
        response = post_sms(emulator.http, emulator.base_url, from_="+33612345678", body="salut", to="+33700000000")
        assert response.status_code == 403
        assert rows(emulator.deps.engine, "SELECT count(*) FROM messages") == [(0,)]
        assert any(getattr(r, "reason", None) == "to-foreign-number" for r in caplog.records)

    def test_a_person_to_our_number_goes_through(self, emulator) -> None:
        assert post_sms(emulator.http, emulator.base_url, from_="+33612345678", body="aide").status_code == 200


@pytest.mark.usefixtures("known_phones")
class TestFlood:
    def test_beyond_the_rate_messages_are_stored_answered_once_and_not_acted_on(self, emulator) -> None:
        phone = "+33611112222"
        for i in range(14):
            body = f"rappelle-moi dans {i + 10} minutes de boire de l'eau {i}"
            assert post_sms(emulator.http, emulator.base_url, from_=phone, body=body).status_code == 200
        emulator.settle()
        engine = emulator.deps.engine
        assert rows(engine, "SELECT count(*) FROM messages WHERE from_phone = :p", p=phone) == [(14,)]
        assert rows(engine, "SELECT count(*) FROM reminders") == [(10,)]  # the first ten were acted on
        bodies = [m["body"] for m in emulator.twilio.messages]
        slow = [b for b in bodies if b.startswith("Doucement")]
        assert len(slow) == 1 and len(bodies) == 11
        intents = rows(engine, "SELECT intent, count(*) FROM agent_logs GROUP BY intent ORDER BY intent")
        assert dict(intents) == {"inbound.throttled": 4, "reminder.create": 10}

    def test_beyond_the_daily_cap_messages_are_set_aside_too(self, settings_for, fake_twilio, known_phones) -> None:
        from shared.clock import TravelClock
        from tests.conftest import serve_emulator

        settings = settings_for(fake_twilio, inbound_max_per_day=4, status_callbacks=False)
        with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
            phone = "+33611114444"
            for i in range(6):  # spread over the day: no minute or hour limit is reached
                body = f"rappelle-moi dans {i + 10} minutes de boire de l'eau {i}"
                assert post_sms(emu.http, emu.base_url, from_=phone, body=body).status_code == 200
                emu.settle()
                emu.clock.advance(timedelta(hours=2))
            assert rows(emu.deps.engine, "SELECT count(*) FROM messages WHERE from_phone = :p", p=phone) == [(6,)]
            assert rows(emu.deps.engine, "SELECT count(*) FROM reminders") == [(4,)]  # the day's first four
            emu.clock.advance(timedelta(hours=19))  # a day after the fourth: two in the last 24 h
            post_sms(emu.http, emu.base_url, from_=phone, body="rappelle-moi demain à 9h d'appeler Léa")
            emu.settle()
            assert rows(emu.deps.engine, "SELECT count(*) FROM reminders") == [(5,)]

    def test_stop_still_works_in_a_flood(self, emulator) -> None:
        phone = "+33611113333"
        for i in range(12):
            post_sms(emulator.http, emulator.base_url, from_=phone, body=f"spam {i}")
        post_sms(emulator.http, emulator.base_url, from_=phone, body="STOP")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT sms_status FROM users WHERE phone = :p", p=phone) == [("opted_out",)]

    def test_other_people_are_not_slowed_down_by_one_person_s_flood(self, emulator) -> None:
        for i in range(12):
            post_sms(emulator.http, emulator.base_url, from_="+33611114444", body=f"spam {i}")
        post_sms(emulator.http, emulator.base_url, from_="+33611115555", body="rappelle-moi dans 1h de manger")
        emulator.settle()
        to_other = [m["body"] for m in emulator.twilio.messages if m["to"] == "+33611115555"]
        assert len(to_other) == 1 and "manger" in to_other[0]


@pytest.mark.usefixtures("known_phones")
class TestReplyCost:
    def test_a_long_reminder_is_shortened_in_the_confirmation_never_in_the_store(self, emulator) -> None:
        what = "appeler " + "la banque puis la mairie puis le garage " * 30
        body = f"rappelle-moi demain à 9h d'{what.strip()}"[:1600]
        metrics.reset()
        assert post_sms(emulator.http, emulator.base_url, from_="+33611116666", body=body).status_code == 200
        emulator.settle()
        [(stored,)] = rows(emulator.deps.engine, "SELECT text FROM reminders")
        assert len(stored) > 1000  # every word kept
        [reply] = emulator.twilio.wait_for(1)
        assert count_segments(reply["body"]) <= 3
        assert reply["body"].startswith("OK, je te rappelle demain à 9h : appeler la banque")
        assert reply["body"].endswith("...")
