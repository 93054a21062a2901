"""The offline brain: deterministic French/English understanding. Each intent rule (shared/brains/offline/
intents/) proposes candidates with a score from the words, the per-language tables and the conversation
context; the best one wins (not "first regex wins"), and its tool calls run through the registry like
Gemini's. Below a floor of confidence it answers with a short, helpful sentence instead of guessing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from shared.agent.brain import Act, Situation, Thought, compose
from shared.agent.registry import Ask, Lang, ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.lexicon import TABLES
from shared.i18n.messages import t

FLOOR = 0.35  # below this, no candidate is trusted


@dataclass(frozen=True)
class Heard:
    """The message, prepared once for every rule."""

    situation: Situation
    folded: str  # lowercase, no accents, same length as the text (spans line up)
    table: ModuleType  # the word tables of the message's language

    @property
    def text(self) -> str:
        return self.situation.text

    @property
    def lang(self) -> Lang:
        return self.situation.lang

    def has(self, pattern: str) -> re.Match[str] | None:
        """The table pattern anywhere in the message, on word boundaries."""
        return re.search(rf"(?<![\w'])(?:{pattern})(?![\w])", self.folded)

    def whole(self, pattern: str) -> re.Match[str] | None:
        """The message is only this pattern (and punctuation, emojis, politeness)."""
        core = re.sub(r"[\s.,;:!?…\"()\-]+", " ", self.folded).strip()
        core = re.sub(r"[^\w\s'+]+", "", core).strip() or self.folded.strip()
        return re.fullmatch(rf"(?:{pattern})(?:\s+(?:{pattern}|{self.table.FILLER}))*", core)


@dataclass
class Candidate:
    score: float
    intent: str
    calls: list[ToolCall] = field(default_factory=list)
    answer: str | None = None


Rule = Callable[[Heard], list[Candidate]]


def understand(situation: Situation) -> Candidate:
    """The best reading of one message, or the fallback."""
    from shared.brains.offline.intents import RULES

    heard = Heard(situation, fold(situation.text), TABLES[situation.lang])
    candidates = [c for rule in RULES for c in rule(heard)]
    best = max(candidates, key=lambda c: c.score, default=None)
    if best is None or best.score < FLOOR:
        return Candidate(0.0, "unknown", answer=t("help.not_understood", situation.lang))
    return best


class OfflineBrain:
    name = "offline"

    def think(self, situation: Situation, act: Act) -> Thought:
        choice = understand(situation)
        if choice.answer is not None and not choice.calls:
            return Thought(reply=choice.answer, intent=choice.intent)
        outcomes = []
        for call in choice.calls:
            outcome = act(call)
            outcomes.append(outcome)
            if isinstance(outcome, Ask):
                break
        reply = compose(outcomes)
        if choice.answer:
            reply = f"{reply}\n{choice.answer}" if reply else choice.answer
        return Thought(reply=reply, intent=choice.intent, outcomes=outcomes)
