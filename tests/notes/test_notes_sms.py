"""Notes by SMS through the emulator (real Postgres, Redis, the fake Twilio), in French and English: keep one,
find it again by its words, list, delete."""

from __future__ import annotations

import pytest

from tests.helpers import chat, opened, rows

KNOWN_PHONES = (
    "+14155550301",
    "+14155550302",
    "+14155550303",
    "+33612000301",
    "+33612000302",
    "+33612000303",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def stored(emu, phone: str) -> list[tuple[str, str, list[str]]]:
    """The person's notes as stored, title and body opened (they are sealed at rest)."""
    found = rows(
        emu.deps.engine,
        "SELECT n.id, n.user_id, n.title, n.body, n.tags FROM notes n JOIN users u ON u.id = n.user_id"
        " WHERE u.phone = :p ORDER BY n.created_at",
        p=phone,
    )
    return [
        (
            opened(emu.deps.engine, "notes", "title", note_id, user_id, title),
            opened(emu.deps.engine, "notes", "body", note_id, user_id, body),
            list(tags),
        )
        for note_id, user_id, title, body, tags in found
    ]


class TestInFrench:
    def test_keep_a_note_then_find_it_by_its_words(self, emulator):
        phone = "+33612000301"
        reply = chat(emulator, phone, "note : le code du portail est 4521 #maison")
        assert reply.endswith("C'est noté : « Le code du portail est 4521 » (#maison).")  # after a welcome
        assert stored(emulator, phone) == [("Le code du portail est 4521", "le code du portail est 4521", ["maison"])]
        chat(emulator, phone, "note pour le boulot : demander une augmentation en avril")
        assert "4521" in chat(emulator, phone, "retrouve ma note sur le PORTAIL")
        assert "augmentation" in chat(emulator, phone, "retrouve la note boulot")
        assert "4521" in chat(emulator, phone, "c'était quoi le code du portail déjà ? je l'avais noté")

    def test_nothing_found_says_so_and_invents_nothing(self, emulator):
        phone = "+33612000302"
        chat(emulator, phone, "retiens que la taille de chaussure de Tom c'est 32")
        assert chat(emulator, phone, "retrouve ma note sur la piscine") == "Je ne trouve pas de note sur « piscine »."

    def test_list_and_delete(self, emulator):
        phone = "+33612000303"
        chat(emulator, phone, "note : wifi chez mamie Livebox-8F2A")
        chat(emulator, phone, "note : numéro du plombier 06 12 34 56 78")
        listing = chat(emulator, phone, "mes notes")
        assert "Wifi chez mamie Livebox-8F2A" in listing and "Numéro du plombier 06 12 34 56 78" in listing
        assert "supprimé" in chat(emulator, phone, "supprime ma note sur le wifi")
        assert [title for title, _, _ in stored(emulator, phone)] == ["Numéro du plombier 06 12 34 56 78"]


class TestInEnglish:
    def test_keep_a_note_then_find_it(self, emulator):
        phone = "+14155550301"
        assert chat(emulator, phone, "note: gate code 4521B").endswith('Noted: "Gate code 4521B".')
        chat(emulator, phone, "save a note: car parked level -2 spot 47")
        assert "4521B" in chat(emulator, phone, "find my note about the gate")
        assert "spot 47" in chat(emulator, phone, "where did i park? i made a note")

    def test_one_person_never_finds_anothers_note(self, emulator):
        chat(emulator, "+14155550302", "note: my bank PIN hint is the dog")
        reply = chat(emulator, "+14155550303", "search my notes for bank")
        assert reply.endswith('I can\'t find a note about "bank".') and "dog" not in reply
