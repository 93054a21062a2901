"""Replies to a reminder that just rang: "fait" / "done" acknowledges it; "+10", "snooze 30 min",
"dans 1h", "plus tard" / "later" snooze it (docs/time.md: an amount counts from now; no amount means
a sensible later time, strictly after the original one)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.brains.offline._lexicon import fold
from shared.brains.offline.timeparse import Lang, parse_time

LATER = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Acknowledge:
    pass


@dataclass(frozen=True, slots=True)
class Snooze:
    until: datetime  # aware, the person's zone


@dataclass(frozen=True, slots=True)
class Reschedule:
    """ "en fait plutôt 17h" / "actually make it 5": move the reminder just set (or just rung)."""

    when: datetime  # as parsed against now
    time_only: bool  # only a time of day was said: keep the reminder's own day


_END = r"(?:\s+(?:stp|svp|merci|please|pls|thanks|thx))?\s*[.!👍✅🙏💪]*\s*$"
_ACK = re.compile(
    r"^\s*(?:ok\s+|okay\s+|oui\s+|yes\s+|yep\s+)?(?:c'?\s*est\s+fait|fait|fini|termine|je\s+l'?ai\s+fait|"
    r"done|did\s+it|i\s+did\s+it|finished|all\s+done|✅|👍|✔️?)" + _END
)
_SNOOZE_AMOUNT = re.compile(
    r"^\s*(?:\+\s*|snooze\s+|(?:re)?pousse\s+(?:de\s+)?|encore\s+|(?:dans|in)\s+)"
    r"(?P<amount>\d+(?:[.,]\d+)?\s*(?:[a-z]+(?:\s*\d+)?)?)(?:\s+(?:more|de\s+plus|stp|svp|please|pls))?" + _END
)
_MORE = re.compile(r"^\s*(?P<amount>\d+)\s*(?:more|de\s+plus)\s*(?:min(?:ute)?s?)?" + _END)
_LATER = re.compile(
    r"^\s*(?:plus\s+tard|pas\s+maintenant|later|not\s+now|snooze|remind\s+me\s+later"
    r"|rappelle[\s-]moi\s+plus\s+tard)" + _END
)


_CHANGE = r"(?:en\s+fait|finalement|plutot|actually|make\s+it|change\s+it\s+to|instead|change\s+pour|mets\s+plutot)"
_RESCHEDULE = re.compile(rf"^\s*(?:(?:non|no|nope|oops)\b[\s,.!]*(?:{_CHANGE}\b)?|{_CHANGE}\b)")
_FILLER = re.compile(r"\b(?:plutot|make\s+it|instead|a|at|for|pour|le|it)\b")
_BARE_HOUR = re.compile(r"^\s*(\d{1,2})(?:\s*(?:h|:)\s*(\d{2}))?\s*$")


def understand_reply(text: str, *, now: datetime, lang: Lang) -> Acknowledge | Snooze | Reschedule | None:
    """What a short reply to a reminder means, or None when it is something else."""
    folded = fold(text)
    change = _RESCHEDULE.match(folded)
    if change and "rappel" not in folded and "remind" not in folded:
        rest = text[change.end() :]
        bare = _BARE_HOUR.match(_FILLER.sub(" ", fold(rest)).strip(" ,.!?"))
        if bare:  # "actually make it 5": a bare hour is a clock time here
            hour, minute = int(bare.group(1)), int(bare.group(2) or 0)
            rest = f"à {hour}h{minute:02d}" if lang == "fr" else f"at {hour}:{minute:02d}"
        match = parse_time(rest, now=now, lang=lang)
        if match is not None:
            return Reschedule(match.when, time_only=match.kinds <= {"clock", "part"})
    if _ACK.match(folded):
        return Acknowledge()
    if _LATER.match(folded):
        return Snooze(now + LATER)
    m = _SNOOZE_AMOUNT.match(folded) or _MORE.match(folded)
    if not m:
        return None
    amount = m.group("amount").strip().replace(",", ".")
    if re.fullmatch(r"\d+", amount):
        return Snooze(now + timedelta(minutes=int(amount))) if 0 < int(amount) <= 24 * 60 else None
    match = parse_time(("dans " if lang == "fr" else "in ") + amount, now=now, lang=lang)
    if match is None or match.when <= now or match.when - now > timedelta(days=7):
        return None
    return Snooze(match.when)


def reschedule_words(text: str, *, lang: Lang) -> str | None:
    """The new time in "en fait plutôt 17h" / "actually make it 5", as words the time parser reads (a bare
    hour is a clock time here); None when the message is not such a correction."""
    folded = fold(text)
    change = _RESCHEDULE.match(folded)
    if not change or "rappel" in folded or "remind" in folded:
        return None
    rest = text[change.end() :]
    bare = _BARE_HOUR.match(_FILLER.sub(" ", fold(rest)).strip(" ,.!?"))
    if bare:
        hour, minute = int(bare.group(1)), int(bare.group(2) or 0)
        return f"à {hour}h{minute:02d}" if lang == "fr" else f"at {hour}:{minute:02d}"
    return rest.strip() or None
