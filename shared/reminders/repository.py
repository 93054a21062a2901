"""Reminders: every query about them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import JSON, DateTime, Uuid, bindparam, column, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, aliased

from shared.db.base import Base
from shared.db.paging import Cursor, Page, after, page
from shared.messaging.models import Message, Outbox
from shared.reminders.models import Reminder
from shared.users.models import User, UserSettings


def add(
    session: Session,
    *,
    user_id: uuid.UUID,
    text: str,
    due_at: datetime,
    timezone: str,
    source_message_id: uuid.UUID | None = None,
    rrule: str | None = None,
    now: datetime | None = None,
    language: str | None = None,
    explicit_time: bool = True,
    nudge_every: int | None = None,
    nudge_times: int | None = None,
) -> uuid.UUID | None:
    """Create a reminder; None when this message already created one (a replayed turn). `now` is the app's
    clock (the emulator's and the tests' can travel), compared later with times it wrote, such as fired_at."""
    return session.execute(
        insert(Reminder)
        .values(
            user_id=user_id,
            text=text,
            due_at=due_at,
            timezone=timezone,
            source_message_id=source_message_id,
            rrule=rrule,
            language=language,
            explicit_time=explicit_time,
            nudge_every=nudge_every,
            nudge_times=nudge_times,
            **({"created_at": now, "updated_at": now} if now is not None else {}),
        )
        .on_conflict_do_nothing(index_elements=[Reminder.source_message_id, Reminder.due_at, func.md5(Reminder.text)])
        .returning(Reminder.id)
    ).scalar_one_or_none()


def list_for_user(session: Session, user_id: uuid.UUID, *, statuses: tuple[str, ...], limit: int) -> list[Reminder]:
    return list(
        session.scalars(
            select(Reminder)
            .where(Reminder.user_id == user_id, Reminder.status.in_(statuses))
            .order_by(Reminder.due_at)
            .limit(limit)
        )
    )


@dataclass(frozen=True, slots=True)
class Fired:
    id: uuid.UUID
    user_id: uuid.UUID
    text: str
    due_at: datetime
    phone: str | None
    language: str
    rrule: str | None
    timezone: str
    rings_at: datetime  # due_at, or later when quiet hours held it


def fire_due(session: Session, *, now: datetime, limit: int) -> list[Fired]:
    """Claim due reminders (FOR UPDATE SKIP LOCKED: concurrent sweeps take disjoint rows) and mark them fired.

    The caller writes them to the outbox in the same transaction, so a crash loses neither.
    """
    due = (
        select(Reminder.id)
        .where(
            Reminder.status == "pending",
            Reminder.due_at <= now,
            or_(Reminder.hold_until.is_(None), Reminder.hold_until <= now),
        )
        .order_by(Reminder.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = session.execute(
        update(Reminder)
        .where(Reminder.id.in_(due.scalar_subquery()), User.id == Reminder.user_id)
        .values(status="fired", fired_at=now, nudged=0, last_nudged_at=None)
        .returning(
            Reminder.id,
            Reminder.user_id,
            Reminder.text,
            Reminder.due_at,
            User.phone,
            func.coalesce(Reminder.language, User.language),  # it rings in the language it was asked in
            Reminder.rrule,
            Reminder.timezone,
            func.greatest(Reminder.due_at, func.coalesce(Reminder.hold_until, Reminder.due_at)),
        )
    ).all()
    return [Fired(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Holdable:
    id: uuid.UUID
    due_at: datetime
    timezone: str
    quiet_start: time
    quiet_end: time


def holdable(session: Session, *, now: datetime, limit: int) -> list[Holdable]:
    """Due reminders whose time was not asked for explicitly, of people with quiet hours, not yet looked at by
    the quiet-hours pass (locked, SKIP LOCKED: concurrent sweeps take disjoint rows)."""
    rows = session.execute(
        select(
            Reminder.id, Reminder.due_at, User.timezone, UserSettings.quiet_hours_start, UserSettings.quiet_hours_end
        )
        .join(User, User.id == Reminder.user_id)
        .join(UserSettings, UserSettings.user_id == Reminder.user_id)
        .where(
            Reminder.status == "pending",
            Reminder.due_at <= now,
            Reminder.hold_until.is_(None),
            Reminder.explicit_time.is_(False),
            UserSettings.quiet_hours_start.is_not(None),
            UserSettings.quiet_hours_end.is_not(None),
        )
        .order_by(Reminder.due_at)
        .limit(limit)
        .with_for_update(of=Reminder, skip_locked=True)
    ).all()
    return [Holdable(*row) for row in rows]


def hold_many(session: Session, until: dict[uuid.UUID, datetime]) -> None:
    """Record when each reminder may ring (its due time when outside quiet hours), in one statement."""
    if not until:
        return
    table = Base.metadata.tables["reminders"]
    rows = (
        func.json_to_recordset(bindparam("rows", type_=JSON))
        .table_valued(column("id", Uuid), column("hold_until", DateTime(timezone=True)))
        .render_derived(name="r", with_types=True)
    )
    session.execute(
        update(table).where(table.c.id == rows.c.id).values(hold_until=rows.c.hold_until),
        {"rows": [{"id": str(k), "hold_until": v.isoformat()} for k, v in until.items()]},
    )


def mark_undeliverable(session: Session, ids: list[uuid.UUID]) -> None:
    """Reminders that cannot reach anyone (no phone): failed and visible, never silently dropped."""
    if ids:
        session.execute(update(Reminder).where(Reminder.id.in_(ids)).values(status="failed"))


def reschedule_many(session: Session, next_due: dict[uuid.UUID, datetime]) -> None:
    """Put recurring reminders back to pending at their next occurrence, in one statement."""
    if not next_due:
        return
    table = Base.metadata.tables["reminders"]  # Core: with a parameter dict the ORM would bulk-update
    rows = (
        func.json_to_recordset(bindparam("rows", type_=JSON))
        .table_valued(column("id", Uuid), column("due_at", DateTime(timezone=True)))
        .render_derived(name="r", with_types=True)
    )
    session.execute(
        update(table).where(table.c.id == rows.c.id).values(due_at=rows.c.due_at, status="pending", hold_until=None),
        {"rows": [{"id": str(k), "due_at": v.isoformat()} for k, v in next_due.items()]},
    )


def last_rung(session: Session, user_id: uuid.UUID, *, since: datetime) -> Reminder | None:
    """The person's reminder that rang most recently, if it rang after `since`."""
    return session.scalars(
        select(Reminder)
        # A reminder marked done is closed: "+10" after "fait" must not bring back a medication taken.
        .where(
            Reminder.user_id == user_id,
            Reminder.fired_at >= since,
            Reminder.status.not_in(("cancelled", "acknowledged")),
        )
        .order_by(Reminder.fired_at.desc())
        .limit(1)
    ).one_or_none()


@dataclass(frozen=True, slots=True)
class Unanswered:
    outbox_id: uuid.UUID
    reminder_id: uuid.UUID
    user_id: uuid.UUID
    phone: str
    text: str
    language: str
    timezone: str
    quiet_start: time | None = None
    quiet_end: time | None = None
    daily_cap: int | None = None


def unanswered(session: Session, *, sent_before: datetime, sent_after: datetime, limit: int) -> list[Unanswered]:
    """Reminder SMS sent in the window that got no message back from the person since, not yet followed up."""
    followup = aliased(Outbox)
    later_message = (
        select(Message.id)
        .where(Message.user_id == Outbox.user_id, Message.direction == "in", Message.received_at > Outbox.sent_at)
        .exists()
    )
    already = select(followup.id).where(followup.idempotency_key == func.concat("followup:", Outbox.id)).exists()
    rows = session.execute(
        select(
            Outbox.id,
            Reminder.id,
            User.id,
            User.phone,
            Reminder.text,
            User.language,
            User.timezone,
            UserSettings.quiet_hours_start,
            UserSettings.quiet_hours_end,
            UserSettings.daily_cap,
        )
        .join(Reminder, Reminder.id == Outbox.reminder_id)
        .join(User, User.id == Outbox.user_id)
        .outerjoin(UserSettings, UserSettings.user_id == Outbox.user_id)
        .where(
            Outbox.kind == "reminder",
            Outbox.status == "sent",
            Outbox.sent_at <= sent_before,
            Outbox.sent_at > sent_after,
            Reminder.status.not_in(("acknowledged", "cancelled")),
            Reminder.nudge_times.is_(None),  # one that insists has its own nudges (escalating)
            User.sms_status == "active",
            ~later_message,
            ~already,
        )
        .limit(limit)
    ).all()
    return [Unanswered(*row) for row in rows]


def latest_one_off(session: Session, user_id: uuid.UUID, *, since: datetime) -> Reminder | None:
    """The one-off reminder the person set or got most recently (since `since`): what "en fait plutôt 17h"
    refers to."""
    touched = func.greatest(Reminder.created_at, func.coalesce(Reminder.fired_at, Reminder.created_at))
    return session.scalars(
        select(Reminder)
        .where(
            Reminder.user_id == user_id,
            Reminder.rrule.is_(None),
            Reminder.status.in_(("pending", "fired", "sent")),
            touched >= since,
        )
        .order_by(touched.desc())
        .limit(1)
    ).one_or_none()


def mark_delivered(session: Session, ids: list[uuid.UUID], *, now: datetime) -> None:
    """Their SMS went out: a reminder that rang (or was given up on) is sent."""
    if ids:
        session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status.in_(("fired", "failed")))
            .values(status="sent", sent_at=now)
        )


def mark_lost(session: Session, ids: list[uuid.UUID], *, status: str) -> None:
    """Their SMS ended for good: failed, or suppressed (STOP). A reminder answered since is left alone."""
    if ids:
        session.execute(
            update(Reminder).where(Reminder.id.in_(ids), Reminder.status.in_(("fired", "sent"))).values(status=status)
        )


def text_of(session: Session, reminder_id: uuid.UUID) -> str | None:
    return session.scalar(select(Reminder.text).where(Reminder.id == reminder_id))


def get_for_user(session: Session, user_id: uuid.UUID, reminder_id: uuid.UUID) -> Reminder | None:
    """One of this person's reminders, locked for the change (another person's id finds nothing)."""
    return session.scalars(
        select(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id).with_for_update()
    ).one_or_none()


def recently_rung(session: Session, user_id: uuid.UUID, *, since: datetime, limit: int = 10) -> list[Reminder]:
    """Reminders that rang since `since` and are still open, most recent first."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.fired_at >= since,
                Reminder.status.in_(("fired", "sent", "pending")),
            )
            .order_by(Reminder.fired_at.desc())
            .limit(limit)
        )
    )


def recently_set(session: Session, user_id: uuid.UUID, *, since: datetime, limit: int = 5) -> list[Reminder]:
    """One-off reminders set since `since` that have not rung yet, newest first."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.created_at >= since,
                Reminder.status == "pending",
                Reminder.fired_at.is_(None),
            )
            .order_by(Reminder.created_at.desc())
            .limit(limit)
        )
    )


def by_source_message(session: Session, message_id: uuid.UUID, *, text: str, due_at: datetime) -> Reminder | None:
    """The reminder this message already set for this text and time (a replayed turn)."""
    return session.scalars(
        select(Reminder).where(
            Reminder.source_message_id == message_id, Reminder.due_at == due_at, Reminder.text == text
        )
    ).one_or_none()


def page_for_user(
    session: Session, user_id: uuid.UUID, *, statuses: tuple[str, ...], cursor: Cursor | None, limit: int
) -> Page[Reminder]:
    """A page of the person's reminders in these statuses, by due time."""
    query = select(Reminder).where(Reminder.user_id == user_id, Reminder.status.in_(statuses))
    rows = list(session.scalars(after(query, Reminder.due_at, Reminder.id, cursor).limit(limit + 1)))
    return page(rows, limit, lambda r: r.due_at)


def search(
    session: Session, user_id: uuid.UUID, words: list[str], *, statuses: tuple[str, ...], limit: int = 50
) -> list[Reminder]:
    """The person's reminders containing any of these (folded) word prefixes: pending ones first, soonest first."""
    if not words:
        return []
    query = " | ".join(f"{w}:*" for w in words)
    matches = func.to_tsvector(text("'simple'"), Reminder.text_folded).op("@@")(func.to_tsquery("simple", query))
    return list(
        session.scalars(
            select(Reminder)
            .where(Reminder.user_id == user_id, Reminder.status.in_(statuses), matches)
            .order_by((Reminder.status != "pending"), Reminder.due_at)
            .limit(limit)
        )
    )


def recent(session: Session, user_id: uuid.UUID, *, rung_since: datetime, set_since: datetime) -> list[Reminder]:
    """Open reminders that rang since `rung_since` and pending ones set since `set_since` (one statement, two
    index ranges)."""
    rung = select(Reminder.id).where(
        Reminder.user_id == user_id, Reminder.fired_at >= rung_since, Reminder.status.in_(("fired", "sent", "pending"))
    )
    just_set = select(Reminder.id).where(
        Reminder.user_id == user_id,
        Reminder.created_at >= set_since,
        Reminder.status == "pending",
        Reminder.fired_at.is_(None),
    )
    ids = rung.union_all(just_set).subquery()
    return list(session.scalars(select(Reminder).where(Reminder.id.in_(select(ids.c.id)))))


def between(session: Session, user_id: uuid.UUID, *, start: datetime, end: datetime) -> list[Reminder]:
    """The person's pending reminders due in [start, end), by due time."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.status == "pending",
                Reminder.due_at >= start,
                Reminder.due_at < end,
            )
            .order_by(Reminder.due_at, Reminder.id)
        )
    )


@dataclass(frozen=True, slots=True)
class Escalating:
    outbox_id: uuid.UUID
    reminder_id: uuid.UUID
    user_id: uuid.UUID
    phone: str
    text: str
    language: str
    timezone: str
    nudged: int
    quiet_start: time | None
    quiet_end: time | None


def escalating(session: Session, *, now: datetime, sent_after: datetime, limit: int) -> list[Escalating]:
    """Reminders that insist: their latest SMS went out after `sent_after`, nobody answered since, they have
    nudges left and the last one (or the reminder) is at least `nudge_every` minutes old. Locked."""
    later_message = (
        select(Message.id)
        .where(Message.user_id == Outbox.user_id, Message.direction == "in", Message.received_at > Outbox.sent_at)
        .exists()
    )
    last = func.coalesce(Reminder.last_nudged_at, Outbox.sent_at)
    rows = session.execute(
        select(
            Outbox.id,
            Reminder.id,
            User.id,
            User.phone,
            Reminder.text,
            func.coalesce(Reminder.language, User.language),
            User.timezone,
            Reminder.nudged,
            UserSettings.quiet_hours_start,
            UserSettings.quiet_hours_end,
        )
        .join(Reminder, Reminder.id == Outbox.reminder_id)
        .join(User, User.id == Outbox.user_id)
        .outerjoin(UserSettings, UserSettings.user_id == Outbox.user_id)
        .where(
            Outbox.kind == "reminder",
            Outbox.status == "sent",
            Outbox.sent_at > sent_after,
            Outbox.sent_at >= Reminder.fired_at,  # its latest occurrence only
            Reminder.nudge_times.is_not(None),
            Reminder.nudged < Reminder.nudge_times,
            last <= now - func.make_interval(0, 0, 0, 0, 0, Reminder.nudge_every),
            Reminder.status.not_in(("acknowledged", "cancelled")),
            User.sms_status == "active",
            User.phone.is_not(None),
            ~later_message,
        )
        .order_by(Outbox.sent_at)
        .limit(limit)
        .with_for_update(of=Reminder, skip_locked=True)
    ).all()
    return [Escalating(*row) for row in rows]


def mark_nudged(session: Session, ids: list[uuid.UUID], *, now: datetime) -> None:
    if ids:
        session.execute(
            update(Reminder).where(Reminder.id.in_(ids)).values(nudged=Reminder.nudged + 1, last_nudged_at=now)
        )
