"""/v1/tasks and /v1/goals through the emulator's API: CRUD, filters, sorts, cursor pages, bad input as problem
JSON with nothing written, If-Match (412), and person A never reaching person B's ids (404)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.helpers import add_people, bearer


@pytest.fixture()
def people(emulator):
    ids = add_people(
        emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+14155550001", "en", "Europe/Paris")
    )
    return {k: bearer(v, emulator) for k, v in ids.items()} | {"ids": ids}


def count(emulator, table: str) -> int:
    with emulator.deps.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


class TestTasksCrud:
    def test_create_get_patch_delete(self, emulator, people):
        http, me = emulator.http, people["a"]
        r = http.post(
            "/v1/tasks", json={"title": "ranger le garage", "due_date": "2030-05-04", "priority": 2}, headers=me
        )
        assert r.status_code == 201, r.text
        task = r.json()
        assert r.headers["Location"] == f"/v1/tasks/{task['id']}"
        assert task["status"] == "todo" and task["due_date"] == "2030-05-04" and task["priority"] == 2
        etag = r.headers["ETag"]

        got = http.get(f"/v1/tasks/{task['id']}", headers=me)
        assert got.status_code == 200 and got.headers["ETag"] == etag

        emulator.clock.advance(timedelta(seconds=5))
        patched = http.patch(
            f"/v1/tasks/{task['id']}", json={"status": "done", "estimate_minutes": 30}, headers=me | {"If-Match": etag}
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["status"] == "done" and patched.json()["completed_at"] is not None
        assert patched.json()["estimate_minutes"] == 30

        stale = http.patch(f"/v1/tasks/{task['id']}", json={"title": "x"}, headers=me | {"If-Match": etag})
        assert stale.status_code == 412
        assert stale.headers["content-type"] == "application/problem+json"

        assert http.delete(f"/v1/tasks/{task['id']}", headers=me).status_code == 204
        assert http.get(f"/v1/tasks/{task['id']}", headers=me).status_code == 404

    def test_deadline_in_words_and_removed_with_null(self, emulator, people):
        http, me = emulator.http, people["a"]
        task = http.post("/v1/tasks", json={"title": "impôts", "due": "avant la fin du mois"}, headers=me).json()
        assert task["due_date"] is not None and task["due_date"].endswith(("-28", "-29", "-30", "-31"))
        cleared = http.patch(f"/v1/tasks/{task['id']}", json={"due_date": None}, headers=me).json()
        assert cleared["due_date"] is None

    @pytest.mark.parametrize(
        "body",
        [
            {"title": ""},
            {"title": "x" * 501},
            {"title": "x", "priority": 9},
            {"title": "x", "priority": "high"},
            {"title": "x", "estimate_minutes": -5},
            {"title": "x", "estimate_minutes": 100000},
            {"title": "x", "due": "blablabla"},
            {"title": "x", "due_date": "not-a-date"},
            {"title": "x", "goal_id": str(uuid.uuid4())},
            {"title": "x", "unknown": 1},
        ],
    )
    def test_bad_input_is_a_problem_and_nothing_is_written(self, emulator, people, body):
        r = emulator.http.post("/v1/tasks", json=body, headers=people["a"])
        assert 400 <= r.status_code < 500, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert count(emulator, "tasks") == 0


class TestTaskLists:
    def test_filters_sorts_and_pages(self, emulator, people):
        http, me = emulator.http, people["a"]
        goal = http.post("/v1/goals", json={"title": "maison"}, headers=me).json()
        for i, (due, prio) in enumerate([("2030-01-05", 3), ("2030-01-01", 5), (None, 1), ("2030-01-03", 2)]):
            body = {"title": f"t{i}", "priority": prio} | ({"due_date": due} if due else {})
            if i % 2 == 0:
                body["goal_id"] = goal["id"]
            assert http.post("/v1/tasks", json=body, headers=me).status_code == 201
        done = http.post("/v1/tasks", json={"title": "done one"}, headers=me).json()
        http.patch(f"/v1/tasks/{done['id']}", json={"status": "done"}, headers=me)

        by_due = http.get("/v1/tasks", params={"sort": "due"}, headers=me).json()["items"]
        assert [t["title"] for t in by_due] == ["t1", "t3", "t0", "t2"]  # no deadline last, done ones out
        by_prio = http.get("/v1/tasks", params={"sort": "priority"}, headers=me).json()["items"]
        assert [t["priority"] for t in by_prio] == [1, 2, 3, 5]
        desc = http.get("/v1/tasks", params={"sort": "priority", "order": "desc"}, headers=me).json()["items"]
        assert [t["priority"] for t in desc] == [5, 3, 2, 1]
        mine = http.get("/v1/tasks", params={"goal_id": goal["id"]}, headers=me).json()["items"]
        assert sorted(t["title"] for t in mine) == ["t0", "t2"]
        soon = http.get("/v1/tasks", params={"due_before": "2030-01-03"}, headers=me).json()["items"]
        assert [t["title"] for t in soon] == ["t1", "t3"]
        done_list = http.get("/v1/tasks", params={"status": "done"}, headers=me).json()["items"]
        assert [t["title"] for t in done_list] == ["done one"]

        for sort in ("due", "priority", "created"):
            seen, cursor = [], None
            while True:
                params = {"sort": sort, "limit": 1} | ({"cursor": cursor} if cursor else {})
                page = http.get("/v1/tasks", params=params, headers=me).json()
                seen += [t["title"] for t in page["items"]]
                cursor = page["next_cursor"]
                if cursor is None:
                    break
            assert sorted(seen) == ["t0", "t1", "t2", "t3"], sort

    def test_a_cursor_from_another_sort_or_garbage_is_a_4xx(self, emulator, people):
        http, me = emulator.http, people["a"]
        for i in range(3):
            http.post("/v1/tasks", json={"title": f"t{i}", "due_date": f"2030-01-0{i + 1}"}, headers=me)
        cursor = http.get("/v1/tasks", params={"sort": "due", "limit": 1}, headers=me).json()["next_cursor"]
        for params in ({"sort": "created", "cursor": cursor}, {"sort": "priority", "cursor": cursor}, {"cursor": "zz"}):
            r = http.get("/v1/tasks", params=params, headers=me)
            assert r.status_code == 422, (params, r.text)


class TestGoals:
    def test_tree_progress_review(self, emulator, people):
        http, me = emulator.http, people["a"]
        top = http.post("/v1/goals", json={"title": "être en forme"}, headers=me)
        assert top.status_code == 201 and top.headers["Location"].startswith("/v1/goals/")
        top = top.json()
        sub = http.post("/v1/goals", json={"title": "courir", "parent_id": top["id"]}, headers=me).json()
        a = http.post("/v1/tasks", json={"title": "5 km", "goal_id": sub["id"]}, headers=me).json()
        http.post("/v1/tasks", json={"title": "chaussures", "goal_id": sub["id"]}, headers=me)
        http.patch(f"/v1/tasks/{a['id']}", json={"status": "done"}, headers=me)
        assert http.get(f"/v1/goals/{sub['id']}", headers=me).json()["progress"] == 50
        assert http.get(f"/v1/goals/{top['id']}", headers=me).json()["progress"] == 50

        subs = http.get("/v1/goals", params={"parent_id": top["id"]}, headers=me).json()["items"]
        assert [g["title"] for g in subs] == ["courir"]
        tops = http.get("/v1/goals", params={"top_level": "true"}, headers=me).json()["items"]
        assert [g["title"] for g in tops] == ["être en forme"]

        loop = http.patch(f"/v1/goals/{top['id']}", json={"parent_id": sub["id"]}, headers=me)
        assert loop.status_code == 409 and loop.headers["content-type"] == "application/problem+json"

        emulator.clock.advance(timedelta(days=8))
        me = bearer(people["ids"]["a"], emulator)  # tokens are short-lived: a new one after the week
        due = http.get("/v1/goals", params={"needs_review": "true"}, headers=me).json()["items"]
        assert {g["title"] for g in due} == {"être en forme", "courir"}
        reviewed = http.post(f"/v1/goals/{top['id']}/review", headers=me)
        assert reviewed.status_code == 200 and reviewed.json()["last_reviewed_at"] is not None
        due = http.get("/v1/goals", params={"needs_review": "true"}, headers=me).json()["items"]
        assert [g["title"] for g in due] == ["courir"]

        assert http.delete(f"/v1/goals/{top['id']}", headers=me).status_code == 204
        assert http.get(f"/v1/goals/{sub['id']}", headers=me).status_code == 404  # sub-goals go with it
        kept = http.get(f"/v1/tasks/{a['id']}", headers=me).json()
        assert kept["goal_id"] is None  # tasks stay, without a goal

    def test_goal_if_match(self, emulator, people):
        http, me = emulator.http, people["a"]
        r = http.post("/v1/goals", json={"title": "lire"}, headers=me)
        etag = r.headers["ETag"]
        emulator.clock.advance(timedelta(seconds=5))
        ok = http.patch(
            f"/v1/goals/{r.json()['id']}", json={"title": "lire 12 livres"}, headers=me | {"If-Match": etag}
        )
        assert ok.status_code == 200 and ok.json()["title"] == "lire 12 livres"
        stale = http.patch(f"/v1/goals/{r.json()['id']}", json={"status": "done"}, headers=me | {"If-Match": etag})
        assert stale.status_code == 412


class TestIsolation:
    def test_person_a_gets_404_on_everything_of_person_b(self, emulator, people):
        http, a, b = emulator.http, people["a"], people["b"]
        goal = http.post("/v1/goals", json={"title": "B's goal"}, headers=b).json()
        task = http.post("/v1/tasks", json={"title": "B's task", "goal_id": goal["id"]}, headers=b).json()
        calls = [
            ("get", f"/v1/tasks/{task['id']}", None),
            ("patch", f"/v1/tasks/{task['id']}", {"title": "mine now"}),
            ("delete", f"/v1/tasks/{task['id']}", None),
            ("get", f"/v1/goals/{goal['id']}", None),
            ("patch", f"/v1/goals/{goal['id']}", {"title": "mine now"}),
            ("delete", f"/v1/goals/{goal['id']}", None),
            ("post", f"/v1/goals/{goal['id']}/review", None),
            ("post", "/v1/tasks", {"title": "x", "goal_id": goal["id"]}),
            ("post", "/v1/tasks", {"title": "x", "parent_task_id": task["id"]}),
            ("post", "/v1/goals", {"title": "x", "parent_id": goal["id"]}),
            ("get", "/v1/tasks?goal_id=" + goal["id"], None),
            ("get", "/v1/goals?parent_id=" + goal["id"], None),
        ]
        for method, url, body in calls:
            r = http.request(method.upper(), url, json=body, headers=a)
            assert r.status_code == 404, (method, url, r.text)
            assert "B's" not in r.text
        assert http.get("/v1/tasks", headers=a).json()["items"] == []
        assert http.get(f"/v1/tasks/{task['id']}", headers=b).json()["title"] == "B's task"
        assert http.get(f"/v1/goals/{goal['id']}", headers=b).json()["title"] == "B's goal"
