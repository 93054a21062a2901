"""The calendar slice's tools for both brains, each a thin handler over `service`. Times come as the person's
own words, read by service.read_span (the project's time parser): an event without an end lasts one hour, one
without a time of day is all day; conflicts with timed events are pointed out, never refused."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from shared.agent.registry import NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.agent.when import time_only
from shared.calendar import service
from shared.calendar.models import Event
from shared.errors import InvalidInput, NotFound
from shared.i18n.format import format_clock, format_when
from shared.i18n.messages import t
from shared.messaging.segments import fit_field

WHEN_DOC = (
    "when it is, in the person's own words ('jeudi 15h', 'demain de 10h à 11h30', 'saturday'); a day without"
    " a time makes an all-day event"
)
END_DOC = "when it ends, in the person's words ('11h30', 'jusqu'à 16h', 'pendant 2h'); empty: one hour after the start"
ABOUT_DOC = "words naming the event (e.g. 'dentiste'); empty for the one just added"


class AddEvent(BaseModel):
    title: str = Field("", max_length=500, description="what it is, without the time or place ('rdv dentiste')")
    when: str = Field("", max_length=300, description=WHEN_DOC)
    end: str = Field("", max_length=300, description=END_DOC)
    place: str = Field("", max_length=500, description="where, as said ('au zénith', 'Main St branch'); optional")


class ListEvents(BaseModel):
    when: str = Field(
        "", max_length=200, description="the day or period asked about ('jeudi', 'this week'); empty: what's next"
    )
    about: str = Field(
        "", max_length=200, description="words of the event asked about ('le coiffeur', 'my haircut'); empty: all"
    )


class EventTarget(BaseModel):
    about: str = Field("", max_length=200, description=ABOUT_DOC)
    event_id: uuid.UUID | None = Field(None, description="the event's id when known from the context")


class MoveEvent(EventTarget):
    when: str = Field("", max_length=300, description="the new day or time, in the person's words")
    end: str = Field("", max_length=300, description="the new end, if said")


def _zone(ctx: ToolContext) -> ZoneInfo:
    return ZoneInfo(ctx.user.timezone)


def _day_text(ctx: ToolContext, day: date) -> str:
    """ "aujourd'hui", "demain", "jeudi 12 mars" / "today", "tomorrow", "Thursday, March 12"."""
    now = ctx.now.astimezone(_zone(ctx))
    delta = (day - now.date()).days
    if delta == 0:
        return t("event.today", ctx.lang)
    if delta == 1:
        return t("event.tomorrow", ctx.lang)
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=_zone(ctx))
    words = format_when(noon, now=now, lang=ctx.lang)
    return words.rsplit(" à ", 1)[0] if ctx.lang == "fr" else words.rsplit(" at ", 1)[0]


def _clock(ctx: ToolContext, at: datetime) -> str:
    return format_clock(at.astimezone(_zone(ctx)), lang=ctx.lang)


def _hours(ctx: ToolContext, event: Event) -> str:
    """ "14h-15h" / "2 PM-3 PM", or "toute la journée"."""
    if event.all_day:
        return t("event.all_day", ctx.lang)
    return f"{_clock(ctx, event.starts_at)}-{_clock(ctx, event.ends_at)}"


def _when_text(ctx: ToolContext, event: Event) -> str:
    """The event's time for a sentence: "jeudi 12 mars, 15h-16h", "samedi 14 mars (toute la journée)"."""
    zone = _zone(ctx)
    start = event.starts_at.astimezone(zone)
    if event.all_day:
        last = (event.ends_at.astimezone(zone) - timedelta(seconds=1)).date()
        days = _day_text(ctx, start.date())
        if last != start.date():
            days = f"{days} → {_day_text(ctx, last)}"
        return f"{days} ({t('event.all_day', ctx.lang)})"
    end = event.ends_at.astimezone(zone)
    if end.date() != start.date() and end - start > timedelta(hours=12):
        return f"{_day_text(ctx, start.date())} {_clock(ctx, start)} → {_day_text(ctx, end.date())} {_clock(ctx, end)}"
    return f"{_day_text(ctx, start.date())}, {_clock(ctx, start)}-{_clock(ctx, end)}"


def _about(event: Event) -> dict[str, object]:
    return {
        "id": str(event.id),
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "all_day": event.all_day,
        "place": event.location,
        "place_id": str(event.location_id) if event.location_id else None,
    }


def _conflict_line(ctx: ToolContext, conflicts: list[Event]) -> str:
    if not conflicts:
        return ""
    first = conflicts[0]
    key = "event.conflict_more" if len(conflicts) > 1 else "event.conflict"
    return fit_field(lambda w: t(key, ctx.lang, title=w, span=_hours(ctx, first), n=len(conflicts) - 1), first.title)


def add_event(ctx: ToolContext, args: AddEvent) -> ToolResult:
    span = service.read_span(args.when, args.end or None, said=ctx.said, lang=ctx.lang) if args.when.strip() else None
    title = args.title.strip() or (span.rest if span else "")
    if span is None:
        if not title:
            raise NeedsAnswer(t("event.ask_what_when", ctx.lang), missing="when")
        raise NeedsAnswer(t("event.ask_when", ctx.lang, title=title), missing="when")
    if span.recurring:
        raise InvalidInput("event.recurring", key="event.recurring", field="when")
    if not title:
        raise NeedsAnswer(t("event.ask_title", ctx.lang, when=args.when.strip()), missing="title")
    added = service.create(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        title=title,
        starts_at=span.start,
        ends_at=span.end,
        all_day=span.all_day,
        place=args.place.strip() or None,
        source_message_id=ctx.message_id,
    )
    event = added.event
    place = t("event.at_place", ctx.lang, place=event.location) if event.location else ""
    when = _when_text(ctx, event)
    say = fit_field(lambda w: t("event.added", ctx.lang, title=w, when=when, place=place), event.title)
    warning = _conflict_line(ctx, added.conflicts)
    return ToolResult(
        say=f"{say}\n{warning}" if warning else say,
        data=_about(event) | {"conflicts": [_about(c) for c in added.conflicts]},
        refs=[event.id],
    )


_WEEK = re.compile(r"(?<![\w])(?:semaine|week)(?![\w])")
_MONTH = re.compile(r"(?<![\w])(?:mois|month)(?![\w])")
_NEXT = re.compile(r"(?<![\w])(?:prochaine?|next|suivante?)(?![\w])")
MAX_LINES = 8


def _period(ctx: ToolContext, words: str) -> tuple[datetime, datetime, date | None] | None:
    """[start, end) asked about, UTC, and the day when it is one day."""
    from shared.brains.offline._lexicon import fold
    from shared.brains.offline.time import parse

    zone = _zone(ctx)
    local_now = ctx.now.astimezone(zone)
    for m in parse(words, now=ctx.said, lang=ctx.lang):
        if m.kind == "interval" and m.value is not None and m.end_value is not None and m.end_value > m.value:
            if m.end_value - m.value <= timedelta(hours=12) and "part" in m.said:
                day = m.value.date()
                start, end = service.day_bounds(ctx.user, day)
                return start, end, day
            return m.value.astimezone(ZoneInfo("UTC")), m.end_value.astimezone(ZoneInfo("UTC")), None
        if m.kind == "instant" and m.value is not None:
            day = m.value.astimezone(zone).date()
            start, end = service.day_bounds(ctx.user, day)
            return start, end, day
    folded = fold(words)
    today = local_now.date()
    if _WEEK.search(folded):
        monday = today - timedelta(days=today.weekday())
        if _NEXT.search(folded):
            monday += timedelta(days=7)
            first = monday
        else:
            first = today
        start, _ = service.day_bounds(ctx.user, first)
        _, end = service.day_bounds(ctx.user, monday + timedelta(days=6))
        return start, end, None
    if _MONTH.search(folded):
        first = today.replace(day=1)
        if _NEXT.search(folded):
            first = (first + timedelta(days=32)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        start, _ = service.day_bounds(ctx.user, max(first, today))
        end, _ = service.day_bounds(ctx.user, following)
        return start, end, None
    return None


def _events_about(ctx: ToolContext, about: str) -> ToolResult:
    """ "c'est quand le coiffeur ?": the upcoming events by these words; else the reminders by them (the haircut
    may be a reminder the person set); else that nothing is planned by them."""
    found = service.find(ctx.session, user=ctx.user, now=ctx.now, words=about)
    if found:
        lines = [f"{_when_text(ctx, e)} : {e.title}" for e in found[:MAX_LINES]]
        say = t("event.list_upcoming", ctx.lang) + "\n" + "\n".join(lines)
        return ToolResult(say=say, data={"events": [_about(e) for e in found]}, refs=[e.id for e in found])
    from shared.reminders import service as reminders
    from shared.reminders import tools as reminder_tools

    if reminders.find(ctx.session, user=ctx.user, now=ctx.now, words=about):
        return reminder_tools.list_reminders(ctx, reminder_tools.ListReminders(about=about))
    return ToolResult(say=t("event.none_about", ctx.lang, about=about), data={"events": []})


def list_events(ctx: ToolContext, args: ListEvents) -> ToolResult:
    if args.about.strip() and not args.when.strip():
        return _events_about(ctx, args.about.strip())
    if not args.when.strip():
        found = service.upcoming(ctx.session, user=ctx.user, now=ctx.now, limit=MAX_LINES + 1)
        if not found:
            return ToolResult(say=t("event.none_upcoming", ctx.lang), data={"events": []})
        lines = [f"{_when_text(ctx, e)} : {e.title}" for e in found[:MAX_LINES]]
        say = t("event.list_upcoming", ctx.lang) + "\n" + "\n".join(lines)
        return ToolResult(say=say, data={"events": [_about(e) for e in found]}, refs=[e.id for e in found])
    period = _period(ctx, args.when)
    if period is None:
        raise NeedsAnswer(t("event.ask_day", ctx.lang), missing="when")
    start, end, day = period
    found = service.between(ctx.session, user=ctx.user, start=start, end=end)
    data = {"events": [_about(e) for e in found], "from": start.isoformat(), "to": end.isoformat()}
    if day is not None:
        day_words = _day_text(ctx, day)
        if not found:
            return ToolResult(say=t("event.none_day", ctx.lang, day=day_words), data=data)
        lines = [f"{_hours(ctx, e)} {e.title}" + (f" ({e.location})" if e.location else "") for e in found[:MAX_LINES]]
        head = t("event.list_day", ctx.lang, day=day_words[:1].upper() + day_words[1:])
    else:
        if not found:
            return ToolResult(say=t("event.none_range", ctx.lang), data=data)
        lines = [f"{_when_text(ctx, e)} : {e.title}" for e in found[:MAX_LINES]]
        head = t("event.list_range", ctx.lang, n=len(found))
    if len(found) > MAX_LINES:
        lines.append(t("event.list_more", ctx.lang, n=len(found) - MAX_LINES))
    return ToolResult(say=head + "\n" + "\n".join(lines), data=data, refs=[e.id for e in found])


def _target(ctx: ToolContext, args: EventTarget) -> Event:
    """The event meant: by id, by the person's words, else the one just added; several make a question."""
    if args.event_id is not None:
        return service.get(ctx.session, user=ctx.user, event_id=args.event_id)
    if args.about.strip():
        found = service.find(ctx.session, user=ctx.user, now=ctx.now, words=args.about)
        if not found:
            raise NotFound("event.not_found", key="event.none_about", about=args.about.strip())
    else:
        found = [service.get(ctx.session, user=ctx.user, event_id=i) for i in ctx.recent.get("events", [])]
        if not found:
            raise NeedsAnswer(t("event.ask_which", ctx.lang), missing="about")
    if len(found) > 1:
        wanted = service._words(args.about)
        full = [e for e in found if all(any(h.startswith(w) for h in service._words(e.title)) for w in wanted)]
        if not (len(full) == 1 and full[0] is found[0]):
            options = "\n".join(f"{i}. {e.title} ({_when_text(ctx, e)})" for i, e in enumerate(found[:4], 1))
            raise NeedsAnswer(
                t("event.ask_which_of", ctx.lang) + "\n" + options,
                missing="event_id",
                options=[e.id for e in found[:4]],
            )
    return found[0]


def _a_reminder_instead(ctx: ToolContext, args: EventTarget) -> bool:
    """Nothing on the calendar by these words, but a reminder by them: the person means the reminder ("annule
    le dentiste" reads as an appointment, and the dentist may be a reminder they set)."""
    from shared.reminders import service as reminders

    words = args.about.strip()
    return bool(words) and bool(reminders.find(ctx.session, user=ctx.user, now=ctx.now, words=words))


def cancel_event(ctx: ToolContext, args: EventTarget) -> ToolResult:
    try:
        event = _target(ctx, args)
    except NotFound:
        if not _a_reminder_instead(ctx, args):
            raise
        from shared.reminders import tools as reminders

        return reminders.cancel_reminder(ctx, reminders.Target.model_validate({"about": args.about}))
    when = _when_text(ctx, event)
    service.delete(ctx.session, user=ctx.user, event_id=event.id)
    say = fit_field(lambda w: t("event.cancelled", ctx.lang, title=w, when=when), event.title)
    return ToolResult(say=say, data=_about(event) | {"deleted": True}, refs=[event.id])


def move_event(ctx: ToolContext, args: MoveEvent) -> ToolResult:
    try:
        event = _target(ctx, args)
    except NotFound:
        if not _a_reminder_instead(ctx, args):
            raise
        from shared.reminders import tools as reminders

        return reminders.move_reminder(
            ctx, reminders.MoveReminder.model_validate({"about": args.about, "when": args.when})
        )
    span = service.read_span(args.when, args.end or None, said=ctx.said, lang=ctx.lang) if args.when.strip() else None
    if span is None:
        raise NeedsAnswer(t("event.ask_new_time", ctx.lang), missing="when")
    zone = _zone(ctx)
    start, end, all_day = span.start, span.end, span.all_day
    own = event.starts_at.astimezone(zone)
    if time_only(args.when, said=ctx.said, lang=ctx.lang):  # "à 16h": its own day (unless past), new hour
        day = own.date() if own.date() >= ctx.said.date() else start.date()
        start = start.replace(year=day.year, month=day.month, day=day.day)
        all_day = False
    elif span.all_day and not event.all_day and span.end is None:  # "à vendredi": new day, same hour
        start = start.replace(hour=own.hour, minute=own.minute)
        all_day = False
    if span.end is not None:
        end = start + (span.end - span.start)
    moved = service.update(
        ctx.session,
        user=ctx.user,
        now=ctx.now,
        event_id=event.id,
        starts_at=start,
        ends_at=end,
        all_day=all_day,
    ).event
    when = _when_text(ctx, moved)
    say = fit_field(lambda w: t("event.moved", ctx.lang, title=w, when=when), moved.title)
    return ToolResult(say=say, data=_about(moved), refs=[moved.id])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""
    tools.add(
        Tool(
            name="add_event",
            description={
                "en": "Put an event on the person's calendar (appointment, meeting, dinner). Without an end it lasts"
                " one hour; a day without a time is all day. Overlaps with other events are pointed out.",
                "fr": "Ajouter un événement à l'agenda (rendez-vous, réunion, dîner). Sans fin, il dure une heure ;"
                " un jour sans heure, c'est toute la journée. Les chevauchements sont signalés.",
            },
            args=AddEvent,
            handler=add_event,
            writes=True,
            domain="calendar",
            examples={
                "fr": ("j'ai un rdv jeudi 15h chez le dentiste", "réunion demain de 10h à 11h30"),
                "en": ("i have a dentist appt thursday at 3pm", "meeting tomorrow from 10 to 11:30"),
            },
        )
    )
    tools.add(
        Tool(
            name="list_events",
            description={
                "en": "List the events of a day or period on the person's calendar, or the next ones.",
                "fr": "Lister les événements d'un jour ou d'une période de l'agenda, ou les prochains.",
            },
            args=ListEvents,
            handler=list_events,
            writes=False,
            domain="calendar",
            examples={
                "fr": ("qu'est-ce que j'ai dans mon agenda jeudi ?", "mes rdv de la semaine"),
                "en": ("what's on my calendar thursday?", "any appts this week?"),
            },
        )
    )
    tools.add(
        Tool(
            name="cancel_event",
            description={
                "en": "Remove an event from the calendar (named by words, or the one just added).",
                "fr": "Retirer un événement de l'agenda (nommé, ou celui qui vient d'être ajouté).",
            },
            args=EventTarget,
            handler=cancel_event,
            writes=True,
            domain="calendar",
            examples={"fr": ("annule le rdv chez le dentiste",), "en": ("cancel my dentist appointment",)},
        )
    )
    tools.add(
        Tool(
            name="move_event",
            description={
                "en": "Move an event to another day or time (same duration unless an end is said).",
                "fr": "Déplacer un événement à un autre jour ou une autre heure (même durée sauf fin précisée).",
            },
            args=MoveEvent,
            handler=move_event,
            writes=True,
            domain="calendar",
            examples={"fr": ("décale le rdv dentiste à vendredi 10h",), "en": ("move the meeting to 4pm",)},
        )
    )
