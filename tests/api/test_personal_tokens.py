"""Personal API tokens: shown once and stored only as a hash; scopes enforced on every route (a read token
cannot write); revoked or expired tokens refused at once; a personal token cannot manage tokens; another
person's token id is a 404; creating and revoking are audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from tests.api.test_isolation import people  # noqa: F401 - the fixture


def make(emulator, headers, **body):
    r = emulator.http.post("/v1/me/tokens", json={"name": "script", "scopes": ["read"], **body}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_read_token_reads_and_cannot_write(emulator, people):  # noqa: F811
    made = make(emulator, people["a"])
    token = made["token"]
    assert token.startswith("bpt_") and len(token) >= 40 and made["prefix"] == token[:12]
    with emulator.deps.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash, prefix FROM api_tokens")).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only its hash is kept
    mine = {"Authorization": f"Bearer {token}"}
    assert emulator.http.get("/v1/tasks", headers=mine).status_code == 200
    refused = emulator.http.post("/v1/tasks", json={"title": "ranger"}, headers=mine)
    assert refused.status_code == 403 and refused.json()["type"].endswith("/insufficient-scope")
    with emulator.deps.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tasks")).scalar_one() == 0
    listed = emulator.http.get("/v1/me/tokens", headers=people["a"]).json()
    assert [t["name"] for t in listed] == ["script"] and "token" not in listed[0]
    assert listed[0]["last_used_at"] is not None


def test_a_write_token_writes_as_its_person(emulator, people):  # noqa: F811
    token = make(emulator, people["a"], scopes=["read", "write"])["token"]
    r = emulator.http.post("/v1/tasks", json={"title": "ranger"}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201
    assert [t["title"] for t in emulator.http.get("/v1/tasks", headers=people["a"]).json()["items"]] == ["ranger"]
    assert emulator.http.get("/v1/tasks", headers=people["b"]).json()["items"] == []


def test_revoked_and_expired_tokens_are_refused_and_only_the_owner_revokes(emulator, people):  # noqa: F811
    first = make(emulator, people["a"])
    second = make(emulator, people["a"], days=1)
    assert emulator.http.delete(f"/v1/me/tokens/{first['id']}", headers=people["b"]).status_code == 404
    with_first = {"Authorization": f"Bearer {first['token']}"}
    assert emulator.http.delete(f"/v1/me/tokens/{first['id']}", headers=with_first).status_code == 403  # not itself
    assert emulator.http.delete(f"/v1/me/tokens/{first['id']}", headers=people["a"]).status_code == 204
    assert emulator.http.get("/v1/tasks", headers=with_first).status_code == 401
    emulator.clock.advance(timedelta(days=1, seconds=1))
    assert emulator.http.get("/v1/tasks", headers={"Authorization": f"Bearer {second['token']}"}).status_code == 401
    with emulator.deps.engine.connect() as conn:
        events = conn.execute(text("SELECT event FROM audit_events ORDER BY event")).scalars().all()
    assert events == ["token.created", "token.created", "token.revoked"]


def test_bad_requests_are_422_and_a_personal_token_cannot_make_another(emulator, people):  # noqa: F811
    for body in (
        {"name": "", "scopes": ["read"]},
        {"name": "x", "scopes": []},
        {"name": "x", "scopes": ["admin"]},
        {"name": "x", "scopes": ["read"], "days": 400},
        {"name": "x", "scopes": ["read"], "user_id": "y"},
    ):
        assert emulator.http.post("/v1/me/tokens", json=body, headers=people["a"]).status_code == 422, body
    token = make(emulator, people["a"], scopes=["read", "write"])["token"]
    r = emulator.http.post(
        "/v1/me/tokens", json={"name": "x", "scopes": ["read"]}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 403
    assert emulator.http.get("/v1/tasks", headers={"Authorization": "Bearer bpt_nothing"}).status_code == 401


def test_signing_out_everywhere_refuses_every_earlier_token(emulator, people):  # noqa: F811
    from tests.helpers import bearer

    with emulator.deps.engine.connect() as conn:
        a = conn.execute(text("SELECT id FROM users WHERE phone = '+33611110001'")).scalar_one()
    other_device = bearer(a, emulator)
    script = {"Authorization": f"Bearer {make(emulator, people['a'])['token']}"}
    assert emulator.http.post("/v1/me/sign-out-everywhere", headers=script).status_code == 403  # signed in only
    assert emulator.http.post("/v1/me/sign-out-everywhere", headers=people["a"]).status_code == 204
    for headers in (people["a"], other_device, script):
        r = emulator.http.get("/v1/tasks", headers=headers)
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert emulator.http.get("/v1/tasks", headers=people["b"]).status_code == 200  # B still signed in
    emulator.clock.advance(timedelta(seconds=2))
    assert emulator.http.get("/v1/tasks", headers=bearer(a, emulator)).status_code == 200  # signing in again works
    with emulator.deps.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM audit_events WHERE event = 'auth.signed_out_everywhere'")
            ).scalar_one()
            == 1
        )
