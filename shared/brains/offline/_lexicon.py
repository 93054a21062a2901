"""Text folding shared by the offline brain: lowercase, no accents, one character for one (so spans found
in folded text are spans of the original). The time grammar's word tables are in shared/brains/offline/time/."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_SPECIAL = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
}


def fold(text: str) -> str:
    """Lowercase and strip accents one character at a time, so spans line up with the original text."""
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch.isascii():
            out.append(ch.lower())
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out.append(base[0] if base else ch)
    return "".join(out)


def trimmed(text: str, folded: str, words: list[tuple[int, int]], edge: Collection[str]) -> str:
    """The person's words from the first to the last span (spans of `text`, the same in its `folded` form),
    without the `edge` words (articles, pronouns, joiners) at the ends and without a leading l'/d'."""
    words = list(words)
    while words and folded[words[0][0] : words[0][1]].strip("'’") in edge:
        words.pop(0)
    while words and folded[words[-1][0] : words[-1][1]].strip("'’") in edge:
        words.pop()
    if not words:
        return ""
    name = text[words[0][0] : words[-1][1]]
    return re.sub(r"^(?:l'|d'|l’|d’)", "", name, flags=re.IGNORECASE).strip(" '’-")
