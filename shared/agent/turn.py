"""One conversation turn, orchestrated: lock the job, find the person, carrier keywords, limits, the brain
(through the ToolRegistry), the reply into the outbox, the agent log. It decides nothing itself: the brain
understands, the tools act through services, and the state remembers what was asked.

Everything a turn decides commits together (person, reminders, reply, log, job); the conversation state
is saved to Redis by the caller after the commit.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from shared.agent.brain import Brain, Thought
from shared.agent.models import AgentLog
from shared.agent.registry import Ask, Done, Lang, Refused, ToolContext, ToolRegistry
from shared.agent.state import Last, Pending, State
from shared.brains.gemini.context import WithMemories
from shared.db import rls
from shared.errors import Conflict
from shared.i18n.detect import detect_language
from shared.i18n.messages import t
from shared.jobs import repository as jobs
from shared.messaging import repository as messaging
from shared.messaging.keywords import keyword
from shared.messaging.models import Message
from shared.messaging.segments import fit
from shared.onboarding import service as onboarding
from shared.reminders import service as reminders
from shared.users import repository as users
from shared.users.models import User
from shared.users.service import guess_language, guess_timezone

log = logging.getLogger("boussole.agent.turn")

RUNG_WINDOW = timedelta(hours=12)  # "fait" or "+10" is about a reminder that rang this recently
SET_WINDOW = timedelta(hours=1)  # "en fait plutôt 17h" is about a reminder set this recently
SWITCH_AFTER = 2  # messages in a row in the other language before we switch to it
ERASED_SID_TTL = 86_400  # seconds a confirmed erasure's MessageSid is remembered (Twilio retries within minutes)


def erased_key(message_sid: str) -> str:
    """The cache key remembering that this inbound MessageSid confirmed an erasure (it names no one)."""
    return f"erased-sid:{message_sid}"


@dataclass(frozen=True)
class TurnDefaults:
    timezone_fr: str = "Europe/Paris"
    timezone_en: str = "America/New_York"
    max_per_minute: int = 10  # inbound messages per phone acted on; beyond, stored but set aside
    max_per_hour: int = 60
    reply_lease: timedelta = timedelta(seconds=60)  # the reply is leased as it is written, and sent right after
    backup_days: int = 35  # erasure by SMS says until when backups still hold the data
    audit_secret: str = ""  # the deployment's key for audit pseudonyms
    max_per_day: int = (
        300  # the daily cap on what one phone costs (each message acted on is a reply, maybe a model call)
    )


@dataclass
class TurnResult:
    outbox_id: uuid.UUID | None
    reply: messaging.Claimed | None = None  # leased to us: send it once the transaction has committed
    user_id: uuid.UUID | None = None
    state: State | None = None  # to save once the transaction has committed
    log: dict[str, Any] = field(default_factory=dict)


def run_turn(
    session: Session,
    *,
    job_id: uuid.UUID,
    now: datetime,
    defaults: TurnDefaults,
    brain: Brain,
    registry: ToolRegistry,
    state: State | None = None,
    load_state: Any = None,
    cache: Any = None,
) -> TurnResult | None:
    """Handle the agent-turn job `job_id`; None if there was nothing to do (done already, held elsewhere)."""
    started = time.perf_counter()
    job = jobs.lock_pending(session, job_id, now=now)
    if job is None:
        return None
    message = messaging.get_message(session, uuid.UUID(str(job.payload["message_id"])))
    if message is None:
        jobs.mark_done(session, job, now=now)
        return None
    user, created = _person(session, message, defaults)
    if created and cache is not None and message.provider_sid and cache.get(erased_key(message.provider_sid)):
        # Twilio retried the very message that confirmed an erasure (its first copy went with the person): this
        # copy goes too, and the person is not created again. Looked up only for a number we did not know.
        session.delete(message)
        session.delete(user)
        jobs.mark_done(session, job, now=now)
        return None
    message.user_id = user.id
    user.last_seen_at = now
    rls.as_person(session, user.id)  # the phone is resolved: the rest of the turn sees only this person
    lang: Lang = detect_language(message.body, default=user.language)  # type: ignore[arg-type]
    if state is None:
        state = load_state(user.id) if load_state is not None else State()
    assert state is not None

    thought, key = _think(
        session,
        message,
        user,
        now=now,
        lang=lang,
        state=state,
        defaults=defaults,
        brain=brain,
        registry=registry,
        cache=cache,
    )
    if thought.intent == "erasure.done":
        if cache is not None and message.provider_sid:
            cache.set(erased_key(message.provider_sid), "1", ttl_seconds=ERASED_SID_TTL)
        return _farewell(session, thought, message, job, now=now, lang=lang, defaults=defaults)
    notes = _language_notes(user, lang, state, thought)
    text = thought.reply + (f"\n{notes}" if notes and thought.reply else notes)
    text = fit(text) if text else ""
    reply = None
    if text:  # after STOP we say nothing: the carrier confirms, and would block us anyway
        reply = messaging.enqueue_leased(
            session,
            key=key or f"reply:{message.id}",
            kind="reply",
            to_phone=message.from_phone,
            body=text,
            now=now,
            lease=defaults.reply_lease,
            user_id=user.id,
            in_reply_to=message.id,
            language=lang,
        )
    _remember(state, thought, message, text, now=now)
    calls = [_logged(o) for o in thought.outcomes]
    session.add(
        AgentLog(
            user_id=user.id,
            message_id=message.id,
            brain=thought.brain,
            intent=thought.intent,
            tool_calls=calls,
            reply=text or None,
            latency_ms=int((time.perf_counter() - started) * 1000),
            tokens_in=thought.tokens_in,
            tokens_out=thought.tokens_out,
            error=thought.fallback_reason,
        )
    )
    jobs.mark_done(session, job, now=now)
    return TurnResult(
        reply.id if reply else None, reply, user.id, state, {"intent": thought.intent, "brain": thought.brain}
    )


def _person(session: Session, message: Message, defaults: TurnDefaults) -> tuple[User, bool]:
    guess = detect_language(message.body, default=guess_language(message.from_phone))  # type: ignore[arg-type]
    zone = guess_timezone(
        message.from_phone, language=guess, default_fr=defaults.timezone_fr, default_en=defaults.timezone_en
    )
    return users.get_or_create_by_phone(session, phone=message.from_phone, language=guess, timezone=zone)


def _think(
    session: Session,
    message: Message,
    user: User,
    *,
    now: datetime,
    lang: Lang,
    state: State,
    defaults: TurnDefaults,
    brain: Brain,
    registry: ToolRegistry,
    cache: Any = None,
) -> tuple[Thought, str | None]:
    """The carrier's keywords and our limits first; then the brain. Returns the thought and, when the
    reply is not "the reply to this message", its own outbox key."""
    word = keyword(message.body)
    if word == "start" and user.sms_status == "active" and onboarding.pending(user):
        word = None  # "yes" to the consent question, not the carrier's opt-in
    match word:
        case "stop":
            user.sms_status = "opted_out"
            return Thought("", "sms.stop"), None
        case "start":
            paused = user.sms_status == "opted_out" and _ignored_while_paused(session, user)
            user.sms_status = "active"
            extra = f" {t('sms.started_after_pause', lang)}" if paused else ""
            return Thought(t("sms.started", lang) + extra, "sms.start"), None
        case "help":
            return Thought(t("sms.help", lang), "sms.help"), None
    if user.sms_status == "opted_out":  # we could not even confirm it: act on nothing until START
        return Thought("", "sms.opted_out"), None
    if _too_many(session, message, limits=defaults):
        # Stored, not acted on; one polite word an hour (its outbox key keeps it to one).
        key = f"slow-down:{user.id}:{message.received_at:%Y%m%d%H}"
        return Thought(t("inbound.slow_down", lang), "inbound.throttled"), key
    if cache is not None:
        erasure = _erasure(session, cache, message, user, now=now, lang=lang, defaults=defaults)
        if erasure is not None:
            return erasure, None
    if onboarding.pending(user):
        return _onboarding(
            session, message, user, now=now, lang=lang, state=state, brain=brain, registry=registry, defaults=defaults
        ), None
    return _brain_turn(session, message, user, now=now, lang=lang, state=state, brain=brain, registry=registry), None


def _brain_turn(
    session: Session,
    message: Message,
    user: User,
    *,
    now: datetime,
    lang: Lang,
    state: State,
    brain: Brain,
    registry: ToolRegistry,
) -> Thought:
    """The brain understands the message and acts through the tools."""
    zone = ZoneInfo(user.timezone)
    # Words like "dans 20 min" count from when the person wrote, not from when we got to it (a message kept
    # in the spill during an outage, or a queue running late): the webhook's receipt time is that moment.
    said = min(message.received_at, now).astimezone(zone)
    rung, just_set = reminders.recent(session, user=user, now=now, rung_within=RUNG_WINDOW, set_within=SET_WINDOW)
    situation = WithMemories(
        text=message.body,
        lang=lang,
        said=said,
        state=state,
        rung=[(r.id, r.text) for r in rung],
        just_set=[(r.id, r.text) for r in just_set],
        person_language=user.language,  # type: ignore[arg-type]
        timezone=user.timezone,
        person=str(user.id),
        # Only a model reads them: the offline brain's rules do not, so its turns skip the search.
        memories=_memories(session, user, message.body, now=now) if brain.name != "offline" else (),
    )
    ctx = ToolContext(
        session=session,
        user=user,
        now=now,
        said=said,
        lang=lang,
        message_id=message.id,
        recent={"rung": [r.id for r in rung], "set": [r.id for r in just_set]},
    )
    return brain.think(situation, lambda call: registry.run(call, ctx))


def _onboarding(
    session: Session,
    message: Message,
    user: User,
    *,
    now: datetime,
    lang: Lang,
    state: State,
    brain: Brain,
    registry: ToolRegistry,
    defaults: TurnDefaults,
) -> Thought:
    """The first-contact dialogue; when it ends, the requests held until consent are handled, in order. Consent
    given or refused is an audit event (art. 7(1): being able to show it was given)."""
    from shared.audit import service as audit

    step = onboarding.step(session, user=user, message=message, now=now, lang=lang)
    if step.intent in ("onboarding.consented", "onboarding.declined"):
        audit.record(session, event=step.intent, actor="person", now=now, secret=defaults.audit_secret, person=user.id)
    thought = Thought(step.reply, step.intent)
    todo = [m for m in (messaging.get_message(session, i) for i in step.act_on) if m is not None]
    if step.act_on_this:
        todo.append(message)
    for held in todo:
        said: Lang = detect_language(held.body, default=user.language)  # type: ignore[arg-type]
        answer = _brain_turn(session, held, user, now=now, lang=said, state=state, brain=brain, registry=registry)
        thought.reply = "\n".join(part for part in (thought.reply, answer.reply) if part)
        thought.outcomes.extend(answer.outcomes)
        thought.brain = answer.brain
    return thought


def _erasure(
    session: Session, cache: Any, message: Message, user: User, *, now: datetime, lang: Lang, defaults: TurnDefaults
) -> Thought | None:
    """Erasure by SMS: the request gets what will be erased and a one-time code; the code erases; anything else
    cancels. None when the message is about something else (and no erasure is waiting)."""
    from shared.onboarding.words import wants_erasure
    from shared.privacy import service as privacy

    audit = privacy.Audit(secret=defaults.audit_secret, actor="person")
    if privacy.erasure_pending(cache, user=user):
        code = privacy.sms_confirmation(message.body)
        if code is not None:
            try:
                done = privacy.erase(
                    session,
                    cache,
                    user=user,
                    now=now,
                    confirmation=code,
                    backup_days=defaults.backup_days,
                    audit=audit,
                    channel="sms",
                )
            except Conflict:
                pass  # a wrong code: the erasure is cancelled below, never retried
            else:
                until = _day(done.backups_until.astimezone(ZoneInfo(user.timezone)).date(), user.language)
                return Erasure(t("erasure.done", user.language, until=until), "erasure.done", purge_job=done.purge_job)
        privacy.cancel_erasure(session, cache, user=user, now=now, audit=audit)
        return Thought(t("erasure.cancelled", user.language), "erasure.cancelled")
    if wants_erasure(message.body):
        code, _ = privacy.start_erasure(session, cache, user=user, now=now, audit=audit, channel="sms")
        return Thought(t("erasure.ask", user.language, code=code), "erasure.asked")
    return None


@dataclass
class Erasure(Thought):
    purge_job: uuid.UUID | None = None  # deletes their messages at the provider, the last one included


_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def _day(day: date, lang: str) -> str:
    month = _MONTHS.get(lang, _MONTHS["fr"])[day.month - 1]
    return f"{month} {day.day}, {day.year}" if lang == "en" else f"{day.day} {month} {day.year}"


def _farewell(
    session: Session, thought: Thought, message: Message, job: Any, *, now: datetime, lang: Lang, defaults: TurnDefaults
) -> TurnResult:
    """The person is erased (their job and messages with them): send one last SMS, bound to no account, and
    have it deleted at the provider too once it is out. Nothing of them is logged or kept in the cache."""
    from shared.privacy import purge

    purge_job = thought.purge_job if isinstance(thought, Erasure) else None
    phone, message_id = message.from_phone, message.id
    for gone in (message, job):
        if gone in session:
            session.expunge(gone)
    reply = messaging.enqueue_leased(
        session,
        key=f"erased:{message_id}",
        kind="reply",
        to_phone=phone,
        body=fit(thought.reply),
        now=now,
        lease=defaults.reply_lease,
        user_id=None,
        in_reply_to=None,
        language=lang,
    )
    if reply is not None and purge_job is not None:
        purge.add_farewell(session, purge_job, reply.id)
    return TurnResult(reply.id if reply else None, reply, None, None, {"intent": thought.intent})


def _memories(session: Session, user: User, text: str, *, now: datetime) -> tuple[str, ...]:
    """The few memories (and note passages) most relevant to this message, for the model's context. Context,
    not truth: a failure costs the context only (in a savepoint, so the turn's own writes are untouched)."""
    from shared.memory import service as memory
    from shared.memory.tools import current_embedder

    if not text.strip():
        return ()
    try:
        with session.begin_nested():
            hits = memory.search(session, user=user, now=now, query=text, embedder=current_embedder(), limit=3)
    except Exception as exc:
        log.warning("memories not added to the turn", extra={"error": type(exc).__name__})
        return ()
    return tuple(
        f"{h.content} (note: {h.note_title})" if h.source == "note" and h.note_title else h.content for h in hits
    )


def _too_many(session: Session, message: Message, *, limits: TurnDefaults) -> bool:
    """More messages from this phone than a person plausibly types (a loop, a script, a flood)?"""
    minute, hour, day = messaging.count_inbound(
        session,
        message.from_phone,
        until=message.received_at,
        windows=(timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)),
    )
    return minute > limits.max_per_minute or hour > limits.max_per_hour or day > limits.max_per_day


def _ignored_while_paused(session: Session, user: User) -> bool:
    from shared.agent import repository as agent_logs

    return agent_logs.ignored_since_stop(session, user.id)


def _language_notes(user: User, lang: Lang, state: State, thought: Thought) -> str:
    """A person who writes twice in a row in the other language is answered in it from then on, and told
    how to switch back."""
    if thought.intent.startswith(("sms.", "onboarding.", "erasure.")) or thought.intent == "inbound.throttled":
        return ""
    if lang == user.language:
        state.other_language = 0
        return ""
    state.other_language += 1
    if state.other_language < SWITCH_AFTER:
        return ""
    user.language = lang
    state.other_language = 0
    return t("language.switched", lang)


def _remember(state: State, thought: Thought, message: Message, reply: str, *, now: datetime) -> None:
    """What the next turn needs: the question asked (and its partly filled call), what was just done."""
    state.remember("user", message.body, message.received_at)
    if reply:
        state.remember("assistant", reply, now)
    asked = next((o for o in reversed(thought.outcomes) if isinstance(o, Ask)), None)
    state.pending = (
        Pending(
            tool=asked.call.name,
            args=_jsonable(asked.call.args),
            missing=asked.missing,
            options=[str(o) for o in asked.options],
            asked_at=now.isoformat(),
        )
        if asked is not None
        else None
    )
    done = [o for o in thought.outcomes if isinstance(o, Done)]
    if done:
        state.last = Last(tool=done[-1].call.name, refs=[str(r) for r in done[-1].result.refs])


def _logged(outcome: Done | Ask | Refused) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": outcome.call.name, "args": _jsonable(outcome.call.args)}
    if isinstance(outcome, Done):
        entry |= {"outcome": "done", "result": _jsonable(outcome.result.data)}
    elif isinstance(outcome, Ask):
        entry |= {"outcome": "asked", "missing": outcome.missing}
    else:
        entry |= {"outcome": "refused", "code": outcome.code}
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, uuid.UUID | datetime):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return value


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
