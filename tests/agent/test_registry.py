"""The ToolRegistry: one declaration per tool feeds Gemini, validation and the docs."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared.agent.tools import DOMAIN_TOOLS, registry
from shared.i18n.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[2]


def test_docs_tools_md_is_generated_from_the_registry_and_current() -> None:
    assert (ROOT / "docs" / "tools.md").read_text(encoding="utf-8") == registry().reference() + "\n", (
        "docs/tools.md is stale: run python -m shared.agent.tools_doc"
    )


@pytest.mark.parametrize("tool", list(registry()), ids=lambda t: t.name)
def test_every_tool_is_declared_for_gemini_in_both_languages(tool) -> None:
    for lang in ("fr", "en"):
        declaration = tool.declaration(lang)
        assert declaration["name"] == tool.name and declaration["description"] == tool.description[lang]
        if not tool.args.model_fields:
            assert "parameters_json_schema" not in declaration  # nothing to fill in
            continue
        schema = declaration["parameters_json_schema"]
        assert schema["type"] == "object" and schema["properties"]
        assert "title" not in schema and all("title" not in p for p in schema["properties"].values())
        assert all(p.get("description") for p in schema["properties"].values())


def test_every_sentence_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == {"fr", "en"}, key
        fields = {lang: sorted(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert fields["fr"] == fields["en"], key


@pytest.mark.parametrize("domain", sorted(DOMAIN_TOOLS))
def test_the_index_names_exactly_the_tools_each_domain_registers(domain: str) -> None:
    from shared.agent.registry import ToolRegistry

    found = ToolRegistry()
    importlib.import_module(f"shared.{domain}.tools").register(found)
    assert tuple(tool.name for tool in found) == DOMAIN_TOOLS[domain]


def test_the_index_covers_every_domain_with_tools() -> None:
    with_tools = {path.parent.name for path in (ROOT / "shared").glob("*/tools.py")} - {"agent"}
    assert with_tools == set(DOMAIN_TOOLS)


def test_a_turn_loads_only_the_domain_of_the_tool_it_calls() -> None:
    """Setting a reminder loads the reminders' tools, not the recipes' or the expenses' (nor their models)."""
    code = """
import json, sys
from shared.agent.registry import ToolCall, ToolContext
from shared.agent.tools import registry
tools = registry()
domains = lambda: sorted(m for m in sys.modules if m.endswith(".tools") and m != "shared.agent.tools")
before = domains()
tools.get("create_reminder")
after = domains()
print(json.dumps([before, after, "create_reminder" in tools, "add_expense" in tools, "nope" in tools]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after, *contains = json.loads(out.stdout)
    assert before == [] and after == ["shared.reminders.tools"]
    assert contains == [True, True, False]  # names are known without loading their domain
