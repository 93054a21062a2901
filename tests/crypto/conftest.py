from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.crypto.keyring import LocalKeyFile
from shared.crypto.service import forget_cached_keys, use_keyring


@pytest.fixture()
def local_keyring(tmp_path: Path) -> Iterator[LocalKeyFile]:
    """This test's own local key file (created on first use), used by every seal and open in the process."""
    ring = LocalKeyFile(tmp_path / "keys" / "kek.json")
    use_keyring(lambda: ring)
    yield ring
    use_keyring(None)
    forget_cached_keys()


@pytest.fixture()
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials and a region for boto3, pointed at a local KMS (moto's server or tests/fakes/kms.py)."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "eu-west-3",
    }.items():
        monkeypatch.setenv(name, value)
