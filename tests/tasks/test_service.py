"""The tasks service on real Postgres: what is due (shortest first), goals' progress rolling up a tree, the
weekly review, finding a task by words, isolation between people; and the words side (deadlines, priority,
estimates) table-driven."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from shared.errors import Conflict, InvalidInput, NotFound
from shared.tasks import service
from shared.users.models import User

NOW = datetime(2026, 3, 10, 13, 0, tzinfo=ZoneInfo("UTC"))  # Tuesday, 14:00 in Paris
TODAY = date(2026, 3, 10)


@pytest.fixture()
def session(clean_db):
    with Session(clean_db) as s:
        yield s
        s.rollback()


def _person(session: Session, phone: str, lang: str = "fr") -> User:
    user_id = session.execute(
        text("INSERT INTO users (phone, language, timezone) VALUES (:p, :l, 'Europe/Paris') RETURNING id"),
        {"p": phone, "l": lang},
    ).scalar_one()
    user = session.get(User, user_id)
    assert user is not None
    return user


@pytest.fixture()
def me(session):
    return _person(session, "+33600000001")


@pytest.fixture()
def other(session):
    return _person(session, "+33600000002")


def add(session, user, title, **kw):
    return service.create_task(session, user=user, now=NOW, title=title, **kw)


class TestDueOn:
    def test_due_today_or_overdue_shortest_first_unknown_estimates_last(self, session, me):
        add(session, me, "garage", due_date=TODAY, estimate_minutes=60)
        add(session, me, "appeler la banque", due_date=TODAY - timedelta(days=2), estimate_minutes=5)
        add(session, me, "trier le courrier", due_date=TODAY, estimate_minutes=15)
        add(session, me, "impôts", due_date=TODAY, priority=1)
        add(session, me, "unknown but less urgent", due_date=TODAY, priority=4)
        add(session, me, "tomorrow's", due_date=TODAY + timedelta(days=1), estimate_minutes=1)
        add(session, me, "no deadline", estimate_minutes=1)
        done = add(session, me, "already done", due_date=TODAY, estimate_minutes=2)
        service.complete_task(session, user=me, now=NOW, task_id=done.id)

        titles = [t.title for t in service.due_on(session, user=me, day=TODAY)]

        assert titles == ["appeler la banque", "trier le courrier", "garage", "impôts", "unknown but less urgent"]

    def test_limit_and_another_day(self, session, me):
        for i in range(4):
            add(session, me, f"t{i}", due_date=TODAY + timedelta(days=i), estimate_minutes=10 + i)
        assert [t.title for t in service.due_on(session, user=me, day=TODAY + timedelta(days=2), limit=2)] == [
            "t0",
            "t1",
        ]

    def test_only_the_persons_own(self, session, me, other):
        add(session, other, "theirs", due_date=TODAY)
        assert service.due_on(session, user=me, day=TODAY) == []


class TestTaskChanges:
    def test_complete_postpone_drop(self, session, me):
        task = add(session, me, "ranger le garage", due_date=TODAY)
        service.postpone_task(session, user=me, now=NOW, task_id=task.id, until=date(2026, 3, 14))
        assert task.due_date == date(2026, 3, 14)
        service.complete_task(session, user=me, now=NOW, task_id=task.id)
        assert task.status == "done" and task.completed_at == NOW
        with pytest.raises(Conflict):
            service.complete_task(session, user=me, now=NOW, task_id=task.id)
        with pytest.raises(Conflict):
            service.postpone_task(session, user=me, now=NOW, task_id=task.id, until=date(2026, 3, 20))

    def test_postponing_into_the_past_is_refused(self, session, me):
        task = add(session, me, "x")
        with pytest.raises(InvalidInput):
            service.postpone_task(session, user=me, now=NOW, task_id=task.id, until=TODAY - timedelta(days=1))

    @pytest.mark.parametrize(
        "kw",
        [
            {"priority": 0},
            {"priority": 6},
            {"estimate_minutes": 0},
            {"estimate_minutes": 2000},
            {"due_date": date(1900, 1, 1)},
        ],
    )
    def test_bad_values_are_refused_and_nothing_written(self, session, me, kw):
        with pytest.raises(InvalidInput):
            add(session, me, "x", **kw)
        assert service.open_tasks(session, user=me) == []

    def test_blank_title_is_refused(self, session, me):
        with pytest.raises(InvalidInput):
            add(session, me, "   ")

    def test_another_persons_task_is_not_found(self, session, me, other):
        theirs = add(session, other, "secret")
        for call in (
            lambda: service.get_task(session, user=me, task_id=theirs.id),
            lambda: service.complete_task(session, user=me, now=NOW, task_id=theirs.id),
            lambda: service.delete_task(session, user=me, now=NOW, task_id=theirs.id),
        ):
            with pytest.raises(NotFound):
                call()
        assert theirs.status == "todo"

    def test_a_replayed_message_adds_the_task_once(self, session, me):
        message_id = session.execute(
            text(
                "INSERT INTO messages (user_id, direction, from_phone, to_phone, body, received_at) "
                "VALUES (:u, 'in', '+33600000001', '+33100000000', 'x', now()) RETURNING id"
            ),
            {"u": me.id},
        ).scalar_one()
        first = add(session, me, "garage", source_message_id=message_id)
        again = add(session, me, "garage", source_message_id=message_id)
        assert first.id == again.id
        assert len(service.open_tasks(session, user=me)) == 1


class TestFind:
    def test_words_accents_and_plurals_aside(self, session, me):
        add(session, me, "faire la déclaration d'impôts")
        add(session, me, "trier mes papiers")
        add(session, me, "changer l'ampoule de la cuisine")
        assert [t.title for t in service.find_tasks(session, user=me, words="impot")] == [
            "faire la déclaration d'impôts"
        ]
        assert [t.title for t in service.find_tasks(session, user=me, words="les papiers")] == ["trier mes papiers"]
        assert service.find_tasks(session, user=me, words="garage") == []

    def test_the_best_match_first(self, session, me):
        add(session, me, "appeler la banque")
        add(session, me, "appeler maman")
        found = service.find_tasks(session, user=me, words="appeler maman")
        assert found[0].title == "appeler maman"
        assert service.clearly_meant(found, "appeler maman") is found[0]
        assert service.clearly_meant(service.find_tasks(session, user=me, words="appeler"), "appeler") is None


class TestGoals:
    def test_progress_rolls_up_the_tree(self, session, me):
        fit = service.create_goal(session, user=me, now=NOW, title="être en forme")
        run = service.create_goal(session, user=me, now=NOW, title="courir", parent_id=fit.id)
        a = add(session, me, "courir 5 km", goal_id=run.id)
        add(session, me, "acheter des chaussures", goal_id=run.id)
        b = add(session, me, "s'inscrire à la salle", goal_id=fit.id)
        dropped = add(session, me, "yoga", goal_id=fit.id)

        service.complete_task(session, user=me, now=NOW, task_id=a.id)
        service.drop_task(session, user=me, now=NOW, task_id=dropped.id)
        session.refresh(run)
        session.refresh(fit)
        assert (run.progress, fit.progress) == (50, 33)  # 1/2 under "courir", 1/3 in the whole tree

        service.complete_task(session, user=me, now=NOW, task_id=b.id)
        session.refresh(fit)
        assert fit.progress == 67

        service.update_task(session, user=me, now=NOW, task_id=a.id, goal_id=None)  # leaves the goal
        session.refresh(run)
        session.refresh(fit)
        assert (run.progress, fit.progress) == (0, 50)

    def test_a_goal_cannot_go_under_itself_or_its_sub_goals(self, session, me):
        top = service.create_goal(session, user=me, now=NOW, title="top")
        sub = service.create_goal(session, user=me, now=NOW, title="sub", parent_id=top.id)
        with pytest.raises(Conflict):
            service.update_goal(session, user=me, now=NOW, goal_id=top.id, parent_id=sub.id)
        with pytest.raises(Conflict):
            service.update_goal(session, user=me, now=NOW, goal_id=top.id, parent_id=top.id)

    def test_another_persons_goal_is_not_found(self, session, me, other):
        theirs = service.create_goal(session, user=other, now=NOW, title="secret")
        with pytest.raises(NotFound):
            service.create_goal(session, user=me, now=NOW, title="mine", parent_id=theirs.id)
        with pytest.raises(NotFound):
            add(session, me, "task", goal_id=theirs.id)

    def test_weekly_review(self, session, me):
        old = service.create_goal(session, user=me, now=NOW - timedelta(days=10), title="old")
        service.create_goal(session, user=me, now=NOW - timedelta(days=2), title="new")
        assert [g.title for g in service.goals_to_review(session, user=me, now=NOW)] == ["old"]
        service.review_goal(session, user=me, now=NOW, goal_id=old.id)
        assert service.goals_to_review(session, user=me, now=NOW) == []
        later = service.goals_to_review(session, user=me, now=NOW + timedelta(days=8))
        assert [g.title for g in later] == ["new", "old"]  # the longest-forgotten first


PARIS = datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))


class TestWords:
    @pytest.mark.parametrize(
        ("words", "lang", "expected"),
        [
            ("avant vendredi", "fr", date(2026, 3, 13)),
            ("pour mercredi", "fr", date(2026, 3, 11)),
            ("d'ici la fin de la semaine", "fr", date(2026, 3, 15)),
            ("avant la fin du mois", "fr", date(2026, 3, 31)),
            ("avant le 20", "fr", date(2026, 3, 20)),
            ("au 25", "fr", date(2026, 3, 25)),
            ("by friday", "en", date(2026, 3, 13)),
            ("by end of week", "en", date(2026, 3, 15)),
            ("by the 3rd", "en", date(2026, 4, 3)),
            ("before the 20th", "en", date(2026, 3, 20)),
            ("tmrw", "en", date(2026, 3, 11)),
            ("blah", "en", None),
        ],
    )
    def test_deadlines(self, words, lang, expected):
        assert service.due_of(words, said=PARIS, lang=lang) == expected

    @pytest.mark.parametrize(
        ("words", "expected"),
        [("urgent", 1), ("high", 2), ("important", 2), ("pas pressé", 4), ("low priority", 4), ("3", 3), ("?", None)],
    )
    def test_priority(self, words, expected):
        assert service.priority_of(words) == expected

    @pytest.mark.parametrize(
        ("words", "minutes", "rest"),
        [
            ("trier le courrier (15 min)", 15, "trier le courrier"),
            ("garage, ça prend 1h", 60, "garage"),
            ("call mom, takes 10 minutes", 10, "call mom"),
            ("lire 12 livres", None, "lire 12 livres"),
        ],
    )
    def test_estimates(self, words, minutes, rest):
        assert service.estimate_of(words) == (minutes, rest)
