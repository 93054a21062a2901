"""End to end through HTTP: a person texts a reminder, gets a confirmation, and later the reminder,
through the real twilio client to the fake Twilio API."""

from __future__ import annotations

import concurrent.futures
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import BOUSSOLE_NUMBER, post_sms, rows

# The people of these tests went through the first-contact dialogue already (tests/onboarding/ covers it).
KNOWN_PHONES = (
    "+12125550199",
    "+14155550000",
    "+14155550001",
    "+14155550123",
    "+14155553333",
    "+14155554444",
    "+14155556666",
    "+33611111111",
    "+33611111112",
    "+33611117777",
    "+33611118888",
    "+33611119999",
    "+33611223344",
    "+33612312312",
    "+33612345678",
    "+33622222222",
    "+33622334455",
    "+33633333333",
    "+33644444444",
    "+33644556677",
    "+33655443322",
    "+33655555555",
    "+33688888888",
    "+33698765432",
    "+33699887766",
    "+33699999999",
)
pytestmark = pytest.mark.usefixtures("known_phones")

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def _sent_to(emulator, phone):
    return [m for m in emulator.twilio.messages if m["to"] == phone]


class TestReminderRoundTrip:
    @pytest.mark.parametrize(
        ("phone", "text", "confirm_start", "what", "fire_text"),
        [
            (
                "+33612345678",
                "rappelle-moi dans 2 minutes de prendre mes médicaments",
                "OK, je te rappelle aujourd'hui à ",
                "prendre mes médicaments",
                "Rappel : prendre mes médicaments",
            ),
            (
                "+14155550123",
                "remind me in 2 minutes to take my meds",
                "OK, I'll remind you today at ",
                "take my meds",
                "Reminder: take my meds",
            ),
        ],
        ids=["fr", "en"],
    )
    def test_texted_reminder_comes_back_once_two_minutes_later(
        self, emulator, phone, text, confirm_start, what, fire_text
    ):
        before = emulator.clock.now()
        r = post_sms(emulator.http, emulator.base_url, from_=phone, body=text)
        after = emulator.clock.now()

        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/xml")
        assert r.text == EMPTY_TWIML
        emulator.settle()

        [(due_at, stored_what, status)] = rows(emulator.deps.engine, "SELECT due_at, text, status FROM reminders")
        assert stored_what == what and status == "pending"
        assert before + timedelta(minutes=2) - timedelta(seconds=1) <= due_at <= after + timedelta(minutes=2, seconds=1)
        [confirmation] = emulator.twilio.wait_for(1)
        assert confirmation["to"] == phone and confirmation["from_"] == BOUSSOLE_NUMBER
        assert confirmation["body"].startswith(confirm_start)
        assert confirmation["body"].endswith(what)

        assert emulator.sweep()["sent"] == 0  # not due yet
        emulator.clock.advance(timedelta(minutes=2, seconds=2))
        result = emulator.sweep()
        assert result["fired"] == 1 and result["sent"] == 1
        sent = emulator.twilio.wait_for(2)
        assert len(sent) == 2
        assert sent[1]["to"] == phone and sent[1]["from_"] == BOUSSOLE_NUMBER and sent[1]["body"] == fire_text
        assert emulator.sweep()["sent"] == 0
        assert len(emulator.twilio.messages) == 2
        assert rows(emulator.deps.engine, "SELECT status FROM reminders") == [("sent",)]

    def test_french_reminder_tomorrow_at_nine_is_stored_at_the_paris_instant(self, emulator):
        post_sms(
            emulator.http, emulator.base_url, from_="+33698765432", body="rappelle-moi demain à 9h d'appeler la banque"
        )
        emulator.settle()
        local_now = emulator.clock.now().astimezone(PARIS)
        expected = datetime.combine(
            local_now.date() + timedelta(days=1), datetime.min.time().replace(hour=9), tzinfo=PARIS
        )
        [(due_at, what, tz)] = rows(emulator.deps.engine, "SELECT due_at, text, timezone FROM reminders")
        assert due_at == expected and what == "appeler la banque" and tz == "Europe/Paris"
        [confirmation] = emulator.twilio.wait_for(1)
        assert "demain à 9h : appeler la banque" in confirmation["body"]

        emulator.clock.advance(expected - emulator.clock.now() + timedelta(seconds=1))
        emulator.sweep()
        assert [m["body"] for m in emulator.twilio.wait_for(2)][1] == "Rappel : appeler la banque"

    def test_english_reminder_at_5pm_uses_new_york_time_for_a_us_number(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+12125550199", body="remind me tomorrow at 5pm to pay rent")
        emulator.settle()
        local_now = emulator.clock.now().astimezone(NEW_YORK)
        expected = datetime.combine(
            local_now.date() + timedelta(days=1), datetime.min.time().replace(hour=17), tzinfo=NEW_YORK
        )
        [(due_at, what)] = rows(emulator.deps.engine, "SELECT due_at, text FROM reminders")
        assert due_at == expected and what == "pay rent"
        assert "tomorrow at 5 PM: pay rent" in emulator.twilio.wait_for(1)[0]["body"]

    def test_not_understood_gets_a_helpful_answer_in_the_persons_language(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+33611111111", body="la météo à Lyon ?")
        post_sms(emulator.http, emulator.base_url, from_="+14155550000", body="who won the game last night?")
        emulator.settle()
        sent = {m["to"]: m["body"] for m in emulator.twilio.wait_for(2)}
        assert "Je n'ai pas bien compris" in sent["+33611111111"] and "souviens-toi" in sent["+33611111111"]
        assert "I didn't quite get that" in sent["+14155550000"] and "remember that" in sent["+14155550000"]
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(0,)]

    def test_a_greeting_gets_a_greeting_not_a_puzzled_answer(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+33611111112", body="bonjour, ça va ?")
        post_sms(emulator.http, emulator.base_url, from_="+14155550001", body="hello there, how are you?")
        emulator.settle()
        sent = {m["to"]: m["body"] for m in emulator.twilio.wait_for(2)}
        assert sent["+33611111112"].endswith("Salut ! Dis-moi ce que tu ne veux pas oublier, et quand.")
        assert sent["+14155550001"].endswith("Hi! Tell me what you don't want to forget, and when.")

    def test_reminder_without_a_time_asks_when(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+33622222222", body="rappelle-moi d'acheter du pain")
        emulator.settle()
        [reply] = emulator.twilio.wait_for(1)
        assert "quand" in reply["body"] and "acheter du pain" in reply["body"]


class TestTwilioRetries:
    def test_same_message_sid_twice_acts_once(self, emulator):
        sid = "SM" + "a" * 32
        first = post_sms(
            emulator.http,
            emulator.base_url,
            from_="+33633333333",
            body="rappelle-moi dans 10 minutes de sortir le linge",
            message_sid=sid,
        )
        emulator.settle()
        second = post_sms(
            emulator.http,
            emulator.base_url,
            from_="+33633333333",
            body="rappelle-moi dans 10 minutes de sortir le linge",
            message_sid=sid,
        )
        emulator.settle()
        assert first.status_code == second.status_code == 200
        assert second.text == EMPTY_TWIML
        engine = emulator.deps.engine
        assert rows(engine, "SELECT count(*) FROM messages") == [(1,)]
        assert rows(engine, "SELECT count(*) FROM jobs") == [(1,)]
        assert rows(engine, "SELECT count(*) FROM reminders") == [(1,)]
        assert len(emulator.twilio.messages) == 1

    def test_concurrent_retries_of_one_message_store_it_once(self, emulator):
        sid = "SM" + "b" * 32

        def post(_):
            import httpx

            with httpx.Client(base_url=emulator.base_url, timeout=10) as http:
                return post_sms(
                    http,
                    emulator.base_url,
                    from_="+33644444444",
                    body="rappelle-moi dans 1h de boire de l'eau",
                    message_sid=sid,
                ).status_code

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(post, range(8)))
        emulator.settle()
        assert codes == [200] * 8
        assert rows(emulator.deps.engine, "SELECT count(*) FROM messages") == [(1,)]
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(1,)]
        assert len(emulator.twilio.wait_for(1)) == 1


class TestWebhookRefusals:
    def test_tampered_body_is_refused_and_nothing_is_stored(self, emulator):
        r = post_sms(
            emulator.http,
            emulator.base_url,
            from_="+33655555555",
            body="rappelle-moi dans 5 min",
            tamper={"Body": "rappelle-moi dans 1 min"},
        )
        assert r.status_code == 403
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/bad-signature")
        self._nothing_stored(emulator)

    def test_signature_with_the_wrong_auth_token_is_refused(self, emulator):
        r = post_sms(emulator.http, emulator.base_url, from_="+33655555555", body="salut", token="not-the-token")
        assert r.status_code == 403
        self._nothing_stored(emulator)

    def test_missing_signature_is_refused(self, emulator):
        r = emulator.http.post("/sms/inbound", data={"Body": "salut", "From": "+33655555555"})
        assert r.status_code == 403
        self._nothing_stored(emulator)

    def test_signed_form_missing_fields_gets_a_clear_400(self, emulator):
        from local.twilio_webhook import sign
        from shared.config import LOCAL_TWILIO_TOKEN

        params = {"Body": "salut", "To": BOUSSOLE_NUMBER}
        r = emulator.http.post(
            "/sms/inbound",
            data=params,
            headers={"X-Twilio-Signature": sign(f"{emulator.base_url}/sms/inbound", params, LOCAL_TWILIO_TOKEN)},
        )
        assert r.status_code == 400
        problem = r.json()
        assert problem["status"] == 400 and problem["title"] == "Missing fields"
        assert set(problem["fields"]) == {"MessageSid", "From", "AccountSid"}
        self._nothing_stored(emulator)

    def test_signed_form_with_garbled_phone_gets_a_400(self, emulator):
        from local.twilio_webhook import inbound_params, sign
        from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN

        params = inbound_params(from_="+33655555555", to=BOUSSOLE_NUMBER, body="x", account_sid=LOCAL_TWILIO_SID)
        params["From"] = "not a number"
        r = emulator.http.post(
            "/sms/inbound",
            data=params,
            headers={"X-Twilio-Signature": sign(f"{emulator.base_url}/sms/inbound", params, LOCAL_TWILIO_TOKEN)},
        )
        assert r.status_code == 400 and r.json()["fields"] == ["From"]
        self._nothing_stored(emulator)

    def test_body_that_is_not_a_form_gets_a_400(self, emulator):
        r = emulator.http.post(
            "/sms/inbound",
            content=b"\xff\xfe\x00garbage",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 400 and r.json()["type"].endswith("/malformed-form")
        self._nothing_stored(emulator)

    def test_wrong_method_and_oversized_body_are_problems(self, emulator):
        r = emulator.http.get("/sms/inbound")
        assert r.status_code == 405 and r.headers["content-type"] == "application/problem+json"
        r = emulator.http.post(
            "/sms/inbound",
            content=b"Body=" + b"x" * 70_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 413 and r.json()["type"].endswith("/too-large")
        self._nothing_stored(emulator)

    @staticmethod
    def _nothing_stored(emulator):
        emulator.settle()
        engine = emulator.deps.engine
        assert rows(engine, "SELECT count(*) FROM messages") == [(0,)]
        assert rows(engine, "SELECT count(*) FROM jobs") == [(0,)]
        assert emulator.twilio.messages == []


class TestBehindAProxy:
    def test_signature_is_checked_on_the_configured_url_not_on_forwarded_headers(self, emulator):
        """A proxy (or an attacker) sending X-Forwarded-* cannot change the URL the signature covers."""
        from local.twilio_webhook import inbound_params, sign
        from shared.config import LOCAL_TWILIO_SID, LOCAL_TWILIO_TOKEN

        params = inbound_params(
            from_="+33688888888",
            to=BOUSSOLE_NUMBER,
            body="rappelle-moi dans 1h de dormir",
            account_sid=LOCAL_TWILIO_SID,
        )
        proxy_headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Port": "443",
            "Host": "evil.example",
        }
        ok = emulator.http.post(
            "/sms/inbound",
            data=params,
            headers={
                **proxy_headers,
                "X-Twilio-Signature": sign(f"{emulator.base_url}/sms/inbound", params, LOCAL_TWILIO_TOKEN),
            },
        )
        assert ok.status_code == 200
        params["MessageSid"] = "SM" + "c" * 32
        forged = emulator.http.post(
            "/sms/inbound",
            data=params,
            headers={
                **proxy_headers,
                "X-Twilio-Signature": sign("https://evil.example/sms/inbound", params, LOCAL_TWILIO_TOKEN),
            },
        )
        assert forged.status_code == 403
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT count(*) FROM messages") == [(1,)]


class TestOddInput:
    def test_a_nul_character_is_stored_not_fatal(self, emulator):
        r = post_sms(emulator.http, emulator.base_url, from_="+33699999999", body="rappelle-moi\x00 dans 1h de lire")
        assert r.status_code == 200
        emulator.settle()
        [(body,)] = rows(emulator.deps.engine, "SELECT body FROM messages")
        assert body == "rappelle-moi\ufffd dans 1h de lire"

    def test_a_turn_that_keeps_failing_ends_with_an_apology_not_silence(self, emulator):
        from sqlalchemy import text

        with emulator.deps.engine.begin() as conn:  # a corrupt profile makes every turn fail
            conn.execute(
                text(
                    "INSERT INTO users (phone, language, timezone, onboarding_state)"
                    " VALUES ('+33698989898', 'fr', 'Mars/Olympus', 'done')"
                )
            )
        post_sms(emulator.http, emulator.base_url, from_="+33698989898", body="rappelle-moi dans 1h de lire")
        emulator.settle()
        assert emulator.twilio.messages == []
        for _ in range(3):
            emulator.clock.advance(timedelta(minutes=2))
            emulator.sweep()
            emulator.settle()
        emulator.sweep()  # delivers the apology queued by the last attempt
        [(status, attempts, error)] = rows(emulator.deps.engine, "SELECT status, attempts, last_error FROM jobs")
        assert status == "failed" and attempts == 3 and "Mars/Olympus" in error
        [reply] = emulator.twilio.wait_for(1)
        assert reply["body"].startswith("Désolé") and reply["to"] == "+33698989898"


class TestBareReminders:
    def test_a_reminder_with_only_a_time_is_a_ping(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+33611223344", body="rappelle-moi dans 10 minutes")
        emulator.settle()
        [confirm] = emulator.twilio.wait_for(1)
        assert confirm["body"].startswith("OK, je te fais signe aujourd'hui à ")
        emulator.clock.advance(timedelta(minutes=11))
        emulator.sweep()
        assert (
            emulator.twilio.wait_for(2)[1]["body"] == "C'est l'heure ! Tu m'avais demandé de te faire signe maintenant."
        )

    def test_remind_me_alone_asks_what_and_when(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+14155553333", body="remind me")
        emulator.settle()
        [reply] = emulator.twilio.wait_for(1)
        assert reply["body"].startswith("What should I remind you of, and when?")
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(0,)]


class TestRecurringReminders:
    def test_a_daily_reminder_rings_every_day_at_its_local_time(self, emulator):
        post_sms(
            emulator.http,
            emulator.base_url,
            from_="+33644556677",
            body="rappelle-moi tous les jours à 21h de prendre mes médicaments",
        )
        emulator.settle()
        [confirm] = emulator.twilio.wait_for(1)
        assert "OK, je te rappelle tous les jours à 21h : prendre mes médicaments. Premier rappel " in confirm["body"]
        [(first, rrule)] = rows(emulator.deps.engine, "SELECT due_at, rrule FROM reminders")
        assert first.astimezone(PARIS).time().isoformat() == "21:00:00" and "FREQ=DAILY" in rrule

        for day in range(2):
            emulator.clock.advance(first + timedelta(days=day, seconds=1) - emulator.clock.now())
            assert emulator.sweep()["sent"] == 1
            assert emulator.twilio.wait_for(2 + day)[-1]["body"] == "Rappel : prendre mes médicaments"
            [(status, due)] = rows(emulator.deps.engine, "SELECT status, due_at FROM reminders")
            assert status == "pending" and due.astimezone(PARIS).time().isoformat() == "21:00:00"
            assert due > emulator.clock.now()
        assert rows(emulator.deps.engine, "SELECT count(*) FROM outbox WHERE kind = 'reminder'") == [(2,)]

    def test_after_downtime_a_missed_series_rings_once_not_once_per_missed_day(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+14155556666", body="remind me every day at 8am to stretch")
        emulator.settle()
        emulator.clock.advance(timedelta(days=3, hours=1))
        assert emulator.sweep()["sent"] == 1
        emulator.sweep()
        # Late, and it says so, counted from the latest 8 AM it missed (less than a day ago), not the first.
        [late] = [m["body"] for m in emulator.twilio.messages][1:]
        match = re.fullmatch(r"Reminder: stretch \((\d+) (h|min) late\)", late)
        assert match and (match[2] == "min" or int(match[1]) < 24), late


class TestRepliesToAReminder:
    def _rung(self, emulator, phone, body):
        post_sms(emulator.http, emulator.base_url, from_=phone, body=body)
        emulator.settle()
        emulator.clock.advance(timedelta(minutes=6))
        emulator.sweep()
        return emulator.twilio.wait_for(2)

    def test_done_closes_it(self, emulator):
        self._rung(emulator, "+33655443322", "rappelle-moi dans 5 minutes de ranger la cuisine")
        post_sms(emulator.http, emulator.base_url, from_="+33655443322", body="C'est fait !")
        emulator.settle()
        assert emulator.twilio.wait_for(3)[2]["body"] == "Bravo, c'est noté : ranger la cuisine !"  # it names it
        assert rows(emulator.deps.engine, "SELECT status FROM reminders") == [("acknowledged",)]

    def test_plus_ten_rings_it_again_ten_minutes_later(self, emulator):
        self._rung(emulator, "+14155554444", "remind me in 5 minutes to call the vet")
        post_sms(emulator.http, emulator.base_url, from_="+14155554444", body="+10")
        emulator.settle()
        # "today" unless the ten minutes cross local midnight
        assert re.match(r"OK, I'll remind you again (today|tomorrow) at ", emulator.twilio.wait_for(3)[2]["body"])
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders WHERE status = 'pending'") == [(1,)]
        emulator.clock.advance(timedelta(minutes=9))
        assert emulator.sweep()["sent"] == 0
        emulator.clock.advance(timedelta(minutes=2))
        assert emulator.sweep()["sent"] == 1
        assert emulator.twilio.wait_for(4)[3]["body"] == "Reminder: call the vet"

    def test_done_with_nothing_rung_is_not_misread(self, emulator):
        post_sms(emulator.http, emulator.base_url, from_="+33699887766", body="fait")
        emulator.settle()
        assert emulator.twilio.wait_for(1)[0]["body"].startswith("Je n'ai pas bien compris")


class TestGentleFollowUp:
    def _rung(self, emulator, phone, body):
        """Text a reminder, then move the clock until it rings."""
        post_sms(emulator.http, emulator.base_url, from_=phone, body=body)
        emulator.settle()
        [(due,)] = rows(emulator.deps.engine, "SELECT due_at FROM reminders")
        emulator.clock.advance(due - emulator.clock.now() + timedelta(seconds=1))
        assert emulator.sweep()["sent"] == 1
        return due

    def _at_local_hour(self, emulator, hour, zone=PARIS):
        now = emulator.clock.now().astimezone(zone)
        target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
        if target <= now:
            target += timedelta(days=1)
        return target

    def test_no_answer_gets_one_follow_up_after_half_an_hour(self, emulator):
        at = self._at_local_hour(emulator, 10)
        self._rung(emulator, "+33611119999", f"rappelle-moi le {at.day}/{at.month} à 10h d'appeler le garage")
        emulator.clock.advance(timedelta(minutes=29))
        assert emulator.sweep()["followed_up"] == 0
        emulator.clock.advance(timedelta(minutes=2))
        assert emulator.sweep()["followed_up"] == 1
        assert emulator.twilio.wait_for(3)[2]["body"].startswith("Petit rappel : appeler le garage. Réponds « fait »")
        emulator.clock.advance(timedelta(minutes=30))
        assert emulator.sweep()["followed_up"] == 0  # only one
        assert len(emulator.twilio.messages) == 3

    def test_any_answer_means_no_follow_up(self, emulator):
        at = self._at_local_hour(emulator, 10)
        self._rung(emulator, "+33611118888", f"rappelle-moi le {at.day}/{at.month} à 10h de poster la lettre")
        post_sms(emulator.http, emulator.base_url, from_="+33611118888", body="+20")
        emulator.settle()
        emulator.clock.advance(timedelta(minutes=31))
        assert emulator.sweep()["followed_up"] == 0

    def test_at_night_the_follow_up_is_skipped_not_sent_in_the_morning(self, emulator):
        at = self._at_local_hour(emulator, 22)
        self._rung(emulator, "+33611117777", f"rappelle-moi le {at.day}/{at.month} à 22h de fermer le gaz")
        emulator.clock.advance(timedelta(minutes=31))
        assert emulator.sweep()["followed_up"] == 1
        assert len(emulator.twilio.messages) == 2  # confirmation + the reminder itself; the nudge is held back
        assert rows(emulator.deps.engine, "SELECT status, last_error FROM outbox WHERE kind = 'nudge'") == [
            ("suppressed", "quiet hours")
        ]
        emulator.clock.advance(timedelta(hours=10))
        emulator.sweep()
        assert len(emulator.twilio.messages) == 2


class TestMovingAReminder:
    def test_en_fait_plutot_keeps_one_pending_copy_at_the_new_time_on_its_own_day(self, emulator):
        phone = "+33622334455"
        post_sms(emulator.http, emulator.base_url, from_=phone, body="rappelle-moi demain à 9h d'appeler la mairie")
        emulator.settle()
        post_sms(emulator.http, emulator.base_url, from_=phone, body="en fait plutôt 10h30")
        emulator.settle()
        tomorrow = emulator.clock.now().astimezone(PARIS).date() + timedelta(days=1)
        [(due, status)] = rows(emulator.deps.engine, "SELECT due_at, status FROM reminders")
        assert status == "pending"
        assert due.astimezone(PARIS).date() == tomorrow and due.astimezone(PARIS).time().isoformat() == "10:30:00"
        assert (
            emulator.twilio.wait_for(2)[1]["body"]
            == "OK, c'est changé : je te rappelle demain à 10h30 : appeler la mairie"
        )


class TestHostileHeaders:
    def test_non_ascii_signature_is_a_403_not_an_outage(self, emulator):
        r = post_sms(emulator.http, emulator.base_url, from_="+33612312312", body="salut")
        assert r.status_code == 200
        params = {"Body": "x", "From": "+33612312312"}
        r = emulator.http.post("/sms/inbound", data=params, headers={"X-Twilio-Signature": "é".encode("latin-1")})
        assert r.status_code == 403

    def test_non_ascii_bearer_token_is_a_401(self, emulator):
        r = emulator.http.get("/v1/reminders", headers={"Authorization": "Bearer abc.é".encode("latin-1")})
        assert r.status_code == 401


class TestEmulatorControl:
    def test_control_endpoints_answer_only_on_loopback(self, emulator):
        import asyncio

        import httpx

        app = emulator.running.app

        async def get(client_ip):
            transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://emulator") as c:
                return await c.get("/_emulator/info")

        assert asyncio.run(get("192.168.1.20")).status_code == 403
        assert asyncio.run(get("127.0.0.1")).status_code == 200
        assert emulator.http.get("/_emulator/info").json()["twilio_auth_token"] == "local-twilio-auth-token"
