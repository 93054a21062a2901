"""The morning_plan function: at the time the person chose, one SMS with their day, built from the store;
once per local day whatever the ticks; nothing for those who did not ask, who said STOP, or whose time
passed long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from functions.manifest import by_name
from local.emulator import run_scheduled

PHONE = "+33611112222"


def tick(emulator) -> dict:
    return run_scheduled(by_name("morning_plan"))


def at(emulator, when: datetime) -> None:
    emulator.clock.advance(when - emulator.clock.now())


@pytest.fixture()
def person(emulator):
    with emulator.deps.engine.begin() as conn:
        user_id = conn.execute(
            text("INSERT INTO users (phone, language, timezone) VALUES (:p, 'fr', 'Europe/Paris') RETURNING id"),
            {"p": PHONE},
        ).scalar_one()
        conn.execute(text("INSERT INTO user_settings (user_id, morning_plan_at) VALUES (:u, '08:00')"), {"u": user_id})
    return user_id


def remind(emulator, user_id, what: str, due: datetime) -> None:
    with emulator.deps.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO reminders (user_id, text, due_at, timezone) VALUES (:u, :t, :d, 'Europe/Paris')"),
            {"u": user_id, "t": what, "d": due},
        )


def sent_to(emulator, phone: str) -> list[str]:
    return [m["body"] for m in emulator.twilio.messages if m["to"] == phone]


def test_the_plan_goes_out_at_the_chosen_time_once_a_day(emulator, person):
    # Monday 30 November 2026, Paris is UTC+1: 08:00 local = 07:00 UTC.
    at(emulator, datetime(2026, 11, 30, 6, 59, tzinfo=UTC))
    remind(emulator, person, "appeler la banque", datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    assert tick(emulator)["queued"] == 0
    assert sent_to(emulator, PHONE) == []

    at(emulator, datetime(2026, 11, 30, 7, 0, 30, tzinfo=UTC))
    assert tick(emulator) == {"queued": 1, "sent": 1}
    (plan,) = emulator.twilio.wait_for(1)
    assert plan["to"] == PHONE
    assert "appeler la banque" in plan["body"] and "10h30" in plan["body"].replace(":", "h")

    emulator.clock.advance(timedelta(minutes=1))
    assert tick(emulator)["queued"] == 0  # once per local day
    emulator.clock.advance(timedelta(days=1))
    assert tick(emulator)["queued"] == 1  # and again the next morning
    assert len(emulator.twilio.wait_for(2)) == 2


def test_nobody_else_gets_one(emulator, person):
    with emulator.deps.engine.begin() as conn:
        conn.execute(text("INSERT INTO users (phone, language) VALUES ('+33633334444', 'fr')"))  # never asked
        stopped = conn.execute(
            text(
                "INSERT INTO users (phone, language, sms_status) VALUES ('+33655556666', 'fr', 'opted_out') RETURNING id"
            )
        ).scalar_one()
        conn.execute(text("INSERT INTO user_settings (user_id, morning_plan_at) VALUES (:u, '08:00')"), {"u": stopped})
    at(emulator, datetime(2026, 11, 30, 7, 1, tzinfo=UTC))
    assert tick(emulator)["queued"] == 1
    assert {m["to"] for m in emulator.twilio.wait_for(1)} == {PHONE}


def test_a_tick_long_after_the_time_sends_nothing(emulator, person):
    at(emulator, datetime(2026, 11, 30, 12, 0, tzinfo=UTC))  # 13:00 in Paris: the morning is gone
    assert tick(emulator)["queued"] == 0


def test_the_time_is_local_across_a_dst_change(emulator, person):
    # Monday 29 March 2027, Paris is UTC+2 since Sunday: 08:00 local = 06:00 UTC.
    at(emulator, datetime(2027, 3, 29, 5, 59, tzinfo=UTC))
    assert tick(emulator)["queued"] == 0
    at(emulator, datetime(2027, 3, 29, 6, 0, 5, tzinfo=UTC))
    assert tick(emulator)["queued"] == 1
