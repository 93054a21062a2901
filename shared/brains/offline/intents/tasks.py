"""Offline understanding of tasks and goals, French and English.

- add a task: a marker ("tâche :", "todo", "à faire :", "new task", "add to my todo", "put … on my to do list",
  "…, add it to my tasks"), or an obligation with a deadline ("faut que je trie mes papiers d'ici la fin de la
  semaine", "gotta get a card by sunday"), or a deadline with a priority ("mettre à jour mon CV avant le 20,
  pas urgent"). Deadline, priority and estimate ("(15 min)", "ça prend 10 minutes") are taken out of the title.
- complete one ("j'ai fini la déclaration", "tâche garage terminée", "coche 'changer l'ampoule'", "done with
  taxes", "check off the lightbulb task"), postpone one ("reporte la tâche garage à samedi", "push the garage
  task to saturday"), drop one ("supprime la tâche garage").
- list ("quoi faire aujourd'hui ?", "mes tâches", "what should I do today", "overdue tasks?").
- goals ("objectif : …", "mon but c'est de …", "sous-objectif de 'X' : …", "goal: …"), "mes objectifs", the
  weekly review.

Explicit markers score high; readings from a verb alone ("j'ai fini le garage") score lower, so a reply to a
reminder that just rang keeps its meaning."""

from __future__ import annotations

import re
from datetime import datetime

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold, trimmed
from shared.brains.offline.engine import Candidate, Heard
from shared.tasks.service import deadline_words, estimate_of

OTHER_LISTS = r"courses|grocery|groceries|shopping|supermarche|liste\s+de\s+courses|panier|cart"
BREAK_DOWN = r"decoupe|decouper|break\s+down|break\s+it\s+down|split|etapes|steps|petites\s+etapes"
MY_TOOLS = frozenset({"add_task", "complete_task", "postpone_task", "drop_task", "add_goal", "list_tasks"})
TASK = r"t[aâ]ches?|tasks?|to[\s-]?do(?:\s+list)?|todos?"
TASK_F = r"taches?|tasks?|to[\s-]?do(?:\s+list)?|todos?"
EMOJI = re.compile(r"[\u2600-\u27bf\U0001F000-\U0001FAFF\ufe0f]+")

# --- words, per language (folded: no accents, lowercase) -----------------------------------------------------
ADD_MARKER = {
    "fr": (
        r"^(?:ajoute(?:r)?|mets|met|note)\s+(?:a|dans|sur)\s+(?:ma|mes|la)\s+(?:liste\s+(?:de|"
        r"des)\s+)?(?:taches?|to[\s-]?do(?:\s+list)?)\s*(?P<mod>[^:]*?)\s*:\s*"
        r"|^(?:ajoute(?:r)?\s+)?(?:une\s+)?(?:nouvelle\s+)?(?:tache|todo|to[\s-]?do)\b\s*(?P<mod2>[^:]{0,30}?)\s*:\s*"
        r"|^(?:nouvelle\s+tache|(?:ajoute(?:r)?|rajoute|mets|cree)\s+(?:une\s+|la\s+|cette\s+)?(?:nouvelle\s+)?tache|todo|to[\s-]?do)\b[\s:,-]*"
        r"|^a\s+faire\s*(?P<mod3>[^:]{0,30}?)\s*[:-]\s*"
    ),
    "en": (
        r"^(?:add|put)\s+(?:to|on|in)\s+(?:my\s+|the\s+)?(?:to[\s-]?do(?:\s+list)?|tasks?|"
        r"task\s+list)\s*(?P<mod>[^:]*?)\s*:\s*"
        r"|^(?:add\s+(?:a\s+)?)?(?:new\s+)?(?:(?:high|low|top|urgent|important)(?:[\s-]+priority)?\s+)?"
        r"(?:task|todo|to[\s-]?do)\s*(?P<mod2>[^:]{0,30}?)\s*:\s*"
        r"|^(?:new\s+task|add\s+(?:a\s+)?task|todo|to[\s-]?do)\b[\s:,-]*"
    ),
}
ADD_AROUND = {  # "put X on my to do list", "mets X sur ma liste"
    "fr": (
        r"^(?:ajoute|mets|met|note)\s+(?P<title>.+?)\s+(?:a|dans|sur)\s+(?:ma|mes|"
        r"la)\s+(?:liste\s+(?:de|des)\s+)?(?:taches|tache|to[\s-]?do(?:\s+list)?)\b"
    ),
    "en": r"^(?:add|put)\s+(?P<title>.+?)\s+(?:to|on|in)\s+(?:my|the)\s+(?:to[\s-]?do(?:\s+list)?|tasks|task\s+list)\b",
}
ADD_TAIL = {  # "…, add it to my tasks"
    "fr": (
        r"[\s,;.-]*(?:ajoute|mets|note)[\s-]*(?:la|le|ca|ça)?\s*(?:a|dans|sur)\s+(?:ma|"
        r"mes)\s+(?:liste\s+(?:de\s+)?)?(?:taches?|to[\s-]?do)\s*$"
    ),
    "en": (
        r"[\s,;.-]*(?:add|put)\s+(?:it|this|that)\s+(?:to|on|in)\s+(?:my|the)\s+(?:tasks?|"
        r"to[\s-]?do(?:\s+list)?|task\s+list)\s*$"
    ),
}
OBLIGATION = {
    "fr": (
        r"^(?:(?:il\s+)?faut\s+(?:que\s+)?(?:je|j'|j)\s*|je\s+dois\s+|j'?dois\s+|"
        r"(?:il\s+)?faudrait\s+que\s+(?:je|j'|j)\s*)"
    ),
    "en": (
        r"^(?:i\s+(?:have|need|got)\s+(?:to|2)\s+|i\s+gotta\s+|gotta\s+|i\s+must\s+|i\s+should\s+|"
        r"need\s+to\s+|have\s+to\s+)"
    ),
}
DEADLINE_PREP = {
    "fr": r"avant|d'?ici(?:\s+a)?|pour|pr|au\s+plus\s+tard|dernier\s+delai|jusqu'?a",
    "en": r"by|before|due|no\s+later\s+than|until|till|for",
}
STRONG_PREP = {"fr": r"avant|d'?ici|au\s+plus\s+tard|dernier\s+delai|pour|pr", "en": r"by|before|due|no\s+later"}
PRIORITY = {
    "fr": (
        (
            r"pas\s+(?:tres\s+)?(?:urgent|urgente|presse|pressee|prioritaire)|priorite\s+basse|basse\s+priorite|"
            r"prio\s+basse|quand\s+j'?ai\s+le\s+temps|un\s+de\s+ces\s+jours",
            "low",
        ),
        (
            r"tres\s+urgent|urgentissime|urgente?|prioritaire|importante?|priorite\s+haute|"
            r"haute\s+priorite|prio\s+haute"
            r"|super\s+important",
            "high",
        ),
    ),
    "en": (
        (r"not\s+urgent|no\s+rush|low(?:\s+|-)?prio(?:rity)?(?:\s+task)?|whenever|someday|no\s+hurry", "low"),
        (r"urgent|asap|high(?:\s+|-)?prio(?:rity)?(?:\s+task)?|top\s+priority|important", "high"),
    ),
}
DONE_VERB = {
    "fr": (
        r"(?:j'?\s*ai|j\s+ai|jai)\s+(?:enfin\s+|bien\s+)?(?:fini|termine|boucle|acheve|regle)\s*(?:de\s+|d')?"
        r"|^(?:fini|termine)\s+(?:de\s+|d')?"
        r"|c'?est\s+(?:fait|bon|regle|termine|fini)\s+pour\s+"
        r"|^(?:coche|raye|barre)\s+"
        r"|^marque\s+(?:la\s+)?(?:tache\s+)?"
        r"|^taches?\s+(?:terminee?s?|finie?s?|faite?s?|bouclee?s?|reglee?s?)\s*[:-]\s*"
    ),
    "en": (
        r"(?:i\s+)?(?:just\s+)?(?:finished|completed|done\s+with|did)\s+(?:the\s+|my\s+)?"
        r"|^(?:mark|check\s+off|cross\s+off|tick\s+off)\s+(?:the\s+|my\s+)?"
        r"|^(?:task|todo)\s+(?:done|finished|completed?)\s*[:-]\s*"
    ),
}
DONE_TAIL = {  # "tache garage terminée", "voiture lavée, une tâche de moins", "tu peux rayer la tâche"
    "fr": (
        r"(?:^|\s|:|,)\s*(?::|,)?\s*(?:est\s+)?(?:terminee?s?|finie?s?|faite?s?|bouclee?)\s*$"
        r"|[\s,;.!-]*(?:une\s+tache\s+de\s+moins|tu\s+peux\s+(?:la\s+)?(?:rayer|cocher|barrer)(?:\s+la\s+tache)?"
        r"|raye[\s-]*(?:la|le)?\s*(?:de\s+(?:la|ma)\s+liste)?|coche[\s-]*(?:la|le)|comme\s+faite?)\s*$"
    ),
    "en": (
        r"(?:^|\s|:|,)\s*(?::|,)?\s*(?:is\s+)?(?:done|finished|completed|complete)\s*$"
        r"|[\s,;.!-]*(?:one\s+less\s+task|(?:you\s+can\s+)?(?:cross|check|tick)\s+(?:it|that(?:\s+task)?|this)\s+off"
        r"|(?:you\s+can\s+)?(?:cross|check|tick)\s+off\s+(?:it|that|this|the)?(?:\s*task)?"
        r"|(?:as\s+)?(?:done|complete|completed|finished))\s*$"
    ),
}
POSTPONE_VERB = {
    "fr": (
        r"repouss(?:e|er)|report(?:e|er)|decal(?:e|er)|remet[sz]?|mets|met|deplace|recule|"
        r"ce\s+sera\s+pour|sera\s+pour"
    ),
    "en": r"push|move|bump|reschedule|postpone|delay|will\s+have\s+to\s+wait|has\s+to\s+wait|can\s+wait|do\s+it",
}
DROP_VERB = {  # giving a task up; "raye / cross off" also means done, so they need a giving-up word (CROSS_OUT)
    "fr": (
        r"supprim(?:e|er|ee|es)|suppr?|effac(?:e|er|ee|es)|enlev(?:e|er|ee|es)|retir(?:e|er|ee|es)|annul(?:e|er|ee|es)"
        r"|laisse[sz]?\s+tomber|oubli(?:e|er|ee|es)|abandonn(?:e|er|ee|es)|vir(?:e|er|ee|es)|jett?(?:e|er)|degag(?:e|er)"
        r"|zapp(?:e|er)|rai?ye[rz]?|barr(?:e|er)"
    ),
    "en": (
        r"delete[ds]?|del|remove[ds]?|drop(?:ped)?|forget(?:\s+about)?|scrap(?:ped)?|scratch(?:ed)?|cancel(?:l?ed)?"
        r"|get\s+rid\s+of|kill|ditch|nix|axe|bin|trash|abandon(?:ed)?|take(?=(?:\s+[\w'-]+){0,5}\s+off\b)"
        r"|(?:cross|strike)(?=(?:\s+[\w'-]+){0,5}\s+off\b)|(?:cross|strike)\s+off|can\s+go"
    ),
}
CROSS_OUT = r"rai?ye[rz]?|barr(?:e|er)|cross|strike|cross\s+off|strike\s+off"
NOT_DROP = r"n'?\s*oubli\w*|oubli\w*\s+pas|don'?t\s+forget|dont\s+forget|do\s+not\s+forget|never\s+forget"
# Saying the task will not happen: enough, with a giving-up verb, to mean a task even without the word "task".
GIVE_UP = {
    "fr": (
        r"(?:je|j')\s*(?:ne\s+|n')?(?:le\s+|la\s+|les\s+|l'\s*)?(?:ferai|ferais|fais|vais\s+(?:pas\s+|jamais\s+)?(?:le\s+|la\s+)?faire)"
        r"\s+(?:pas|jamais|plus|rien)(?:\s+(?:de\s+toute\s+facon|finalement))?|jle\s+ferai\s+(?:pas|jamais)"
        r"|(?:je|j')\s*(?:ne\s+|n')?vais\s+(?:pas|jamais|plus)\s+(?:le\s+|la\s+|les\s+|l'\s*)?faire"
        r"|(?:plus|pas)\s+besoin(?:\s+de|\s+d')?|j'?\s*en\s+ai\s+plus\s+besoin|jen\s+ai\s+plus\s+besoin"
        r"|(?:ca|ça)\s+sert\s+(?:plus\s+)?a\s+rien|sert\s+(?:plus\s+)?a\s+rien|ca\s+se\s+fera\s+pas|c'?est\s+mort"
        r"|(?:je\s+)?(?:ne\s+)?(?:le|la)\s+ferai\s+(?:pas|jamais)"
    ),
    "en": (
        r"(?:i'?m|im|i\s+am)\s+(?:not|never)\s+(?:gonna|going\s+to)(?:\s+do(?:\s+it)?)?|not\s+(?:gonna|going\s+to)\s+do(?:\s+it)?"
        r"|(?:i'?m|im|i\s+am)\s+never|(?:i'?m|im|i\s+am)\s+not\s+doing(?:\s+it|\s+that)?|not\s+doing(?:\s+it|\s+that)?"
        r"|never\s+gonna(?:\s+do)?|(?:i\s+)?no\s+longer\s+need(?:\s+to)?(?:\s+do)?|(?:i\s+)?(?:don'?t|dont|do\s+not)\s+need\s+to(?:\s+do)?"
        r"|no\s+need\s+to(?:\s+do)?|not\s+happening|won'?t\s+(?:do|happen)|wont\s+(?:do|happen)"
        r"|(?:not|no\s+longer)\s+needed|(?:don'?t|dont)\s+need\s+(?:it|that|this)"
    ),
}
# Words around the task's name that are not it (blanked before the name is read).
DROP_FILLER = {
    "fr": (
        r"en\s+fait|finalement|bon|ok|okay|alors|du\s+coup|soyons\s+honnetes?|pour\s+etre\s+honnete|honnetement"
        r"|stp|svp|merci|tant\s+pis|on\s+demenage|mdr|lol|😅"
    ),
    "en": (
        r"ok|okay|so|nah|well|nvm|never\s+mind|after\s+all|being\s+honest|to\s+be\s+honest|tbh|honestly|lol|lmao"
        r"|pls|please|plz|thx|thanks|anymore|any\s+more"
    ),
}
# Where the task sits: "de mes tâches", "from my todo list", "la tâche" on its own.
TASK_PLACE = {
    "fr": (
        r"(?:de|dans|sur|a|d')\s*(?:ma|mes|la|les)\s+(?:liste\s+(?:de\s+|des\s+)?)?(?:taches?|to[\s-]?do(?:\s+list)?|todos?)"
        r"|(?:la|cette|ma|une)\s+(?:tache|to[\s-]?do)"
    ),
    "en": (
        r"(?:from|off|of|on|in)\s+(?:my|the)\s+(?:list\s+of\s+tasks|to[\s-]?do(?:\s+list)?|todos?|tasks?(?:\s+list)?|task\s+list|list)"
        r"|(?:that|this|the|my)\s+(?:todo|to-do|task)"
    ),
}
LIST = {
    "fr": (
        r"quoi\s+faire|(?:qu'?est[\s-]ce\s+que\s+)?je\s+dois\s+faire(?:\s+quoi)?\s*\?|je\s+dois\s+faire\s+quoi"
        r"|(?:qu'?est[\s-]?ce\s+que|kes(?:\s+que)?|keske|kesk|kesque|que)\s*(?:je\s+dois|j'?\s*dois|(?:il\s+)?faut\s+que\s+je)"
        r"\s+faire|(?:qu'?est[\s-]?ce\s+que|kes(?:\s+que)?|keske|kesk|kesque)\s*j'?\s*ai\s+a\s+faire"
        r"|j'?\s*ai\s+(?:quoi|koi)\s+a\s+faire|g\s+(?:quoi|koi)\s+a\s+faire"
        r"|(?:il\s+)?me\s+reste\s+quoi\s+a\s+faire|qu'?est[\s-]ce\s+qu'?il\s+me\s+reste\s+a\s+faire|je\s+fais\s+quoi"
        r"|(?:mes|les|ma|quelles?|liste\s+de\s+mes|liste\s+des)\s+(?:taches|tache|to[\s-]?do(?:\s+list)?|todos?)"
        r"|taches\s+en\s+retard|(?:montre|affiche|donne)[\s-]*(?:moi\s+)?(?:ma|mes)\s+(?:to[\s-]?do|taches)"
    ),
    "en": (
        r"(?:what|wat|wut|wht)\s+(?:should|do|can|shall)\s+i\s+(?:need\s+to\s+|have\s+to\s+|gotta\s+|got\s+to\s+)?do"
        r"|(?:what|wat|wut|wht)\s+(?:i\s+)?(?:need|have|got|gotta)\s+(?:to\s+|2\s+)?do|what\s+to\s+do|what'?s\s+left\s+to\s+do|whats\s+left\s+to\s+do"
        r"|what'?s\s+on\s+my\s+(?:to[\s-]?do|task)|whats\s+on\s+my\s+(?:to[\s-]?do|task)"
        r"|(?:my|the|list\s+my|show\s+my|show\s+me\s+my|which|what|wat|any)\s+(?:tasks?|to[\s-]?do(?:\s+list)?|todos?)"
        r"|overdue\s+tasks?|tasks?\s+(?:for|due)\s+(?:today|tomorrow|tmrw|this\s+week)"
    ),
}
LIST_WHEN = {
    "fr": (
        r"aujourd'?hui|aujourd'?hui|ajd|auj|demain|dem|cette\s+semaine|la\s+semaine|semaine|"
        r"ce\s+soir|ce\s+week[\s-]?end"
    ),
    "en": r"today|2day|tonight|tomorrow|tmrw|tmr|2moro|this\s+week|the\s+week|week|this\s+weekend",
}
LIST_ONLY = {"fr": (r"urgent|prioritaire", r"en\s+retard"), "en": (r"urgent|important|priority", r"overdue|late")}
GOAL_MARKER = {
    "fr": (
        r"^(?:ajoute(?:r)?\s+)?(?:un\s+)?(?:nouvel\s+|nouveau\s+)?(?:objectif|but)(?:\s+(?:perso|personnel|pro|"
        r"professionnel|du\s+mois|de\s+l'?annee))?\s*[:-]\s*|^(?:nouvel\s+objectif|nouveau\s+but)\s*:?\s*"
        r"|^(?:mon|un)\s+(?:objectif|but)\s+(?:c'?est|est|ce\s+serait)\s+(?:de\s+|d')?"
        r"|^je\s+(?:veux|voudrais)\s+(?:me\s+)?(?:fixer|donner|definir)\s+(?:un\s+)?(?:objectif|"
        r"but)\s*(?::|de\s+|d')?\s*"
    ),
    "en": (
        r"^(?:add\s+(?:a\s+)?)?(?:new\s+)?(?:(?:personal|work|life|big|monthly|yearly)\s+)?goal\s*[:-]\s*"
        r"|^new\s+goal\s*:?\s*|^(?:my|a)\s+goal\s+(?:is|would\s+be)\s+(?:to\s+)?"
        r"|^i\s+(?:want|'?d\s+like|would\s+like)\s+to\s+set\s+(?:a\s+|myself\s+a\s+)?goal\s*(?::|to\s+|of\s+)?\s*"
    ),
}
SUBGOAL = {
    "fr": r"^sous[\s-]?objectif\s+(?:de|d'|pour|du)\s*(?P<parent>['\"«“]?[^:'\"»”]+['\"»”]?)\s*[:-]\s*(?P<title>.+)$",
    "en": r"^sub[\s-]?goal\s+(?:of|for|under)\s+(?P<parent>['\"“]?[^:'\"”]+['\"”]?)\s*[:-]\s*(?P<title>.+)$",
}
GOAL_NOUN = {"fr": r"objectifs?|obj|buts|mon\s+but|mes\s+buts", "en": r"goals?"}
GOAL_ASK = {  # a request to see them: a question, a show/list verb, "where am I"
    "fr": (
        r"\?|quoi|koi|quels?|quelles?|kel(?:le)?s?|montre\w*|affiche\w*|list\w*|donne[\s-]*moi|voir|revoir|rappelle[\s-]*moi"
        r"|ou\s+j'?\s*en\s+suis|j'?\s*en\s+suis\s+ou|jen\s+suis|t'?\s*as|tu\s+as|ca\s+avance|avancement|progres"
    ),
    "en": (
        r"\?|what|wat|wht|whats|which|show|list|see|view|tell\s+me|remind\s+me|how|progress|where\s+am\s+i|check"
        r"|status|update"
    ),
}
# The weekly review: a review word with the goals or the week.
REVIEW_WORD = {
    "fr": r"revue|passe[rz]?\s+en\s+revue|bilan|point|faire\s+le\s+tour|tour\s+d'?horizon|check[\s-]?in|debrief",
    "en": r"review|check[\s-]?in|go\s+over|look\s+over|go\s+through|run\s+through|recap|debrief|reflect\s+on",
}
WEEKLY = {
    "fr": r"hebdo(?:madaire)?|de\s+(?:la|ma|cette)\s+semaine|de\s+fin\s+de\s+semaine",
    "en": r"weekly|week'?s?|of\s+the\s+week|this\s+week",
}
ARTICLES = {
    "fr": r"(?:la|le|les|l'|ma|mon|mes|ta|ton|cette|ce|une|un|des|du|de|d')",
    "en": r"(?:the|my|that|this|a|an|your)",
}


for _table in (ADD_MARKER, ADD_AROUND, OBLIGATION, DONE_VERB, GOAL_MARKER, SUBGOAL):
    for _lang, _pattern in list(_table.items()):
        _table[_lang] = re.sub(r"(?<!\[)\^", r"^\\s*", _pattern)


def rule(h: Heard) -> list[Candidate]:
    lang = h.lang
    text = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)  # same length: spans line up with h.text
    out: list[Candidate] = []
    pending = _pending(h)
    if pending:
        return pending
    for candidate in (_goal(h, text), _review(h, text), _list(h, text)):
        if candidate is not None:
            out.append(candidate)
    out += _change(h, text)
    added = _add(h, text)
    if added is not None:
        out.append(added)
    del lang
    return out


def _pending(h: Heard) -> list[Candidate]:
    """An answer to a question one of these tools asked: the chosen task, the missing date or title."""
    pending = h.situation.state.pending
    if pending is None or pending.tool not in MY_TOOLS:
        return []
    if h.whole(h.table.DROP) or h.whole(h.table.NO):
        return []  # the pending rule drops it
    args = dict(pending.args)
    if pending.missing == "task_id" and pending.options:
        words = re.findall(r"[\w']+", h.folded)[:4]
        for word in words:
            ordinal = {"premier": 1, "premiere": 1, "first": 1, "deuxieme": 2, "second": 2, "troisieme": 3}
            value = int(word) if word.isdigit() else ordinal.get(word)
            if value is not None and 1 <= value <= len(pending.options):
                args["task_id"] = pending.options[value - 1]
                args.pop("about", None)
                return [Candidate(0.95, f"{pending.tool}.chosen", [ToolCall(pending.tool, args)])]
        return []
    if pending.missing in ("due", "title") and len(h.folded.split()) <= 12:
        args[pending.missing] = h.text.strip()
        return [Candidate(0.9, f"{pending.tool}.filled", [ToolCall(pending.tool, args)])]
    return []


# --- goals ----------------------------------------------------------------------------------------------------
def _goal(h: Heard, text: str) -> Candidate | None:
    lang = h.lang
    sub = re.search(SUBGOAL[lang], text)
    if sub is not None:
        parent = _original(h, sub.start("parent"), sub.end("parent"))
        title = _original(h, sub.start("title"), sub.end("title"))
        args = {"title": _clean_title(title), "parent": parent.strip(" '\"«»“”")}
        return Candidate(0.93, "goal.add", [ToolCall("add_goal", args)])
    m = re.search(GOAL_MARKER[lang], text)
    if m is not None:
        title = _clean_title(_original(h, m.end(), len(h.folded)))
        if title:
            return Candidate(0.92, "goal.add", [ToolCall("add_goal", {"title": title})])
    if h.has(GOAL_NOUN[lang]) and (h.has(GOAL_ASK[lang]) or _only_goals(h)) and not _reviewing(h):
        return Candidate(0.88, "goal.list", [ToolCall("list_goals", {})])
    return None


def _only_goals(h: Heard) -> bool:
    """ "mes objectifs", "my goals pls": the goals named and nothing else."""
    return h.whole(rf"(?:mes|les|my|the|all\s+my|tous\s+mes|toutes\s+mes)?\s*(?:{GOAL_NOUN[h.lang]})") is not None


def _reviewing(h: Heard) -> bool:
    lang = h.lang
    return bool(h.has(REVIEW_WORD[lang]) and (h.has(GOAL_NOUN[lang]) or h.has(WEEKLY[lang])))


def _review(h: Heard, text: str) -> Candidate | None:
    """ "revue hebdo", "bilan de la semaine sur mes objectifs", "time for my weekly goals review". Set at a time or
    every week, it is a reminder (the reminders rule reads it)."""
    from shared.brains.offline.timeparse import parse_time

    lang = h.lang
    if not _reviewing(h) or h.has(r"every|tous\s+les|toutes\s+les|chaque|\d+\s*(?:h|am|pm)|\d+:\d\d"):
        return None
    weekly = re.sub(rf"(?<![\w'])(?:{WEEKLY[lang]})(?![\w])", lambda m: " " * len(m.group()), h.folded)
    timed = parse_time(weekly, now=h.situation.said, lang=lang) is not None
    goals = h.has(GOAL_NOUN[lang]) is not None
    strong = goals or h.has(r"revue|review|check[\s-]?in") is not None  # "bilan / point de la semaine" alone: weaker
    score = 0.6 if timed else 0.9 if strong else 0.7
    return Candidate(score, "goal.review", [ToolCall("review_goals", {})])


# --- lists ----------------------------------------------------------------------------------------------------
def _list(h: Heard, text: str) -> Candidate | None:
    lang = h.lang
    if not h.has(LIST[lang]):
        return None
    asking = h.asks() or h.has(r"quoi|koi|quel|quelle|quelles|what|which|wat|whats|show|list|liste|montre|mes|my")
    if not asking and not re.fullmatch(rf"(?:{LIST[lang]})[\s?!.]*", text):
        return None
    if _is_add(h, text) or (h.has(DONE_VERB[lang].replace("^", "")) and not h.has(r"quoi|what|which")):
        return None
    if h.has(BREAK_DOWN) or h.has(OTHER_LISTS):
        return None
    args: dict[str, str] = {}
    when = re.search(rf"(?<![\w'])(?:{LIST_WHEN[lang]})(?![\w])", text)
    if when is not None:
        args["when"] = _original(h, when.start(), when.end())
    urgent, overdue = LIST_ONLY[lang]
    if re.search(rf"\b(?:{overdue})\b", text):
        args["only"] = "overdue"
    elif re.search(rf"\b(?:{urgent})\b", text):
        args["only"] = "urgent"
    return Candidate(0.88, "task.list", [ToolCall("list_tasks", args)])


# --- complete, postpone, drop -----------------------------------------------------------------------------------
def _change(h: Heard, text: str) -> list[Candidate]:
    lang = h.lang
    if h.asks():  # "where did i park", "quand est-ce que j'ai fini les impôts": a question changes nothing
        return []
    task_word = re.search(rf"(?<![\w])(?:{TASK_F})(?![\w])", text) is not None
    out: list[Candidate] = []
    dropped = _drop(h, text)
    if dropped is not None:
        return [dropped]
    # Postpone: a move verb and a new date, about a task.
    verb = re.search(rf"(?<![\w'])(?:{POSTPONE_VERB[lang]})(?![\w])", text)
    if verb is not None and (task_word or (lang == "fr" and verb.group(0).startswith(("report", "repouss")))):
        until, until_span = _last_time(h, text, verb.end())
        about = _task_name(h, text, exclude=[(verb.start(), verb.end()), until_span])
        if until and about:
            score = 0.93 if task_word else 0.78
            out.append(Candidate(score, "task.postpone", [ToolCall("postpone_task", {"about": about, "until": until})]))
            return out
    # Complete: a done verb before, or a done word after, the task's name.
    done = re.search(DONE_VERB[lang], text)
    tail = re.search(DONE_TAIL[lang], text)
    quoted = re.search(r"(?<![\w])['\"«“]\s*(?P<q>.{2,})\s*['\"»”](?![\w])", h.text)
    if done is not None or tail is not None:
        if quoted is not None:
            about = quoted.group("q").strip()
        else:
            start = done.end() if done is not None else 0
            end = tail.start() if tail is not None else len(text)
            if done is not None and tail is not None and tail.start() < done.end():
                end = len(text)
            about = _task_name(h, text[:end], start=start)
        elsewhere = h.has(OTHER_LISTS) or h.has(h.table.REMINDER_WORD)
        named = [w for w in re.findall(r"[^\W\d_]{2,}|\d+", fold(about)) if w not in _NO_NAME]
        if not named:
            about = ""  # "c fait", "c'est fait", "it's done": no task named (right after a reminder rang, the reply)
        if about and not elsewhere and not _is_add(h, text) and not h.asks() and not h.has(r"quoi|what|which"):
            strong = task_word or (done is not None and re.match(r"^(?:coche|raye|barre|check|cross|tick|mark)", text))
            score = 0.9 if strong else 0.72 if done is not None else 0.5
            out.append(Candidate(score, "task.complete", [ToolCall("complete_task", {"about": about})]))
    return out


_NO_NAME = frozenset({"est", "cest", "ca", "cela", "tout", "it", "its", "that", "this", "all", "everything"})


# --- drop --------------------------------------------------------------------------------------------------------
_OTHER_DOMAIN = (
    r"rappels?|reminders?|notes?|rdv|rendez[\s-]?vous|agenda|calendrier|calendar|events?|evenements?|appointments?"
    r"|courses|groceries|shopping|depenses?|expenses?|recettes?|recipes?|objectifs?|goals?|lieux|places?"
)
_NAME_STOP = {  # words that end a task's name read after "tâche"
    "fr": {"je", "j", "on", "il", "elle", "ils", "nous", "vous", "tu", "c", "ca", "car", "parce", "puisque", "vu"}
    | {"et"},
    "en": {"i", "im", "we", "we're", "were", "my", "it's", "its", "because", "cause", "coz", "since", "as"},
}
_EDGE = {
    "fr": {
        "le",
        "la",
        "les",
        "l",
        "ma",
        "mon",
        "mes",
        "ta",
        "ton",
        "cette",
        "ce",
        "cet",
        "une",
        "un",
        "des",
        "du",
        "de",
        "d",
        "a",
        "au",
        "aux",
        "truc",
        "trucs",
        "chose",
        "histoire",
        "machin",
        "tache",
        "taches",
        "todo",
        "to",
        "do",
        "liste",
        "ca",
        "ça",
        "tout",
        "moi",
        "y",
        "en",
        "et",
        "pour",
        "sur",
        "avec",
    },
    "en": {
        "the",
        "my",
        "that",
        "this",
        "a",
        "an",
        "your",
        "it",
        "them",
        "those",
        "these",
        "thing",
        "things",
        "stuff",
        "task",
        "tasks",
        "todo",
        "todos",
        "to",
        "do",
        "list",
        "off",
        "about",
        "of",
        "for",
        "on",
        "from",
        "and",
        "with",
        "all",
        "whole",
        "idea",
    },
}


def _drop(h: Heard, text: str) -> Candidate | None:
    """Giving a task up: a giving-up verb and the task word ("supprime la tâche impôts", "remove X from my tasks"),
    or a giving-up verb and a giving-up sentence without it ("laisse tomber le garage, je le ferai pas")."""
    lang = h.lang
    if re.search(NOT_DROP, text):
        return None
    verbs = [m for m in re.finditer(rf"(?<![\w'])(?:{DROP_VERB[lang]})(?![\w])", text)]
    give_up = re.search(rf"(?<![\w'])(?:{GIVE_UP[lang]})(?![\w])", text)
    if give_up is None:
        verbs = [v for v in verbs if not re.fullmatch(CROSS_OUT, v.group(0))]
    task_word = re.search(rf"(?<![\w])(?:{TASK_F})(?![\w])", text) is not None
    if not verbs and not (task_word and give_up is not None):
        return None
    about = _dropped_name(h, text, verbs[0] if verbs else None)
    if not about:
        return None
    # Another domain's noun outside the task's name ("supprime le rappel de la tâche") makes it doubtful.
    at = h.text.find(about)
    rest = text[:at] + " " + text[at + len(about) :] if at >= 0 else text
    elsewhere = re.search(rf"(?<![\w'])(?:{_OTHER_DOMAIN}|{OTHER_LISTS})(?![\w])", rest) is not None
    if task_word:
        score = 0.95 if not elsewhere else 0.6
    elif verbs and give_up is not None and not elsewhere:
        score = 0.72
    else:
        return None
    return Candidate(score, "task.drop", [ToolCall("drop_task", {"about": about})])


def _dropped_name(h: Heard, text: str, verb: re.Match[str] | None) -> str:
    """The task's name in a drop request: quoted, after "tâche" / before "task", between the verb and "from my
    tasks", else the longest clause left once the request's own words are blanked out."""
    lang = h.lang
    quoted = re.search(r"(?<![\w])['\"«“]\s*(?P<q>.{2,}?)\s*['\"»”](?![\w])", h.text)
    if quoted is not None:
        return quoted.group("q").strip()
    marks = list(text)

    def blank(pattern: str, char: str) -> None:
        for m in re.finditer(rf"(?<![\w'])(?:{pattern})(?![\w])", text):
            marks[m.start() : m.end()] = char * (m.end() - m.start())

    blank(GIVE_UP[lang], "|")
    blank(DROP_VERB[lang], "|")
    blank(TASK_PLACE[lang], "|")
    blank(DROP_FILLER[lang], " ")
    masked = "".join(marks)
    # After "tâche" (French) / before "task" (English).
    if lang == "fr":
        for noun in re.finditer(r"(?<![\w])taches?\s+", text):
            m = re.match(r"(?P<rest>[^|,;:.!?()]+)", masked[noun.end() :])
            if m is None:
                continue
            rest_start, rest_end = noun.end() + m.start("rest"), noun.end() + m.end("rest")
            words = _span_words(h, masked, rest_start, rest_end)
            kept: list[tuple[int, int]] = []
            for a, b in words:
                if h.folded[a:b].strip("'") in _NAME_STOP["fr"] or len(kept) >= 6:
                    break
                kept.append((a, b))
            name = _trimmed(h, kept)
            if name:
                return name
    else:
        for m in re.finditer(r"(?<![\w])(?:tasks?|todos?|to-dos?)(?![\w])", text):
            before = re.search(r"[^|,;:.!?()]*$", masked[: m.start()])
            if before is None:
                continue
            words = _span_words(h, masked, before.start(), m.start())
            kept = []
            for a, b in reversed(words):
                word = h.folded[a:b].strip("'")
                if word in {"the", "my", "that", "this", "your", "a", "an", "about"} or len(kept) >= 4:
                    break
                kept.insert(0, (a, b))
            name = _trimmed(h, kept)
            if name:
                return name
    # Between the verb and where the task sits: "enlève X de mes tâches", "remove X from my tasks".
    if verb is not None:
        place = re.search(rf"(?<![\w'])(?:{TASK_PLACE[lang]})(?![\w])", text[verb.end() :])
        if place is not None:
            name = _trimmed(h, _span_words(h, masked, verb.end(), verb.end() + place.start()))
            if name:
                return name
    # The longest clause left.
    clauses = [_trimmed(h, _span_words(h, masked, m.start(), m.end())) for m in re.finditer(r"[^|,;:.!?()]+", masked)]
    return max(clauses, key=lambda c: len(c.split()), default="")


def _span_words(h: Heard, masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words of masked[start:end] (emojis left out)."""
    return [(start + w.start(), start + w.end()) for w in re.finditer(r"[\w][\w'’-]*", masked[start:end])]


def _trimmed(h: Heard, words: list[tuple[int, int]]) -> str:
    """The person's words from the first to the last span, without articles, pronouns and joiners at the ends."""
    return trimmed(h.text, h.folded, words, _EDGE[h.lang])


def _last_time(h: Heard, text: str, after: int) -> tuple[str, tuple[int, int]]:
    """The last date said after `after`, as deadline words ("samedi", "tomorrow"), and its span."""
    from shared.brains.offline.time import parse

    said = h.situation.said
    mentions = [m for m in parse(h.text, now=said, lang=h.lang) if m.value is not None and m.end > after]
    if not mentions:
        mentions = [m for m in parse(h.text, now=said, lang=h.lang) if m.value is not None]
    if not mentions:
        return "", (0, 0)
    last = mentions[-1]
    start = last.start
    prep = re.search(r"(?:\b(?:a|au|pour|to|till|until|til|for|on)\s+|jusqu'?au\s+)$", h.folded[: last.start])
    if prep is not None:
        start = prep.start()
    words = h.text[last.start : last.end].strip()
    return deadline_words(words, said=said, lang=h.lang), (start, last.end)


def _task_name(h: Heard, text: str, *, start: int = 0, exclude: list[tuple[int, int]] | None = None) -> str:
    """The words naming a task: after "tâche" or before "task", else what is left once verbs, dates and
    articles are gone."""
    lang = h.lang
    quoted = re.search(r"(?<![\w])['\"«“]\s*(?P<q>.{2,})\s*['\"»”](?![\w])", h.text)
    if quoted is not None:
        return quoted.group("q").strip()
    chars = list(text)
    for a, b in exclude or []:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = " "
    cleaned = "".join(chars)[start:]
    if lang == "fr":
        m = re.search(
            r"(?<![\w])(?:taches?)\s+(?P<name>[\w'-]+(?:\s+(?!a\b|au\b|pour\b|comme\b|:)[\w'-]+){0,2})", cleaned
        )
    else:
        m = re.search(rf"(?:{ARTICLES['en']}\s+)?(?P<name>[\w'-]+(?:\s+[\w'-]+)?)\s+tasks?\b", cleaned)
    if m is not None:
        name = _strip_words(m.group("name"), lang)
        if name:
            return _as_written(h, name)
    return _as_written(h, _strip_words(cleaned, lang))


def _as_written(h: Heard, folded_words: str) -> str:
    """The person's own spelling of words found in the folded text (accents kept: "vélo", not "velo")."""
    at = h.folded.find(folded_words) if folded_words else -1
    return h.text[at : at + len(folded_words)] if at >= 0 else folded_words


_FILLER = {
    "fr": set(
        [
            "la",
            "le",
            "les",
            "l",
            "ma",
            "mon",
            "mes",
            "ta",
            "ton",
            "cette",
            "ce",
            "une",
            "un",
            "des",
            "du",
            "de",
            "d",
            "a",
            "au",
            "aux",
            "tache",
            "taches",
            "todo",
            "liste",
            "comme",
            "faite",
            "fait",
            "terminee",
            "termine",
            "tu",
            "peux",
            "pas",
            "le",
            "temps",
            "pour",
            "aujourd",
            "hui",
            "aujourd'hui",
            "stp",
            "svp",
            "merci",
            "ok",
            "j",
            "ai",
            "jai",
            "enfin",
            "bien",
            "est",
            "sera",
        ]
    ),
    "en": set(
        [
            "the",
            "my",
            "that",
            "this",
            "a",
            "an",
            "your",
            "task",
            "tasks",
            "todo",
            "to",
            "do",
            "list",
            "as",
            "it",
            "off",
            "you",
            "can",
            "i",
            "just",
            "one",
            "less",
            "pls",
            "please",
            "thanks",
            "ok",
            "no",
            "time",
            "for",
            "today",
            "is",
            "will",
            "have",
            "wait",
        ]
    ),
}


def _strip_words(words: str, lang: str) -> str:
    tokens = [w for w in re.split(r"[\s,;:!?.()]+", words) if w]
    while tokens and tokens[0].strip("'") in _FILLER[lang]:
        tokens.pop(0)
    while tokens and tokens[-1].strip("'") in _FILLER[lang]:
        tokens.pop()
    return " ".join(tokens)


# --- adding -----------------------------------------------------------------------------------------------------
_REPORT = (  # "tâche terminée : impôts", "task done: taxes" report on a task, they add none
    r"(?<![\w'])(?:terminee?s?|finie?s?|faite?s?|bouclee?s?|reglee?s?|annulee?s?|abandonnee?s?|supprimee?s?"
    r"|done|finished|completed?|dropped|cancell?ed|scrapped)(?![\w])"
)


def _is_add(h: Heard, text: str) -> bool:
    lang = h.lang
    if re.search(DONE_TAIL[lang], text):
        return False
    marker = re.search(ADD_MARKER[lang], text)
    if marker is not None and any(re.search(_REPORT, marker.group(g) or "") for g in marker.re.groupindex):
        return False
    return bool(
        re.search(ADD_MARKER[lang], text) or re.search(ADD_AROUND[lang], text) or re.search(ADD_TAIL[lang], text)
    )


def _add(h: Heard, text: str) -> Candidate | None:
    lang = h.lang
    if (h.has(h.table.QUESTION) and "?" in h.text) or re.search(DONE_TAIL[lang], text):
        return None
    body = text  # spans line up with h.text
    start, end = 0, len(body)
    score = 0.0
    modifier = ""
    title_span: tuple[int, int] | None = None
    around = re.search(ADD_AROUND[lang], body)
    marker = re.search(ADD_MARKER[lang], body)
    tail = re.search(ADD_TAIL[lang], body)
    if around is not None:
        title_span = (around.start("title"), around.end("title"))
        start, score = around.start("title"), 0.9
        modifier = body[around.end() :]
    elif marker is not None:
        start, score = marker.end(), 0.9
        modifier = next((marker.group(g) for g in ("mod", "mod2", "mod3") if marker.groupdict().get(g)), "") or ""
        if re.search(_REPORT, modifier):
            return None
    elif tail is not None:
        end, score = tail.start(), 0.9
    obligation = re.search(OBLIGATION[lang], body[start:].lstrip())
    if obligation is not None:
        start += len(body[start:]) - len(body[start:].lstrip()) + obligation.end()
    segment = h.text[start:end] if title_span is None else h.text[title_span[0] : title_span[1]]
    rest = h.text[title_span[1] :] if title_span is not None else ""
    # Priority and estimate words out of the title.
    priority = ""
    for pattern, level in PRIORITY[lang]:
        if not priority and re.search(rf"(?<![\w]){pattern}(?![\w])", text):
            priority = level
    segment = _without_priority(segment, lang)
    minutes, segment = estimate_of(segment)
    # The deadline: from the modifier ("tâche pour demain :"), the rest, or inside the title.
    due, segment, strong = _deadline(h, segment, extra=f"{modifier} {rest}")
    title = _clean_title(segment)
    if not title or _not_a_title(title):
        return None
    if score == 0.0:
        # No marker: an obligation with a deadline, or a deadline with a priority, is a task.
        if not due or not strong:
            return None
        if obligation is not None:
            score = 0.85
        elif priority:
            score = 0.84
        else:
            score = 0.66
    args: dict[str, object] = {"title": title}
    if due:
        args["due"] = due
    if priority:
        args["priority"] = priority
    if minutes:
        args["estimate_minutes"] = minutes
    return Candidate(score, "task.add", [ToolCall("add_task", args)])


_PRONOUN_TITLE = re.compile(
    r"(?:tout\s+)?(?:ca|ça|cela|ceci|ces?|les|le|la|tout|celle[\s-]?ci|celui[\s-]?ci|ceux[\s-]?ci)"
    r"|(?:all\s+)?(?:it|that|this|them|these|those|all|everything|all\s+of\s+(?:it|them|that))"
)
_STEPS_TITLE = re.compile(
    r"^(?:les|ces|des|the|these|those|some)?\s*(?:petites?\s+|small\s+|little\s+)?"
    r"(?:etapes|sous[\s-]?taches|steps|sub[\s-]?tasks)\b"
)


def _not_a_title(title: str) -> bool:
    """A pronoun ("tout ça", "them") or the steps just shown are no task of their own (add_steps reads those)."""
    folded = _fold(title).strip(" .!?")
    return _PRONOUN_TITLE.fullmatch(folded) is not None or _STEPS_TITLE.match(folded) is not None


def _fold(text: str) -> str:
    from shared.brains.offline._lexicon import fold

    return fold(text)


def _without_priority(segment: str, lang: str) -> str:
    folded = _fold(segment)
    for pattern, _ in PRIORITY[lang]:
        for m in reversed(list(re.finditer(rf"[\s,;-]*(?<![\w]){pattern}(?![\w])(?:\s+(?:task|tache))?", folded))):
            segment = segment[: m.start()] + segment[m.end() :]
            folded = folded[: m.start()] + folded[m.end() :]
    return segment


_END_WORDS = {
    "fr": r"(?:(?:d'?ici|avant|pour)\s+)?(?:la\s+)?fin\s+(?:de\s+(?:la\s+)?semaine|du\s+mois|de\s+mois)",
    "en": r"(?:(?:by|before|until|till)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:week|month)|(?:by\s+)?eo[wm]",
}


def _deadline(h: Heard, segment: str, *, extra: str) -> tuple[str, str, bool]:
    """(deadline words the time parser reads, the segment without them, whether a deadline word such as
    "avant" / "by" / "d'ici" introduced them). A clock time or a part of the day is not a deadline: ("", …)."""
    lang = h.lang
    said: datetime = h.situation.said
    folded = _fold(segment)
    end = re.search(rf"(?<![\w]){_END_WORDS[lang]}(?![\w])", folded)
    if end is not None:
        words = deadline_words(segment[end.start() : end.end()], said=said, lang=lang)
        return words, segment[: end.start()] + segment[end.end() :], True
    from shared.brains.offline.time import parse

    for source, is_segment in ((segment, True), (extra, False)):
        if not source.strip():
            continue
        mentions = [
            m
            for m in parse(source, now=said, lang=lang)
            if m.value is not None and m.kind in ("instant", "open_interval")
        ]
        if not mentions:
            continue
        mention = mentions[-1]
        if mention.has_clock_time or mention.said & {"part", "clock", "rel"}:
            return "", segment, False
        start = mention.start
        prep = re.search(rf"(?:(?<![\w])(?:{DEADLINE_PREP[lang]}|le|the|on)\s+)+$", _fold(source[: mention.start]))
        if prep is not None:
            start = prep.start()
        strong = re.match(rf"(?:{STRONG_PREP[lang]})\b", _fold(source[start:])) is not None
        words = deadline_words(source[start : mention.end], said=said, lang=lang)
        if is_segment:
            segment = segment[:start] + segment[mention.end :]
        return words, segment, strong
    return "", segment, False


def _clean_title(words: str) -> str:
    """Punctuation, emojis and leftover joiners off both ends."""
    words = EMOJI.sub(" ", words)
    words = re.sub(r"\s+", " ", words).strip(" ,;:.!-–—\"'«»“”")
    words = re.sub(r"^(?:et|and|ok|alors|so)\s+", "", words, flags=re.IGNORECASE)
    words = re.sub(r"[\s,;:-]+(?:t[aâ]che|task)$", "", words, flags=re.IGNORECASE)
    return words.strip(" ,;:.!-")


def _original(h: Heard, start: int, end: int) -> str:
    """The person's own text for a span of the folded text (they line up one character for one)."""
    return h.text[start:end].strip()
