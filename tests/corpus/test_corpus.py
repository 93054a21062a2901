"""The evaluation corpus (issue 10, "Evidence"): the corpus itself is well formed and large enough, and the
offline brain keeps a floor of accuracy on it.

The floor counts the rows that can be scored today: those whose expected tool is in the registry, and those
that expect a small-talk intent or a question. Rows for issue 11's tools are "not implemented yet" until
their tool is registered; from then on they count, so a new tool comes with its offline understanding.
Pure: no database, no network. `python -m bench.intents` prints the same figures in detail.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import datetime
from functools import cache

from shared.agent.tools import registry
from tests.corpus import runner

# Measured on the offline brain when the corpus was written: 57.6 % of the 677 scored rows; after the brain's
# rework and the time grammar 95.6 % (fr 96.7 %, en 94.4 %). Issue 11's 413 rows for the tools the slices added
# were written afterwards by someone who had not read the rules: 42 % at first, 99.2 % overall once the rules
# were reworked on causes. The floor stays a little under; raise it as it improves.
FLOOR = 0.97  # measured 99.2 % on 1,500 rows (2026-11-29, issue 11's tools included), minus a margin

MIN_ROWS, MIN_PER_LANG = 600, 300
MIN_IMPLEMENTED, MIN_PLANNED = 25, 8  # rows per tool and language (MIN_PLANNED also for ADDED and MEMORY)
MIN_NON_TOOL, MIN_CONTEXT = 60, 20  # rows per language


@cache
def report() -> runner.Report:
    return runner.run()


def rows(lang: str | None = None) -> list[runner.Row]:
    return [r for r in runner.load() if lang is None or r.lang == lang]


def test_every_line_is_one_json_object_with_known_fields() -> None:
    for lang, path in runner.FILES.items():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            data = json.loads(line)  # a blank or broken line fails here
            where = f"{path.name}:{number}"
            assert isinstance(data, dict), where
            assert {"id", "text", "expect"} <= set(data) <= {"id", "text", "expect", "context", "note"}, where
            assert isinstance(data["text"], str) and data["text"].strip(), where
            assert data["id"].startswith(f"{lang}-"), where


def test_size_and_balance() -> None:
    assert len(rows()) >= MIN_ROWS
    fr, en = len(rows("fr")), len(rows("en"))
    assert fr >= MIN_PER_LANG and en >= MIN_PER_LANG
    assert abs(fr - en) <= 0.1 * (fr + en), "half French, half English"


def test_ids_are_unique_and_rows_are_not_repeated() -> None:
    ids = Counter(r.id for r in rows())
    assert not [i for i, n in ids.items() if n > 1]
    seen = Counter((r.lang, r.text, json.dumps(r.context, sort_keys=True)) for r in rows())
    assert not [k for k, n in seen.items() if n > 1]


def test_every_expectation_names_a_known_tool_intent_or_question() -> None:
    registered = runner.registered_tools()
    for row in rows():
        expect = row.expect
        kinds = [k for k in ("tool", "intent", "ask") if k in expect]
        assert len(kinds) == 1 or kinds == ["tool", "ask"], row.id  # a question may name its tool
        if "tool" in expect and "ask" not in expect:
            tool = expect["tool"]
            assert tool in registered or tool in runner.TOOL_ARGS, f"{row.id}: unknown tool {tool}"
            assert set(expect) <= {"tool", "args", "rrule_contains"}, row.id
        elif "intent" in expect:
            assert expect["intent"] in runner.INTENTS, row.id
        else:
            tool = expect.get("tool", "create_reminder")
            assert set(expect) <= {"ask", "tool"}, row.id
            assert expect["ask"] in runner.TOOL_ARGS[tool], f"{row.id}: {tool} has no argument {expect['ask']}"


def test_the_declared_arguments_are_those_of_the_registry() -> None:
    declared = {tool.name: set(tool.args.model_fields) for tool in registry()}
    for name, args in runner.TOOL_ARGS.items():
        if name in declared:
            assert args == declared[name], f"{name}: corpus says {sorted(args)}, registry says {sorted(declared[name])}"
    assert not set(runner.ADDED) & set(runner.PLANNED), "a tool is either planned or added"
    assert not set(runner.MEMORY) & (set(runner.PLANNED) | set(runner.ADDED) | set(runner.IMPLEMENTED))


def test_expected_arguments_are_arguments_of_the_tool_and_well_formed() -> None:
    for row in rows():
        tool = row.expect.get("tool")
        if tool is None:
            continue
        allowed = runner.TOOL_ARGS[tool]
        for key, value in row.expect.get("args", {}).items():
            name = key.removesuffix("_local")
            assert name in allowed, f"{row.id}: {tool} has no argument {name}"
            if key.endswith("_local"):
                text = value.removeprefix(">")
                if re.fullmatch(r"\d\d:\d\d", text):
                    datetime.strptime(text, "%H:%M")
                else:
                    datetime.fromisoformat(text)
        if "rrule_contains" in row.expect:
            assert row.expect["rrule_contains"].startswith("FREQ="), row.id
            assert tool == "create_reminder" and "when_local" in row.expect["args"], row.id
        if tool == "create_reminder":
            assert "what" in row.expect["args"] and "when_local" in row.expect["args"], row.id


def test_contexts_are_well_formed() -> None:
    for row in rows():
        assert set(row.context) <= {"rung", "just_set", "pending", "last"}, row.id
        for kind in ("rung", "just_set"):
            assert all(isinstance(t, str) and t for t in row.context.get(kind, [])), row.id
        if "pending" in row.context:
            assert {"tool", "args"} <= set(row.context["pending"]), row.id
        runner.situation(row)  # builds


def test_every_tool_has_enough_rows_in_each_language() -> None:
    registered = runner.registered_tools()
    for lang in runner.LANGS:
        per_tool = Counter(r.expect["tool"] for r in rows(lang) if "tool" in r.expect and "ask" not in r.expect)
        assert registered <= set(runner.TOOL_ARGS), f"tools with no rows: {registered - set(runner.TOOL_ARGS)}"
        for tool in sorted(runner.IMPLEMENTED):
            assert per_tool[tool] >= MIN_IMPLEMENTED, f"{lang}: {per_tool[tool]} rows for {tool}"
        for tool in sorted({*runner.PLANNED, *runner.ADDED, *runner.MEMORY}):
            assert per_tool[tool] >= MIN_PLANNED, f"{lang}: {per_tool[tool]} rows for {tool}"
        non_tool = [r for r in rows(lang) if "intent" in r.expect]
        assert len(non_tool) >= MIN_NON_TOOL
        intents = Counter(r.expect["intent"] for r in non_tool)
        missing = runner.INTENTS - set(intents)
        assert not missing, f"{lang}: no row for {missing}"
        assert sum("ask" in r.expect for r in rows(lang)) >= 8
        assert sum(bool(r.context) for r in rows(lang)) >= MIN_CONTEXT


def test_the_style_is_how_people_text() -> None:
    def accented(text: str) -> bool:
        return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))

    french = rows("fr")
    assert sum(not accented(r.text) for r in french) >= len(french) / 3, "a third of the French without accents"
    for lang in runner.LANGS:
        some = rows(lang)
        assert sum(r.text == r.text.lower() for r in some) >= len(some) / 2, "mostly lowercase"
        assert sum(bool(re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", r.text)) for r in some) >= 10, "emojis"
        assert sum(len(r.text.split()) >= 10 for r in some) >= 10, "run-on dictation"


def test_implemented_tools_are_never_reported_as_planned() -> None:
    registered = runner.registered_tools()
    for verdict in report().verdicts:
        if verdict.status == "not_implemented":
            assert verdict.row.expect["tool"] not in registered


def test_the_offline_brain_keeps_its_floor() -> None:
    result = report()
    scored = result.scored()
    accuracy = result.accuracy()
    failures = runner.failure_lines(result.failures())
    print(f"\ncorpus: {accuracy:.1%} of {len(scored)} scored rows right (floor {FLOOR:.1%})")
    print("\n".join(failures))
    assert not [v for v in result.verdicts if v.status == "error"], "the brain raised on some rows"
    assert accuracy >= FLOOR, (
        f"offline brain at {accuracy:.1%} on the corpus, below its floor {FLOOR:.1%}; first failures:\n"
        + "\n".join(failures[:30])
    )
