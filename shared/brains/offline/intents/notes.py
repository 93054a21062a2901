"""Offline understanding of the notes slice's requests, French and English: keep a note ("note : le code du
portail est 4521", "retiens que…", "jot down…", "remember that…"), find one ("retrouve ma note sur le wifi",
"c'était quoi le code ? je l'avais noté", "search my notes for plumber"), list them ("mes notes"), add to one
("ajoute à ma note films : Dune"), delete one ("supprime ma note sur le wifi")."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold, trimmed
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.timeparse import parse_time

EMOJI = re.compile(r"[\u2600-\u27bf\U0001F000-\U0001FAFF\ufe0f]+")

_LEAD = r"^(?:(?:salut|coucou|bonjour|hello|hi|hey|ok|okay|alors|bon|stp|svp|please|pls)[\s,!.]+)*"

# "note : …", "note pour le boulot : …", "note que …", "à noter : …", "garde en note : …", "retiens que …"
_ADD_FR = re.compile(
    _LEAD + r"(?:"
    r"(?:prends?\s+(?:une\s+)?|nouvelle\s+|petite\s+)?note(?:\s+(?:pour|sur)\s+(?P<tag>[\w'-]+(?:\s+[\w'-]+){0,2}))?"
    r"\s*[:=>-]+\s*"
    r"|note\s+(?:que\s+|qu'|bien\s+que\s+|ceci\s*:?\s*|ca\s*:?\s*|ça\s*:?\s*)"
    r"|a\s+noter\s*:?\s*"
    r"|(?:garde|mets|met|ecris|enregistre|sauvegarde|ajoute|cree|fais)(?:[\s-]*(?:moi|ca))?\s+"
    r"(?:en\s+note|dans\s+(?:mes|les|une)\s+notes?|une\s+note|(?:une\s+)?note)(?![\w])\s*:?\s*"
    r"|retiens(?:[\s-]*(?:bien|le|ca|ça))?\s+(?:que\s+|qu')"
    r")(?P<content>\S.*)$",
    re.DOTALL,
)
_ADD_EN = re.compile(
    _LEAD + r"(?:"
    r"(?:take\s+a\s+|new\s+|quick\s+)?note(?:\s+(?:for|about|on)\s+(?P<tag>[\w'-]+(?:\s+[\w'-]+){0,2}))?\s*[:=>-]+\s*"
    r"|note\s+(?:that\s+|down\s*:?\s*|this\s*:?\s*)"
    r"|(?:jot|write|put|note)\s+(?:this\s+|that\s+|it\s+)?down\s*:?\s*"
    r"|(?:save|make|add|create|keep)\s+(?:a\s+|this\s+as\s+a\s+|in\s+my\s+)?notes?(?![\w])\s*:?\s*"
    r"|remember\s+that\s+"
    r")(?P<content>\S.*)$",
    re.DOTALL,
)

# "retrouve ma note sur le wifi", "cherche dans mes notes plombier", "retrouve la note boulot"
_FIND_FR = re.compile(
    r"(?:re)?(?:trouve|cherche|montre|affiche|ressors|ressort|donne|sors|rappelle)(?:[\s-]*moi)?\s+"
    r"(?:dans\s+)?(?:ma|mes|la|les|une)\s+notes?\b\s*"
    r"(?:(?:sur|de|du|des|pour|concernant|avec|a\s+propos\s+d[eu']?)\s*)?(?P<q>.*)$"
)
_FIND_EN = re.compile(
    r"(?:find|search|look\s+up|look\s+for|pull\s+up|bring\s+up|show|get|open|check|read)(?:\s+me)?\s+"
    r"(?:in\s+|through\s+)?(?:my|the|a|your)\s+(?:(?P<q1>[\w'-]+(?:\s+[\w'-]+)?)\s+)?notes?\b\s*"
    r"(?:(?:about|abt|on|for|re|regarding|with|of)\s*)?(?P<q>.*)$"
)
# "t'as ma note sur les idées cadeaux ?", "my note about tom's shoe size"
_NOTE_ON = re.compile(
    r"(?<![\w'])(?:ma|la|mes|les|my|the|your)\s+notes?\s+"
    r"(?:sur|de|du|des|pour|concernant|a\s+propos\s+d[eu']?|about|abt|on|for|re|regarding)\s+(?P<q>.+)$"
)
# "je l'avais noté", "j'avais noté un film", "i noted it", "i made a note"
_NOTED = re.compile(
    r"(?:j'?\s*(?:l'?\s*)?(?:avais|ai)\s+(?:bien\s+)?(?:note|ecrit)e?s?|je\s+(?:l'?\s*)?(?:avais|ai)\s+note"
    r"|(?:t'?\s*|tu\s+)(?:l'?\s*)?(?:avais|as)\s+note|(?:did\s+)?you\s+(?:noted?|wrote\s+down)"
    r"|(?:ca|c')\s*(?:doit|devrait)\s+etre\s+dans\s+mes\s+notes"
    r"|i\s+(?:had\s+)?(?:noted|wrote)(?:\s+(?:it|that))?(?:\s+down)?|i\s+(?:made|took|have)\s+a\s+note"
    r"|(?:it'?s|its)\s+in\s+my\s+notes)"
)
# --- a note named by its words: "ma note films", "la note sur le wifi", "the gift ideas note" -------------------
_NOTE = r"notes?|memos?"
_REF_LEAD = (
    r"(?:(?:a|dans|de|du|sur|en|to|in|into|on|from|of|at)\s+)?"
    r"(?:(?:la|le|ma|mon|cette|ta|les|mes|the|my|that|this|your)\s+)?"
)
_NAME_PREP = (
    r"(?:d'|(?:sur|de|du|des|pour|concernant|a\s+propos\s+d[eu']?|avec\s+l[ea']s?|about|abt|on|for|re|regarding|called"
    r"|named|titled|intitulee?|nommee?)(?![\w]))\s*"
)
_APPEND_VERB = (
    r"ajout\w*|rajout\w*|mets|met|mettre|complet\w*|ecri[st]|ecrire|inscri[st]|a\s+la\s+suite\s+d[eu']?|a\s+la\s+fin\s+d[eu']?"
    r"|mets?\s+a\s+jour|add(?:s|ed)?|append\w*|put|stick|tack|jot|write|throw|include|update"
)
_DELETE_VERB = (
    r"supprim\w*|suppr|effac\w*|vir(?:e|er|ez)|jett?(?:e|er|ez)|enlev\w*|retir\w*|degag\w*|detrui\w*|bazard\w*"
    r"|met[sz]?\s+a\s+la\s+poubelle|poubelle"
    r"|delete[ds]?|del|remove[ds]?|erase[ds]?|trash|kill|bin|ditch|scrap|nuke|toss|wipe|get\s+rid\s+of"
    r"|throw\s+(?:away|out)|can\s+go"
)
# Words that end a note's name read after "note" (a verb, "avec", "is"...).
_NAME_END = (
    rf"(?:{_APPEND_VERB}|{_DELETE_VERB}|avec|with|est|is|sert|sers|serves|il|elle|ils|they|it|je|j'|i|tu|you"
    r"|qui|que|that|car|parce|because|since|aussi|also|stp|svp|pls|please|plz|merci|thanks|thx|maintenant|now)"
)
_VERB_END = rf"(?:{_APPEND_VERB}|{_DELETE_VERB}|avec|with|car|parce|because|since|stp|svp|pls|please|plz|merci|thanks)"
_TO_VERBS = frozenset(
    {"read", "watch", "buy", "see", "try", "do", "cook", "visit", "listen", "call", "book", "ask", "get", "make"}
    | {"learn", "play", "fix", "remember", "pack"}
)
_BEFORE_STOP = frozenset(
    {
        "the",
        "my",
        "this",
        "that",
        "your",
        "a",
        "an",
        "ma",
        "la",
        "le",
        "mes",
        "les",
        "mon",
        "cette",
        "in",
        "into",
        "on",
        "from",
        "of",
        "about",
        "at",
        "to",
        "dans",
        "de",
        "du",
        "sur",
        "and",
        "et",
        "also",
    }
)
_EDGE = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "ma",
        "mon",
        "mes",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "sur",
        "pour",
        "the",
        "my",
        "a",
        "an",
        "about",
        "on",
        "for",
        "of",
        "to",
        "in",
        "note",
        "notes",
        "memo",
        "ca",
        "it",
        "that",
        "this",
        "stp",
        "svp",
        "pls",
        "please",
        "plz",
        "merci",
        "thanks",
        "et",
        "and",
        "aussi",
        "also",
        "avec",
        "with",
    }
)


def _note_ref(h: Heard, folded: str) -> tuple[tuple[int, int], str] | None:
    """The span naming a note (its leading "à / dans / to" and article included) and the note's name in the
    person's words; None when no single note is named."""
    found: list[tuple[int, tuple[int, int], str]] = []  # (rank, span, name)
    for m in re.finditer(rf"(?<![\w'#])(?P<lead>{_REF_LEAD})(?P<noun>{_NOTE})(?![\w])", folded):
        if folded[m.start("noun") : m.end("noun")].endswith("s") and not m.group("lead").strip():
            continue  # "notes" alone is the list, not one note
        after = folded[m.end() :]
        prep = re.match(rf"\s+{_NAME_PREP}", after)
        words_from = m.end() + (prep.end() if prep else 0)
        quoted = re.match(r"\s*[\"«“'](?P<q>[^\"»”']{2,})[\"»”']", folded[words_from:])
        if quoted is not None:  # la note "liste noël"
            q = (words_from + quoted.start("q"), words_from + quoted.end("q"))
            found.append((0, (m.start(), words_from + quoted.end()), h.text[q[0] : q[1]].strip()))
            continue
        limit = 7 if prep else 4
        words: list[tuple[int, int]] = []
        for w in re.finditer(r"[^\s,;:.!?()\"«»]+", folded[words_from:]):
            a, b = words_from + w.start(), words_from + w.end()
            between = folded[(words[-1][1] if words else words_from) : a]
            if re.search(r"[,;:.!?()\"«»]", between) or len(words) >= limit:
                break
            end_words = _VERB_END if prep else _NAME_END  # "la note sur où je me suis garé" keeps its "je"
            if re.match(rf"(?:{end_words})(?![\w])", folded[a:]) or not re.search(r"\w", folded[a:b]):
                break
            words.append((a, b))
        name = _edge_trimmed(h, words)
        if name:
            found.append((0 if prep else 2, (m.start(), words[-1][1]), name))
        # "the gift ideas note", "books to read note" (English puts the name first).
        before: list[tuple[int, int]] = []
        for w in reversed(list(re.finditer(r"[\w'-]+", folded[: m.start("noun")]))):
            word = w.group(0)
            gap = folded[w.end() : before[0][0] if before else m.start("noun")]
            if re.search(r"[,;:.!?()\"«»]", gap) or len(before) >= 4:
                break
            nxt = folded[before[0][0] : before[0][1]] if before else ""
            if (word in _BEFORE_STOP and not (word == "to" and nxt in _TO_VERBS)) or re.fullmatch(
                rf"(?:{_APPEND_VERB}|{_DELETE_VERB})", word
            ):
                break
            before.insert(0, (w.start(), w.end()))
        name = _edge_trimmed(h, before)
        if name and h.lang == "en":
            lead = re.search(rf"(?:{_REF_LEAD})$", folded[: before[0][0]])
            start = lead.start() if lead and lead.group(0) else before[0][0]
            found.append((1, (start, m.end()), name))
    if not found:
        return None
    _rank, span, name = min(found, key=lambda f: f[0])
    return span, name


def _edge_trimmed(h: Heard, words: list[tuple[int, int]]) -> str:
    return trimmed(h.text, h.folded, words, _EDGE)


# --- the list: "mes notes", "notes tagged work", "my #home notes" ---------------------------------------------
_TAG = re.compile(
    r"#(?P<t1>[\w-]+)"
    r"|(?:tag(?:ged|gee?s?|uee?s?)?|etiquet\w*|avec\s+(?:le|l')\s*(?:tag|etiquette)|with\s+(?:the\s+)?tag|sous\s+le\s+tag"
    r"|du\s+tag)\s+#?(?P<t2>[\w-]+)"
)
_LIST_WORDS = re.compile(
    r"(?<![\w'])(?:mes|les|toutes|tous|liste\w*|montre\w*|affiche\w*|donne|envoie|moi|c|c'?est|cest|quoi|koi|quelles?"
    r"|voir|dernier\w*|recent\w*|nouvelles?|stp|svp|merci|de|des|avec|j'?ai|qu'?est[\s-]ce|que|comme|ai|je|t'?as|tu|as"
    r"|ouvre|sors|ressors|y\s+a|il|a|en|mon|ma|my|all|the|list|show|me|what|wat|whats|what's|which|latest|recent"
    r"|last|newest|pls|please|plz|do|i|have|got|see|of|with|are|is|any|give|send|read|open|your|saved)(?![\w'])"
)
# Words around the thing looked for: questions, "déjà" / "again", politeness.
_NOISE = re.compile(
    r"(?<![\w'])(?:c'?\s*etait|c'?\s*est|qu'?est[\s-]ce\s+que|quoi|deja|encore|elle|il|est|ou|quel|quelle|"
    r"what|wat|wht|was|is|it|where|did|do|does|again|already|i|you|have|has|had|got|"
    r"stp|svp|pls|please|plz|merci|thanks|t'?as|tu\s+as|tu|as|dis[\s-]*moi|tell\s+me|pour|sur|about|abt|for|"
    r"le|la|les|l'|un|une|des|du|de|d'|the|a|an|my|ma|mon|mes|your|ton|ta|tes)(?![\w'])"
)


_ASKED = re.compile(
    r"\?|(?<![\w'])(?:quoi|ou|quel|quelle|combien|deja|where|what|wat|wht|which|again|remind\s+me)(?![\w])"
)


def rule(h: Heard) -> list[Candidate]:
    return _add(h) or _delete(h) or _append(h) or _list(h) or _find(h) or _add_bare(h)


def _span(h: Heard, m: re.Match[str], group: str) -> str:
    start, end = m.span(group)
    return h.text[start:end].strip() if start >= 0 else ""


# "note idée cadeau pour maman : un bouquin", "note gift idea for mom: a cookbook": "note" and what to keep, with
# no colon right after it (not "note de frais", an expense; not "note sur…", "note for…", a note named)
_ADD_BARE = re.compile(
    _LEAD + r"note\s+(?!(?:de\s+frais|des?|du|sur|pour|about|on|for|to|that|que|qu'|it|ca|this)(?![\w']))"
    r"(?P<content>\S+(?:\s+\S+)+)$",
    re.DOTALL,
)


def _add_bare(h: Heard) -> list[Candidate]:
    """The last reading: "note" then what to keep, when no other note rule took the message."""
    bare = _ADD_BARE.match(h.folded)
    if bare is None or re.search(r"\d+(?:[.,]\d+)?\s*(?:€|\$|eur|euros?|balles|dollars?|bucks)|[€$]\s*\d", h.folded):
        return []
    return [Candidate(0.8, "note.add", [ToolCall("add_note", {"content": _span(h, bare, "content").strip()})])]


def _add(h: Heard) -> list[Candidate]:
    pattern = _ADD_FR if h.lang == "fr" else _ADD_EN
    m = pattern.match(h.folded) or (_ADD_EN if h.lang == "fr" else _ADD_FR).match(h.folded)
    if m is None:
        return []
    content = _span(h, m, "content").strip(" \"'«»")
    if re.fullmatch(r"(?:ca|ça|cela|ceci|le|la|les|it|that|this|them)[\s.!?]*", fold(content)):
        return []  # "mets ça dans mes notes": what "ça" is, the message does not say
    args: dict[str, object] = {"content": content}
    tag = _tag(m.group("tag"))
    if tag and parse_time(m.group("tag"), now=h.situation.said, lang=h.lang) is None:  # "note pour demain :" no tag
        args["tags"] = [tag]
    return [Candidate(0.92, "note.add", [ToolCall("add_note", args)])]


def _tag(words: str | None) -> str:
    """ "le boulot" -> "boulot", "work" -> "work" (the subject of "note pour le boulot :")."""
    if not words:
        return ""
    kept = [w for w in words.split() if w not in {"le", "la", "les", "l'", "mon", "ma", "mes", "the", "my", "a"}]
    return "-".join(kept).replace("l'", "")


_TEXT_LEAD = r"avec|with|aussi|also|que|that|et|and|dedans|ca|ça|this"
_TEXT_TAIL = r"stp|svp|pls|please|plz|merci|thanks|thx|aussi|also|dedans|too|stp\.?"


def _append(h: Heard) -> list[Candidate]:
    """ "ajoute à ma note films : Dune", "dans la note livres ajoute X", "add X to the plumber note": a verb that
    adds, one note named, and what to add (the words left)."""
    folded = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)
    verb = re.search(rf"(?<![\w'])(?:{_APPEND_VERB})(?![\w'])", folded)
    ref = _note_ref(h, folded)
    if verb is None or ref is None or re.search(r"(?<![\w'])(?:une|a|an|new|nouvelle)\s+note\b", folded):
        return []
    (start, end), about = ref
    marks = list(folded)
    for a, b in ((start, end), verb.span()):
        marks[a:b] = " " * (b - a)
    masked = "".join(marks)
    words = [(w.start(), w.end()) for w in re.finditer(r"[^\s,;:!?()\"«»]+", masked)]
    while words and re.fullmatch(_TEXT_LEAD, masked[slice(*words[0])]):
        words.pop(0)
    while words and re.fullmatch(_TEXT_TAIL, masked[slice(*words[-1])]):
        words.pop()
    if not words:
        return []
    text = h.text[words[0][0] : words[-1][1]].strip(" ,;:.!-–—\"'«»“”")
    if not text:
        return []
    return [Candidate(0.93, "note.append", [ToolCall("append_note", {"about": about, "text": text})])]


def _delete(h: Heard) -> list[Candidate]:
    """ "supprime ma note sur le wifi", "la note boulot sert plus à rien, efface-la", "kill the movies note"."""
    folded = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)
    verb = re.search(rf"(?<![\w'])(?:{_DELETE_VERB})(?![\w'])", folded)
    ref = _note_ref(h, folded)
    if verb is not None and ref is None:
        bare = re.search(r"(?<![\w'])(?:la|cette|ma|the|this|that|my)\s+(?:note|memo)(?![\w])", folded)
        if bare is not None and not h.has(h.table.REMINDER_WORD):  # "efface la note": which one, the tool asks
            return [Candidate(0.75, "note.delete", [ToolCall("delete_note", {"about": ""})])]
    if verb is None or ref is None:
        return []
    (start, end), about = ref
    # "enlève le lait de ma note courses" takes a line out of the note: not deleting it.
    lead = re.match(r"(?:de|du|from|of)\s", folded[start:end])
    if lead is not None and verb.end() < start and re.search(r"\w{2,}", folded[verb.end() : start]):
        return []
    rest = folded[:start] + " " + folded[end:]
    score = 0.6 if h.has(h.table.REMINDER_WORD) and re.search(h.table.REMINDER_WORD, rest) else 0.95
    return [Candidate(score, "note.delete", [ToolCall("delete_note", {"about": about})])]


def _query(h: Heard, m: re.Match[str], group: str) -> str:
    """The words looked for in the original text: without question words, articles and politeness."""
    start, end = m.span(group)
    return _words(h, start, end) if start >= 0 else ""


def _words(h: Heard, start: int, end: int, *, skip: tuple[int, int] = (0, 0)) -> str:
    """The original words of text[start:end] outside `skip` and outside the noise words."""
    folded = h.folded[:end]
    folded = folded[: skip[0]] + " " * (skip[1] - skip[0]) + folded[skip[1] :]
    folded = _NOISE.sub(lambda n: " " * len(n.group(0)), folded)
    words = [h.text[a.start() : a.end()] for a in re.finditer(r"[\w'-]+", folded) if a.start() >= start]
    return " ".join(words).strip(" '-")


def _find(h: Heard) -> list[Candidate]:
    pattern = _FIND_FR if h.lang == "fr" else _FIND_EN
    m = pattern.search(h.folded) or (_FIND_EN if h.lang == "fr" else _FIND_FR).search(h.folded)
    if m is not None:
        query = _query(h, m, "q")
        if not query and "q1" in m.re.groupindex and m.group("q1"):
            query = _query(h, m, "q1")
        return [Candidate(0.9, "note.find", [ToolCall("find_note", {"query": query})])]
    m = _NOTE_ON.search(h.folded)
    if m is not None:
        return [Candidate(0.9, "note.find", [ToolCall("find_note", {"query": _query(h, m, "q")})])]
    noted = _NOTED.search(h.folded)
    if noted is not None and _ASKED.search(h.folded):  # "j'ai noté le rdv" says it, "c'était quoi ?" asks
        query = _words(h, 0, len(h.folded), skip=noted.span())
        if query:  # "je l'avais noté" about a reminder ("j'avais noté un rappel ?") is the reminders' question
            score = 0.6 if h.has(h.table.REMINDER_WORD) else 0.9
            return [Candidate(score, "note.find", [ToolCall("find_note", {"query": query})])]
    # "ma note wifi ?", "what's the gate code note": one note named, and a question or nothing else.
    folded = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)
    ref = _note_ref(h, folded)
    if ref is not None:
        (start, end), name = ref
        rest = _NOISE.sub(" ", folded[:start] + " " + folded[end:])
        if _ASKED.search(folded) or not re.search(r"\w", rest):
            return [Candidate(0.8, "note.find", [ToolCall("find_note", {"query": name})])]
    return []


def _list(h: Heard) -> list[Candidate]:
    """The notes themselves asked for, nothing else named: "mes notes", "latest notes pls", "my #home notes",
    "c quoi mes notes taggées maison"."""
    folded = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)
    if re.search(r"(?<![\w'])notes(?![\w])", folded) is None:
        return []
    tag = ""
    for m in _TAG.finditer(folded):
        word = m.group("t1") or m.group("t2")
        if m.group("t1") or not re.fullmatch(r"notes?|mes|les|my|the|moi|me", word):
            tag = h.text[m.start("t1" if m.group("t1") else "t2") : m.end("t1" if m.group("t1") else "t2")]
            folded = folded[: m.start()] + " " * (m.end() - m.start()) + folded[m.end() :]
            break
    rest = _LIST_WORDS.sub(" ", folded)
    rest = re.sub(r"[\s?!.,;:\-'\"()]+", " ", rest).strip()
    if rest != "notes":
        return []
    args = {"tag": tag} if tag else {}
    return [Candidate(0.87, "note.list", [ToolCall("list_notes", args)])]
