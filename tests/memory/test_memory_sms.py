"""Long-term memory by SMS through the emulator (real Postgres, Redis, the fake Twilio, the offline brain and
the offline embedder), in French and English: facts kept from ordinary messages, answered from the store
(never invented), a newer fact replacing an older one, "what do you know about me", forgetting for real."""

from __future__ import annotations

import pytest

from tests.helpers import opened, post_sms, rows

KNOWN_PHONES = (
    "+14155550801",
    "+14155550802",
    "+14155550803",
    "+14155550804",
    "+33612000801",
    "+33612000802",
    "+33612000803",
    "+33612000804",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def chat(emu, phone: str, body: str) -> str:
    before = len([m for m in emu.twilio.messages if m["to"] == phone])
    assert post_sms(emu.http, emu.base_url, from_=phone, body=body).status_code == 200
    emu.settle()
    mine = [m for m in emu.twilio.wait_for(len(emu.twilio.messages)) if m["to"] == phone]
    assert len(mine) == before + 1, f"no reply to {body!r}"
    return str(mine[-1]["body"])


def _opened(emu, found) -> list[str]:
    """Contents as stored, opened (they are sealed at rest)."""
    return [opened(emu.deps.engine, "ltm_memories", "content", i, u, c) for i, u, c in found]


def live(emu, phone: str) -> list[str]:
    return _opened(
        emu,
        rows(
            emu.deps.engine,
            "SELECT m.id, m.user_id, m.content FROM ltm_memories m JOIN users u ON u.id = m.user_id"
            " WHERE u.phone = :p AND m.archived_at IS NULL ORDER BY m.created_at",
            p=phone,
        ),
    )


def every_row(emu, phone: str) -> list[str]:
    return _opened(
        emu,
        rows(
            emu.deps.engine,
            "SELECT m.id, m.user_id, m.content FROM ltm_memories m JOIN users u ON u.id = m.user_id WHERE u.phone = :p",
            p=phone,
        ),
    )


class TestInFrench:
    def test_facts_kept_in_passing_then_answered_from_the_store(self, emulator):
        phone = "+33612000801"
        reply = chat(emulator, phone, "le digicode de Léa est 12B45")
        assert reply.endswith("C'est gardé en mémoire : « le digicode de Léa est 12B45 ».")
        chat(emulator, phone, "les clés de la cave sont dans le tiroir de l'entrée")
        chat(emulator, phone, "souviens-toi que Sam déteste la coriandre")
        assert live(emulator, phone) == [
            "le digicode de Léa est 12B45",
            "les clés de la cave sont dans le tiroir de l'entrée",
            "Sam déteste la coriandre",
        ]
        assert "12B45" in chat(emulator, phone, "c'est quoi le digicode de Léa ?")
        assert "tiroir de l'entrée" in chat(emulator, phone, "où sont les clés de la cave ?")
        about = chat(emulator, phone, "qu'est-ce que tu sais sur moi ?")
        assert about.startswith("Ce que je sais sur toi :") and "12B45" in about and "coriandre" in about

    def test_a_newer_fact_replaces_the_old_one_and_keeps_its_history(self, emulator):
        phone = "+33612000802"
        chat(emulator, phone, "mon dentiste c'est le Dr Martin")
        reply = chat(emulator, phone, "finalement mon dentiste c'est le Dr Roy")
        assert "Dr Roy" in reply
        assert live(emulator, phone) == ["mon dentiste c'est le Dr Roy"]
        assert len(every_row(emulator, phone)) == 2  # the old one archived, not lost
        answer = chat(emulator, phone, "c'est qui mon dentiste ?")
        assert "Dr Roy" in answer and "Martin" not in answer

    def test_forget_deletes_for_real_and_says_so(self, emulator):
        phone = "+33612000803"
        chat(emulator, phone, "le digicode de Léa est 12B45")
        reply = chat(emulator, phone, "oublie le digicode")
        assert reply == "C'est oublié pour de bon : « le digicode de Léa est 12B45 »."
        assert every_row(emulator, phone) == []
        assert "12B45" not in chat(emulator, phone, "c'est quoi le digicode de Léa ?")

    def test_nothing_known_says_so(self, emulator):
        phone = "+33612000804"
        reply = chat(emulator, phone, "c'est quoi le code wifi ?")
        assert "Je n'ai rien en mémoire" in reply


class TestInEnglish:
    def test_facts_then_questions(self, emulator):
        phone = "+14155550801"
        chat(emulator, phone, "my dentist is Dr Roy")
        chat(emulator, phone, "mom's birthday is May 3")
        reply = chat(emulator, phone, "the spare key is under the mat")
        assert reply.endswith('Got it, I\'ll remember: "the spare key is under the mat".')
        assert "Dr Roy" in chat(emulator, phone, "who's my dentist?")
        assert "May 3" in chat(emulator, phone, "when is mom's birthday")
        assert "under the mat" in chat(emulator, phone, "where's the spare key?")
        assert "I have nothing" in chat(emulator, phone, "what's the wifi password?")

    def test_forget_asks_which_when_several_then_forgets_the_one_chosen(self, emulator):
        phone = "+14155550802"
        chat(emulator, phone, "the garage code is 7731")
        chat(emulator, phone, "the gate code is 4521")
        question = chat(emulator, phone, "forget the code")
        assert question.startswith("Which one should I forget?")
        first = "7731" if question.index("7731") < question.index("4521") else "4521"
        reply = chat(emulator, phone, "1")
        assert reply.startswith("Forgotten for good") and first in reply
        assert len(every_row(emulator, phone)) == 1

    def test_one_persons_memories_are_never_anothers(self, emulator):
        chat(emulator, "+14155550803", "the garage code is 7731")
        assert "7731" not in chat(emulator, "+14155550804", "what's the garage code?")
