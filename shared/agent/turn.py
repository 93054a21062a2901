"""One conversation turn: who is texting, what they mean, what we do, what we answer.

For now the offline brain understands reminders; the ToolRegistry and Gemini arrive with the agent.
Everything a turn decides (user, reminder, reply in the outbox, log, job done) commits together.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.agent.models import AgentLog
from shared.brains.offline.recurrence import describe
from shared.brains.offline.reminders import ReminderIntent, ReminderNeedsTime, understand_reminder
from shared.brains.offline.replies import Acknowledge, Reschedule, Snooze, understand_reply
from shared.i18n.detect import detect_language
from shared.i18n.format import format_when
from shared.i18n.messages import t
from shared.jobs import repository as jobs
from shared.messaging import repository as messaging
from shared.messaging.keywords import keyword
from shared.messaging.models import Message
from shared.messaging.segments import fit, fit_field
from shared.reminders import repository as reminders
from shared.reminders.models import Reminder
from shared.users import repository as users
from shared.users.models import User
from shared.users.service import guess_language, guess_timezone

MAX_AHEAD = timedelta(days=5 * 366)
RESCHEDULE_WINDOW = timedelta(hours=1)  # "en fait plutôt 17h" refers to a reminder set or rung this recently
REPLY_WINDOW = timedelta(hours=12)  # "fait" or "+10" refers to a reminder that rang this recently


@dataclass(frozen=True)
class TurnDefaults:
    timezone_fr: str = "Europe/Paris"
    timezone_en: str = "America/New_York"
    max_per_minute: int = 10  # inbound messages per phone acted on; beyond, stored but set aside
    max_per_hour: int = 60


@dataclass
class Reply:
    text: str
    intent: str
    tool_calls: list[dict[str, object]] = field(default_factory=list)
    # A sentence quoting the person's own words: rendered again with them shortened if it runs over the
    # segment budget (the stored reminder keeps every word).
    what: str = ""
    render: Callable[[str], str] | None = None

    def fitted(self, prefix: str = "") -> str:
        """The reply (after `prefix`), never over MAX_SEGMENTS."""
        if self.render is None or not self.text:
            return fit(prefix + self.text) if self.text else ""
        render = self.render
        return fit_field(lambda what: prefix + render(what), self.what)


def _quoting(
    key: str, lang: str, intent: str, what: str, calls: list[dict[str, object]] | None = None, **kw: str
) -> Reply:
    """A reply whose sentence quotes `what` (the person's words)."""

    def render(w: str) -> str:
        return t(key, lang, what=w, **kw)

    return Reply(render(what), intent, calls or [], what=what, render=render)


def run_turn(session: Session, *, job_id: uuid.UUID, now: datetime, defaults: TurnDefaults) -> uuid.UUID | None:
    """Handle the agent-turn job `job_id`; return the reply's outbox id (None if there was nothing to do)."""
    started = time.perf_counter()
    job = jobs.lock_pending(session, job_id, now=now)
    if job is None:
        return None  # already handled, or another worker holds it
    message = messaging.get_message(session, uuid.UUID(str(job.payload["message_id"])))
    if message is None:
        jobs.mark_done(session, job, now=now)
        return None
    lang_guess = detect_language(message.body, default=guess_language(message.from_phone))  # type: ignore[arg-type]
    user, created = users.get_or_create_by_phone(
        session,
        phone=message.from_phone,
        language=lang_guess,
        timezone=guess_timezone(
            message.from_phone, language=lang_guess, default_fr=defaults.timezone_fr, default_en=defaults.timezone_en
        ),
    )
    message.user_id = user.id
    user.last_seen_at = now
    if keyword(message.body) is None and _too_many(session, message, limits=defaults):
        reply = _slow_down(session, user=user, message=message, now=now)
        key = f"slow-down:{user.id}:{message.received_at:%Y%m%d%H}"  # one "slow down" an hour, at most
    else:
        reply = respond(session, user=user, message=message, now=now)
        key = f"reply:{message.id}"
    text = reply.fitted(t("welcome", user.language) if created else "")
    outbox_id = None
    if text:  # after STOP we say nothing: the carrier confirms, and would block us anyway
        outbox_id = messaging.enqueue(
            session,
            key=key,
            kind="reply",
            to_phone=message.from_phone,
            body=text,
            now=now,
            user_id=user.id,
            in_reply_to=message.id,
            language=user.language,
        )
    session.add(
        AgentLog(
            user_id=user.id,
            message_id=message.id,
            brain="offline",
            intent=reply.intent,
            tool_calls=reply.tool_calls,
            reply=text or None,
            latency_ms=int((time.perf_counter() - started) * 1000),
        )
    )
    jobs.mark_done(session, job, now=now)
    return outbox_id


def _too_many(session: Session, message: Message, *, limits: TurnDefaults) -> bool:
    """More messages from this phone than a person plausibly types (a loop, a script, a flood)?"""
    at = message.received_at
    last_minute = messaging.count_inbound(session, message.from_phone, after=at - timedelta(minutes=1), until=at)
    if last_minute > limits.max_per_minute:
        return True
    return messaging.count_inbound(session, message.from_phone, after=at - timedelta(hours=1), until=at) > (
        limits.max_per_hour
    )


def _slow_down(session: Session, *, user: User, message: Message, now: datetime) -> Reply:
    """Stored, not acted on; one polite word (the outbox key keeps it to one an hour)."""
    if user.sms_status != "active":
        return Reply("", "inbound.throttled")
    lang = detect_language(message.body, default=user.language)  # type: ignore[arg-type]
    return Reply(t("inbound.slow_down", lang), "inbound.throttled")


def respond(session: Session, *, user: User, message: Message, now: datetime) -> Reply:
    """Understand one message and act on it (offline brain)."""
    lang = detect_language(message.body, default=user.language)  # type: ignore[arg-type]
    match keyword(message.body):
        case "stop":
            user.sms_status = "opted_out"
            return Reply("", "sms.stop")
        case "start":
            user.sms_status = "active"
            return Reply(t("sms.started", user.language), "sms.start")
        case "help":
            return Reply(t("sms.help", user.language), "sms.help")
    if user.sms_status == "opted_out":  # we could not even confirm it: act on nothing until START
        return Reply("", "sms.opted_out")
    zone = ZoneInfo(user.timezone)
    local_now = now.astimezone(zone)
    # Words like "dans 20 min" count from when the person wrote, not from when we got to it (a message kept in
    # the spill during an outage, or a queue running late): the webhook's receipt time is that moment.
    said = min(message.received_at, now).astimezone(zone)
    answer = understand_reply(message.body, now=said, lang=lang)
    if isinstance(answer, Reschedule):
        target = reminders.latest_one_off(session, user.id, since=now - RESCHEDULE_WINDOW)
        if target is not None:
            return _move(session, answer, target, user=user, message=message, now=said, lang=lang)
    elif answer is not None:
        rung = reminders.last_rung(session, user.id, since=now - REPLY_WINDOW)
        if rung is not None:
            return _answer_to_reminder(session, answer, rung, user=user, message=message, now=said, lang=lang)
    intent = understand_reminder(message.body, now=said, lang=lang)
    if isinstance(intent, ReminderIntent):
        due = intent.when
        when_text = format_when(due, now=local_now, lang=lang)
        # Instants, not wall clocks (DST's repeated hour). Past when it was said; a time that passed only
        # while the message waited on our side is kept, and rings at once, saying it is late.
        if due.astimezone(ZoneInfo("UTC")) <= said:
            return Reply(t("reminder.in_past", lang, when=_capitalize(when_text)), "reminder.in_past")
        if due - said > MAX_AHEAD:
            return Reply(t("reminder.too_far", lang), "reminder.too_far")
        reminder_id = reminders.add(
            session,
            user_id=user.id,
            text=intent.what,
            due_at=due.astimezone(ZoneInfo("UTC")),
            timezone=user.timezone,
            source_message_id=message.id,
            rrule=intent.rule,
            now=now,
        )
        args = {"text": intent.what, "due_at": due.isoformat(), **({"rrule": intent.rule} if intent.rule else {})}
        call: dict[str, object] = {"name": "create_reminder", "args": args, "result": str(reminder_id)}
        if intent.recurrence is not None and intent.at is not None:
            every = describe(intent.recurrence, intent.at, first=due.date(), lang=lang)
            what = intent.what or ("te faire signe" if lang == "fr" else "check in")
            return _quoting(
                "reminder.confirm_recurring", lang, "reminder.create", what, [call], every=every, first=when_text
            )
        if not intent.what:
            return Reply(t("reminder.confirm_bare", lang, when=when_text), "reminder.create", [call])
        return _quoting("reminder.confirm", lang, "reminder.create", intent.what, [call], when=when_text)
    if isinstance(intent, ReminderNeedsTime):
        if not intent.what:
            return Reply(t("reminder.ask_what_when", lang), "reminder.ask_what_when")
        return _quoting("reminder.ask_when", lang, "reminder.ask_when", intent.what)
    return Reply(t("help.not_understood", lang), "unknown")


def _move(
    session: Session,
    answer: Reschedule,
    target: Reminder,
    *,
    user: User,
    message: Message,
    now: datetime,
    lang: str,
) -> Reply:
    """Move the reminder just set to the new time; one that already rang gets a new copy. Either way
    exactly one pending copy remains, at the new time (CONVENTIONS.md)."""
    when = answer.when
    own_day = target.due_at.astimezone(now.tzinfo).date()
    if answer.time_only and target.status == "pending" and own_day > now.date():
        when = datetime.combine(own_day, when.timetz().replace(tzinfo=None), tzinfo=now.tzinfo)
    when = when.astimezone(ZoneInfo("UTC")).astimezone(now.tzinfo)  # a time in a DST gap moves forward
    moved_id: uuid.UUID | None
    if target.status == "pending":
        target.due_at = when.astimezone(ZoneInfo("UTC"))
        moved_id = target.id
    else:
        moved_id = reminders.add(
            session,
            user_id=user.id,
            text=target.text,
            due_at=when.astimezone(ZoneInfo("UTC")),
            timezone=user.timezone,
            source_message_id=message.id,
            now=now,
        )
    what = target.text or ("te faire signe" if lang == "fr" else "check in")
    call: dict[str, object] = {
        "name": "move_reminder",
        "args": {"id": str(target.id), "due_at": when.isoformat()},
        "result": str(moved_id),
    }
    when_text = format_when(when, now=now, lang=lang)  # type: ignore[arg-type]
    return _quoting("reminder.moved", lang, "reminder.move", what, [call], when=when_text)


def _answer_to_reminder(
    session: Session,
    answer: Acknowledge | Snooze,
    rung: Reminder,
    *,
    user: User,
    message: Message,
    now: datetime,
    lang: str,
) -> Reply:
    """ "fait" closes a one-off reminder that rang; "+10" or "plus tard" rings it again later."""
    if isinstance(answer, Acknowledge):
        if rung.rrule is None and rung.status in ("fired", "sent"):
            rung.status = "acknowledged"
        return Reply(
            t("reminder.ack", lang),
            "reminder.acknowledge",
            [{"name": "acknowledge_reminder", "args": {"id": str(rung.id)}}],
        )
    reminder_id = reminders.add(
        session,
        user_id=user.id,
        text=rung.text,
        due_at=answer.until.astimezone(ZoneInfo("UTC")),
        timezone=user.timezone,
        source_message_id=message.id,
        now=now,
    )
    what = rung.text or ("te faire signe" if lang == "fr" else "check in")
    call: dict[str, object] = {
        "name": "snooze_reminder",
        "args": {"id": str(rung.id), "until": answer.until.isoformat()},
        "result": str(reminder_id),
    }
    when_text = format_when(answer.until, now=now, lang=lang)  # type: ignore[arg-type]
    return _quoting("reminder.snoozed", lang, "reminder.snooze", what, [call], when=when_text)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def record_failure(session: Session, *, job_id: uuid.UUID, error: str, now: datetime, max_attempts: int = 3) -> None:
    """A turn crashed: retry it with backoff; after the last attempt, tell the person instead of going silent."""
    job = jobs.get(session, job_id)
    if job is None or job.status != "pending":
        return
    last = job.attempts + 1 >= max_attempts
    retry_at = None if last else now + timedelta(seconds=15 * 2**job.attempts)
    jobs.record_failure(session, job_id, error=error, now=now, retry_at=retry_at)
    if last:
        message = messaging.get_message(session, uuid.UUID(str(job.payload["message_id"])))
        person = users.get_by_phone(session, message.from_phone) if message is not None else None
        if message is not None and (person is None or person.sms_status == "active"):
            lang = detect_language(message.body, default=guess_language(message.from_phone))  # type: ignore[arg-type]
            messaging.enqueue(
                session,
                key=f"reply:{message.id}",
                kind="reply",
                to_phone=message.from_phone,
                body=t("error.sorry", lang),
                now=now,
                user_id=person.id if person else None,
                in_reply_to=message.id,
                language=lang,
            )
