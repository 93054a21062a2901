"""Text folding shared by the offline brain: lowercase, no accents, one character for one (so spans found
in folded text are spans of the original). The time grammar's word tables are in shared/brains/offline/time/."""

from __future__ import annotations

import unicodedata

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
