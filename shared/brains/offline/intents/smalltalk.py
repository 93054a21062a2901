"""What is not a request: thanks, greetings, "what can you do?", "ok", "laisse tomber", and distress,
which gets a short, kind answer with one small next step (never clinical advice), and a helpline when a
life may be at risk."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.i18n.messages import t


def rule(h: Heard) -> list[Candidate]:
    lang = h.lang
    if re.search(rf"(?<!\w)(?:{h.table.CRISIS})", h.folded):  # a prefix: "suicid" in "suicidaire"
        return [Candidate(1.0, "smalltalk.crisis", answer=t("smalltalk.crisis", lang))]
    out: list[Candidate] = []
    if h.has(h.table.DISTRESS):
        out.append(Candidate(0.7, "smalltalk.distress", answer=t("smalltalk.distress", lang)))
    if h.has(h.table.CAPABILITIES):
        out.append(Candidate(0.8, "smalltalk.capabilities", answer=t("sms.help", lang)))
    if h.whole(h.table.THANKS):
        out.append(Candidate(0.8, "smalltalk.thanks", answer=t("smalltalk.thanks", lang)))
    elif h.whole(h.table.GREETING):
        out.append(Candidate(0.8, "smalltalk.greeting", answer=t("smalltalk.greeting", lang)))
    elif h.whole(h.table.OK):
        out.append(Candidate(0.5, "smalltalk.ok", answer=t("smalltalk.ok", lang)))
    if h.whole(h.table.DROP):
        last = h.situation.state.last
        if last is not None and last.tool == "create_reminder" and last.refs:
            call = ToolCall("cancel_reminder", {"reminder_id": last.refs[0]})
            out.append(Candidate(0.85, "reminder.undo", [call]))
        else:
            out.append(Candidate(0.5, "smalltalk.drop", answer=t("pending.dropped", lang)))
    return out
