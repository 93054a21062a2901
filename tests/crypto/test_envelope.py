"""The sealed format alone: a value opens only with its key, in its own place, unaltered."""

from __future__ import annotations

import base64
import os
import uuid

import pytest

from shared.crypto.envelope import PREFIX, Place, SealBroken, is_sealed, open_sealed, seal, version_of

KEY = os.urandom(32)
USER, OTHER_USER = uuid.uuid4(), uuid.uuid4()
ROW, OTHER_ROW = uuid.uuid4(), uuid.uuid4()
HERE = Place("ltm_memories", "content", ROW, USER)


def _raw(sealed: str) -> bytearray:
    text = sealed[len(PREFIX) :]
    return bytearray(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def _text(raw: bytes) -> str:
    return PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


class TestRoundTrip:
    @pytest.mark.parametrize("plaintext", ["le code du portail est 4521", "é" * 2000, "🙂 emoji", " x "])
    def test_what_is_sealed_opens_to_the_same_text(self, plaintext):
        sealed = seal(KEY, 3, HERE, plaintext)
        assert is_sealed(sealed) and plaintext not in sealed
        assert version_of(sealed) == 3
        assert open_sealed(KEY, HERE, sealed) == plaintext

    def test_two_seals_of_one_text_differ(self):  # a random nonce per value
        assert seal(KEY, 1, HERE, "same") != seal(KEY, 1, HERE, "same")


class TestMovedValuesDoNotOpen:
    @pytest.mark.parametrize(
        "elsewhere",
        [
            Place("ltm_memories", "content", OTHER_ROW, USER),  # another row of the same person
            Place("ltm_memories", "content", ROW, OTHER_USER),  # another person's row
            Place("notes", "body", ROW, USER),  # another table and column
            Place("ltm_memories", "category", ROW, USER),  # another column
        ],
    )
    def test_a_value_copied_elsewhere_is_refused(self, elsewhere):
        with pytest.raises(SealBroken):
            open_sealed(KEY, elsewhere, seal(KEY, 1, HERE, "secret"))

    def test_another_key_is_refused(self):
        with pytest.raises(SealBroken):
            open_sealed(os.urandom(32), HERE, seal(KEY, 1, HERE, "secret"))


class TestTamperedValuesDoNotOpen:
    def test_every_flipped_bit_is_refused(self):
        raw = _raw(seal(KEY, 1, HERE, "secret"))
        for i in range(len(raw) * 8):
            flipped = bytearray(raw)
            flipped[i // 8] ^= 1 << (i % 8)
            with pytest.raises(SealBroken):
                open_sealed(KEY, HERE, _text(flipped))

    @pytest.mark.parametrize("keep", [0, 1, 5, 17, 30])
    def test_a_truncated_value_is_refused(self, keep):
        raw = _raw(seal(KEY, 1, HERE, "secret"))
        with pytest.raises(SealBroken):
            open_sealed(KEY, HERE, _text(raw[:keep]))

    def test_the_last_bytes_cut_are_refused(self):
        sealed = seal(KEY, 1, HERE, "a longer secret text")
        with pytest.raises(SealBroken):
            open_sealed(KEY, HERE, sealed[:-4])

    def test_plaintext_is_not_taken_for_a_sealed_value(self):
        with pytest.raises(SealBroken):
            open_sealed(KEY, HERE, "just words")
