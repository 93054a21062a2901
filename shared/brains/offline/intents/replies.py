"""Short replies about a reminder: "fait" / "done" (naming it or not), "+10" / "plus tard" / "ce soir",
changes to one just set ("en fait plutôt 17h", "décale le rappel de la banque à 16h", "my bad it's 8pm"),
and taking back what was just set ("non annule ça", "scratch that"). Most mean something only when a
reminder just rang or was just set; the tools ask "which one?" when several could be meant."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.intents.calendar import names_event
from shared.brains.offline.lexicon import TABLES
from shared.brains.offline.recurrence import find_recurrence
from shared.brains.offline.replies import reschedule_words
from shared.brains.offline.timeparse import parse_time

_STOP = {"fr": TABLES["fr"].STOPWORDS, "en": TABLES["en"].STOPWORDS}


_OF_WORDS = {
    "fr": frozenset({"pour", "de", "du", "des", "sur", "d", "concernant", "l", "heure"}),
    "en": frozenset({"for", "to", "about", "of", "re", "regarding", "time"}),
}


def rule(h: Heard) -> list[Candidate]:
    s = h.situation
    out: list[Candidate] = []
    short = len(h.folded.split()) <= 8
    when = _time_words(h)
    last_set = _last_set(h)
    named = h.has(rf"(?:{h.table.REMINDER_WORD})\s+\S+")  # "annule le rappel pour le dentiste" names another
    # "forget it", "oublie ça" right after setting one: that reminder. Not when the words name something else
    # ("forget that Sam hates cilantro", "oublie le digicode de Léa": a memory to forget).
    undo = last_set and short and not when and not named and h.has(h.table.UNDO)
    if undo and (not _content_words(h, when, drop=h.table.UNDO) or _match_just_set(h)):
        return [Candidate(0.93, "reminder.undo", [ToolCall("cancel_reminder", {"reminder_id": last_set})])]
    move = _move(h, when) or _move_thing(h)
    if move is not None:
        out.append(move)
    if s.rung:
        out += _about_rung(h, when, short)
    return out


def _last_set(h: Heard) -> str | None:
    s = h.situation
    last = s.state.last
    if last is not None and last.tool == "create_reminder" and last.refs:
        return last.refs[0]
    return str(s.just_set[0][0]) if s.just_set else None


def _time_words(h: Heard) -> str:
    found = parse_time(h.text, now=h.situation.said, lang=h.lang)
    return found.words if found is not None else ""


def _move(h: Heard, when: str) -> Candidate | None:
    """A change of time: a correction or a move verb, and a reminder named ("décale le rappel de la banque à
    16h", "move the bank reminder to 4pm") or just set / just rung ("en fait plutôt 17h", "push it to 5pm")."""
    s = h.situation
    if s.rung and not s.just_set and h.has(h.table.SNOOZE):  # "no time rn, in 2 hrs": later, not a correction
        return None
    corrected = reschedule_words(h.text, lang=h.lang)
    when = when or corrected or ""
    if not when:
        return None
    named = _named_reminder(h, when)
    verb = h.has(h.table.MOVE_VERB)
    arrow = re.search(r"->|→|=>", h.text)
    signal = bool(verb or arrow or corrected or h.has(h.table.CORRECTION))
    if named is not None and signal:
        score = 0.97 if arrow or verb else 0.9  # beats "rappel …" read as a new reminder
        args = {"when": when, "about": named} if named else {"when": when}
        return Candidate(score, "reminder.move", [ToolCall("move_reminder", args)])
    if signal and (s.just_set or s.rung) and not _names_another(h):
        return Candidate(0.89, "reminder.move", [ToolCall("move_reminder", {"when": corrected or when})])
    if verb and verb.start() <= 2 and not _content_words(h, when, drop=h.table.MOVE_VERB):
        return Candidate(0.8, "reminder.move", [ToolCall("move_reminder", {"when": when})])  # the tool asks which
    return None


def moving(h: Heard) -> tuple[str, str] | None:
    """A thing already planned moved to a new time, the verb first: (the thing's words, the new time's words)
    for "décale le linge à demain 10h", "can u push the laundry to tmrw"; None for "push it to 5pm" (no thing),
    "move the car at 8am" (a thing moved in space: a reminder to do it) or "change the sheets tomorrow"."""
    table = h.table
    lead = re.match(rf"\s*(?:{table.RESCHEDULE})(?![\w])", h.folded)
    if lead is None:
        return None
    found = parse_time(h.text, now=h.situation.said, lang=h.lang)
    if found is None or found.start < lead.end():
        return None
    thing = h.folded[lead.end() : found.start]
    into = re.search(rf"(?:\s+(?:{table.TIME_LEAD}))+\s*$", f" {thing}")
    verb = lead.group("verb")
    if verb.startswith("change") and not (into and re.search(rf"(?<![\w])(?:{table.CHANGE_TO})\s*$", into.group(0))):
        return None
    if re.fullmatch(table.RESCHEDULE_LOOSE, verb) and re.search(rf"(?<![\w])(?:{table.MOVED_THINGS})(?![\w])", thing):
        return None
    if re.match(r"\s*(?:sur|dans|avec|vers|on|with|in|into|ahead|through)(?![\w])", thing):
        return None  # "avance sur le dossier", "push on with the report": getting on with it
    end = lead.end() + (into.start() - 1 if into else len(thing))
    words = h.text[lead.end() : max(end, lead.end())].split()
    stop = _STOP[h.lang] | {"back", "up", "forward", "out"}
    while words and fold(words[0]).strip("'") in stop | {"l", "d"}:
        words.pop(0)
    while words and fold(words[-1]) in stop:
        words.pop()
    if words and re.match(r"[lLdD]['’]", words[0]):
        words[0] = words[0][2:]
    if not words:
        return None
    return " ".join(words), found.words


def _has_clock(words: str, h: Heard) -> bool:
    found = parse_time(words, now=h.situation.said, lang=h.lang)
    return found is not None and "clock" in found.kinds


def _move_thing(h: Heard) -> Candidate | None:
    """ "décale le linge à demain 10h", "push the laundry to tmrw": no reminder named, nothing just set, not an
    event (the calendar's) nor another list's thing: the reminder about it."""
    if h.has(h.table.REMINDER_WORD) or h.has(h.table.OTHER_THINGS) or names_event(h):
        return None
    moved = moving(h)
    if moved is None:
        return None
    about, when = moved
    # "reporte le garage à dimanche": in French, reporter / repousser to a day is first what one does to a task
    # (its due date); to an hour, a reminder ("repousse les poubelles à demain 20h")
    to_day = not _has_clock(when, h)
    score = 0.74 if to_day and re.match(r"\s*(?:je\s+)?(?:report|repouss)", h.folded) else 0.86
    return Candidate(score, "reminder.move", [ToolCall("move_reminder", {"about": about, "when": when})])


_NOT_A_NAME = re.compile(r"\d+|back|forward|up|later|earlier|one|again|it|that|le|la|celui|ca|heure|time")


def _named_reminder(h: Heard, when: str) -> str | None:
    """The words naming a reminder ("le rappel (de) la banque", "the bank reminder"): None when no reminder
    word is said, "" when it is said without a name."""
    word = h.table.REMINDER_WORD
    m = re.search(rf"(?<![\w'])(?:{word})(?![\w])", h.folded)
    if m is None:
        return None
    after = h.folded[m.end() :]
    if when:
        after = after.split(when.lower())[0]
    after = re.split(r"->|→|=>|\s(?:a|à|at|vers|c'?est|it'?s|is|pas|not)\s", f" {after} ")[0]
    verbs = rf"(?:{h.table.MOVE_VERB}|{h.table.CANCEL_VERB})"
    stop = _STOP[h.lang] | _OF_WORDS[h.lang]
    words = [w for w in re.findall(r"[a-z0-9']+", after) if w not in stop]
    words = [w for w in words if not re.fullmatch(verbs, w) and not _NOT_A_NAME.fullmatch(w)]
    if not words and h.lang == "en":
        before = re.findall(r"[a-z0-9']+", h.folded[: m.start()])[-2:]
        words = [w for w in before if w not in stop and not re.fullmatch(verbs, w) and not _NOT_A_NAME.fullmatch(w)]
    return " ".join(words[:4])


def _about_rung(h: Heard, when: str, short: bool) -> list[Candidate]:
    """After a reminder rang: done, or later (with or without an amount), naming it or not. A message with
    its own content and a time but no "later" word is a new request ("dentiste mardi 14h"), not a snooze."""
    content = _content_words(h, when)
    about = _match_rung(h, content)
    args = {"about": about} if about else {}
    snooze = h.has(h.table.SNOOZE) or re.search(r"\+\s*\d", h.folded)
    series = find_recurrence(h.text, lang=h.lang) is not None
    if short and not when and not snooze and not series:
        participle = re.search(rf"(?<![\w'])(?:{h.table.PAST_PARTICIPLE})(?![\w])", h.folded)
        done = h.has(h.table.DONE) or (about and participle and len(h.folded.split()) <= 4)
        if done and (not content or about or len(content) <= 2):
            return [Candidate(0.9, "reminder.acknowledge", [ToolCall("acknowledge_reminder", args)])]
    if not short or series or not (snooze or when):
        return []
    until = h.text.strip()  # the tool reads "+1h", "encore 5 min", "ce soir" from the whole reply
    if not content:
        score = 0.96
    elif snooze and about:
        score = 0.93
    elif snooze:
        score = 0.85  # "plus tard stp je conduis"
    else:
        return []
    return [Candidate(score, "reminder.snooze", [ToolCall("snooze_reminder", {"until": until, **args})])]


def _names_another(h: Heard) -> bool:
    """The message moves a thing it names, and that thing is not what was just set or just rang ("décale le
    dentiste à vendredi" right after the school reminder was set: the dentist, not the school)."""
    moved = moving(h)
    if moved is None:
        return False
    named = {w[:4] for w in re.findall(r"[a-z]{3,}", fold(moved[0])) if w not in h.table.STOPWORDS}
    recent = [text for _, text in (*h.situation.just_set, *h.situation.rung)]
    return bool(named) and not any(named & {w[:4] for w in re.findall(r"[a-z]{3,}", fold(text))} for text in recent)


def _match_just_set(h: Heard) -> bool:
    """The words name the reminder just set ("oublie le rappel du pain" after "rappelle-moi le pain")."""
    content = _content_words(h, "", drop=h.table.UNDO)
    for _, text in h.situation.just_set:
        have = {w[:4] for w in re.findall(r"[a-z]{3,}", fold(text))}
        if any(w[:4] in have for w in content):
            return True
    return False


def _content_words(h: Heard, when: str, drop: str = "") -> list[str]:
    """Words that are not about time, replies or politeness: what the message is about."""
    text = h.folded.replace(fold(when), " ") if when else h.folded
    patterns = (h.table.DONE, h.table.SNOOZE, h.table.FILLER, h.table.OK, h.table.THANKS, h.table.REMINDER_WORD)
    for pattern in (*patterns, *([drop] if drop else [])):
        text = re.sub(rf"(?<![\w'])(?:{pattern})(?![\w])", " ", text)
    words = re.findall(r"[a-z]{3,}", text)
    return [w for w in words if w not in _STOP[h.lang]]


def _match_rung(h: Heard, content: list[str]) -> str | None:
    """Content words that name one of the reminders that rang ("poubelles sorties", "fait pour les médocs")."""
    if not content:
        return None
    synonyms = h.table.SYNONYMS
    wanted = [synonyms.get(w, w) for w in content]
    for _, text in h.situation.rung:
        have = [synonyms.get(x, x) for x in re.findall(r"[a-z0-9]+", fold(text)) if len(x) >= 3]
        hits = [w for w in wanted if any(w[:4] == x[:4] for x in have)]
        if hits:
            return " ".join(w for w, orig in zip(wanted, content, strict=True) if w in hits or orig in hits)
    return None
