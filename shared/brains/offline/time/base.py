"""What every rule of the grammar shares: the tokens, the lexicon, small helpers to read them.

Rules are methods `p_<thing>(i) -> (node, j) | None`: they read tokens from i and, on success, return
what they understood and the index just after it. The grammar is split by subject (rules_clock.py,
rules_date.py, rules_span.py, rules_recur.py); grammar.py joins them into one Parser.
"""

from __future__ import annotations

from typing import Any, TypeVar

from shared.brains.offline.time.model import Clock, DateNode, Delta, Part, Point
from shared.brains.offline.time.tokens import Lexicon, Tok

T = TypeVar("T")
R = tuple[T, int]  # what a rule understood, and where it stopped

# Words that may stand between the parts of one time ("jeudi à 15h", "tomorrow at 5pm", "le 2 mars vers 5h").
INNER = frozenset({"at", "the", "of", "on", "filler", "for"})


class Base:
    def __init__(self, toks: list[Tok], lex: Lexicon, whole: bool = False) -> None:
        self.t = toks
        self.n = len(toks)
        self.lex = lex
        self.fr = lex.lang == "fr"
        self.x = lex.extra
        self.whole = whole  # the text is nothing but this expression (a reply to "when?")
        self.memo: dict[tuple[str, int], Any] = {}

    # --- reading tokens ---------------------------------------------------------------------------------
    def tag(self, i: int, name: str) -> Any:
        return self.t[i].tags.get(name) if 0 <= i < self.n else None

    def has(self, i: int, *names: str) -> bool:
        if not 0 <= i < self.n:
            return False
        tags = self.t[i].tags
        if not tags:
            return False
        return any(name in tags for name in names)

    def blank(self, i: int) -> bool:
        """Token i can start nothing: a word with no meaning for times, or past the end."""
        if not 0 <= i < self.n:
            return True
        tok = self.t[i]
        return not tok.tags and tok.num is None

    def word(self, i: int) -> str:
        return self.t[i].text if 0 <= i < self.n else ""

    def is_word(self, i: int, *words: str) -> bool:
        return 0 <= i < self.n and self.t[i].text in words

    def num(self, i: int) -> int | None:
        return self.t[i].num if 0 <= i < self.n else None

    def digits(self, i: int) -> int:
        return self.t[i].digits if 0 <= i < self.n else 0

    def glued(self, i: int) -> bool:
        return 0 <= i < self.n and self.t[i].glued

    def skip(self, i: int, names: frozenset[str] = INNER, commas: bool = True) -> int:
        """Past connector words (and commas) from i."""
        while i < self.n:
            tok = self.t[i]
            if (commas and tok.text in (",", "(")) or (tok.tags and not names.isdisjoint(tok.tags)):
                i += 1
            else:
                break
        return i

    def opt(self, i: int, *names: str) -> int:
        """i + 1 when token i has one of the tags, else i."""
        return i + 1 if self.has(i, *names) else i

    def alone(self, i: int, j: int) -> bool:
        """Tokens [i, j) are the whole text, but for signs around them."""
        return all(not t.text.isalnum() for t in self.t[:i]) and all(not t.text.isalnum() for t in self.t[j:])

    def day_number(self, i: int) -> int | None:
        """A day of the month at i: 1..31 in digits, in words, or as an ordinal ("1er", "15th", "third")."""
        if not 0 <= i < self.n:
            return None
        tok = self.t[i]
        value = tok.num if tok.num is not None else tok.tags.get("ord")
        if value is None or not 1 <= value <= 31 or (tok.digits > 2):
            return None
        return int(value)

    # --- rules other files provide (declared here so every mixin can call them) ----------------------------
    def p_point(self, i: int) -> R[Point] | None:
        raise NotImplementedError

    def p_clock(self, i: int, *, after_at: bool = False) -> R[Clock] | None:
        raise NotImplementedError

    def p_part(self, i: int) -> R[Part] | None:
        raise NotImplementedError

    def p_date(self, i: int) -> R[DateNode] | None:
        raise NotImplementedError

    def p_year(self, i: int, *, loose: bool = False) -> R[int] | None:
        raise NotImplementedError

    def p_amount(self, i: int) -> R[Delta] | None:
        raise NotImplementedError

    def p_month_scope(self, i: int) -> R[DateNode] | None:
        raise NotImplementedError
