"""A disabled or unreachable key-encryption key fails closed, end to end on the emulator: an API write answers
a 503 problem and stores nothing (the table's raw bytes hold no plaintext), a read answers 503 rather than
ciphertext, and an SMS gets a polite "try again later" in the person's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from shared.clock import TravelClock
from tests.conftest import serve_emulator
from tests.fakes.kms import FakeKms
from tests.helpers import add_people, bearer, chat

SECRET = "le code du garage est 4521"


@pytest.fixture()
def fake_kms(aws_env) -> Iterator[FakeKms]:
    with FakeKms() as fake:
        yield fake


@pytest.fixture()
def emulator_on_kms(settings_for, fake_twilio, fake_kms):
    settings = settings_for(
        fake_twilio,
        encryption="kms",
        kms_key_id="alias/boussole-data",
        kms_endpoint_url=fake_kms.base_url,
        data_key_cache_seconds=0,  # every use asks KMS, so a key disabled now is refused now
    )
    with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
        yield emu


def _anywhere(engine, needle: str) -> list[tuple[str, str]]:
    """(table, column) of every text column of every table holding the needle."""
    with engine.connect() as conn:
        columns = conn.execute(
            text(
                """SELECT c.table_name, c.column_name FROM information_schema.columns c
                     JOIN information_schema.tables t USING (table_schema, table_name)
                    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                      AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'tsvector')"""
            )
        ).all()
        return [
            (table, column)
            for table, column in columns
            if conn.execute(
                text(f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE :n LIMIT 1'), {"n": f"%{needle}%"}
            ).first()
        ]


@pytest.mark.parametrize("mode", ["disabled", "down"])
def test_an_api_write_with_the_key_unusable_answers_503_and_stores_nothing(emulator_on_kms, fake_kms, mode):
    emu = emulator_on_kms
    ids = add_people(emu.deps.engine, ("ana", "+33611112222", "fr", "Europe/Paris"))
    fake_kms.mode = mode
    r = emu.http.post("/v1/memories", json={"content": SECRET}, headers=bearer(ids["ana"], emu))
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "encryption.unavailable" and "4521" not in r.text
    assert fake_kms.calls  # KMS was really asked
    with emu.deps.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ltm_memories")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM data_keys")).scalar_one() == 0
    assert _anywhere(emu.deps.engine, "4521") == []


def test_with_the_key_working_it_is_stored_sealed_and_once_disabled_reads_answer_503(emulator_on_kms, fake_kms):
    emu = emulator_on_kms
    ids = add_people(emu.deps.engine, ("ana", "+33611112222", "fr", "Europe/Paris"))
    headers = bearer(ids["ana"], emu)
    made = emu.http.post("/v1/memories", json={"content": SECRET}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["content"] == SECRET
    with emu.deps.engine.connect() as conn:
        [(raw,)] = conn.execute(text("SELECT content FROM ltm_memories")).all()
    assert "4521" not in raw and "garage" not in raw
    assert emu.http.get("/v1/memories", headers=headers).json()["items"][0]["content"] == SECRET

    fake_kms.mode = "disabled"
    for path in ("/v1/memories", f"/v1/memories/{made.json()['id']}", "/v1/me/export"):
        r = emu.http.get(path, headers=headers)
        assert r.status_code == 503, (path, r.text)
        assert raw[5:40] not in r.text and "4521" not in r.text


def test_an_sms_gets_a_polite_try_again_later_in_the_persons_language(emulator_on_kms, fake_kms):
    emu = emulator_on_kms
    add_people(  # people who went through the first-contact dialogue already
        emu.deps.engine,
        ("fr", "+33612000401", "fr", "Europe/Paris"),
        ("en", "+14155550401", "en", "America/Los_Angeles"),
    )
    fake_kms.mode = "disabled"
    reply = chat(emu, "+33612000401", "souviens-toi que " + SECRET)
    assert "réessaie dans quelques minutes" in reply and "4521" not in reply
    with emu.deps.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ltm_memories")).scalar_one() == 0
    reply = chat(emu, "+14155550401", "remember that my locker code is 7788")
    assert "try again in a few minutes" in reply


def test_a_question_by_sms_while_the_key_is_disabled_gets_the_same_polite_answer(emulator_on_kms, fake_kms):
    emu = emulator_on_kms
    phone = "+33612000402"
    add_people(emu.deps.engine, ("fr", phone, "fr", "Europe/Paris"))
    chat(emu, phone, "souviens-toi que " + SECRET)
    fake_kms.mode = "disabled"
    reply = chat(emu, phone, "c'est quoi le code du garage ?")
    assert "réessaie dans quelques minutes" in reply and "4521" not in reply
