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
# Tools that add to, change or remove what the person has: a message that opens with a question never calls them
# ("where did i park" completes no task, "when did i cancel the dentist reminder" cancels nothing).
CHANGES = frozenset(
    {
        "complete_task",
        "postpone_task",
        "drop_task",
        "mark_bought",
        "remove_grocery",
        "cancel_reminder",
        "cancel_event",
        "move_event",
        "delete_note",
        "forget",
        "recipe_cooked",
        "delete_last_expense",
        "add_expense",
        "add_groceries",
        "add_event",
        "add_task",
    }
)


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

    def asks(self) -> bool:
        """The message asks: a "?", or it opens with a question."""
        return "?" in self.text or self.opens_question()

    def opens_question(self) -> bool:
        """The message opens with a question, in either language, "?" or not: "where did i park", "où j'ai mis
        le rapport", "quand est-ce que j'ai fini les impôts". Such a message changes nothing."""
        return any(re.match(rf"[\s\W]*(?:{table.ASKS})(?![\w'])", self.folded) for table in TABLES.values())

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
    if heard.opens_question():
        candidates = [c for c in candidates if not any(call.name in CHANGES for call in c.calls)]
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
