"""The first-contact dialogue by SMS: explicit consent (health data, GDPR art. 9), then language, time zone and an
optional first name confirmed in one answer. Two answers ("oui", "oui") finish it.

States (users.onboarding_state): "new" (never went through it: every person must before anything is done with
their messages), "consent" (asked, waiting), "declined" (said no: nothing is done, nothing is sent but the
answer to their own messages), "confirm" (consent given; language and time zone shown for confirmation), "done".
The messages that came before consent are held (their ids in user_settings.preferences["onboarding"]) and acted
on when the dialogue ends; a person who declines has them dropped. The turn runs under the job's lock, so a
webhook retry (same MessageSid, one job) never moves the dialogue twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from shared.i18n.messages import t
from shared.onboarding import words
from shared.users import repository as users

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shared.messaging.models import Message
    from shared.users.models import User

NEW, CONSENT, DECLINED, CONFIRM, DONE = "new", "consent", "declined", "confirm", "done"
NOT_CONSENTED = (NEW, CONSENT, DECLINED)  # nothing Boussole starts itself may reach them
MAX_HELD = 3  # requests kept while waiting for consent (the first ones; more is a flood, not a request)
LONG_ENOUGH = 4  # words: an unclear answer this long is a request, not a botched answer
_GREETINGS = frozenset({"bonjour", "salut", "hello", "hi", "hey", "coucou", "bonsoir", "yo", "allo", "hola", ""})


@dataclass
class Step:
    """What the dialogue says, and what the turn must do after it."""

    reply: str
    intent: str
    act_on: list[uuid.UUID] = field(default_factory=list)  # held messages to handle now, oldest first
    act_on_this: bool = False  # handle the current message as a request too


def pending(user: User) -> bool:
    """Whether this person's messages go to the dialogue rather than to the brain."""
    return user.onboarding_state != DONE


def step(session: Session, *, user: User, message: Message, now: datetime, lang: str) -> Step:
    """Move the dialogue one message on."""
    state = user.onboarding_state
    if state == CONFIRM:
        return _confirm(session, user=user, message=message, now=now)
    answer = words.yes_or_no(message.body)
    if state in (CONSENT, DECLINED) and answer == "yes":
        user.onboarding_state = CONFIRM
        _save(session, user, now, consented_at=now.isoformat())
        return Step(_confirm_text(user, now, "onboarding.confirm"), "onboarding.consented")
    if state == NEW:
        user.language = lang
        user.onboarding_state = CONSENT
        held = _hold(session, user, message, now)
        note = t("onboarding.held", lang) if held else ""
        return Step(t("onboarding.consent", lang, held=note).strip(), "onboarding.asked")
    if state == DECLINED:
        return Step(t("onboarding.declined", user.language), "onboarding.still_declined")
    # CONSENT: waiting for a yes or a no
    named = words.language_named(message.body)
    if named is not None:
        user.language = named
        note = t("onboarding.held", named) if _held(session, user) else ""
        return Step(t("onboarding.consent", named, held=note).strip(), "onboarding.language")
    if answer == "no":
        user.onboarding_state = DECLINED
        _save(session, user, now, held=[], declined_at=now.isoformat())
        return Step(t("onboarding.declined", user.language), "onboarding.declined")
    _hold(session, user, message, now)
    return Step(t("onboarding.consent_again", user.language), "onboarding.unclear")


def consented_elsewhere(session: Session, *, user: User, now: datetime, channel: str) -> bool:
    """Consent given outside the dialogue (ticked at web sign-up, on a number proven by a code sent to it):
    the dialogue is skipped, or, when requests are held from it, only its confirmation is left, whose answer
    acts on them. Whether this changed anything (consent already given is kept as it was)."""
    if user.onboarding_state not in NOT_CONSENTED:
        return False
    user.onboarding_state = CONFIRM if _held(session, user) else DONE
    _save(session, user, now, consented_at=now.isoformat(), consent_channel=channel)
    return True


def _confirm(session: Session, *, user: User, message: Message, now: datetime) -> Step:
    text = message.body
    answer = words.yes_or_no(text)
    name = words.first_name(text)
    if answer == "yes":
        return _finish(session, user, now, name=None)
    if name is not None and answer is None and words.zone_or_place(text) is None:
        return _finish(session, user, now, name=name)
    named = words.language_named(text)
    if named is not None:
        user.language = named
        return Step(_confirm_text(user, now, "onboarding.confirm"), "onboarding.language")
    zone = words.zone_or_place(text)
    if zone is not None:
        user.timezone = zone
        return _finish(session, user, now, name=None, intent="onboarding.timezone")
    if answer == "no":
        return Step(t("onboarding.ask_city", user.language), "onboarding.ask_city")
    if words.skipped(text):
        return _finish(session, user, now, name=None)
    if len(words.folded(text).split()) >= LONG_ENOUGH:  # a request: keep the guesses, say so, and act on it
        done = _finish(session, user, now, name=None, kept=True)
        done.act_on_this = True
        return done
    return Step(_confirm_text(user, now, "onboarding.confirm_again"), "onboarding.unclear")


def _finish(
    session: Session,
    user: User,
    now: datetime,
    *,
    name: str | None,
    kept: bool = False,
    intent: str = "onboarding.done",
) -> Step:
    if name:
        user.display_name = name
    held = _held(session, user)
    user.onboarding_state = DONE
    _save(session, user, now, held=[], done_at=now.isoformat())
    lang = user.language
    shown = f", {user.display_name}" if user.display_name else ""
    if held or kept:
        text = t("onboarding.done_short", lang, name=shown)
        if kept:
            text += " " + t("onboarding.kept_defaults", lang, zone=_zone_label(user.timezone))
    else:
        text = t("onboarding.done", lang, name=shown)
    return Step(text, intent, act_on=held)


def _confirm_text(user: User, now: datetime, key: str) -> str:
    clock = now.astimezone(ZoneInfo(user.timezone)).strftime("%H:%M")
    return t(key, user.language, clock=clock, zone=_zone_label(user.timezone))


def _zone_label(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


# --- what the dialogue keeps (user_settings.preferences["onboarding"]) ------------------------------------------
def _data(session: Session, user: User) -> dict[str, Any]:
    current = users.settings_of(session, user.id)
    prefs = dict(current.preferences) if current is not None and current.preferences else {}
    return dict(prefs.get("onboarding") or {})


def _save(session: Session, user: User, now: datetime, **values: Any) -> None:
    current = users.settings_of(session, user.id)
    prefs = dict(current.preferences) if current is not None and current.preferences else {}
    prefs["onboarding"] = {**dict(prefs.get("onboarding") or {}), **values}
    users.save_settings(session, user.id, now=now, preferences=prefs)


def _held(session: Session, user: User) -> list[uuid.UUID]:
    return [uuid.UUID(str(i)) for i in _data(session, user).get("held", [])]


def _hold(session: Session, user: User, message: Message, now: datetime) -> bool:
    """Keep this message to act on after consent, unless it is only a greeting or an answer; True if kept."""
    plain = words.folded(message.body)
    if plain in _GREETINGS or words.yes_or_no(message.body) is not None:
        return False
    held = [str(i) for i in _held(session, user)]
    if len(held) >= MAX_HELD or str(message.id) in held:
        return str(message.id) in held
    _save(session, user, now, held=[*held, str(message.id)])
    return True
