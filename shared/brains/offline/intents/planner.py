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
        r"|(?:quoi|qu'?est[\s-]ce\s+qu'?il\s+y\s+a)\s+au\s+programme"
        r"|(?:(?:c'?est\s+)?quoi|koi|qu'?est[\s-]ce\s+qui\s+est)\s+(?:de\s+|d')?prevu)(?![\w])"
    ),
    "en": re.compile(
        r"(?<![\w'])(?:my\s+day(?!\s+(?:was|is|has|had|went|sucks|sucked|been|off))|(?:the|my|today'?s|tomorrow'?s)\s+plan\b(?!\s+(?:to|a|an|the|my)\b)"
        r"|(?:make|give|build|draw\s+up)\s+me\s+a\s+plan|plan\s+(?:for|4)\s+(?:today|tomorrow|tmrw|2day|the\s+day)"
        r"|plan\s+(?:for|4)\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)\w*"
        r"|(?:my\s+)?(?:schedule|lineup)\s+(?:for\s+)?(?:today|tomorrow|tmrw|2day)"
        r"|where\s+(?:do|should)\s+i\s+start(?!\s+(?:with|on)\b)|what\s+(?:do|should)\s+i\s+start\s+with"
        r"|on\s+my\s+plate|(?:what|wat|wut)\s+am\s+i\s+(?:doing|up\s+to))(?![\w])"
    ),
}
# "qu'est-ce que j'ai aujourd'hui", "j'ai quoi demain", "what do i have today": a plan, unless the words name
# the agenda or the tasks (those slices answer).
_WHAT_DO_I_HAVE = {
    "fr": re.compile(
        r"(?<![\w'])(?:(?:qu'?est[\s-]?ce\s+que|kes(?:\s+que)?|keske|kesk|kesque)\s*j'?\s*ai|j'?\s*ai\s+(?:quoi|koi)"
        r"|qu'?ai[\s-]je|c'?est\s+quoi\s+mon\s+menu|(?:il\s+)?y\s*'?\s*a\s+(?:quoi|koi)|ya\s+(?:quoi|koi)"
        r"|qu'?est[\s-]?ce\s+qu'?il\s+y\s+a|qu'?est[\s-]?ce\s+qui\s+m'?attend)(?![\w])"
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
# --- the steps made into tasks -------------------------------------------------------------------------------
_STEPS = r"(?:petites?\s+|mini\s+|small\s+|little\s+|baby\s+)?(?:etapes?|sous[\s-]?taches?|steps?|sub[\s-]?tasks?)"
_ADD_VERB = (
    r"ajout\w*|rajout\w*|mets|met|mettre|cree[rsz]?|creer|fai[st](?:[\s-]*en)?|transforme\w*|enregistre\w*|garde"
    r"|add(?:s|ed)?|put|make|create|turn|save|stick|throw|pop|set\s+up"
)
_TASK_LIST = (
    r"(?:a|dans|sur|en|to|on|in|into|as)\s+(?:ma\s+|mes\s+|la\s+|les\s+|des\s+|my\s+|the\s+)?(?:liste(?:\s+(?:de|des)\s+)?)?"
    r"(?:taches?|to[\s-]?dos?(?:\s+list)?|tasks?(?:\s+list)?|list(?:e)?)"
    r"|(?:en\s+)?des\s+taches|(?:into|as)\s+tasks"
    r"|(?:ma|mes|my)\s+(?:liste\s+de\s+taches|taches|to[\s-]?dos?(?:\s+list)?|tasks?(?:\s+list)?)"
)
_ELSEWHERE = (
    r"courses|groceries|grocery|shopping|agenda|calendrier|calendar|notes?|rappels?|reminders?|recettes?|recipes?"
    r"|favoris|favorites?|budget|depenses?|expenses?"
)
# "les", "them", "tout ça": the steps just shown.
_THEM = r"les|ces|tout\s+(?:ca|ça)|ca|ça|them|these|those|all\s+(?:that|of\s+(?:it|them|that))|it|that|everything"
_CONSENT = (
    r"(?:oui|ouais|yes|yep|yeah|yup|vas[\s-]*y|go\s+ahead|do\s+it|please\s+do|volontiers|carrement|grave|avec\s+plaisir"
    r"|sure|ok\s+go|let'?s\s+do\s+it|allez|parfait|perfect|top|great)(?:\s+(?:stp|svp|pls|please|merci|thanks))?"
)
# What is not the chore in "découpe X en étapes et ajoute-les à mes tâches" (blanked before the chore is read).
_ADD_STEPS_NOISE = re.compile(
    rf"(?<![\w'])(?:(?:et|and|puis|then)\s+)?(?:{_ADD_VERB})(?:[\s-]*(?:moi|les|them|en|it))?(?![\w])"
    rf"|(?<![\w'])(?:{_TASK_LIST})(?![\w])"
    rf"|(?<![\w'])(?:les|ces|des|the|these|those|some)?\s*{_STEPS}(?:\s+(?:pour|de|du|des|d'|for|of|to))?(?![\w])"
    r"|(?<![\w'])(?:break|en|into|oui|ok|yes|top|parfait|perfect|great|stp|svp|pls|please)(?![\w])"
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


def chore(text: str, folded: str, *, noise: re.Pattern[str] | None = None) -> str:
    """The chore in a "break it down" request, in the person's words: the longest clause left once the
    request's own words are blanked out ("découpe-la moi", "into small steps", "pls"; and `noise`)."""
    blanked = folded if noise is None else noise.sub(lambda m: " " * len(m.group(0)), folded)
    blanked = _BREAK_NOISE.sub(lambda m: " " * len(m.group(0)), blanked)
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
    """The steps made into tasks: right after a break-down ("ajoute les étapes", "yes add them", "put all that on
    my todo list", "oui"), or in one message with the chore named ("crée des sous-tâches pour le déménagement",
    "break X into steps and add them to my tasks")."""
    folded = h.folded.strip()
    verb = re.search(rf"(?<![\w'])(?:{_ADD_VERB})(?![\w])", folded)
    steps = re.search(rf"(?<![\w'])(?:{_STEPS})(?![\w])", folded)
    into_tasks = re.search(rf"(?<![\w'])(?:{_TASK_LIST})(?![\w])", folded)
    them = re.search(rf"(?<![\w'])(?:{_THEM})(?![\w])", folded)
    state = h.situation.state
    after = state.last is not None and state.last.tool == "break_down"
    if after:
        what = steps or them or into_tasks
        consent = re.fullmatch(rf"(?:{_CONSENT})[\s!.👍🙏]*", folded) is not None
        elsewhere = re.search(rf"(?<![\w'])(?:{_ELSEWHERE})(?![\w])", folded) is not None
        short = verb is not None and len(re.findall(r"[\w']+", folded)) <= 3  # "oui ajoute", "add"
        if (verb is not None and (what is not None or short) and not elsewhere) or consent:
            # The turn is remembered after it is understood: the last user turn is the chore broken down.
            asked = next((turn["text"] for turn in reversed(state.turns) if turn["role"] == "user"), "")
            task = chore(asked, fold(asked)) if asked else ""
            return [Candidate(0.93 if not consent else 0.85, "plan.add_steps", [ToolCall("add_steps", {"task": task})])]
        return []
    # In one message: the steps (or sub-tasks) and a verb that makes tasks of them, with the chore named.
    subtasks = re.search(r"(?<![\w'])(?:sous[\s-]?taches?|sub[\s-]?tasks?)(?![\w])", folded)
    if verb is None or steps is None or (into_tasks is None and subtasks is None):
        return []
    task = chore(h.text, h.folded, noise=_ADD_STEPS_NOISE)
    if not task:
        return [Candidate(0.7, "plan.add_steps", [ToolCall("add_steps", {"task": ""})])]
    return [Candidate(0.93, "plan.add_steps", [ToolCall("add_steps", {"task": task})])]
