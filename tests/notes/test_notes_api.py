"""/v1/notes: CRUD, filters, sorts and cursor pages, bad input (422, nothing written), If-Match (412), and
person A with person B's ids (404, nothing leaked)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from tests.helpers import add_people, bearer, every_page


@pytest.fixture()
def people(emulator):
    return add_people(
        emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+14155551112", "en", "Europe/Paris")
    )


def create(emulator, headers, **body):
    r = emulator.http.post("/v1/notes", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r


def titles(emulator, headers, **params):
    return every_page(emulator, "/v1/notes", headers, "title", **params)


class TestCrud:
    def test_create_get_patch_delete(self, emulator, people):
        me = bearer(people["a"], emulator)
        created = create(emulator, me, content="Le code du portail est 4521 #maison")
        url, tag = created.headers["location"], created.headers["etag"]
        body = created.json()
        assert url == f"/v1/notes/{body['id']}"
        assert (body["title"], body["content"], body["tags"], body["parent_id"]) == (
            "Le code du portail est 4521",
            "Le code du portail est 4521",
            ["maison"],
            None,
        )
        again = emulator.http.get(url, headers=me)
        assert again.json() == body and again.headers["etag"] == tag

        emulator.clock.advance(timedelta(seconds=1))
        patched = emulator.http.patch(
            url, json={"content": "7788", "tags": ["Maison", "Codes"]}, headers=me | {"If-Match": tag}
        )
        assert patched.status_code == 200
        assert (patched.json()["content"], patched.json()["tags"]) == ("7788", ["maison", "codes"])
        assert patched.headers["etag"] != tag

        stale = emulator.http.patch(url, json={"title": "x"}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
        assert emulator.http.get(url, headers=me).json()["title"] == "Le code du portail est 4521"

        assert emulator.http.delete(url, headers=me).status_code == 204
        gone = emulator.http.get(url, headers=me)
        assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"

    def test_the_tree_over_rest(self, emulator, people):
        me = bearer(people["a"], emulator)
        top = create(emulator, me, content="Maison").json()
        child = create(emulator, me, content="Cuisine", parent_id=top["id"]).json()
        assert child["parent_id"] == top["id"]
        cycle = emulator.http.patch(f"/v1/notes/{top['id']}", json={"parent_id": child["id"]}, headers=me)
        assert cycle.status_code == 422 and cycle.json()["field"] == "parent_id"
        root = emulator.http.patch(f"/v1/notes/{child['id']}", json={"parent_id": None}, headers=me)
        assert root.json()["parent_id"] is None
        nul = emulator.http.patch(f"/v1/notes/{child['id']}", json={"content": "\u0000"}, headers=me)
        assert nul.status_code == 422 and nul.json()["field"] == "content"
        kept = emulator.http.patch(f"/v1/notes/{child['id']}", json={"title": "Cuisine (placards)"}, headers=me)
        assert kept.json()["parent_id"] is None and kept.json()["title"] == "Cuisine (placards)"


class TestLists:
    def test_filters_sorts_and_pages(self, emulator, people):
        me, other = bearer(people["a"], emulator), bearer(people["b"], emulator)
        top = create(emulator, me, content="Maison").json()
        create(emulator, me, content="Banane", tags=["fruit"], parent_id=top["id"])
        create(emulator, me, content="abricot sec", tags=["fruit"])
        create(emulator, me, content="Céleri rémoulade")
        create(emulator, other, content="Apple", tags=["fruit"])
        assert titles(emulator, me, sort="title") == ["Abricot sec", "Banane", "Céleri rémoulade", "Maison"]
        assert titles(emulator, me, sort="-created") == ["Céleri rémoulade", "Abricot sec", "Banane", "Maison"]
        assert titles(emulator, me, tag="fruit", sort="title") == ["Abricot sec", "Banane"]
        assert titles(emulator, me, parent_id=top["id"]) == ["Banane"]
        assert titles(emulator, me, root="true", sort="title") == ["Abricot sec", "Céleri rémoulade", "Maison"]
        assert titles(emulator, me, q="CELERI remoulade") == ["Céleri rémoulade"]
        assert titles(emulator, other) == ["Apple"]

    @pytest.mark.parametrize(
        "params",
        [{"sort": "size"}, {"limit": 0}, {"limit": 1000}, {"cursor": "nope!"}, {"parent_id": "not-a-uuid"}],
        ids=["sort", "limit-0", "limit-big", "cursor", "parent"],
    )
    def test_bad_list_parameters_are_422(self, emulator, people, params):
        r = emulator.http.get("/v1/notes", params=params, headers=bearer(people["a"], emulator))
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


class TestBadInput:
    @pytest.mark.parametrize(
        "payload",
        [
            {},
            {"content": "   "},
            {"content": 12},
            {"content": "x" * 10_001},
            {"content": "x", "title": "t" * 201},
            {"content": "x", "tags": [f"t{i}" for i in range(21)]},
            {"content": "x", "tags": ["t" * 41]},
            {"content": "x", "tags": "not-a-list"},
            {"content": "x", "user_id": str(uuid.uuid4())},
            {"content": "x", "parent_id": "nope"},
            {"content": "a\u0000b"},
            {"content": "x", "title": "\u0000"},
        ],
        ids=[
            "empty",
            "blank",
            "type",
            "huge",
            "title",
            "many-tags",
            "long-tag",
            "tags-type",
            "extra",
            "parent",
            "nul",
            "nul-title",
        ],
    )
    def test_bad_bodies_are_422_and_write_nothing(self, emulator, people, payload):
        me = bearer(people["a"], emulator)
        r = emulator.http.post("/v1/notes", json=payload, headers=me)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert titles(emulator, me) == []

    def test_an_unknown_parent_is_404_and_writes_nothing(self, emulator, people):
        me = bearer(people["a"], emulator)
        r = emulator.http.post("/v1/notes", json={"content": "x", "parent_id": str(uuid.uuid4())}, headers=me)
        assert r.status_code == 404 and titles(emulator, me) == []


class TestIsolation:
    def test_another_persons_note_is_404_for_every_verb_and_as_a_parent(self, emulator, people):
        me, other = bearer(people["a"], emulator), bearer(people["b"], emulator)
        theirs = create(emulator, other, content="secret: the safe code is 1234").json()
        url = f"/v1/notes/{theirs['id']}"
        for method, kw in (("get", {}), ("patch", {"json": {"content": "hacked"}}), ("delete", {})):
            r = getattr(emulator.http, method)(url, headers=me, **kw)
            assert r.status_code == 404, method
            assert "1234" not in r.text and "safe" not in r.text
        r = emulator.http.post("/v1/notes", json={"content": "x", "parent_id": theirs["id"]}, headers=me)
        assert r.status_code == 404
        mine = create(emulator, me, content="mine").json()
        r = emulator.http.patch(f"/v1/notes/{mine['id']}", json={"parent_id": theirs["id"]}, headers=me)
        assert r.status_code == 404
        assert titles(emulator, me, q="safe") == [] and titles(emulator, me) == ["Mine"]
        assert emulator.http.get(url, headers=other).json() == theirs

    def test_no_token_is_401(self, emulator):
        assert emulator.http.get("/v1/notes").status_code == 401
