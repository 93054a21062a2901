"""Reminders: set one ("rappelle-moi…", or just what and when: "jeudi 15h30 rdv dentiste", "faut que
j'appelle Léa demain"), list them ("c'est quoi mes rappels ?", "quand est mon rappel pour la banque ?"),
cancel one ("plus besoin du rappel pour la banque")."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.reminders import ReminderIntent, _find_trigger, split_what_when


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    about = _named(h, h.table.WHEN_IS_REMINDER)
    if about is not None:
        out.append(Candidate(0.88, "reminder.when_is", [ToolCall("list_reminders", {"about": about})]))
    elif h.has(h.table.LIST_REMINDERS):
        out.append(Candidate(0.85, "reminder.list", [ToolCall("list_reminders", {})]))
    cancel = _named(h, h.table.CANCEL_REMINDER)
    if cancel is not None:
        out.append(Candidate(0.87, "reminder.cancel", [ToolCall("cancel_reminder", {"about": cancel})]))
    if out:
        return out
    return _create(h)


def _named(h: Heard, pattern: str) -> str | None:
    """The words after the pattern that name a reminder ("" when none), or None if it does not match."""
    m = re.search(rf"(?<![\w'])(?:{pattern})", h.folded)
    if m is None:
        return None
    for group in ("about", "about2", "about3"):
        if group in m.re.groupindex and m.group(group) is not None:
            start, end = m.span(group)
            return h.text[start:end].strip(" ?!.,;:")
    return ""


def _create(h: Heard) -> list[Candidate]:
    s = h.situation
    found = _find_trigger(h.folded, s.lang)
    if found is not None:
        trigger, lang = found
        rest = h.text[: trigger.start()] + " " * (trigger.end() - trigger.start()) + h.text[trigger.end() :]
        split = split_what_when(rest, now=s.said, lang=lang)
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
