"""Reminders: set one ("rappelle-moi…", or just what and when: "jeudi 15h30 rdv dentiste", "faut que
j'appelle Léa demain"), ask about them ("c'est quoi mes rappels ?", "j'ai un rappel pour le dentiste ?",
"when's the rent reminder"), cancel one ("plus besoin du rappel pour la banque", "arrête de me rappeler de
boire", "delete my dentist reminder"). A negation never creates one."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.intents.calendar import called_off_event, calling_off
from shared.brains.offline.intents.replies import moving
from shared.brains.offline.lexicon import TABLES
from shared.brains.offline.reminders import ReminderIntent, _find_trigger, after_trigger, split_what_when
from shared.groceries import quantity as q

_TAIL = (
    r"[\s?!.,;:]*(?:anymore|any\s+more|no\s+more|after\s+all|stp|svp|please|pls|plus|merci|thanks|du\s+tout"
    r"|finalement|en\s+fait)?[\s?!.,;:]*$"
)
_REMINDER_TOOLS = frozenset(
    {"create_reminder", "cancel_reminder", "move_reminder", "snooze_reminder", "acknowledge_reminder", "list_reminders"}
)


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    cancel = _named(h, h.table.CANCEL)
    if cancel is not None:
        return _cancel(h, cancel)
    if (h.situation.rung or h.situation.just_set) and h.has(h.table.CANCEL_VERB) and len(h.folded.split()) <= 8:
        return _cancel(h, "")  # "dont need it anymore, delete" right after one rang
    called = calling_off(h)
    if called is not None and not _reminder_named(h):
        return _called_off(h, *called)
    asked = _named(h, h.table.QUESTION_REMINDER)
    if asked is None:
        asked = _named(h, h.table.WHEN_IS_REMINDER)
    if asked is not None:
        # a question about reminders is not a move, even with "set" in it ("do i have any reminders set for 2nite")
        score = 0.98 if h.has(h.table.REMINDER_WORD) else 0.88
        out.append(Candidate(score, "reminder.when_is", [ToolCall("list_reminders", _about(_not_time(h, asked)))]))
    elif h.has(h.table.LIST_REMINDERS):
        out.append(Candidate(0.85, "reminder.list", [ToolCall("list_reminders", {})]))
    elif _asking_about_reminders(h):
        out.append(Candidate(0.86, "reminder.list", [ToolCall("list_reminders", _about(_of_words(h)))]))
    if out or h.has(h.table.NEGATED_REMINDER):
        return out
    return _create(h)


def _reminder_named(h: Heard) -> bool:
    """The message says it is about a reminder: the noun ("rappel", "reminder") or "me rappeler" / "remind me"."""
    return bool(h.has(h.table.REMINDER_WORD) or h.has(h.table.REMIND_ME))


def _other_domain(h: Heard) -> bool:
    """The words name another domain's thing (an event, a note, a task, a recipe…) and no reminder; or the last
    turn was another domain's tool and nothing says reminder ("annule" right after an event was added)."""
    if _reminder_named(h):
        return False
    if h.has(h.table.OTHER_THINGS) or h.has(h.table.EVENT_THINGS):
        return True
    last = h.situation.state.last
    return last is not None and last.tool not in _REMINDER_TOOLS and not h.situation.just_set


def _cancel(h: Heard, about: str) -> list[Candidate]:
    """Cancel a reminder, named or not; backs off when the words are about something else."""
    if h.has(h.table.ESCALATE) and h.has(h.table.REMINDER_WORD):
        return []  # "stop les relances pour le rappel du linge": the reminder stays, it stops insisting
    if _other_domain(h):
        return [Candidate(0.3, "reminder.cancel", [ToolCall("cancel_reminder", _about(about))])]
    if not about and h.has(h.table.REMINDER_WORD):
        about = _other_clause(h)  # "j'annule le rdv kiné, enlève le rappel": the reminder of the kiné
    context = _context_reminder(h, about)
    if context:
        return [Candidate(0.95, "reminder.cancel", [ToolCall("cancel_reminder", {"about": about})])]
    score = 0.9 if _reminder_named(h) or h.situation.rung or h.situation.just_set else 0.85
    return [Candidate(score, "reminder.cancel", [ToolCall("cancel_reminder", _about(about))])]


_FORGET = r"forget\w*|oublie\w*"  # also the memory's verb: a fact forgotten, not a plan called off


def _called_off(h: Heard, verb: str, thing: str) -> list[Candidate]:
    """ "cancel the plumber", "scrap the gym thing", "laisse tomber l'appel à maman", "pas de sport ce soir
    finalement": the reminder about it. An event or an appointment is the calendar's ("cancel the dentist"),
    another list's thing or a grocery is theirs, and "forget X" is the memory's: never a new reminder either."""
    other = rf"(?<![\w'])(?:{h.table.OTHER_THINGS}|{h.table.EVENT_THINGS})(?![\w])"
    if called_off_event(h) is not None or re.search(other, fold(thing)) or re.fullmatch(_FORGET, verb):
        return []
    if q.aisle(thing) is not None:
        return []  # "nvm the milk": the groceries' removal
    score = 0.85 if re.match(r"ann?ul|cancel|call", verb) else 0.7  # "laisse tomber…, je le ferai pas": a task
    return [Candidate(score, "reminder.cancel", [ToolCall("cancel_reminder", {"about": thing})])]


def _context_reminder(h: Heard, about: str) -> bool:
    """The words name one of the reminders that just rang or were just set ("supprime celui du pain")."""
    words = [w for w in re.findall(r"[a-z0-9]{3,}", fold(about)) if w not in h.table.STOPWORDS]
    if not words:
        return False
    for _, text in (*h.situation.just_set, *h.situation.rung):
        have = re.findall(r"[a-z0-9]{3,}", fold(text))
        if any(w[:4] == x[:4] for w in words for x in have):
            return True
    return False


_CLAUSE_NOISE = (
    r"j'?annule|annule|annulee?s?|cancel+(?:l?ed)?|canceled|got|is|are|was|off|rdv|rendez[\s-]?vous|appt|appointment"
    r"|c'?est|est|le|la|les|l'|the|my|mon|ma|mes|a|an|un|une|de|du|des|d'|for|pour|finally|finalement|en\s+fait"
    r"|actually|so|donc|alors|ok|bon"
)


def _other_clause(h: Heard) -> str:
    """The words of the clause before the one that says "remove the reminder": what the reminder was for."""
    parts = re.split(r"[,;.!]|\s(?:et|and|so|donc)\s", h.folded)
    if len(parts) < 2:
        return ""
    first = next((p for p in parts if p.strip()), "")
    if h.has(h.table.REMINDER_WORD) and re.search(rf"(?<![\w'])(?:{h.table.REMINDER_WORD})(?![\w])", first):
        return ""
    at = h.folded.find(first)
    words = re.sub(rf"(?<![\w'])(?:{_CLAUSE_NOISE})(?![\w])", " ", _not_time(h, h.text[at : at + len(first)]))
    return _tidy(h, " ".join(words.split()[:3]))


def _not_time(h: Heard, words: str) -> str:
    """The words without a time and without "set / prévu" ("any reminders set for 2nite" asks about all), as
    written."""
    words = _without_time(h, words)
    for m in reversed(
        list(re.finditer(r"(?<![\w'])(?:set|scheduled|planned|prevus?|programmes?|mis)(?![\w])", fold(words)))
    ):
        words = words[: m.start()] + " " + words[m.end() :]
    return _tidy(h, " ".join(words.split()))


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
    stop = h.table.STOPWORDS | {
        "anymore",
        "more",
        "after",
        "all",
        "about",
        "abt",
        "quoi",
        "koi",
        "what",
        "plus",
        "stp",
        "svp",
        "pls",
        "plz",
        "thx",
        "merci",
    }
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
    if not _reminder_named(h) and not h.has(r"rap+e?l\w*|remind\w*") and h.has(h.table.OTHER_THINGS):
        return False  # "j'ai mis quelles heures calmes ?": "mis" alone does not make it about reminders
    if not (h.has(h.table.ASKING) or "?" in h.text):
        return h.whole(rf"(?:mes\s+|my\s+|the\s+|les\s+)?(?:{h.table.REMINDER_WORD})") is not None
    found = _find_trigger(h.folded, h.lang)
    if found is not None and _asks_what_you_remind(h, found[0]):
        return True
    if found is not None:
        split = split_what_when(after_trigger(h.text, found[0]), now=h.situation.said, lang=found[1])
        if _has_content(h, split.what):  # "rappelle-moi demain d'appeler Léa ?" is a request
            return False
    return True


def _asks_what_you_remind(h: Heard, trigger: re.Match[str]) -> bool:
    """ "qu'est-ce que tu dois me rappeler ?", "tu vas me rappeler quoi aujourd'hui", "what did I ask you to remind
    me about": only a question frame before "me rappeler" and nothing to remind after it (a time aside)."""
    frame = rf"(?<![\w'])(?:{h.table.ASK_FRAME})(?![\w'])"
    before = re.sub(frame, " ", h.folded[: trigger.start()])
    if before.strip() == h.folded[: trigger.start()].strip() or not h.folded[: trigger.start()].strip():
        return False  # nothing of a question before the trigger
    if any(w not in h.table.STOPWORDS for w in re.findall(r"[a-z']+", before)):
        return False
    after = _without_time(h, h.text[trigger.end() :])
    after = re.sub(frame, " ", fold(after))
    return not _has_content(h, re.sub(rf"(?<![\w'])(?:{h.table.OF}|about|abt|sur)", " ", after))


def _of_words(h: Heard) -> str:
    """The words after "pour / for / about" (or before "reminder" in English): what the question is about."""
    m = re.search(rf"(?<![\w'])(?:{h.table.OF})(?P<about>[\w' -]+)", h.folded)
    if m is not None:
        about = re.sub(rf"(?<![\w'])(?:{h.table.REMIND_ME})(?![\w])", " ", m.group("about"))
        about = re.sub(rf"^\s*(?:{h.table.OF}|about\s+|abt\s+)", "", about)
        return _tidy(h, _without_time(h, about))
    if h.lang == "en":
        m = re.search(rf"(?:the|my)\s+(?P<about>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:{h.table.REMINDER_WORD})", h.folded)
        if m is not None:
            return _tidy(h, m.group("about"))
    return ""


def _without_time(h: Heard, words: str) -> str:
    from shared.brains.offline.timeparse import parse_time

    found = parse_time(words, now=h.situation.said, lang=h.lang)
    return found.cut(words) if found is not None else words


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
        call = ToolCall("create_reminder", {"what": split.what, "when": when})
        if not when and re.match(rf"\s*(?:{TABLES[lang].HOW_TO})(?![\w])", fold(split.what)):
            return [Candidate(0.4, "reminder.create", [call])]  # "rappelle-moi comment on fait la quiche": a question
        return [Candidate(0.95, "reminder.create", [call])]
    # No "remind me": what must not be forgotten, and when. A question is not a request, a move is no new one
    # ("décale le dentiste à jeudi": the event or the reminder moved).
    if h.has(h.table.QUESTION) or h.opens_question() or moving(h) is not None:
        return []
    split = split_what_when(h.text, now=s.said, lang=s.lang)
    if not _has_content(h, split.what):
        return []
    implicit = h.has(h.table.IMPLICIT)
    if not isinstance(split, ReminderIntent):  # "faut pas que j'oublie le cadeau de Julie": ask when
        if implicit:
            # "mets les étapes … dans ma todo": the to-do list named is the tasks', not a reminder to set
            score = 0.45 if re.fullmatch(r"todo|to\s*do|a\s+faire\s*:?", implicit.group(0)) else 0.75
            return [
                Candidate(score, "reminder.create", [ToolCall("create_reminder", {"what": split.what, "when": ""})])
            ]
        return []
    call = ToolCall("create_reminder", {"what": split.what, "when": split.when_words})
    if h.has(h.table.PAST_TIME) or h.has(h.table.PAST_VERB):
        return [Candidate(0.3, "reminder.create", [call])]  # told, not asked: "on a mangé les lasagnes hier"
    if _weak_time(h, split.when_words):
        # a bare time word that is no time to remind ("daily texts", "now", "at 3 per day"): not a request
        return [Candidate(0.45 if implicit else 0.3, "reminder.create", [call])]
    if _names_other_thing(h):  # another domain's thing named ("ma note courses de noël"): weak evidence
        return [Candidate(0.45 if implicit else 0.4, "reminder.create", [call])]
    return [Candidate(0.8 if implicit else 0.6, "reminder.create", [call])]


_ERRANDS = re.compile(
    r"courses|listes?|lists?|groceries|grocery|shopping|messages?|textos?|texts|sms|achats?|purchases?"
)


def _names_other_thing(h: Heard) -> bool:
    """Another domain's thing is named; errands ("faire les courses samedi", "text Léa") stay reminders."""
    found = re.finditer(rf"(?<![\w'])(?:{h.table.OTHER_THINGS})(?![\w])", h.folded)
    return any(not _ERRANDS.fullmatch(m.group(0)) for m in found)


def _weak_time(h: Heard, when: str) -> bool:
    """Time words that do not make a reminder: a frequency adjective ("weekly goals review", "revue
    hebdomadaire"), "now" alone, or a number that is a rate ("cap at 3 per day", "6 messages max")."""
    words = fold(when).strip()
    if not words:
        return True
    if re.fullmatch(rf"(?:{h.table.NOW_WORD})", words):
        return True
    adjective = re.fullmatch(rf"(?:{h.table.FREQUENCY_ADJECTIVE})", words)
    if adjective:
        at = h.folded.find(words)
        follows = h.folded[at + len(words) :].lstrip()
        if h.lang == "fr" or re.match(r"[a-z]", follows):  # English "daily texts"; French adjectives always
            return True
    at = h.folded.find(words)
    bare_number = at >= 0 and re.match(r"\s*(?:(?:at|a|à)\s+)?\d+\s*$", words)
    return bool(bare_number and re.match(rf"\s*(?:{h.table.RATE})", h.folded[at + len(words) :]))
