"""Reminders: set one ("rappelle-moi…", or just what and when: "jeudi 15h30 rdv dentiste", "faut que
j'appelle Léa demain"), ask about them ("c'est quoi mes rappels ?", "j'ai un rappel pour le dentiste ?",
"when's the rent reminder"), cancel one ("plus besoin du rappel pour la banque", "arrête de me rappeler de
boire", "delete my dentist reminder"). A negation never creates one."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.reminders import ReminderIntent, _find_trigger, after_trigger, split_what_when

_TAIL = r"[\s?!.,;:]*(?:anymore|stp|svp|please|pls|plus|merci|thanks|du\s+tout)?[\s?!.,;:]*$"


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    cancel = _named(h, h.table.CANCEL)
    if cancel is not None:
        out.append(Candidate(0.9, "reminder.cancel", [ToolCall("cancel_reminder", {"about": cancel})]))
        return out
    asked = _named(h, h.table.QUESTION_REMINDER)
    if asked is None:
        asked = _named(h, h.table.WHEN_IS_REMINDER)
    if asked is not None:
        out.append(Candidate(0.88, "reminder.when_is", [ToolCall("list_reminders", {"about": asked})]))
    elif h.has(h.table.LIST_REMINDERS):
        out.append(Candidate(0.85, "reminder.list", [ToolCall("list_reminders", {})]))
    if out or h.has(h.table.NEGATED_REMINDER):
        return out
    return _create(h)


def _named(h: Heard, pattern: str) -> str | None:
    """The words after (or before) the pattern that name a reminder ("" when none); None if no match."""
    m = re.search(rf"(?<![\w'])(?:{pattern})", h.folded)
    if m is None:
        return None
    for group in sorted(m.re.groupindex):
        if group.startswith("about") and m.group(group):
            start, end = m.span(group)
            words = re.sub(_TAIL, "", h.folded[start:end])
            return h.text[start : start + len(words)].strip(" ?!.,;:")
    return ""


def _create(h: Heard) -> list[Candidate]:
    s = h.situation
    found = _find_trigger(h.folded, s.lang)
    if found is not None:
        trigger, lang = found
        split = split_what_when(after_trigger(h.text, trigger), now=s.said, lang=lang)
        when = split.when_words if isinstance(split, ReminderIntent) else ""
        return [Candidate(0.95, "reminder.create", [ToolCall("create_reminder", {"what": split.what, "when": when})])]
    # No "remind me": what must not be forgotten, and when. A question is not a request.
    if h.has(h.table.QUESTION):
        return []
    split = split_what_when(h.text, now=s.said, lang=s.lang)
    if not isinstance(split, ReminderIntent) or not re.search(r"[^\W\d_]{3,}", split.what):
        return []
    score = 0.8 if h.has(h.table.IMPLICIT) else 0.6
    call = ToolCall("create_reminder", {"what": split.what, "when": split.when_words})
    return [Candidate(score, "reminder.create", [call])]
