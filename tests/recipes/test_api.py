"""/v1/recipes over HTTP: CRUD with nested ingredients and steps, scaling, to-groceries, cooked, filters,
sorts, cursor pages, bad input as problems with nothing written, stale writes, person A vs person B."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.groceries.test_api import two  # noqa: F401 - the fixture

CREPES = {
    "title": "Crêpes",
    "servings": 4,
    "ingredients": [
        {"name": "farine", "quantity": "250", "unit": "g"},
        {"name": "oeufs", "quantity": 3},
        {"name": "lait", "quantity": "0.5", "unit": "litres"},
    ],
    "steps": ["Mélanger", "Cuire"],
}


def count(emulator, table: str) -> int:
    with emulator.deps.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def create(emulator, who, body=None):
    r = emulator.http.post("/v1/recipes", json=body or CREPES, headers=who)
    assert r.status_code == 201, r.text
    return r


class TestCrud:
    def test_create_get_scaled_patch_delete(self, emulator, two):  # noqa: F811
        r = create(emulator, two["a"])
        recipe = r.json()
        assert r.headers["location"] == f"/v1/recipes/{recipe['id']}" and r.headers["etag"]
        assert [(i["name"], i["quantity"], i["unit"]) for i in recipe["ingredients"]] == [
            ("farine", "250", "g"), ("oeufs", "3", None), ("lait", "0.5", "l"),
        ]  # fmt: skip
        assert [s["text"] for s in recipe["steps"]] == ["Mélanger", "Cuire"]

        scaled = emulator.http.get(f"/v1/recipes/{recipe['id']}", params={"servings": 6}, headers=two["a"]).json()
        assert scaled["scaled_to"] == 6
        assert [i["quantity"] for i in scaled["ingredients"]] == ["375", "5", "0.75"]

        etag = emulator.http.get(f"/v1/recipes/{recipe['id']}", headers=two["a"]).headers["etag"]
        body = {
            "favourite": True,
            "steps": ["Tout mélanger"],
            "ingredients": [{"name": "farine", "quantity": 200, "unit": "g"}],
        }
        patched = emulator.http.patch(f"/v1/recipes/{recipe['id']}", json=body, headers={**two["a"], "If-Match": etag})
        assert patched.status_code == 200
        assert patched.json()["favourite"] and [s["text"] for s in patched.json()["steps"]] == ["Tout mélanger"]
        assert count(emulator, "recipe_ingredients") == 1

        emulator.clock.advance(timedelta(seconds=1))
        stale = emulator.http.patch(
            f"/v1/recipes/{recipe['id']}", json={"servings": 2}, headers={**two["a"], "If-Match": etag}
        )
        assert stale.status_code == 412
        assert emulator.http.delete(f"/v1/recipes/{recipe['id']}", headers=two["a"]).status_code == 204
        assert emulator.http.get(f"/v1/recipes/{recipe['id']}", headers=two["a"]).status_code == 404
        assert count(emulator, "recipe_ingredients") == 0 and count(emulator, "recipe_instructions") == 0

    def test_to_groceries_and_cooked(self, emulator, two):  # noqa: F811
        recipe = create(emulator, two["a"]).json()
        r = emulator.http.post(f"/v1/recipes/{recipe['id']}/to-groceries", params={"servings": 8}, headers=two["a"])
        assert r.status_code == 200 and r.json()["scaled_to"] == 8
        assert [(i["name"], i["quantity"], i["unit"]) for i in r.json()["items"]] == [
            ("farine", "500", "g"), ("oeufs", "6", None), ("lait", "1", "l"),
        ]  # fmt: skip
        again = emulator.http.post(f"/v1/recipes/{recipe['id']}/to-groceries", headers=two["a"]).json()
        assert [i["quantity"] for i in again["items"]] == ["750", "9", "1.5"]
        cooked = emulator.http.post(f"/v1/recipes/{recipe['id']}/cooked", headers=two["a"])
        assert cooked.status_code == 200 and cooked.json()["times_cooked"] == 1 and cooked.json()["last_cooked_at"]


class TestListing:
    def test_filters_sorts_and_pages(self, emulator, two):  # noqa: F811
        for title, fav in (("Quiche lorraine", True), ("Crêpes", False), ("Soupe de potiron", True), ("Chili", False)):
            create(emulator, two["a"], {"title": title, "favourite": fav})
        titles = [r["title"] for r in emulator.http.get("/v1/recipes", headers=two["a"]).json()["items"]]
        assert titles == ["Chili", "Crêpes", "Quiche lorraine", "Soupe de potiron"]
        favs = emulator.http.get("/v1/recipes", params={"favourite": "true"}, headers=two["a"]).json()["items"]
        assert [r["title"] for r in favs] == ["Quiche lorraine", "Soupe de potiron"]
        found = emulator.http.get("/v1/recipes", params={"q": "potirons"}, headers=two["a"]).json()["items"]
        assert [r["title"] for r in found] == ["Soupe de potiron"]
        seen, cursor = [], None
        while True:
            params = {"limit": 3, "sort": "title", "order": "desc", **({"cursor": cursor} if cursor else {})}
            page = emulator.http.get("/v1/recipes", params=params, headers=two["a"]).json()
            seen += [r["title"] for r in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == ["Soupe de potiron", "Quiche lorraine", "Crêpes", "Chili"]
        assert emulator.http.get("/v1/recipes", headers=two["b"]).json()["items"] == []


class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            {"title": ""},
            {"title": "x" * 201},
            {"title": "x", "servings": 0},
            {"title": "x", "servings": 1000},
            {"title": "x", "ingredients": [{"name": "riz", "quantity": -1}]},
            {"title": "x", "ingredients": [{"name": "riz", "quantity": 2, "unit": "parsecs"}]},
            {"title": "x", "ingredients": [{"name": "riz", "quantity": 100000, "unit": "kg"}]},
            {"title": "x", "steps": [""]},
            {"title": "x", "prep_minutes": -5},
            {"title": "x", "chef": "me"},
        ],
    )
    def test_refused_as_problem_and_nothing_written(self, emulator, two, body):  # noqa: F811
        r = emulator.http.post("/v1/recipes", json=body, headers=two["a"])
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert count(emulator, "recipes") == 0 and count(emulator, "recipe_ingredients") == 0

    def test_duplicate_title_is_409(self, emulator, two):  # noqa: F811
        create(emulator, two["a"])
        r = emulator.http.post("/v1/recipes", json={"title": "crepes"}, headers=two["a"])
        assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"

    def test_bad_servings_on_scaling(self, emulator, two):  # noqa: F811
        recipe = create(emulator, two["a"]).json()
        r = emulator.http.post(f"/v1/recipes/{recipe['id']}/to-groceries", params={"servings": -1}, headers=two["a"])
        assert r.status_code == 422 and count(emulator, "grocery_items") == 0


class TestIsolation:
    def test_person_a_gets_404_on_person_bs_recipe(self, emulator, two):  # noqa: F811
        theirs = create(emulator, two["b"]).json()
        base = f"/v1/recipes/{theirs['id']}"
        for method, url, kwargs in (
            ("get", base, {}),
            ("patch", base, {"json": {"title": "mine"}}),
            ("delete", base, {}),
            ("post", base + "/to-groceries", {}),
            ("post", base + "/cooked", {}),
        ):
            r = emulator.http.request(method, url, headers=two["a"], **kwargs)
            assert r.status_code == 404 and "Crêpes" not in r.text, (method, url)
        assert count(emulator, "grocery_items") == 0
        assert emulator.http.get(base, headers=two["b"]).json()["times_cooked"] == 0
