"""The tasks slice's tools for both brains, each a thin handler over `service`. Dates come as the person's
own words ("pour mercredi", "by the 3rd", "d'ici la fin de la semaine") and are read by the service's
deadline words and the project's time parser; a date that cannot be read gets a question, never a guess."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.errors import NotFound
from shared.i18n.format import _EN_DAYS, _EN_MONTHS, _FR_DAYS, _FR_MONTHS
from shared.i18n.messages import t
from shared.messaging.segments import fit, fit_field
from shared.tasks import service
from shared.tasks.models import Task, UserGoal

SHOWN = 5  # lines in one SMS
TITLE_CHARS = 42

ABOUT_DOC = "words naming the task, as the person wrote them (e.g. 'garage', 'les impôts')"


class AddTask(BaseModel):
    title: str = Field("", max_length=500, description="the task in the person's words, without the deadline")
    due: str = Field(
        "", max_length=200, description="the deadline in the person's words ('pour mercredi', 'by the 3rd')"
    )
    priority: str = Field(
        "", max_length=40, description="'urgent', 'high', 'normal', 'low' or 1 (most urgent) to 5; empty if not said"
    )
    estimate_minutes: int | None = Field(None, ge=1, le=1440, description="how long it takes, if said ('15 min')")
    goal: str = Field("", max_length=200, description="words naming the goal this task supports, if said")


class TaskTarget(BaseModel):
    about: str = Field("", max_length=200, description=ABOUT_DOC)
    task_id: uuid.UUID | None = Field(None, description="the task's id when known from the context")


class PostponeTask(TaskTarget):
    until: str = Field("", max_length=200, description="the new deadline in the person's words ('samedi')")


class ListTasks(BaseModel):
    when: str = Field(
        "", max_length=100, description="'today', 'tomorrow', 'this week', a day in words; empty for all open tasks"
    )
    only: str = Field("", max_length=20, description="'urgent' or 'overdue' to narrow the list")


class AddGoal(BaseModel):
    title: str = Field("", max_length=500, description="the goal in the person's words")
    parent: str = Field("", max_length=200, description="words naming the bigger goal it belongs to, if said")


class ListGoals(BaseModel):
    pass


def day_text(day: date, today: date, lang: str) -> str:
    """ "aujourd'hui", "demain", "vendredi 13 mars" / "today", "tomorrow", "Friday, March 13"."""
    if day == today:
        return t("task.when_today", lang)
    if day == today + timedelta(days=1):
        return t("task.when_tomorrow", lang)
    year = day.year != today.year
    if lang == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{_FR_DAYS[day.weekday()]} {number} {_FR_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{_EN_DAYS[day.weekday()]}, {_EN_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if year else "")


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 3].rstrip() + "..."


def _about(task: Task) -> dict[str, object]:
    return {
        "id": str(task.id),
        "title": task.title,
        "status": task.status,
        "priority": task.priority,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "estimate_minutes": task.estimate_minutes,
        "goal_id": str(task.goal_id) if task.goal_id else None,
    }


def _today(ctx: ToolContext) -> date:
    return ctx.said.date()


def add_task(ctx: ToolContext, args: AddTask) -> ToolResult:
    minutes, title = service.estimate_of(args.title)
    title = title.strip(" :,-")
    if not title:
        raise NeedsAnswer(t("task.ask_title", ctx.lang), missing="title")
    due = None
    if args.due.strip():
        due = service.due_of(args.due, said=ctx.said, lang=ctx.lang)
        if due is None:
            raise NeedsAnswer(fit_field(lambda w: t("task.ask_due", ctx.lang, title=w), title), missing="due")
    priority = 3
    if args.priority.strip():
        priority = service.priority_of(args.priority) or 3
    goal = _goal(ctx, args.goal) if args.goal.strip() else None
    task = service.create_task(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        title=title,
        due_date=due,
        priority=priority,
        estimate_minutes=args.estimate_minutes or minutes,
        goal_id=goal.id if goal else None,
        source_message_id=ctx.message_id,
    )
    extra = ""
    if task.due_date:
        extra += t("task.due_part", ctx.lang, day=day_text(task.due_date, _today(ctx), ctx.lang))
    if task.estimate_minutes:
        extra += t("task.estimate_part", ctx.lang, minutes=task.estimate_minutes)
    if task.priority <= 2:
        extra += t("task.priority_high", ctx.lang)
    elif task.priority >= 4:
        extra += t("task.priority_low", ctx.lang)
    if goal is not None:
        extra += t("task.goal_part", ctx.lang, goal=_short(goal.title))
    say = fit_field(lambda w: t("task.added", ctx.lang, title=w, extra=extra), task.title)
    return ToolResult(say=say, data=_about(task), refs=[task.id])


def _goal(ctx: ToolContext, words: str) -> UserGoal:
    found = service.find_goals(ctx.session, user=ctx.user, words=words)
    if not found:
        raise NotFound("goal.not_found", key="goal.none_about", about=_short(words.strip()))
    return found[0]


def _target(ctx: ToolContext, args: TaskTarget, *, statuses: tuple[str, ...] = service.OPEN) -> Task:
    """The task meant: by id, else by the person's words; several make a numbered question, none a NotFound."""
    if args.task_id is not None:
        return service.get_task(ctx.session, user=ctx.user, task_id=args.task_id)
    if not args.about.strip():
        raise NeedsAnswer(t("task.ask_which", ctx.lang), missing="about")
    found = service.find_tasks(ctx.session, user=ctx.user, words=args.about, statuses=statuses)
    if not found:
        raise NotFound("task.not_found", key="task.none_about", about=_short(args.about.strip()))
    chosen = service.clearly_meant(found, args.about)
    if chosen is None:
        options = "\n".join(f"{i}. {_short(task.title)}" for i, task in enumerate(found[:4], 1))
        raise NeedsAnswer(
            t("task.ask_which_of", ctx.lang) + "\n" + options, missing="task_id", options=[x.id for x in found[:4]]
        )
    return chosen


def complete_task(ctx: ToolContext, args: TaskTarget) -> ToolResult:
    task = _target(ctx, args)
    service.complete_task(ctx.session, user=ctx.user, now=ctx.now, task_id=task.id)
    if task.goal_id is not None:
        goal = service.get_goal(ctx.session, user=ctx.user, goal_id=task.goal_id)
        ctx.session.refresh(goal)
        say = fit_field(
            lambda w: t("task.done_goal", ctx.lang, title=w, goal=_short(goal.title), progress=goal.progress),
            task.title,
        )
    else:
        say = fit_field(lambda w: t("task.done", ctx.lang, title=w), task.title)
    return ToolResult(say=say, data=_about(task), refs=[task.id])


def drop_task(ctx: ToolContext, args: TaskTarget) -> ToolResult:
    task = _target(ctx, args)
    service.drop_task(ctx.session, user=ctx.user, now=ctx.now, task_id=task.id)
    say = fit_field(lambda w: t("task.dropped", ctx.lang, title=w), task.title)
    return ToolResult(say=say, data=_about(task), refs=[task.id])


def postpone_task(ctx: ToolContext, args: PostponeTask) -> ToolResult:
    try:
        task = _target(ctx, args)
    except NotFound:
        from shared.reminders import service as reminders

        words = args.about.strip()
        if not words or not reminders.find(ctx.session, user=ctx.user, now=ctx.now, words=words):
            raise
        # no task by these words but a reminder ("repousse le linge à demain" when the laundry is a reminder)
        from shared.reminders import tools as reminder_tools

        move = reminder_tools.MoveReminder.model_validate({"about": words, "when": args.until})
        return reminder_tools.move_reminder(ctx, move)
    until = service.due_of(args.until, said=ctx.said, lang=ctx.lang) if args.until.strip() else None
    if until is None:
        raise NeedsAnswer(t("task.ask_until", ctx.lang), missing="until")
    service.postpone_task(ctx.session, user=ctx.user, now=ctx.now, task_id=task.id, until=until)
    day = day_text(until, _today(ctx), ctx.lang)
    say = fit_field(lambda w: t("task.postponed", ctx.lang, title=w, day=day), task.title)
    return ToolResult(say=say, data=_about(task), refs=[task.id])


def _line(task: Task, today: date, lang: str, *, show_due: bool) -> str:
    parts = [f"- {_short(task.title)}"]
    if task.estimate_minutes:
        parts.append(f"({task.estimate_minutes} min)")
    if task.due_date is not None and task.due_date < today:
        parts[-1] += ","
        parts.append(t("task.overdue", lang))
    elif show_due and task.due_date is not None:
        parts[-1] += ","
        parts.append(t("task.line_due", lang, day=day_text(task.due_date, today, lang)))
    return " ".join(parts)


def _horizon(ctx: ToolContext, args: ListTasks) -> tuple[date | None, str]:
    """(the last day the list covers, its kind) from the person's words; (None, "all") for every open task."""
    from shared.tasks.service import fold

    today = _today(ctx)
    words = fold(f"{args.when} {args.only}")
    if any(w in words for w in ("overdue", "retard", "late")):
        return today - timedelta(days=1), "overdue"
    if any(w in words for w in ("week", "semaine")):
        return today + timedelta(days=6 - today.weekday()), "week"
    if not args.when.strip():
        return None, "all"
    day = service.due_of(args.when, said=ctx.said, lang=ctx.lang)
    if day is None or day < today:
        return (today, "today") if day is not None else (None, "all")
    kind = "today" if day == today else "tomorrow" if day == today + timedelta(days=1) else "by"
    return day, kind


def list_tasks(ctx: ToolContext, args: ListTasks) -> ToolResult:
    today = _today(ctx)
    urgent = "urgent" in args.only.lower() or service.priority_of(args.only or "-") in (1, 2)
    horizon, kind = _horizon(ctx, args)
    if horizon is None:
        found = service.open_tasks(ctx.session, user=ctx.user, urgent_only=urgent, limit=SHOWN + 1)
        if not found:
            return ToolResult(say=t("task.none_urgent" if urgent else "task.none", ctx.lang), data={"tasks": []})
        total = len(found) if len(found) <= SHOWN else service.count_open(ctx.session, user=ctx.user)
        header = t("task.list_urgent" if urgent else "task.list", ctx.lang, n=total)
        lines = [_line(x, today, ctx.lang, show_due=True) for x in found[:SHOWN]]
    else:
        found = service.due_on(ctx.session, user=ctx.user, day=horizon, limit=SHOWN + 1)
        day = day_text(horizon, today, ctx.lang)
        if not found:
            when = t("task.when_by", ctx.lang, day=day) if kind == "by" else t(f"task.when_{kind}", ctx.lang)
            others = service.count_open(ctx.session, user=ctx.user)
            key = "task.none_due" if others else "task.none_due_at_all"
            return ToolResult(say=t(key, ctx.lang, when=when, n=others), data={"tasks": []})
        total = len(found) if len(found) <= SHOWN else service.count_open(ctx.session, user=ctx.user, due_by=horizon)
        when = t("task.header_by", ctx.lang, day=day) if kind == "by" else t(f"task.header_{kind}", ctx.lang)
        header = t("task.list_due", ctx.lang, when=when, n=total)
        lines = [_line(x, today, ctx.lang, show_due=kind in ("week", "by")) for x in found[:SHOWN]]
    if total > SHOWN:
        lines.append(t("task.more", ctx.lang, n=total - SHOWN))
    say = fit("\n".join([header, *lines]))
    return ToolResult(say=say, data={"tasks": [_about(x) for x in found[:SHOWN]]}, refs=[x.id for x in found[:SHOWN]])


def add_goal(ctx: ToolContext, args: AddGoal) -> ToolResult:
    title = args.title.strip(" :,-")
    if not title:
        raise NeedsAnswer(t("goal.ask_title", ctx.lang), missing="title")
    parent = None
    created_parent = False
    if args.parent.strip():
        found = service.find_goals(ctx.session, user=ctx.user, words=args.parent)
        if found:
            parent = found[0]
        else:  # "sous-objectif de « être en forme »" before that goal exists: both are written down
            parent = service.create_goal(ctx.session, user=ctx.user, now=ctx.now, title=args.parent.strip(" '\"«»“”"))
            created_parent = True
    goal = service.create_goal(
        ctx.session, user=ctx.user, now=ctx.now, title=title, parent_id=parent.id if parent else None
    )
    if parent is None:
        say = fit_field(lambda w: t("goal.added", ctx.lang, title=w), goal.title)
    else:
        key = "goal.added_with_parent" if created_parent else "goal.added_under"
        say = fit_field(lambda w: t(key, ctx.lang, title=w, parent=_short(parent.title)), goal.title)
    data = {"id": str(goal.id), "title": goal.title, "parent_id": str(parent.id) if parent else None}
    return ToolResult(say=say, data=data, refs=[goal.id])


def _goal_line(goal: UserGoal, lang: str) -> str:
    return (
        f"- {_short(goal.title)} : {goal.progress} %" if lang == "fr" else f"- {_short(goal.title)}: {goal.progress}%"
    )


def list_goals(ctx: ToolContext, args: ListGoals) -> ToolResult:
    goals = service.list_goals(ctx.session, user=ctx.user, limit=SHOWN + 1)
    if not goals:
        return ToolResult(say=t("goal.none", ctx.lang), data={"goals": []})
    lines = [t("goal.list", ctx.lang), *(_goal_line(g, ctx.lang) for g in goals[:SHOWN])]
    if len(goals) > SHOWN:
        lines.append(t("task.more", ctx.lang, n=len(goals) - SHOWN))
    data = {"goals": [{"id": str(g.id), "title": g.title, "progress": g.progress} for g in goals[:SHOWN]]}
    return ToolResult(say=fit("\n".join(lines)), data=data)


def review_goals(ctx: ToolContext, args: ListGoals) -> ToolResult:
    """The weekly review: the goals not looked at for a week, with their progress; they count as reviewed."""
    goals = service.goals_to_review(ctx.session, user=ctx.user, now=ctx.now, limit=SHOWN)
    if not goals:
        return ToolResult(say=t("goal.review_none", ctx.lang), data={"goals": []})
    for goal in goals:
        service.review_goal(ctx.session, user=ctx.user, now=ctx.now, goal_id=goal.id)
    lines = [t("goal.review", ctx.lang, n=len(goals)), *(_goal_line(g, ctx.lang) for g in goals)]
    data = {"goals": [{"id": str(g.id), "title": g.title, "progress": g.progress} for g in goals]}
    return ToolResult(say=fit("\n".join(lines)), data=data)


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_task",
            description={
                "en": "Add a task to the person's to-do list, with its deadline, priority and estimate if said.",
                "fr": "Ajouter une tâche à la liste de la personne, avec échéance, priorité et durée si dites.",
            },
            args=AddTask,
            handler=add_task,
            writes=True,
            domain="tasks",
            asks={"title": "task.ask_title"},
            examples={
                "fr": ("tâche : ranger le garage pour samedi", "à faire : appeler l'assurance, urgent (10 min)"),
                "en": ("todo: do my taxes by friday", "task: call the vet, low priority"),
            },
        )
    )
    tools.add(
        Tool(
            name="complete_task",
            description={"en": "Mark a task as done.", "fr": "Marquer une tâche comme faite."},
            args=TaskTarget,
            handler=complete_task,
            writes=True,
            domain="tasks",
            examples={"fr": ("j'ai fini le garage",), "en": ("done with taxes",)},
        )
    )
    tools.add(
        Tool(
            name="postpone_task",
            description={"en": "Give a task a later deadline.", "fr": "Repousser l'échéance d'une tâche."},
            args=PostponeTask,
            handler=postpone_task,
            writes=True,
            domain="tasks",
            examples={"fr": ("reporte le garage à samedi",), "en": ("push the taxes task to monday",)},
        )
    )
    tools.add(
        Tool(
            name="drop_task",
            description={
                "en": "Drop a task the person will not do after all.",
                "fr": "Retirer une tâche que la personne ne fera finalement pas.",
            },
            args=TaskTarget,
            handler=drop_task,
            writes=True,
            domain="tasks",
            examples={"fr": ("laisse tomber la tâche garage",), "en": ("forget the garage task",)},
        )
    )
    tools.add(
        Tool(
            name="list_tasks",
            description={
                "en": "List open tasks, or what is due by a day (today, tomorrow, this week), quickest first.",
                "fr": "Lister les tâches en cours, ou ce qui est dû d'ici un jour (aujourd'hui, demain, cette "
                "semaine), les plus courtes d'abord.",
            },
            args=ListTasks,
            handler=list_tasks,
            writes=False,
            domain="tasks",
            examples={"fr": ("quoi faire aujourd'hui ?", "mes tâches"), "en": ("what should I do today", "my tasks")},
        )
    )
    tools.add(
        Tool(
            name="add_goal",
            description={
                "en": "Add a goal, optionally under a bigger goal.",
                "fr": "Ajouter un objectif, éventuellement sous un objectif plus large.",
            },
            args=AddGoal,
            handler=add_goal,
            writes=True,
            domain="tasks",
            asks={"title": "goal.ask_title"},
            examples={"fr": ("objectif : courir un semi",), "en": ("goal: learn spanish",)},
        )
    )
    tools.add(
        Tool(
            name="list_goals",
            description={
                "en": "List the person's goals and their progress.",
                "fr": "Lister les objectifs et leur avancement.",
            },
            args=ListGoals,
            handler=list_goals,
            writes=False,
            domain="tasks",
            examples={"fr": ("mes objectifs",), "en": ("my goals",)},
        )
    )
    tools.add(
        Tool(
            name="review_goals",
            description={
                "en": "Weekly review: show the goals not reviewed for a week, with progress, and mark them reviewed.",
                "fr": "Revue de la semaine : les objectifs pas revus depuis une semaine, avec leur avancement, "
                "marqués comme revus.",
            },
            args=ListGoals,
            handler=review_goals,
            writes=True,
            domain="tasks",
            examples={"fr": ("revue de mes objectifs",), "en": ("weekly review",)},
        )
    )
