"""The sealed format of one encrypted value, and AES-256-GCM over it. Pure: no keys are looked up here.

A sealed value is text (so the columns keep their type and raw SQL keeps working), `PREFIX` followed by the
URL-safe base64 of::

    format (1 byte, 1) | data key version (4 bytes, big endian) | nonce (12 bytes) | ciphertext + tag (16 bytes)

The associated data binds the value to where it lives: the header bytes and ``table|column|row id|user id``.
A value copied to another row, another column or another person's row, or altered by one bit, fails to open.
"""

from __future__ import annotations

import base64
import os
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cryptography is imported on first use: most cold starts open nothing sealed
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "\u2063bx:"  # an invisible separator no one types, then a tag: plaintext never starts with it
FORMAT = 1
NONCE_BYTES = 12  # 96 bits, random per value (NIST SP 800-38D §8.2.2; ~2^32 values per key stay safe)
KEY_BYTES = 32  # AES-256
_HEADER = struct.Struct(">BI")


class SealBroken(Exception):
    """A sealed value that cannot be opened here: altered, moved, truncated or of an unknown format."""


@dataclass(frozen=True)
class Place:
    """Where a value lives: its associated data."""

    table: str
    column: str
    row: uuid.UUID | str
    user_id: uuid.UUID | str

    def aad(self, header: bytes) -> bytes:
        return header + f"|{self.table}|{self.column}|{self.row}|{self.user_id}".encode()


def is_sealed(value: str | None) -> bool:
    return value is not None and value.startswith(PREFIX)


def aead(key: bytes | AESGCM) -> AESGCM:
    """The cipher of a data key (building one costs more than opening a short value: callers keep it)."""
    if not isinstance(key, bytes):
        return key
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def seal(key: bytes | AESGCM, version: int, place: Place, plaintext: str) -> str:
    """Encrypt `plaintext` under the data key `key` (its `version`) for this place."""
    header = _HEADER.pack(FORMAT, version)
    nonce = os.urandom(NONCE_BYTES)
    body = aead(key).encrypt(nonce, plaintext.encode(), place.aad(header))
    return PREFIX + base64.urlsafe_b64encode(header + nonce + body).decode().rstrip("=")


def version_of(sealed: str) -> int:
    """The data key version a sealed value needs (raises SealBroken if it is not one)."""
    return _split(sealed)[1]


def open_sealed(key: bytes | AESGCM | Callable[[int], bytes | AESGCM], place: Place, sealed: str) -> str:
    """Decrypt a value sealed for this place; raise SealBroken if it was altered or moved. `key` may be a
    function of the data key version the value names (read from it once)."""
    header, version, nonce, body = _split(sealed)
    if callable(key):
        key = key(version)
    try:
        return aead(key).decrypt(nonce, body, place.aad(header)).decode()
    except UnicodeDecodeError as exc:
        raise SealBroken(f"{place.table}.{place.column} of row {place.row} does not open") from exc
    except Exception as exc:
        from cryptography.exceptions import InvalidTag  # only on a refusal: the import is not on the way

        if isinstance(exc, InvalidTag):
            raise SealBroken(f"{place.table}.{place.column} of row {place.row} does not open") from exc
        raise


def _split(sealed: str) -> tuple[bytes, int, bytes, bytes]:
    if not is_sealed(sealed):
        raise SealBroken("not a sealed value")
    text = sealed[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise SealBroken("not base64") from exc
    if len(raw) < _HEADER.size + NONCE_BYTES + 16:
        raise SealBroken("truncated")
    fmt, version = _HEADER.unpack_from(raw)
    if fmt != FORMAT:
        raise SealBroken(f"unknown format {fmt}")
    header, rest = raw[: _HEADER.size], raw[_HEADER.size :]
    return header, version, rest[:NONCE_BYTES], rest[NONCE_BYTES:]
