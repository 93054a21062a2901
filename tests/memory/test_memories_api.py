"""/v1/memories over the real emulator (Postgres, offline embedder): CRUD, merge and replace on create, filters
and cursor pages, hybrid search, bad input (422, nothing written), If-Match (412), and person A with person B's
ids (404, nothing leaked)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from shared.auth import tokens
from shared.config import LOCAL_TOKEN_SECRET
from tests.helpers import every_page


@pytest.fixture()
def people(emulator):
    with emulator.deps.engine.begin() as conn:
        return {
            name: conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, 'Europe/Paris') RETURNING id"),
                {"p": phone, "l": lang},
            ).scalar_one()
            for name, phone, lang in (("a", "+33611110001", "fr"), ("b", "+14155551112", "en"))
        }


def bearer(user_id, emulator):
    return {"Authorization": f"Bearer {tokens.issue(user_id, secret=LOCAL_TOKEN_SECRET, now=emulator.clock.now())}"}


def create(emulator, headers, status=201, **body):
    r = emulator.http.post("/v1/memories", json=body, headers=headers)
    assert r.status_code == status, r.text
    return r


def count(emulator, sql="SELECT count(*) FROM ltm_memories"):
    with emulator.deps.engine.begin() as conn:
        return conn.execute(text(sql)).scalar_one()


def contents(emulator, headers, **params):
    return every_page(emulator, "/v1/memories", headers, "content", **params)


class TestCrud:
    def test_create_get_patch_delete(self, emulator, people):
        me = bearer(people["a"], emulator)
        created = create(emulator, me, content="Le digicode de Léa est 12B45", tags=["Codes"], importance=7)
        url, tag = created.headers["location"], created.headers["etag"]
        body = created.json()
        assert url == f"/v1/memories/{body['id']}"
        assert (body["action"], body["language"], body["tags"], body["importance"]) == ("created", "fr", ["codes"], 7)
        assert body["embedding_model"] == "multilingual-e5-small-q4"
        again = emulator.http.get(url, headers=me)
        assert again.status_code == 200 and again.headers["etag"] == tag
        assert again.json()["content"] == "Le digicode de Léa est 12B45"

        emulator.clock.advance(timedelta(seconds=1))
        patched = emulator.http.patch(
            url, json={"content": "Le digicode de Léa est 7788", "importance": 9}, headers=me | {"If-Match": tag}
        )
        assert patched.status_code == 200, patched.text
        assert (patched.json()["content"], patched.json()["importance"]) == ("Le digicode de Léa est 7788", 9)
        assert patched.headers["etag"] != tag

        stale = emulator.http.patch(url, json={"importance": 1}, headers=me | {"If-Match": tag})
        assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
        assert emulator.http.get(url, headers=me).json()["importance"] == 9

        assert emulator.http.delete(url, headers=me).status_code == 204
        assert emulator.http.get(url, headers=me).status_code == 404
        assert count(emulator) == 0

    def test_the_same_fact_merges_and_a_new_one_replaces(self, emulator, people):
        me = bearer(people["a"], emulator)
        first = create(emulator, me, content="Mon dentiste c'est le Dr Martin").json()
        merged = create(emulator, me, status=200, content="mon dentiste c'est le Dr Martin").json()
        assert (merged["action"], merged["id"]) == ("merged", first["id"])
        replaced = create(emulator, me, content="Finalement mon dentiste c'est le Dr Roy").json()
        assert (replaced["action"], replaced["replaced_id"]) == ("replaced", first["id"])
        assert contents(emulator, me) == ["Finalement mon dentiste c'est le Dr Roy"]
        assert contents(emulator, me, archived="true") == ["Mon dentiste c'est le Dr Martin"]
        old = emulator.http.get(f"/v1/memories/{first['id']}", headers=me).json()
        assert old["archived_at"] is not None and old["related_ids"] == [replaced["id"]]

    def test_reading_is_not_an_edit(self, emulator, people):
        me = bearer(people["a"], emulator)
        created = create(emulator, me, content="Le digicode de Léa est 12B45")
        emulator.http.get("/v1/memories/search", params={"q": "digicode"}, headers=me)
        read = emulator.http.get(created.headers["location"], headers=me)
        assert read.json()["access_count"] == 1 and read.headers["etag"] == created.headers["etag"]


class TestListAndSearch:
    def test_filters_and_pages(self, emulator, people):
        me = bearer(people["a"], emulator)
        for i, (content, category, tags) in enumerate(
            [
                ("Le digicode de Léa est 12B45", "codes", ["lea"]),
                ("Le code du portail est 4521", "codes", ["maison"]),
                ("Sam hates cilantro", "food", ["sam"]),
                ("Les clés sont dans le tiroir", None, ["maison"]),
                ("L'anniv de maman c'est le 3 mai", "dates", []),
            ]
        ):
            emulator.clock.advance(timedelta(seconds=i + 1))
            create(emulator, me, content=content, category=category, tags=tags)
        assert contents(emulator, me) == [
            "L'anniv de maman c'est le 3 mai",
            "Les clés sont dans le tiroir",
            "Sam hates cilantro",
            "Le code du portail est 4521",
            "Le digicode de Léa est 12B45",
        ]
        assert contents(emulator, me, category="codes") == [
            "Le code du portail est 4521",
            "Le digicode de Léa est 12B45",
        ]
        assert contents(emulator, me, tag="maison") == ["Les clés sont dans le tiroir", "Le code du portail est 4521"]
        assert contents(emulator, me, q="digicode léa") == ["Le digicode de Léa est 12B45"]
        assert contents(emulator, me, archived="true") == []
        assert len(contents(emulator, me, archived="all")) == 5

    def test_hybrid_search_finds_memories_and_notes(self, emulator, people):
        me = bearer(people["a"], emulator)
        create(emulator, me, content="Le digicode de Léa est 12B45")
        create(emulator, me, content="Sam hates cilantro")
        note = emulator.http.post(
            "/v1/notes", json={"title": "Chez mamie", "content": "Wifi : Livebox-8F2A"}, headers=me
        ).json()
        r = emulator.http.get("/v1/memories/search", params={"q": "c'est quoi le digicode de Léa ?"}, headers=me)
        assert r.status_code == 200
        assert r.json()[0]["content"] == "Le digicode de Léa est 12B45" and r.json()[0]["source"] == "memory"
        assert len(r.json()) == 3  # never fewer than there are
        wifi = emulator.http.get("/v1/memories/search", params={"q": "wifi de mamie", "limit": 1}, headers=me).json()
        assert (wifi[0]["source"], wifi[0]["note_id"], wifi[0]["note_title"]) == ("note", note["id"], "Chez mamie")
        words = emulator.http.get("/v1/memories/search", params={"q": "cilantro", "mode": "fts"}, headers=me).json()
        assert [h["content"] for h in words] == ["Sam hates cilantro"]

    def test_notes_search_by_meaning_one_result_per_note(self, emulator, people):
        me, other = bearer(people["a"], emulator), bearer(people["b"], emulator)

        def note(headers, title, content):
            r = emulator.http.post("/v1/notes", json={"title": title, "content": content}, headers=headers)
            assert r.status_code == 201, r.text
            return r.json()["id"]

        trip = note(me, "Vacances", "Réserver le train pour Lyon.\n\nPrendre les maillots de bain et la crème solaire.")
        car = note(me, "Voiture", "Vidange à faire à 60 000 km. Pneus neige dans le garage.")
        note(other, "Vacances", "Réserver le train pour Lyon et la crème solaire.")  # B's, never A's
        found = emulator.http.get("/v1/notes/search", params={"q": "sunscreen for the beach"}, headers=me).json()
        assert found[0]["note_id"] == trip and "crème solaire" in found[0]["passage"]
        assert [h["note_id"] for h in found] == [trip, car]  # one result per note, none of B's
        words = emulator.http.get("/v1/notes/search", params={"q": "vidange", "mode": "fts"}, headers=me).json()
        assert [(h["note_id"], h["title"], h["why"]) for h in words] == [(car, "Voiture", "words")]

        # an edit is searched at once (the note is cut again before the next search)
        etag = emulator.http.get(f"/v1/notes/{car}", headers=me).headers["ETag"]
        r = emulator.http.patch(
            f"/v1/notes/{car}", json={"content": "Contrôle technique en mars."}, headers={**me, "If-Match": etag}
        )
        assert r.status_code == 200, r.text
        assert emulator.http.get("/v1/notes/search", params={"q": "vidange", "mode": "fts"}, headers=me).json() == []
        again = emulator.http.get("/v1/notes/search", params={"q": "controle technique", "limit": 1}, headers=me)
        assert [h["note_id"] for h in again.json()] == [car]
        for params in ({}, {"q": ""}, {"q": "a", "mode": "magic"}, {"q": "a", "limit": 51}):
            assert emulator.http.get("/v1/notes/search", params=params, headers=me).status_code == 422, params

    def test_bad_cursor_and_bad_search(self, emulator, people):
        me = bearer(people["a"], emulator)
        assert emulator.http.get("/v1/memories", params={"cursor": "nope"}, headers=me).status_code == 422
        for params in ({}, {"q": ""}, {"q": "x" * 301}, {"q": "a", "mode": "magic"}, {"q": "a", "limit": 0}):
            r = emulator.http.get("/v1/memories/search", params=params, headers=me)
            assert r.status_code == 422, params


class TestRefusals:
    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"content": ""},
            {"content": "x" * 2001},
            {"content": "a\u0000b"},
            {"content": "ok", "importance": 0},
            {"content": "ok", "importance": 11},
            {"content": "ok", "importance": "high"},
            {"content": "ok", "tags": ["t" * 65]},
            {"content": "ok", "tags": [f"t{i}" for i in range(21)]},
            {"content": "ok", "language": "de"},
            {"content": "ok", "kind": "k" * 33},
            {"content": "ok", "surprise": 1},
            {"content": 12},
        ],
    )
    def test_bad_bodies_are_422_and_nothing_is_written(self, emulator, people, body):
        me = bearer(people["a"], emulator)
        r = emulator.http.post("/v1/memories", json=body, headers=me)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert count(emulator) == 0

    def test_a_bad_patch_changes_nothing(self, emulator, people):
        me = bearer(people["a"], emulator)
        url = create(emulator, me, content="Le digicode de Léa est 12B45").headers["location"]
        for body in ({"importance": 0}, {"content": ""}, {"tags": ["x" * 65]}, {"other": 1}, {"content": "a\u0000"}):
            assert emulator.http.patch(url, json=body, headers=me).status_code == 422, body
        assert emulator.http.get(url, headers=me).json()["content"] == "Le digicode de Léa est 12B45"

    def test_no_token_is_401(self, emulator, people):
        assert emulator.http.get("/v1/memories").status_code == 401


class TestIsolation:
    def test_another_persons_ids_are_404_and_nothing_leaks(self, emulator, people):
        a, b = bearer(people["a"], emulator), bearer(people["b"], emulator)
        url = create(emulator, a, content="Le digicode de Léa est 12B45").headers["location"]
        create(emulator, b, content="Le digicode de Léa est 99999")
        for call in (
            lambda: emulator.http.get(url, headers=b),
            lambda: emulator.http.patch(url, json={"importance": 1}, headers=b),
            lambda: emulator.http.delete(url, headers=b),
            lambda: emulator.http.get(f"/v1/memories/{uuid.uuid4()}", headers=a),
        ):
            r = call()
            assert r.status_code == 404 and "12B45" not in r.text
        found = emulator.http.get("/v1/memories/search", params={"q": "digicode de Léa", "limit": 10}, headers=b)
        assert [h["content"] for h in found.json()] == ["Le digicode de Léa est 99999"]
        assert contents(emulator, b) == ["Le digicode de Léa est 99999"]
        assert emulator.http.get(url, headers=a).json()["importance"] == 5
