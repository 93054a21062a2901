"""The key-encryption key (KEK) as a port: it makes, wraps and unwraps the per-person data keys. Two adapters:
AWS KMS through boto3 in the cloud, a local key file in the emulator and tests. Every failure of the KEK
(disabled, unreachable, refused, wrong context) is KeyUnavailable: callers fail closed on it."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from shared.crypto.envelope import KEY_BYTES, NONCE_BYTES, aead


class KeyUnavailable(Exception):
    """The key-encryption key cannot be used now; nothing may be stored or shown in its place."""


@dataclass(frozen=True)
class NewDataKey:
    plaintext: bytes  # 32 bytes; kept in memory only
    wrapped: bytes  # stored in data_keys
    kek_id: str  # which key-encryption key wrapped it (a KMS key ARN, or "local:N")


class Keyring(Protocol):
    def current_kek(self) -> str:
        """The id of the key-encryption key new data keys are wrapped under."""
        ...

    def generate(self, context: Mapping[str, str]) -> NewDataKey:
        """A fresh AES-256 data key, in the clear and wrapped, bound to `context`."""
        ...

    def unwrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> bytes:
        """The data key in the clear; KeyUnavailable if the KEK refuses (disabled, wrong context, altered)."""
        ...

    def rewrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> tuple[bytes, str]:
        """The same data key wrapped under the current KEK: (wrapped, kek id). The key itself never changes."""
        ...


# --- local key file ------------------------------------------------------------------------------------------
class LocalKeyFile:
    """KEKs in a JSON file {"current": n, "keys": {"1": base64, ...}}, created on first use (mode 0600). Older
    versions stay in the file so that data keys wrapped under them still unwrap until `rotate` re-wraps them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._keys: dict[int, bytes] = {}
        self._current = 0

    def _load(self) -> None:
        if self._current:
            return
        with self._lock:
            if self._current:
                return
            if not self.path.exists():
                self._create()
            try:
                data = json.loads(self.path.read_text())
                keys = {int(v): base64.b64decode(k) for v, k in data["keys"].items()}
                current = int(data["current"])
            except (OSError, ValueError, KeyError) as exc:
                raise KeyUnavailable(f"local key file {self.path} unreadable") from exc
            if current not in keys or any(len(k) != KEY_BYTES for k in keys.values()):
                raise KeyUnavailable(f"local key file {self.path} is malformed")
            self._keys, self._current = keys, current

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = json.dumps({"current": 1, "keys": {"1": base64.b64encode(os.urandom(KEY_BYTES)).decode()}})
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return
        with os.fdopen(fd, "w") as f:
            f.write(body)

    def add_version(self) -> int:
        """Add a new key-encryption key and make it current (older ones stay to unwrap); its version."""
        self._load()
        with self._lock:
            version = max(self._keys) + 1
            keys = {**self._keys, version: os.urandom(KEY_BYTES)}
            body = json.dumps(
                {"current": version, "keys": {str(v): base64.b64encode(k).decode() for v, k in keys.items()}}
            )
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(body)
            os.replace(tmp, self.path)
            self._keys, self._current = keys, version
        return version

    def current_kek(self) -> str:
        self._load()
        return f"local:{self._current}"

    def _kek(self, kek_id: str) -> bytes:
        self._load()
        try:
            return self._keys[int(kek_id.removeprefix("local:"))]
        except (KeyError, ValueError) as exc:
            raise KeyUnavailable(f"no local key {kek_id}") from exc

    def _wrap(self, kek_id: str, key: bytes, context: Mapping[str, str]) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + aead(self._kek(kek_id)).encrypt(nonce, key, _context_bytes(context))

    def generate(self, context: Mapping[str, str]) -> NewDataKey:
        kek_id = self.current_kek()
        key = os.urandom(KEY_BYTES)
        return NewDataKey(key, self._wrap(kek_id, key, context), kek_id)

    def unwrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> bytes:
        from cryptography.exceptions import InvalidTag

        try:
            return aead(self._kek(kek_id)).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _context_bytes(context)
            )
        except InvalidTag as exc:
            raise KeyUnavailable("data key refused by the local key (altered or another context)") from exc

    def rewrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> tuple[bytes, str]:
        key = self.unwrap(wrapped, kek_id=kek_id, context=context)
        current = self.current_kek()
        return self._wrap(current, key, context), current


def _context_bytes(context: Mapping[str, str]) -> bytes:
    return json.dumps(dict(context), sort_keys=True, separators=(",", ":")).encode()


# --- AWS KMS -------------------------------------------------------------------------------------------------
class KmsKeyring:
    """Data keys from AWS KMS (GenerateDataKey, Decrypt, ReEncrypt) with the context as EncryptionContext, so
    KMS refuses to unwrap a person's key for any other context. Vendor errors become KeyUnavailable."""

    def __init__(self, key_id: str, client: Any) -> None:
        self.key_id = key_id  # an alias ("alias/boussole-data") or a key id/ARN
        self._client = client

    @classmethod
    def connect(cls, key_id: str, *, region: str | None, endpoint_url: str | None) -> KmsKeyring:
        import boto3
        from botocore.config import Config

        config = Config(connect_timeout=2, read_timeout=4, retries={"max_attempts": 2, "mode": "standard"})
        client = boto3.client("kms", region_name=region, endpoint_url=endpoint_url, config=config)
        return cls(key_id, client)

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return dict(getattr(self._client, operation)(**kwargs))
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "?")
            raise KeyUnavailable(f"KMS {operation} refused: {code}") from exc
        except BotoCoreError as exc:
            raise KeyUnavailable(f"KMS {operation} unreachable: {type(exc).__name__}") from exc

    def current_kek(self) -> str:
        """The ARN the alias names now (asked each time: only rotation needs it, and the alias may move)."""
        return str(self._call("describe_key", KeyId=self.key_id)["KeyMetadata"]["Arn"])

    def generate(self, context: Mapping[str, str]) -> NewDataKey:
        r = self._call("generate_data_key", KeyId=self.key_id, KeySpec="AES_256", EncryptionContext=dict(context))
        return NewDataKey(bytes(r["Plaintext"]), bytes(r["CiphertextBlob"]), str(r["KeyId"]))

    def unwrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> bytes:
        r = self._call("decrypt", CiphertextBlob=wrapped, KeyId=kek_id, EncryptionContext=dict(context))
        return bytes(r["Plaintext"])

    def rewrap(self, wrapped: bytes, *, kek_id: str, context: Mapping[str, str]) -> tuple[bytes, str]:
        r = self._call(
            "re_encrypt",
            CiphertextBlob=wrapped,
            SourceKeyId=kek_id,
            SourceEncryptionContext=dict(context),
            DestinationKeyId=self.key_id,
            DestinationEncryptionContext=dict(context),
        )
        return bytes(r["CiphertextBlob"]), str(r["KeyId"])
