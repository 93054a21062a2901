"""Accounts attacked through the real API (emulator on loopback, real Postgres and Redis, fake Twilio):
sign-up proven by an SMS code, argon2id at rest, weak passwords refused, JWTs that are forged, of the wrong
kind, audience or algorithm, expired; refresh tokens replayed; TOTP codes reused or guessed; the second factor
bypassed through a password reset; brute force reaching the lockout without locking the person out."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta

import jwt
import pyotp
import pytest
from sqlalchemy import text

from shared.auth import tokens
from shared.config import LOCAL_TOKEN_SECRET

PASSWORD = "trois pommes vertes au marché"


def _sent_code(emulator, phone: str) -> str:
    """The last code Boussole texted to `phone` (the outbox is delivered by the sweep, through fake Twilio)."""
    emulator.sweep()
    bodies = [m["body"] for m in emulator.twilio.messages if m["to"] == phone]
    assert bodies, f"no SMS to {phone}"
    found = re.search(r"\b(\d{6})\b", bodies[-1])
    assert found, bodies[-1]
    return found.group(1)


def signup(emulator, email: str, phone: str, password: str = PASSWORD) -> dict:
    started = emulator.http.post("/v1/auth/signup", json={"email": email, "password": password, "phone": phone})
    assert started.status_code == 202, started.text
    code = _sent_code(emulator, phone)
    done = emulator.http.post("/v1/auth/signup/verify", json={"signup_id": started.json()["signup_id"], "code": code})
    assert done.status_code == 201, done.text
    return done.json()


def login(emulator, email: str, password: str = PASSWORD, **more):
    return emulator.http.post("/v1/auth/login", json={"email": email, "password": password, **more})


def auth(session: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


def events(emulator) -> list[str]:
    with emulator.deps.engine.connect() as conn:
        return list(conn.execute(text("SELECT event FROM audit_events ORDER BY at, id")).scalars())


def fresh_step(emulator) -> None:
    """Move the emulator's clock (real time plus an offset) to a second into a new 30 s TOTP step, so that what a
    test does next within one step is not cut by a step boundary passing in real time."""
    into = emulator.clock.now().timestamp() % 30
    emulator.clock.advance(timedelta(seconds=31 - into))


def turn_on_totp(emulator, session: dict) -> tuple[pyotp.TOTP, list[str]]:
    fresh_step(emulator)
    begun = emulator.http.post("/v1/me/mfa/totp", json={"password": PASSWORD}, headers=auth(session))
    assert begun.status_code == 201, begun.text
    app = pyotp.TOTP(begun.json()["secret"])
    assert begun.json()["otpauth_uri"].startswith("otpauth://totp/Boussole:")
    confirmed = emulator.http.post(
        "/v1/me/mfa/totp/confirm", json={"code": app.at(emulator.clock.now())}, headers=auth(session)
    )
    assert confirmed.status_code == 200, confirmed.text
    return app, confirmed.json()["recovery_codes"]


class TestSignUp:
    def test_a_code_sent_to_the_phone_proves_it_and_the_password_is_kept_only_as_argon2id(self, emulator):
        with emulator.deps.engine.begin() as conn:  # someone who already texts Boussole from this number
            texter = conn.execute(text("INSERT INTO users (phone) VALUES ('+33611112222') RETURNING id")).scalar_one()
        started = emulator.http.post(
            "/v1/auth/signup", json={"email": "Lea@Example.org", "password": PASSWORD, "phone": "+33611112222"}
        )
        code = _sent_code(emulator, "+33611112222")
        wrong = "000000" if code != "000000" else "111111"
        refused = emulator.http.post(
            "/v1/auth/signup/verify", json={"signup_id": started.json()["signup_id"], "code": wrong}
        )
        assert refused.status_code == 422 and refused.json()["field"] == "code"
        session = emulator.http.post(
            "/v1/auth/signup/verify", json={"signup_id": started.json()["signup_id"], "code": code}
        ).json()
        me = emulator.http.get("/v1/me/security", headers=auth(session)).json()
        assert me == {**me, "email": "lea@example.org", "has_password": True, "mfa": False}
        assert tokens.verify(session["access_token"], secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now()) == texter
        with emulator.deps.engine.connect() as conn:
            stored = conn.execute(text("SELECT password_hash FROM credentials")).scalar_one()
            dumped = conn.execute(text("SELECT string_agg(t::text, '') FROM credentials t")).scalar_one()
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and "pommes" not in dumped
        # the code worked once
        again = emulator.http.post(
            "/v1/auth/signup/verify", json={"signup_id": started.json()["signup_id"], "code": code}
        )
        assert again.status_code == 422

    @pytest.mark.parametrize("password", ["password1234", "azertyuiop123", "Motdepasse2024", "court", "x" * 129])
    def test_weak_common_or_odd_sized_passwords_are_refused_before_any_sms(self, emulator, password):
        r = emulator.http.post(
            "/v1/auth/signup", json={"email": "a@example.org", "password": password, "phone": "+33622223333"}
        )
        assert r.status_code == 422 and r.json()["field"] == "password", r.text
        emulator.sweep()
        assert emulator.twilio.messages == []

    def test_five_wrong_codes_end_the_sign_up(self, emulator):
        started = emulator.http.post(
            "/v1/auth/signup", json={"email": "b@example.org", "password": PASSWORD, "phone": "+33633334444"}
        ).json()
        code = _sent_code(emulator, "+33633334444")
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        for _ in range(5):
            r = emulator.http.post("/v1/auth/signup/verify", json={"signup_id": started["signup_id"], "code": wrong})
            assert r.status_code == 422
        late = emulator.http.post("/v1/auth/signup/verify", json={"signup_id": started["signup_id"], "code": code})
        assert late.status_code == 422  # guessing 10^6 codes five at a time does not work

    def test_an_address_or_a_number_that_has_an_account_cannot_get_a_second(self, emulator):
        signup(emulator, "c@example.org", "+33644445555")
        started = emulator.http.post(
            "/v1/auth/signup", json={"email": "other@example.org", "password": PASSWORD, "phone": "+33644445555"}
        ).json()
        code = _sent_code(emulator, "+33644445555")
        r = emulator.http.post("/v1/auth/signup/verify", json={"signup_id": started["signup_id"], "code": code})
        assert r.status_code == 409

    def test_no_code_goes_to_a_number_that_said_stop(self, emulator):
        with emulator.deps.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (phone, sms_status) VALUES ('+33655556666', 'opted_out')"))
        r = emulator.http.post(
            "/v1/auth/signup", json={"email": "d@example.org", "password": PASSWORD, "phone": "+33655556666"}
        )
        assert r.status_code == 202
        emulator.sweep()
        assert [m for m in emulator.twilio.messages if m["to"] == "+33655556666"] == []


class TestTokens:
    def test_forged_wrong_kind_wrong_audience_none_algorithm_and_expired_tokens_are_refused(self, emulator):
        session = signup(emulator, "e@example.org", "+33666667777")
        assert emulator.http.get("/v1/tasks", headers=auth(session)).status_code == 200
        # a standard JWT: PyJWT verifies it with the secret, HS256 only, our audience and issuer
        claims = jwt.decode(
            session["access_token"],
            LOCAL_TOKEN_SECRET,
            algorithms=["HS256"],
            audience="boussole-api",
            issuer="boussole",
            options={"verify_iat": False, "verify_exp": False},  # the emulator's clock is not the machine's
        )
        assert jwt.get_unverified_header(session["access_token"]) == {"alg": "HS256", "typ": "at+jwt"}
        now = int(emulator.clock.now().timestamp())

        def b64(data: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

        forged = {
            "alg none": f"{b64({'alg': 'none', 'typ': 'at+jwt'})}.{b64(claims)}.",
            "other key": jwt.encode(claims, "a-guessed-secret-that-is-long-enough!", headers={"typ": "at+jwt"}),
            "HS512": jwt.encode(claims, LOCAL_TOKEN_SECRET, algorithm="HS512", headers={"typ": "at+jwt"}),
            "audience": jwt.encode({**claims, "aud": "boussole-mfa"}, LOCAL_TOKEN_SECRET, headers={"typ": "at+jwt"}),
            "issuer": jwt.encode({**claims, "iss": "evil"}, LOCAL_TOKEN_SECRET, headers={"typ": "at+jwt"}),
            "no typ": jwt.encode(claims, LOCAL_TOKEN_SECRET),
            "no exp": jwt.encode(
                {k: v for k, v in claims.items() if k != "exp"}, LOCAL_TOKEN_SECRET, headers={"typ": "at+jwt"}
            ),
            "future iat": jwt.encode({**claims, "iat": now + 3600}, LOCAL_TOKEN_SECRET, headers={"typ": "at+jwt"}),
            "audience list": jwt.encode(
                {**claims, "aud": ["boussole-api", "x"]}, LOCAL_TOKEN_SECRET, headers={"typ": "at+jwt"}
            ),
            "device token": session["device_token"],
            "two parts": ".".join(session["access_token"].split(".")[:2]),
            "four parts": session["access_token"] + ".x",
            "not base64": "e!." + session["access_token"].split(".", 1)[1],
            "header not json": b64({"alg": "HS256"})[:-2] + "." + session["access_token"].split(".", 1)[1],
            "refresh token": session["refresh_token"],
        }
        for name, token in forged.items():
            r = emulator.http.get("/v1/tasks", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401, name
            assert r.headers["content-type"].startswith("application/problem+json"), name
        emulator.clock.advance(timedelta(minutes=15, seconds=1))
        assert emulator.http.get("/v1/tasks", headers=auth(session)).status_code == 401  # expired

    def test_refresh_rotates_and_a_replayed_refresh_token_ends_its_whole_family(self, emulator):
        first = signup(emulator, "f@example.org", "+33677778888")
        emulator.clock.advance(timedelta(seconds=2))
        second = emulator.http.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        second = second.json()
        assert second["refresh_token"] != first["refresh_token"]
        assert emulator.http.get("/v1/tasks", headers=auth(second)).status_code == 200
        # the first refresh token again: a copy is in someone else's hands
        replay = emulator.http.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert replay.status_code == 401
        after = emulator.http.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
        assert after.status_code == 401  # the legitimate holder's newer token is revoked with its family
        assert "refresh.replayed" in events(emulator)

    def test_logout_ends_the_family_and_signing_out_everywhere_ends_every_refresh_token(self, emulator):
        one = signup(emulator, "g@example.org", "+33688889999")
        two = login(emulator, "g@example.org").json()
        assert emulator.http.post("/v1/auth/logout", json={"refresh_token": one["refresh_token"]}).status_code == 204
        assert emulator.http.post("/v1/auth/refresh", json={"refresh_token": one["refresh_token"]}).status_code == 401
        emulator.clock.advance(timedelta(seconds=2))
        assert emulator.http.post("/v1/me/sign-out-everywhere", headers=auth(two)).status_code == 204
        assert emulator.http.post("/v1/auth/refresh", json={"refresh_token": two["refresh_token"]}).status_code == 401
        assert emulator.http.get("/v1/tasks", headers=auth(two)).status_code == 401


class TestSecondFactor:
    def test_totp_turns_on_with_a_first_code_and_no_code_is_ever_accepted_twice(self, emulator):
        session = signup(emulator, "h@example.org", "+33612121212")
        wrong_password = emulator.http.post(
            "/v1/me/mfa/totp", json={"password": "not it at all!!"}, headers=auth(session)
        )
        assert wrong_password.status_code == 401
        app, recovery = turn_on_totp(emulator, session)
        assert len(recovery) == 10 and len(set(recovery)) == 10
        assert emulator.http.get("/v1/me/security", headers=auth(session)).json()["mfa"] is True

        challenge = login(emulator, "h@example.org").json()
        assert challenge["mfa_required"] is True and "access_token" not in challenge
        # the confirming code's step was used: within the same 30 s it is refused
        same = emulator.http.post(
            "/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": app.at(emulator.clock.now())}
        )
        assert same.status_code == 401
        emulator.clock.advance(timedelta(seconds=30))
        code = app.at(emulator.clock.now())
        ok = emulator.http.post("/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": code})
        assert ok.status_code == 200 and emulator.http.get("/v1/tasks", headers=auth(ok.json())).status_code == 200
        replayed = emulator.http.post(
            "/v1/auth/mfa", json={"mfa_token": login(emulator, "h@example.org").json()["mfa_token"], "code": code}
        )
        assert replayed.status_code == 401
        with emulator.deps.engine.connect() as conn:
            hashes = conn.execute(text("SELECT code_hash FROM recovery_codes")).scalars().all()
            secret = conn.execute(text("SELECT totp_secret FROM credentials")).scalar_one()
        assert not set(recovery) & set(hashes) and len(hashes) == 10
        assert app.secret not in secret and len(secret) > len(app.secret)  # sealed at rest

    def test_one_step_of_drift_either_way_is_accepted_two_are_not(self, emulator):
        session = signup(emulator, "i@example.org", "+33613131313")
        app, _ = turn_on_totp(emulator, session)
        for advance, late_by, accepted in ((60, -30, True), (60, 30, True), (120, -60, False), (120, 60, False)):
            emulator.clock.advance(timedelta(seconds=advance))
            fresh_step(emulator)
            challenge = login(emulator, "i@example.org").json()
            code = app.at(emulator.clock.now() + timedelta(seconds=late_by))
            r = emulator.http.post("/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": code})
            assert (r.status_code == 200) is accepted, (late_by, r.text)

    def test_a_recovery_code_works_once(self, emulator):
        session = signup(emulator, "j@example.org", "+33614141414")
        _, recovery = turn_on_totp(emulator, session)
        first = emulator.http.post(
            "/v1/auth/mfa",
            json={
                "mfa_token": login(emulator, "j@example.org").json()["mfa_token"],
                "recovery_code": recovery[3].upper(),
            },
        )
        assert first.status_code == 200
        again = emulator.http.post(
            "/v1/auth/mfa",
            json={"mfa_token": login(emulator, "j@example.org").json()["mfa_token"], "recovery_code": recovery[3]},
        )
        assert again.status_code == 401
        assert emulator.http.get("/v1/me/security", headers=auth(first.json())).json()["recovery_codes_left"] == 9

    def test_a_password_reset_does_not_bypass_the_second_factor(self, emulator):
        session = signup(emulator, "k@example.org", "+33615151515")
        turn_on_totp(emulator, session)
        assert emulator.http.post("/v1/auth/password-reset", json={"email": "k@example.org"}).status_code == 202
        code = _sent_code(emulator, "+33615151515")
        new = "un tout nouveau mot de passe"
        r = emulator.http.post(
            "/v1/auth/password-reset/verify", json={"email": "k@example.org", "code": code, "new_password": new}
        )
        assert r.status_code == 204, r.text
        assert login(emulator, "k@example.org").status_code == 401  # the old password is gone
        after = login(emulator, "k@example.org", new).json()
        assert after.get("mfa_required") is True and "access_token" not in after
        assert emulator.http.get("/v1/tasks", headers=auth(session)).status_code == 401  # signed out everywhere
        assert (
            emulator.http.post("/v1/auth/refresh", json={"refresh_token": session["refresh_token"]}).status_code == 401
        )

    def test_a_reset_asked_for_an_unknown_address_answers_the_same_and_sends_nothing(self, emulator):
        r = emulator.http.post("/v1/auth/password-reset", json={"email": "nobody@example.org"})
        assert r.status_code == 202
        emulator.sweep()
        assert emulator.twilio.messages == []


class TestLockout:
    def test_guessing_reaches_the_lockout_but_the_person_s_own_device_still_gets_in(self, emulator):
        mine = signup(emulator, "m@example.org", "+33616161616")
        statuses = [login(emulator, "m@example.org", f"guess number {i:04d}").status_code for i in range(8)]
        assert statuses[:5] == [401] * 5  # free failures
        assert 429 in statuses[5:]
        closed = login(emulator, "m@example.org")  # even the right password, from an unknown client
        assert closed.status_code == 429 and int(closed.headers["Retry-After"]) > 0
        # the person's browser presents the device token it got at its last sign-in
        assert login(emulator, "m@example.org", device_token=mine["device_token"]).status_code == 200
        # another account's device token does not open this one
        other = signup(emulator, "n@example.org", "+33617171717")
        assert login(emulator, "m@example.org", device_token=other["device_token"]).status_code == 429
        assert events(emulator).count("login.failed") >= 5

    def test_unknown_addresses_are_refused_like_wrong_passwords(self, emulator):
        signup(emulator, "o@example.org", "+33618181818")
        unknown = login(emulator, "nobody@example.org")
        wrong = login(emulator, "o@example.org", "not the right one")
        assert unknown.status_code == wrong.status_code == 401
        assert unknown.json()["detail"] == wrong.json()["detail"]

    def test_guessing_totp_codes_reaches_the_lockout(self, emulator):
        session = signup(emulator, "p@example.org", "+33619191919")
        app, _ = turn_on_totp(emulator, session)
        emulator.clock.advance(timedelta(seconds=90))
        challenge = login(emulator, "p@example.org").json()
        right = app.at(emulator.clock.now())
        wrong = [f"{(int(right) + n) % 10**6:06d}" for n in range(1, 9)]
        statuses = [
            emulator.http.post("/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": c}).status_code
            for c in wrong
        ]
        assert statuses[:5] == [401] * 5 and 429 in statuses[5:]
        assert (
            emulator.http.post("/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": right}).status_code
            == 429
        )


class TestRoles:
    def test_the_operator_makes_the_first_admin_who_can_make_another_and_the_last_cannot_step_down(
        self, emulator, monkeypatch, capsys
    ):
        from shared.auth import role

        boss = signup(emulator, "admin@example.org", "+33620202020")
        helper = signup(emulator, "helper@example.org", "+33621212121")
        helper_id = tokens.verify(helper["access_token"], secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now())
        assert emulator.http.get("/v1/admin/health", headers=auth(boss)).status_code == 403
        monkeypatch.setenv("BOUSSOLE_DATABASE_URL", emulator.deps.settings.database_url)
        monkeypatch.setenv("BOUSSOLE_CACHE", "redis")
        monkeypatch.setenv("BOUSSOLE_REDIS_URL", emulator.deps.settings.redis_url)
        assert role.main(["--email", "ADMIN@example.org", "--role", "admin"]) == 0
        assert emulator.http.get("/v1/admin/health", headers=auth(boss)).status_code == 200
        # a person cannot give themselves the role; an admin can give it
        r = emulator.http.put(f"/v1/admin/accounts/{helper_id}/role", json={"role": "admin"}, headers=auth(helper))
        assert r.status_code == 403
        r = emulator.http.put(f"/v1/admin/accounts/{helper_id}/role", json={"role": "admin"}, headers=auth(boss))
        assert r.status_code == 200 and r.json()["role"] == "admin" and "•" in r.json()["phone"]
        assert emulator.http.get("/v1/admin/health", headers=auth(helper)).status_code == 200
        r = emulator.http.put(f"/v1/admin/accounts/{helper_id}/role", json={"role": "user"}, headers=auth(boss))
        assert r.status_code == 200
        boss_id = tokens.verify(boss["access_token"], secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now())
        r = emulator.http.put(f"/v1/admin/accounts/{boss_id}/role", json={"role": "user"}, headers=auth(boss))
        assert r.status_code == 409  # the last admin
        assert events(emulator).count("role.changed") == 3


def test_a_totp_secret_moved_to_another_account_does_not_open(emulator):
    """The sealed secret is bound to its person and row: copied into someone else's credentials (a database
    write by an attacker), it neither opens nor lets the copier's codes in."""
    first = signup(emulator, "q@example.org", "+33622222222")
    app, _ = turn_on_totp(emulator, first)
    second = signup(emulator, "r@example.org", "+33623232323")
    turn_on_totp(emulator, second)
    with emulator.deps.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE credentials SET totp_secret = (SELECT c.totp_secret FROM credentials c JOIN users u"
                " ON u.id = c.user_id WHERE u.email = 'q@example.org')"
                " WHERE user_id = (SELECT id FROM users WHERE email = 'r@example.org')"
            )
        )
    emulator.clock.advance(timedelta(seconds=60))
    challenge = login(emulator, "r@example.org").json()
    r = emulator.http.post(
        "/v1/auth/mfa", json={"mfa_token": challenge["mfa_token"], "code": app.at(emulator.clock.now())}
    )
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json", r.text
