"""GET /v1/plan: the structured plan of a day (events, tasks, reminders) and its SMS text, the signed-in
person's only; a bad or far day is a 422 problem."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from tests.helpers import bearer

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture()
def people(emulator):
    """Two people in Paris; A has an event, a task and a reminder on the day after tomorrow, B has the same."""
    day = emulator.clock.now().astimezone(PARIS).date() + timedelta(days=2)
    ids = {}
    with emulator.deps.engine.begin() as conn:
        for name, phone, lang in (("a", "+33611110011", "fr"), ("b", "+33611110012", "en")):
            uid = conn.execute(
                text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, 'Europe/Paris') RETURNING id"),
                {"p": phone, "l": lang},
            ).scalar_one()
            ids[name] = uid
            start = datetime.combine(day, datetime.min.time(), PARIS).replace(hour=10)
            conn.execute(
                text("INSERT INTO events (user_id, title, starts_at, ends_at) VALUES (:u, :t, :s, :e)"),
                {"u": uid, "t": f"Dentiste {name}", "s": start, "e": start + timedelta(hours=1)},
            )
            conn.execute(
                text("INSERT INTO tasks (user_id, title, due_date) VALUES (:u, :t, :d)"),
                {"u": uid, "t": f"Dossier {name}", "d": day - timedelta(days=1)},
            )
            conn.execute(
                text("INSERT INTO reminders (user_id, text, due_at, timezone) VALUES (:u, :t, :d, 'Europe/Paris')"),
                {"u": uid, "t": f"banque {name}", "d": start.replace(hour=9)},
            )
    return ids, day


class TestPlan:
    def test_the_structured_plan_and_its_text(self, emulator, people):
        ids, day = people
        r = emulator.http.get("/v1/plan", params={"day": day.isoformat()}, headers=bearer(ids["a"], emulator))
        assert r.status_code == 200
        body = r.json()
        assert body["day"] == day.isoformat() and body["timezone"] == "Europe/Paris"
        assert [e["title"] for e in body["events"]] == ["Dentiste a"]
        assert [(x["title"], x["overdue"]) for x in body["tasks"]] == [("Dossier a", True)]
        assert [x["text"] for x in body["reminders"]] == ["banque a"]
        assert body["text"].splitlines()[1:] == [
            "9h rappel : banque a",
            "10h-11h Dentiste a",
            "A faire (en retard) : Dossier a",
        ]
        assert not any(line.endswith(" b") for line in body["text"].splitlines())

    def test_in_the_persons_language_and_today_by_default(self, emulator, people):
        ids, _ = people
        body = emulator.http.get("/v1/plan", headers=bearer(ids["b"], emulator)).json()
        assert body["day"] == emulator.clock.now().astimezone(PARIS).date().isoformat()
        assert body["text"] == "Nothing planned for today: no events, tasks or reminders."

    @pytest.mark.parametrize("day", ["2026-13-01", "demain", "", "2026-02-30"])
    def test_a_bad_day_is_422(self, emulator, people, day):
        ids, _ = people
        r = emulator.http.get("/v1/plan", params={"day": day}, headers=bearer(ids["a"], emulator))
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"

    def test_a_day_too_far_is_422(self, emulator, people):
        ids, _ = people
        far = (date.today() + timedelta(days=800)).isoformat()
        r = emulator.http.get("/v1/plan", params={"day": far}, headers=bearer(ids["a"], emulator))
        assert r.status_code == 422 and r.json()["field"] == "day"

    def test_no_token_is_401(self, emulator):
        assert emulator.http.get("/v1/plan").status_code == 401
