"""The account's phone number and consent to SMS, through the real API (emulator on loopback, real Postgres and
Redis, fake Twilio): consent ticked at web sign-up skips the SMS dialogue once the code proves the number; consent
given later while signed in; moving to a new number proven by a code sent there, with the old number told; a
number that is someone else's refused, and a code meant for one person useless to another."""

from __future__ import annotations

from sqlalchemy import text

from tests.api.test_accounts import PASSWORD, _sent_code, auth, events, signup
from tests.helpers import chat, post_sms, rows


def _state(emulator, phone: str) -> tuple[str, str]:
    [row] = rows(emulator.deps.engine, "SELECT onboarding_state, timezone FROM users WHERE phone = :p", p=phone)
    return row[0], row[1]


class TestConsentOnTheWeb:
    def test_consent_ticked_at_sign_up_skips_the_sms_dialogue(self, emulator):
        started = emulator.http.post(
            "/v1/auth/signup",
            json={
                "email": "web@example.org",
                "password": PASSWORD,
                "phone": "+33655550001",
                "sms_consent": True,
                "timezone": "Montréal",
            },
        )
        assert started.status_code == 202, started.text
        assert rows(emulator.deps.engine, "SELECT 1 FROM users WHERE phone = '+33655550001'") == []  # not yet proven
        code = _sent_code(emulator, "+33655550001")
        session = emulator.http.post(
            "/v1/auth/signup/verify", json={"signup_id": started.json()["signup_id"], "code": code}
        ).json()
        assert _state(emulator, "+33655550001") == ("done", "America/Toronto")
        assert emulator.http.get("/v1/me/phone", headers=auth(session)).json() == {
            "phone": "+33655550001",
            "sms": "on",
        }
        assert "onboarding.consented" in events(emulator)
        reply = chat(emulator, "+33655550001", "ajoute du lait")
        assert "lait" in reply.lower() and "oui" not in reply.lower()  # acted on, not asked for consent

    def test_requests_held_by_the_sms_dialogue_are_done_after_the_confirmation(self, emulator):
        asked = chat(emulator, "+33655550005", "rappelle-moi demain à 9h d'appeler la banque")
        assert "OUI" in asked  # consent asked, the request set aside
        started = emulator.http.post(
            "/v1/auth/signup",
            json={"email": "held@example.org", "password": PASSWORD, "phone": "+33655550005", "sms_consent": True},
        ).json()
        code = _sent_code(emulator, "+33655550005")
        emulator.http.post("/v1/auth/signup/verify", json={"signup_id": started["signup_id"], "code": code})
        assert _state(emulator, "+33655550005")[0] == "confirm"
        done = chat(emulator, "+33655550005", "oui")
        assert "banque" in done.lower(), done
        assert rows(emulator.deps.engine, "SELECT count(*) FROM reminders") == [(1,)]

    def test_without_consent_the_first_sms_still_asks_and_consent_can_be_given_later(self, emulator):
        session = signup(emulator, "later@example.org", "+33655550002")
        assert emulator.http.get("/v1/me/phone", headers=auth(session)).json()["sms"] == "consent_needed"
        assert "onboarding.consented" not in events(emulator)
        given = emulator.http.post("/v1/me/sms-consent", headers=auth(session))
        assert given.status_code == 200 and given.json()["sms"] == "on"
        assert events(emulator).count("onboarding.consented") == 1
        emulator.http.post("/v1/me/sms-consent", headers=auth(session))  # once is recorded once
        assert events(emulator).count("onboarding.consented") == 1

    def test_consent_on_the_web_does_not_undo_stop(self, emulator):
        session = signup(emulator, "stop@example.org", "+33655550003")
        emulator.http.post("/v1/me/sms-consent", headers=auth(session))
        post_sms(emulator.http, emulator.base_url, from_="+33655550003", body="STOP")  # the carrier answers STOP
        emulator.settle()
        emulator.http.post("/v1/me/sms-consent", headers=auth(session))
        assert emulator.http.get("/v1/me/phone", headers=auth(session)).json()["sms"] == "stopped"

    def test_an_unknown_time_zone_is_refused_before_any_sms(self, emulator):
        r = emulator.http.post(
            "/v1/auth/signup",
            json={"email": "tz@example.org", "password": PASSWORD, "phone": "+33655550004", "timezone": "Atlantis"},
        )
        assert r.status_code == 422 and r.json()["field"] == "timezone", r.text
        emulator.sweep()
        assert [m for m in emulator.twilio.messages if m["to"] == "+33655550004"] == []


class TestPhoneChange:
    def test_a_code_sent_to_the_new_number_moves_the_person_and_the_old_number_is_told(self, emulator):
        session = signup(emulator, "move@example.org", "+33655550010")
        emulator.http.post("/v1/me/sms-consent", headers=auth(session))
        reminder = emulator.http.post(
            "/v1/reminders",
            json={"text": "appeler la banque", "when": "demain à 9h"},
            headers=auth(session),
        )
        assert reminder.status_code == 201, reminder.text
        with emulator.deps.engine.begin() as conn:  # a message still waiting to go out to the person
            conn.execute(
                text(
                    "INSERT INTO outbox (idempotency_key, kind, to_phone, body, user_id, next_attempt_at)"
                    " SELECT 'waiting', 'notice', phone, 'waiting', id, now() + interval '1 day'"
                    " FROM users WHERE phone = '+33655550010'"
                )
            )
        wrong_password = emulator.http.post(
            "/v1/me/phone",
            json={"phone": "+33655550011", "password": "not the password at all"},
            headers=auth(session),
        )
        assert wrong_password.status_code == 401
        started = emulator.http.post(
            "/v1/me/phone", json={"phone": "+33655550011", "password": PASSWORD}, headers=auth(session)
        )
        assert started.status_code == 202, started.text
        code = _sent_code(emulator, "+33655550011")
        done = emulator.http.post(
            "/v1/me/phone/verify", json={"change_id": started.json()["change_id"], "code": code}, headers=auth(session)
        )
        assert done.status_code == 200 and done.json() == {"phone": "+33655550011", "sms": "on"}, done.text
        assert rows(emulator.deps.engine, "SELECT to_phone FROM outbox WHERE idempotency_key = 'waiting'") == [
            ("+33655550011",)
        ]
        emulator.sweep()
        told = [m["body"] for m in emulator.twilio.messages if m["to"] == "+33655550010"]
        assert any("11" in body and "mot de passe" in body for body in told), told
        assert "account.phone_changed" in events(emulator)
        # Boussole now knows the person by the new number: what they set before is theirs there
        assert "banque" in chat(emulator, "+33655550011", "mes rappels ?").lower()

    def test_a_number_someone_else_has_is_refused_and_nothing_moves(self, emulator):
        session = signup(emulator, "mine@example.org", "+33655550020")
        chat(emulator, "+33655550021", "bonjour")  # another person texts from this number
        started = emulator.http.post(
            "/v1/me/phone", json={"phone": "+33655550021", "password": PASSWORD}, headers=auth(session)
        ).json()
        code = _sent_code(emulator, "+33655550021")
        taken = emulator.http.post(
            "/v1/me/phone/verify", json={"change_id": started["change_id"], "code": code}, headers=auth(session)
        )
        assert taken.status_code == 409 and taken.json()["code"] == "account.phone_taken", taken.text
        assert rows(emulator.deps.engine, "SELECT count(*) FROM users WHERE phone LIKE '+3365555002%'") == [(2,)]
        assert emulator.http.get("/v1/me/phone", headers=auth(session)).json()["phone"] == "+33655550020"

    def test_a_change_started_by_one_person_cannot_be_finished_by_another(self, emulator):
        alice = signup(emulator, "alice@example.org", "+33655550030")
        mallory = signup(emulator, "mallory@example.org", "+33655550031")
        started = emulator.http.post(
            "/v1/me/phone", json={"phone": "+33655550032", "password": PASSWORD}, headers=auth(alice)
        ).json()
        code = _sent_code(emulator, "+33655550032")
        stolen = emulator.http.post(
            "/v1/me/phone/verify", json={"change_id": started["change_id"], "code": code}, headers=auth(mallory)
        )
        assert stolen.status_code == 422
        assert emulator.http.get("/v1/me/phone", headers=auth(mallory)).json()["phone"] == "+33655550031"

    def test_the_same_number_and_a_malformed_one_are_refused_politely(self, emulator):
        session = signup(emulator, "same@example.org", "+33655550040")
        for phone, field in (("+33655550040", "phone"), ("0612345678", "phone")):
            r = emulator.http.post("/v1/me/phone", json={"phone": phone, "password": PASSWORD}, headers=auth(session))
            assert r.status_code == 422 and r.json()["field"] == field, r.text

    def test_stop_belongs_to_the_old_number_the_new_one_gets_the_code_and_messages_again(self, emulator):
        session = signup(emulator, "lost@example.org", "+33655550050")
        emulator.http.post("/v1/me/sms-consent", headers=auth(session))
        post_sms(emulator.http, emulator.base_url, from_="+33655550050", body="STOP")  # e.g. the old SIM's new owner
        emulator.settle()
        before = len([m for m in emulator.twilio.messages if m["to"] == "+33655550050"])
        started = emulator.http.post(
            "/v1/me/phone", json={"phone": "+33655550051", "password": PASSWORD}, headers=auth(session)
        ).json()
        code = _sent_code(emulator, "+33655550051")  # a STOP from the old number does not hold it
        done = emulator.http.post(
            "/v1/me/phone/verify", json={"change_id": started["change_id"], "code": code}, headers=auth(session)
        )
        assert done.json() == {"phone": "+33655550051", "sms": "on"}, done.text
        emulator.sweep()
        assert len([m for m in emulator.twilio.messages if m["to"] == "+33655550050"]) == before  # it said STOP
        assert "lait" in chat(emulator, "+33655550051", "ajoute du lait").lower()

    def test_erasure_forgets_a_number_change_still_waiting_for_its_code(self, emulator):
        from shared.auth.accounts import phone_change_key

        session = signup(emulator, "gone@example.org", "+33655550060")
        emulator.http.post(
            "/v1/me/phone", json={"phone": "+33655550061", "password": PASSWORD}, headers=auth(session)
        ).raise_for_status()
        [(user_id,)] = rows(emulator.deps.engine, "SELECT id FROM users WHERE email = 'gone@example.org'")
        assert emulator.deps.cache.get(phone_change_key(user_id)) is not None
        code = emulator.http.post("/v1/me/erasure", headers=auth(session)).json()["confirmation"]
        erased = emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=auth(session))
        assert erased.status_code == 200, erased.text
        assert emulator.deps.cache.get(phone_change_key(user_id)) is None
