"""The audit log: append-only in the database itself, pseudonymous (no id, phone or address as such), no
secrets in its details, and written by the actions it records (export, erasure, a token minted)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shared.audit import service as audit
from tests.helpers import person

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SECRET = "a-real-token-secret"


def test_events_are_pseudonymous_and_append_only(db):
    someone = uuid.uuid4()
    event = audit.record(
        db.session, event="me.export", actor="person", now=NOW, secret=SECRET, person=someone, address="203.0.113.9"
    )
    db.session.commit()
    assert event.subject == audit.pseudonym(someone, secret=SECRET) != str(someone)
    assert event.address and "203.0.113.9" not in event.address
    assert audit.pseudonym(someone, secret="another deployment") != event.subject  # keyed, not a plain hash
    for statement in ("UPDATE audit_events SET event = 'nothing'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
            db.session.execute(text(statement))
    assert db.session.execute(text("SELECT event FROM audit_events")).scalars().all() == ["me.export"]


@pytest.mark.parametrize("key", ["password", "token", "message_body", "otp_code", "phone", "content"])
def test_details_cannot_carry_secrets_or_messages(db, key):
    with pytest.raises(ValueError, match="may not carry"):
        audit.record(db.session, event="x", actor="system", now=NOW, secret=SECRET, details={key: "…"})


def test_export_and_erasure_are_recorded_under_the_person_s_pseudonym(emulator):
    from tests.helpers import add_people, bearer

    found = add_people(emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"))
    me = bearer(found["a"], emulator)
    assert emulator.http.get("/v1/me/export", headers=me).status_code == 200
    code = emulator.http.post("/v1/me/erasure", headers=me).json()["confirmation"]
    assert emulator.http.request("DELETE", "/v1/me", json={"confirmation": code}, headers=me).status_code == 200
    secret = emulator.deps.settings.token_secret.get_secret_value()
    with emulator.deps.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event, actor, subject, address, details FROM audit_events ORDER BY at, event")
        ).all()
    assert sorted((r.event, r.actor) for r in rows) == [
        ("me.erased", "person"),
        ("me.erasure_asked", "person"),
        ("me.export", "person"),
    ]
    assert {r.subject for r in rows} == {audit.pseudonym(found["a"], secret=secret)}
    assert all(r.address for r in rows) and all("127.0.0.1" not in r.address for r in rows)


def test_minting_a_token_is_recorded(db, monkeypatch, capsys, database_url):
    from shared.auth import mint

    me = person(db.session, "+33611112233")
    db.session.commit()
    monkeypatch.setenv("BOUSSOLE_DATABASE_URL", database_url)
    monkeypatch.setenv("BOUSSOLE_ENV", "test")
    assert mint.main(["--phone", "+33611112233", "--days", "2"]) == 0
    assert capsys.readouterr().out.strip()
    with db.session.bind.connect() as conn:
        row = conn.execute(text("SELECT event, actor, subject, details FROM audit_events")).one()
    from shared.config import LOCAL_TOKEN_SECRET

    assert (row.event, row.actor, row.details) == ("token.minted", "operator", {"days": 2.0})
    assert row.subject == audit.pseudonym(me.id, secret=LOCAL_TOKEN_SECRET)
