"""Tasks and goals: the behaviour. Add, change, complete, drop, postpone and find a person's tasks; what is
due on a day (shortest first); goals as a tree whose progress rolls up from the tasks under it, kept current
here whenever a task or a goal moves; the weekly review. Keyword-only `session`, `user`, `now` (UTC, the
app's clock); one DomainError type.

The words side (priority words, deadlines such as "avant vendredi" or "by end of week", estimates such as
"(15 min)") is here too, pure, so the offline brain, the tools and the API read them the same way."""

from __future__ import annotations

import calendar
import re
import unicodedata
import uuid
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.db.paging import Cursor, Page
from shared.errors import Conflict, InvalidInput, NotFound
from shared.tasks import repository as repo
from shared.tasks.models import Task, UserGoal
from shared.users.models import User

OPEN = repo.OPEN
STATUSES = ("todo", "doing", "done", "dropped")
GOAL_STATUSES = ("active", "done", "dropped")
MAX_TITLE = 500
MAX_ESTIMATE = 24 * 60
REVIEW_EVERY = timedelta(days=7)
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE = date(2100, 12, 31)
Sort = Literal["due", "priority", "created"]


def today_for(user: User, now: datetime) -> date:
    """The person's local date at `now`."""
    return now.astimezone(ZoneInfo(user.timezone)).date()


# --- tasks ----------------------------------------------------------------------------------------------------
def _check_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInput("task.no_title", key="task.ask_title", field="title")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput("task.title_too_long", key="task.title_too_long", field="title")
    return cleaned


def _check_fields(priority: int | None, estimate_minutes: int | None, due_date: date | None) -> None:
    if priority is not None and not 1 <= priority <= 5:
        raise InvalidInput("task.bad_priority", key="task.bad_priority", field="priority")
    if estimate_minutes is not None and not 1 <= estimate_minutes <= MAX_ESTIMATE:
        raise InvalidInput("task.bad_estimate", key="task.bad_estimate", field="estimate_minutes")
    if due_date is not None and not EARLIEST_DUE <= due_date <= LATEST_DUE:
        raise InvalidInput("task.bad_due", key="task.bad_due", field="due_date")


def create_task(
    session: Session,
    *,
    user: User,
    now: datetime,
    title: str,
    due_date: date | None = None,
    priority: int = 3,
    estimate_minutes: int | None = None,
    goal_id: uuid.UUID | None = None,
    notes: str | None = None,
    parent_task_id: uuid.UUID | None = None,
    source_message_id: uuid.UUID | None = None,
) -> Task:
    """A new open task. The goal and parent task must be the person's own (NotFound otherwise)."""
    cleaned = _check_title(title)
    _check_fields(priority, estimate_minutes, due_date)
    if goal_id is not None:
        get_goal(session, user=user, goal_id=goal_id)
    if parent_task_id is not None:
        get_task(session, user=user, task_id=parent_task_id)
    task_id = repo.add_task(
        session,
        user_id=user.id,
        now=now,
        title=cleaned,
        due_date=due_date,
        priority=priority,
        estimate_minutes=estimate_minutes,
        goal_id=goal_id,
        notes=notes,
        parent_task_id=parent_task_id,
        source_message_id=source_message_id,
    )
    if task_id is None:  # this message already added it (a replayed turn): that one
        existing = repo.task_by_source(session, user.id, source_message_id, cleaned) if source_message_id else None
        if existing is None:
            raise Conflict("task.duplicate", key="task.duplicate")
        return existing
    task = repo.get_task(session, user.id, task_id)
    assert task is not None
    if goal_id is not None:
        _rollup(session, user, goal_id, now)
    return task


def get_task(session: Session, *, user: User, task_id: uuid.UUID, lock: bool = False) -> Task:
    """One of the person's tasks (NotFound for anyone else's)."""
    task = repo.get_task(session, user.id, task_id, lock=lock)
    if task is None:
        raise NotFound("task.not_found", key="task.not_found")
    return task


_UNSET: object = object()


def update_task(
    session: Session,
    *,
    user: User,
    now: datetime,
    task_id: uuid.UUID,
    title: str | None = None,
    notes: str | object | None = _UNSET,
    priority: int | None = None,
    due_date: date | object | None = _UNSET,
    estimate_minutes: int | object | None = _UNSET,
    goal_id: uuid.UUID | object | None = _UNSET,
    status: str | None = None,
) -> Task:
    """Change any of a task's fields (unset ones stay); the goals it leaves and joins are rolled up."""
    task = get_task(session, user=user, task_id=task_id, lock=True)
    old_goal = task.goal_id
    if title is not None:
        task.title = _check_title(title)
    if notes is not _UNSET:
        task.notes = notes  # type: ignore[assignment]
    if priority is not None:
        _check_fields(priority, None, None)
        task.priority = priority
    if due_date is not _UNSET:
        _check_fields(None, None, due_date)  # type: ignore[arg-type]
        task.due_date = due_date  # type: ignore[assignment]
    if estimate_minutes is not _UNSET:
        _check_fields(None, estimate_minutes, None)  # type: ignore[arg-type]
        task.estimate_minutes = estimate_minutes  # type: ignore[assignment]
    if goal_id is not _UNSET:
        if goal_id is not None:
            get_goal(session, user=user, goal_id=goal_id)  # type: ignore[arg-type]
        task.goal_id = goal_id  # type: ignore[assignment]
    if status is not None:
        if status not in STATUSES:
            raise InvalidInput("task.bad_status", key="task.bad_status", field="status")
        _set_status(task, status, now)
    task.updated_at = now
    session.flush()
    for goal in {old_goal, task.goal_id} - {None}:
        assert goal is not None
        _rollup(session, user, goal, now)
    return task


def _set_status(task: Task, status: str, now: datetime) -> None:
    task.status = status
    task.completed_at = now if status == "done" else None


def complete_task(session: Session, *, user: User, now: datetime, task_id: uuid.UUID) -> Task:
    """Done. A task already done stays as it was (Conflict says so); a dropped one comes back as done."""
    task = get_task(session, user=user, task_id=task_id, lock=True)
    if task.status == "done":
        raise Conflict("task.already_done", key="task.already_done", title=task.title)
    return _change_status(session, user=user, now=now, task=task, status="done")


def drop_task(session: Session, *, user: User, now: datetime, task_id: uuid.UUID) -> Task:
    """Not doing it after all: it leaves the lists and stops counting towards its goal."""
    task = get_task(session, user=user, task_id=task_id, lock=True)
    if task.status == "dropped":
        raise Conflict("task.already_dropped", key="task.already_dropped", title=task.title)
    return _change_status(session, user=user, now=now, task=task, status="dropped")


def _change_status(session: Session, *, user: User, now: datetime, task: Task, status: str) -> Task:
    _set_status(task, status, now)
    task.updated_at = now
    session.flush()
    if task.goal_id is not None:
        _rollup(session, user, task.goal_id, now)
    return task


def postpone_task(session: Session, *, user: User, now: datetime, task_id: uuid.UUID, until: date) -> Task:
    """A new deadline, today or later, for an open task."""
    task = get_task(session, user=user, task_id=task_id, lock=True)
    if task.status not in OPEN:
        raise Conflict("task.not_open", key="task.not_open", title=task.title)
    if until < today_for(user, now):
        raise InvalidInput("task.due_in_past", key="task.due_in_past", field="until")
    _check_fields(None, None, until)
    task.due_date = until
    task.updated_at = now
    return task


def delete_task(session: Session, *, user: User, now: datetime, task_id: uuid.UUID) -> None:
    """Gone for good (its steps with it); its goal is rolled up again."""
    task = get_task(session, user=user, task_id=task_id, lock=True)
    goal = task.goal_id
    repo.delete_task(session, task)
    session.flush()
    if goal is not None:
        _rollup(session, user, goal, now)


def due_on(session: Session, *, user: User, day: date, limit: int = 10) -> list[Task]:
    """Open tasks due on or before `day` (overdue ones included): shortest first, unknown estimates after,
    then the most urgent. The planner's "what's my day" and "quoi faire aujourd'hui ?" both read this."""
    return repo.due_on(session, user.id, day=day, limit=limit)


def open_tasks(session: Session, *, user: User, urgent_only: bool = False, limit: int = 20) -> list[Task]:
    """Open tasks, soonest deadline first (none last), then most urgent."""
    return repo.open_tasks(session, user.id, max_priority=2 if urgent_only else None, limit=limit)


def count_open(session: Session, *, user: User, due_by: date | None = None) -> int:
    return repo.count_open(session, user.id, due_by=due_by)


def find_tasks(
    session: Session, *, user: User, words: str, statuses: tuple[str, ...] = OPEN, limit: int = 5
) -> list[Task]:
    """Tasks whose title holds the person's words (accents, case and plurals aside), the best match first."""
    wanted = [w for w in _stems(words) if (len(w) > 1 or w.isdigit()) and w not in _COMMON]
    if not wanted:
        return []
    scored = []
    for task in repo.search_tasks(session, user.id, wanted, statuses=statuses):
        have = _stems(task.title)
        hits = sum(1 for w in wanted if any(h.startswith(w) or (w.startswith(h) and len(h) > 2) for h in have))
        if hits:
            scored.append((-hits, task.status not in OPEN, task.due_date or repo.NO_DUE, task))
    return [t for *_, t in sorted(scored, key=lambda x: (x[0], x[1], x[2]))[:limit]]


def clearly_meant(found: list[Task], words: str) -> Task | None:
    """Among several matches, the only one holding all the words (else None: ask which)."""
    if len(found) == 1:
        return found[0]
    wanted = [w for w in _stems(words) if w not in _COMMON]
    full = [t for t in found if all(any(h.startswith(w) for h in _stems(t.title)) for w in wanted)]
    return full[0] if len(full) == 1 else None


def page_tasks(
    session: Session,
    *,
    user: User,
    statuses: tuple[str, ...],
    goal_id: uuid.UUID | None = None,
    due_before: date | None = None,
    sort: Sort = "due",
    descending: bool = False,
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[Task]:
    """A page of the person's tasks (the API's list)."""
    if goal_id is not None:
        get_goal(session, user=user, goal_id=goal_id)
    cursor = _typed(cursor, sort)
    return repo.page_tasks(
        session,
        user.id,
        statuses=statuses,
        goal_id=goal_id,
        due_before=due_before,
        sort=sort,
        descending=descending,
        cursor=cursor,
        limit=limit,
    )


def _typed(cursor: Cursor | None, sort: str) -> Cursor | None:
    """The cursor's value as the sort column's type; a cursor from another sort is refused, not a 500."""
    if cursor is None:
        return None
    value = cursor.value
    try:
        if sort == "due":
            return Cursor(date.fromisoformat(str(value)), cursor.id)
        if sort == "priority" and isinstance(value, int) and not isinstance(value, bool):
            return cursor
        if sort == "created" and isinstance(value, datetime):
            return cursor
    except ValueError:
        pass
    raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")


# --- goals ----------------------------------------------------------------------------------------------------
def create_goal(
    session: Session,
    *,
    user: User,
    now: datetime,
    title: str,
    parent_id: uuid.UUID | None = None,
    description: str | None = None,
    target_date: date | None = None,
) -> UserGoal:
    cleaned = _check_title(title)
    if parent_id is not None:
        get_goal(session, user=user, goal_id=parent_id)
    if target_date is not None and not EARLIEST_DUE <= target_date <= LATEST_DUE:
        raise InvalidInput("goal.bad_date", key="task.bad_due", field="target_date")
    return repo.add_goal(
        session,
        user_id=user.id,
        now=now,
        title=cleaned,
        parent_id=parent_id,
        description=description,
        target_date=target_date,
    )


def get_goal(session: Session, *, user: User, goal_id: uuid.UUID, lock: bool = False) -> UserGoal:
    goal = repo.get_goal(session, user.id, goal_id, lock=lock)
    if goal is None:
        raise NotFound("goal.not_found", key="goal.not_found")
    return goal


def update_goal(
    session: Session,
    *,
    user: User,
    now: datetime,
    goal_id: uuid.UUID,
    title: str | None = None,
    description: str | object | None = _UNSET,
    status: str | None = None,
    target_date: date | object | None = _UNSET,
    parent_id: uuid.UUID | object | None = _UNSET,
) -> UserGoal:
    """Change a goal; a new parent must be the person's and not under the goal itself (no loops)."""
    goal = get_goal(session, user=user, goal_id=goal_id, lock=True)
    old_parent = goal.parent_id
    if title is not None:
        goal.title = _check_title(title)
    if description is not _UNSET:
        goal.description = description  # type: ignore[assignment]
    if status is not None:
        if status not in GOAL_STATUSES:
            raise InvalidInput("goal.bad_status", key="task.bad_status", field="status")
        goal.status = status
    if target_date is not _UNSET:
        if target_date is not None and not EARLIEST_DUE <= target_date <= LATEST_DUE:  # type: ignore[operator]
            raise InvalidInput("goal.bad_date", key="task.bad_due", field="target_date")
        goal.target_date = target_date  # type: ignore[assignment]
    if parent_id is not _UNSET and parent_id != old_parent:
        if parent_id is not None:
            get_goal(session, user=user, goal_id=parent_id)  # type: ignore[arg-type]
            if parent_id in repo.subtree_ids(session, user.id, goal.id):
                raise Conflict("goal.loop", key="goal.loop", field="parent_id")
        goal.parent_id = parent_id  # type: ignore[assignment]
    goal.updated_at = now
    session.flush()
    if goal.parent_id is not None:
        _rollup(session, user, goal.parent_id, now)
    if old_parent is not None and old_parent != goal.parent_id:
        _rollup(session, user, old_parent, now)
    return goal


def delete_goal(session: Session, *, user: User, now: datetime, goal_id: uuid.UUID) -> None:
    """The goal and its sub-goals go; their tasks stay, without a goal."""
    goal = get_goal(session, user=user, goal_id=goal_id, lock=True)
    parent = goal.parent_id
    repo.delete_goal(session, goal)
    session.flush()
    if parent is not None:
        _rollup(session, user, parent, now)


def review_goal(session: Session, *, user: User, now: datetime, goal_id: uuid.UUID) -> UserGoal:
    """Looked at it this week."""
    goal = get_goal(session, user=user, goal_id=goal_id, lock=True)
    goal.last_reviewed_at = now
    goal.updated_at = now
    return goal


def goals_to_review(session: Session, *, user: User, now: datetime, limit: int = 10) -> list[UserGoal]:
    """Active goals not reviewed for a week (or never, once a week old): the longest-forgotten first."""
    return repo.goals_to_review(session, user.id, before=now - REVIEW_EVERY, limit=limit)


def list_goals(
    session: Session, *, user: User, statuses: tuple[str, ...] = ("active",), limit: int = 50
) -> list[UserGoal]:
    return repo.goals(session, user.id, statuses=statuses, limit=limit)


def find_goals(session: Session, *, user: User, words: str, limit: int = 5) -> list[UserGoal]:
    """Goals whose title holds the person's words, the best match first."""
    wanted = [w for w in _stems(words) if (len(w) > 1 or w.isdigit()) and w not in _COMMON]
    scored = []
    for goal in repo.search_goals(session, user.id, wanted):
        have = _stems(goal.title)
        hits = sum(1 for w in wanted if any(h.startswith(w) for h in have))
        if hits:
            scored.append((-hits, goal.status != "active", goal))
    return [g for *_, g in sorted(scored, key=lambda x: (x[0], x[1]))[:limit]]


def page_goals(
    session: Session,
    *,
    user: User,
    now: datetime,
    statuses: tuple[str, ...],
    parent_id: uuid.UUID | None = None,
    top_level: bool = False,
    needs_review: bool = False,
    cursor: Cursor | None = None,
    limit: int = 50,
) -> Page[UserGoal]:
    if parent_id is not None:
        get_goal(session, user=user, goal_id=parent_id)
    if cursor is not None and not isinstance(cursor.value, datetime):
        raise InvalidInput("page.bad_cursor", key="error.bad_cursor", field="cursor")
    return repo.page_goals(
        session,
        user.id,
        statuses=statuses,
        parent_id=parent_id,
        top_level=top_level,
        reviewed_before=now - REVIEW_EVERY if needs_review else None,
        cursor=cursor,
        limit=limit,
    )


def open_counts(session: Session, *, user: User, goal_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    return repo.task_counts_by_goal(session, user.id, goal_ids)


def _rollup(session: Session, user: User, goal_id: uuid.UUID, now: datetime) -> None:
    """Recompute the progress of the goal and of every goal above it: done tasks / counted tasks in each
    subtree, in percent (0 when nothing counts yet)."""
    for ancestor in repo.ancestor_ids(session, user.id, goal_id):
        done, counted = repo.subtree_counts(session, user.id, ancestor)
        repo.set_progress(session, user.id, ancestor, round(100 * done / counted) if counted else 0, now=now)


# --- words ----------------------------------------------------------------------------------------------------
def fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _stems(text: str) -> list[str]:
    """Folded words without plural marks ("papiers" -> "papier", "impôts" -> "impot")."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]
    return [w[:-1] if len(w) > 3 and w[-1] in "sx" and not w.endswith("ss") else w for w in words]


_COMMON = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "au",
        "aux",
        "a",
        "et",
        "ou",
        "en",
        "pour",
        "par",
        "sur",
        "avec",
        "dans",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "the",
        "an",
        "and",
        "or",
        "for",
        "with",
        "to",
        "of",
        "in",
        "on",
        "at",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "it",
        "that",
        "this",
        "tache",
        "tach",
        "task",
        "todo",
        "to-do",
        "goal",
        "objectif",
        "but",
    ]
)

# Priority: 1 (most urgent) .. 5 (whenever). Words a person or a model may use, folded.
PRIORITY_WORDS: dict[str, int] = {
    "urgent": 1,
    "urgente": 1,
    "asap": 1,
    "critical": 1,
    "critique": 1,
    "top": 1,
    "highest": 1,
    "high": 2,
    "haute": 2,
    "haut": 2,
    "elevee": 2,
    "important": 2,
    "importante": 2,
    "prioritaire": 2,
    "normal": 3,
    "normale": 3,
    "medium": 3,
    "moyenne": 3,
    "low": 4,
    "basse": 4,
    "bas": 4,
    "faible": 4,
    "pas urgent": 4,
    "pas urgente": 4,
    "pas presse": 4,
    "not urgent": 4,
    "no rush": 4,
    "lowest": 5,
    "someday": 5,
    "whenever": 5,
    "un de ces jours": 5,
    "quand j'ai le temps": 5,
}


def priority_of(words: str) -> int | None:
    """1..5 from a digit or a word ("urgent", "high", "pas pressé", "low priority"); None when unreadable."""
    folded = " ".join(re.sub(r"[^a-z0-9' ]+", " ", fold(words)).split())
    folded = re.sub(r"\b(?:priority|priorite|prio|p)\b", "", folded).strip()
    if re.fullmatch(r"[1-5]", folded):
        return int(folded)
    if folded in PRIORITY_WORDS:
        return PRIORITY_WORDS[folded]
    for phrase, value in sorted(PRIORITY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", folded):
            return value
    return None


def priority_word(priority: int) -> str:
    """The word the brains use for a priority: high, normal or low."""
    return "high" if priority <= 2 else "low" if priority >= 4 else "normal"


_ESTIMATE = re.compile(
    r"(?P<pre>\(\s*|~\s*|(?:ca|cela|it(?:'ll)?|that)\s+(?:prend(?:ra)?|takes?|will\s+take)\s+(?:environ\s+|about\s+|around\s+)?"
    r"|(?:en|takes?|need(?:s)?|for)\s+(?:environ\s+|about\s+|around\s+)?)"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>h(?:eures?|ours?|rs?)?|min(?:utes?|s)?|mn|m)\b\s*\)?"
)


def estimate_of(text: str) -> tuple[int | None, str]:
    """(minutes, the text without them) for "(15 min)", "ça prend 10 minutes", "takes 1h", "~20 min"."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length: no span mapping, read only
        match = _ESTIMATE.search(folded)
        return (_minutes(match) if match else None), text
    match = _ESTIMATE.search(folded)
    if match is None:
        return None, text
    minutes = _minutes(match)
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,;-")
    return minutes, " ".join(rest.split())


def _minutes(match: re.Match[str]) -> int | None:
    value = float(match.group("n").replace(",", "."))
    minutes = round(value * 60) if match.group("unit").startswith("h") else round(value)
    return minutes if 1 <= minutes <= MAX_ESTIMATE else None


_DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
_TODAY = {"fr": "aujourd'hui", "en": "today"}
_END_OF_WEEK = re.compile(
    r"(?:(?:d'?ici|avant|pour|by|before|until|till|at)\s+)?(?:la\s+|the\s+)?(?:fin\s+(?:de\s+(?:la\s+)?)?semaine|end\s+of\s+(?:the\s+)?week|eow|weekend|week-end|le\s+we)\b"
)
_END_OF_MONTH = re.compile(
    r"(?:(?:d'?ici|avant|pour|by|before|until|till|at)\s+)?(?:la\s+|the\s+)?(?:fin\s+(?:du\s+)?mois|end\s+of\s+(?:the\s+)?month|eom)\b"
)
_THIS_WEEK = re.compile(r"\b(?:cette\s+semaine|this\s+week|semaine|week)\b")
_LEADING = re.compile(r"^(?:(?:d'?ici|avant|pour|pr|by|before|until|till|til|due|on|d'ici\s+a|jusqu'?a|a|au|to)\s+)+")


def deadline_words(words: str, *, said: datetime, lang: Literal["fr", "en"]) -> str:
    """Deadline words as words the time parser reads (docs/words.md, "Deadlines"): "avant vendredi" / "by friday"
    -> "vendredi" / "friday"; "d'ici la fin de la semaine" / "by end of week" -> this week's Sunday; "avant la
    fin du mois" -> the month's last day; "before the 20th" -> "the 20th"."""
    folded = " ".join(fold(words).split())
    today = said.date()
    if _END_OF_WEEK.search(folded) or _THIS_WEEK.fullmatch(folded):
        sunday = today + timedelta(days=6 - today.weekday())
        return _day_words(sunday, today, lang)
    if _END_OF_MONTH.search(folded):
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        return _day_words(last, today, lang)
    stripped = _LEADING.sub("", folded).strip()
    bare = re.fullmatch(r"(?:le\s+|the\s+)?(\d{1,2})(?:er|st|nd|rd|th|e)?", stripped)
    if bare is not None and 1 <= int(bare.group(1)) <= 31:
        return f"le {int(bare.group(1))}" if lang == "fr" else f"the {_ordinal(int(bare.group(1)))}"
    return stripped or folded


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day_words(day: date, today: date, lang: Literal["fr", "en"]) -> str:
    if day == today:
        return _TODAY[lang]
    if (day - today).days < 7:
        return _DAYS[lang][day.weekday()]
    return f"le {day.day}" if lang == "fr" else f"the {_ordinal(day.day)}"


def due_of(words: str, *, said: datetime, lang: Literal["fr", "en"]) -> date | None:
    """The deadline's date in the person's zone, or None when the words hold no date."""
    from shared.agent.when import resolve

    text = words.strip()
    if not text:
        return None
    for candidate in (deadline_words(text, said=said, lang=lang), text):
        found = resolve(candidate, said=said, lang=lang)
        if found is not None and not found.rest.strip():
            return found.at.date()
    found = resolve(deadline_words(text, said=said, lang=lang), said=said, lang=lang)
    return found.at.date() if found is not None else None
