"""The project's own docs tell the truth: every example a person is told they can text (docs/sms.md) is
understood by the offline brain as a call to a tool of that section's domain, in the language it is
written in; the docs link only to files that exist."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMS = ROOT / "docs" / "sms.md"
SECTIONS = {
    "Reminders": {"reminders"},
    "Tasks and goals": {"tasks"},
    "Groceries and recipes": {"groceries", "recipes"},
    "Money": {"expenses"},
    "Calendar and places": {"calendar", "places", "planner"},  # "qu'est-ce que j'ai jeudi ?": the day's plan
    "Notes": {"notes"},
    "Your day": {"planner", "settings"},
    "Settings": {"settings"},
}


def _examples() -> list[tuple[str, str]]:
    found, section = [], None
    for line in SMS.read_text().splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and section in SECTIONS and not line.startswith(("| you write", "|---")):
            first = line.split("|")[1].strip()
            if first.startswith("*"):  # an answer to something that just happened: needs a context
                continue
            found += [(section, example.strip()) for example in first.split("·") if example.strip()]
    return found


EXAMPLES = _examples()


def test_the_page_has_examples_for_every_section() -> None:
    assert {section for section, _ in EXAMPLES} == set(SECTIONS)
    assert len(EXAMPLES) >= 60


@pytest.mark.parametrize(("section", "text"), EXAMPLES, ids=[t for _, t in EXAMPLES])
def test_every_example_is_understood_as_its_sections_tool(section: str, text: str) -> None:
    from shared.agent.brain import Situation
    from shared.agent.state import State
    from shared.agent.tools import registry
    from shared.brains.offline.engine import understand
    from shared.i18n.detect import detect_language

    # A message too short to tell is read in the person's own language: try the example as either person.
    readings = []
    for lang in dict.fromkeys(detect_language(text, default=d) for d in ("fr", "en")):
        zone = "Europe/Paris" if lang == "fr" else "America/New_York"
        said = datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo(zone))
        heard = understand(
            Situation(text=text, lang=lang, said=said, state=State(), person_language=lang, timezone=zone)
        )
        tool = registry().get(heard.calls[0].name) if heard.calls else None
        if tool is not None and tool.domain in SECTIONS[section]:
            return
        readings.append(f"{lang}: {heard.calls[0].name if heard.calls else heard.intent}")
    pytest.fail(f"{text!r} is not understood as a {section} request ({'; '.join(readings)})")


def test_links_between_the_docs_point_at_files_that_exist() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to {target}"
