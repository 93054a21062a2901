"""Reminders: the behaviour. Create, list, find, cancel, acknowledge, snooze and move a person's
reminders (keyword-only `session`, `user`, `now`; one DomainError type), and the sweep's side: move due
ones to the outbox, roll series forward, follow up, follow each SMS's fate."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.brains.offline.recurrence import latest_due, next_occurrence
from shared.db.paging import Cursor, Page
from shared.errors import Conflict, InvalidInput, NotFound
from shared.i18n.messages import t
from shared.reminders import repository as repo
from shared.reminders.models import Reminder
from shared.users.models import User


@dataclass
class SweepReport:
    fired: int = 0
    enqueued: int = 0
    batches: int = 0

    def as_metrics(self) -> dict[str, int]:
        return {"fired": self.fired, "enqueued": self.enqueued, "batches": self.batches}


def render_reminder(text: str, language: str) -> str:
    """The SMS a person gets when a reminder rings."""
    if not text.strip():  # "rappelle-moi dans 10 min": a ping with nothing to say but the time
        return t("reminder.fire_bare", language)
    return t("reminder.fire", language, what=text)


def fire_batch(session: Session, *, now: datetime, batch: int = 1000) -> SweepReport:
    """Claim up to `batch` due reminders and write each to the outbox with its idempotency key.

    The key is the reminder id plus its due instant, so a recurrence's next occurrence gets a new key
    while a replayed sweep of the same occurrence does not.
    """
    from shared.messaging.repository import enqueue_many

    hold_for_quiet_hours(session, now=now, limit=batch)
    fired = repo.fire_due(session, now=now, limit=batch)
    rows = [
        {
            "idempotency_key": f"reminder:{f.id}:{int(f.due_at.timestamp())}",
            "kind": "reminder",
            "to_phone": f.phone,
            "body": render_reminder(f.text, f.language),
            "user_id": f.user_id,
            "reminder_id": f.id,
            "next_attempt_at": now,
            "due_at": f.rings_at
            if f.rings_at > f.due_at
            else (latest_due(f.rrule, f.timezone, due=f.due_at, now=now) if f.rrule else f.due_at),
            "language": f.language,
        }
        for f in fired
        if f.phone
    ]
    enqueued = enqueue_many(session, rows)
    repo.mark_undeliverable(session, [f.id for f in fired if not f.phone])
    # A recurring reminder goes back to pending at its next occurrence after now: missed ones (the
    # service was down) ring once, not once each.
    next_due = {}
    for f in fired:
        if f.rrule and f.phone:
            upcoming = next_occurrence(f.rrule, f.timezone, after=max(now, f.due_at))
            if upcoming is not None:
                next_due[f.id] = upcoming
    repo.reschedule_many(session, next_due)
    return SweepReport(fired=len(fired), enqueued=enqueued, batches=1 if fired else 0)


def hold_for_quiet_hours(session: Session, *, now: datetime, limit: int = 1000) -> int:
    """Due reminders whose time was not asked for explicitly ("dans 2 h", a snooze, a series at its default
    hour) wait for the end of the person's quiet hours: each gets the instant it may ring (its due time when
    outside them). Returns how many were held."""
    from shared.users.service import quiet_until

    until = {}
    for r in repo.holdable(session, now=now, limit=limit):
        until[r.id] = quiet_until(r.due_at, zone=ZoneInfo(r.timezone), start=r.quiet_start, end=r.quiet_end)
    repo.hold_many(session, until)
    return sum(1 for r_id, at in until.items() if at > now)


class ReminderDeliveries:
    """The reminders domain's side of delivery (messaging's DeliveryListener): a reminder's status follows
    its SMS."""

    def delivered(self, session: Session, reminder_ids: list[uuid.UUID], *, now: datetime) -> None:
        repo.mark_delivered(session, reminder_ids, now=now)

    def undeliverable(self, session: Session, reminder_ids: list[uuid.UUID], *, opted_out: bool) -> None:
        repo.mark_lost(session, reminder_ids, status="suppressed" if opted_out else "failed")

    def subject(self, session: Session, reminder_id: uuid.UUID) -> str | None:
        return repo.text_of(session, reminder_id)


FOLLOW_UP_AFTER = timedelta(minutes=30)
FOLLOW_UP_WITHIN = timedelta(hours=3)  # older silences are left alone: no follow-up storm after downtime
ESCALATE_WITHIN = timedelta(hours=24)  # a reminder that insists stops insisting a day after it rang


def follow_up(session: Session, *, now: datetime, limit: int = 500) -> int:
    """One gentle follow-up for a reminder that got no answer after FOLLOW_UP_AFTER. Boussole starts it, so it
    respects waking hours, the person's quiet hours and their daily cap: when it may not go it is skipped
    (recorded as suppressed with the reason), never sent the next morning. Then the nudges of reminders that
    insist (escalation), which the person asked for: never capped, and they wait for the end of quiet hours."""
    from shared.messaging.repository import enqueue_many
    from shared.users.service import QuietHours, why_not_proactive

    rows = []
    decided: dict[uuid.UUID, int] = {}
    for u in repo.unanswered(
        session, sent_before=now - FOLLOW_UP_AFTER, sent_after=now - FOLLOW_UP_WITHIN, limit=limit
    ):
        quiet = None
        if u.quiet_start is not None and u.quiet_end is not None:
            quiet = QuietHours(u.quiet_start, u.quiet_end)
        why = why_not_proactive(
            session,
            user_id=u.user_id,
            timezone=u.timezone,
            now=now,
            quiet=quiet,
            daily_cap=u.daily_cap,
            already=decided.get(u.user_id, 0),
        )
        if why is None:
            decided[u.user_id] = decided.get(u.user_id, 0) + 1
        rows.append(
            {
                "idempotency_key": f"followup:{u.outbox_id}",
                "kind": "nudge",
                "to_phone": u.phone,
                "body": _nudge_body(u.text, u.language),
                "user_id": u.user_id,
                "reminder_id": u.reminder_id,
                "next_attempt_at": now,
                "language": u.language,
                **({} if why is None else {"status": "suppressed", "last_error": why}),
            }
        )
    return enqueue_many(session, rows) + escalate(session, now=now, limit=limit)


def escalate(session: Session, *, now: datetime, limit: int = 500) -> int:
    """The next nudge of each reminder that insists and got no answer; inside the person's quiet hours it waits
    (it is picked up again once they end)."""
    from shared.messaging.repository import enqueue_many
    from shared.users.service import in_quiet_hours

    rows, nudged = [], []
    for e in repo.escalating(session, now=now, sent_after=now - ESCALATE_WITHIN, limit=limit):
        if (
            e.quiet_start is not None
            and e.quiet_end is not None
            and in_quiet_hours(now, zone=ZoneInfo(e.timezone), start=e.quiet_start, end=e.quiet_end)
        ):
            continue
        nudged.append(e.reminder_id)
        rows.append(
            {
                "idempotency_key": f"escalate:{e.outbox_id}:{e.nudged + 1}",
                "kind": "nudge",
                "to_phone": e.phone,
                "body": _nudge_body(e.text, e.language),
                "user_id": e.user_id,
                "reminder_id": e.reminder_id,
                "next_attempt_at": now,
                "language": e.language,
            }
        )
    repo.mark_nudged(session, nudged, now=now)
    return enqueue_many(session, rows)


def _nudge_body(text: str, language: str) -> str:
    if text.strip():
        return t("reminder.follow_up", language, what=text)
    return t("reminder.follow_up_bare", language)


# --- a person's reminders ---------------------------------------------------------------------------------
MAX_AHEAD = timedelta(days=5 * 366)
OPEN = ("pending", "fired", "sent")


def create(
    session: Session,
    *,
    user: User,
    now: datetime,
    text: str,
    due_at: datetime,
    rrule: str | None = None,
    language: str | None = None,
    source_message_id: uuid.UUID | None = None,
    said_at: datetime | None = None,
    explicit_time: bool = True,
    nudge_every: int | None = None,
    nudge_times: int | None = None,
) -> Reminder:
    """A new reminder for `user`. `said_at` (when the person asked) decides what is "in the past": a time
    that passed only while the request waited on our side is kept and rings at once.

    `explicit_time`: the person asked for this clock time ("à 23h"), so it rings then even in their quiet
    hours. False for a time counted from now ("dans 2 h"), a snooze, a default hour: a one-off due inside
    quiet hours is then set at their end (the confirmation tells the true time); a series is held by the
    sweep. `nudge_every` minutes / `nudge_times`: escalation when nobody answers (both or neither)."""
    if due_at.tzinfo is None:
        raise InvalidInput("reminder.naive_time", field="when")
    if due_at <= (said_at or now):
        raise InvalidInput("reminder.in_past", key="reminder.in_past_short", field="when")
    if due_at - now > MAX_AHEAD:
        raise InvalidInput("reminder.too_far", key="reminder.too_far", field="when")
    check_escalation(nudge_every, nudge_times)
    if not explicit_time and rrule is None:
        due_at = _after_quiet_hours(session, user, due_at)
    reminder_id = repo.add(
        session,
        user_id=user.id,
        text=text.strip(),
        due_at=due_at,
        timezone=user.timezone,
        source_message_id=source_message_id,
        rrule=rrule,
        now=now,
        language=language or user.language,
        explicit_time=explicit_time,
        nudge_every=nudge_every,
        nudge_times=nudge_times,
    )
    if reminder_id is None:  # this message already created one (a replayed turn): that one
        existing = (
            repo.by_source_message(session, source_message_id, text=text.strip(), due_at=due_at)
            if source_message_id
            else None
        )
        if existing is None or existing.user_id != user.id:
            raise Conflict("reminder.duplicate")
        return existing
    reminder = repo.get_for_user(session, user.id, reminder_id)
    assert reminder is not None
    return reminder


def _after_quiet_hours(session: Session, user: User, due_at: datetime) -> datetime:
    """`due_at`, or the end of the person's quiet hours when it falls inside them (UTC)."""
    from shared.users.service import quiet_hours_of

    quiet = quiet_hours_of(session, user=user)
    if quiet is None:
        return due_at
    return quiet.until(due_at, ZoneInfo(user.timezone)).astimezone(UTC)


ESCALATION_EVERY = (5, 720)  # minutes between nudges
ESCALATION_TIMES = (1, 10)  # nudges at most


def check_escalation(every: int | None, times: int | None) -> None:
    """Both or neither, within bounds, or InvalidInput."""
    if every is None and times is None:
        return
    if (
        every is None
        or times is None
        or not ESCALATION_EVERY[0] <= every <= ESCALATION_EVERY[1]
        or not ESCALATION_TIMES[0] <= times <= ESCALATION_TIMES[1]
    ):
        raise InvalidInput(
            "reminder.bad_escalation",
            key="settings.escalation_bounds",
            field="escalation",
            low=ESCALATION_EVERY[0],
            high=ESCALATION_EVERY[1],
            most=ESCALATION_TIMES[1],
        )


def set_escalation(
    session: Session, *, user: User, now: datetime, reminder_id: uuid.UUID, every: int | None, times: int | None
) -> Reminder:
    """Make an open reminder insist when nobody answers (a nudge every `every` minutes, at most `times`), or
    stop insisting (both None)."""
    check_escalation(every, times)
    reminder = get(session, user=user, reminder_id=reminder_id)
    if reminder.status not in OPEN:
        raise Conflict("reminder.not_open", key="reminder.not_open")
    reminder.nudge_every = every
    reminder.nudge_times = times
    reminder.updated_at = now
    return reminder


def explicit_words(words: str, *, said: datetime, lang: str) -> bool:
    """Whether time words name a clock time ("à 23h", "demain 9h", "at 11pm"): such a reminder rings at that
    time even in quiet hours. "dans 2 h", "ce soir", "demain" (a default hour) are not explicit. For the tools:
    `create(..., explicit_time=explicit_words(args.when, said=ctx.said, lang=ctx.lang))`."""
    from shared.brains.offline.timeparse import parse_time

    if not words.strip():
        return False
    match = parse_time(words, now=said, lang=lang)  # type: ignore[arg-type]
    if match is None:
        return True  # a series or a shape only the full resolver reads ("tous les jours à 21h"): as asked
    return "clock" in match.kinds and "rel" not in match.kinds


def upcoming(session: Session, *, user: User, now: datetime, limit: int = 20) -> list[Reminder]:
    """The person's reminders still to ring, soonest first."""
    return repo.list_for_user(session, user.id, statuses=("pending",), limit=limit)


def between(session: Session, *, user: User, start: datetime, end: datetime) -> list[Reminder]:
    """The person's pending reminders due in [start, end), soonest first (the planner's "what's my day")."""
    return repo.between(session, user.id, start=start, end=end)


def page(
    session: Session, *, user: User, statuses: tuple[str, ...], cursor: Cursor | None, limit: int
) -> Page[Reminder]:
    """A page of the person's reminders in these statuses, soonest first (the API's list)."""
    return repo.page_for_user(session, user.id, statuses=statuses, cursor=cursor, limit=limit)


def update(
    session: Session,
    *,
    user: User,
    now: datetime,
    reminder_id: uuid.UUID,
    text: str | None = None,
    due_at: datetime | None = None,
    rrule: str | None = None,
) -> Reminder:
    """Change what a pending reminder says, when it rings, or its rule (validated)."""
    reminder = get(session, user=user, reminder_id=reminder_id)
    if reminder.status != "pending":
        raise Conflict("reminder.not_open", key="reminder.not_open")
    if rrule is not None:
        check_rule(rrule, reminder.timezone)
        reminder.rrule = rrule or None
    if due_at is not None:
        if due_at <= now:
            raise InvalidInput("reminder.in_past", key="reminder.in_past_short", field="due_at")
        reminder.due_at = due_at
        reminder.hold_until = None
        reminder.explicit_time = True
    if text is not None:
        reminder.text = text.strip()
    reminder.updated_at = now
    return reminder


def check_rule(rule: str, zone: str) -> None:
    """An RFC 5545 rule we can expand (DTSTART + RRULE), or InvalidInput."""
    if not rule:
        return
    try:
        from dateutil.rrule import rrulestr

        rrulestr(rule)
        ZoneInfo(zone)
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput("reminder.bad_rule", key="reminder.bad_rule", field="rrule") from exc


def in_statuses(session: Session, *, user: User, statuses: tuple[str, ...], limit: int) -> list[Reminder]:
    """The person's reminders in these statuses, soonest first (the API's list)."""
    return repo.list_for_user(session, user.id, statuses=statuses, limit=limit)


def get(session: Session, *, user: User, reminder_id: uuid.UUID) -> Reminder:
    """One of the person's reminders (NotFound for anyone else's)."""
    reminder = repo.get_for_user(session, user.id, reminder_id)
    if reminder is None:
        raise NotFound("reminder.not_found", key="reminder.not_found")
    return reminder


def find(session: Session, *, user: User, now: datetime, words: str, limit: int = 5) -> list[Reminder]:
    """Open reminders whose text holds the person's words (accents and case aside), the best match first."""
    wanted = [w for w in _words(words) if (len(w) > 2 or w.isdigit()) and w not in _COMMON]
    if not wanted:
        return []
    candidates = repo.search(session, user.id, wanted, statuses=OPEN)
    scored = []
    for reminder in candidates:
        have = set(_words(reminder.text))
        hits = sum(1 for w in wanted if w in have or any(h.startswith(w) for h in have))
        if hits:
            scored.append((-hits, reminder.status != "pending", reminder.due_at, reminder))
    return [r for *_, r in sorted(scored, key=lambda x: (x[0], x[1], x[2]))[:limit]]


# Words too common to name a reminder ("the", "les", "pour"…): searching for them finds everything.
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
        "tes",
        "son",
        "ses",
        "notre",
        "vos",
        "leur",
        "rappel",
        "rappels",
        "reminder",
        "reminders",
    }
)


def cancel(session: Session, *, user: User, now: datetime, reminder_id: uuid.UUID) -> Reminder:
    reminder = get(session, user=user, reminder_id=reminder_id)
    if reminder.status not in OPEN:
        raise Conflict("reminder.not_open", key="reminder.not_open")
    reminder.status = "cancelled"
    reminder.updated_at = now
    return reminder


def acknowledge(session: Session, *, user: User, now: datetime, reminder_id: uuid.UUID) -> Reminder:
    """Done. A series stays (its next occurrence is already scheduled); a one-off is closed."""
    reminder = get(session, user=user, reminder_id=reminder_id)
    if reminder.rrule is None and reminder.status in ("fired", "sent"):
        reminder.status = "acknowledged"
        reminder.updated_at = now
    return reminder


def snooze(
    session: Session,
    *,
    user: User,
    now: datetime,
    reminder_id: uuid.UUID,
    until: datetime,
    source_message_id: uuid.UUID | None = None,
    explicit_time: bool = False,
) -> Reminder:
    """Ring it again at `until`: a new one-off copy (a series keeps its own schedule), insisting like the
    original. A snooze ("+30") is not a clock time the person asked for: inside quiet hours it waits for
    their end (the tools may pass explicit_time=True for "demain 9h")."""
    reminder = get(session, user=user, reminder_id=reminder_id)
    if reminder.status == "acknowledged":
        raise Conflict("reminder.already_done", key="reminder.already_done", what=reminder.text)
    return create(
        session,
        user=user,
        now=now,
        text=reminder.text,
        due_at=until,
        language=reminder.language,
        source_message_id=source_message_id,
        explicit_time=explicit_time,
        nudge_every=reminder.nudge_every,
        nudge_times=reminder.nudge_times,
    )


def move(
    session: Session,
    *,
    user: User,
    now: datetime,
    reminder_id: uuid.UUID,
    due_at: datetime,
    source_message_id: uuid.UUID | None = None,
    explicit_time: bool = True,
) -> Reminder:
    """Change when it rings. One that has not rung moves; one that rang gets a new copy at the new time:
    either way exactly one pending copy remains (docs/time.md)."""
    reminder = get(session, user=user, reminder_id=reminder_id)
    if due_at <= now:
        raise InvalidInput("reminder.in_past", key="reminder.in_past_short", field="when")
    if reminder.status == "pending" and reminder.fired_at is None:
        if not explicit_time and reminder.rrule is None:
            due_at = _after_quiet_hours(session, user, due_at)
        reminder.due_at = due_at
        reminder.explicit_time = explicit_time
        reminder.hold_until = None
        reminder.updated_at = now
        return reminder
    if reminder.status not in OPEN:
        raise Conflict("reminder.not_open", key="reminder.not_open")
    return create(
        session,
        user=user,
        now=now,
        text=reminder.text,
        due_at=due_at,
        language=reminder.language,
        source_message_id=source_message_id,
        explicit_time=explicit_time,
        nudge_every=reminder.nudge_every,
        nudge_times=reminder.nudge_times,
    )


def recent(
    session: Session, *, user: User, now: datetime, rung_within: timedelta, set_within: timedelta
) -> tuple[list[Reminder], list[Reminder]]:
    """What a reply can be about, in one query: (open reminders that rang lately, latest first; reminders set
    lately that have not rung yet, newest first)."""
    rows = repo.recent(session, user.id, rung_since=now - rung_within, set_since=now - set_within)
    rung = sorted(
        (r for r in rows if r.fired_at is not None and r.fired_at >= now - rung_within),
        key=lambda r: r.fired_at or now,
        reverse=True,
    )
    just_set = sorted(
        (r for r in rows if r.fired_at is None and r.status == "pending" and r.created_at >= now - set_within),
        key=lambda r: r.created_at,
        reverse=True,
    )
    return rung[:10], just_set[:5]


def rung_recently(session: Session, *, user: User, now: datetime, within: timedelta) -> list[Reminder]:
    """What "fait" or "+10" can be about: open reminders that rang within `within`, latest first."""
    return repo.recently_rung(session, user.id, since=now - within)


def set_recently(session: Session, *, user: User, now: datetime, within: timedelta) -> list[Reminder]:
    """What "en fait plutôt 17h" can be about: reminders set within `within` that have not rung yet."""
    return repo.recently_set(session, user.id, since=now - within)


def _words(text: str) -> list[str]:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return [w for w in re.split(r"[^a-z0-9]+", plain) if w]
