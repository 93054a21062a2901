"""Sealed columns in the real database: the raw column never holds the plaintext, services read it back,
search still works, a value moved or altered in the database refuses to open, old rows are sealed by the
backfill, and rotation keeps every row readable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from shared.crypto.backfill import backfill
from shared.crypto.envelope import PREFIX
from shared.crypto.rotate import new_data_keys, rewrap
from shared.crypto.service import EncryptionUnavailable, forget_cached_keys, open_value, seal
from shared.db.session import unit_of_work
from shared.expenses import service as expenses
from shared.expenses.models import Expense
from shared.memory import service as memory
from shared.memory.models import LtmMemory
from shared.notes import service as notes
from shared.users.models import User
from tests.helpers import add_people

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
SECRET = "le code du portail est 4521"


@pytest.fixture()
def people(clean_db, local_keyring):
    return add_people(
        clean_db, ("ana", "+33611112222", "fr", "Europe/Paris"), ("bob", "+14155550000", "en", "America/New_York")
    )


def _raw(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _write_everything(engine, user_id):
    """A memory, a note (and its chunks), an expense, through the services."""
    with unit_of_work(engine) as uow:
        user = uow.session.get(User, user_id)
        m = memory.remember(uow.session, user=user, now=NOW, content=SECRET, embedder=None).memory
        n = notes.create(uow.session, user=user, now=NOW, content="wifi chez mamie Livebox-8F2A #maison")
        memory.index_note(uow.session, user=user, now=NOW, note=n, embedder=None)
        e = expenses.add(
            uow.session, user=user, now=NOW, amount=Decimal("12.50"), description="cadeau pour Léa"
        ).expense
        return m.id, n.id, e.id


class TestNothingInTheClear:
    def test_every_sealed_column_holds_ciphertext_and_services_read_plaintext(self, clean_db, people):
        memory_id, note_id, expense_id = _write_everything(clean_db, people["ana"])
        for table, column, needle in [
            ("ltm_memories", "content", "4521"),
            ("notes", "body", "Livebox"),
            ("notes", "title", "Livebox"),
            ("note_chunks", "content", "Livebox"),
            ("expenses", "description", "Léa"),
        ]:
            values = [r[0] for r in _raw(clean_db, f"SELECT {column} FROM {table}")]
            assert values, table
            assert all(v.startswith(PREFIX) and needle not in v for v in values), (table, values)
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            assert memory.get(uow.session, user=ana, memory_id=memory_id).content == SECRET
            assert notes.get(uow.session, user=ana, note_id=note_id).body == "wifi chez mamie Livebox-8F2A"
            assert expenses.get(uow.session, user=ana, expense_id=expense_id).description == "cadeau pour Léa"
            # full-text search runs on vectors computed from the plaintext at write time
            hits = memory.search(uow.session, user=ana, now=NOW, query="code portail", embedder=None)
            assert hits and hits[0].content == SECRET
            assert [n.id for n in notes.find(uow.session, user=ana, query="livebox")] == [note_id]
            passages = memory.search_notes(uow.session, user=ana, now=NOW, query="livebox", embedder=None)
            assert passages and "Livebox" in passages[0].passage

    def test_an_edit_is_sealed_again_and_its_search_follows(self, clean_db, people):
        _, note_id, _ = _write_everything(clean_db, people["ana"])
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            notes.update(uow.session, user=ana, now=NOW, note_id=note_id, content="piscine le mardi")
        [(body,)] = _raw(clean_db, "SELECT body FROM notes")
        assert body.startswith(PREFIX) and "piscine" not in body
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            assert [n.id for n in notes.find(uow.session, user=ana, query="piscine")] == [note_id]
        [(title,)] = _raw(clean_db, "SELECT title FROM notes")
        assert title.startswith(PREFIX) and "mamie" not in title  # a title is often the body's first words

    def test_the_data_key_is_wrapped_and_bound_to_its_person(self, clean_db, people):
        _write_everything(clean_db, people["ana"])
        [(user_id, version, wrapped, kek)] = _raw(clean_db, "SELECT user_id, version, wrapped, kek_id FROM data_keys")
        assert user_id == people["ana"] and version == 1 and kek == "local:1" and len(wrapped) == 12 + 32 + 16


class TestMovedOrAlteredValuesFailClosed:
    def _memories(self, engine, user_id):
        with unit_of_work(engine) as uow:
            user = uow.session.get(User, user_id)
            return [
                memory.remember(uow.session, user=user, now=NOW, content=c, embedder=None).memory.id
                for c in ("mon dentiste est le Dr Roy", "la clé est sous le pot de fleurs")
            ]

    def _read(self, engine, user_id, memory_id):
        forget_cached_keys()
        with unit_of_work(engine) as uow:
            user = uow.session.get(User, user_id)
            return memory.get(uow.session, user=user, memory_id=memory_id).content

    def _set(self, engine, memory_id, value):
        with engine.begin() as conn:
            conn.execute(text("UPDATE ltm_memories SET content = :v WHERE id = :id"), {"v": value, "id": memory_id})

    def _content(self, engine, row_id, table="ltm_memories", column="content"):
        return _raw(engine, f"SELECT {column} FROM {table} WHERE id = :id", id=row_id)[0][0]

    def test_another_rows_ciphertext_is_refused(self, clean_db, people):
        first, second = self._memories(clean_db, people["ana"])
        self._set(clean_db, first, self._content(clean_db, second))
        with pytest.raises(EncryptionUnavailable):
            self._read(clean_db, people["ana"], first)

    def test_another_persons_ciphertext_is_refused(self, clean_db, people):
        [mine, _] = self._memories(clean_db, people["ana"])
        [theirs, _] = self._memories(clean_db, people["bob"])
        self._set(clean_db, mine, self._content(clean_db, theirs))
        with pytest.raises(EncryptionUnavailable):
            self._read(clean_db, people["ana"], mine)

    def test_another_columns_ciphertext_is_refused(self, clean_db, people):
        memory_id, note_id, _ = _write_everything(clean_db, people["ana"])
        self._set(clean_db, memory_id, self._content(clean_db, note_id, "notes", "body"))
        with pytest.raises(EncryptionUnavailable):
            self._read(clean_db, people["ana"], memory_id)

    @pytest.mark.parametrize("alter", [lambda v: v[:-3], lambda v: v[:-6] + ("A" if v[-6] != "A" else "B") + v[-5:]])
    def test_a_truncated_or_flipped_ciphertext_is_refused(self, clean_db, people, alter):
        first, _ = self._memories(clean_db, people["ana"])
        self._set(clean_db, first, alter(self._content(clean_db, first)))
        with pytest.raises(EncryptionUnavailable):
            self._read(clean_db, people["ana"], first)

    def test_a_broken_row_in_a_search_fails_the_search_instead_of_showing_ciphertext(self, clean_db, people):
        first, second = self._memories(clean_db, people["ana"])
        self._set(clean_db, first, self._content(clean_db, second))
        forget_cached_keys()
        with unit_of_work(clean_db) as uow, pytest.raises(EncryptionUnavailable):
            user = uow.session.get(User, people["ana"])
            memory.search(uow.session, user=user, now=NOW, query="dentiste", embedder=None)


class TestKeysOfRolledBackWork:
    def test_a_key_made_in_a_rolled_back_savepoint_never_seals_anything(self, clean_db, people):
        with unit_of_work(clean_db) as uow:
            with pytest.raises(RuntimeError), uow.session.begin_nested():
                seal(uow.session, user_id=people["ana"], table="t", column="c", row="r1", plaintext="lost")
                raise RuntimeError("the savepoint rolls back, and the data key's row with it")
            sealed = seal(uow.session, user_id=people["ana"], table="t", column="c", row="r2", plaintext="kept")
        assert len(_raw(clean_db, "SELECT id FROM data_keys")) == 1
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            place = {"user_id": people["ana"], "table": "t", "column": "c", "row": "r2"}
            assert open_value(uow.session, **place, sealed=sealed) == "kept"


class TestSmallSecrets:
    def test_seal_and_open_a_secret_for_one_row(self, clean_db, people):
        with unit_of_work(clean_db) as uow:
            sealed = seal(
                uow.session,
                user_id=people["ana"],
                table="mfa_factors",
                column="secret",
                row="f1",
                plaintext="JBSWY3DPEHPK3PXP",
            )
        assert sealed.startswith(PREFIX) and "JBSW" not in sealed
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            place = {"user_id": people["ana"], "table": "mfa_factors", "column": "secret"}
            assert open_value(uow.session, **place, row="f1", sealed=sealed) == "JBSWY3DPEHPK3PXP"
            with pytest.raises(EncryptionUnavailable):
                open_value(uow.session, **place, row="f2", sealed=sealed)


class TestBackfill:
    def test_rows_written_before_encryption_are_sealed_and_stay_readable_and_searchable(self, clean_db, people):
        from shared.memory.models import memory_search_sql

        with clean_db.begin() as conn:  # as migration 0019 left them: plaintext, with their vectors
            conn.execute(
                text(
                    "INSERT INTO ltm_memories (user_id, content, language, search) VALUES (:u, :c, 'fr', "
                    + memory_search_sql("CAST(:c AS text)", "'fr'", "CAST('{}' AS text[])")
                    + ")"
                ),
                {"u": people["ana"], "c": SECRET},
            )
            conn.execute(
                text(
                    "INSERT INTO expenses (user_id, amount, currency, description, spent_on) VALUES (:u, 3, 'EUR', :d, '2026-11-01')"
                ),
                {"u": people["bob"], "d": "café avec Zoé"},
            )
            conn.execute(
                text(
                    "INSERT INTO expenses (user_id, amount, currency, description, spent_on) VALUES (:u, 4, 'EUR', '  ', '2026-11-01')"
                ),
                {"u": people["bob"]},
            )
        with unit_of_work(clean_db) as uow:  # readable as they are before the backfill
            ana = uow.session.get(User, people["ana"])
            assert [m.content for m in uow.session.query(LtmMemory).all()] == [SECRET]
            assert memory.search(uow.session, user=ana, now=NOW, query="portail", embedder=None)[0].content == SECRET

        assert backfill(clean_db, batch=1) == {"expenses": 1, "ltm_memories": 1, "note_chunks": 0, "notes": 0}
        assert backfill(clean_db) == {"expenses": 0, "ltm_memories": 0, "note_chunks": 0, "notes": 0}  # idempotent
        [(content,)] = _raw(clean_db, "SELECT content FROM ltm_memories")
        descriptions = sorted(r[0] for r in _raw(clean_db, "SELECT description FROM expenses"))
        assert content.startswith(PREFIX) and descriptions[0] == "  " and descriptions[1].startswith(PREFIX)
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            ana, bob = uow.session.get(User, people["ana"]), uow.session.get(User, people["bob"])
            assert memory.search(uow.session, user=ana, now=NOW, query="portail", embedder=None)[0].content == SECRET
            described = sorted(e.description for e in uow.session.query(Expense).filter(Expense.user_id == bob.id))
            assert described == ["  ", "café avec Zoé"]

        assert backfill(clean_db, reverse=True)["ltm_memories"] == 1  # --open, before a downgrade
        assert _raw(clean_db, "SELECT content FROM ltm_memories")[0][0] == SECRET


class TestRotation:
    def test_rows_written_before_a_kek_rotation_are_readable_after_it_without_the_old_key(
        self, clean_db, people, local_keyring
    ):
        memory_id, note_id, _ = _write_everything(clean_db, people["ana"])
        assert local_keyring.add_version() == 2
        assert rewrap(clean_db, local_keyring, now=NOW, batch=1) == 1
        assert rewrap(clean_db, local_keyring, now=NOW) == 0  # nothing left under the old key
        assert [r[0] for r in _raw(clean_db, "SELECT kek_id FROM data_keys")] == ["local:2"]
        # the old KEK can now go: every data key opens under the new one
        data = json.loads(local_keyring.path.read_text())
        del data["keys"]["1"]
        local_keyring.path.write_text(json.dumps(data))
        local_keyring._current = 0  # reread the file, as a new process would
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            assert memory.get(uow.session, user=ana, memory_id=memory_id).content == SECRET
            assert notes.get(uow.session, user=ana, note_id=note_id).body == "wifi chez mamie Livebox-8F2A"

    def test_new_data_keys_seal_new_values_while_old_ones_keep_opening(self, clean_db, people, local_keyring):
        memory_id, _, _ = _write_everything(clean_db, people["ana"])
        assert new_data_keys(clean_db, local_keyring) == 1
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            newer = memory.remember(
                uow.session, user=ana, now=NOW, content="ma taille de chaussure est 42", embedder=None
            )
        versions = {r[0]: r[1] for r in _raw(clean_db, "SELECT id, content FROM ltm_memories")}
        from shared.crypto.envelope import version_of

        assert version_of(versions[memory_id]) == 1 and version_of(versions[newer.memory.id]) == 2
        forget_cached_keys()
        with unit_of_work(clean_db) as uow:
            ana = uow.session.get(User, people["ana"])
            assert memory.get(uow.session, user=ana, memory_id=memory_id).content == SECRET


class TestErasureShredsKeys:
    def test_deleting_the_person_deletes_their_data_keys(self, clean_db, people):
        _write_everything(clean_db, people["ana"])
        _write_everything(clean_db, people["bob"])
        with clean_db.begin() as conn:
            conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": people["ana"]})
        assert [r[0] for r in _raw(clean_db, "SELECT user_id FROM data_keys")] == [people["bob"]]
