"""GET /v1/reminders: only the signed-in person's reminders; every refusal is problem JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from shared.auth import tokens
from shared.config import LOCAL_TOKEN_SECRET
from tests.helpers import bearer


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
        from tests.helpers import onboard, post_sms

        onboard(emulator, "+33699990000")  # a new number: the first-contact dialogue, then the request
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
        forged = tokens.issue(
            two_people["+33611110000"], secret="guessed-but-long-enough-for-hs256-key", now=emulator.clock.now()
        )
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


class TestWrites:
    def test_create_from_words_then_read_it_back_with_its_etag(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        created = emulator.http.post(
            "/v1/reminders", json={"text": "appeler la banque", "when": "demain à 9h"}, headers=me
        )
        assert created.status_code == 201 and created.headers["location"].startswith("/v1/reminders/")
        body = created.json()
        assert body["text"] == "appeler la banque" and body["due_local"][11:16] == "09:00"
        again = emulator.http.get(created.headers["location"], headers=me)
        assert again.json() == body and again.headers["etag"] == created.headers["etag"]

    def test_a_recurring_one_from_words_keeps_its_rule(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        body = emulator.http.post(
            "/v1/reminders", json={"text": "médicaments", "when": "tous les jours à 21h"}, headers=me
        ).json()
        assert "FREQ=DAILY" in body["recurrence"] and body["due_local"][11:16] == "21:00"

    @pytest.mark.parametrize(
        "payload",
        [
            {"text": "x", "when": "hier à 9h"},  # in the past
            {"text": "x", "when": "quand tu veux"},  # no time in it
            {"text": "x", "due_at": "2030-01-01T09:00:00"},  # no time zone
            {"text": "x" * 2000, "when": "demain"},  # too long
            {"text": "x", "when": "demain", "user_id": "00000000-0000-0000-0000-000000000000"},  # mass assignment
            {"text": 12, "when": "demain"},  # wrong type
        ],
        ids=["past", "no-time", "naive", "too-long", "user_id", "type"],
    )
    def test_bad_input_is_a_422_problem_and_writes_nothing(self, emulator, two_people, payload):
        me = bearer(two_people["+33611110000"], emulator)
        before = emulator.http.get("/v1/reminders", headers=me).json()["items"]
        r = emulator.http.post("/v1/reminders", json=payload, headers=me)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert emulator.http.get("/v1/reminders", headers=me).json()["items"] == before

    def test_a_stale_write_is_412_and_a_fresh_one_goes_through(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        created = emulator.http.post("/v1/reminders", json={"text": "pain", "when": "demain 18h"}, headers=me)
        url, tag = created.headers["location"], created.headers["etag"]
        first = emulator.http.patch(url, json={"when": "demain 19h"}, headers=me | {"If-Match": tag})
        assert first.status_code == 200 and first.json()["due_local"][11:16] == "19:00"
        stale = emulator.http.patch(url, json={"text": "baguette"}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412 and stale.json()["type"].endswith("/stale-write")
        assert emulator.http.get(url, headers=me).json()["text"] == "pain"

    def test_an_invalid_rule_is_refused(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        url = emulator.http.post("/v1/reminders", json={"text": "x", "when": "demain"}, headers=me).headers["location"]
        r = emulator.http.patch(url, json={"rrule": "RRULE:FREQ=SOMETIMES"}, headers=me)
        assert r.status_code == 422 and r.json()["field"] == "rrule"

    def test_delete_cancels(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        url = emulator.http.post("/v1/reminders", json={"text": "x", "when": "demain"}, headers=me).headers["location"]
        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(url, headers=me).json()["status"] == "cancelled"


class TestIsolationAndPages:
    def test_another_persons_reminder_is_404_for_every_verb(self, emulator, two_people):
        mine = bearer(two_people["+33611110000"], emulator)
        theirs = emulator.http.get("/v1/reminders", headers=bearer(two_people["+14155551111"], emulator))
        url = f"/v1/reminders/{theirs.json()['items'][0]['id']}"
        for method, kw in (("get", {}), ("patch", {"json": {"text": "hacked"}}), ("delete", {})):
            r = getattr(emulator.http, method)(url, headers=mine, **kw)
            assert r.status_code == 404, method
            assert "+1415" not in r.text
        assert theirs.json()["items"][0]["text"] == "+14155551111 #0"

    def test_cursor_pages_cover_everything_once(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        seen, cursor = [], None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = emulator.http.get("/v1/reminders", params=params, headers=me).json()
            seen += [i["text"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == ["+33611110000 #0", "+33611110000 #1", "+33611110000 #2"]

    def test_a_forged_cursor_is_422(self, emulator, two_people):
        me = bearer(two_people["+33611110000"], emulator)
        assert emulator.http.get("/v1/reminders", params={"cursor": "not-a-cursor!"}, headers=me).status_code == 422

    def test_openapi_is_3_1_with_examples_and_problems(self, emulator):
        doc = emulator.http.get("/v1/openapi.json").json()
        assert doc["openapi"].startswith("3.1")
        assert "Problem" in doc["components"]["schemas"]
        post = doc["paths"]["/v1/reminders"]["post"]
        assert "404" in post["responses"] and "422" in post["responses"]
