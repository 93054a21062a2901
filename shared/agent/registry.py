"""The ToolRegistry: every tool is declared once (name, FR/EN description, a pydantic model of its
arguments, a handler that calls a service, whether it writes) and everything else comes from that one
declaration: Gemini's function declarations, the offline brain's targets, argument validation, and the
tool reference page in docs/tools.md.

Arguments are validated before any handler runs. A missing or bad argument, or a domain error raised by
the service, never escapes as an exception: it becomes a short question or sentence for the person.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from shared.errors import DomainError
from shared.i18n.messages import t

Lang = Literal["fr", "en"]
A = TypeVar("A", bound=BaseModel)


@dataclass
class ToolContext:
    """What a handler may use: the transaction, the person, the times, and what the turn knows."""

    session: Any  # sqlalchemy.orm.Session (not imported here: brains import this module)
    user: Any  # shared.users.models.User
    now: datetime  # the app's clock, UTC
    said: datetime  # when the person wrote, in their time zone: times in their words count from it
    lang: Lang
    message_id: uuid.UUID | None = None
    recent: dict[str, list[uuid.UUID]] = field(default_factory=dict)  # e.g. {"rung": [...], "set": [...]}


@dataclass(frozen=True)
class ToolResult:
    """What a tool did: `data` for a model (JSON), `say` for the person, `refs` for "cancel that"."""

    say: str
    data: dict[str, Any] = field(default_factory=dict)
    refs: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any]
    id: str | None = None  # the model's call id, echoed back with the result


@dataclass(frozen=True)
class Done:
    call: ToolCall
    result: ToolResult


@dataclass(frozen=True)
class Ask:
    """The call cannot run yet: ask the person; their next SMS may fill `missing`."""

    call: ToolCall
    question: str
    missing: str | None = None
    options: list[uuid.UUID] = field(default_factory=list)  # "which one?": the candidates, in order


@dataclass(frozen=True)
class Refused:
    """The service said no (not found, conflict, invalid): already a sentence for the person."""

    call: ToolCall
    say: str
    code: str


Outcome = Done | Ask | Refused


class NeedsAnswer(Exception):
    """Raised by a handler when it cannot decide alone (a missing time, several matching reminders)."""

    def __init__(self, question: str, *, missing: str | None = None, options: list[uuid.UUID] | None = None):
        super().__init__(question)
        self.question = question
        self.missing = missing
        self.options = options or []


@dataclass(frozen=True)
class Tool(Generic[A]):
    name: str
    description: dict[Lang, str]  # one or two sentences per language: what it does, when to use it
    args: type[A]
    handler: Callable[[ToolContext, A], ToolResult]
    writes: bool
    domain: str
    asks: dict[str, str] = field(default_factory=dict)  # argument -> catalog key of the question if missing
    examples: dict[Lang, tuple[str, ...]] = field(default_factory=dict)

    def declaration(self, lang: Lang = "en") -> dict[str, Any]:
        """The Gemini function declaration (JSON schema parameters)."""
        schema = self.args.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        declaration: dict[str, Any] = {"name": self.name, "description": self.description[lang]}
        if schema.get("properties"):  # a tool without arguments declares no parameters at all
            declaration["parameters_json_schema"] = schema
        return declaration


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, Tool[Any]] = {}

    def add(self, tool: Tool[Any]) -> Tool[Any]:
        if tool.name in self._tools:
            raise ValueError(f"tool {tool.name} declared twice")
        if set(tool.description) != {"fr", "en"}:
            raise ValueError(f"tool {tool.name} needs a French and an English description")
        self._tools[tool.name] = tool
        return tool

    def __contains__(self, name: str) -> bool:
        return name in self._tools

    def __iter__(self) -> Any:
        return iter(self._tools.values())

    def get(self, name: str) -> Tool[Any] | None:
        return self._tools.get(name)

    def declarations(self, lang: Lang = "en") -> list[dict[str, Any]]:
        return [tool.declaration(lang) for tool in self._tools.values()]

    def run(self, call: ToolCall, ctx: ToolContext) -> Outcome:
        """Validate, then run; every failure becomes a question or a sentence, never an exception."""
        tool = self._tools.get(call.name)
        if tool is None:
            return Refused(call, t("error.unknown_tool", ctx.lang), "tool.unknown")
        try:
            args = tool.args.model_validate(call.args)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = str(first["loc"][0]) if first.get("loc") else None
            key = tool.asks.get(where or "", "error.invalid_argument")
            return Ask(call, t(key, ctx.lang), missing=where)
        try:
            result = tool.handler(ctx, args)
        except NeedsAnswer as need:
            return Ask(call, need.question, missing=need.missing, options=need.options)
        except DomainError as err:
            return Refused(call, err.sms(ctx.lang), err.code)
        return Done(call, result)

    def reference(self) -> str:
        """docs/tools.md: every tool, its arguments, in both languages (generated, never edited)."""
        lines = [
            "# Tools",
            "",
            "Generated from the ToolRegistry (`python -m shared.agent.tools_doc`); do not edit by hand.",
            "Both brains target these: Gemini receives them as function declarations, the offline",
            "understanding produces the same calls.",
            "",
        ]
        for tool in sorted(self._tools.values(), key=lambda x: (x.domain, x.name)):
            lines += [
                f"## `{tool.name}` ({tool.domain}, {'writes' if tool.writes else 'reads'})",
                "",
                f"- EN: {tool.description['en']}",
                f"- FR: {tool.description['fr']}",
                "",
                "| argument | type | required | meaning |",
                "|---|---|---|---|",
            ]
            schema = tool.args.model_json_schema()
            required = set(schema.get("required", []))
            for name, prop in schema.get("properties", {}).items():
                kind = prop.get("type") or " or ".join(str(p.get("type")) for p in prop.get("anyOf", []))
                lines.append(
                    f"| `{name}` | {kind} | {'yes' if name in required else 'no'} | {prop.get('description', '')} |"
                )
            for lang, examples in sorted(tool.examples.items()):
                lines.append(f"\nExamples ({lang}): " + "; ".join(f"« {e} »" for e in examples))
            lines.append("")
        return "\n".join(lines)
