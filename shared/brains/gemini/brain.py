"""The Gemini brain (google-genai): a bounded model/tool loop. The model sees the person's context and the
tools declared in the ToolRegistry; each function call it makes runs through `act` (validated, scoped to
the person); results go back as function responses until it answers in text. Several calls in one answer,
a step limit, a time budget, retries with backoff on 429/5xx, token counts for the agent log.

Imported only when a key is set (about 250 ms of imports: never on a cold start without one). If Gemini
fails or is too slow, FallbackBrain lets the offline brain answer instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from google import genai
from google.genai import errors, types

from shared.agent.brain import Act, Brain, Situation, Thought, compose
from shared.agent.registry import Ask, Done, Outcome, Refused, ToolCall
from shared.brains.gemini.context import memory_lines

log = logging.getLogger("boussole.brains.gemini")

SYSTEM = """You are Boussole, an SMS assistant for adults with ADHD. You help them not forget: you set, list,
move, snooze, cancel and close their reminders, and remember what they tell you, with the tools you have.
Rules:
- Answer in one short SMS (under 300 characters), plain, warm, never judging; one thing at a time.
- Answer in the language of the person's last message ({lang_name}).
- Use the tools to act or to read their data. Never invent a reminder, a time or a fact.
- Pass times exactly as the person wrote them ("demain à 9h", "in 20 min", "every monday at 8") in `when`
  or `until`; never compute dates yourself.
- If something needed is missing, ask one short question.
- When they mention a lasting fact (a person and their role, a code, where something is, a preference, a
  birthday), keep it with `remember` (one fact per call, their words) and confirm in a few words. Questions
  about what they told you: call `recall` and answer only from what it returns; "forget …" calls `forget`.
- If the person is distressed, acknowledge it kindly and offer one small next step; no medical advice.
Context:
- Their local time: {local_now} ({timezone}). Their usual language: {person_language}.
{recent}"""


class BudgetExceeded(Exception):
    """The turn's time budget ran out before the model answered."""


class GeminiBrain:
    name = "gemini"

    def __init__(
        self,
        client: genai.Client,
        *,
        model: str,
        declarations: list[dict[str, Any]],
        timeout_seconds: float,
        budget_seconds: float,
        max_steps: int,
    ) -> None:
        self._client = client  # kept: a Client that is garbage-collected closes its connections
        self._model = model
        self._tools: list[Any] = [
            types.Tool(function_declarations=[types.FunctionDeclaration(**d) for d in declarations])
        ]
        self._timeout = timeout_seconds
        self._budget = budget_seconds
        self._max_steps = max_steps

    @classmethod
    def connect(
        cls,
        api_key: str,
        *,
        model: str,
        declarations: list[dict[str, Any]],
        base_url: str | None = None,
        timeout_seconds: float = 6.0,
        budget_seconds: float = 12.0,
        max_steps: int = 4,
    ) -> GeminiBrain:
        # Retries are ours (`_generate`), not the SDK's: theirs would not stop at the turn's time budget.
        options = types.HttpOptions(
            base_url=base_url,
            timeout=int(timeout_seconds * 1000),
            retry_options=types.HttpRetryOptions(attempts=1),
        )
        client = genai.Client(api_key=api_key, http_options=options)
        return cls(
            client,
            model=model,
            declarations=declarations,
            timeout_seconds=timeout_seconds,
            budget_seconds=budget_seconds,
            max_steps=max_steps,
        )

    def think(self, situation: Situation, act: Act) -> Thought:
        deadline = time.monotonic() + self._budget
        contents = _history(situation)
        system = _system(situation)
        outcomes: list[Outcome] = []
        tokens_in = tokens_out = 0
        for _ in range(self._max_steps):
            response = self._generate(contents, system, deadline)
            usage = response.usage_metadata
            tokens_in += (usage.prompt_token_count or 0) if usage else 0
            tokens_out += (usage.candidates_token_count or 0) if usage else 0
            calls = response.function_calls or []
            if not calls:
                text = (response.text or "").strip() or compose(outcomes)
                return Thought(text, _intent(outcomes), outcomes, "gemini", tokens_in, tokens_out)
            assert response.candidates and response.candidates[0].content is not None
            contents.append(response.candidates[0].content)
            answers = []
            for call in calls:
                outcome = act(ToolCall(call.name or "", dict(call.args or {}), call.id))
                outcomes.append(outcome)
                answers.append(types.Part.from_function_response(name=call.name or "", response=_result(outcome)))
            contents.append(types.Content(role="user", parts=answers))
        log.warning("gemini step limit reached", extra={"steps": self._max_steps})
        return Thought(compose(outcomes), _intent(outcomes), outcomes, "gemini", tokens_in, tokens_out)

    def _generate(self, contents: list[types.Content], system: str, deadline: float) -> types.GenerateContentResponse:
        """One model call, retried with backoff on 429, 5xx and timeouts, never past the turn's deadline."""
        delay, reason = 0.5, ""
        while True:
            left = deadline - time.monotonic()
            if left <= 0.2:
                raise BudgetExceeded(
                    f"no answer within {self._budget:.0f} s" + (f" (last: {reason})" if reason else "")
                )
            config = types.GenerateContentConfig(
                system_instruction=system,
                tools=self._tools,
                automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
                temperature=0.2,
                max_output_tokens=400,
                http_options=types.HttpOptions(timeout=int(min(self._timeout, left) * 1000)),
            )
            try:
                return self._client.models.generate_content(model=self._model, contents=contents, config=config)
            except errors.APIError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise
                reason = f"HTTP {exc.code}"
            except (TimeoutError, OSError) as exc:
                reason = type(exc).__name__
            except Exception as exc:  # the SDK's HTTP client raises its own timeout types
                if "timeout" not in type(exc).__name__.lower():
                    raise
                reason = type(exc).__name__
            pause = min(delay, max(0.0, deadline - time.monotonic() - 0.2))
            log.info("gemini call retried", extra={"reason": reason, "pause": round(pause, 2)})
            time.sleep(pause)
            delay *= 2


class FallbackBrain:
    """Gemini first; if it fails (an error, a timeout, the budget) the offline brain answers. Tool calls
    Gemini already made are kept (they are idempotent per message) and not repeated. `allowed(person)` is
    the person's model budget (calls a day): spent, the offline brain answers without calling Gemini."""

    def __init__(self, primary: Brain, fallback: Brain, *, allowed: Callable[[str], bool] | None = None) -> None:
        self.primary, self.fallback = primary, fallback
        self.name = primary.name
        self._allowed = allowed

    def think(self, situation: Situation, act: Act) -> Thought:
        if self._allowed is not None and not self._allowed(situation.person):
            log.info("model budget spent, offline brain answers", extra={"event": "brain.budget"})
            thought = self.fallback.think(situation, act)
            thought.fallback_reason = "daily model budget spent"
            return thought
        done: list[Outcome] = []

        def recording(call: ToolCall) -> Outcome:
            outcome = act(call)
            done.append(outcome)
            return outcome

        try:
            return self.primary.think(situation, recording)
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"[:300]
            log.warning("gemini failed, offline brain answers", extra={"event": "brain.fallback", "error": reason})
            if any(isinstance(o, Done) for o in done):
                return Thought(compose(done), _intent(done), done, "gemini", fallback_reason=reason)
            thought = self.fallback.think(situation, act)
            thought.fallback_reason = reason
            return thought


def _system(s: Situation) -> str:
    zone = ZoneInfo(s.timezone)
    recent = []
    if s.rung:
        recent.append("- Reminders that just rang (id: text): " + "; ".join(f"{i}: {t}" for i, t in s.rung[:5]))
    if s.just_set:
        recent.append("- Reminders just set (id: text): " + "; ".join(f"{i}: {t}" for i, t in s.just_set[:5]))
    if s.state.pending is not None:
        recent.append(f"- You just asked a question for the tool {s.state.pending.tool}; their message may answer it.")
    recent += memory_lines(s)
    return SYSTEM.format(
        lang_name="French" if s.lang == "fr" else "English",
        local_now=s.said.astimezone(zone).strftime("%A %Y-%m-%d %H:%M"),
        timezone=s.timezone,
        person_language=s.person_language,
        recent="\n".join(recent),
    )


def _history(s: Situation) -> list[types.Content]:
    contents = [
        types.Content(role="user" if turn["role"] == "user" else "model", parts=[types.Part(text=turn["text"])])
        for turn in s.state.turns[-6:]
    ]
    contents.append(types.Content(role="user", parts=[types.Part(text=s.text)]))
    return contents


def _result(outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, Done):
        return {"ok": True, "said": outcome.result.say, **outcome.result.data}
    if isinstance(outcome, Ask):
        return {"ok": False, "needs": outcome.missing, "question": outcome.question}
    assert isinstance(outcome, Refused)
    return {"ok": False, "error": outcome.code, "said": outcome.say}


def _intent(outcomes: list[Outcome]) -> str:
    return outcomes[0].call.name if outcomes else "answer"
