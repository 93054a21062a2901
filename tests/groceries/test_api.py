"""/v1/groceries over HTTP (the emulator's API on real Postgres): CRUD, filters, sorts, cursor pages, bad
input as problems with nothing written, stale writes, and person A never reaching person B's items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.helpers import add_people, bearer


@pytest.fixture()
def two(emulator):
    ids = add_people(
        emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+14155551112", "en", "Europe/Paris")
    )
    return {k: bearer(v, emulator) for k, v in ids.items()}


def count(emulator) -> int:
    with emulator.deps.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM grocery_items")).scalar_one())


def post(emulator, who, body):
    return emulator.http.post("/v1/groceries", json=body, headers=who)


class TestCrud:
    def test_create_get_patch_delete(self, emulator, two):
        r = post(emulator, two["a"], {"name": "farine", "quantity": "500", "unit": "grammes"})
        assert r.status_code == 201
        item = r.json()
        assert r.headers["location"] == f"/v1/groceries/{item['id']}" and r.headers["etag"].startswith('W/"')
        assert (item["name"], item["quantity"], item["unit"], item["category"], item["status"]) == (
            "farine", "500", "g", "pantry", "to_buy",
        )  # fmt: skip
        got = emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"])
        assert got.status_code == 200 and got.headers["etag"] == r.headers["etag"]

        merged = post(emulator, two["a"], {"name": "Farine", "quantity": 1, "unit": "kg"})
        assert merged.status_code == 200 and merged.json()["id"] == item["id"]
        assert (merged.json()["quantity"], merged.json()["unit"]) == ("1.5", "kg")

        etag = emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"]).headers["etag"]
        patched = emulator.http.patch(
            f"/v1/groceries/{item['id']}", json={"status": "bought"}, headers={**two["a"], "If-Match": etag}
        )
        assert patched.status_code == 200 and patched.json()["status"] == "bought" and patched.json()["bought_at"]
        cleared = emulator.http.patch(f"/v1/groceries/{item['id']}", json={"quantity": None}, headers=two["a"])
        assert cleared.json()["quantity"] is None and cleared.json()["unit"] is None
        assert emulator.http.delete(f"/v1/groceries/{item['id']}", headers=two["a"]).status_code == 204
        assert emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"]).status_code == 404

    def test_stale_write_is_412_and_changes_nothing(self, emulator, two):
        item = post(emulator, two["a"], {"name": "lait", "quantity": 1, "unit": "l"}).json()
        old = emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"]).headers["etag"]
        emulator.clock.advance(timedelta(seconds=1))
        emulator.http.patch(f"/v1/groceries/{item['id']}", json={"quantity": 2}, headers=two["a"])
        stale = emulator.http.patch(
            f"/v1/groceries/{item['id']}", json={"quantity": 3}, headers={**two["a"], "If-Match": old}
        )
        assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
        assert emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"]).json()["quantity"] == "2"
        gone = emulator.http.delete(f"/v1/groceries/{item['id']}", headers={**two["a"], "If-Match": old})
        assert gone.status_code == 412


class TestListing:
    def test_filters_sorts_and_cursor_pages(self, emulator, two):
        for name in ("tomates", "lait", "beurre", "pain", "sel"):
            assert post(emulator, two["a"], {"name": name}).status_code == 201
        pain = next(
            i for i in emulator.http.get("/v1/groceries", headers=two["a"]).json()["items"] if i["name"] == "pain"
        )
        emulator.http.patch(f"/v1/groceries/{pain['id']}", json={"status": "bought"}, headers=two["a"])

        to_buy = emulator.http.get("/v1/groceries", headers=two["a"]).json()["items"]
        assert [i["name"] for i in to_buy] == ["tomates", "lait", "beurre", "sel"]
        bought = emulator.http.get("/v1/groceries", params={"status": "bought"}, headers=two["a"]).json()["items"]
        assert [i["name"] for i in bought] == ["pain"]
        dairy = emulator.http.get("/v1/groceries", params={"category": "dairy"}, headers=two["a"]).json()["items"]
        assert [i["name"] for i in dairy] == ["lait", "beurre"]
        by_name = emulator.http.get(
            "/v1/groceries", params={"status": "all", "sort": "name", "order": "desc"}, headers=two["a"]
        ).json()["items"]
        assert [i["name"] for i in by_name] == ["tomates", "sel", "pain", "lait", "beurre"]

        seen, cursor = [], None
        while True:
            params = {"limit": 2, "sort": "name", **({"cursor": cursor} if cursor else {})}
            page = emulator.http.get("/v1/groceries", params=params, headers=two["a"]).json()
            seen += [i["name"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == ["beurre", "lait", "sel", "tomates"]
        assert emulator.http.get("/v1/groceries", headers=two["b"]).json()["items"] == []


class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            {"name": "riz", "quantity": -2, "unit": "kg"},
            {"name": "riz", "quantity": 0},
            {"name": "riz", "quantity": "0.0001", "unit": "kg"},
            {"name": "riz", "quantity": 5000, "unit": "kg"},
            {"name": "riz", "quantity": 2, "unit": "parsecs"},
            {"name": "riz", "quantity": "beaucoup"},
            {"name": "x" * 121},
            {"name": ""},
            {"name": "riz", "category": "garage"},
            {"name": "riz", "colour": "blue"},
            {"name": 12},
        ],
    )
    def test_refused_as_problem_and_nothing_written(self, emulator, two, body):
        r = post(emulator, two["a"], body)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert count(emulator) == 0

    def test_patch_refusals_change_nothing(self, emulator, two):
        item = post(emulator, two["a"], {"name": "riz", "quantity": 1, "unit": "kg"}).json()
        for body in ({"quantity": -1}, {"unit": "parsecs"}, {"status": "lost"}, {"name": None, "extra": 1}):
            r = emulator.http.patch(f"/v1/groceries/{item['id']}", json=body, headers=two["a"])
            assert r.status_code == 422, body
        after = emulator.http.get(f"/v1/groceries/{item['id']}", headers=two["a"]).json()
        assert (after["quantity"], after["unit"]) == ("1", "kg")

    def test_bad_cursor_and_unknown_filter_are_problems(self, emulator, two):
        assert emulator.http.get("/v1/groceries", params={"cursor": "nope"}, headers=two["a"]).status_code == 422
        assert emulator.http.get("/v1/groceries", params={"category": "garage"}, headers=two["a"]).status_code == 422


class TestIsolation:
    def test_person_a_gets_404_on_person_bs_item_and_nothing_changes(self, emulator, two):
        theirs = post(emulator, two["b"], {"name": "milk", "quantity": 1, "unit": "gallon"}).json()
        url = f"/v1/groceries/{theirs['id']}"
        for method, kwargs in (("get", {}), ("patch", {"json": {"quantity": 9}}), ("delete", {})):
            r = emulator.http.request(method, url, headers=two["a"], **kwargs)
            assert r.status_code == 404 and "milk" not in r.text
        assert emulator.http.get(url, headers=two["b"]).json()["quantity"] == "1"
        assert emulator.http.get("/v1/groceries", headers=two["a"]).json()["items"] == []
