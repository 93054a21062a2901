"""Tasks and goals by SMS, end to end through the emulator (real Postgres, Redis, fake Twilio), in French
and in English: adding with deadline, priority and estimate, "what should I do today" quickest first,
postponing, completing (and choosing among several), goals and sub-goals rolling up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import chat, rows

# People who went through the first-contact dialogue already (tests/onboarding/ covers it).
KNOWN_PHONES = (
    "+14155123001",
    "+14155123002",
    "+33612300001",
    "+33612300002",
    "+33612300003",
    "+33612300004",
)
pytestmark = pytest.mark.usefixtures("known_phones")


def tasks_of(emu, phone: str) -> dict[str, tuple[str, date | None, int, int | None]]:
    found = rows(
        emu.deps.engine,
        "SELECT t.title, t.status, t.due_date, t.priority, t.estimate_minutes FROM tasks t "
        "JOIN users u ON u.id = t.user_id WHERE u.phone = :p",
        p=phone,
    )
    return {title: (status, due, prio, est) for title, status, due, prio, est in found}


def local_today(emu, phone: str) -> date:
    [(zone,)] = rows(emu.deps.engine, "SELECT timezone FROM users WHERE phone = :p", p=phone)
    return emu.clock.now().astimezone(ZoneInfo(zone)).date()


def next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


class TestEnFrancais:
    def test_add_list_postpone_complete(self, emulator) -> None:
        phone = "+33612300001"
        reply = chat(emulator, phone, "tâche : ranger le garage pour samedi (45 min)")
        assert "ranger le garage" in reply and "samedi" in reply
        chat(emulator, phone, "tache pour aujourd'hui : trier le courrier (15 min)")
        chat(emulator, phone, "à faire : payer la cantine aujourd'hui, urgent")
        chat(emulator, phone, "todo appeler le plombier, pas pressé")
        today = local_today(emulator, phone)
        saved = tasks_of(emulator, phone)
        assert saved["ranger le garage"] == ("todo", next_weekday(today, 5), 3, 45)
        assert saved["trier le courrier"] == ("todo", today, 3, 15)
        assert saved["payer la cantine"][1] == today and saved["payer la cantine"][2] <= 2  # high priority
        assert saved["appeler le plombier"] == ("todo", None, 4, None)

        listed = chat(emulator, phone, "quoi faire aujourd'hui ?")
        assert listed.index("trier le courrier") < listed.index("payer la cantine")  # quickest first
        assert "garage" not in listed and "plombier" not in listed
        assert len(listed) <= 320

        assert "demain" in chat(emulator, phone, "reporte le garage à demain")
        assert tasks_of(emulator, phone)["ranger le garage"][1] == today + timedelta(days=1)

        assert "Bravo" in chat(emulator, phone, "j'ai fini de trier le courrier")
        assert tasks_of(emulator, phone)["trier le courrier"][0] == "done"
        assert "courrier" not in chat(emulator, phone, "quoi faire aujourd'hui ?")

    def test_several_matches_make_a_question_answered_by_a_number(self, emulator) -> None:
        phone = "+33612300002"
        chat(emulator, phone, "tâche : appeler la banque")
        chat(emulator, phone, "tâche : appeler maman")
        question = chat(emulator, phone, "j'ai fini d'appeler")
        assert "1." in question and "2." in question
        second = question.splitlines()[2].split(". ", 1)[1]
        chat(emulator, phone, "2")
        assert tasks_of(emulator, phone)[second][0] == "done"

    def test_an_unknown_task_is_said_not_guessed(self, emulator) -> None:
        phone = "+33612300003"
        reply = chat(emulator, phone, "repousse la tâche vélo à jeudi")
        assert "vélo" in reply and "trouve pas" in reply
        assert tasks_of(emulator, phone) == {}

    def test_goals_and_progress(self, emulator) -> None:
        phone = "+33612300004"
        assert "être en forme" in chat(emulator, phone, "objectif : être en forme")
        reply = chat(emulator, phone, "sous-objectif de 'forme' : courir 3 fois par semaine")
        assert "courir 3 fois par semaine" in reply and "être en forme" in reply
        listed = chat(emulator, phone, "mes objectifs")
        assert "être en forme" in listed and "0 %" in listed


class TestInEnglish:
    def test_add_list_complete(self, emulator) -> None:
        phone = "+14155123001"
        assert "do my taxes" in chat(emulator, phone, "todo: do my taxes by friday")
        chat(emulator, phone, "task for today: water the plants (5 min)")
        chat(emulator, phone, "new task call the vet today, takes 20 minutes")
        today = local_today(emulator, phone)
        saved = tasks_of(emulator, phone)
        assert saved["do my taxes"][1] == next_weekday(today, 4) or (today.weekday() == 4 and saved["do my taxes"][1])
        assert saved["water the plants"] == ("todo", today, 3, 5)
        assert saved["call the vet"][1:] == (today, 3, 20)

        listed = chat(emulator, phone, "what should I do today")
        assert listed.index("water the plants") < listed.index("call the vet")
        assert "taxes" not in listed or saved["do my taxes"][1] == today

        assert "Nice" in chat(emulator, phone, "done with the plants task")
        assert tasks_of(emulator, phone)["water the plants"][0] == "done"
        assert "moved" in chat(emulator, phone, "push the vet task to monday")
        assert tasks_of(emulator, phone)["call the vet"][1] == next_weekday(today, 0)

    def test_goal_and_weekly_review(self, emulator) -> None:
        phone = "+14155123002"
        assert "learn spanish" in chat(emulator, phone, "goal: learn spanish")
        assert "reviewed this week" in chat(emulator, phone, "weekly review")  # too new to review
        emulator.clock.advance(timedelta(days=8))
        review = chat(emulator, phone, "weekly review")
        assert "learn spanish" in review and "0%" in review
        [(reviewed,)] = rows(emulator.deps.engine, "SELECT last_reviewed_at FROM user_goals")
        assert isinstance(reviewed, datetime)
