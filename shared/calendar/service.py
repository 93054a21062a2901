"""Calendar events: the behaviour. Add (with the conflicts it makes), list a day or a range, find by words,
move, change and delete a person's events (keyword-only `session`, `user`, `now`; one DomainError type).

Decisions (docs: the tool descriptions and this docstring):
- An event said without an end lasts DEFAULT_DURATION (one hour).
- An event said with a day but no time of day ("dîner chez maman samedi") is an all-day event: it runs from
  that local midnight to the next, and never conflicts with timed events.
- Times are stored in UTC; days are the person's local days (user.timezone).
- A place said with the event is kept as written (`location`) and linked to a known place when a name
  matches (in the place words, else in the title: "rdv chez le dentiste" and a place named "dentiste").
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.calendar import repository as repo
from shared.calendar.models import Event
from shared.db.paging import Cursor, Page
from shared.errors import Conflict, InvalidInput, NotFound
from shared.users.models import User

Lang = Literal["fr", "en"]

DEFAULT_DURATION = timedelta(hours=1)
MAX_DURATION = timedelta(days=366)
MAX_TITLE = 500
MAX_PLACE = 500
EARLIEST = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))
LATEST_AHEAD = timedelta(days=10 * 366)
UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class Added:
    """An event just added, and the timed events it overlaps (by start)."""

    event: Event
    conflicts: list[Event] = field(default_factory=list)


def zone_of(user: User) -> ZoneInfo:
    return ZoneInfo(user.timezone)


def day_bounds(user: User, day: date) -> tuple[datetime, datetime]:
    """[local midnight, next local midnight) of `day` in the person's zone, as UTC instants (DST-safe)."""
    zone = zone_of(user)
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _check_times(starts_at: datetime, ends_at: datetime, *, now: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidInput("event.naive_time", key="event.naive_time", field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput("event.end_before_start", key="event.end_before_start", field="ends_at")
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidInput("event.too_long", key="event.too_long", field="ends_at")
    if starts_at < EARLIEST or starts_at > now + LATEST_AHEAD:
        raise InvalidInput("event.out_of_range", key="event.out_of_range", field="starts_at")


def _check_text(title: str, place: str | None) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("event.no_title", key="event.no_title", field="title")
    if len(title) > MAX_TITLE:
        raise InvalidInput("event.title_too_long", key="event.too_long_text", field="title")
    if place is not None and len(place) > MAX_PLACE:
        raise InvalidInput("event.place_too_long", key="event.too_long_text", field="location")
    return title


def _all_day_span(user: User, starts_at: datetime, ends_at: datetime | None) -> tuple[datetime, datetime]:
    """An all-day event covers whole local days: from the start's local midnight to the midnight after the
    last day it touches (one day when no end is given)."""
    zone = zone_of(user)
    first = starts_at.astimezone(zone).date()
    last = first
    if ends_at is not None:
        end_local = ends_at.astimezone(zone)
        last = end_local.date() - timedelta(days=1) if end_local.time() == time(0) else end_local.date()
        last = max(last, first)
    start, _ = day_bounds(user, first)
    _, end = day_bounds(user, last)
    return start, end


def _link(
    session: Session, user: User, place: str | None, title: str, location_id: uuid.UUID | None
) -> uuid.UUID | None:
    from shared.places import service as places

    if location_id is not None:
        places.get(session, user=user, place_id=location_id)  # NotFound for another person's place
        return location_id
    known = places.matching(session, user=user, words=place) if place else None
    if known is None:
        known = places.matching(session, user=user, words=title)
    return known.id if known is not None else None


def create(
    session: Session,
    *,
    user: User,
    now: datetime,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    all_day: bool = False,
    place: str | None = None,
    location_id: uuid.UUID | None = None,
    description: str | None = None,
    source_message_id: uuid.UUID | None = None,
) -> Added:
    """A new event for `user`, and the timed events it overlaps (pointed out, never refused)."""
    place = " ".join(place.split()) if place else None
    title = _check_text(title, place)
    if description is not None and len(description) > 5000:
        raise InvalidInput("event.description_too_long", key="event.too_long_text", field="description")
    if starts_at.tzinfo is None or (ends_at is not None and ends_at.tzinfo is None):
        raise InvalidInput("event.naive_time", key="event.naive_time", field="starts_at")
    if all_day:
        if ends_at is not None and ends_at <= starts_at:
            raise InvalidInput("event.end_before_start", key="event.end_before_start", field="ends_at")
        starts_at, ends_at = _all_day_span(user, starts_at, ends_at)
    elif ends_at is None:
        ends_at = starts_at + DEFAULT_DURATION
    _check_times(starts_at, ends_at, now=now)
    linked = _link(session, user, place, title, location_id)
    event_id = repo.add(
        session,
        user_id=user.id,
        now=now,
        title=title,
        starts_at=starts_at.astimezone(UTC),
        ends_at=ends_at.astimezone(UTC),
        all_day=all_day,
        location=place or None,
        location_id=linked,
        description=description,
        source_message_id=source_message_id,
    )
    if event_id is None:  # this message already added it (a replayed turn): that one
        assert source_message_id is not None
        existing = repo.by_source_message(session, user.id, source_message_id, starts_at=starts_at)
        if existing is None:
            raise Conflict("event.duplicate", key="event.duplicate")
        return Added(existing, conflicts_of(session, user=user, event=existing))
    event = repo.get_for_user(session, user.id, event_id)
    assert event is not None
    return Added(event, conflicts_of(session, user=user, event=event))


def conflicts_of(session: Session, *, user: User, event: Event) -> list[Event]:
    """The person's other timed events that overlap this one (all-day events overlap nothing)."""
    if event.all_day:
        return []
    found = repo.overlapping(session, user.id, start=event.starts_at, end=event.ends_at, limit=20)
    return [e for e in found if e.id != event.id and not e.all_day]


def on_day(session: Session, *, user: User, day: date) -> list[Event]:
    """The events overlapping that local day in the person's zone, by start (the planner's "what's my day")."""
    start, end = day_bounds(user, day)
    return repo.overlapping(session, user.id, start=start, end=end)


def between(session: Session, *, user: User, start: datetime, end: datetime, limit: int = 200) -> list[Event]:
    """The person's events overlapping [start, end), by start."""
    return repo.overlapping(session, user.id, start=start, end=end, limit=limit)


def upcoming(session: Session, *, user: User, now: datetime, limit: int = 10) -> list[Event]:
    """Events not over yet, soonest first."""
    return repo.upcoming(session, user.id, now=now, limit=limit)


def page(
    session: Session,
    *,
    user: User,
    start: datetime | None = None,
    end: datetime | None = None,
    words: str | None = None,
    location_id: uuid.UUID | None = None,
    cursor: Cursor | None = None,
    limit: int = 50,
    descending: bool = False,
) -> Page[Event]:
    """A page of the person's events overlapping [start, end), by start (the API's list)."""
    from shared.brains.offline._lexicon import fold

    if start is not None and end is not None and end <= start:
        raise InvalidInput("event.bad_range", key="event.bad_range", field="to")
    folded = " ".join(fold(words).split()) if words else None
    return repo.page_for_user(
        session,
        user.id,
        start=start,
        end=end,
        words=folded or None,
        location_id=location_id,
        cursor=cursor,
        limit=limit,
        descending=descending,
    )


def get(session: Session, *, user: User, event_id: uuid.UUID, lock: bool = False) -> Event:
    """One of the person's events (NotFound for anyone else's)."""
    event = repo.get_for_user(session, user.id, event_id, lock=lock)
    if event is None:
        raise NotFound("event.not_found", key="event.not_found")
    return event


_UNSET = object()


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    event_id: uuid.UUID,
    title: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    all_day: bool | None = None,
    place: str | object | None = _UNSET,
    location_id: uuid.UUID | object | None = _UNSET,
    description: str | object | None = _UNSET,
) -> Added:
    """Change an event. A new start without an end keeps its duration; the new times are checked like a new
    event's; the conflicts of the result are returned."""
    event = get(session, user=user, event_id=event_id, lock=True)
    new_title = _check_text(title if title is not None else event.title, None)
    duration = event.ends_at - event.starts_at
    start = starts_at if starts_at is not None else event.starts_at
    end = ends_at if ends_at is not None else (start + duration if starts_at is not None else event.ends_at)
    whole_day = event.all_day if all_day is None else all_day
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("event.naive_time", key="event.naive_time", field="starts_at")
    if whole_day:
        if end <= start:
            raise InvalidInput("event.end_before_start", key="event.end_before_start", field="ends_at")
        start, end = _all_day_span(user, start, end)
    elif event.all_day and all_day is False and ends_at is None:
        end = start + DEFAULT_DURATION
    _check_times(start, end, now=now)
    if place is not _UNSET:
        text = " ".join(str(place).split()) if place else None
        if text is not None and len(text) > MAX_PLACE:
            raise InvalidInput("event.place_too_long", key="event.too_long_text", field="location")
        event.location = text
        if location_id is _UNSET:
            event.location_id = _link(session, user, text, new_title, None)
    if location_id is not _UNSET:
        event.location_id = (
            _link(session, user, None, new_title, location_id) if isinstance(location_id, uuid.UUID) else None
        )
    if description is not _UNSET:
        if isinstance(description, str) and len(description) > 5000:
            raise InvalidInput("event.description_too_long", key="event.too_long_text", field="description")
        event.description = description if isinstance(description, str) else None
    event.title = new_title
    event.starts_at, event.ends_at, event.all_day = start.astimezone(UTC), end.astimezone(UTC), whole_day
    event.updated_at = now
    session.flush()
    return Added(event, conflicts_of(session, user=user, event=event))


def move(
    session: Session,
    *,
    user: User,
    now: datetime,
    event_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime | None = None,
) -> Added:
    """Move an event to a new start (same duration unless an end is given)."""
    return update(session, user=user, now=now, event_id=event_id, starts_at=starts_at, ends_at=ends_at)


def delete(session: Session, *, user: User, event_id: uuid.UUID) -> Event:
    """Remove one of the person's events (NotFound for anyone else's); returns what it was."""
    event = get(session, user=user, event_id=event_id, lock=True)
    repo.remove(session, user.id, event.id)
    return event


def find(session: Session, *, user: User, now: datetime, words: str, limit: int = 5) -> list[Event]:
    """Events not over yet whose title or place holds the person's words (accents and case aside), the best
    match first, then the soonest."""
    wanted = [w for w in _words(words) if (len(w) > 2 or w.isdigit()) and w not in _COMMON]
    if not wanted:
        return []
    scored = []
    for event in repo.search(session, user.id, wanted, since=now):
        have = _words(f"{event.title} {event.location or ''}")
        hits = sum(1 for w in wanted if any(h.startswith(w) for h in have))
        if hits:
            scored.append((-hits, event.starts_at, event))
    return [e for *_, e in sorted(scored, key=lambda x: (x[0], x[1]))[:limit]]


def visits(
    session: Session, *, user: User, now: datetime, location_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[datetime | None, datetime | None]]:
    """For each of the person's places: (start of the last event there that has started, start of the next)."""
    return repo.visits(session, user.id, location_ids, now=now)


_COMMON = frozenset(
    {
        "les",
        "des",
        "une",
        "pour",
        "par",
        "sur",
        "avec",
        "dans",
        "chez",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "about",
        "mon",
        "mes",
        "ton",
        "notre",
        "leur",
        "rdv",
        "rendez",
        "vous",
        "appt",
        "appointment",
        "event",
        "evenement",
        "agenda",
        "calendar",
        "calendrier",
    }
)


def _words(text: str) -> list[str]:
    import re

    from shared.brains.offline._lexicon import fold

    return [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]


# --- times in the person's words -------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """When an event is, read from words: local aware start, end (None: the default duration), whole day."""

    start: datetime
    end: datetime | None
    all_day: bool
    recurring: bool = False
    rest: str = ""  # words that were not about time


_END_LEAD = re.compile(r"^\s*(?:jusqu'?\s*(?:a|à|au)|jusque|until|till|til|to|a|à|-|–|→|>)\s+", re.IGNORECASE)


def read_span(when: str, end: str | None = None, *, said: datetime, lang: Lang) -> Span | None:
    """An event's time from the person's words (docs/time.md, via shared.agent.when): "jeudi 15h", "demain de
    10h à 11h30", "thursday 7-8pm", "du 13 au 15 juillet" (all days), "samedi" (all day). `end` may be a
    time ("11h30": on the start's day), a day and time, or a duration ("2h", "for 2 hours"). None when the
    words hold no time; InvalidInput when the end cannot be read."""
    from shared.agent.when import resolve
    from shared.brains.offline.time import parse
    from shared.brains.offline.timeparse import parse_time

    text = when.strip()
    if not text:
        return None
    span: Span | None = None
    for m in parse(text, now=said, lang=lang):
        if (
            m.kind == "interval"
            and m.confident
            and m.value is not None
            and m.end_value is not None
            and m.said & {"clock", "date", "weekday", "day"}
        ):
            rest = " ".join((text[: m.start] + " " + text[m.end :]).split())
            span = Span(m.value, m.end_value, all_day=not m.has_clock_time, rest=rest)
            break
    if span is None:
        found = resolve(text, said=said, lang=lang)
        if found is None:
            return None
        match = parse_time(text, now=said, lang=lang)
        timed = match is not None and match.has_clock_time
        span = Span(found.at, None, all_day=not timed, recurring=found.rule is not None, rest=found.rest)
    if end is not None and end.strip():
        finish = _read_end(end, span, said=said, lang=lang)
        return Span(span.start, finish, span.all_day, span.recurring, span.rest)
    return span


def _read_end(words: str, span: Span, *, said: datetime, lang: Lang) -> datetime:
    from shared.agent.when import resolve
    from shared.brains.offline.time import parse
    from shared.brains.offline.timeparse import parse_time

    text = _END_LEAD.sub("", words.strip())
    until = text != words.strip()  # "jusqu'à 1h": a time of day, even a bare hour
    for m in parse(text, now=said, lang=lang):
        if m.kind == "duration" and m.duration is not None:
            return span.start + m.duration
        if m.kind == "open_interval" and m.value is not None and m.said <= {"clock", "part"}:
            return _on_start_day(span.start, m.value)
        if until and m.kind == "instant" and m.value is not None and m.said <= {"clock"}:
            return _on_start_day(span.start, m.value)
    match = parse_time(text, now=said, lang=lang)
    if match is not None and match.kinds <= {"clock", "part"}:
        return _on_start_day(span.start, match.when)
    found = resolve(text, said=said, lang=lang)
    if found is None:
        raise InvalidInput("event.no_end", key="event.ask_end", field="end")
    return found.at


def _on_start_day(start: datetime, clock: datetime) -> datetime:
    """A time of day for the end: on the start's day, or the next day when it would not be after the start
    ("de 22h à 1h")."""
    at = start.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)
    return at if at > start else at + timedelta(days=1)
