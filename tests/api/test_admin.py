"""Roles: every /v1/admin operation in the OpenAPI answers 401 without a token and 403 to a person without the
admin role; an admin sees accounts (phones masked), the queues and the audit log, never a person's content,
and each read is audited. Everything else of the API stays each person's own, admins included."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.api.test_isolation import _create_everything_as_b
from tests.helpers import add_people, bearer, post_sms


@pytest.fixture()
def crew(emulator):
    found = add_people(
        emulator.deps.engine,
        ("boss", "+33611119999", "fr", "Europe/Paris"),
        ("a", "+33611110001", "fr", "Europe/Paris"),
    )
    with emulator.deps.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": found["boss"]})
    return {who: bearer(user_id, emulator) for who, user_id in found.items()}, found


def _admin_operations(doc):
    return [
        (method.upper(), path)
        for path, item in doc["paths"].items()
        if path.startswith("/v1/admin")
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _example_body(doc, operation):
    """The first example of the operation's JSON body, if it has one."""
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema["examples"][0]


def test_every_admin_operation_needs_the_admin_role(emulator, crew):
    tokens, ids = crew
    doc = emulator.http.get("/v1/openapi.json").json()
    operations = _admin_operations(doc)
    assert len(operations) >= 4
    for method, path in operations:
        anonymous = _call(emulator, doc, method, path, ids, {})
        assert anonymous.status_code == 401, (method, path)
        person = _call(emulator, doc, method, path, ids, tokens["a"])
        assert person.status_code == 403, (method, path)
        assert person.headers["content-type"] == "application/problem+json"
        admin = _call(emulator, doc, method, path, ids, tokens["boss"])
        assert admin.status_code == 200, (method, path, admin.text)


def _call(emulator, doc, method, template, ids, headers):
    """One admin operation, about person "a" where the path names someone, with its example body."""
    body = _example_body(doc, doc["paths"][template][method.lower()])
    return emulator.http.request(method, template.replace("{user_id}", str(ids["a"])), headers=headers, json=body)


def test_an_admin_never_sees_a_person_s_content(emulator, crew):
    tokens, ids = crew
    doc = emulator.http.get("/v1/openapi.json").json()
    _create_everything_as_b(emulator, doc, tokens["a"])
    post_sms(emulator.http, emulator.base_url, from_="+33611110001", body="souviens-toi que le code du garage est 4521")
    emulator.settle()
    with emulator.deps.engine.connect() as conn:
        texts = [
            r[0] for r in conn.execute(text("SELECT content FROM ltm_memories UNION ALL SELECT text FROM reminders"))
        ]
    assert texts

    seen = ""
    for method, path in _admin_operations(doc):
        r = _call(emulator, doc, method, path, ids, tokens["boss"])
        assert r.status_code == 200
        seen += json.dumps(r.json(), ensure_ascii=False)
    for content in texts:
        assert content not in seen
    assert "+33611110001" not in seen, seen[max(0, seen.find("+33611110001") - 300) :][:400]
    assert "+33•••••••01" in seen  # phones masked
    # the admin's own token reads only the admin's own data everywhere else
    assert emulator.http.get("/v1/reminders", headers=tokens["boss"]).json()["items"] == []
    accounts = emulator.http.get("/v1/admin/accounts", headers=tokens["boss"]).json()
    assert {a["id"] for a in accounts} == {str(i) for i in ids.values()}
    with emulator.deps.engine.connect() as conn:
        reads = conn.execute(text("SELECT count(*) FROM audit_events WHERE event = 'admin.read'")).scalar_one()
    assert reads >= 4


def test_a_person_cannot_give_themselves_the_role_through_the_api(emulator, crew):
    tokens, ids = crew
    for body in ({"role": "admin"}, {"user_id": str(ids["boss"]), "role": "admin"}):
        r = emulator.http.patch("/v1/settings", json=body, headers=tokens["a"])
        assert r.status_code == 422, r.text  # unknown fields are refused, never applied
    assert emulator.http.get("/v1/admin/health", headers=tokens["a"]).status_code == 403
