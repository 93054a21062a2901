"""Attacks on every resource the API can create, driven by its own OpenAPI document (so a new resource is
attacked without anyone listing it): SQL-shaped text in every free-text field is stored as text, verbatim,
and breaks nothing; a body that tries to set an owner, a role or an id is refused whole (mass assignment);
nothing of either reaches another person or the schema."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import text

from tests.api.test_isolation import PARAM, _creates, _example, _operations, people  # noqa: F401 - the fixture

SQL_SHAPED = [
    "'; DROP TABLE users; --",
    "Robert'); DELETE FROM reminders WHERE ('1'='1",
    "x' OR '1'='1",
    "$$; SELECT pg_sleep(5); $$",
    "\\'; TRUNCATE notes; --",
]
OWNERSHIP = [
    {"user_id": "00000000-0000-0000-0000-000000000001"},
    {"role": "admin"},
    {"id": "00000000-0000-0000-0000-000000000002"},
]


def _creations(doc):
    return [
        (path, op)
        for method, path, op in _operations(doc)
        if method == "POST" and not PARAM.search(path) and _creates(doc, op)
    ]


def _counts(emulator):
    with emulator.deps.engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_sql_shaped_text_is_stored_verbatim_in_every_text_field(emulator, people):  # noqa: F811
    doc = emulator.http.get("/v1/openapi.json").json()
    creations = _creations(doc)
    assert len(creations) >= 11
    tried = checked = 0
    for path, op in creations:
        example = _example(doc, op)
        texts = [k for k, v in (example or {}).items() if isinstance(v, str) and k not in {"when", "currency", "due"}]
        for key in texts:
            for payload in SQL_SHAPED[:2]:
                body = copy.deepcopy(example)
                body[key] = f"{body[key]} {payload}"[:200]
                r = emulator.http.post(path, json=body, headers=people["a"])
                assert r.status_code < 500, (path, key, r.text)
                tried += 1
                stored = r.json().get(key) if r.status_code == 201 else None
                if isinstance(stored, str):  # kept as the words it was (some fields fold case)
                    core = "drop table users" if "DROP" in payload else "delete from reminders"
                    assert core in stored.lower(), (path, key, stored)
                    checked += 1
    assert tried >= 20 and checked >= 10, (tried, checked)
    counts = _counts(emulator)
    assert counts["users"] == 2 and counts["reminders"] >= 0  # nothing dropped, nothing deleted
    for payload in SQL_SHAPED:  # searches take them as words
        for search in ("/v1/memories/search", "/v1/notes/search"):
            assert emulator.http.get(search, params={"q": payload}, headers=people["a"]).status_code == 200
        assert emulator.http.get("/v1/notes", params={"q": payload}, headers=people["a"]).status_code == 200
    assert emulator.http.get("/v1/tasks", headers=people["b"]).json()["items"] == []  # B untouched


@pytest.mark.parametrize("extra", OWNERSHIP, ids=lambda e: next(iter(e)))
def test_a_body_cannot_set_an_owner_a_role_or_an_id(emulator, people, extra):  # noqa: F811
    doc = emulator.http.get("/v1/openapi.json").json()
    before = _counts(emulator)
    for path, op in _creations(doc):
        body = {**(_example(doc, op) or {}), **extra}
        r = emulator.http.post(path, json=body, headers=people["a"])
        assert r.status_code == 422, (path, r.status_code, r.text[:200])
        assert r.headers["content-type"] == "application/problem+json"
    assert _counts(emulator) == before  # refused whole: nothing written
