"""Erasure by SMS, and the person's messages at Twilio after any erasure: a request gets what will be erased and a
one-time code; the code erases (every table, found from the catalog), one last SMS says until when backups
hold the data; anything else cancels; an ambiguous message never erases. Twilio's copies (bodies and numbers)
are deleted after the commit by a durable job naming no one, retried while Twilio is down."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from shared.privacy import repository as privacy_repo
from tests.helpers import BOUSSOLE_NUMBER, add_people, bearer, post_sms, rows

PHONE, OTHER = "+33612600001", "+33612600002"


@pytest.fixture()
def people(emulator):
    return add_people(
        emulator.deps.engine,
        ("me", PHONE, "fr", "Europe/Paris"),
        ("other", OTHER, "fr", "Europe/Paris"),
    )


def text_in(emu, phone: str, body: str) -> str:
    """The person texts `body` (Twilio records it, then posts it to our webhook); the one reply it gets."""
    before = len([m for m in emu.twilio.messages if m["to"] == phone])
    sid = emu.twilio.receive(phone, BOUSSOLE_NUMBER, body)
    assert post_sms(emu.http, emu.base_url, from_=phone, body=body, message_sid=sid).status_code == 200
    emu.settle()
    mine = [m for m in emu.twilio.wait_for(len(emu.twilio.messages)) if m["to"] == phone]
    assert len(mine) == before + 1, f"no reply to {body!r}"
    return str(mine[-1]["body"])


def settled_at_twilio(emu, timeout: float = 5.0) -> None:
    """Wait until Twilio has finished delivering what was sent (it refuses to delete a message in flight)."""
    deadline = time.monotonic() + timeout
    while any(m["status"] in ("queued", "accepted", "sending") for m in emu.twilio.messages):
        assert time.monotonic() < deadline, "fake Twilio never finished delivering"
        time.sleep(0.02)


def person_rows(emu, user_id) -> dict[str, int]:
    with emu.deps.engine.connect() as conn:
        from sqlalchemy.orm import Session

        with Session(conn) as session:
            counts = privacy_repo.count_rows(session, user_id)
    return {t: n for t, n in counts.items() if n}


def code_in(reply: str) -> str:
    found = re.search(r"\b(\d{6})\b", reply)
    assert found, reply
    return found.group(1)


class TestBySms:
    def test_confirmed_erasure_leaves_nothing_here_nor_at_twilio(self, emulator, people) -> None:
        text_in(emulator, PHONE, "rappelle-moi demain à 9h d'appeler la banque")
        text_in(emulator, PHONE, "note : le code du portail est 4521")
        text_in(emulator, OTHER, "rappelle-moi demain à 10h de courir")
        assert len(emulator.twilio.held_for(PHONE)) == 4

        ask = text_in(emulator, PHONE, "supprime mes données")
        assert ask.startswith("Tu veux tout effacer") and "EFFACER" in ask
        code = code_in(ask)
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone = :p", p=PHONE) == [(1,)]
        ttl = emulator.deps.cache._client.ttl(f"erase:sms:{people['me']}")
        assert 0 < ttl <= 600  # the code expires in ten minutes, as the SMS says; only its hash is kept
        assert emulator.deps.cache.get(f"erase:sms:{people['me']}") != code

        bye = text_in(emulator, PHONE, f"EFFACER {code}")
        until = emulator.clock.now() + timedelta(days=emulator.deps.settings.backup_retention_days)
        assert bye.startswith("C'est fait : j'ai tout effacé.") and str(until.year) in bye
        assert f"{until.astimezone(ZoneInfo('Europe/Paris')).day} " in bye
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone = :p", p=PHONE) == [(0,)]
        assert person_rows(emulator, people["me"]) == {}
        for table, column in (("messages", "from_phone"), ("messages", "to_phone")):
            assert rows(emulator.deps.engine, f"SELECT count(*) FROM {table} WHERE {column} = :p", p=PHONE) == [(0,)]
        [(details,)] = rows(emulator.deps.engine, "SELECT details FROM audit_events WHERE event = 'me.erased'")
        assert details["channel"] == "sms"
        [(payload,)] = rows(emulator.deps.engine, "SELECT payload::text FROM jobs WHERE kind = 'provider_purge'")
        assert PHONE not in payload and str(people["me"]) not in payload  # the job names no one

        settled_at_twilio(emulator)
        emulator.clock.advance(timedelta(minutes=1))
        assert emulator.sweep()["purged"] == 8  # two texts and their replies, the request and its code, the last SMS
        assert emulator.twilio.held_for(PHONE) == []
        assert len(emulator.twilio.held_for(OTHER)) == 2  # the other person's stay
        assert rows(emulator.deps.engine, "SELECT count(*) FROM outbox WHERE to_phone = :p", p=PHONE) == [(0,)]
        assert rows(emulator.deps.engine, "SELECT status FROM jobs WHERE kind = 'provider_purge'") == [("done",)]

    def test_a_twilio_retry_of_the_confirming_message_creates_nobody_again(self, emulator, people) -> None:
        code = code_in(text_in(emulator, PHONE, "supprime mes données"))
        sid = emulator.twilio.receive(PHONE, BOUSSOLE_NUMBER, f"EFFACER {code}")
        for _ in range(2):  # the first answer was lost: Twilio posts the same message again
            post_sms(emulator.http, emulator.base_url, from_=PHONE, body=f"EFFACER {code}", message_sid=sid)
            emulator.settle()
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone = :p", p=PHONE) == [(0,)]
        assert rows(emulator.deps.engine, "SELECT count(*) FROM messages WHERE from_phone = :p", p=PHONE) == [(0,)]
        replies = [m["body"] for m in emulator.twilio.messages if m["to"] == PHONE]
        assert len(replies) == 2 and replies[1].startswith("C'est fait")  # no welcome to a "new" number

    def test_anything_else_cancels_and_a_later_code_erases_nothing(self, emulator, people) -> None:
        code = code_in(text_in(emulator, PHONE, "delete my data"))
        assert text_in(emulator, PHONE, "non") == "Effacement annulé, je n'ai rien supprimé."
        text_in(emulator, PHONE, f"EFFACER {code}")  # too late: no erasure is waiting any more
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone = :p", p=PHONE) == [(1,)]
        events = rows(emulator.deps.engine, "SELECT event FROM audit_events ORDER BY at, event")
        assert [e for (e,) in events] == ["me.erasure_asked", "me.erasure_cancelled"]

    def test_a_wrong_code_cancels_it_for_good(self, emulator, people) -> None:
        code = code_in(text_in(emulator, PHONE, "efface tout"))
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        assert text_in(emulator, PHONE, f"EFFACER {wrong}").startswith("Effacement annulé")
        assert text_in(emulator, PHONE, f"EFFACER {code}") != ""  # read as an ordinary message now
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone = :p", p=PHONE) == [(1,)]

    def test_an_ambiguous_message_is_not_an_erasure(self, emulator, people) -> None:
        text_in(emulator, PHONE, "rappelle-moi demain à 9h d'appeler la banque")
        reply = text_in(emulator, PHONE, "supprime le rappel")
        assert not reply.startswith("Tu veux tout effacer") and "EFFACER" not in reply
        assert not rows(emulator.deps.engine, "SELECT 1 FROM audit_events WHERE event = 'me.erasure_asked'")

    def test_in_english_during_the_first_contact_dialogue(self, emulator) -> None:
        phone = "+14155600003"
        text_in(emulator, phone, "hello")  # asked for consent, nothing agreed yet
        ask = text_in(emulator, phone, "delete my account")
        assert ask.startswith("You want to erase everything") and "ERASE" in ask
        bye = text_in(emulator, phone, f"erase {code_in(ask)}")
        assert bye.startswith("Done: I've erased everything.")
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users") == [(0,)]


class TestTwilioLogs:
    def test_erasure_by_api_deletes_the_messages_at_twilio_too(self, emulator, people) -> None:
        text_in(emulator, PHONE, "rappelle-moi demain à 9h d'appeler la banque")
        headers = bearer(people["me"], emulator)
        code = emulator.http.post("/v1/me/erasure", headers=headers).json()["confirmation"]
        done = emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=headers)
        assert done.status_code == 200, done.text
        settled_at_twilio(emulator)
        assert emulator.sweep()["purged"] == 2
        assert emulator.twilio.held_for(PHONE) == []

    def test_with_twilio_down_the_job_waits_and_retries_until_done(self, emulator, people) -> None:
        text_in(emulator, PHONE, "rappelle-moi demain à 9h d'appeler la banque")
        headers = bearer(people["me"], emulator)
        code = emulator.http.post("/v1/me/erasure", headers=headers).json()["confirmation"]
        assert (
            emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=headers).status_code == 200
        )
        settled_at_twilio(emulator)

        emulator.twilio.fail_next(2, status=503)
        first = emulator.sweep()
        assert first["purged"] == 0
        [(status, attempts, error, payload)] = rows(
            emulator.deps.engine, "SELECT status, attempts, last_error, payload FROM jobs WHERE kind = 'provider_purge'"
        )
        assert status == "pending" and attempts == 1 and "503" in error and len(payload["sids"]) == 2
        assert len(emulator.twilio.held_for(PHONE)) == 2

        assert emulator.sweep()["purged"] == 0  # not due again yet: backing off
        emulator.clock.advance(timedelta(seconds=31))
        assert emulator.sweep()["purged"] == 2
        assert emulator.twilio.held_for(PHONE) == []
        assert rows(emulator.deps.engine, "SELECT status FROM jobs WHERE kind = 'provider_purge'") == [("done",)]

    def test_a_message_already_gone_at_twilio_counts_as_deleted(self, emulator) -> None:
        from shared.privacy import purge

        with emulator.deps.uow() as tx:
            purge.queue(tx.session, sids=["SM" + "0" * 32], now=emulator.clock.now())
        assert emulator.sweep()["purged"] == 1
        assert rows(emulator.deps.engine, "SELECT status FROM jobs WHERE kind = 'provider_purge'") == [("done",)]


def test_out_of_time_the_job_goes_on_at_the_next_sweep_without_counting_a_failure(emulator) -> None:
    from shared.privacy import purge

    with emulator.deps.uow() as tx:
        purge.queue(tx.session, sids=[f"SM{n:032x}" for n in range(3)], now=emulator.clock.now())
    assert emulator.deps.purge(budget_seconds=0).deleted == 0
    assert rows(emulator.deps.engine, "SELECT status, attempts FROM jobs WHERE kind = 'provider_purge'") == [
        ("pending", 0)
    ]
    assert emulator.deps.purge(budget_seconds=30).deleted == 3
    assert rows(emulator.deps.engine, "SELECT status FROM jobs WHERE kind = 'provider_purge'") == [("done",)]


def test_the_fake_deletes_like_twilio(fake_twilio) -> None:
    """204 and no body; 404/20404 when unknown; 20009 while in flight (through the real SDK)."""
    from twilio.base.exceptions import TwilioRestException
    from twilio.rest import Client

    client = Client(fake_twilio.account_sid, fake_twilio.auth_token)
    client.api.base_url = fake_twilio.base_url
    fake_twilio.auto_callbacks = False
    sent = client.messages.create(to=PHONE, from_=BOUSSOLE_NUMBER, body="x")
    with pytest.raises(TwilioRestException) as in_flight:
        client.messages(sent.sid).delete()
    assert in_flight.value.code == 20009
    received = fake_twilio.receive(PHONE, BOUSSOLE_NUMBER, "bonjour")
    assert client.messages(received).fetch().direction == "inbound"
    assert client.messages(received).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        client.messages(received).delete()
    assert gone.value.status == 404 and gone.value.code == 20404
    assert [m["sid"] for m in fake_twilio.held_for(PHONE)] == [sent.sid]


def test_the_catalog_finds_no_table_forgotten(emulator, people) -> None:
    """The tables erasure reaches are the catalog's: a table referencing users is found without a list."""
    with emulator.deps.engine.connect() as conn:
        from sqlalchemy.orm import Session

        with Session(conn) as session:
            tables = {t for t, _ in privacy_repo.person_tables(session)}
        names = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert {"messages", "outbox", "reminders", "user_settings"} <= tables <= names
