"""Offline understanding of the users slice's requests, French and English: the language ("parle-moi en
anglais", "speak French"), the time zone ("je suis à Montréal", "my timezone is America/Chicago"), quiet hours
("ne m'écris pas avant 9h", "no texts after 10pm", "quiet hours 22h-8h"), the morning plan ("envoie-moi mon
planning à 8h", "plus de plan du matin"), the daily cap ("pas plus de 5 messages par jour"), the default
currency, the settings at a glance, and a reminder that insists ("insiste si je réponds pas").

Times go to the tools as canonical words ("22h", "7h30" / "10pm", "7:30am", "minuit" / "midnight") that the
tools and the time resolver read the same way."""

from __future__ import annotations

import re
from datetime import time

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard

# A time of day as people text it: "22h", "7h30", "9 h 15", "10pm", "10:30 p.m.", "22:00", "minuit", "noon"
_T = (
    r"(?:minuit|midnight|midi|noon|"
    r"\d{1,2}\s*(?:h|heures?)\s*(?:\d{2})?(?:\s*du\s+(?:matin|soir))?|"
    r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)|"
    r"\d{1,2}:\d{2}|"
    r"\d{1,2}(?=\s+(?:in\s+the\s+morning|du\s+matin|du\s+soir|at\s+night|in\s+the\s+evening)))"
    r"(?:\s+(?:in\s+the\s+morning|du\s+matin|du\s+soir|at\s+night|in\s+the\s+evening))?"
)
# A bare English hour after a word that makes it a time ("before 9", "until 7")
_T_EN_BARE = r"\d{1,2}(?![\d:h])"


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    answer = _answer(h)
    if answer is not None:
        out.append(answer)
    for reader in (_language, _quiet_hours, _morning_plan, _daily_cap, _timezone, _currency, _show, _escalate):
        found = reader(h)
        if found is not None:
            out.append(found)
    return out


def _call(score: float, name: str, args: dict[str, object]) -> Candidate:
    return Candidate(score, f"settings.{name}", [ToolCall(name, args)])


def _answer(h: Heard) -> Candidate | None:
    """The answer to a question one of these tools asked: it fills the missing argument of the kept call."""
    from shared.users.service import zone_or_none
    from shared.users.tools import currency_of

    pending = h.situation.state.pending
    if pending is None or pending.tool not in _OURS:
        return None
    args = dict(pending.args)
    words = h.text.strip()
    if pending.tool == "set_timezone":
        if zone_or_none(words) is not None:
            args["zone"] = words
            return Candidate(0.93, "settings.set_timezone.filled", [ToolCall("set_timezone", args)])
        found = _place_zone(words)
        if found is not None:
            args["zone"] = found[0]
            return Candidate(0.93, "settings.set_timezone.filled", [ToolCall("set_timezone", args)])
        if len(h.folded.split()) <= 3:  # a place we do not know: the tool asks again, with examples
            args["zone"] = words[:80]
            return Candidate(0.6, "settings.set_timezone.filled", [ToolCall("set_timezone", args)])
        return None
    if pending.tool == "set_language":
        m = re.search(r"\b(anglais|francais|english|french)\b", h.folded)
        if m is None:
            return None
        args["language"] = _FR_LANG[m.group(1)]
        return Candidate(0.93, "settings.set_language.filled", [ToolCall("set_language", args)])
    if pending.tool == "set_currency":
        code = currency_of(words)
        if code is None:
            return None
        args["currency"] = code
        return Candidate(0.93, "settings.set_currency.filled", [ToolCall("set_currency", args)])
    if pending.tool == "set_daily_cap":
        m = re.search(rf"(?<!\w){_N}(?!\w)", h.folded)
        if m is None:
            return None
        n = m.group("n")
        args["cap"] = int(n) if n.isdigit() else _NUMBERS[n]
        return Candidate(0.93, "settings.set_daily_cap.filled", [ToolCall("set_daily_cap", args)])
    found_times = _times(h)
    if not found_times:
        return None
    if pending.tool == "set_morning_plan":
        args["at"] = _canonical(found_times[0][1], h.lang, "am") or found_times[0][1]
        return Candidate(0.93, "settings.set_morning_plan.filled", [ToolCall("set_morning_plan", args)])
    # set_quiet_hours: "22h-8h" gives both sides, one time fills the side asked
    if len(found_times) >= 2:
        args["start"] = _canonical(found_times[0][1], h.lang, "pm") or found_times[0][1]
        args["end"] = _canonical(found_times[1][1], h.lang, "am") or found_times[1][1]
    else:
        side = pending.missing if pending.missing in ("start", "end") else "start"
        args[side] = _canonical(found_times[0][1], h.lang, "pm" if side == "start" else "am") or found_times[0][1]
    return Candidate(0.93, "settings.set_quiet_hours.filled", [ToolCall("set_quiet_hours", args)])


_OURS = frozenset(
    {"set_timezone", "set_language", "set_currency", "set_daily_cap", "set_morning_plan", "set_quiet_hours"}
)


# --- times ----------------------------------------------------------------------------------------------------
def _canonical(words: str, lang: str, bare: str) -> str | None:
    """The time of day in canonical words, or None when it is not one."""
    from shared.users.tools import clock_of

    at = clock_of(words, lang=lang, bare=bare)
    return None if at is None else _words(at, lang)


def _words(at: time, lang: str) -> str:
    if at == time(0):
        return "minuit" if lang == "fr" else "midnight"
    if lang == "fr":
        return f"{at.hour}h{at.minute:02d}" if at.minute else f"{at.hour}h"
    if at == time(12):
        return "noon"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}:{at.minute:02d}{suffix}" if at.minute else f"{hour}{suffix}"


def _times(h: Heard) -> list[tuple[int, str]]:
    """Every time of day in the message, with where it starts (folded text)."""
    pattern = _T if h.lang == "fr" else rf"{_T}|(?<=before\s){_T_EN_BARE}|(?<=until\s){_T_EN_BARE}"
    pattern += (
        rf"|(?<=after\s){_T_EN_BARE}|(?<=from\s){_T_EN_BARE}|(?<=to\s){_T_EN_BARE}|(?<=at\s){_T_EN_BARE}"
        if h.lang == "en"
        else ""
    )
    return [(m.start(), m.group(0)) for m in re.finditer(rf"(?<![\w:])(?:{pattern})(?![\w:])", h.folded)]


# --- language -------------------------------------------------------------------------------------------------
_FR_LANG = {"anglais": "en", "francais": "fr", "english": "en", "french": "fr"}
_LANG_FR = (
    r"(?:parle|ecri\w*|repond\w*|reponds|passe|bascule|mets|change\w*|texte\w*|envoie\w*|messages?|sms|langue"
    r"|communique|discute)\b[^.?!]{0,40}?\ben\s+(?P<l1>anglais|francais)\b"
    r"|\bparle[\s-]*moi\s+(?P<l2>anglais|francais)\b"
    r"|\b(?:prefere|reviens|retour|repasse|retourne|revenir)\w*\s+(?:en\s+|au\s+|a\s+l'|le\s+|l')?(?P<l3>anglais|francais)\b"
    r"|\blangue\b[^.?!]{0,30}\b(?P<l4>anglais|francais)\b"
)
_LANG_EN = (
    r"\b(?:speak|talk|text|write|reply|answer|respond|message|chat)\w*\b[^.?!]{0,30}?\b(?:in|to)\s+(?P<l1>french|english)\b"
    r"|\bspeak\s+(?P<l2>french|english)\b"
    r"|\b(?:switch|change|go|move|back)\w*\b[^.?!]{0,25}?\b(?:to|in)\s+(?P<l3>french|english)\b"
    r"|\b(?:i\s+)?prefer\s+(?P<l4>french|english)\b"
    r"|\b(?P<l5>french|english)\s+only\b"
    r"|\blanguage\b[^.?!]{0,30}\b(?P<l6>french|english)\b"
    r"|\b(?:messages?|texts?)\s+in\s+(?P<l7>french|english)\b"
)
_LANG_ALONE = r"(?:en|in)\s+(?:anglais|francais|english|french)(?:\s+(?:stp|svp|pls|please|plz|merci|thanks))?"


def _language(h: Heard) -> Candidate | None:
    m = re.search(_LANG_FR if h.lang == "fr" else _LANG_EN, h.folded)
    if m is None:
        alone = re.fullmatch(_LANG_ALONE, re.sub(r"[^\w\s']+", " ", h.folded).strip())
        if alone is None:
            return None
        word = alone.group(0).split()[1]
        return _call(0.9, "set_language", {"language": _FR_LANG[word]})
    word = next(v for k, v in m.groupdict().items() if v)
    return _call(0.92, "set_language", {"language": _FR_LANG[word]})


# --- quiet hours ----------------------------------------------------------------------------------------------
_QUIET_FR = (
    r"\b(?:ne\s+)?m'?(?:ecri\w*|envoie\w*|texte\w*|derange\w*|reveille\w*|contacte\w*|notifie\w*)\s+(?:pas|rien|plus)\b"
    r"|\bpas\s+de\s+(?:sms|messages?|textos?|notifs?|notifications?|rappels?\s+automatiques?)\b"
    r"|\bsilence\b|\bheures?\s+(?:calmes?|de\s+silence|tranquilles?)\b|\bne\s+pas\s+deranger\b"
    r"|\bmode\s+(?:nuit|silence|silencieux|calme)\b|\bje\s+dors\b|\blaisse[\s-]*moi\s+tranquille\b"
    r"|\b(?:rien|aucun\s+message)\s+(?:avant|apres|entre|de)\b"
)
_QUIET_EN = (
    r"\b(?:don'?t|do\s+not|dont|never)\s+(?:text|message|send|bother|ping|disturb|wake|contact|sms)\b"
    r"|\bno\s+(?:texts?|messages?|sms|notifications?|pings?)\b"
    r"|\bquiet\b|\bdnd\b|\bdo\s+not\s+disturb\b|\bi\s+(?:sleep|am\s+asleep)\b|\bi'?m\s+asleep\b"
    r"|\bleave\s+me\s+alone\b|\bsilence\b|\bnothing\s+(?:before|after|between|from)\b"
)
_QUIET_OFF = (
    r"\b(?:plus\s+d'?|pas\s+d'?|enleve\w*\s+les\s+|supprime\w*\s+les\s+|desactive\w*\s+les\s+|arrete\w*\s+les\s+)"
    r"heures?\s+(?:calmes?|de\s+silence)\b"
    r"|\b(?:no\s+more|remove|turn\s+off|disable|cancel|stop)\s+(?:the\s+|my\s+)?quiet\s+hours?\b"
    r"|\b(?:m'?ecri\w*|ecri\w*[\s-]*moi|m'?envoyer|texte\w*[\s-]*moi)\s+quand\s+tu\s+veux\b"
    r"|\btext\s+me\s+(?:any\s*time|whenever)\b"
)
_RANGE_SEP = r"\s*(?:-|–|a|à|au|et|to|and|till|until|til|through|jusqu'?a)\s*"


def _quiet_hours(h: Heard) -> Candidate | None:
    if re.search(_QUIET_OFF, h.folded):
        return _call(0.93, "set_quiet_hours", {"off": True})
    if not re.search(_QUIET_FR if h.lang == "fr" else _QUIET_EN, h.folded):
        return None
    found = _times(h)
    start = end = None
    if len(found) >= 2:
        (a_at, a), (b_at, b) = found[0], found[1]
        between = h.folded[a_at + len(a) : b_at]
        if re.fullmatch(_RANGE_SEP, between):
            start, end = a, b
    if start is None and end is None and found:
        at, words = found[0]
        before = h.folded[max(0, at - 25) : at]
        if re.search(r"(?:avant|before|until|till|jusqu'?a|jusqu'?au)\s*$", before):
            end = words
        elif re.search(r"(?:apres|after|a\s+partir\s+de|des|from|past|passe)\s*$", before):
            start = words
    if start is None and end is None:
        strong = re.search(r"heures?\s+calmes?|quiet\s+hours?|do\s+not\s+disturb|dnd|ne\s+pas\s+deranger", h.folded)
        return _call(0.6, "set_quiet_hours", {}) if strong else None
    args: dict[str, object] = {}
    if start is not None:
        args["start"] = _canonical(start, h.lang, "pm") or start
    if end is not None:
        args["end"] = _canonical(end, h.lang, "am") or end
    return _call(0.9, "set_quiet_hours", args)


# --- morning plan ---------------------------------------------------------------------------------------------
_PLAN_FR = (
    r"\b(?:plan(?:ning)?|programme|recap\w*|resume|briefing|agenda|point)\b"
    r"(?:\s+(?:du|de\s+la|de)\s+(?:jour|matin|journee))?"
)
_PLAN_EN = (
    r"\b(?:(?:daily|morning|day'?s?)\s+(?:plan|recap|briefing|schedule|summary|agenda|rundown)"
    r"|plan\s+(?:for|of)\s+the\s+day|my\s+plan|briefing|recap|schedule|agenda|rundown)\b"
)
_MORNING_WORDS = (
    r"\b(?:matin|matins|chaque\s+jour|tous\s+les\s+jours|quotidien\w*|journee"
    r"|morning|mornings|every\s+day|each\s+day|daily)\b"
)
_SEND_WORDS = r"\b(?:envoie\w*|envoyer|veux|voudrais|change\w*|heure|send|want|change|time|set|move)\b"
_PLAN_OFF = (
    r"\b(?:plus\s+de|pas\s+de|arrete\w*|stop\w*|supprime\w*|desactive\w*|annule\w*|no\s+more|turn\s+off|cancel"
    r"|disable|don'?t\s+send)\b[^.?!]{0,25}\b(?:plan|planning|programme|recap\w*|briefing|schedule)\b"
    r"[^.?!]{0,25}\b(?:matin|jour|journee|morning|daily|day)\b"
    r"|\b(?:no\s+more|stop|cancel|disable|turn\s+off)\s+(?:the\s+|my\s+)?(?:morning|daily)\s+(?:plan|recap|briefing)\b"
)


def _morning_plan(h: Heard) -> Candidate | None:
    if re.search(_PLAN_OFF, h.folded):
        return _call(0.93, "set_morning_plan", {"off": True})  # above "arrête le rappel…" (cancel, 0.9)
    plan = re.search(_PLAN_FR if h.lang == "fr" else _PLAN_EN, h.folded)
    if plan is None or "?" in h.text:
        return None
    found = _times(h)
    if not found:
        return None
    at = _canonical(found[0][1], h.lang, "am") or found[0][1]
    if re.search(_MORNING_WORDS, h.folded) or re.search(_SEND_WORDS, h.folded):
        return _call(0.9, "set_morning_plan", {"at": at})
    return _call(0.55, "set_morning_plan", {"at": at})


# --- daily cap ------------------------------------------------------------------------------------------------
_NUMBERS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "one": 1,
    "deux": 2,
    "two": 2,
    "trois": 3,
    "three": 3,
    "quatre": 4,
    "four": 4,
    "cinq": 5,
    "five": 5,
    "six": 6,
    "sept": 7,
    "seven": 7,
    "huit": 8,
    "eight": 8,
    "neuf": 9,
    "nine": 9,
    "dix": 10,
    "ten": 10,
}
_N = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")"
_MSG = r"(?:sms|messages?|textos?|texts?|notifs?|notifications?|msgs?)"
_DAY = r"(?:par|per|a|each|every|le|/)\s*(?:jour|day|journee)"
_CAP = (
    rf"\b(?:pas\s+plus\s+de|max(?:imum)?|au\s+plus|au\s+maximum|limite\w*\s+(?:a\s+)?|no\s+more\s+than|at\s+most"
    rf"|up\s+to|limit\w*\s+(?:to\s+)?|only|seulement|que)\s*{_N}\s*{_MSG}\s*(?:max(?:imum)?\s*)?{_DAY}"
    rf"|\b{_N.replace('?P<n>', '?P<n2>')}\s*{_MSG}\s*(?:max(?:imum)?|au\s+plus|at\s+most|tops)?\s*{_DAY}"
)
_CAP_OFF = r"\b(?:plus\s+de|pas\s+de|enleve\w*\s+la|supprime\w*\s+la|no|remove\s+the)\s+limite?\b"


def _daily_cap(h: Heard) -> Candidate | None:
    m = re.search(_CAP, h.folded)
    if m is None:
        if re.search(_CAP_OFF, h.folded) and re.search(_MSG, h.folded):
            return _call(0.85, "set_daily_cap", {"off": True})
        return None
    word = m.group("n") or m.group("n2") or ""
    cap = int(word) if word.isdigit() else _NUMBERS[word]
    return _call(0.9, "set_daily_cap", {"cap": cap})


# --- time zone ------------------------------------------------------------------------------------------------
_ZONE_WORD = r"\b(?:fuseau(?:\s+horaire)?|time\s*zone|timezone|tz)\b"
_PLACE_FR = (
    r"\b(?:je\s+suis|j'?habite|je\s+vis|je\s+vais\s+vivre|je\s+(?:viens\s+de\s+)?demenag\w*|je\s+me\s+trouve"
    r"|je\s+suis\s+maintenant)\s+(?:maintenant\s+)?(?:a|au|aux|en|sur)\s+(?P<place>[^.?!,;]+)"
    r"|\bheure\s+(?:de|du)\s+(?P<place2>[^.?!,;]+)"
)
_PLACE_EN = (
    r"\b(?:i'?m|i\s+am|i\s+live|i\s+moved|i'?ve\s+moved|i\s+just\s+moved|now\s+living)\s+(?:now\s+)?"
    r"(?:in|to|at)\s+(?P<place>[^.?!,;]+)"
    r"|\b(?:on|in)\s+(?P<place2>[^.?!,;]+?)\s+time\b"
)


# Being somewhere for a while is not living there: "je suis à Lyon demain", "i'm in Chicago for work".
_PASSING = (
    r"\b(?:demain|ce\s+soir|aujourd'?hui|cette\s+semaine|ce\s+week[\s-]?end|jusqu'?a|jusqu'?au|pour\s+(?:le|la|\d)"
    r"|en\s+vacances|en\s+deplacement|tomorrow|tonight|today|this\s+week|weekend|until|till|for\s+(?:work|the|a|\d)"
    r"|on\s+(?:vacation|holiday|a\s+trip)|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b"
)


def _place_zone(words: str) -> tuple[str, str] | None:
    """The longest leading run of words that names a zone or a place we know: (words, zone)."""
    from shared.users.service import zone_or_none

    tokens = words.strip().split()
    for size in range(min(len(tokens), 4), 0, -1):
        head = " ".join(tokens[:size])
        zone = zone_or_none(head)
        if zone is not None:
            return head, zone
    return None


def _timezone(h: Heard) -> Candidate | None:
    named = re.search(_ZONE_WORD, h.folded)
    if named is not None:
        after = h.text[named.end() :]
        after = re.sub(r"^\s*(?:horaire\s+)?(?:est|c'?est|is|=|:|to|a|à|en|au|de)?\s*", "", after, flags=re.I)
        after = re.sub(r"^\s*(?:est|c'?est|is|=|:|to|a|à|en|au|de)\s+", "", after, flags=re.I)
        words = after.strip(" .!?")
        found = _place_zone(words)
        if found is not None:
            return _call(0.92, "set_timezone", {"zone": found[0]})
        return _call(0.8, "set_timezone", {"zone": words[:80]})
    m = re.search(_PLACE_FR if h.lang == "fr" else _PLACE_EN, h.folded)
    if m is None or re.search(_PASSING, h.folded):
        return None
    group = "place" if m.group("place") else "place2"
    start, end = m.span(group)
    found = _place_zone(h.text[start:end])
    if found is None:
        return None
    return _call(0.86, "set_timezone", {"zone": found[0]})


# --- currency, settings, escalation ---------------------------------------------------------------------------
_CURRENCY = r"\b(?:devise|monnaie|currency)\b"


def _currency(h: Heard) -> Candidate | None:
    from shared.users.tools import currency_of

    m = re.search(_CURRENCY, h.folded)
    if m is None:
        return None
    code = currency_of(h.folded[m.end() :]) or currency_of(h.folded[: m.start()])
    if code is None:
        return None
    return _call(0.88, "set_currency", {"currency": code})


_SETTINGS = r"\b(?:reglages?|parametres?|preferences?|settings|config(?:uration)?)\b"


def _show(h: Heard) -> Candidate | None:
    if re.search(_SETTINGS, h.folded) is None:
        return None
    asking = re.search(r"\b(?:mes|my|quels?|what|show|montre|affiche|voir|see|list|donne)\b", h.folded) or "?" in h.text
    return _call(0.85 if asking else 0.5, "show_settings", {})


_INSIST_FR = (
    r"\binsist\w*\b|\bharcel\w*[\s-]*moi\b|\brelance[\s-]*moi\s+(?:toutes|jusqu|si|tant)"
    r"|\b(?:si|tant\s+que)\s+je\s+(?:ne\s+)?(?:reponds|repond)\s+pas\b"
)
_INSIST_EN = (
    r"\binsist\w*\b|\bescalate\b|\bnag\s+me\b|\bkeep\s+(?:nudging|bugging|pinging|reminding|texting|nagging)\b"
    r"|\b(?:until|till|if)\s+i\s+(?:answer|reply|respond|don'?t\s+(?:answer|reply|respond))\b"
)
_INSIST_OFF = (
    r"\b(?:arrete\w*|plus\s+besoin)\s+d'?(?:insister|relancer)\b|\bplus\s+de\s+relances?\b"
    r"|\bstop\s+(?:nudging|nagging|insisting|bugging)\b|\bdon'?t\s+(?:nag|insist)\b"
)


def _escalate(h: Heard) -> Candidate | None:
    if re.search(_INSIST_OFF, h.folded):
        return _call(0.93, "escalate_reminder", {"off": True})
    if not re.search(_INSIST_FR if h.lang == "fr" else _INSIST_EN, h.folded):
        return None
    args: dict[str, object] = {}
    every = re.search(r"\b(?:toutes\s+les|every)\s+(?P<n>\d{1,3})\s*(?:min|mn|minutes?|m)\b", h.folded)
    if every is not None:
        args["every"] = int(every.group("n"))
    times = re.search(r"\b(?P<n>\d{1,2})\s*(?:fois|times)\b", h.folded)
    if times is not None:
        args["times"] = int(times.group("n"))
    return _call(0.88, "escalate_reminder", args)
