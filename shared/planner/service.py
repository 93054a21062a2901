"""The planner: a short plan for one day ("what's my day", "et demain ?", the morning plan) built only from
what the store holds (events, tasks due, reminders), and first steps for a chore ("décompose : ranger le
garage") from offline templates. Keyword-only `session`, `user`, `now` (UTC, the app's clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.errors import InvalidInput
from shared.i18n.format import format_clock, format_when
from shared.i18n.messages import t
from shared.messaging.segments import MAX_SEGMENTS, count_segments
from shared.planner import templates
from shared.users.models import User

Lang = Literal["fr", "en"]
MAX_AHEAD = timedelta(days=366)
MAX_TASKS = 10
LINE_CHARS = 60  # a title longer than this is shortened in the plan


@dataclass(frozen=True)
class Plan:
    """One day's plan: what it is made of (from the store) and its SMS text."""

    day: date
    timezone: str
    events: list[Any]  # shared.calendar.models.Event, by start
    tasks: list[Any]  # shared.tasks.models.Task, open and due on or before the day
    reminders: list[Any]  # shared.reminders.models.Reminder, pending, due that day
    text: str


def local_day(user: User, now: datetime) -> date:
    """Today in the person's time zone."""
    return now.astimezone(ZoneInfo(user.timezone)).date()


def build(session: Session, *, user: User, now: datetime, day: date, lang: Lang | None = None) -> Plan:
    """The plan for `day` (the person's local day): events, then reminders, merged by time, then tasks due;
    on today, events already over are left out."""
    from shared.calendar import service as calendar
    from shared.reminders import service as reminders
    from shared.tasks import service as tasks

    zone = ZoneInfo(user.timezone)
    today = local_day(user, now)
    if abs(day - today) > MAX_AHEAD:
        raise InvalidInput("plan.bad_day", key="plan.bad_day", field="day")
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    events = calendar.on_day(session, user=user, day=day)
    if day == today:
        events = [e for e in events if e.all_day or (e.ends_at or e.starts_at) > now]
    due = tasks.due_on(session, user=user, day=day, limit=MAX_TASKS)
    rings = reminders.between(
        session, user=user, start=start.astimezone(ZoneInfo("UTC")), end=end.astimezone(ZoneInfo("UTC"))
    )
    language: Lang = lang or ("en" if user.language == "en" else "fr")
    text = _text(language, zone=zone, now=now, day=day, events=events, tasks=due, reminders=rings)
    return Plan(day=day, timezone=user.timezone, events=events, tasks=due, reminders=rings, text=text)


def plan_for(session: Session, *, user: User, now: datetime, day: date) -> str:
    """The SMS text of the plan for `day`, in the person's language (the morning plan sends it)."""
    return build(session, user=user, now=now, day=day).text


def day_words(day: date, *, now: datetime, zone: ZoneInfo, lang: Lang) -> str:
    """ "aujourd'hui", "demain", "jeudi 12 mars" / "today", "tomorrow", "Thursday, March 12"."""
    today = now.astimezone(zone).date()
    if day == today:
        return t("plan.today", lang)
    if day == today + timedelta(days=1):
        return t("plan.tomorrow", lang)
    noon = datetime.combine(day, time(12), zone)
    said = format_when(noon, now=now.astimezone(zone), lang=lang)
    return said.rsplit(" à " if lang == "fr" else " at ", 1)[0]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 3].rstrip() + "..."


def _lines(
    lang: Lang, *, zone: ZoneInfo, day: date, events: list[Any], tasks: list[Any], reminders: list[Any]
) -> list[str]:
    """The plan's lines, the most important first: what has a time (events and reminders, by time; all-day
    events first), then the tasks due (in the tasks service's order)."""
    timed: list[tuple[datetime, int, str]] = []
    for e in events:
        if e.all_day:
            timed.append((datetime.min.replace(tzinfo=zone), 0, f"{t('plan.all_day', lang)} : {_short(e.title)}"))
            continue
        at = e.starts_at.astimezone(zone)
        if at.date() < day:  # began on an earlier day: all day, or until its end
            ends = e.ends_at.astimezone(zone) if e.ends_at is not None else None
            label = (
                t("plan.until", lang, clock=format_clock(ends, lang=lang))
                if ends is not None and ends.date() == day
                else t("plan.all_day", lang)
            )
            timed.append((datetime.min.replace(tzinfo=zone), 0, f"{label} : {_short(e.title)}"))
            continue
        clock = format_clock(at, lang=lang)
        if e.ends_at is not None and e.ends_at.astimezone(zone).date() == at.date() and e.ends_at > e.starts_at:
            clock += "-" + format_clock(e.ends_at.astimezone(zone), lang=lang)
        place = f" ({_short(e.location)})" if e.location else ""
        timed.append((at, 1, f"{clock} {_short(e.title)}{place}"))
    for r in reminders:
        at = r.due_at.astimezone(zone)
        what = t("plan.reminder", lang, what=_short(r.text)) if r.text.strip() else t("plan.reminder_bare", lang)
        timed.append((at, 2, f"{format_clock(at, lang=lang)} {what}"))
    lines = [line for _, _, line in sorted(timed, key=lambda x: (x[0], x[1]))]
    for task in tasks:
        late = task.due_date is not None and task.due_date < day
        lines.append(t("plan.task_late" if late else "plan.task", lang, title=_short(task.title)))
    return lines


def _text(
    lang: Lang,
    *,
    zone: ZoneInfo,
    now: datetime,
    day: date,
    events: list[Any],
    tasks: list[Any],
    reminders: list[Any],
) -> str:
    when = day_words(day, now=now, zone=zone, lang=lang)
    lines = _lines(lang, zone=zone, day=day, events=events, tasks=tasks, reminders=reminders)
    if not lines:
        return t("plan.empty", lang, day=when)
    header = t("plan.header", lang, day=when)
    kept = list(lines)
    while kept:  # whole lines only: the least important go first, and the plan says how many
        left = len(lines) - len(kept)
        text = "\n".join([header, *kept, *([t("plan.more", lang, n=left)] if left else [])])
        if count_segments(text) <= MAX_SEGMENTS:
            return text
        kept.pop()
    return "\n".join([header, t("plan.more", lang, n=len(lines))])


# --- first steps ----------------------------------------------------------------------------------------------
def steps_for(task: str, *, lang: Lang) -> list[str] | None:
    """3 to 7 small first steps for a common chore, or None when no template fits."""
    template = templates.match(task)
    return list(template.steps[lang]) if template is not None else None


def break_down_text(task: str, *, lang: Lang) -> str:
    """The SMS for "décompose : …": numbered steps, or a plain "I don't know how to split that one"."""
    steps = steps_for(task, lang=lang)
    if steps is None:
        return t("plan.no_steps", lang)
    name = _short(task.strip()) or task
    lines = [t("plan.steps", lang, task=name), *(f"{i}. {step}" for i, step in enumerate(steps, 1))]
    return "\n".join(lines)


def add_steps(session: Session, *, user: User, now: datetime, task: str, lang: Lang) -> tuple[Any, list[Any]] | None:
    """The chore as a task and its first steps as sub-tasks, in order (None when no template fits)."""
    from shared.tasks import service as tasks

    steps = steps_for(task, lang=lang)
    if steps is None:
        return None
    parent = tasks.create_task(session, user=user, now=now, title=task.strip())
    children = [tasks.create_task(session, user=user, now=now, title=step, parent_task_id=parent.id) for step in steps]
    return parent, children
