"""Reminder tools for both brains: each declared once, each a thin handler over `service`. Times come as
the person's own words and are resolved by the project's time parser (shared/agent/when.py)."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.agent.when import resolve, resolve_later, time_only
from shared.errors import NotFound
from shared.i18n.format import format_when
from shared.i18n.messages import t
from shared.messaging.segments import fit_field
from shared.reminders import service
from shared.reminders.models import Reminder

WHEN_DOC = "the time in the person's own words, as written (e.g. 'demain à 9h', 'in 20 min', 'every monday at 8')"
WHICH_DOC = "words naming the reminder (e.g. 'la banque'); leave empty for the one just set or just rung"
ID_DOC = "the reminder's id when known from the context"


class CreateReminder(BaseModel):
    what: str = Field("", max_length=1600, description="what to remind, in the person's words, without the time")
    when: str = Field("", max_length=300, description=WHEN_DOC)


class ListReminders(BaseModel):
    about: str = Field("", max_length=200, description="words to look for; empty for all upcoming reminders")


class Target(BaseModel):
    about: str = Field("", max_length=200, description=WHICH_DOC)
    reminder_id: uuid.UUID | None = Field(None, description=ID_DOC)


class SnoozeReminder(Target):
    until: str = Field("", max_length=100, description="when to ring again, in the person's words ('+10', 'plus tard')")


class MoveReminder(Target):
    when: str = Field("", max_length=300, description=WHEN_DOC)


def _what(reminder: Reminder, lang: str) -> str:
    return reminder.text or ("te faire signe" if lang == "fr" else "check in")


def _when_text(ctx: ToolContext, at: object) -> str:
    from datetime import datetime

    assert isinstance(at, datetime)
    zone = ZoneInfo(ctx.user.timezone)
    return format_when(at.astimezone(zone), now=ctx.now.astimezone(zone), lang=ctx.lang)


def _about(reminder: Reminder) -> dict[str, object]:
    return {"id": str(reminder.id), "text": reminder.text, "due_at": reminder.due_at.isoformat()}


def create_reminder(ctx: ToolContext, args: CreateReminder) -> ToolResult:
    when = resolve(args.when, said=ctx.said, lang=ctx.lang) if args.when.strip() else None
    what = args.what.strip() or (when.rest if when else "")
    if when is None:
        if not what:
            raise NeedsAnswer(t("reminder.ask_what_when", ctx.lang), missing="when")
        raise NeedsAnswer(t("reminder.ask_when", ctx.lang, what=what), missing="when")
    reminder = service.create(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        text=what,
        due_at=when.at.astimezone(ZoneInfo("UTC")),
        rrule=when.rule,
        language=ctx.lang,
        source_message_id=ctx.message_id,
        said_at=ctx.said,
        # "à 23h" rings at 23:00 even in quiet hours; "dans 2 h" landing in them waits for their end.
        explicit_time=service.explicit_words(args.when, said=ctx.said, lang=ctx.lang),
    )
    first = _when_text(ctx, reminder.due_at)
    if when.every:
        shown = what or ("te faire signe" if ctx.lang == "fr" else "check in")
        say = fit_field(
            lambda w: t("reminder.confirm_recurring", ctx.lang, every=when.every, what=w, first=first), shown
        )
    elif not what:
        say = t("reminder.confirm_bare", ctx.lang, when=first)
    else:
        say = fit_field(lambda w: t("reminder.confirm", ctx.lang, when=first, what=w), what)
    return ToolResult(say=say, data=_about(reminder) | {"every": when.every}, refs=[reminder.id])


def list_reminders(ctx: ToolContext, args: ListReminders) -> ToolResult:
    if args.about.strip():
        found = service.find(ctx.session, user=ctx.user, now=ctx.now, words=args.about)
        found = [r for r in found if r.status == "pending"]
    else:
        found = service.upcoming(ctx.session, user=ctx.user, now=ctx.now, limit=5)
    if not found:
        key = "reminder.none_about" if args.about.strip() else "reminder.none"
        return ToolResult(say=t(key, ctx.lang, about=args.about.strip()), data={"reminders": []})
    lines = [f"{_when_text(ctx, r.due_at)} : {_what(r, ctx.lang)}" for r in found[:5]]
    say = t("reminder.list", ctx.lang, n=len(found)) + "\n" + "\n".join(lines)
    return ToolResult(say=say, data={"reminders": [_about(r) for r in found]}, refs=[r.id for r in found])


def _target(ctx: ToolContext, args: Target, *, default: str) -> Reminder:
    """The reminder meant: by id, by the person's words, else the one the context points at (`default`:
    "rung" or "set"); several candidates make a question, none a NotFound."""
    if args.reminder_id is not None:
        return service.get(ctx.session, user=ctx.user, reminder_id=args.reminder_id)
    if args.about.strip():
        found = service.find(ctx.session, user=ctx.user, now=ctx.now, words=args.about)
        if not found:
            raise NotFound("reminder.not_found", key="reminder.none_about", about=args.about.strip())
        candidates = found
    else:
        order = [default, "set" if default == "rung" else "rung"]
        ids = next((ctx.recent[k] for k in order if ctx.recent.get(k)), [])
        candidates = [service.get(ctx.session, user=ctx.user, reminder_id=i) for i in ids]
        if not candidates:
            raise NeedsAnswer(t("reminder.ask_which", ctx.lang), missing="about")
    if len(candidates) > 1 and not _clearly_first(candidates, args):
        options = "\n".join(f"{i}. {_what(r, ctx.lang)}" for i, r in enumerate(candidates[:4], 1))
        raise NeedsAnswer(
            t("reminder.ask_which_of", ctx.lang) + "\n" + options,
            missing="reminder_id",
            options=[r.id for r in candidates[:4]],
        )
    return candidates[0]


def _clearly_first(candidates: list[Reminder], args: Target) -> bool:
    """Several match the words, but one is the only one with all of them."""
    if not args.about.strip():
        return False
    words = service._words(args.about)
    full = [r for r in candidates if all(any(h.startswith(w) for h in service._words(r.text)) for w in words)]
    return len(full) == 1 and full[0] is candidates[0]


def _an_event_instead(ctx: ToolContext, args: Target) -> bool:
    """No reminder by these words, but an event on the calendar by them: the person means the event ("annule
    le resto avec Paul" when the dinner is in the agenda)."""
    from shared.calendar import service as calendar

    words = args.about.strip()
    return bool(words) and bool(calendar.find(ctx.session, user=ctx.user, now=ctx.now, words=words))


def cancel_reminder(ctx: ToolContext, args: Target) -> ToolResult:
    try:
        reminder = _target(ctx, args, default="set")
    except NotFound:
        if not _an_event_instead(ctx, args):
            raise
        from shared.calendar import tools as calendar

        return calendar.cancel_event(ctx, calendar.EventTarget.model_validate({"about": args.about}))
    service.cancel(ctx.session, user=ctx.user, now=ctx.now, reminder_id=reminder.id)
    say = fit_field(lambda w: t("reminder.cancelled", ctx.lang, what=w), _what(reminder, ctx.lang))
    return ToolResult(say=say, data=_about(reminder) | {"status": "cancelled"}, refs=[reminder.id])


def acknowledge_reminder(ctx: ToolContext, args: Target) -> ToolResult:
    reminder = _target(ctx, args, default="rung")
    service.acknowledge(ctx.session, user=ctx.user, now=ctx.now, reminder_id=reminder.id)
    say = fit_field(lambda w: t("reminder.ack", ctx.lang, what=w), _what(reminder, ctx.lang))
    return ToolResult(say=say, data=_about(reminder) | {"status": "acknowledged"}, refs=[reminder.id])


def snooze_reminder(ctx: ToolContext, args: SnoozeReminder) -> ToolResult:
    reminder = _target(ctx, args, default="rung")
    until = resolve_later(args.until, said=ctx.said, lang=ctx.lang)
    if until is None:
        raise NeedsAnswer(t("reminder.ask_until", ctx.lang), missing="until")
    copy = service.snooze(
        ctx.session, user=ctx.user, now=ctx.now, reminder_id=reminder.id, until=until, source_message_id=ctx.message_id
    )
    when = _when_text(ctx, copy.due_at)
    say = fit_field(lambda w: t("reminder.snoozed", ctx.lang, when=when, what=w), _what(reminder, ctx.lang))
    return ToolResult(say=say, data=_about(copy), refs=[copy.id])


def move_reminder(ctx: ToolContext, args: MoveReminder) -> ToolResult:
    try:
        reminder = _target(ctx, args, default="set")
    except NotFound:
        if not _an_event_instead(ctx, args):
            raise
        from shared.calendar import tools as calendar

        return calendar.move_event(ctx, calendar.MoveEvent.model_validate({"about": args.about, "when": args.when}))
    when = resolve(args.when, said=ctx.said, lang=ctx.lang) if args.when.strip() else None
    if when is None:
        raise NeedsAnswer(t("reminder.ask_new_time", ctx.lang), missing="when")
    due = when.at
    own_day = reminder.due_at.astimezone(due.tzinfo).date()
    if time_only(args.when, said=ctx.said, lang=ctx.lang) and reminder.fired_at is None and own_day > ctx.said.date():
        due = due.replace(year=own_day.year, month=own_day.month, day=own_day.day)  # its own day, new hour
    moved = service.move(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        reminder_id=reminder.id,
        due_at=due.astimezone(ZoneInfo("UTC")),
        source_message_id=ctx.message_id,
        explicit_time=service.explicit_words(args.when, said=ctx.said, lang=ctx.lang),
    )
    when_text = _when_text(ctx, moved.due_at)
    say = fit_field(lambda w: t("reminder.moved", ctx.lang, when=when_text, what=w), _what(reminder, ctx.lang))
    return ToolResult(say=say, data=_about(moved), refs=[moved.id])


def register(registry: ToolRegistry) -> None:
    registry.add(
        Tool(
            name="create_reminder",
            description={
                "en": "Set a reminder (one time or recurring) that Boussole will text the person.",
                "fr": "Programmer un rappel (ponctuel ou récurrent) que Boussole enverra par SMS.",
            },
            args=CreateReminder,
            handler=create_reminder,
            writes=True,
            domain="reminders",
            examples={
                "fr": ("rappelle-moi demain à 9h d'appeler la banque", "tous les jours à 21h médicaments"),
                "en": ("remind me in 20 min to take my meds", "every monday at 8 gym"),
            },
        )
    )
    registry.add(
        Tool(
            name="list_reminders",
            description={
                "en": "List the person's upcoming reminders, or those about some words.",
                "fr": "Lister les prochains rappels de la personne, ou ceux qui parlent de quelque chose.",
            },
            args=ListReminders,
            handler=list_reminders,
            writes=False,
            domain="reminders",
            examples={
                "fr": ("c'est quoi mes rappels ?", "quand est mon rappel pour la banque ?"),
                "en": ("what reminders do I have?",),
            },
        )
    )
    for name, handler, desc_en, desc_fr, args in (
        ("cancel_reminder", cancel_reminder, "Cancel a reminder.", "Annuler un rappel.", Target),
        (
            "acknowledge_reminder",
            acknowledge_reminder,
            "Mark a reminder that rang as done.",
            "Marquer comme fait un rappel qui a sonné.",
            Target,
        ),
        (
            "snooze_reminder",
            snooze_reminder,
            "Ring a reminder again later.",
            "Faire sonner un rappel de nouveau plus tard.",
            SnoozeReminder,
        ),
        (
            "move_reminder",
            move_reminder,
            "Change when a reminder rings (the one just set, unless named).",
            "Changer l'heure d'un rappel (celui qui vient d'être créé, sauf s'il est nommé).",
            MoveReminder,
        ),
    ):
        registry.add(
            Tool(
                name=name,
                description={"en": desc_en, "fr": desc_fr},
                args=args,
                handler=handler,
                writes=True,
                domain="reminders",
            )
        )
