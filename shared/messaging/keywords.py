"""Carrier keywords: a message that is only STOP / START / HELP (or their French forms) is about the
SMS channel itself, not a request. Twilio blocks sends after STOP on long codes (error 21610) and still
forwards the message; we mirror the state so nothing is even tried."""

from __future__ import annotations

import unicodedata
from typing import Literal

Keyword = Literal["stop", "start", "help"]

_WORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        (
            "stop",
            "stopall",
            "unsubscribe",
            "cancel",
            "end",
            "quit",
            "revoke",
            "optout",
            "arret",
            "arreter",
            "desabonner",
            "desinscription",
        ),
        "stop",
    ),
    **dict.fromkeys(("start", "yes", "unstop", "demarrer", "reprendre"), "start"),
    **dict.fromkeys(("help", "info", "aide"), "help"),
}


def keyword(text: str) -> Keyword | None:
    """The keyword when the whole message is one (case, accents and trailing punctuation ignored)."""
    word = text.strip().strip(".!?¡¿ ").lower()
    word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    return _WORDS.get(word.replace("-", "").replace(" ", ""))
