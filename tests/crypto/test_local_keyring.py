"""The local key file: made on first use, private, several versions so rotation never loses a key."""

from __future__ import annotations

import json
import stat

import pytest

from shared.crypto.keyring import KeyUnavailable, LocalKeyFile

CONTEXT = {"user_id": "u1", "purpose": "boussole-data-key"}


def test_the_file_is_created_on_first_use_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "keys" / "kek.json"
    ring = LocalKeyFile(path)
    assert not path.exists()
    made = ring.generate(CONTEXT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(made.plaintext) == 32 and made.plaintext not in made.wrapped and made.kek_id == "local:1"
    again = LocalKeyFile(path)  # another process reads the same file
    assert again.unwrap(made.wrapped, kek_id=made.kek_id, context=CONTEXT) == made.plaintext


def test_a_wrapped_key_opens_only_for_its_own_context(tmp_path):
    ring = LocalKeyFile(tmp_path / "kek.json")
    made = ring.generate(CONTEXT)
    with pytest.raises(KeyUnavailable):
        ring.unwrap(made.wrapped, kek_id=made.kek_id, context={**CONTEXT, "user_id": "u2"})


def test_after_a_new_version_old_keys_still_unwrap_and_rewrap_moves_them(tmp_path):
    path = tmp_path / "kek.json"
    ring = LocalKeyFile(path)
    old = ring.generate(CONTEXT)
    assert ring.add_version() == 2 and ring.current_kek() == "local:2"
    assert set(json.loads(path.read_text())["keys"]) == {"1", "2"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ring.unwrap(old.wrapped, kek_id="local:1", context=CONTEXT) == old.plaintext
    wrapped, kek = ring.rewrap(old.wrapped, kek_id="local:1", context=CONTEXT)
    assert kek == "local:2" and wrapped != old.wrapped
    assert LocalKeyFile(path).unwrap(wrapped, kek_id=kek, context=CONTEXT) == old.plaintext


def test_an_unknown_or_damaged_key_file_fails_closed(tmp_path):
    path = tmp_path / "kek.json"
    path.write_text("{not json")
    with pytest.raises(KeyUnavailable):
        LocalKeyFile(path).generate(CONTEXT)
    ring = LocalKeyFile(tmp_path / "other.json")
    with pytest.raises(KeyUnavailable):
        ring.unwrap(b"x" * 60, kek_id="local:9", context=CONTEXT)
