"""Conversations over several SMS, through the emulator (real Postgres, Redis for the state, the fake
Twilio): a question and its answer, "laisse tomber", which reminder "fait" means, turns that arrive out
of order, languages, and what happens at START."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from local.twilio_webhook import inbound_params
from shared.config import LOCAL_TWILIO_SID
from shared.db import dsn
from shared.messaging.inbound import InboundStore, to_inbound
from tests.helpers import BOUSSOLE_NUMBER, chat, post_sms, rows

# People who went through the first-contact dialogue already (tests/onboarding/ covers it).
KNOWN_PHONES = (
    "+14155550101",
    "+14155550102",
    "+33612000101",
    "+33612000102",
    "+33612000103",
    "+33612000104",
    "+33612000105",
    "+33612000106",
    "+33612000107",
    "+33612000108",
    "+33612000109",
    "+33612000110",
)
pytestmark = pytest.mark.usefixtures("known_phones")


PARIS = ZoneInfo("Europe/Paris")


def pending(emu) -> list[tuple[str, datetime]]:
    return rows(emu.deps.engine, "SELECT text, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at")


class TestQuestionAndAnswer:
    def test_a_missing_time_is_asked_and_the_next_sms_fills_it(self, emulator) -> None:
        phone = "+33612000101"
        assert "quand" in chat(emulator, phone, "rappelle-moi de rendre les clés").lower()
        reply = chat(emulator, phone, "vendredi 18h")
        [(what, due)] = pending(emulator)
        assert what == "rendre les clés" and due.astimezone(PARIS).strftime("%a %H:%M") == "Fri 18:00"
        assert "rendre les clés" in reply and "vendredi" in reply

    def test_in_english_too(self, emulator) -> None:
        phone = "+14155550101"
        assert "When should I remind you to call the doctor" in chat(emulator, phone, "remind me to call the doctor")
        chat(emulator, phone, "tomorrow at 2pm")
        [(what, due)] = pending(emulator)
        [(zone,)] = rows(emulator.deps.engine, "SELECT timezone FROM users WHERE phone = :p", p=phone)
        assert what == "call the doctor" and due.astimezone(ZoneInfo(zone)).hour == 14

    def test_laisse_tomber_drops_the_question(self, emulator) -> None:
        phone = "+33612000102"
        chat(emulator, phone, "rappelle-moi d'arroser les plantes")
        assert chat(emulator, phone, "laisse tomber") == "OK, on laisse tomber."
        chat(emulator, phone, "demain 9h")
        assert pending(emulator) == []


class TestWhatWasJustSaid:
    def test_scratch_that_cancels_the_reminder_just_set(self, emulator) -> None:
        phone = "+14155550102"
        chat(emulator, phone, "remind me tomorrow at 9 to call the bank")
        assert "cancelled" in chat(emulator, phone, "scratch that")
        assert pending(emulator) == []

    def test_no_longer_needed_names_the_reminder(self, emulator) -> None:
        phone = "+33612000103"
        chat(emulator, phone, "rappelle-moi demain à 9h d'appeler la banque")
        chat(emulator, phone, "rappelle-moi jeudi à 15h d'aller chez le dentiste")
        reply = chat(emulator, phone, "plus besoin du rappel pour la banque")
        assert "appeler la banque" in reply
        assert [w for w, _ in pending(emulator)] == ["aller chez le dentiste"]

    def test_when_is_my_reminder_answers_from_the_data(self, emulator) -> None:
        phone = "+33612000104"
        chat(emulator, phone, "rappelle-moi jeudi à 15h30 d'aller chez le dentiste")
        reply = chat(emulator, phone, "c'est quand mon rappel pour le dentiste ?")
        assert "15h30" in reply and "dentiste" in reply
        assert "dentiste" in chat(emulator, phone, "c'est quoi mes rappels ?")


class TestWhichReminder:
    def test_done_with_two_that_rang_asks_which_then_takes_the_number(self, emulator) -> None:
        phone = "+33612000105"
        chat(emulator, phone, "rappelle-moi dans 5 minutes de prendre mes médicaments")
        chat(emulator, phone, "rappelle-moi dans 6 minutes d'appeler maman")
        emulator.clock.advance(timedelta(minutes=7))
        emulator.sweep()
        emulator.twilio.wait_for(4)
        question = chat(emulator, phone, "c'est fait")
        assert question.startswith("Lequel ?") and "1." in question and "2." in question
        first = question.split("\n")[1].split(". ", 1)[1]
        reply = chat(emulator, phone, "1")
        assert first in reply and reply.startswith("Bravo")
        statuses = dict(rows(emulator.deps.engine, "SELECT text, status FROM reminders"))
        assert statuses[first] == "acknowledged" and list(statuses.values()).count("acknowledged") == 1


class TestOrder:
    def test_notices_out_of_order_and_concurrent_still_run_in_arrival_order(self, emulator) -> None:
        """ "en fait plutôt 18h" must amend the reminder sent before it, whatever order the queue delivers."""
        deps = emulator.deps
        store = InboundStore(lambda: dsn.connect_native(deps.settings.database_url))
        now = emulator.clock.now()
        jobs = []
        for i, body in enumerate(("rappelle-moi demain à 17h de sortir le chien", "en fait plutôt 18h")):
            form = inbound_params(from_="+33612000106", to=BOUSSOLE_NUMBER, body=body, account_sid=LOCAL_TWILIO_SID)
            received = now - timedelta(seconds=10 - i)
            [stored] = store.store_batch([(to_inbound(form, account_sid=LOCAL_TWILIO_SID), received)])
            jobs.append(stored.job_id)
        threads = [threading.Thread(target=deps.run_agent_turn, args=(j,)) for j in reversed(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        [(what, due)] = pending(emulator)
        assert what == "sortir le chien" and due.astimezone(PARIS).hour == 18
        assert rows(deps.engine, "SELECT count(*) FROM jobs WHERE status = 'done'") == [(2,)]


class TestLanguages:
    def test_a_reminder_asked_in_english_rings_in_english_for_a_french_number(self, emulator) -> None:
        phone = "+33612000107"
        chat(emulator, phone, "remind me in 5 minutes to take out the trash")
        emulator.clock.advance(timedelta(minutes=6))
        emulator.sweep()
        assert emulator.twilio.wait_for(2)[-1]["body"] == "Reminder: take out the trash"

    def test_two_messages_in_a_row_in_the_other_language_switch_and_say_how_to_switch_back(self, emulator) -> None:
        phone = "+33612000108"
        chat(emulator, phone, "salut")
        first = chat(emulator, phone, "remind me in 2 hours to drink water")
        assert "français" not in first  # one message is not a switch
        second = chat(emulator, phone, "remind me in 3 hours to stretch")
        assert second.endswith('I\'ll answer in English now. Send "français" to switch back to French.')
        assert rows(emulator.deps.engine, "SELECT language FROM users WHERE phone = :p", p=phone) == [("en",)]

    def test_help_in_english_is_answered_in_english(self, emulator) -> None:
        phone = "+33612000109"
        chat(emulator, phone, "bonjour")
        assert chat(emulator, phone, "what can you do?").startswith("I'm Boussole")


class TestStopStart:
    def test_at_start_the_person_hears_that_messages_sent_meanwhile_were_not_handled(self, emulator) -> None:
        phone = "+33612000110"
        chat(emulator, phone, "bonjour")
        post_sms(emulator.http, emulator.base_url, from_=phone, body="STOP")
        post_sms(emulator.http, emulator.base_url, from_=phone, body="rappelle-moi demain à 9h d'appeler Léa")
        emulator.settle()
        reply = chat(emulator, phone, "START")
        assert "n'ont pas été traités" in reply
        assert pending(emulator) == []
