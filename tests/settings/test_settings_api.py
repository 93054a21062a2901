"""/v1/settings: the signed-in person's settings; a stale write is a 412; bad zone, times, language, cap or
currency is a 422 problem and nothing is written; each person sees only their own."""

from __future__ import annotations

import pytest

from tests.helpers import bearer, rows


def settings_row(emulator, user_id):
    return rows(
        emulator.deps.engine,
        "SELECT u.language, u.timezone, s.quiet_hours_start, s.quiet_hours_end, s.morning_plan_at, s.daily_cap, "
        "s.currency FROM users u LEFT JOIN user_settings s ON s.user_id = u.id WHERE u.id = :i",
        i=user_id,
    )


class TestGet:
    def test_defaults_for_a_new_person(self, emulator, people):
        r = emulator.http.get("/v1/settings", headers=bearer(people["fr"], emulator))
        assert r.status_code == 200 and r.headers["ETag"].startswith('W/"')
        assert r.json() == {
            "language": "fr",
            "timezone": "Europe/Paris",
            "quiet_hours": None,
            "morning_plan_at": None,
            "daily_cap": None,
            "currency": "EUR",
        }

    def test_each_person_sees_their_own(self, emulator, people):
        r = emulator.http.get("/v1/settings", headers=bearer(people["en"], emulator))
        assert r.json()["timezone"] == "America/New_York" and r.json()["currency"] == "USD"

    def test_without_a_token_it_is_401(self, emulator, people):
        assert emulator.http.get("/v1/settings").status_code == 401


class TestPatch:
    def test_changes_what_is_given_and_nothing_else(self, emulator, people):
        me = bearer(people["fr"], emulator)
        body = {
            "language": "en",
            "timezone": "America/Chicago",
            "quiet_hours": {"start": "22:00", "end": "08:00"},
            "morning_plan_at": "07:30",
            "daily_cap": 5,
            "currency": "cad",
        }
        r = emulator.http.patch("/v1/settings", json=body, headers=me)
        assert r.status_code == 200, r.text
        assert r.json() == {
            "language": "en",
            "timezone": "America/Chicago",
            "quiet_hours": {"start": "22:00:00", "end": "08:00:00"},
            "morning_plan_at": "07:30:00",
            "daily_cap": 5,
            "currency": "CAD",
        }
        r = emulator.http.patch("/v1/settings", json={"morning_plan_at": None, "quiet_hours": None}, headers=me)
        assert r.json()["morning_plan_at"] is None and r.json()["quiet_hours"] is None
        assert r.json()["daily_cap"] == 5 and r.json()["timezone"] == "America/Chicago"
        assert emulator.http.get("/v1/settings", headers=me).json() == r.json()
        # the other person is untouched
        assert settings_row(emulator, people["en"]) == [("en", "America/New_York", None, None, None, None, None)]

    def test_a_city_is_a_zone(self, emulator, people):
        r = emulator.http.patch("/v1/settings", json={"timezone": "Montréal"}, headers=bearer(people["fr"], emulator))
        assert r.status_code == 200 and r.json()["timezone"] == "America/Toronto"

    def test_if_match_stale_is_412_and_fresh_is_accepted(self, emulator, people):
        me = bearer(people["fr"], emulator)
        tag = emulator.http.get("/v1/settings", headers=me).headers["ETag"]
        r = emulator.http.patch("/v1/settings", json={"daily_cap": 3}, headers=me | {"If-Match": tag})
        assert r.status_code == 200
        new_tag = r.headers["ETag"]
        assert new_tag != tag
        r = emulator.http.patch("/v1/settings", json={"daily_cap": 4}, headers=me | {"If-Match": tag})
        assert r.status_code == 412 and r.headers["content-type"] == "application/problem+json"
        assert settings_row(emulator, people["fr"])[0][5] == 3
        r = emulator.http.patch("/v1/settings", json={"daily_cap": 4}, headers=me | {"If-Match": new_tag})
        assert r.status_code == 200 and r.json()["daily_cap"] == 4

    @pytest.mark.parametrize(
        "body",
        [
            {"timezone": "Mars/Olympus_Mons"},
            {"timezone": "../../etc/passwd"},
            {"timezone": "x" * 65},
            {"timezone": None},
            {"language": "de"},
            {"language": None},
            {"quiet_hours": {"start": "25:00", "end": "08:00"}},
            {"quiet_hours": {"start": "22:00", "end": "22:00"}},
            {"quiet_hours": {"start": "22:00"}},
            {"quiet_hours": {"start": "22:00+02:00", "end": "08:00"}},
            {"morning_plan_at": "7h30"},
            {"daily_cap": -1},
            {"daily_cap": 51},
            {"daily_cap": "beaucoup"},
            {"currency": "XYZ"},
            {"currency": "EURO"},
            {"colour": "blue"},
            # one bad field spoils the whole write: nothing half-written
            {"language": "en", "timezone": "Nowhere/City"},
        ],
    )
    def test_bad_input_is_a_422_problem_and_nothing_is_written(self, emulator, people, body):
        me = bearer(people["fr"], emulator)
        before = settings_row(emulator, people["fr"])
        r = emulator.http.patch("/v1/settings", json=body, headers=me)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json" and r.json()["status"] == 422
        assert settings_row(emulator, people["fr"]) == before

    def test_the_invalid_field_is_named(self, emulator, people):
        r = emulator.http.patch(
            "/v1/settings", json={"timezone": "Nowhere/City"}, headers=bearer(people["fr"], emulator)
        )
        assert r.json()["field"] == "timezone" and r.json()["code"] == "settings.bad_timezone"


def test_the_openapi_documents_it(emulator):
    spec = emulator.http.get("/v1/openapi.json").json()
    assert {"get", "patch"} <= set(spec["paths"]["/v1/settings"])
