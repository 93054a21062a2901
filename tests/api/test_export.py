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
