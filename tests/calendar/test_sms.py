"""Events by SMS, end to end (emulator: real Postgres and Redis, fake Twilio), French and English: add one,
be told about an overlap, ask what a day holds, move and cancel; a reminder request stays a reminder."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import chat, rows

KNOWN_PHONES = (
    "+14155501001",
    "+14155501002",
    "+33612300004",
    "+33612300005",
    "+33612300006",
    "+33612300001",
    "+33612300002",
    "+33612300003",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def events(emu, phone: str) -> list[tuple[str, datetime, datetime, bool]]:
    return rows(
        emu.deps.engine,
        "SELECT e.title, e.starts_at, e.ends_at, e.all_day FROM events e JOIN users u ON u.id = e.user_id "
        "WHERE u.phone = :p ORDER BY e.starts_at",
        p=phone,
    )


def zone_of(emu, phone: str) -> ZoneInfo:
    return ZoneInfo(rows(emu.deps.engine, "SELECT timezone FROM users WHERE phone = :p", p=phone)[0][0])


class TestFrench:
    def test_add_conflict_list_move_cancel(self, emulator) -> None:
        phone = "+33612300001"
        reply = chat(emulator, phone, "j'ai un rdv jeudi 15h chez le dentiste")
        assert "rdv chez le dentiste" in reply and "15h-16h" in reply
        [(title, start, end, all_day)] = events(emulator, phone)
        paris = zone_of(emulator, phone)
        assert title == "rdv chez le dentiste" and start.astimezone(paris).strftime("%a %H:%M") == "Thu 15:00"
        assert (end - start).seconds == 3600 and not all_day

        reply = chat(emulator, phone, "réunion jeudi de 14h à 15h30")
        assert "Attention : ça chevauche « rdv chez le dentiste » 15h-16h" in reply

        listing = chat(emulator, phone, "qu'est-ce que j'ai dans mon agenda jeudi ?")
        assert "14h-15h30 réunion" in listing and "15h-16h rdv chez le dentiste" in listing
        assert listing.index("réunion") < listing.index("dentiste")

        moved = chat(emulator, phone, "décale le rdv dentiste à vendredi 10h")
        assert "vendredi" in moved and "10h-11h" in moved
        assert "Rien dans ton agenda" in chat(emulator, phone, "agenda de samedi")

        cancelled = chat(emulator, phone, "annule la réunion de jeudi")
        assert "réunion" in cancelled
        assert [t for t, *_ in events(emulator, phone)] == ["rdv chez le dentiste"]

    def test_a_day_without_time_is_all_day_and_a_reminder_stays_a_reminder(self, emulator) -> None:
        phone = "+33612300002"
        reply = chat(emulator, phone, "mets dans mon agenda : dîner chez maman samedi")
        assert "toute la journée" in reply
        [(title, _, _, all_day)] = events(emulator, phone)
        assert title == "dîner chez maman" and all_day
        chat(emulator, phone, "rappelle-moi jeudi à 14h d'appeler le dentiste")
        assert len(events(emulator, phone)) == 1
        assert rows(emulator.deps.engine, "SELECT text FROM reminders") == [("appeler le dentiste",)]

    def test_undo_right_after_adding(self, emulator) -> None:
        phone = "+33612300003"
        chat(emulator, phone, "agenda: cours de yoga jeudi de 19h a 20h")
        assert "cours de yoga" in chat(emulator, phone, "annule")
        assert events(emulator, phone) == []


class TestEnglish:
    def test_add_list_and_ask_when(self, emulator) -> None:
        phone = "+14155501001"
        reply = chat(emulator, phone, "meeting tomorrow from 10 to 11:30")
        assert "meeting" in reply and "10 AM-11:30 AM" in reply
        assert "When is" in chat(emulator, phone, "add to calendar dinner with Sam")
        reply = chat(emulator, phone, "friday 8pm")
        assert "dinner with Sam" in reply
        listing = chat(emulator, phone, "show my events")
        assert "meeting" in listing and "dinner with Sam" in listing
        assert "Nothing on your calendar" in chat(emulator, phone, "what's on my calendar sunday?")


class TestEventOrReminder:
    """The person names a thing without saying whether it is on the calendar or a reminder: whichever holds it
    is cancelled or moved."""

    def test_an_appointment_set_as_a_reminder_is_cancelled_and_moved_as_one(self, emulator) -> None:
        phone = "+33612300004"
        assert "dentiste" in chat(emulator, phone, "rappelle-moi jeudi 15h le dentiste")
        moved = chat(emulator, phone, "décale le dentiste à vendredi 10h")
        assert "vendredi" in moved and "10h" in moved, moved
        due = rows(emulator.deps.engine, "SELECT due_at FROM reminders WHERE status = 'pending'")
        assert [d.astimezone(zone_of(emulator, phone)).strftime("%a %H:%M") for (d,) in due] == ["Fri 10:00"]
        cancelled = chat(emulator, phone, "annule le dentiste")
        assert "dentiste" in cancelled
        assert rows(emulator.deps.engine, "SELECT status FROM reminders") == [("cancelled",)]
        assert events(emulator, phone) == []

    def test_a_dinner_on_the_calendar_is_cancelled_when_asked_as_a_reminder(self, emulator) -> None:
        phone = "+14155501002"
        assert "dinner with Sam" in chat(emulator, phone, "put dinner with Sam on my calendar friday 8pm")
        cancelled = chat(emulator, phone, "delete the dinner with sam reminder")
        assert "dinner with Sam" in cancelled, cancelled
        assert events(emulator, phone) == []

    def test_a_reminder_postponed_in_task_words_is_moved(self, emulator) -> None:
        phone = "+33612300005"
        chat(emulator, phone, "rappelle-moi demain à 18h de sortir le linge")
        moved = chat(emulator, phone, "repousse le linge à vendredi")
        assert "vendredi" in moved and "linge" in moved, moved
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders WHERE status = 'pending'")
        assert due.astimezone(zone_of(emulator, phone)).strftime("%a") == "Fri"

    def test_when_is_my_appointment_answers_from_the_calendar_or_the_reminders(self, emulator) -> None:
        phone = "+33612300006"
        chat(emulator, phone, "j'ai rdv chez le coiffeur samedi 10h")
        chat(emulator, phone, "rappelle-moi jeudi 15h le kiné")
        on_calendar = chat(emulator, phone, "c'est quand le coiffeur ?")
        assert "coiffeur" in on_calendar and "samedi" in on_calendar, on_calendar
        as_reminder = chat(emulator, phone, "c'est quand mon rdv chez le kiné ?")
        assert "kiné" in as_reminder and "jeudi" in as_reminder, as_reminder
        assert "dentiste" in chat(emulator, phone, "c quand le dentiste")  # nothing by those words: says so

    def test_nothing_by_those_words_anywhere_says_so(self, emulator) -> None:
        reply = chat(emulator, "+33612300004", "annule le dentiste")
        assert "dentiste" in reply and rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(0,)]
