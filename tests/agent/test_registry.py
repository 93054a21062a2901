"""The ToolRegistry: one declaration per tool feeds Gemini, validation and the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.agent.tools import registry
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
