"""Abuse limits on the API (shared.limits through functions/api/limits.py), on the real emulator and Redis:
per client address, per signed-in person and per person on the costly routes, each a 429 problem with
Retry-After; a body over the cap is a 413 problem; nothing is written by a refused request."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from shared.clock import TravelClock
from tests.conftest import serve_emulator
from tests.helpers import add_people, bearer


@pytest.fixture()
def limited(settings_for, fake_twilio):
    settings = settings_for(
        fake_twilio,
        rate_limits=True,
        api_per_ip_per_minute=40,
        api_per_person_per_minute=12,
        api_costly_per_person_per_minute=3,
        api_max_body_bytes=2048,
        status_callbacks=False,
    )
    with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
        found = add_people(
            emu.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+33611110002", "fr", "Europe/Paris")
        )
        emu.people = {who: bearer(user_id, emu) for who, user_id in found.items()}  # type: ignore[attr-defined]
        yield emu


def count(emu, table):
    with emu.deps.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def assert_throttled(r):
    assert r.status_code == 429, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("/too-many-requests")
    assert 1 <= int(r.headers["Retry-After"]) <= 120


def test_a_person_over_their_share_waits_and_another_person_does_not(limited):
    a, b = limited.people["a"], limited.people["b"]
    answers = [limited.http.get("/v1/tasks", headers=a).status_code for _ in range(12)]
    assert answers == [200] * 12
    assert_throttled(limited.http.get("/v1/tasks", headers=a))
    refused = limited.http.post("/v1/tasks", json={"title": "ranger"}, headers=a)
    assert_throttled(refused)
    assert count(limited, "tasks") == 0  # refused before the route: nothing written
    assert limited.http.get("/v1/tasks", headers=b).status_code == 200


def test_costly_routes_have_a_tighter_share(limited):
    a = limited.people["a"]
    for _ in range(3):
        assert limited.http.get("/v1/memories/search", params={"q": "digicode"}, headers=a).status_code == 200
    assert_throttled(limited.http.get("/v1/notes/search", params={"q": "digicode"}, headers=a))
    assert limited.http.get("/v1/tasks", headers=a).status_code == 200  # the rest of the API still answers


def test_one_address_is_limited_even_without_a_token(limited):
    answers = [limited.http.get("/v1/tasks").status_code for _ in range(40)]
    assert answers == [401] * 40
    assert_throttled(limited.http.get("/v1/tasks"))


def test_a_body_over_the_cap_is_a_413_problem(limited):
    a = limited.people["a"]
    r = limited.http.post("/v1/notes", json={"title": "long", "content": "x" * 4000}, headers=a)
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert count(limited, "notes") == 0
    assert limited.http.post("/v1/notes", json={"title": "court", "content": "x" * 100}, headers=a).status_code == 201


def test_a_chunked_body_without_a_length_is_capped_as_it_arrives(limited):
    a = limited.people["a"]

    def chunks(total):
        sent = 0
        yield b'{"title": "long", "content": "'
        while sent < total:
            yield b"x" * 512
            sent += 512
        yield b'"}'

    r = limited.http.post(
        "/v1/notes", content=chunks(1_000_000), headers={**a, "content-type": "application/json"}
    )  # httpx sends an iterator chunked, with no Content-Length
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json", r.text
    assert count(limited, "notes") == 0
    small = limited.http.post("/v1/notes", content=chunks(512), headers={**a, "content-type": "application/json"})
    assert small.status_code == 201, small.text
