"""The offline brain hearing one SMS at the corpus' reference time (tests.helpers.understood), in the argument
order of the everyday-SMS tests of this folder (language first)."""

from __future__ import annotations

from typing import Any

from shared.brains.offline.engine import Candidate
from tests.helpers import understood


def heard(lang: str, text: str) -> Candidate:
    return understood(text, lang)


def heard_after(lang: str, text: str, *, just_set: str = "") -> Candidate:
    """What the brain makes of `text`, right after it set a reminder of that text (if any)."""
    return understood(text, lang, just_set=[just_set] if just_set else None)


def first_call(lang: str, text: str) -> tuple[str, dict[str, Any]]:
    """The first tool call the brain makes (failing the test when it makes none)."""
    found = heard(lang, text)
    assert found.calls, f"{text!r} -> {found.intent}"
    return found.calls[0].name, found.calls[0].args
