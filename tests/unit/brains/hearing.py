"""The offline brain hearing one SMS with no context, at the corpus' reference time (Tuesday 2026-03-10 14:00,
Paris for French, New York for English): shared by the everyday-SMS tests of this folder."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shared.agent.brain import Situation
from shared.agent.registry import Lang
from shared.agent.state import State
from shared.brains.offline.engine import Candidate, understand

ZONES = {"fr": ZoneInfo("Europe/Paris"), "en": ZoneInfo("America/New_York")}


def heard(lang: str, text: str) -> Candidate:
    return heard_after(lang, text)


def heard_after(lang: str, text: str, *, just_set: str = "") -> Candidate:
    """What the brain makes of `text`, right after it set a reminder of that text (if any)."""
    language: Lang = "fr" if lang == "fr" else "en"
    said = datetime(2026, 3, 10, 14, 0, tzinfo=ZONES[language])
    situation = Situation(
        text=text,
        lang=language,
        said=said,
        state=State(),
        rung=[],
        just_set=[(uuid.uuid5(uuid.NAMESPACE_URL, just_set), just_set)] if just_set else [],
        person_language=language,
        timezone=str(ZONES[language]),
    )
    return understand(situation)


def first_call(lang: str, text: str) -> tuple[str, dict[str, Any]]:
    """The first tool call the brain makes (failing the test when it makes none)."""
    found = heard(lang, text)
    assert found.calls, f"{text!r} -> {found.intent}"
    return found.calls[0].name, found.calls[0].args
