"""The brain port: what a brain is given for one turn, and what it gives back. A brain never writes to
the database: it asks for tool calls through `act`, which validates them and runs them through the
ToolRegistry, and it returns the reply. Two brains sit behind it: Gemini (shared/brains/gemini) and the
offline French/English understanding (shared/brains/offline)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from shared.agent.registry import Ask, Done, Lang, Outcome, Refused, ToolCall
from shared.agent.state import State


@dataclass(frozen=True)
class Situation:
    """One turn as a brain sees it."""

    text: str
    lang: Lang  # the language of this message (it may differ from the person's usual one)
    said: datetime  # when the person wrote, in their time zone
    state: State
    rung: list[tuple[uuid.UUID, str]] = field(default_factory=list)  # reminders that just rang: id, text
    just_set: list[tuple[uuid.UUID, str]] = field(default_factory=list)  # reminders just set, not rung yet
    person_language: Lang = "fr"
    timezone: str = "Europe/Paris"
    person: str = ""  # the person's id (budgets per person); never sent to a model


@dataclass
class Thought:
    """What a brain did: its reply, the calls and their outcomes, and what it cost."""

    reply: str
    intent: str
    outcomes: list[Outcome] = field(default_factory=list)
    brain: str = "offline"
    tokens_in: int | None = None
    tokens_out: int | None = None
    fallback_reason: str | None = None  # set when another brain answered instead


Act = Callable[[ToolCall], Outcome]


class Brain(Protocol):
    name: str

    def think(self, situation: Situation, act: Act) -> Thought: ...


def compose(outcomes: list[Outcome]) -> str:
    """The reply made of what the tools said: sentences in order; a question ends it."""
    parts: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, Done):
            parts.append(outcome.result.say)
        elif isinstance(outcome, Refused):
            parts.append(outcome.say)
        elif isinstance(outcome, Ask):
            parts.append(outcome.question)
            break
    return "\n".join(p for p in parts if p)
