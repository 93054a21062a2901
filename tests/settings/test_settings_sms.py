"""Settings by SMS, French and English, through the emulator (real Postgres, Redis, the fake Twilio): language,
time zone, quiet hours, morning plan, daily cap, currency, the settings at a glance; and reminders with quiet
hours: an explicit time rings in them, a snooze waits for their end; a reminder that insists."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import chat, rows

KNOWN_PHONES = (
    "+14155550201",
    "+14155550202",
    "+14155550203",
    "+14155550204",
    "+14155550205",
    "+33612340001",
    "+33612340002",
    "+33612340003",
    "+33612340004",
    "+33612340005",
    "+33612340010",
    "+33612340011",
    "+33612340012",
    "+33612340013",
)
pytestmark = pytest.mark.usefixtures("known_phones")


PARIS = ZoneInfo("Europe/Paris")


def settings_of(emu, phone):
    [row] = rows(
        emu.deps.engine,
        "SELECT u.language, u.timezone, s.quiet_hours_start, s.quiet_hours_end, s.morning_plan_at, s.daily_cap, "
        "s.currency FROM users u LEFT JOIN user_settings s ON s.user_id = u.id WHERE u.phone = :p",
        p=phone,
    )
    return row


class TestFrench:
    def test_language(self, emulator):
        phone = "+33612340001"
        reply = chat(emulator, phone, "parle-moi en anglais")
        assert reply.endswith("Got it, I'll text you in English from now on.")
        assert settings_of(emulator, phone)[0] == "en"

    def test_time_zone_from_a_city_and_a_question_when_unknown(self, emulator):
        phone = "+33612340002"
        assert "America/Toronto" in chat(emulator, phone, "je suis à Montréal")
        assert settings_of(emulator, phone)[1] == "America/Toronto"
        assert "ville ou quel fuseau" in chat(emulator, phone, "mon fuseau horaire c'est Atlantide")
        assert "America/Chicago" in chat(emulator, phone, "America/Chicago")
        assert settings_of(emulator, phone)[1] == "America/Chicago"

    def test_quiet_hours_one_side_then_both(self, emulator):
        phone = "+33612340003"
        reply = chat(emulator, phone, "ne m'écris pas avant 9h")
        assert "entre 22h et 9h" in reply
        assert settings_of(emulator, phone)[2:4] == (time(22), time(9))
        assert "entre 23h et 7h30" in chat(emulator, phone, "heures calmes 23h-7h30")
        assert settings_of(emulator, phone)[2:4] == (time(23), time(7, 30))
        assert "plus d'heures calmes" in chat(emulator, phone, "plus d'heures calmes")
        assert settings_of(emulator, phone)[2:4] == (None, None)

    def test_quiet_hours_without_a_time_get_a_question(self, emulator):
        phone = "+33612340004"
        assert "Entre quelle heure" in chat(emulator, phone, "mets-moi des heures calmes")
        assert settings_of(emulator, phone)[2:4] == (None, None)
        assert "entre 21h30 et 8h" in chat(emulator, phone, "21h30-8h")  # the next SMS answers it
        assert settings_of(emulator, phone)[2:4] == (time(21, 30), time(8))

    def test_morning_plan_and_cap_and_currency(self, emulator):
        phone = "+33612340005"
        assert "chaque matin à 8h" in chat(emulator, phone, "envoie-moi mon planning à 8h")
        assert settings_of(emulator, phone)[4] == time(8)
        assert "plus de plan du matin" in chat(emulator, phone, "plus de plan du matin")
        assert settings_of(emulator, phone)[4] is None
        assert "5 messages par jour" in chat(emulator, phone, "pas plus de 5 messages par jour")
        assert settings_of(emulator, phone)[5] == 5
        assert "CAD" in chat(emulator, phone, "ma devise c'est le dollar canadien")
        reply = chat(emulator, phone, "mes réglages")
        assert "langue français" in reply and "Europe/Paris" in reply and "5" in reply and "CAD" in reply


class TestEnglish:
    def test_language_and_zone(self, emulator):
        phone = "+14155550201"
        assert chat(emulator, phone, "speak french to me").endswith("je t'écris en français à partir de maintenant.")
        assert settings_of(emulator, phone)[0] == "fr"
        phone = "+14155550202"
        assert "America/Chicago" in chat(emulator, phone, "my timezone is America/Chicago")
        assert settings_of(emulator, phone)[1] == "America/Chicago"

    def test_quiet_hours_morning_plan_cap_and_settings(self, emulator):
        phone = "+14155550203"
        assert "between 10 PM and 8 AM" in chat(emulator, phone, "no texts after 10pm")
        assert settings_of(emulator, phone)[2:4] == (time(22), time(8))
        assert "every morning at 7:30 AM" in chat(emulator, phone, "morning plan at 7:30am")
        assert settings_of(emulator, phone)[4] == time(7, 30)
        assert "at most 3 messages a day" in chat(emulator, phone, "no more than 3 texts a day")
        reply = chat(emulator, phone, "what are my settings?")
        assert "quiet hours 10 PM to 8 AM" in reply and "morning plan 7:30 AM" in reply and "USD" in reply

    def test_quiet_hours_without_times_are_asked_and_the_answer_fills_them(self, emulator):
        phone = "+14155550205"
        assert "Between what times" in chat(emulator, phone, "quiet hours please")
        assert "between 10 PM and 7 AM" in chat(emulator, phone, "10pm to 7am")
        assert settings_of(emulator, phone)[2:4] == (time(22), time(7))

    def test_a_daily_cap_that_cannot_be_read_gets_a_question(self, emulator):
        phone = "+14155550204"
        reply = chat(emulator, phone, "no more than 500 texts a day")
        assert "from 0 to 50" in reply
        assert settings_of(emulator, phone)[5] is None


def _today_at(emu, hour, minute=0):
    now = emu.clock.now().astimezone(PARIS)
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


class TestRemindersAndQuietHours:
    def test_an_explicit_time_rings_in_quiet_hours(self, emulator):
        phone = "+33612340010"
        chat(emulator, phone, "heures calmes 22h-8h")
        at = _today_at(emulator, 23)
        chat(emulator, phone, f"rappelle-moi le {at.day}/{at.month} à 23h de fermer le gaz")
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders")
        assert due == at
        emulator.clock.advance(due - emulator.clock.now() + timedelta(seconds=1))
        assert emulator.sweep()["sent"] == 1

    def test_a_snooze_into_quiet_hours_waits_for_their_end(self, emulator):
        phone = "+33612340011"
        chat(emulator, phone, "heures calmes 22h-8h")
        at = _today_at(emulator, 21, 50)
        chat(emulator, phone, f"rappelle-moi le {at.day}/{at.month} à 21h50 de sortir le chien")
        emulator.clock.advance(at - emulator.clock.now() + timedelta(seconds=1))
        assert emulator.sweep()["sent"] == 1
        reply = chat(emulator, phone, "+30")
        assert "demain à 8h" in reply
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders WHERE status = 'pending'")
        assert due.astimezone(PARIS).replace(tzinfo=None) == datetime.combine(at.date() + timedelta(days=1), time(8))

    def test_a_time_counted_from_now_into_quiet_hours_waits_for_their_end(self, emulator):
        phone = "+33612340013"
        chat(emulator, phone, "heures calmes 22h-8h")
        emulator.clock.advance(_today_at(emulator, 21) - emulator.clock.now())
        reply = chat(emulator, phone, "rappelle-moi dans 2h de rappeler Léa")
        assert "demain à 8h" in reply
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders")
        assert due.astimezone(PARIS).time() == time(8)
        reply = chat(emulator, phone, "rappelle-moi à 23h de fermer la fenêtre")  # a clock time is kept
        assert "23h" in reply

    def test_a_reminder_that_insists(self, emulator):
        phone = "+33612340012"
        at = _today_at(emulator, 10)
        chat(emulator, phone, f"rappelle-moi le {at.day}/{at.month} à 10h d'appeler le garage")
        reply = chat(emulator, phone, "insiste toutes les 15 min si je réponds pas")
        assert "toutes les 15 min, 3 fois au plus : appeler le garage" in reply
        emulator.clock.advance(at - emulator.clock.now() + timedelta(seconds=1))
        assert emulator.sweep()["sent"] == 1
        for _ in range(3):
            emulator.clock.advance(timedelta(minutes=15))
            assert emulator.sweep()["followed_up"] == 1
        emulator.clock.advance(timedelta(minutes=15))
        assert emulator.sweep()["followed_up"] == 0
        nudges = [
            m["body"] for m in emulator.twilio.messages if m["body"].startswith("Petit rappel : appeler le garage")
        ]
        assert len(nudges) == 3
