"""The planner by SMS through the emulator, in French and English: "qu'est-ce que j'ai aujourd'hui ?", "et
demain ?", "what's my day", "décompose : …" and its steps made into tasks."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import chat, rows

KNOWN_PHONES = (
    "+14155550401",
    "+14155550402",
    "+33612000401",
    "+33612000402",
    "+33612000403",
)
pytestmark = pytest.mark.usefixtures("known_phones")


class TestInFrench:
    def test_today_then_tomorrow_from_what_was_set(self, emulator):
        phone = "+33612000401"
        chat(emulator, phone, "rappelle-moi demain à 9h d'appeler la banque")
        today = chat(emulator, phone, "qu'est-ce que j'ai aujourd'hui ?")
        assert today == "Rien de prévu aujourd'hui : ni rendez-vous, ni tâche, ni rappel."
        tomorrow = chat(emulator, phone, "et demain ?")
        assert tomorrow.splitlines() == ["Au programme demain :", "9h rappel : appeler la banque"]

    def test_break_down_then_add_the_steps(self, emulator):
        phone = "+33612000402"
        steps = chat(emulator, phone, "décompose : ranger le garage")
        assert "Pour ranger le garage, de petites étapes :" in steps and "\n1. " in steps
        added = chat(emulator, phone, "ajoute les étapes")
        assert added.startswith("OK, j'ai ajouté 6 tâches pour ranger le garage.")
        found = rows(
            emulator.deps.engine,
            "SELECT t.title, p.title FROM tasks t JOIN users u ON u.id = t.user_id "
            "LEFT JOIN tasks p ON p.id = t.parent_task_id WHERE u.phone = :p",
            p=phone,
        )
        assert ("ranger le garage", None) in found and len(found) == 7
        assert {parent for _, parent in found} == {None, "ranger le garage"}

    def test_an_unknown_chore_is_said_plainly(self, emulator):
        reply = chat(emulator, "+33612000403", "décompose : apprendre le violon")
        assert "Je ne sais pas découper ça." in reply and "1." not in reply


class TestInEnglish:
    def test_whats_my_day_lists_only_what_is_stored(self, emulator):
        phone = "+14155550401"
        chat(emulator, phone, "hi")
        [(zone,)] = rows(emulator.deps.engine, "SELECT timezone FROM users WHERE phone = :p", p=phone)
        local = emulator.clock.now().astimezone(ZoneInfo(zone))
        morning = datetime.combine(local.date() + timedelta(days=1), time(8), ZoneInfo(zone))
        emulator.clock.advance(morning - local)  # 8 AM tomorrow in the person's zone
        assert chat(emulator, phone, "what's my day?") == "Nothing planned for today: no events, tasks or reminders."
        chat(emulator, phone, "remind me at 3pm to call mom")
        day = chat(emulator, phone, "what's my day?")
        assert day.splitlines() == ["Your plan for today:", "3 PM reminder: call mom"]

    def test_break_down_in_english(self, emulator):
        reply = chat(emulator, "+14155550402", "break down: clean the garage")
        assert "For clean the garage, small steps:" in reply and "1. Set up 3 piles: keep, donate, trash" in reply
        assert "I don't know how to split that one" in chat(emulator, "+14155550402", "break down: learn the violin")
