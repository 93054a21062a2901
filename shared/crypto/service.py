"""Envelope encryption at rest: seal and open one value with the person's data key (DEK), the DEK unwrapped by
the key-encryption key (KEK) through the Keyring port. Fails closed: when a key cannot be used, or a value
does not open, EncryptionUnavailable is raised and nothing is stored or shown in the clear instead.

Public API (also for small secrets, e.g. TOTP seeds)::

    seal(session, user_id=..., table="mfa_factors", column="secret", row=factor_id, plaintext="JBSW...") -> str
    open_value(session, user_id=..., table="mfa_factors", column="secret", row=factor_id, sealed=...) -> str

`row` must be fixed before sealing (give the row its id in Python) and never change afterwards.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.orm import Session

from shared.crypto import envelope
from shared.crypto import repository as repo
from shared.crypto.envelope import Place, SealBroken
from shared.crypto.keyring import Keyring, KeyUnavailable
from shared.crypto.models import DataKey
from shared.errors import DomainError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from shared.config import Settings

log = logging.getLogger("boussole.crypto")
PURPOSE = "boussole-data-key"
_PENDING = "crypto.new_keys"


class EncryptionUnavailable(DomainError):
    """A key cannot be used (KMS disabled or unreachable, a key or value refused): retry later."""

    status = 503
    title = "Temporarily unavailable"
    default_key = "error.encryption_unavailable"


def context(user_id: uuid.UUID) -> dict[str, str]:
    """The KMS EncryptionContext of a person's data key: KMS unwraps it only for this person and purpose."""
    return {"user_id": str(user_id), "purpose": PURPOSE}


# --- which keyring ------------------------------------------------------------------------------------------
_keyring_lock = threading.Lock()
_keyring: Keyring | None = None
_factory: Callable[[], Keyring] | None = None


def use_keyring(factory: Callable[[], Keyring] | None) -> None:
    """Use this keyring in this process (wiring.install does; None: built from get_settings() on first use)."""
    global _keyring, _factory
    with _keyring_lock:
        _keyring, _factory = None, factory
    forget_cached_keys()


def current_keyring() -> Keyring:
    global _keyring
    if _keyring is None:
        with _keyring_lock:
            if _keyring is None:
                if _factory is not None:
                    _keyring = _factory()
                else:
                    from shared.config import get_settings

                    _keyring = keyring_from(get_settings())
    return _keyring


def keyring_from(settings: Settings) -> Keyring:
    """The keyring the settings name (KMS, or the local key file)."""
    _cache.configure(settings.data_key_cache_seconds, settings.data_key_cache_size)
    if settings.keyring_kind == "kms":
        from shared.crypto.keyring import KmsKeyring

        if not settings.kms_key_id:
            raise KeyUnavailable("encryption=kms without kms_key_id")
        return KmsKeyring.connect(
            settings.kms_key_id, region=settings.aws_region, endpoint_url=settings.kms_endpoint_url
        )
    from shared.crypto.keyring import LocalKeyFile

    if settings.encryption_key_file:
        return LocalKeyFile(Path(settings.encryption_key_file))
    if settings.env == "test":  # test runs keep their key out of the developer's own state directory
        import os
        import tempfile

        return LocalKeyFile(Path(tempfile.gettempdir()) / f"boussole-test-keys-{os.getuid()}" / "kek.json")
    return LocalKeyFile(default_key_file())


def default_key_file() -> Path:
    """$BOUSSOLE_DATA_DIR/keys/kek.json, else under $XDG_STATE_HOME/boussole or ~/.local/state/boussole."""
    import os

    base = os.environ.get("BOUSSOLE_DATA_DIR")
    if not base:
        base = str(Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "boussole")
    return Path(base) / "keys" / "kek.json"


# --- unwrapped data keys, briefly ---------------------------------------------------------------------------
class _KeyCache:
    """(person, version) -> data key, bounded (least recently used out) and short-lived."""

    def __init__(self, ttl: float = 300.0, size: int = 4096) -> None:
        self._lock = threading.Lock()
        self._keys: OrderedDict[tuple[uuid.UUID, int], tuple[bytes, AESGCM, float]] = OrderedDict()
        self._latest: dict[uuid.UUID, tuple[int, float]] = {}
        self.ttl, self.size = ttl, size

    def configure(self, ttl: float, size: int) -> None:
        self.ttl, self.size = ttl, max(0, size)

    def get(self, user_id: uuid.UUID, version: int) -> bytes | None:
        found = self.get_aead(user_id, version)
        return found[0] if found is not None else None

    def get_aead(self, user_id: uuid.UUID, version: int) -> tuple[bytes, AESGCM] | None:
        with self._lock:
            found = self._keys.get((user_id, version))
            if found is None:
                return None
            if found[2] < time.monotonic():
                del self._keys[(user_id, version)]
                return None
            self._keys.move_to_end((user_id, version))
            return found[0], found[1]

    def latest(self, user_id: uuid.UUID) -> int | None:
        with self._lock:
            found = self._latest.get(user_id)
            return found[0] if found is not None and found[1] >= time.monotonic() else None

    def put(self, user_id: uuid.UUID, version: int, key: bytes, *, latest: bool) -> None:
        if self.size == 0 or self.ttl <= 0:
            return
        with self._lock:
            expires = time.monotonic() + self.ttl
            self._keys[(user_id, version)] = (key, envelope.aead(key), expires)
            self._keys.move_to_end((user_id, version))
            if latest:
                self._latest[user_id] = (version, expires)
            while len(self._keys) > self.size:
                old, _ = self._keys.popitem(last=False)
                self._latest.pop(old[0], None)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
            self._latest.clear()


_cache = _KeyCache()


def forget_cached_keys() -> None:
    """Drop every unwrapped data key this process holds (after a rotation, in tests)."""
    _cache.clear()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    """Keys made in a transaction are never cached from it: the next use reads them back from data_keys, so a
    key whose row was rolled back (a savepoint, a failed transaction) can never seal anything."""
    session.info.pop(_PENDING, None)


def _pending(session: Session, user_id: uuid.UUID, version: int) -> bytes | None:
    """A key this transaction made, if its row is still there (a rolled back savepoint takes it away)."""
    made = session.info.get(_PENDING, {}).get((user_id, version))
    if made is None:
        return None
    with session.no_autoflush:
        stored = repo.get(session, user_id, version)
    if stored is None or stored.wrapped != made[1]:
        session.info[_PENDING].pop((user_id, version), None)
        return None
    return bytes(made[0])


def _unwrap(keyring: Keyring, key: DataKey) -> bytes:
    plaintext = keyring.unwrap(key.wrapped, kek_id=key.kek_id, context=context(key.user_id))
    if len(plaintext) != envelope.KEY_BYTES:
        raise KeyUnavailable("data key of the wrong size")
    return plaintext


def key_for_writing(session: Session, user_id: uuid.UUID) -> tuple[int, bytes]:
    """(version, data key) to seal the person's new values with: their newest key, made on first use."""
    mine = [v for (u, v) in session.info.get(_PENDING, {}) if u == user_id]
    if mine:
        made = _pending(session, user_id, max(mine))
        if made is not None:
            return max(mine), made
    version = _cache.latest(user_id)
    if version is not None:
        cached = _cache.get(user_id, version)
        if cached is not None:
            return version, cached
    keyring = current_keyring()
    with session.no_autoflush:
        stored = repo.latest(session, user_id)
        if stored is not None:
            key = _unwrap(keyring, stored)
            _cache.put(user_id, stored.version, key, latest=True)
            return stored.version, key
        return new_key(session, user_id, version=1, keyring=keyring)


def new_key(session: Session, user_id: uuid.UUID, *, version: int, keyring: Keyring | None = None) -> tuple[int, bytes]:
    """Make and store the person's data key `version` (used from this transaction while its row stands)."""
    keyring = keyring or current_keyring()
    made = keyring.generate(context(user_id))
    with session.no_autoflush:
        if not repo.add(session, user_id=user_id, version=version, wrapped=made.wrapped, kek_id=made.kek_id):
            stored = repo.get(session, user_id, version)  # another transaction made it first: use theirs
            if stored is None:
                raise KeyUnavailable("data key vanished")
            return version, _unwrap(keyring, stored)
    session.info.setdefault(_PENDING, {})[(user_id, version)] = (made.plaintext, made.wrapped)
    return version, made.plaintext


def _cipher(session: Session, user_id: uuid.UUID, version: int) -> bytes | AESGCM:
    """The data key `version` of the person, as a ready cipher when it is cached."""
    cached = _cache.get_aead(user_id, version)
    return cached[1] if cached is not None else key_for_reading(session, user_id, version)


def key_for_reading(session: Session, user_id: uuid.UUID, version: int) -> bytes:
    """The data key `version` of the person."""
    pending = _pending(session, user_id, version)
    if pending is not None:
        return pending
    cached = _cache.get(user_id, version)
    if cached is not None:
        return cached
    with session.no_autoflush:
        stored = repo.get(session, user_id, version)
    if stored is None:
        raise KeyUnavailable(f"no data key {version} for this person")
    key = _unwrap(current_keyring(), stored)
    _cache.put(user_id, version, key, latest=False)
    return key


def keyed_id(session: Session, user_id: uuid.UUID, label: str, *parts: str) -> uuid.UUID:
    """A stable id from `parts` under the person's first data key (HMAC-SHA256): equal parts give equal ids
    (replays are refused by the primary key) without the parts being guessable from the id."""
    try:
        version, key = key_for_writing(session, user_id)
        if version != 1:
            key = key_for_reading(session, user_id, 1)
    except KeyUnavailable as exc:
        log.error("cannot derive an id: %s", exc, extra={"event": "crypto.unavailable"})
        raise EncryptionUnavailable("encryption.unavailable") from exc
    digest = hmac.new(key, "\x1f".join((label, *parts)).encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


# --- one value ----------------------------------------------------------------------------------------------
def seal(session: Session, *, user_id: uuid.UUID, table: str, column: str, row: uuid.UUID | str, plaintext: str) -> str:
    """`plaintext` sealed under the person's data key for this table, column and row (text, ready to store)."""
    try:
        version, key = key_for_writing(session, user_id)
        return envelope.seal(key, version, Place(table, column, row, user_id), plaintext)
    except KeyUnavailable as exc:
        log.error("cannot seal %s.%s: %s", table, column, exc, extra={"event": "crypto.unavailable"})
        raise EncryptionUnavailable("encryption.unavailable") from exc


def open_value(
    session: Session, *, user_id: uuid.UUID, table: str, column: str, row: uuid.UUID | str, sealed: str
) -> str:
    """The plaintext of a value sealed for this place; EncryptionUnavailable if it cannot be opened."""
    try:
        cipher = functools.partial(_cipher, session, user_id)
        return envelope.open_sealed(cipher, Place(table, column, row, user_id), sealed)
    except KeyUnavailable as exc:
        log.error("cannot open %s.%s: %s", table, column, exc, extra={"event": "crypto.unavailable"})
        raise EncryptionUnavailable("encryption.unavailable") from exc
    except SealBroken as exc:
        log.error("sealed value refused %s.%s row %s: %s", table, column, row, exc, extra={"event": "crypto.tampered"})
        raise EncryptionUnavailable("encryption.unavailable") from exc
