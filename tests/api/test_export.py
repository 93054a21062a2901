"""GET /v1/me/export: everything about the person, found from the catalog. A and B each create one of
everything the API can create (from the OpenAPI's own examples) and text Boussole; A's export holds exactly
A's rows of every table that references users, none of B's, no derived column, money as exact decimals."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.api.test_isolation import _create_everything_as_b, people  # noqa: F401 - the fixture
from tests.helpers import post_sms

PHONES = {"a": "+33611110001", "b": "+33611110002"}


def _person_id(emulator, phone):
    with emulator.deps.engine.connect() as conn:
        return str(conn.execute(text("SELECT id FROM users WHERE phone = :p"), {"p": phone}).scalar_one())


def test_the_export_holds_every_row_of_the_person_and_nothing_of_anyone_else(emulator, people):  # noqa: F811
    doc = emulator.http.get("/v1/openapi.json").json()
    for who in ("a", "b"):
        _create_everything_as_b(emulator, doc, people[who])
        post_sms(emulator.http, emulator.base_url, from_=PHONES[who], body="j'ai dépensé 12,50 au resto")
        emulator.settle()
    a, b = _person_id(emulator, PHONES["a"]), _person_id(emulator, PHONES["b"])

    r = emulator.http.get("/v1/me/export", headers=people["a"])
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store" and "attachment" in r.headers["content-disposition"]
    export = r.json()
    assert export["format"] == "boussole-export/1" and export["person"]["id"] == a

    with emulator.deps.engine.connect() as conn:
        catalog = conn.execute(
            text(
                """SELECT cl.relname, a.attname FROM pg_constraint c
                     JOIN pg_class cl ON cl.oid = c.conrelid
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass"""
            )
        ).all()
        assert len(catalog) >= 15
        holding = 0
        for table, column in catalog:
            mine = conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :a'), {"a": a}).scalar_one()
            assert table in export["data"], table
            exported = [row for row in export["data"][table] if row.get(column) == a]
            assert len(exported) == mine, (table, column)
            holding += mine > 0
    assert holding >= 12  # the walk above really gave A rows in most tables

    everything = json.dumps(export)
    assert b not in everything and PHONES["b"] not in everything  # nothing of B's
    assert '"embedding"' not in everything and '"search"' not in everything  # derived columns stay out
    amounts = [e["amount"] for e in export["data"]["expenses"]]
    assert "12.50" in amounts and all(isinstance(x, str) for x in amounts)  # exact decimals, as strings


def test_the_export_needs_a_token(emulator):
    r = emulator.http.get("/v1/me/export")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"


def _texts_holding(emulator, needles):
    """(table, column) of every text or JSON column, in every table, holding one of the needles."""
    found = []
    with emulator.deps.engine.connect() as conn:
        columns = conn.execute(
            text(
                """SELECT c.table_name, c.column_name FROM information_schema.columns c
                     JOIN information_schema.tables t USING (table_schema, table_name)
                    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                      AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'uuid', 'ARRAY')"""
            )
        ).all()
        for table, column in columns:
            for needle in needles:
                hit = conn.execute(
                    text(f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE :n LIMIT 1'), {"n": f"%{needle}%"}
                ).first()
                if hit:
                    found.append((table, column, needle))
    return found


def _ids(data):
    return {table: sorted(str(row.get("id") or row) for row in rows) for table, rows in data.items()}


def test_erasure_after_confirmation_leaves_nothing_of_the_person(emulator, people):  # noqa: F811
    doc = emulator.http.get("/v1/openapi.json").json()
    for who in ("a", "b"):
        _create_everything_as_b(emulator, doc, people[who])
        post_sms(
            emulator.http, emulator.base_url, from_=PHONES[who], body="souviens-toi que le code du garage est 4521"
        )
        emulator.settle()
    post_sms(emulator.http, emulator.base_url, from_="+33699990000", body="bonjour")  # a third, unrelated
    emulator.settle()
    a, b = _person_id(emulator, PHONES["a"]), _person_id(emulator, PHONES["b"])
    b_before = _ids(emulator.http.get("/v1/me/export", headers=people["b"]).json()["data"])
    assert _texts_holding(emulator, [a, PHONES["a"]])  # A is all over the database

    # a wrong or missing code erases nothing
    assert (
        emulator.http.request("DELETE", "/v1/me", json={"confirmation": "guess"}, headers=people["a"]).status_code
        == 409
    )
    started = emulator.http.post("/v1/me/erasure", headers=people["a"])
    assert started.status_code == 201
    code = started.json()["confirmation"]
    wrong = emulator.http.request("DELETE", "/v1/me", json={"confirmation": code + "x"}, headers=people["a"])
    assert wrong.status_code == 409 and wrong.json()["code"] == "me.bad_confirmation"
    assert emulator.http.get("/v1/me/export", headers=people["a"]).status_code == 200

    done = emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=people["a"])
    assert done.status_code == 200, done.text
    assert done.json()["erased"]["users"] == 1 and done.json()["erased"]["reminders"] >= 1
    assert done.json()["backups_until"].startswith("20")

    assert _texts_holding(emulator, [a, PHONES["a"]]) == []  # no row, message, job or log names A
    cache = emulator.deps.cache
    assert not [k for k in cache._client.keys("*") if a in str(k)]  # no cache key names A
    assert emulator.http.get("/v1/tasks", headers=people["a"]).status_code == 401  # the token is worthless now
    again = emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=people["a"])
    assert again.status_code == 401
    assert _ids(emulator.http.get("/v1/me/export", headers=people["b"]).json()["data"]) == b_before  # B's rows stay
    with emulator.deps.engine.connect() as conn:  # the unrelated sender's first message is still there
        assert conn.execute(text("SELECT count(*) FROM messages WHERE from_phone = '+33699990000'")).scalar_one() == 1
    assert b


def test_every_reference_to_a_person_is_deleted_with_them():
    """ON DELETE CASCADE on every foreign key to users, read from the models' tables (the catalog test above
    proves the database agrees)."""
    from shared.db.base import Base

    refs = [
        (table.name, fk.parent.name, fk.ondelete)
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "users"
    ]
    assert refs and all(ondelete == "CASCADE" for _, _, ondelete in refs), refs
