"""The users slice's tools for both brains, each a thin handler over `service`: language, time zone, quiet
hours, morning plan, daily cap, default currency, the settings at a glance, and reminders that insist."""

from __future__ import annotations

import re
import uuid
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from shared.agent.registry import Lang, NeedsAnswer, Tool, ToolContext, ToolRegistry, ToolResult
from shared.errors import InvalidInput
from shared.i18n.format import format_clock
from shared.i18n.messages import t
from shared.messaging.segments import fit_field
from shared.users import service
from shared.users.service import QuietHours

CLOCK_DOC = "a time of day in the person's words ('22h', '7h30', '10pm', 'minuit')"


class SetLanguage(BaseModel):
    language: str = Field("", max_length=40, description="'fr' or 'en' (or the language's name)")


class SetTimezone(BaseModel):
    zone: str = Field("", max_length=80, description="an IANA zone ('America/Chicago') or a city ('Montréal')")


class SetQuietHours(BaseModel):
    start: str = Field("", max_length=60, description="when quiet hours begin: " + CLOCK_DOC)
    end: str = Field("", max_length=60, description="when they end: " + CLOCK_DOC)
    off: bool = Field(False, description="true to remove quiet hours")


class SetMorningPlan(BaseModel):
    at: str = Field("", max_length=60, description="when the plan for the day is sent: " + CLOCK_DOC)
    off: bool = Field(False, description="true to stop the morning plan")


class SetDailyCap(BaseModel):
    cap: int | None = Field(None, description="at most this many messages a day that Boussole starts itself")
    off: bool = Field(False, description="true to remove the limit")


class SetCurrency(BaseModel):
    currency: str = Field("", max_length=40, description="an ISO 4217 code ('EUR', 'CAD') or its name")


class ShowSettings(BaseModel):
    about: str = Field(
        "", max_length=60, description="the setting asked about ('langue', 'quiet hours', 'fuseau'); empty for all"
    )


class EscalateReminder(BaseModel):
    about: str = Field("", max_length=200, description="words naming the reminder; empty for the one just set")
    reminder_id: uuid.UUID | None = Field(None, description="the reminder's id when known from the context")
    every: int | None = Field(None, description="minutes between nudges (default 10)")
    times: int | None = Field(None, description="nudges at most (default 3)")
    off: bool = Field(False, description="true to stop insisting")


# --- times of day in words -----------------------------------------------------------------------------------
_CLOCK = re.compile(
    r"(?<![\d:])(?P<h>[01]?\d|2[0-3])\s*(?:(?:h|:|heures?)\s*(?P<m>[0-5]\d)?)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d])"
)
_NAMED = {"minuit": time(0), "midnight": time(0), "midi": time(12), "noon": time(12), "midday": time(12)}
_EVENING = re.compile(
    r"\b(?:du\s+soir|le\s+soir|ce\s+soir|at\s+night|in\s+the\s+evening|tonight|de\s+l'?apres[\s-]?midi)\b"
)
_MORNING = re.compile(r"\b(?:du\s+matin|le\s+matin|in\s+the\s+morning)\b")


def clock_of(words: str, *, lang: str, bare: str | None = None) -> time | None:
    """A time of day from the person's words ("22h", "7h30", "10pm", "10:30 p.m.", "minuit", "9 du matin"),
    or None. French hours are 24-hour; an English hour from 1 to 12 needs am/pm or a part of the day, else
    `bare` ("am" or "pm": what the setting makes likely, e.g. the end of quiet hours is a morning) decides, and
    without it there is no answer."""
    from shared.brains.offline._lexicon import fold

    folded = fold(words).strip()
    for name, value in _NAMED.items():
        if re.search(rf"\b{name}\b", folded):
            return value
    match = _CLOCK.search(folded)
    if match is None:
        return None
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "")
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm == "pm" or (not ampm and _EVENING.search(folded) and hour < 12):
        hour = hour % 12 + 12
    elif ampm == "am":
        hour %= 12
    elif lang == "en" and 1 <= hour <= 12 and not _MORNING.search(folded) and not match.group("h").startswith("0"):
        # "at 9": 9 am or 9 pm? A leading zero ("09:00") says 24-hour style; else what the setting makes likely.
        if bare is None:
            return None
        hour = hour % 12 + (12 if bare == "pm" else 0)
    return time(hour, minute)


def _clock_or_ask(words: str, ctx: ToolContext, *, question: str, missing: str, bare: str) -> time:
    found = clock_of(words, lang=ctx.lang, bare=bare) if words.strip() else None
    if found is None:
        raise NeedsAnswer(t(question, ctx.lang), missing=missing)
    return found


def _said(at: time, lang: str) -> str:
    return format_clock(at, lang=lang)  # type: ignore[arg-type]


# --- handlers --------------------------------------------------------------------------------------------------
def set_language(ctx: ToolContext, args: SetLanguage) -> ToolResult:
    try:
        code = service.language_code(args.language)
    except InvalidInput as exc:
        raise NeedsAnswer(t("settings.ask_language", ctx.lang), missing="language") from exc
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, language=code)
    return ToolResult(say=t("settings.language_set", code), data={"language": code})


def set_timezone(ctx: ToolContext, args: SetTimezone) -> ToolResult:
    zone = service.zone_of(args.zone)
    if zone is None:
        raise NeedsAnswer(t("settings.ask_timezone", ctx.lang), missing="zone")
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, timezone=zone)
    clock = _said(ctx.now.astimezone(ZoneInfo(zone)).time(), ctx.lang)
    return ToolResult(say=t("settings.timezone_set", ctx.lang, zone=zone, clock=clock), data={"timezone": zone})


def set_quiet_hours(ctx: ToolContext, args: SetQuietHours) -> ToolResult:
    if args.off:
        service.change_settings(ctx.session, user=ctx.user, now=ctx.now, quiet_hours=None)
        return ToolResult(say=t("settings.quiet_off", ctx.lang), data={"quiet_hours": None})
    if not args.start.strip() and not args.end.strip():
        raise NeedsAnswer(t("settings.ask_quiet", ctx.lang), missing="start")
    current = service.get_settings(ctx.session, user=ctx.user).quiet_hours or service.DEFAULT_QUIET
    start = end = None
    if args.start.strip():
        start = _clock_or_ask(args.start, ctx, question="settings.ask_quiet", missing="start", bare="pm")
    if args.end.strip():
        end = _clock_or_ask(args.end, ctx, question="settings.ask_quiet", missing="end", bare="am")
    quiet = QuietHours(start if start is not None else current.start, end if end is not None else current.end)
    if quiet.start == quiet.end:  # "pas de messages avant 22h" with quiet hours ending at 22h: ask
        raise NeedsAnswer(t("settings.quiet_same", ctx.lang), missing="start" if start is None else "end")
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, quiet_hours=quiet)
    say = t("settings.quiet_set", ctx.lang, start=_said(quiet.start, ctx.lang), end=_said(quiet.end, ctx.lang))
    return ToolResult(say=say, data={"start": quiet.start.isoformat(), "end": quiet.end.isoformat()})


def set_morning_plan(ctx: ToolContext, args: SetMorningPlan) -> ToolResult:
    if args.off:
        service.change_settings(ctx.session, user=ctx.user, now=ctx.now, morning_plan_at=None)
        return ToolResult(say=t("settings.morning_off", ctx.lang), data={"morning_plan_at": None})
    at = _clock_or_ask(args.at, ctx, question="settings.ask_morning", missing="at", bare="am")
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, morning_plan_at=at)
    return ToolResult(
        say=t("settings.morning_set", ctx.lang, at=_said(at, ctx.lang)), data={"morning_plan_at": at.isoformat()}
    )


def set_daily_cap(ctx: ToolContext, args: SetDailyCap) -> ToolResult:
    if args.off:
        service.change_settings(ctx.session, user=ctx.user, now=ctx.now, daily_cap=None)
        return ToolResult(say=t("settings.cap_off", ctx.lang), data={"daily_cap": None})
    if args.cap is None:
        raise NeedsAnswer(t("settings.ask_cap", ctx.lang), missing="cap")
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, daily_cap=args.cap)
    key = "settings.cap_zero" if args.cap == 0 else "settings.cap_set"
    return ToolResult(say=t(key, ctx.lang, cap=args.cap), data={"daily_cap": args.cap})


_CURRENCY_WORDS = (
    (r"dollars?\s+canadiens?|canadian\s+dollars?|cad", "CAD"),
    (r"francs?\s+suisses?|swiss\s+francs?|chf", "CHF"),
    (r"livres?(?:\s+sterling)?|pounds?(?:\s+sterling)?|gbp", "GBP"),
    (r"euros?|eur|€", "EUR"),
    (r"dollars?|bucks|usd|\$", "USD"),
)


def currency_of(words: str) -> str | None:
    """An ISO 4217 code from a code or a common name ("dollars canadiens", "euros"), or None."""
    from shared.brains.offline._lexicon import fold

    folded = fold(words).strip()
    for pattern, code in _CURRENCY_WORDS:
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", folded):
            return code
    code = folded.strip(" .!?").upper()
    return code if code in service.CURRENCIES else None


def set_currency(ctx: ToolContext, args: SetCurrency) -> ToolResult:
    code = currency_of(args.currency)
    if code is None:
        raise NeedsAnswer(t("settings.bad_currency", ctx.lang), missing="currency")
    service.change_settings(ctx.session, user=ctx.user, now=ctx.now, currency=code)
    return ToolResult(say=t("settings.currency_set", ctx.lang, currency=code), data={"currency": code})


def show_settings(ctx: ToolContext, args: ShowSettings) -> ToolResult:
    s = service.get_settings(ctx.session, user=ctx.user)
    lang = ctx.lang
    if re.search(r"calme|quiet|silence|deranger|disturb", args.about.lower()):
        if s.quiet_hours is None:
            return ToolResult(say=t("settings.quiet_none", lang), data=as_data(s))
        start, end = _said(s.quiet_hours.start, lang), _said(s.quiet_hours.end, lang)
        return ToolResult(say=t("settings.quiet_are", lang, start=start, end=end), data=as_data(s))
    quiet = (
        t("settings.range", lang, start=_said(s.quiet_hours.start, lang), end=_said(s.quiet_hours.end, lang))
        if s.quiet_hours
        else t("settings.none", lang)
    )
    say = t(
        "settings.show",
        lang,
        language=t(f"settings.lang_{s.language}", lang),
        zone=s.timezone,
        quiet=quiet,
        morning=_said(s.morning_plan_at, lang) if s.morning_plan_at else t("settings.off", lang),
        cap=s.daily_cap if s.daily_cap is not None else t("settings.no_cap", lang),
        currency=s.currency,
    )
    return ToolResult(say=say, data=as_data(s))


def as_data(s: service.Settings) -> dict[str, object]:
    return {
        "language": s.language,
        "timezone": s.timezone,
        "quiet_hours": {"start": s.quiet_hours.start.isoformat(), "end": s.quiet_hours.end.isoformat()}
        if s.quiet_hours
        else None,
        "morning_plan_at": s.morning_plan_at.isoformat() if s.morning_plan_at else None,
        "daily_cap": s.daily_cap,
        "currency": s.currency,
    }


ESCALATE_EVERY = 10
ESCALATE_TIMES = 3


def escalate_reminder(ctx: ToolContext, args: EscalateReminder) -> ToolResult:
    from shared.reminders import service as reminders

    reminder = None
    if args.reminder_id is not None:
        reminder = reminders.get(ctx.session, user=ctx.user, reminder_id=args.reminder_id)
    elif args.about.strip():
        found = reminders.find(ctx.session, user=ctx.user, now=ctx.now, words=args.about)
        reminder = found[0] if found else None
    else:
        ids = ctx.recent.get("set") or ctx.recent.get("rung") or []
        reminder = reminders.get(ctx.session, user=ctx.user, reminder_id=ids[0]) if ids else None
    if reminder is None:
        raise NeedsAnswer(t("reminder.ask_which", ctx.lang), missing="about")
    every = None if args.off else (args.every or ESCALATE_EVERY)
    times = None if args.off else (args.times or ESCALATE_TIMES)
    reminders.set_escalation(ctx.session, user=ctx.user, now=ctx.now, reminder_id=reminder.id, every=every, times=times)
    what = reminder.text or ("te faire signe" if ctx.lang == "fr" else "check in")
    if every is None:
        say = fit_field(lambda w: t("settings.escalation_off", ctx.lang, what=w), what)
    else:
        say = fit_field(lambda w: t("settings.escalation_set", ctx.lang, every=every, times=times, what=w), what)
    return ToolResult(say=say, data={"id": str(reminder.id), "every": every, "times": times}, refs=[reminder.id])


def register(tools: ToolRegistry) -> None:
    """Declare this slice's tools."""

    def add(name: str, handler: Any, args: type[BaseModel], en: str, fr: str, ex_fr: str, ex_en: str) -> None:
        domain = "reminders" if name == "escalate_reminder" else "settings"
        examples: dict[Lang, tuple[str, ...]] = {"fr": (ex_fr,), "en": (ex_en,)}
        tools.add(
            Tool(
                name=name,
                description={"en": en, "fr": fr},
                args=args,
                handler=handler,
                writes=name != "show_settings",
                domain=domain,
                examples=examples,
            )
        )

    add(
        "set_language",
        set_language,
        SetLanguage,
        "Change the language Boussole texts in (French or English).",
        "Changer la langue des SMS de Boussole (français ou anglais).",
        "parle-moi en anglais",
        "speak French to me",
    )
    add(
        "set_timezone",
        set_timezone,
        SetTimezone,
        "Change the person's time zone, from a zone name or a city.",
        "Changer le fuseau horaire de la personne, d'après un nom de fuseau ou une ville.",
        "je suis à Montréal",
        "my timezone is America/Chicago",
    )
    add(
        "set_quiet_hours",
        set_quiet_hours,
        SetQuietHours,
        "Set the quiet hours when Boussole does not text first (reminders set for an exact time still ring).",
        "Régler les heures calmes où Boussole n'écrit pas de lui-même (un rappel à heure fixe sonne quand même).",
        "ne m'écris pas avant 9h",
        "no texts after 10pm",
    )
    add(
        "set_morning_plan",
        set_morning_plan,
        SetMorningPlan,
        "Set (or stop) the time the plan for the day is texted each morning.",
        "Régler (ou arrêter) l'heure d'envoi du plan du jour chaque matin.",
        "envoie-moi mon planning à 8h",
        "morning plan at 7:30am",
    )
    add(
        "set_daily_cap",
        set_daily_cap,
        SetDailyCap,
        "Limit the messages a day that Boussole starts itself (reminders asked for are never limited).",
        "Limiter les messages par jour que Boussole envoie de lui-même (jamais les rappels demandés).",
        "pas plus de 5 messages par jour",
        "no more than 3 texts a day",
    )
    add(
        "set_currency",
        set_currency,
        SetCurrency,
        "Set the default currency for expenses.",
        "Régler la devise par défaut des dépenses.",
        "ma devise c'est le dollar canadien",
        "my currency is CAD",
    )
    add(
        "show_settings",
        show_settings,
        ShowSettings,
        "Show the person's settings.",
        "Montrer les réglages de la personne.",
        "mes réglages",
        "my settings",
    )
    add(
        "escalate_reminder",
        escalate_reminder,
        EscalateReminder,
        "Make a reminder insist: nudge again every N minutes, up to K times, until the person answers.",
        "Faire insister un rappel : relancer toutes les N minutes, K fois au plus, jusqu'à une réponse.",
        "insiste si je réponds pas",
        "keep nudging me every 15 min",
    )
