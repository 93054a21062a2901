"""The planner on real Postgres: a day's plan made only of what the store holds (events, tasks due, reminders),
the most important first, in the person's language and zone, within the SMS budget; first steps from the
templates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from shared.calendar.models import Event
from shared.errors import InvalidInput
from shared.messaging.segments import MAX_SEGMENTS, count_segments
from shared.planner import service as planner
from shared.planner import templates
from shared.reminders.models import Reminder
from shared.tasks.models import Task
from shared.users.models import User

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 10 March 2026, 07:00 in Paris.
NOW = datetime(2026, 3, 10, 7, 0, tzinfo=PARIS).astimezone(UTC)
TODAY = date(2026, 3, 10)


@pytest.fixture()
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as s:
        yield s
        s.rollback()


def person(session: Session, phone: str, lang: str = "fr", zone: str = "Europe/Paris") -> User:
    user = User(phone=phone, language=lang, timezone=zone)
    session.add(user)
    session.flush()
    return user


def event(session, user, title, start, end=None, *, all_day=False, location=None):
    session.add(
        Event(
            user_id=user.id,
            title=title,
            starts_at=start,
            ends_at=end or start + timedelta(hours=1),
            all_day=all_day,
            location=location,
        )
    )
    session.flush()


def task(session, user, title, due, *, status="todo", minutes=None):
    session.add(Task(user_id=user.id, title=title, due_date=due, status=status, estimate_minutes=minutes))
    session.flush()


def reminder(session, user, text, at, *, status="pending"):
    session.add(Reminder(user_id=user.id, text=text, due_at=at, timezone=user.timezone, status=status))
    session.flush()


class TestPlan:
    def test_a_day_from_the_store_timed_things_first_then_tasks(self, session):
        me = person(session, "+33600000001")
        event(session, me, "Dentiste", datetime(2026, 3, 10, 14, 30, tzinfo=PARIS), location="Cabinet Martin")
        event(session, me, "Salon du livre", datetime(2026, 3, 10, tzinfo=PARIS), datetime(2026, 3, 11, tzinfo=PARIS),
              all_day=True)  # fmt: skip
        reminder(session, me, "appeler la banque", datetime(2026, 3, 10, 9, 0, tzinfo=PARIS))
        task(session, me, "payer le loyer", TODAY - timedelta(days=2), minutes=5)
        task(session, me, "envoyer le dossier", TODAY, minutes=30)
        task(session, me, "trier les photos", TODAY + timedelta(days=3))  # not due yet
        task(session, me, "déjà fait", TODAY, status="done")
        reminder(session, me, "demain", datetime(2026, 3, 11, 9, 0, tzinfo=PARIS))  # another day

        plan = planner.build(session, user=me, now=NOW, day=TODAY)
        assert plan.text.splitlines() == [
            "Au programme aujourd'hui :",
            "Toute la journée : Salon du livre",
            "9h rappel : appeler la banque",
            "14h30-15h30 Dentiste (Cabinet Martin)",
            "A faire (en retard) : payer le loyer",
            "A faire : envoyer le dossier",
        ]
        assert [e.title for e in plan.events] == ["Salon du livre", "Dentiste"]
        assert [t.title for t in plan.tasks] == ["payer le loyer", "envoyer le dossier"]
        assert [r.text for r in plan.reminders] == ["appeler la banque"]

    def test_only_my_things(self, session):
        me, other = person(session, "+33600000001"), person(session, "+33600000002")
        event(session, other, "Secret", datetime(2026, 3, 10, 10, tzinfo=PARIS))
        task(session, other, "secret aussi", TODAY)
        reminder(session, other, "secret encore", datetime(2026, 3, 10, 11, tzinfo=PARIS))
        text = planner.plan_for(session, user=me, now=NOW, day=TODAY)
        assert text == "Rien de prévu aujourd'hui : ni rendez-vous, ni tâche, ni rappel."
        assert "ecret" not in text

    def test_tomorrow_in_english_in_the_persons_zone(self, session):
        me = person(session, "+14155550001", "en", "America/New_York")
        # 23:30 in New York on the 11th is already the 12th in UTC: it is still the 11th's plan.
        reminder(session, me, "take out the trash", datetime(2026, 3, 11, 23, 30, tzinfo=NEW_YORK))
        event(session, me, "Standup", datetime(2026, 3, 11, 9, 0, tzinfo=NEW_YORK))
        reminder(session, me, "too early", datetime(2026, 3, 10, 23, 59, tzinfo=NEW_YORK))
        now = datetime(2026, 3, 10, 20, 0, tzinfo=NEW_YORK).astimezone(UTC)
        text = planner.plan_for(session, user=me, now=now, day=date(2026, 3, 11))
        assert text.splitlines() == [
            "Your plan for tomorrow:",
            "9 AM-10 AM Standup",
            "11:30 PM reminder: take out the trash",
        ]

    def test_on_today_what_is_over_is_left_out(self, session):
        me = person(session, "+33600000001")
        event(session, me, "Petit-déjeuner", datetime(2026, 3, 10, 6, 0, tzinfo=PARIS))  # over at 7:00
        event(session, me, "Réunion", datetime(2026, 3, 10, 6, 30, tzinfo=PARIS))  # until 7:30
        text = planner.plan_for(session, user=me, now=NOW, day=TODAY)
        assert "Réunion" in text and "Petit-déjeuner" not in text

    def test_another_day_is_named(self, session):
        me = person(session, "+33600000001")
        task(session, me, "rendre le livre", date(2026, 3, 13))
        assert planner.plan_for(session, user=me, now=NOW, day=date(2026, 3, 13)).startswith(
            "Au programme vendredi 13 mars :"
        )

    def test_a_full_day_keeps_whole_lines_within_the_sms_budget_and_says_how_many_more(self, session):
        me = person(session, "+33600000001")
        for hour in range(8, 20):
            event(session, me, f"Rendez-vous important numéro {hour}", datetime(2026, 3, 10, hour, tzinfo=PARIS))
        for i in range(8):
            task(session, me, f"tâche assez longue à faire numéro {i}", TODAY)
        text = planner.plan_for(session, user=me, now=NOW, day=TODAY)
        assert count_segments(text) <= MAX_SEGMENTS
        shown = [line for line in text.splitlines()[1:-1]]
        assert shown[0].startswith("8h-9h Rendez-vous important numéro 8")
        assert text.splitlines()[-1] == f"+{12 + 8 - len(shown)} autre(s)"

    def test_a_day_too_far_is_refused(self, session):
        me = person(session, "+33600000001")
        with pytest.raises(InvalidInput):
            planner.build(session, user=me, now=NOW, day=TODAY + timedelta(days=400))


class TestFirstSteps:
    @pytest.mark.parametrize("template", templates.TEMPLATES, ids=lambda t: t.name)
    def test_every_template_has_3_to_7_steps_in_both_languages_and_fits(self, template):
        assert len(template.steps["fr"]) == len(template.steps["en"])
        assert 3 <= len(template.steps["fr"]) <= 7
        for lang in ("fr", "en"):
            task = "une tâche au nom assez long pour tester la place"
            assert count_segments(planner.break_down_text(task, lang=lang)) <= MAX_SEGMENTS

    @pytest.mark.parametrize(
        ("task", "name"),
        [
            ("ranger le garage", "garage"),
            ("nettoyer le garage", "garage"),
            ("ma déclaration d'IMPÔTS", "taxes"),
            ("préparer le déménagement", "moving"),
            ("trier mes mails", "emails"),
            ("clean out my inbox", "emails"),
            ("do the laundry", "laundry"),
            ("la cuisine", "kitchen"),
            ("cleaning my room", "room"),
            ("spring cleaning", "cleaning"),
            ("update my resume", "resume"),
            ("plan Lina's bday party", "party"),
        ],
    )
    def test_templates_match_on_folded_words(self, task, name):
        found = templates.match(task)
        assert found is not None and found.name == name

    def test_no_template_says_so_plainly(self):
        assert templates.match("apprendre le violon") is None
        assert planner.break_down_text("apprendre le violon", lang="fr").startswith("Je ne sais pas découper ça")
        assert planner.break_down_text("learn the violin", lang="en").startswith("I don't know how to split that one")

    def test_steps_are_numbered_in_the_persons_language(self):
        text = planner.break_down_text("clean the garage", lang="en")
        lines = text.splitlines()
        assert lines[0] == "For clean the garage, small steps:"
        assert lines[1].startswith("1. ") and len(lines) == 1 + len(templates.match("garage").steps["en"])  # type: ignore[union-attr]

    def test_steps_become_tasks_under_the_chore(self, session):
        me = person(session, "+33600000001")
        made = planner.add_steps(session, user=me, now=NOW, task="ranger le garage", lang="fr")
        assert made is not None
        parent, steps = made
        assert parent.title == "ranger le garage"
        assert [s.parent_task_id for s in steps] == [parent.id] * len(steps)
        assert steps[0].title == templates.match("garage").steps["fr"][0]  # type: ignore[union-attr]
        assert planner.add_steps(session, user=me, now=NOW, task="apprendre le violon", lang="fr") is None
