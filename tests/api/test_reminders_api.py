"""GET /v1/reminders: only the signed-in person's reminders; every refusal is problem JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from shared.auth import tokens
from shared.config import LOCAL_TOKEN_SECRET


@pytest.fixture()
def two_people(emulator):
    with emulator.deps.engine.begin() as conn:
        ids = {}
        for phone, lang in (("+33611110000", "fr"), ("+14155551111", "en")):
            ids[phone] = conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, 'Europe/Paris') RETURNING id"),
                {"p": phone, "l": lang},
            ).scalar_one()
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO reminders (user_id, text, due_at, timezone) "
                        "VALUES (:u, :t, now() + make_interval(hours => :h), 'Europe/Paris')"
                    ),
                    {"u": ids[phone], "t": f"{phone} #{i}", "h": i + 1},
                )
    return ids


def bearer(user_id, emulator, **kw):
    token = tokens.issue(user_id, secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now(), **kw)
    return {"Authorization": f"Bearer {token}"}


class TestListReminders:
    def test_lists_only_my_reminders_in_time_order(self, emulator, two_people):
        me = two_people["+33611110000"]
        r = emulator.http.get("/v1/reminders", headers=bearer(me, emulator))
        assert r.status_code == 200
        items = r.json()["items"]
        assert [i["text"] for i in items] == ["+33611110000 #0", "+33611110000 #1", "+33611110000 #2"]
        assert all(i["timezone"] == "Europe/Paris" for i in items)
        assert items[0]["due_local"].endswith(("+01:00", "+02:00"))

    def test_other_person_sees_only_theirs(self, emulator, two_people):
        other = two_people["+14155551111"]
        texts = [i["text"] for i in emulator.http.get("/v1/reminders", headers=bearer(other, emulator)).json()["items"]]
        assert texts and all(t.startswith("+14155551111") for t in texts)

    def test_reminder_created_by_sms_shows_up(self, emulator):
        from tests.helpers import post_sms

        post_sms(emulator.http, emulator.base_url, from_="+33699990000", body="rappelle-moi demain à 8h de courir")
        emulator.settle()
        token = emulator.http.get("/_emulator/token", params={"phone": "+33699990000"}).json()["access_token"]
        items = emulator.http.get("/v1/reminders", headers={"Authorization": f"Bearer {token}"}).json()["items"]
        assert [i["text"] for i in items] == ["courir"]
        assert "T08:00:00" in items[0]["due_local"]


class TestRefusals:
    @pytest.mark.parametrize(
        "headers",
        [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer"}, {"Authorization": "Bearer not.a-token"}],
    )
    def test_missing_or_malformed_token_is_401_problem(self, emulator, headers):
        r = emulator.http.get("/v1/reminders", headers=headers)
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["status"] == 401

    def test_expired_token_is_refused(self, emulator, two_people):
        me = two_people["+33611110000"]
        headers = bearer(me, emulator, ttl=timedelta(minutes=1))
        emulator.clock.advance(timedelta(minutes=2))
        r = emulator.http.get("/v1/reminders", headers=headers)
        assert r.status_code == 401 and r.json()["detail"] == "expired"

    def test_token_signed_with_another_secret_is_refused(self, emulator, two_people):
        forged = tokens.issue(two_people["+33611110000"], secret="guessed", now=emulator.clock.now())
        assert emulator.http.get("/v1/reminders", headers={"Authorization": f"Bearer {forged}"}).status_code == 401

    def test_token_with_swapped_subject_is_refused(self, emulator, two_people):
        mine = tokens.issue(two_people["+33611110000"], secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now())
        theirs = tokens.issue(two_people["+14155551111"], secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now())
        spliced = theirs.split(".")[0] + "." + mine.split(".")[1]
        assert emulator.http.get("/v1/reminders", headers={"Authorization": f"Bearer {spliced}"}).status_code == 401

    def test_bad_query_is_422_problem(self, emulator, two_people):
        r = emulator.http.get(
            "/v1/reminders", params={"limit": 0}, headers=bearer(two_people["+33611110000"], emulator)
        )
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["loc"] == ["query", "limit"]

    def test_unknown_paths_are_404_problem(self, emulator):
        for path in ("/v1/nope", "/nope"):
            r = emulator.http.get(path)
            assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


class TestHealth:
    def test_health_checks_database_and_cache(self, emulator):
        r = emulator.http.get("/v1/health")
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "checks": {"database": True, "cache": True}}
