"""Short replies to a reminder: "fait" / "done", "+10" / "plus tard", and corrections to one just set
("en fait plutôt 17h" / "actually make it 5"). They mean something only when a reminder just rang or was
just set; the tools then ask "which one?" when several could be meant."""

from __future__ import annotations

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.replies import Acknowledge, Snooze, reschedule_words, understand_reply


def rule(h: Heard) -> list[Candidate]:
    s = h.situation
    words = reschedule_words(h.text, lang=s.lang)
    if words is not None and (s.just_set or s.rung):
        return [Candidate(0.9, "reminder.move", [ToolCall("move_reminder", {"when": words})])]
    answer = understand_reply(h.text, now=s.said, lang=s.lang)
    context = 0.9 if s.rung else 0.3  # without a reminder that rang, "ok"/"fait" is small talk
    if isinstance(answer, Acknowledge):
        return [Candidate(context, "reminder.acknowledge", [ToolCall("acknowledge_reminder", {})])]
    if isinstance(answer, Snooze):
        return [Candidate(context, "reminder.snooze", [ToolCall("snooze_reminder", {"until": h.text.strip()})])]
    return []
