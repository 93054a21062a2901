"""Offline understanding of the planner slice's requests, French and English: the plan of a day ("c'est quoi
ma journée ?", "qu'est-ce que j'ai aujourd'hui", "programme de demain", "what's my day", "plan for friday",
"et demain ?" after a plan), first steps for a chore ("décompose : ranger le garage", "petites étapes pour
trier mes mails", "break down: clean the garage", "small steps to clean out my inbox"), and those steps
made into tasks ("ajoute les étapes" after them). A question about the agenda or the tasks alone belongs
to those slices."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.timeparse import parse_time

# --- the plan of a day --------------------------------------------------------------------------------------
_PLAN_STRONG = {
    "fr": re.compile(
        r"(?<![\w'])(?:(?:ma|notre)\s+journee(?!\s+(?:etait|a\s+ete|est\s+(?!quoi)|fut|s'?est|c'?etait|de\s+merde|pourrie))|mon\s+programme|mon\s+planning|mon\s+plan\s+(?:du|de\s+la|pour)"
        r"|(?:le|au)\s+programme|le\s+planning|programme\s+(?:de|d'|du|pour)|planning\s+(?:de|d'|du|pour)"
        r"|(?:fais|fait|faire|prepare|donne)[\s-]*(?:moi\s+)?(?:un|le|mon)\s+(?:plan|programme|planning)"
        r"|(?:je\s+commence|on\s+commence|commencer)\s+par\s+quoi|par\s+quoi\s+(?:je\s+)?commenc\w*"
        r"|(?:quoi|qu'?est[\s-]ce\s+qu'?il\s+y\s+a)\s+au\s+programme)(?![\w])"
    ),
    "en": re.compile(
        r"(?<![\w'])(?:my\s+day(?!\s+(?:was|is|has|had|went|sucks|sucked|been|off))|(?:the|my|today'?s|tomorrow'?s)\s+plan\b(?!\s+(?:to|a|an|the|my)\b)"
        r"|(?:make|give|build|draw\s+up)\s+me\s+a\s+plan|plan\s+(?:for|4)\s+(?:today|tomorrow|tmrw|2day|the\s+day)"
        r"|plan\s+(?:for|4)\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)\w*"
        r"|(?:my\s+)?(?:schedule|lineup)\s+(?:for\s+)?(?:today|tomorrow|tmrw|2day)"
        r"|where\s+(?:do|should)\s+i\s+start(?!\s+(?:with|on)\b)|what\s+(?:do|should)\s+i\s+start\s+with)(?![\w])"
    ),
}
# "qu'est-ce que j'ai aujourd'hui", "j'ai quoi demain", "what do i have today": a plan, unless the words name
# the agenda or the tasks (those slices answer).
_WHAT_DO_I_HAVE = {
    "fr": re.compile(
        r"(?<![\w'])(?:qu'?est[\s-]ce\s+que\s+j'?\s*ai|j'?\s*ai\s+quoi|qu'?ai[\s-]je|c'?est\s+quoi\s+mon\s+menu)"
        r"(?![\w])"
    ),
    "en": re.compile(r"(?<![\w'])(?:what|wat|wht|whats)\s+(?:do|does|have)\s+i\s+(?:got|have|on)(?![\w])"),
}
_OTHER_SLICE = re.compile(
    r"(?<![\w'])(?:agenda|calendrier|calendar|rdv|rendez[\s-]*vous|appointments?|appts?|events?|evenements?"
    r"|taches?|tasks?|todo|to[\s-]*do|a\s+faire|faire|courses|groceries|rappels?|reminders?|depense\w*|spent"
    r"|recettes?|recipes?|notes?)(?![\w])"
)
# A plan at a time or every day is the morning-plan setting (the users slice), not today's plan.
_SETTING = re.compile(
    r"(?<![\w'])(?:chaque|tous\s+les|toutes\s+les|every|each|daily|quotidien\w*|envoie[\s-]*moi|send\s+me"
    r"|heure\s+du|time\s+(?:of|for)|recap|briefing)(?![\w])"
)
_AND_DAY = re.compile(r"^\s*(?:et|and|puis|then|what\s+about|and\s+for|et\s+pour)\s+(?P<day>.+?)[\s?!.]*$")

# --- first steps --------------------------------------------------------------------------------------------
_BREAK = re.compile(
    r"(?<![\w'])(?:d[e]compos\w*|decoup\w*|decortique\w*|(?:petites?|mini|premieres?)\s+etapes|etapes?\s+(?:pour|de)"
    r"|donne[\s-]*moi\s+(?:des|les)\s+etapes|par\s+ou\s+commencer|comment\s+je\s+m'?y\s+prends?"
    r"|break\s+(?:it\s+|this\s+|that\s+)?down|split\s+(?:it|this|that|.+\s+into)|(?:small|little|baby|first)\s+steps"
    r"|steps\s+(?:to|for)|give\s+me\s+(?:some\s+)?steps|where\s+to\s+start\s+with|where\s+do\s+i\s+start\s+with"
    r"|how\s+do\s+i\s+(?:even\s+)?start)(?![\w])"
)
# What is not the chore in such a request (blanked out before the chore is read).
_BREAK_NOISE = re.compile(
    r"(?<![\w'])(?:aide[\s-]*moi\s+a|aide[\s-]*moi|tu\s+peux|peux[\s-]*tu|d[e]compos\w*(?:[\s-]+(?:la|le|les|moi|ca|ça))*"
    r"|decoup\w*(?:[\s-]+(?:la|le|les|moi|ca|ça))*|(?:en|des|de|par|avec)?\s*(?:petites?|mini|premieres?)\s+etapes"
    r"|(?:donne[\s-]*moi\s+)?(?:des|les)\s+etapes|etapes?\s+(?:pour|de)|etapes?"
    r"|(?:je\s+(?:ne\s+)?sais\s+pas|jsp|j'?sais\s+pas)\s+par\s+ou\s+commencer(?:\s+(?:pour|avec))?"
    r"|par\s+ou\s+commencer(?:\s+(?:pour|avec))?|comment\s+je\s+m'?y\s+prends?(?:\s+pour)?"
    r"|la\s+tache|cette\s+tache|la\s+corvee|stp|svp|s'?il\s+te\s+plait|merci"
    r"|help\s+me(?:\s+to)?|can\s+you|could\s+you|break\s+(?:it\s+|this\s+|that\s+)?down(?:\s+for\s+me)?"
    r"|split(?:\s+up)?|into\s+(?:small\s+|little\s+|baby\s+)?steps|(?:small|little|baby|first|some)\s+steps(?:\s+(?:to|for))?"
    r"|steps\s+(?:to|for)|give\s+me(?:\s+some)?\s+steps|give\s+me|steps"
    r"|i\s*(?:dk|don'?t\s+know|do\s+not\s+know)\s+where\s+to\s+start(?:\s+with)?|idk|where\s+to\s+start(?:\s+with)?"
    r"|where\s+do\s+i\s+start(?:\s+with)?|how\s+do\s+i\s+(?:even\s+)?start|the\s+task|pls|please|plz|for\s+me|thx)(?![\w])"
)
_ADD_STEPS = re.compile(
    r"^(?:oui\s*,?\s*|ok\s*,?\s*|yes\s*,?\s*)?(?:ajoute|mets|met|cree|fais)[\s-]*(?:moi\s+)?(?:les|ces)\s+etapes"
    r"|^(?:oui\s*,?\s*|ok\s*,?\s*|yes\s*,?\s*)?(?:add|make|create|put)\s+(?:the|these|those|them\s+as)\s*(?:steps|tasks)"
    r"|^(?:fais|fait)[\s-]*en\s+des\s+taches|^make\s+them\s+(?:into\s+)?tasks"
)


def rule(h: Heard) -> list[Candidate]:
    return _add_steps(h) or _break_down(h) or _plan(h)


def _readable(h: Heard) -> str:
    """The text with SMS "4" for "for" before a day blanked out ("plan 4 today" is no 4 o'clock); same length,
    so spans stay spans of the text."""
    return re.sub(
        r"(?<![\w:])4(?=\s+(?:today|tomorrow|tmrw|2day|tonight|mon|tue|wed|thu|fri|sat|sun))",
        " ",
        h.text,
        flags=re.IGNORECASE,
    )


def _day_words(h: Heard) -> str:
    """The day named in the message ("demain", "vendredi", "aujourd'hui"), as written; "" for none."""
    found = parse_time(_readable(h), now=h.situation.said, lang=h.lang)
    if found is None or not (found.kinds & {"day", "weekday", "date", "holiday"}):
        return ""
    words = h.text[found.start : found.end].strip()
    return re.sub(r"^(?:(?:de|du|pour|for|4|on|le)\s+|d')+", "", words, flags=re.IGNORECASE).strip() or words


def _plan(h: Heard) -> list[Candidate]:
    if _SETTING.search(h.folded) or _has_clock(h):  # "mon plan du jour à 7h30", "my plan each morning": a setting
        return []
    last = h.situation.state.last
    after_plan = last is not None and last.tool == "plan_day"
    follow = _AND_DAY.match(h.folded)
    if follow is not None and after_plan:
        day = _day_words(h)
        if day:
            return [Candidate(0.93, "plan.day", [ToolCall("plan_day", {"day": day})])]
    strong = _PLAN_STRONG[h.lang].search(h.folded) or _PLAN_STRONG["en" if h.lang == "fr" else "fr"].search(h.folded)
    if strong is not None and not _OTHER_SLICE.search(h.folded):
        return [Candidate(0.88, "plan.day", [ToolCall("plan_day", _day_args(h))])]
    if strong is not None:
        return [Candidate(0.5, "plan.day", [ToolCall("plan_day", _day_args(h))])]
    have = _WHAT_DO_I_HAVE[h.lang].search(h.folded)
    if have is not None and not _OTHER_SLICE.search(h.folded):
        rest = h.folded[have.end() :]
        day = _day_words(h)
        if day or not re.search(r"[a-z]{3,}", rest):  # "j'ai quoi demain ?", "qu'est-ce que j'ai ?"
            return [Candidate(0.8, "plan.day", [ToolCall("plan_day", {"day": day} if day else {})])]
    return []


def _has_clock(h: Heard) -> bool:
    found = parse_time(_readable(h), now=h.situation.said, lang=h.lang)
    return found is not None and "clock" in found.kinds


def _day_args(h: Heard) -> dict[str, str]:
    day = _day_words(h)
    return {"day": day} if day else {}


def _break_down(h: Heard) -> list[Candidate]:
    if _BREAK.search(h.folded) is None:
        return []
    task = chore(h.text, h.folded)
    return [Candidate(0.9 if task else 0.6, "plan.break_down", [ToolCall("break_down", {"task": task})])]


def chore(text: str, folded: str) -> str:
    """The chore in a "break it down" request, in the person's words: the longest clause left once the
    request's own words are blanked out ("découpe-la moi", "into small steps", "pls")."""
    blanked = _BREAK_NOISE.sub(lambda m: " " * len(m.group(0)), folded)
    clauses: list[str] = []
    for m in re.finditer(r"[^,;:?!.()\"«»\n]+", blanked):
        words = [text[w.start() + m.start() : w.end() + m.start()] for w in re.finditer(r"[\w'’-]+", m.group(0))]
        while words and words[0].lower().strip("'’") in _EDGE:
            words.pop(0)
        while words and words[-1].lower().strip("'’") in _EDGE:
            words.pop()
        if words:
            clauses.append(" ".join(words))
    return max(clauses, key=len, default="").strip(" '’-")


_EDGE = frozenset(
    {
        "a",
        "à",
        "pour",
        "de",
        "d",
        "en",
        "la",
        "le",
        "moi",
        "me",
        "je",
        "j",
        "to",
        "with",
        "for",
        "on",
        "into",
        "i",
    }
    | {"tache", "task", "chore", "corvee"}
    | {"sais", "pas", "ca", "ça", "ok", "bon", "alors", "the", "and", "et", "even", "donc", "so", "hey", "salut"}
)


def _add_steps(h: Heard) -> list[Candidate]:
    if _ADD_STEPS.search(h.folded.strip()) is None:
        return []
    state = h.situation.state
    if state.last is None or state.last.tool != "break_down":
        return []
    # The turn is remembered after it is understood: the last user turn is the request that was broken down.
    asked = next((turn["text"] for turn in reversed(state.turns) if turn["role"] == "user"), "")
    task = chore(asked, fold(asked)) if asked else ""
    return [Candidate(0.9, "plan.add_steps", [ToolCall("add_steps", {"task": task})])]
