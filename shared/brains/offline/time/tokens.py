"""From an SMS to tokens the grammar reads: folded words and numbers with their meanings (tags).

Text is folded first (lowercase, no accents, one character for one, so spans stay valid in the original),
then cut into words, numbers and single signs. Several passes follow: French elisions ("d'", "l'"),
English possessives ("new year's" → "new year"), ordinals written with digits ("1er", "2nd"), phrases of
the lexicon ("aujourd'hui", "apres-midi", "il y a"), typos of long words, and numbers written in words
("vingt-quatre", "forty five", "two thousand ten") merged into one number.

Tags are what a word means to the grammar, from the language's lexicon (lexicon_fr.py, lexicon_en.py):
wd/wd_shy/wds (weekday, a short form that needs context, a plural), mon/mon_shy, num, ord, unit, part,
dayrel, now, ampm, noon, midnight, hol, season, tz, and role words (at, of, in, next, last, this, from,
to, between, and, after, before, every, except, begin, mid, end, half, quarter, h, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

Tags = Mapping[str, Any]
_NO_TAGS: Tags = MappingProxyType({})


class Tok:
    """A word, a number or a sign: its span in the original text, its folded text and its tags."""

    __slots__ = ("cap", "digits", "end", "glued", "num", "start", "tags", "text", "upper")

    def __init__(self, start: int, end: int, text: str, tags: Tags = _NO_TAGS, *, glued: bool = False) -> None:
        self.start = start
        self.end = end
        self.text = text  # folded; a merged phrase keeps its words
        self.tags = tags
        self.num: int | None = None  # a number, in digits or in words
        self.digits = 0  # how many digits it was written with (0: words)
        self.glued = glued  # no space before it
        self.upper = False  # written in capitals in the original ("BOY")
        self.cap = False  # with a capital first letter ("May")

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {dict(self.tags)}, num={self.num})"

    def has(self, tag: str) -> bool:
        return tag in self.tags

    def get(self, tag: str) -> Any:
        return self.tags.get(tag)


class Lexicon(NamedTuple):
    lang: str
    words: Mapping[str, Tags]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], Tags, bool], ...]]  # first word -> (words, tags, glued)
    numbers: Mapping[str, int]  # number words
    ordinals: Mapping[str, int]
    fuzzy: Mapping[str, str]  # deletion variant -> long word
    extra: Mapping[str, Any]  # language facts the grammar asks for


class LexiconBuilder:
    """Collects word tables; `build()` freezes them into a Lexicon."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words: dict[str, dict[str, Any]] = {}
        self._phrases: list[tuple[tuple[str, ...], dict[str, Any], bool]] = []
        self.numbers: dict[str, int] = {}
        self.ordinals: dict[str, int] = {}
        self.extra: dict[str, Any] = {}

    def add(self, tags: dict[str, Any], *words: str) -> None:
        for word in words:
            if len(_TOKEN.findall(word)) == 1:
                self.words.setdefault(word, {}).update(tags)
                continue
            parts = _split_phrase(word)
            if len(parts) == 1 and "-" not in word:
                self.words.setdefault(parts[0], {}).update(tags)  # "d'", "l'", "boss's"
            else:
                self.phrase(tags, word)

    def phrase(self, tags: dict[str, Any], *phrases: str) -> None:
        for text in phrases:
            parts = tuple(_split_phrase(text))
            glued = " " not in text
            self._phrases.append((parts, dict(tags), glued))
            if "-" in text:  # "apres-midi" is also written "apres midi" and "apresmidi"
                self._phrases.append((tuple(_split_phrase(text.replace("-", " "))), dict(tags), False))
                self.words.setdefault(text.replace("-", ""), {}).update(tags)

    def table(self, tag: str, table: Mapping[str, Any]) -> None:
        for word, value in table.items():
            self.add({tag: value}, word)

    def build(self, fuzzy_words: Iterable[str] = ()) -> Lexicon:
        by_first: dict[str, list[tuple[tuple[str, ...], Tags, bool]]] = {}
        for parts, tags, glued in self._phrases:
            by_first.setdefault(parts[0], []).append((parts, tags, glued))
        phrases = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in by_first.items()}
        variants: dict[str, str] = {}
        for word in fuzzy_words:
            for variant in _deletes(word):
                variants.setdefault(variant, word)
        return Lexicon(self.lang, self.words, phrases, self.numbers, self.ordinals, variants, self.extra)


_TOKEN = re.compile(r"[0-9]+|[a-z]+|[^\s]")


def _split_phrase(text: str) -> list[str]:
    """A lexicon phrase cut as `tokenize` cuts text (elisions joined, possessives dropped, no hyphens)."""
    parts = [m.group() for m in _TOKEN.finditer(text) if m.group() != "-"]
    out: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and parts[i + 1] == "'" and parts[i] in _ELIDED:
            out.append(parts[i] + "'")
            i += 2
        elif i + 2 < len(parts) and parts[i + 1] == "'" and parts[i + 2] == "s":
            out.append(parts[i] + "'s")
            i += 3
        else:
            out.append(parts[i])
            i += 1
    return out


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- the passes --------------------------------------------------------------------------------------
_ELIDED = {"d", "l", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "aujourd"}
_ORD_SUFFIX = {"er", "ere", "re", "e", "eme", "ieme", "em", "st", "nd", "rd", "th", "d"}


def tokenize(original: str, folded: str, lex: Lexicon) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(folded):
        s, e = m.span()
        text = m.group()
        tok = Tok(s, e, text, glued=s == prev_end)
        if text.isascii() and text.isdigit():
            tok.num, tok.digits = int(text), len(text)
        elif text.isalpha():
            tok.upper = original[s:e].isupper()
            tok.cap = original[s].isupper()
        toks.append(tok)
        prev_end = e
    toks = _elisions(toks)
    toks = _phrases(toks, lex)
    for tok in toks:
        if tok.tags is _NO_TAGS and tok.num is None:
            tok.tags = lex.words.get(tok.text) or _fuzzy(tok.text, lex)
    return _numbers(toks, lex)


def _elisions(toks: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and nxt.text == "'" and nxt.glued:
            after = toks[i + 2] if i + 2 < len(toks) else None
            if tok.text in _ELIDED:
                out.append(Tok(tok.start, nxt.end, tok.text + "'", glued=tok.glued))
                i += 2
                continue
            if after is not None and after.text == "s" and after.glued and tok.text.isalpha():
                out.append(Tok(tok.start, after.end, tok.text + "'s", glued=tok.glued))  # possessive
                i += 3
                continue
        if tok.num is not None and nxt is not None and nxt.glued and nxt.text in _ORD_SUFFIX:
            following = toks[i + 2] if i + 2 < len(toks) else None
            if following is None or not following.glued or not following.text.isalnum():
                out.append(Tok(tok.start, nxt.end, tok.text + nxt.text, {"ord": tok.num}, glued=tok.glued))
                i += 2
                continue
        out.append(tok)
        i += 1
    return out


def _phrases(toks: list[Tok], lex: Lexicon) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        found = _phrase_at(toks, i, lex)
        if found is not None and found[0] > i + 1:
            later = _phrase_at(toks, i + 1, lex)
            if later is not None and later[0] > found[0]:
                found = None  # "d'apres-midi": "apres-midi" wins over "d'apres"
        if found is None:
            out.append(tok)
            i += 1
            continue
        j, tags, parts = found
        merged = Tok(tok.start, toks[j - 1].end, " ".join(parts), tags, glued=tok.glued)
        if "num" in tags:
            merged.num = tags["num"]
        out.append(merged)
        i = j
    return out


def _phrase_at(toks: list[Tok], i: int, lex: Lexicon) -> tuple[int, Tags, tuple[str, ...]] | None:
    """The longest lexicon phrase starting at toks[i]: the index after it, its tags, its words."""
    n = len(toks)
    if i >= n:
        return None
    for parts, tags, glued in lex.phrases.get(toks[i].text, ()):
        j, k = i + 1, 1
        while k < len(parts) and j < n:
            if toks[j].text == "-" and j + 1 < n and parts[k] != "-":
                j += 1  # a hyphen between words: "apres-demain", "week-end"
                continue
            if toks[j].text != parts[k] or (glued and not toks[j].glued):
                break
            j, k = j + 1, k + 1
        if k == len(parts):
            return j, tags, parts
    return None


def _fuzzy(word: str, lex: Lexicon) -> Tags:
    """A long time word with one slip ("wednsday", "vendredii", "tommorow"): its tags, else none."""
    if len(word) < 7 or not word.isalpha() or not lex.fuzzy:
        return _NO_TAGS
    limit = 1 if len(word) < 9 else 2
    for variant in _deletes(word):
        target = lex.fuzzy.get(variant)
        if target is not None and _distance(word, target) <= limit:
            return lex.words.get(target, _NO_TAGS)
    return _NO_TAGS


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count once)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _numbers(toks: list[Tok], lex: Lexicon) -> list[Tok]:
    """Merge number words: "vingt et une", "vingt-quatre", "forty five", "two thousand nineteen"."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.num is not None or tok.text not in lex.numbers:
            out.append(tok)
            i += 1
            continue
        total, j = _chunk(toks, i, lex)
        if j < len(toks) and toks[j].text in ("thousand", "mille") and total < 10:
            total *= 1000
            j += 1
            k = j + 1 if j < len(toks) and toks[j].text == "and" else j
            if k < len(toks) and toks[k].text in lex.numbers:
                rest, j = _chunk(toks, k, lex)
                total += rest
        if j == i + 1:
            tok.num = total
            tok.tags = {**tok.tags, "numw": total}
            out.append(tok)
        else:
            merged = Tok(tok.start, toks[j - 1].end, " ".join(t.text for t in toks[i:j]), glued=tok.glued)
            merged.num = total
            merged.tags = {"numw": total}
            out.append(merged)
        i = j
    return _ordinal_words(out, lex)


def _chunk(toks: list[Tok], i: int, lex: Lexicon) -> tuple[int, int]:
    """A number below 100 written in words from toks[i]: its value and the index after it."""
    nums, n = lex.numbers, len(toks)
    value, j = nums[toks[i].text], i + 1
    k = j
    while k < n and k - j < 3 and toks[k].text in ("-", "et"):
        k += 1
    nxt = nums.get(toks[k].text) if k < n else None
    if nxt is None:
        return value, j
    if 20 <= value <= 60 and value % 10 == 0 and 1 <= nxt <= 9:
        return value + nxt, k + 1
    if value == 60 and 10 <= nxt <= 19:
        return value + nxt, k + 1
    if value == 10 and 7 <= nxt <= 9 and toks[j].text == "-":
        return value + nxt, k + 1
    return value, j


def _count_words(toks: list[Tok], end: int) -> int:
    return sum(1 for t in toks if t.end <= end)


def _ordinal_words(toks: list[Tok], lex: Lexicon) -> list[Tok]:
    """ "twenty first" is an ordinal: a tens word followed by an ordinal unit word."""
    out: list[Tok] = []
    for tok in toks:
        ordinal = tok.get("ord")
        if ordinal is not None and 1 <= ordinal <= 9 and tok.num is None and out:
            k = len(out) - 1
            if out[k].text == "-" and tok.glued and k > 0:
                k -= 1
            prev = out[k]
            if prev.digits == 0 and prev.num in (20, 30):
                merged = Tok(
                    prev.start, tok.end, f"{prev.text} {tok.text}", {"ord": prev.num + ordinal}, glued=prev.glued
                )
                del out[k:]
                out.append(merged)
                continue
        out.append(tok)
    return out
