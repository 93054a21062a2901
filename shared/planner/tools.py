"""The planner slice's tools for both brains, each a thin handler over `service`: the plan of a day, first
steps for a chore, and those steps made into tasks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.agent.when import resolve
from shared.i18n.messages import t
from shared.messaging.segments import MAX_SEGMENTS, count_segments
from shared.planner import service


class PlanDay(BaseModel):
    day: str = Field(
        "", max_length=100, description="the day in the person's words ('demain', 'friday', '2026-03-12'); empty: today"
    )


class BreakDown(BaseModel):
    task: str = Field("", max_length=300, description="the chore to split, in the person's words ('ranger le garage')")


def day_of(words: str, ctx: ToolContext) -> date | None:
    """The day meant: today when no words, an ISO date, or the person's words resolved by the time parser."""
    words = words.strip()
    if not words:
        return ctx.said.date()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
        try:
            return date.fromisoformat(words)
        except ValueError:
            return None
    found = resolve(words, said=ctx.said, lang=ctx.lang)
    return found.at.date() if found is not None else None


def _about(plan: service.Plan) -> dict[str, Any]:
    return {
        "day": plan.day.isoformat(),
        "events": [{"id": str(e.id), "title": e.title, "starts_at": e.starts_at.isoformat()} for e in plan.events],
        "tasks": [{"id": str(x.id), "title": x.title, "due_date": str(x.due_date)} for x in plan.tasks],
        "reminders": [{"id": str(r.id), "text": r.text, "due_at": r.due_at.isoformat()} for r in plan.reminders],
    }


def plan_day(ctx: ToolContext, args: PlanDay) -> ToolResult:
    day = day_of(args.day, ctx)
    if day is None:
        raise NeedsAnswer(t("plan.ask_day", ctx.lang), missing="day")
    plan = service.build(ctx.session, user=ctx.user, now=ctx.now, day=day, lang=ctx.lang)
    refs = [*(e.id for e in plan.events), *(x.id for x in plan.tasks), *(r.id for r in plan.reminders)]
    return ToolResult(say=plan.text, data=_about(plan), refs=refs)


def break_down(ctx: ToolContext, args: BreakDown) -> ToolResult:
    if not args.task.strip():
        raise NeedsAnswer(t("plan.ask_task", ctx.lang), missing="task")
    steps = service.steps_for(args.task, lang=ctx.lang)
    say = service.break_down_text(args.task, lang=ctx.lang)
    if steps is not None:
        offer = f"{say}\n{t('plan.steps_offer', ctx.lang)}"
        say = offer if count_segments(offer) <= MAX_SEGMENTS else say
    return ToolResult(say=say, data={"task": args.task.strip(), "steps": steps or []})


def add_steps(ctx: ToolContext, args: BreakDown) -> ToolResult:
    if not args.task.strip():
        raise NeedsAnswer(t("plan.ask_task", ctx.lang), missing="task")
    made = service.add_steps(ctx.session, user=ctx.user, now=ctx.now, task=args.task, lang=ctx.lang)
    if made is None:
        return ToolResult(say=t("plan.no_steps", ctx.lang), data={"task": args.task.strip(), "tasks": []})
    parent, steps = made
    say = t("plan.steps_added", ctx.lang, n=len(steps), task=parent.title, first=steps[0].title)
    return ToolResult(
        say=say,
        data={"task": parent.title, "tasks": [{"id": str(s.id), "title": s.title} for s in steps]},
        refs=[s.id for s in steps],
    )


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="plan_day",
            description={
                "en": "A short plan for one day from the person's events, tasks due and reminders (today by default).",
                "fr": "Un court programme d'une journée à partir des rendez-vous, tâches dues et rappels (aujourd'hui "
                "par défaut).",
            },
            args=PlanDay,
            handler=plan_day,
            writes=False,
            domain="planner",
            examples={
                "fr": ("qu'est-ce que j'ai aujourd'hui ?", "et demain ?"),
                "en": ("what's my day?", "plan for friday"),
            },
        )
    )
    tools.add(
        Tool(
            name="break_down",
            description={
                "en": "Split a chore into 3 to 7 small, concrete first steps.",
                "fr": "Découper une corvée en 3 à 7 petites étapes concrètes.",
            },
            args=BreakDown,
            handler=break_down,
            writes=False,
            domain="planner",
            asks={"task": "plan.ask_task"},
            examples={
                "fr": ("décompose : ranger le garage",),
                "en": ("break down: clean the garage",),
            },
        )
    )
    tools.add(
        Tool(
            name="add_steps",
            description={
                "en": "Add a chore and its small first steps (as from break_down) to the person's tasks.",
                "fr": "Ajouter une corvée et ses petites étapes (celles de break_down) aux tâches de la personne.",
            },
            args=BreakDown,
            handler=add_steps,
            writes=True,
            domain="planner",
            asks={"task": "plan.ask_task"},
            examples={"fr": ("ajoute les étapes",), "en": ("add the steps",)},
        )
    )
