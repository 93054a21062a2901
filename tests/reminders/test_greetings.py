"""A greeting in front of a request is not part of what to remind (found using `make dev`: "slt rappelle moi
dem a 9h d'appeler la banque" kept "slt" in the reminder)."""

from __future__ import annotations

import pytest

from tests.helpers import understood


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("slt rappelle moi dem a 9h d'appeler la banque", "appeler la banque"),
        ("bjr rappelle moi dem 9h de courir", "courir"),
        ("salut ! rappelle-moi demain à 9h de sortir le chien", "sortir le chien"),
        ("hey remind me tmrw at 8 to call mom", "call mom"),
    ],
)
def test_the_greeting_is_dropped(text, what):
    lang = "en" if "remind" in text else "fr"
    (call,) = understood(text, lang).calls
    assert call.name == "create_reminder" and call.args["what"] == what
