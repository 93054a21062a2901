"""Input no resource can take is refused the same way everywhere: a NUL character (Postgres text cannot
hold one) in a body, a query or a path is a 422 problem, never a 500, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.api.test_isolation import people  # noqa: F401 - the fixture


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/goals", {"title": "courir\u0000"}),
        ("POST", "/v1/notes", {"content": "code \u0000 4521"}),
        ("POST", "/v1/groceries", {"name": "lait", "unit": "l\u0000"}),
        ("GET", "/v1/notes?q=wifi%00", None),
        ("GET", "/v1/tasks?status=todo&x=%00", None),
    ],
)
def test_a_nul_character_is_a_422_problem_and_nothing_is_written(emulator, people, method, path, body):  # noqa: F811
    r = emulator.http.request(method, path, json=body, headers=people["a"])
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["msg"] == "contains a NUL character"
    with emulator.deps.engine.connect() as conn:
        for table in ("user_goals", "notes", "grocery_items"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0


def test_the_escaped_text_of_a_nul_is_ordinary_text(emulator, people):  # noqa: F811
    r = emulator.http.post("/v1/notes", json={"content": "le motif \\u0000 en JSON"}, headers=people["a"])
    assert r.status_code == 201, r.text
