"""Recognize "remind me ..." requests in French and English and split them into what and when."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from shared.brains.offline._lexicon import fold
from shared.brains.offline.recurrence import Recurrence, find_recurrence, schedule
from shared.brains.offline.timeparse import DEFAULT_HOUR, Lang, parse_time


@dataclass(frozen=True, slots=True)
class ReminderIntent:
    what: str
    when: datetime  # the (first) occurrence, aware, in the person's zone
    recurrence: Recurrence | None = None
    rule: str | None = None  # RFC 5545 DTSTART (floating local) + RRULE, for recurring reminders
    at: time | None = None  # the local time of day of each occurrence
    when_words: str = field(default="", compare=False)  # the words that said when, as written (for a tool call)


@dataclass(frozen=True, slots=True)
class ReminderNeedsTime:
    what: str


_ASK_FR = (
    r"(?:(?:est[\s-]ce\s+que\s+)?(?:tu\s+peux|tu\s+pourrais|peux[\s-]tu|pourrais[\s-]tu"
    r"|pouvez[\s-]vous|pourriez[\s-]vous|vous\s+pouvez)\s+)?"
)
_ASK_EN = r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|plz\s+)?)?"
_RAPPELER = r"r+ap+e?l+e?r"
_TRIGGERS: dict[Lang, str] = {
    "fr": "|".join(
        (
            rf"{_ASK_FR}me\s+{_RAPPELER}",
            rf"n?'?\s*oublie\s+pas\s+de\s+me\s+{_RAPPELER}",
            rf"penses?\s+a\s+me\s+{_RAPPELER}",
            r"fai[st][\s-]*(?:moi|moa|m')\s*penser",
            r"r+ap+e?l+e?[sz]?[\s-]*(?:moi|moa|mwa|mw)",
            r"(?:mets|met|mettre|ajoute|ajouter|programme|programmer|cree|creer|fais|fait)[\s-]*(?:moi\s+)?"
            r"un\s+rappel",
            r"rappel\s*:",
            r"^\s*r+a+p+e*l+s?(?=\s|:|$)",
        )
    ),
    "en": "|".join(
        (
            rf"{_ASK_EN}(?:remind|remnd|rmnd|rmd|reminde)\s*(?:me|us)",
            r"(?:set|add|create|make|put)\s+(?:me\s+)?(?:a\s+|an\s+)?reminder",
            r"reminder\s*:",
            r"^\s*reminder",
            r"(?:don'?t|dont|do\s+not)\s+let\s+me\s+(?:forget|4get|forgets)(?:\s+(?:to|2))?",
        )
    ),
}
_TRIGGER_RE = {lang: re.compile(rf"(?<![\w])(?:{p})(?![\w])") for lang, p in _TRIGGERS.items()}

_POLITE = {
    "fr": r"stp|svp|s'?il\s+te\s+plait|s'?il\s+vous\s+plait|merci|please|pls|coucou|salut|slt|bonjour|bjr|hey|ok",
    "en": r"please|pls|plz|thanks|thank\s+you|thx|ty|hey|hi|hello|ok|okay",
}
_LEAD = {
    "fr": rf"de|d'|d|a|que|qu'|qu|pour|pr|pr\s+moi|pour\s+moi|moi|bon|alors|bon\s+alors|ok\s+alors|donc|du\s+coup"
    rf"|(?:il\s+)?(?:faut|faudrait)\s+(?:absolument\s+|vraiment\s+)?(?:que\s+)?(?:je|j'|j)|je\s+dois|j'?dois"
    rf"|(?:ne\s+)?(?:pas|jamais)\s+oublier(?:\s+(?:de|d'))?|n?'?oublie\s+pas(?:\s+(?:de|d'|que))?"
    rf"|(?:je\s+)?(?:dois\s+)?pense[rs]?\s+a|{_POLITE['fr']}",
    "en": rf"to|2|that|about|for|of|so|ok\s+so|me\s+to|i\s+(?:need|have|got)\s+to|i\s+gotta|gotta"
    rf"|(?:don'?t|dont)\s+(?:let\s+me\s+)?(?:forget|4get)(?:\s+to)?|{_POLITE['en']}",
}
_TRAIL = {"fr": rf"a|de|d'|vers|pour|{_POLITE['fr']}", "en": rf"at|on|to|for|by|around|about|{_POLITE['en']}"}
_PUNCT = " \t\r\n.,;:!?-\"'«»()[]"


def _find_trigger(folded: str, lang: Lang) -> tuple[re.Match[str], Lang] | None:
    hits = [(m, lg) for lg in (lang, "en" if lang == "fr" else "fr") if (m := _TRIGGER_RE[lg].search(folded))]
    if not hits:
        return None
    return min(hits, key=lambda hit: hit[0].start())


def _clean(text: str, lang: Lang) -> str:
    """Trim punctuation, politeness and linking words around the person's words; keep the rest as typed."""
    lead = re.compile(rf"(?:{_LEAD[lang]})(?:\s+|(?<=')|$)")
    trail = re.compile(rf"(?<![\w'])(?:{_TRAIL[lang]})$")
    text = re.sub(r"\s+", " ", text)
    while True:
        before = text
        text = text.strip(_PUNCT)
        folded = fold(text)
        if m := lead.match(folded):
            text = text[m.end() :]
        elif m := trail.search(folded):
            text = text[: m.start()]
        if text == before:
            return text


def understand_reminder(text: str, *, now: datetime, lang: Lang) -> ReminderIntent | ReminderNeedsTime | None:
    """None when the text is not a reminder request at all."""
    folded = fold(text)
    found = _find_trigger(folded, lang)
    if found is None:
        return None
    trigger, lang = found  # "remind me" in a French conversation is English: parse it as English
    return split_what_when(after_trigger(text, trigger), now=now, lang=lang)


def after_trigger(text: str, trigger: re.Match[str]) -> str:
    """The words around "remind me", without it; a sentence before it ("u there? remind me…") is dropped."""
    before = text[: trigger.start()]
    end = max(before.rfind("?"), before.rfind("!"), before.rfind("."))
    if end >= 0:
        before = " " * (end + 1) + before[end + 1 :]
    return before + " " * (trigger.end() - trigger.start()) + text[trigger.end() :]


def split_what_when(text: str, *, now: datetime, lang: Lang) -> ReminderIntent | ReminderNeedsTime:
    """Split words into what to remind and when (a recurrence, or one time), per docs/time.md."""
    recurrence = find_recurrence(text, lang=lang)
    if recurrence is not None:
        return _recurring(text, recurrence, now=now, lang=lang)
    match = parse_time(text, now=now, lang=lang)
    if match is None:
        return ReminderNeedsTime(what=_clean(text, lang))
    if match.also is not None:  # a day and a time of day said apart: both go from what to remind
        return ReminderIntent(what=_clean(match.cut(text), lang), when=match.when, when_words=match.words)
    start, end = match.start, match.end
    anchor = _anchor_of(text, start, end, now=now, lang=lang)
    if anchor is not None:  # "rdv dentiste dem à 14h30, rappelle-moi 1h avant": the offset counts from 14h30
        start = min(start, anchor[0])
        what = _clean(text[: anchor[0]] + " " + text[anchor[1] : match.start] + " " + text[match.end :], lang)
    else:
        what = _clean(text[:start] + " " + text[end:], lang)
    return ReminderIntent(what=what, when=match.when, when_words=text[start:end])


def _anchor_of(text: str, start: int, end: int, *, now: datetime, lang: Lang) -> tuple[int, int] | None:
    """The span of the time an offset counts from ("1h avant" after "à 14h30"), when it has one."""
    from shared.brains.offline.time import parse

    for mention in parse(text, now=now, lang=lang):
        if mention.start == start and mention.end == end and mention.anchor is not None:
            return mention.anchor.start, mention.anchor.end
    return None


def _recurring(rest: str, rec: Recurrence, *, now: datetime, lang: Lang) -> ReminderIntent:
    """A recurring reminder: the time of day is read as on a day of its own (a bare "at 8" is 8 AM),
    an evening phrase makes a morning hour pm ("tous les soirs à 9h" = 21:00)."""
    words = [rest[rec.start : rec.end]]
    rest = rest[: rec.start] + " " * (rec.end - rec.start) + rest[rec.end :]
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    match = parse_time(rest, now=midnight, lang=lang)
    at = time(rec.part_hour if rec.part_hour is not None else DEFAULT_HOUR)
    if match is not None:
        words.append(match.words)
        at = time(match.when.hour, match.when.minute)
        if rec.part_hour is not None and rec.part_hour >= 12 and at.hour < 12:
            at = time(at.hour + 12, at.minute)
        rest = match.cut(rest)
    rule, first = schedule(rec, at, now=now)
    return ReminderIntent(
        what=_clean(rest, lang), when=first, recurrence=rec, rule=rule, at=at, when_words=" ".join(words)
    )
