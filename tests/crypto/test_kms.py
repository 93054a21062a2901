"""The KMS adapter against moto's server over HTTP with the real boto3 client: data keys generated, unwrapped
only with their own EncryptionContext, re-wrapped under a new key; and the whole path through the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import text

from local.emulator import free_port
from shared.crypto.keyring import KeyUnavailable, KmsKeyring
from shared.crypto.rotate import rewrap
from shared.crypto.service import forget_cached_keys, use_keyring
from shared.db.session import unit_of_work
from shared.memory import service as memory
from shared.users.models import User
from tests.helpers import add_people

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
ALIAS = "alias/boussole-data"
CONTEXT = {"user_id": "8d0c7c52-0000-4000-8000-000000000001", "purpose": "boussole-data-key"}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture()
def kms(moto_url, aws_env):
    """A fresh KMS key behind the alias, and a boto3 client on moto's server."""
    client = boto3.client("kms", endpoint_url=moto_url, region_name="eu-west-3")
    for alias in client.list_aliases()["Aliases"]:
        if alias["AliasName"] == ALIAS:
            client.delete_alias(AliasName=ALIAS)
    key = client.create_key(Description="boussole data keys")["KeyMetadata"]
    client.create_alias(AliasName=ALIAS, TargetKeyId=key["KeyId"])
    return client, key["Arn"]


def test_a_data_key_unwraps_only_with_its_own_context(kms, moto_url):
    _client, arn = kms
    ring = KmsKeyring.connect(ALIAS, region="eu-west-3", endpoint_url=moto_url)
    made = ring.generate(CONTEXT)
    assert len(made.plaintext) == 32 and made.kek_id == arn and made.plaintext not in made.wrapped
    assert ring.unwrap(made.wrapped, kek_id=made.kek_id, context=CONTEXT) == made.plaintext
    for wrong in ({**CONTEXT, "user_id": "someone-else"}, {**CONTEXT, "purpose": "other"}, {}):
        with pytest.raises(KeyUnavailable, match="InvalidCiphertext"):
            ring.unwrap(made.wrapped, kek_id=made.kek_id, context=wrong)


def test_rewrap_moves_a_data_key_to_the_new_key_behind_the_alias(kms, moto_url):
    client, old_arn = kms
    ring = KmsKeyring.connect(ALIAS, region="eu-west-3", endpoint_url=moto_url)
    made = ring.generate(CONTEXT)
    new = client.create_key(Description="boussole data keys, next")["KeyMetadata"]
    client.update_alias(AliasName=ALIAS, TargetKeyId=new["KeyId"])
    assert ring.current_kek() == new["Arn"] != old_arn
    wrapped, kek_id = ring.rewrap(made.wrapped, kek_id=made.kek_id, context=CONTEXT)
    assert kek_id == new["Arn"]
    assert ring.unwrap(wrapped, kek_id=kek_id, context=CONTEXT) == made.plaintext


def test_memories_written_before_a_kms_rotation_are_readable_after_it(kms, moto_url, clean_db):
    client, old_arn = kms
    ring = KmsKeyring.connect(ALIAS, region="eu-west-3", endpoint_url=moto_url)
    use_keyring(lambda: ring)
    try:
        ids = add_people(
            clean_db, ("ana", "+33611112222", "fr", "Europe/Paris"), ("bob", "+14155550000", "en", "America/New_York")
        )
        written = {}
        for who in ("ana", "bob"):
            with unit_of_work(clean_db) as uow:
                user = uow.session.get(User, ids[who])
                written[who] = memory.remember(
                    uow.session, user=user, now=NOW, content=f"secret de {who}", embedder=None
                ).memory.id
        with clean_db.connect() as conn:
            assert {r[0] for r in conn.execute(text("SELECT kek_id FROM data_keys"))} == {old_arn}
        new = client.create_key(Description="boussole data keys, next")["KeyMetadata"]
        client.update_alias(AliasName=ALIAS, TargetKeyId=new["KeyId"])
        assert rewrap(clean_db, ring, now=NOW, batch=1) == 2
        with clean_db.connect() as conn:
            assert {r[0] for r in conn.execute(text("SELECT kek_id FROM data_keys"))} == {new["Arn"]}
        forget_cached_keys()
        for who in ("ana", "bob"):
            with unit_of_work(clean_db) as uow:
                user = uow.session.get(User, ids[who])
                assert memory.get(uow.session, user=user, memory_id=written[who]).content == f"secret de {who}"
    finally:
        use_keyring(None)
        forget_cached_keys()
