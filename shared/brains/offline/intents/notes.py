"""Offline understanding of the notes slice's requests, French and English: keep a note ("note : le code du
portail est 4521", "retiens que…", "jot down…", "remember that…"), find one ("retrouve ma note sur le wifi",
"c'était quoi le code ? je l'avais noté", "search my notes for plumber"), list them ("mes notes"), add to one
("ajoute à ma note films : Dune"), delete one ("supprime ma note sur le wifi")."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.timeparse import parse_time

_LEAD = r"^(?:(?:salut|coucou|bonjour|hello|hi|hey|ok|okay|alors|bon|stp|svp|please|pls)[\s,!.]+)*"

# "note : …", "note pour le boulot : …", "note que …", "à noter : …", "garde en note : …", "retiens que …"
_ADD_FR = re.compile(
    _LEAD + r"(?:"
    r"(?:prends?\s+(?:une\s+)?|nouvelle\s+|petite\s+)?note(?:\s+(?:pour|sur)\s+(?P<tag>[\w'-]+(?:\s+[\w'-]+){0,2}))?"
    r"\s*[:=>-]+\s*"
    r"|note\s+(?:que\s+|qu'|bien\s+que\s+|ceci\s*:?\s*|ca\s*:?\s*|ça\s*:?\s*)"
    r"|a\s+noter\s*:?\s*"
    r"|(?:garde|mets|met|ecris|enregistre|sauvegarde|ajoute|cree|fais)(?:[\s-]*(?:moi|ca))?\s+"
    r"(?:en\s+note|dans\s+(?:mes|les|une)\s+notes?|une\s+note|(?:une\s+)?note)\s*:?\s*"
    r"|retiens(?:[\s-]*(?:bien|le|ca|ça))?\s+(?:que\s+|qu')"
    r")(?P<content>\S.*)$",
    re.DOTALL,
)
_ADD_EN = re.compile(
    _LEAD + r"(?:"
    r"(?:take\s+a\s+|new\s+|quick\s+)?note(?:\s+(?:for|about|on)\s+(?P<tag>[\w'-]+(?:\s+[\w'-]+){0,2}))?\s*[:=>-]+\s*"
    r"|note\s+(?:that\s+|down\s*:?\s*|this\s*:?\s*)"
    r"|(?:jot|write|put|note)\s+(?:this\s+|that\s+|it\s+)?down\s*:?\s*"
    r"|(?:save|make|add|create|keep)\s+(?:a\s+|this\s+as\s+a\s+|in\s+my\s+)?notes?\s*:?\s*"
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
_LIST = re.compile(
    r"(?:(?:montre|affiche|liste|donne)(?:[\s-]*moi)?\s+|show\s+(?:me\s+)?|list\s+)?"
    r"(?:toutes\s+)?(?:mes|les|all\s+my|my)\s+(?:dernieres\s+|latest\s+|last\s+)?notes"
    r"(?:\s+(?:#|tag(?:ged|uees?)?\s+|avec\s+le\s+tag\s+|with\s+tag\s+)(?P<tag>[\w-]+))?"
)
_APPEND = re.compile(
    r"^(?:ajoute|rajoute|mets|met|add|append|put)\s+(?:a|à|dans|to|in(?:to)?)\s+(?:ma|la|my|the)\s+note\s+"
    r"(?:(?:sur|de|des|du|about|on|for)\s+)?(?P<about>[^:]+?)\s*:\s*(?P<text>\S.*)$"
    r"|^(?:ajoute|rajoute|add|append)\s+(?:a|à|to)\s+(?:ma|la|my|the)\s+(?P<about2>[\w'-]+(?:\s+[\w'-]+)?)\s+note"
    r"\s*:\s*(?P<text2>\S.*)$",
    re.DOTALL,
)
_DELETE = re.compile(
    r"(?:supprime|efface|vire|jette|enleve|delete|remove|erase|trash)\s+(?:ma|la|cette|my|the|that)\s+"
    r"(?:(?P<about1>[\w'-]+)\s+)?note\s*(?:(?:sur|de|du|des|about|abt|on|for)\s+)?(?P<about>.*)$"
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
    out = _add(h) or _append(h) or _delete(h) or _find(h) or _list(h)
    return out


def _span(h: Heard, m: re.Match[str], group: str) -> str:
    start, end = m.span(group)
    return h.text[start:end].strip() if start >= 0 else ""


def _add(h: Heard) -> list[Candidate]:
    pattern = _ADD_FR if h.lang == "fr" else _ADD_EN
    m = pattern.match(h.folded) or (_ADD_EN if h.lang == "fr" else _ADD_FR).match(h.folded)
    if m is None:
        return []
    content = _span(h, m, "content").strip(" \"'«»")
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


def _append(h: Heard) -> list[Candidate]:
    m = _APPEND.match(h.folded.strip())
    if m is None:
        return []
    about_group, text_group = ("about", "text") if m.group("about") else ("about2", "text2")
    call = ToolCall("append_note", {"about": _span(h, m, about_group), "text": _span(h, m, text_group)})
    return [Candidate(0.92, "note.append", [call])]


def _delete(h: Heard) -> list[Candidate]:
    m = _DELETE.search(h.folded)
    if m is None:
        return []
    about = " ".join(p for p in (_span(h, m, "about1"), _query(h, m, "about")) if p)
    return [Candidate(0.93, "note.delete", [ToolCall("delete_note", {"about": about})])]


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
    return []


def _list(h: Heard) -> list[Candidate]:
    m = _LIST.fullmatch(re.sub(r"[\s?!.]+$", "", h.folded.strip()))
    if m is None:
        return []
    args = {"tag": m.group("tag")} if m.group("tag") else {}
    return [Candidate(0.85, "note.list", [ToolCall("list_notes", args)])]
