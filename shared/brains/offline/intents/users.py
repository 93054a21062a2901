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
    settings = [
        found
        for reader in (_language, _quiet_hours, _morning_plan, _daily_cap, _timezone, _currency)
        if (found := reader(h)) is not None
    ]
    out += settings
    # A question about a setting ("c'est quoi mon fuseau ?") is not a change unless it gives a value.
    valued = any(_gives_value(c) for c in settings)
    for found in (_show(h, valued=valued), _escalate(h)):
        if found is not None:
            out.append(found)
    return out


def _gives_value(candidate: Candidate) -> bool:
    return any(value not in ("", None) for call in candidate.calls for value in call.args.values())


def _call(score: float, name: str, args: dict[str, object]) -> Candidate:
    return Candidate(score, f"settings.{name}", [ToolCall(name, args)])


def _answer(h: Heard) -> Candidate | None:
    """The answer to a question one of these tools asked: it fills the missing argument of the kept call."""
    from shared.users.tools import currency_of

    pending = h.situation.state.pending
    if pending is None or pending.tool not in _OURS:
        return None
    args = dict(pending.args)
    words = h.text.strip()
    if pending.tool == "set_timezone":
        from shared.users.service import zone_of

        zone = zone_of(words)
        if zone is not None:
            args["zone"] = _said_zone((words, zone))
            return Candidate(0.93, "settings.set_timezone.filled", [ToolCall("set_timezone", args)])
        found = _place_at(h, 0, sure=True, zone_words=True)
        if found is not None:
            args["zone"] = _said_zone(found)
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


# --- numbers --------------------------------------------------------------------------------------------------
_NUMBERS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "one": 1,
    "once": 1,
    "deux": 2,
    "two": 2,
    "twice": 2,
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
    "douze": 12,
    "twelve": 12,
    "quinze": 15,
    "fifteen": 15,
    "vingt": 20,
    "twenty": 20,
    "trente": 30,
    "thirty": 30,
}
_N = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


# --- what people call Boussole's messages, a day, a limit -----------------------------------------------------
_MSG_NOUN = r"(?:sms|messages?|msgs?|textos?|texts?|notifs?|notifications?|pings?|rappels?\s+automatiques?)"
_MSG = (
    rf"\b(?:{_MSG_NOUN}"
    r"|m'?(?:ecri\w*|envoie\w*|envoy\w*|texte\w*|spam\w*|harcel\w*)|(?:ecri\w*|texte\w*|envoie\w*)[\s-]*moi"
    r"|(?:text|message|ping|spam)(?:s|ing)?\s+me|you\s+(?:send|text|message)|texting)\b"
)
_DAY = (
    r"(?:\b(?:par|per|a|each|every|le|chaque)\s+(?:jour|day|journee)\b|/\s*(?:jour|day|j|d)\b"
    r"|\bdaily\b|\bquotidien\w*|\bdans\s+la\s+journee\b|\bin\s+a\s+day\b)"
)
_LIMIT_VERB = r"\b(?:limit\w*|cap|capp?\w*|plafon\w*|restrict\w*|reduce|reduis|reduire|diminue\w*)\b"
_LIMIT = (
    rf"{_LIMIT_VERB}|\b(?:pas\s+plus\s+d[e']|plus\s+de|max(?:imum)?|au\s+(?:plus|maximum|max)|no\s+more\s+than"
    r"|not\s+more\s+than|more\s+than|at\s+most|up\s+to|only|just|seulement|juste|que|seule?|tops|ou\s+moins"
    r"|or\s+(?:less|fewer)|trop|too\s+(?:much|many|often))\b"
)
# A number that counts messages: not a time ("9h", "10:30", "7pm"), a duration or an amount.
_COUNT = rf"(?<![\w:$€]){_N}(?![\w:])(?!\s*(?:h\b|heures?|min|mn|minutes?|hours?|[ap]\.?m\b|€|\$|euros?|dollars?|%))"
# "un"/"une"/"one" count only right before what they count ("un seul message", "une fois", "one text").
_ONE_WORDS = frozenset({"un", "une", "one"})


def _count(h: Heard) -> int | None:
    for m in re.finditer(_COUNT, h.folded):
        word = m.group("n")
        if word in _ONE_WORDS and not re.match(
            rf"\s+(?:seule?\s+|single\s+)?(?:{_MSG_NOUN}|fois|time)\b", h.folded[m.end() :]
        ):
            continue
        return _number(word)
    return None


# --- daily cap ------------------------------------------------------------------------------------------------
_CAP_OFF = (
    r"\b(?:enleve\w*|supprime\w*|retire\w*|desactive\w*|annule\w*|vire\w*|leve\w*|arrete\w*|plus\s+d[e']|pas\s+d[e']|sans"
    r"|remove|delete|lift|drop|disable|cancel|turn\s+off|get\s+rid\s+of|no(?:\s+more)?|stop)\b"
    r"[^.?!,]{0,25}?\b(?:limit\w*|cap|plafon\w*|max(?:imum)?)\b"
)
_CAP_ANY = r"\b(?:autant\s+que\s+tu\s+(?:veux|voudras)|as\s+much\s+as\s+(?:u|you)\s+(?:want|like)|no\s+limit)\b"


def _daily_cap(h: Heard) -> Candidate | None:
    msg, day, limit = re.search(_MSG, h.folded), re.search(_DAY, h.folded), re.search(_LIMIT, h.folded)
    if re.search(_CAP_OFF, h.folded) and (msg or day):
        return _call(0.93, "set_daily_cap", {"off": True})  # above "enlève le rappel …" (cancel, 0.9)
    if re.search(_CAP_ANY, h.folded) and msg:
        return _call(0.85, "set_daily_cap", {"off": True})
    # "limit it to 4 a day", "limite à 4 par jour": the limit words and a day are enough with a pronoun;
    # "tu m'écris trop, limite", "limit your texts to 6": messages and a limit verb, without a day
    verb = re.search(_LIMIT_VERB, h.folded)
    pronoun = re.search(rf"{_LIMIT_VERB}\s+(?:it|them|ca|les|a)\b", h.folded)
    if not (msg and (day or verb)) and not (day and pronoun):
        return None
    n = _count(h)
    if n is None:
        if verb or re.search(r"\b(?:trop|too\s+(?:much|many|often))\b", h.folded):
            return _call(0.8 if day else 0.75, "set_daily_cap", {})  # "limite le nombre de messages": how many?
        return None
    if not day:
        return _call(0.85, "set_daily_cap", {"cap": n})
    return _call(0.92 if limit else 0.7, "set_daily_cap", {"cap": n})


# --- time zone ------------------------------------------------------------------------------------------------
_ZONE_WORD = r"\b(?:fuseaux?(?:\s+horaires?)?|time\s*zones?|timezones?|tz)\b"
# Words that ask for the local time without naming a place: the tool asks where.
_LOCAL = (
    r"\b(?:heure\s+locale|l'heure\s+(?:d'ici|locale|du\s+coin|de\s+la\s+bas|d'ou\s+je\s+suis)"
    r"|local\s+time|(?:time|clock)\s+here|where\s+i\s+am\s+now)\b"
)
# Words that change the time used, said next to a place: "change l'heure", "update my clock", "décale mes heures"
_SHIFT = (
    rf"{_ZONE_WORD}|{_LOCAL}|\b(?:l'heure|mon\s+heure|mes\s+heures|les\s+heures|heure\s+(?:de|du|d')|horloge"
    r"|my\s+clock|the\s+clock|my\s+time|time\b)"
)
_SET_VERB = (
    r"\b(?:change\w*|chang|mets?|mettre|passe\w*|bascule\w*|regle\w*|modifie\w*|decale\w*|remets?|utilise\w*"
    r"|cale\w*|aligne\w*|switch\w*|set|update\w*|use|make|put|move|adjust\w*|fix)\b"
)
_PLACE_VERB = {
    "fr": (
        r"\b(?:je\s+suis|j'?suis|jsuis|chuis|suis|on\s+est|nous\s+sommes|je\s+me\s+trouve|j'?habite|jhabite"
        r"|on\s+habite|je\s+vis|jvis|j'?vis|on\s+vit|(?:je\s+)?(?:vais|pars)\s+vivre|(?:je\s+|on\s+)?m'?installe\w*"
        r"|s'?installe\w*|(?:j'?ai|on\s+a|nous\s+avons)\s+demenage|je\s+demenage|demenage\w*|arrivee?s?|rentree?s?"
        r"|de\s+retour|(?:viens|vient|venons)\s+d'?(?:arriver|emmenager|demenager|atterrir)|atterri\w*"
        r"|bien\s+arrivee?s?|installee?s?|(?:j'?ai\s+|on\s+a\s+)?emmenage\w*|emmenag\w*)\b"
    ),
    "en": (
        r"\b(?:i'?m|im|i\s+am|we'?re|we\s+are|i\s+live|we\s+live|living|i\s+moved|we\s+moved|moved|relocated"
        r"|based|staying|travell?ing|landed|arrived|back(?:\s+home)?|home|currently|i'?ve\s+moved|just\s+moved)\b"
    ),
}
_PLACE_PREP = {"fr": r"\b(?:a|au|aux|en|sur|dans)\s+", "en": r"\b(?:in|to|at|into)\s+"}
# Being somewhere later is not being there now: "je suis à Lyon demain", "i'll be in Chicago next week".
_LATER = (
    r"\b(?:demain|apres[\s-]demain|ce\s+soir|la\s+semaine\s+prochaine|le\s+mois\s+prochain|l'an\s+prochain"
    r"|je\s+serai|on\s+sera|je\s+vais\s+etre|tomorrow|tonight|next\s+(?:week|month|year)|i'?ll\s+be"
    r"|i\s+will\s+be|we'?ll\s+be|going\s+to\s+be)\b"
    r"|(?<!jusqu'a\s)(?<!jusqu'au\s)(?<!until\s)(?<!till\s)(?<!since\s)(?<!depuis\s)(?<!last\s)"
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b"
)
_LATER_FR_BARE = r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+(?:prochain|soir|matin)\b"
# Names that are also everyday words: "réunion" (a meeting), "nice", "la" (the article) need a capital or a zone
# word ("fuseau", "timezone"); "central", "pacific"… need a word about time ("central time", "heure du pacifique").
_AMBIGUOUS = frozenset({"reunion", "la reunion", "nice", "la"})
_ZONE_ONLY = frozenset({"central", "mountain", "pacific", "eastern", "est"})
_STOP_SLOT = (
    r"[.?!,;:()]|\s(?:et|and|pour|for|jusqu|till|until|depuis|since|mais|but|donc|so|alors|stp|svp|pls|please"
    r"|merci|thanks|now|maintenant|rn|mets?|change|switch|use|set|update|passe|can|peux|tu)\b"
)
_ARTICLE = r"la|le|les|l'|the|a|au|en"


def _core(folded: str) -> str:
    """The place in zone words: "l'heure de la reunion" -> "la reunion", "nice time" -> "nice"."""
    core = re.sub(r"^(?:(?:a\s+)?l'heure\s+(?:de\s+|du\s+|d')|heure\s+(?:de\s+|du\s+|d')|the\s+)", "", folded)
    core = re.sub(r"\s+(?:time|timezone|time\s+zone)$", "", core)
    return core if core in _AMBIGUOUS else re.sub(r"^(?:l'|la\s+|le\s+)(?=\w)", "", core)


def _span_zone(h: Heard, a: int, b: int, *, sure: bool, zone_words: bool) -> tuple[str, str] | None:
    """The zone the words h.text[a:b] name, unless they are an everyday word here: (the words, zone)."""
    from shared.users.service import zone_of

    words, core = h.text[a:b], _core(" ".join(h.folded[a:b].split()))
    zone = zone_of(words)
    if zone is None:
        return None
    if core == "la" and not (h.lang == "en" or words == "LA"):
        return None  # the French article
    if core in _AMBIGUOUS and core != "la" and not sure and not re.search(r"[A-Z]", words):
        return None
    if core in _ZONE_ONLY and not zone_words:
        return None
    return words, zone


def _place_at(h: Heard, start: int, *, sure: bool, zone_words: bool) -> tuple[str, str] | None:
    """A place or zone named from `start` on (an article may come first): (the person's words, zone). `sure`: a
    zone word is said, so names that are also everyday words count; `zone_words`: time is spoken of, so
    "central", "pacific" are zones."""
    rest = h.folded[start : start + 60]
    cut = re.search(_STOP_SLOT, rest)
    rest = rest[: cut.start()] if cut else rest
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"[\w'/]+(?:-[\w'/]+)*", rest)]
    for first in range(min(2, len(tokens))):
        for size in range(min(len(tokens) - first, 5), 0, -1):
            found = _span_zone(h, tokens[first][0], tokens[first + size - 1][1], sure=sure, zone_words=zone_words)
            if found is not None:
                return found
        if not re.fullmatch(_ARTICLE, h.folded[tokens[first][0] : tokens[first][1]]):
            break
    return None


def _said_zone(found: tuple[str, str]) -> str:
    """The zone argument: the person's words when the service's reader (the one every reader shares) knows
    them, else the zone's IANA name (a place only the bigger table knows)."""
    from shared.users.service import zone_or_none

    words, zone = found
    return words if zone_or_none(words) == zone else zone


def _named_zone(h: Heard) -> tuple[str, str] | None:
    """A zone named with time words: "fuseau … Tokyo", "l'heure de Londres", "paris time", "America/Chicago"."""
    from shared.users.service import zone_of

    for m in re.finditer(r"\b[a-z]+(?:/[a-z_+-]+){1,2}\b|\b(?:utc|gmt)\b", h.folded):
        zone = zone_of(h.text[m.start() : m.end()])
        if zone is not None:
            return h.text[m.start() : m.end()], zone
    lead = r"(?:\s+(?:horaires?|est|c'?est|is|=|:|->|to|a|en|sur|de|du|pour|as|at|on|should\s+be))*\s*"
    for m in re.finditer(_ZONE_WORD + lead, h.folded):
        # the place right after the linking words, or one of them ("set timezone to est")
        links = [t.start() + m.start() for t in re.finditer(r"\S+", h.folded[m.start() : m.end()])][1:]
        starts = [m.end(), *links]
        for start in starts:
            found = _place_at(h, start, sure=True, zone_words=True)
            if found:
                return found
    for m in re.finditer(r"(?:\bl')?\bheure\s+(?:de\s+|du\s+|d'|des\s+)?", h.folded):
        found = _place_at(h, m.start(), sure=False, zone_words=True) or _place_at(
            h, m.end(), sure=False, zone_words=True
        )
        if found:
            return found
    for m in re.finditer(r"\btime\b", h.folded):  # "use paris time", "switch to central time"
        words = list(re.finditer(r"[\w']+", h.folded[: m.start()]))
        for size in (3, 2, 1):
            if len(words) >= size:
                found = _span_zone(h, words[-size].start(), m.end(), sure=False, zone_words=True)
                if found is not None:
                    return found
    return None


# A place said to explain another request ("j'habite à Genève, change ma devise", "je suis à Lyon, rappelle-moi")
_OTHER_REQUEST = r"\b(?:rappel\w*|remind\w*|ajoute|add|note|achete|buy|devise|currency|monnaie|depenses?|expenses?)\b"
_ZONE_SAID = r"\s*(?:horaires?\s+)?(?:c'?est|est|is|=|:|->|to|sur)\s+(?P<w>[^.?!,;]{2,40})"


def _timezone(h: Heard) -> Candidate | None:
    named = _named_zone(h)
    zone_word = re.search(_ZONE_WORD, h.folded)
    if named is not None:
        return _call(
            0.93 if zone_word or re.search(_SET_VERB, h.folded) else 0.86, "set_timezone", {"zone": _said_zone(named)}
        )
    shift = re.search(_SHIFT, h.folded)
    place = None
    for verb in re.finditer(_PLACE_VERB[h.lang], h.folded):
        window = h.folded[verb.end() : verb.end() + 40]
        for prep in re.finditer(_PLACE_PREP[h.lang], window):
            place = _place_at(h, verb.end() + prep.end(), sure=False, zone_words=bool(shift))
            if place is not None:
                break
        if place is not None:
            break
    if place is not None:
        if shift is not None:
            return _call(0.92, "set_timezone", {"zone": _said_zone(place)})
        if re.search(_LATER, h.folded) or re.search(_LATER_FR_BARE, h.folded):
            return None
        if re.search(_OTHER_REQUEST, h.folded):
            return _call(0.5, "set_timezone", {"zone": _said_zone(place)})  # the place explains another request
        return _call(0.86, "set_timezone", {"zone": _said_zone(place)})
    if zone_word is not None:
        # "mon fuseau c'est Atlantide": a place we do not know; the tool asks again, with examples
        said = re.match(_ZONE_SAID, h.folded[zone_word.end() :])
        if said and not re.search(r"\b(?:quoi|what|lequel|laquelle|which|deja|again)\b", said.group("w")):
            start = zone_word.end() + said.start("w")
            return _call(0.8, "set_timezone", {"zone": h.text[start : zone_word.end() + said.end("w")].strip()})
    if zone_word is not None or re.search(_LOCAL, h.folded):
        return _call(0.78, "set_timezone", {"zone": ""})  # "change mon fuseau", "mets-moi à l'heure locale": where?
    return None


# --- currency -------------------------------------------------------------------------------------------------
_CURRENCY = r"\b(?:devises?|monnaies?|currenc(?:y|ies))\b"
# Expenses named as a whole, with a way to count them: "mets mes dépenses en dollars", "use pounds for expenses"
_SPENDING = (
    r"\b(?:depenses?|expenses?|spending|budget|compta\w*|comptes|achats|paie|paye|je\s+compte|count|pay"
    r"|spend|track)\b"
)
_CURRENCY_NAMES = r"\b(?:dollars?|euros?|livres?|pounds?|francs?|bucks|usd|eur|cad|chf|gbp)\b|[$€£]"


def _currency(h: Heard) -> Candidate | None:
    from shared.users.tools import currency_of

    m = re.search(_CURRENCY, h.folded)
    if m is not None:
        code = currency_of(h.folded[m.end() :]) or currency_of(h.folded[: m.start()])
        if code is not None:
            return _call(0.9, "set_currency", {"currency": code})
        if re.search(_SET_VERB, h.folded):
            return _call(0.78, "set_currency", {})  # "change ma devise": which one?
        return None
    if not re.search(_SPENDING, h.folded) or re.search(r"\d", h.folded):
        return None  # an amount is an expense, not a setting
    if re.search(_CURRENCY_NAMES, h.folded) is None:
        return None
    code = currency_of(h.folded)
    return None if code is None else _call(0.86, "set_currency", {"currency": code})


# --- the settings at a glance, or one of them -----------------------------------------------------------------
_SETTINGS = r"\b(?:reglages?|parametres?|preferences?|settings|config(?:uration)?|options)\b"
_ABOUT = (  # what a question asks about, as people name it
    r"\b(?:heures?\s+(?:calmes?|de\s+silence|tranquilles?)|silence|ne\s+pas\s+deranger|quiet(?:\s+hours?)?"
    r"|do\s+not\s+disturb|dnd|fuseaux?(?:\s+horaires?)?|time\s*zone|timezone|tz|langue|language|devise|monnaie"
    r"|currency|(?:daily\s+)?(?:limit|cap)|limite(?:\s+de\s+(?:messages|sms))?|plafond"
    r"|plan(?:ning)?\s+du\s+(?:matin|jour)|morning\s+plan|briefing"
    rf"|(?:combien\s+de|how\s+many)\s+{_MSG_NOUN})\b"
)
_ASKING = {
    "fr": (
        r"\b(?:c'?est\s+quoi|c\s+quoi|cest\s+quoi|quoi|quel(?:le)?s?|qu'?est[\s-]ce|montre\w*|affiche\w*|donne"
        r"|dis[\s-]*moi|rappelle[\s-]*moi|j'?ai\s+(?:mis|choisi|regle)|t'?as\s+(?:mis|quel\w*)|tu\s+as\s+(?:mis|quel)"
        r"|voir|verifie\w*|actuel\w*|combien)\b"
    ),
    "en": (
        r"\b(?:what'?s?|whats|wats|which|show|tell\s+me|remind\s+me|did\s+i|do\s+(?:u|you)|is\s+my|are\s+my|when"
        r"|check|see|view|current\w*|how\s+many)\b"
    ),
}


def _show(h: Heard, *, valued: bool) -> Candidate | None:
    about = re.search(_ABOUT, h.folded)
    asking = re.search(_ASKING[h.lang], h.folded)
    if re.search(_SETTINGS, h.folded):
        if about is not None and asking and not valued:
            return _call(0.94, "show_settings", {"about": h.text[about.start() : about.end()]})
        polite = re.search(r"\b(?:mes|my|quels?|what|show|montre|affiche|voir|see|list|donne)\b", h.folded)
        return _call(0.85 if polite or asking or "?" in h.text else 0.5, "show_settings", {})
    if about is None or valued:
        return None
    if "?" not in h.text and re.match(rf"\s*(?:(?:please|pls|stp|svp)\s+)?(?:{_SET_VERB}|{_LIMIT_VERB})", h.folded):
        return None  # "limit how many texts you send me", "set a daily limit": a request
    if asking is None:
        mine = re.search(r"\b(?:mes|ma|mon|my)\b", h.folded) and not re.search(rf"{_SET_VERB}|{_LIMIT_VERB}", h.folded)
        if not ("?" in h.text or mine):
            return None
    # "rappelle-moi mes heures calmes", "remind me what my timezone is": above "rappelle-moi …" (create, 0.95)
    recall = re.search(
        r"\b(?:rappelle[\s-]*moi|remind\s+me)\s+(?:(?:what|when|c'est\s+quoi|quel\w*)\s+)?(?:mes|ma|mon|my)\s+$",
        h.folded[: about.start()],
    )
    return _call(0.96 if recall else 0.94, "show_settings", {"about": h.text[about.start() : about.end()]})


# --- reminders that insist ------------------------------------------------------------------------------------
_INSIST = {
    "fr": (
        r"\binsist\w*|\bharcel\w*|\b(?:les|des|de)\s+relances\b|\bme\s+relancer\b"
        r"|\brelance[\s-]*moi\s+(?:toutes|ttes|tous|chaque|jusqu|si|tant|plusieurs|\d+\s*fois|deux|trois|quatre|cinq)"
        r"|\brenvoie[\s-]*(?:le|la|moi)\b"
        r"|\bredis[\s-]*(?:le|la|moi)\b|\bre[\s-]?sonne\w*|\bsonne\s+(?:encore|a\s+nouveau|plusieurs\s+fois)\b"
        r"|\brappelle[\s-]*(?:le|moi)\s+(?:encore|a\s+nouveau|plusieurs\s+fois)\b"
        r"|\bjusqu'?a\s+ce\s+que\s+je\s+(?:le\s+|l'|la\s+)?(?:fasse|reponde|confirme|dise|valide)\b"
        r"|\btant\s+que\s+(?:je\s+|j'?)(?:n'?\s*)?(?:ai\s+)?(?:pas\s+)?(?:repondu|reponds|repond|confirme|fait|valide)\b"
        r"|\bsi\s+je\s+(?:ne\s+|n')?(?:reponds|repond|confirme|reagis|l'?ignore|le\s+fais)\s+pas\b|\bsi\s+j'?ignore\b"
    ),
    "en": (
        r"\binsist\w*|\bescalat\w*|\bnag\w*|\bpester\w*|\bbug(?:ging)?\s+me\b|\bhound\w*\s+me\b"
        r"|\bkeep\s+(?:at\s+it|going|nudging|bugging|pinging|reminding|texting|nagging|asking|pestering|on\s+me)\b"
        r"|\bnudge\s+me\b|\bnudges\b|\bping\s+me\s+again\b|\bremind\s+me\s+again\b|\bre-?ping\b"
        r"|\b(?:until|till|til|untill)\s+i\s+(?:actually\s+|finally\s+)?(?:answer|reply|respond|do\s+it|confirm|say"
        r"|acknowledge|get\s+it\s+done|ack)\b"
        r"|\bif\s+i\s+(?:don'?t|dont|do\s+not|didn'?t|didnt)\s+(?:answer|reply|respond|do\s+it|confirm)\b"
        r"|\bif\s+i\s+ignore\b"
    ),
}
# The person not answering: the heart of insisting
_UNANSWERED = (
    r"\b(?:si\s+je\s+(?:ne\s+|n')?(?:reponds|repond|reagis|l'?ignore)\s+pas|si\s+j'?ignore|tant\s+que|jusqu'?a\s+ce\s+que"
    r"|if\s+i\s+(?:don'?t|dont|do\s+not|didn'?t|didnt|ignore)|until\s+i|till\s+i|til\s+i)\b"
)
_INSIST_WORD = (  # "relancer" alone is following someone up ("relancer le client"): only "me relancer", "les relances"
    r"(?:insist\w*|relances|(?<=me\s)relancer|harcel\w*|nag\w*|nudg\w*|pester\w*|bug\w*|repeat\w*|escalat\w*"
    r"|ping\w*)"
)
_INSIST_OFF = (
    r"\b(?:arrete\w*|stop\w*|plus\s+(?:besoin\s+)?d[e']|pas\s+d[e']|enleve\w*|supprime\w*|desactive\w*|annule\w*"
    r"|no\s+more|turn\s+off|disable|cancel|remove|quit|no\s+need\s+to)"
    rf"(?:\s+|(?<='))(?:de\s+|d'|me\s+|the\s+|les\s+|la\s+|to\s+|with\s+the\s+|my\s+)*(?:\w+\s+)?{_INSIST_WORD}"
    r"|\b(?:don'?t|dont|do\s+not)\s+(?:nag|insist|pester|bug|keep\s+(?:nagging|bugging|pinging|insisting))"
)
# Words around a reminder's name that are not its name
_ABOUT_STOP = (
    r"[.?!,;:()]|\s(?:faut|qu'?il|qui|doit|devrait|toutes?|tous|ttes|chaque|relance\w*|insist\w*|harcel\w*|si|tant"
    r"|jusqu\w*|je|j'|fois|et|stp|svp|max|il|pour|should|needs?|must|has|every|each|until|till|if|keep\w*|and"
    r"|to\s+keep|nag\w*|bug\w*|ping\w*|please|pls|times?|is|i|me|moi|\d+)\b"
)
_REMINDER_FR = (
    r"\brappels?\s+(?:(?:pour|de|des|du|sur|concernant|a\s+propos\s+d[eu])\s+|d'|a\s+propos\s+d')?"
    r"(?:(?:la|le|les|mes|ma|mon|ton|ta|tes|ce|cette)\s+|l')?"
)
_NOT_A_NAME = r"(?:celui[\s-]*(?:la|ci)|ca|ce|cela|ceci|it|this|that|one|this\s+one|that\s+one|la|le)"


def _reminder_about(h: Heard) -> str:
    """The words naming the reminder ("le rappel des médocs", "the bank reminder", "reminder about mom")."""
    if h.lang == "fr":
        m = re.search(_REMINDER_FR, h.folded)
        if m is None:
            return ""
        rest = h.folded[m.end() : m.end() + 60]
        cut = re.search(_ABOUT_STOP, " " + rest)
        words = h.text[m.end() : m.end() + (cut.start() - 1 if cut else len(rest))].strip(" '")
        return "" if re.fullmatch(_NOT_A_NAME, fold_words(words)) else words
    m = re.search(r"\breminders?\s+(?:for|about|to|of|on)\s+(?:the\s+|my\s+)?", h.folded)
    if m is not None:
        rest = h.folded[m.end() : m.end() + 60]
        cut = re.search(_ABOUT_STOP, " " + rest)
        words = h.text[m.end() : m.end() + (cut.start() - 1 if cut else len(rest))].strip(" '")
        if words and not re.fullmatch(_NOT_A_NAME, fold_words(words)):
            return words
    m = re.search(r"\breminders?\b", h.folded)
    if m is None:
        return ""
    before = list(re.finditer(r"[\w']+", h.folded[: m.start()]))
    kept: list[re.Match[str]] = []
    for word in reversed(before[-3:]):
        if re.fullmatch(
            r"the|my|that|this|a|for|make|turn|off|of|on|to|stop|set|with|nudges?|repeat\w*|nag\w*|no|more|your|its?"
            r"|me|about|cancel|disable|remove|keep|please|pls",
            word.group(0),
        ):
            break
        kept.insert(0, word)
    if not kept:
        return ""
    return h.text[kept[0].start() : kept[-1].end()]


def fold_words(words: str) -> str:
    from shared.brains.offline._lexicon import fold

    return " ".join(fold(words).split())


_EVERY = (
    r"\b(?:toutes?\s+les|ttes\s+les|tous\s+les|chaque|every|each|all)\s+"
    rf"{_N}\s*(?P<unit>min\w*|mn|m\b|h\b|heures?|hours?|hrs?)"
)


def _every(h: Heard) -> int | None:
    m = re.search(_EVERY, h.folded)
    if m is not None:
        n = _number(m.group("n"))
        return n * 60 if m.group("unit").startswith("h") else n
    if re.search(r"\b(?:toutes\s+les\s+demi[\s-]?heures?|every\s+half(?:\s+an)?\s+hour|every\s+30)\b", h.folded):
        return 30
    if re.search(r"\b(?:tous\s+les\s+quarts?\s+d'?heures?|every\s+quarter(?:\s+of\s+an)?\s+hour)\b", h.folded):
        return 15
    if re.search(r"\b(?:toutes\s+les\s+heures|chaque\s+heure|every\s+hour|hourly)\b", h.folded):
        return 60
    return None


def _escalate(h: Heard) -> Candidate | None:
    about = _reminder_about(h)
    if re.search(_INSIST_OFF, h.folded):
        args: dict[str, object] = {"off": True}
        if about:
            args["about"] = about
        return _call(0.93, "escalate_reminder", args)  # above "stop le rappel …" (cancel, 0.9)
    if not re.search(_INSIST[h.lang], h.folded):
        return None
    args = {}
    if about:
        args["about"] = about
    every = _every(h)
    if every is not None:
        args["every"] = every
    times = re.search(rf"(?<![\w:]){_N}\s*(?:fois|times|x)\b|\b(?P<twice>twice)\b", h.folded)
    if times is not None:
        args["times"] = 2 if times.group("twice") else _number(times.group("n"))
    known = about or h.situation.just_set or h.situation.rung
    if known and re.search(_UNANSWERED, h.folded):
        # "if i ignore it, remind me again every 10 min" right after a reminder: above "remind me …" (create, 0.95)
        return _call(0.96, "escalate_reminder", args)
    return _call(0.92 if known else 0.88, "escalate_reminder", args)
