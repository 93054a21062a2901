"""Reminders: set one ("rappelle-moi…", or just what and when: "jeudi 15h30 rdv dentiste", "faut que
j'appelle Léa demain"), ask about them ("c'est quoi mes rappels ?", "j'ai un rappel pour le dentiste ?",
"when's the rent reminder"), cancel one ("plus besoin du rappel pour la banque", "arrête de me rappeler de
boire", "delete my dentist reminder"). A negation never creates one."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.reminders import ReminderIntent, _find_trigger, after_trigger, split_what_when

_TAIL = r"[\s?!.,;:]*(?:anymore|stp|svp|please|pls|plus|merci|thanks|du\s+tout)?[\s?!.,;:]*$"


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    cancel = _named(h, h.table.CANCEL)
    if cancel is not None:
        return [Candidate(0.9, "reminder.cancel", [ToolCall("cancel_reminder", _about(cancel))])]
    asked = _named(h, h.table.QUESTION_REMINDER)
    if asked is None:
        asked = _named(h, h.table.WHEN_IS_REMINDER)
    if asked is not None:
        out.append(Candidate(0.88, "reminder.when_is", [ToolCall("list_reminders", _about(asked))]))
    elif h.has(h.table.LIST_REMINDERS):
        out.append(Candidate(0.85, "reminder.list", [ToolCall("list_reminders", {})]))
    elif _asking_about_reminders(h):
        out.append(Candidate(0.86, "reminder.list", [ToolCall("list_reminders", _about(_of_words(h)))]))
    if out or h.has(h.table.NEGATED_REMINDER):
        return out
    return _create(h)


def _about(words: str) -> dict[str, str]:
    return {"about": words} if words else {}


def _named(h: Heard, pattern: str) -> str | None:
    """The words after (or before) the pattern that name a reminder ("" when none); None if no match."""
    m = re.search(rf"(?<![\w'])(?:{pattern})", h.folded)
    if m is None:
        return None
    for group in sorted(m.re.groupindex):
        if group.startswith("about") and m.group(group):
            start, end = m.span(group)
            words = _tidy(h, h.folded[start:end])
            if words:
                at = h.folded.find(words, start)
                return h.text[at : at + len(words)] if at >= 0 else words
    return ""


_NOT_A_NAME = re.compile(r"one|1|that|it|this|ca|ça|celui|ceux|tout|tous|all|the|le|la|les|mon|my")


def _tidy(h: Heard, words: str) -> str:
    """Politeness, "anymore", time words and articles off both ends of a reminder's name."""
    words = re.sub(_TAIL, "", words).strip(" ?!.,;:")
    tokens = words.split()
    stop = h.table.STOPWORDS | {"anymore", "more", "after", "all", "plus", "stp", "svp", "pls", "plz", "thx", "merci"}
    while tokens and (tokens[0] in stop or _NOT_A_NAME.fullmatch(tokens[0])):
        tokens.pop(0)
    while tokens and (tokens[-1] in stop or _NOT_A_NAME.fullmatch(tokens[-1])):
        tokens.pop()
    return " ".join(tokens)


def _asking_about_reminders(h: Heard) -> bool:
    """A question or a request to see them: the reminder word (or the verb) and a question or list word, and no
    new request ("rappelle-moi demain de…" asks for one)."""
    reminder = h.has(h.table.REMINDER_WORD) or h.has(h.table.REMIND_VERB)
    if not reminder or h.has(h.table.CANCEL_VERB) or h.has(h.table.MOVE_VERB):
        return False
    if not (h.has(h.table.ASKING) or "?" in h.text):
        return h.whole(rf"(?:mes\s+|my\s+|the\s+|les\s+)?(?:{h.table.REMINDER_WORD})") is not None
    found = _find_trigger(h.folded, h.lang)
    if found is not None:
        split = split_what_when(after_trigger(h.text, found[0]), now=h.situation.said, lang=found[1])
        if _has_content(h, split.what):  # "rappelle-moi demain d'appeler Léa ?" is a request
            return False
    return True


def _of_words(h: Heard) -> str:
    """The words after "pour / for / about" (or before "reminder" in English): what the question is about."""
    m = re.search(rf"(?<![\w'])(?:{h.table.OF})(?P<about>[\w' -]+)", h.folded)
    if m is not None:
        return _tidy(h, _without_time(h, m.group("about")))
    if h.lang == "en":
        m = re.search(rf"(?:the|my)\s+(?P<about>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:{h.table.REMINDER_WORD})", h.folded)
        if m is not None:
            return _tidy(h, m.group("about"))
    return ""


def _without_time(h: Heard, words: str) -> str:
    from shared.brains.offline.timeparse import parse_time

    found = parse_time(words, now=h.situation.said, lang=h.lang)
    return (words[: found.start] + " " + words[found.end :]) if found is not None else words


def _has_content(h: Heard, what: str) -> bool:
    """Real words in what to remind (not "pas", "not", a stopword or a stray letter)."""
    words = re.findall(r"[^\W\d_]{3,}", fold(what))
    return any(w not in h.table.STOPWORDS and w not in _NEGATIONS for w in words)


_NEGATIONS = frozenset({"pas", "not", "non", "nope", "rien", "nothing", "jamais", "never", "maintenant", "now"})


def _create(h: Heard) -> list[Candidate]:
    s = h.situation
    found = _find_trigger(h.folded, s.lang)
    if found is not None:
        trigger, lang = found
        split = split_what_when(after_trigger(h.text, trigger), now=s.said, lang=lang)
        when = split.when_words if isinstance(split, ReminderIntent) else ""
        return [Candidate(0.95, "reminder.create", [ToolCall("create_reminder", {"what": split.what, "when": when})])]
    # No "remind me": what must not be forgotten, and when. A question is not a request.
    if h.has(h.table.QUESTION):
        return []
    split = split_what_when(h.text, now=s.said, lang=s.lang)
    if not _has_content(h, split.what):
        return []
    implicit = h.has(h.table.IMPLICIT)
    if not isinstance(split, ReminderIntent):  # "faut pas que j'oublie le cadeau de Julie": ask when
        if implicit:
            return [Candidate(0.75, "reminder.create", [ToolCall("create_reminder", {"what": split.what, "when": ""})])]
        return []
    call = ToolCall("create_reminder", {"what": split.what, "when": split.when_words})
    return [Candidate(0.8 if implicit else 0.6, "reminder.create", [call])]
