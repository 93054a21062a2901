"""/v1/events over the emulator: create from words or instants, list a range with cursor pages and words, the
conflicts a new event makes, PATCH with If-Match, DELETE, bad input as problems with nothing written, and
another person's ids as 404."""

from __future__ import annotations

import pytest

from tests.helpers import bearer, rows


def count(emulator) -> int:
    return rows(emulator.deps.engine, "SELECT count(*) FROM events")[0][0]


class TestCreateAndRead:
    def test_create_from_instants_then_get(self, emulator, people):
        me = bearer(people["fr"], emulator)
        body = {"title": "réunion", "starts_at": "2030-03-12T13:00:00Z", "ends_at": "2030-03-12T14:30:00Z"}
        r = emulator.http.post("/v1/events", json=body, headers=me)
        assert r.status_code == 201, r.text
        created = r.json()
        assert r.headers["Location"] == f"/v1/events/{created['id']}" and r.headers["ETag"]
        assert created["starts_local"].startswith("2030-03-12T14:00:00+01:00")
        assert created["conflicts"] == []
        got = emulator.http.get(r.headers["Location"], headers=me)
        assert got.status_code == 200 and got.json()["title"] == "réunion"
        assert got.headers["ETag"] == r.headers["ETag"]

    def test_create_from_words_defaults_and_conflicts(self, emulator, people):
        me = bearer(people["fr"], emulator)
        first = emulator.http.post("/v1/events", json={"title": "réunion", "when": "demain de 14h à 15h"}, headers=me)
        assert first.status_code == 201, first.text
        second = emulator.http.post("/v1/events", json={"title": "dentiste", "when": "demain 14h30"}, headers=me)
        out = second.json()
        assert [c["title"] for c in out["conflicts"]] == ["réunion"]
        assert out["ends_local"][11:16] == "15:30"  # one hour by default
        whole = emulator.http.post("/v1/events", json={"title": "dîner chez maman", "when": "samedi"}, headers=me)
        assert whole.json()["all_day"] is True and whole.json()["starts_local"][11:19] == "00:00:00"

    def test_list_pages_filters_and_order(self, emulator, people):
        me = bearer(people["en"], emulator)
        for day in range(10, 16):
            body = {"title": f"event {day}", "starts_at": f"2030-05-{day}T15:00:00Z"}
            assert emulator.http.post("/v1/events", json=body, headers=me).status_code == 201
        r = emulator.http.post("/v1/events", json={"title": "Dentist", "starts_at": "2030-05-12T18:00:00Z"}, headers=me)
        assert r.status_code == 201, r.text
        seen, cursor = [], None
        while True:
            params = {"limit": 3, "from": "2030-05-11T00:00:00Z", "to": "2030-05-14T00:00:00Z"}
            if cursor:
                params["cursor"] = cursor
            page = emulator.http.get("/v1/events", params=params, headers=me).json()
            seen += [i["title"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == ["event 11", "event 12", "Dentist", "event 13"]
        found = emulator.http.get("/v1/events", params={"q": "dentíst"}, headers=me).json()["items"]
        assert [i["title"] for i in found] == ["Dentist"]
        latest = emulator.http.get("/v1/events", params={"order": "-start", "limit": 1}, headers=me).json()
        assert latest["items"][0]["title"] == "event 15"


class TestChanges:
    def test_patch_with_if_match_then_stale_write_is_412(self, emulator, people):
        me = bearer(people["fr"], emulator)
        r = emulator.http.post("/v1/events", json={"title": "kiné", "starts_at": "2030-03-12T17:00:00Z"}, headers=me)
        tag, url = r.headers["ETag"], r.headers["Location"]
        moved = emulator.http.patch(url, json={"when": "2030-03-13 19:00"}, headers=me | {"If-Match": tag})
        assert moved.status_code == 200, moved.text
        assert (
            moved.json()["starts_local"].startswith("2030-03-13T19:00") and moved.json()["ends_local"][11:16] == "20:00"
        )
        stale = emulator.http.patch(url, json={"title": "kiné (bilan)"}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
        assert emulator.http.get(url, headers=me).json()["title"] == "kiné"

    def test_delete(self, emulator, people):
        me = bearer(people["fr"], emulator)
        url = emulator.http.post(
            "/v1/events", json={"title": "x", "starts_at": "2030-03-12T17:00:00Z"}, headers=me
        ).headers["Location"]
        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(url, headers=me).status_code == 404


class TestRefusals:
    @pytest.mark.parametrize(
        "body",
        [
            {"title": "x", "starts_at": "2030-03-12T17:00:00Z", "ends_at": "2030-03-12T16:00:00Z"},
            {"title": "x", "starts_at": "2030-03-12T17:00:00"},
            {"title": "x", "starts_at": "not a date"},
            {"title": "x" * 501, "starts_at": "2030-03-12T17:00:00Z"},
            {"title": "x", "when": "quand je peux"},
            {"title": "x", "starts_at": "2030-03-12T17:00:00Z", "place": "p" * 501},
            {"title": "x", "starts_at": "2030-03-12T17:00:00Z", "colour": "red"},
            {"title": "", "starts_at": "2030-03-12T17:00:00Z"},
            {"title": "x"},
            {"title": "x", "starts_at": "2030-03-12T17:00:00Z", "place_id": "00000000-0000-0000-0000-000000000001"},
        ],
    )
    def test_bad_input_is_a_problem_and_writes_nothing(self, emulator, people, body):
        r = emulator.http.post("/v1/events", json=body, headers=bearer(people["fr"], emulator))
        assert r.status_code in (404, 422), r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert count(emulator) == 0

    def test_another_persons_event_is_404_everywhere(self, emulator, people):
        mine = emulator.http.post(
            "/v1/events",
            json={"title": "secret", "starts_at": "2030-03-12T17:00:00Z"},
            headers=bearer(people["fr"], emulator),
        ).json()["id"]
        them = bearer(people["en"], emulator)
        assert emulator.http.get(f"/v1/events/{mine}", headers=them).status_code == 404
        assert emulator.http.patch(f"/v1/events/{mine}", json={"title": "mine"}, headers=them).status_code == 404
        assert emulator.http.delete(f"/v1/events/{mine}", headers=them).status_code == 404
        assert emulator.http.get("/v1/events", headers=them).json()["items"] == []
        assert rows(emulator.deps.engine, "SELECT title FROM events") == [("secret",)]
