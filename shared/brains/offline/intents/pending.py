"""An answer to the question we just asked: it fills the missing argument of the call we kept, or drops it."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.timeparse import parse_time
from shared.i18n.messages import t

_ORDINALS = {
    "fr": {"premier": 1, "premiere": 1, "1er": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3},
    "en": {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4},
}


def rule(h: Heard) -> list[Candidate]:
    pending = h.situation.state.pending
    if pending is None:
        return []
    if h.whole(h.table.DROP) or h.whole(h.table.NO):
        return [Candidate(0.95, "pending.drop", answer=t("pending.dropped", h.lang))]
    args = dict(pending.args)
    if pending.missing == "reminder_id" and pending.options:
        choice = _choice(h, len(pending.options))
        if choice is not None:
            args["reminder_id"] = pending.options[choice - 1]
            return [Candidate(0.95, f"{pending.tool}.chosen", [ToolCall(pending.tool, args)])]
        return []
    if pending.missing in ("when", "until"):
        said = h.situation.said
        if parse_time(h.text, now=said, lang=h.lang) is not None or re.match(r"^\s*\+?\d+\s*$", h.folded):
            args[pending.missing] = h.text.strip()
            return [Candidate(0.92, f"{pending.tool}.filled", [ToolCall(pending.tool, args)])]
        return []
    if pending.missing == "about" and len(h.folded.split()) <= 6:
        args["about"] = h.text.strip()
        return [Candidate(0.7, f"{pending.tool}.filled", [ToolCall(pending.tool, args)])]
    return []


def _choice(h: Heard, n: int) -> int | None:
    words = re.findall(r"[\w']+", h.folded)
    for word in words[:4]:
        value = int(word) if word.isdigit() else _ORDINALS[h.lang].get(word)
        if value is not None and 1 <= value <= n:
            return value
    return None
