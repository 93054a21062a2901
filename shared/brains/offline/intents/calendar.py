"""Offline understanding of the calendar slice's requests, French and English.

- Add an event: said to the calendar ("mets dans mon agenda…", "add to calendar…", "agenda: …"), or said as
  something the person has ("j'ai un rdv jeudi 15h…", "i've got PT next wednesday at 6pm"), or a time range
  ("réunion demain de 10h à 11h30"), or an event at a place ("anniversaire de Léa samedi 15h au parc…").
  A bare "rdv coiffeur sam 10h" stays a reminder (the corpus reads it so): the event reading scores lower.
  "rappelle-moi…" is never an event.
- List: "qu'est-ce que j'ai dans mon agenda jeudi ?", "mes rdv de la semaine", "am i free wednesday?".
- Cancel or move one: "annule le rdv chez le dentiste", "décale la réunion à 16h", or "annule ça" / "plutôt
  16h" right after an event was added.
"""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.time import parse

_CAL = r"agenda|calendrier|calendar|cal|planning|schedule"
_CAL_VERB = (
    r"mets|met|mettre|ajoute|ajouter|note|noter|inscris|inscrire|rajoute|enregistre|put|add|pop|stick|save|throw"
    r"|place|schedule"
)
_CAL_TAIL = (
    r"(?:(?:dans|sur|a|au|à|to|on|in|into)\s+)(?:(?:mon|ma|l'|le|the|my)\s*)?"
    r"(?:agenda|calendrier|calendar|cal|planning)"
)
_ADD_TO_CAL = (
    rf"(?:{_CAL_VERB})(?:[\s-]*(?:le|la|les|l'|ca|ça|it|this|that|moi|me))?\s+{_CAL_TAIL}"
    r"|^\s*(?:agenda|calendrier|calendar|cal)\s*:"
)
_NOUN = (
    r"rdv|rendez[\s-]?vous|reunion|meeting|mtg|appt|appts|appointment|entretien|interview|diner|dej|dejeuner"
    r"|dinner|lunch|brunch|anniv|anniversaire|bday|birthday|party|fete|soiree|concert|spectacle|match|cours|class"
    r"|seance|session|consultation|visite|mariage|wedding|show|conference|visio|event|evenement|kine|physio|pt"
    r"|psy|dentiste|dentist|medecin|doctor|docteur|ostéo|osteo|yoga|piscine|sport|gym|cine|cinema|movie|resto"
    r"|restaurant|apero|drinks|date|rencontre|atelier|workshop|formation|training|exam|examen|garde|permanence"
)
_HAVE = {
    "fr": r"(?:j'?ai|g|jai|on\s+a|nous\s+avons)\s+(?:un\s+|une\s+|1\s+|mon\s+|ma\s+|le\s+|la\s+|l')?",
    "en": r"(?:i\s+have|i'?ve\s+got|ive\s+got|i\s+got|i\s+have\s+got|we\s+have|we'?ve\s+got|got)\s+"
    r"(?:a\s+|an\s+|my\s+|the\s+|1\s+)?",
}
_NOT_HAVE = {  # "j'ai oublié", "j'ai à faire", "i have to": not an event
    "fr": r"(?:j'?ai|jai|g)\s+(?:a\s|à\s|pas\b|plus\b|rien\b|besoin\b|envie\b|oublie|fini|fait|pris|paye|depense|achete"
    r"|mis|eu\b|ete\b|vu\b|dit\b|recu|quoi\b|des\s+rdv\b|des\s+rendez)",
    "en": r"(?:i\s+have|i'?ve\s+got|ive\s+got|i\s+got|got)\s+(?:to\b|2\b|no\b|nothing\b|any\b|been\b|done\b|paid\b|"
    r"bought\b|spent\b|forgot\b)",
}
_REMIND = r"rappel|rapel|rappelle|rappeler|remind|reminder|rmd|n'?oublie|forget|4get"
_QUESTION = {
    # (Engine.has puts these on word boundaries itself: a word asks anywhere in the message, "c quoi mon rdv")
    "fr": r"\?|(?:quoi|koi|quel|quels|quelle|quelles|est[\s-]ce|qu'?est[\s-]ce|c'?est\s+quand|combien)\b"
    r"|(?:je\s+suis|suis[\s-]je|j'?suis)\s+(?:libre|dispo|disponible|pris|prise|occupee?)",
    "en": r"\?|(?:what'?s?|whats|wat|when|which|any|am\s+i|do\s+i|have\s+i)\b",
}
# A message that opens by asking ("c quoi", "c'est quand", "what's", "when is") is never an event to add.
_ASKING_LEAD = (
    r"\s*(?:c'?est\s+(?:quoi|koi|quand)|c\s+(?:quoi|koi|quand)|quoi|koi|quel\w*|quand|qu'?est[\s-]ce"
    r"|what'?s|whats|wat|when'?s|when|which|do\s+i|have\s+i|am\s+i)\b"
)
_LIST = {
    "fr": r"montre|affiche|liste|voir|prochains?|prochaines?|mes\s+(?:rdv|rendez[\s-]?vous|evenements|reunions)",
    "en": r"show|list|see|upcoming|next|my\s+(?:appts?|appointments|events|meetings|schedule|calendar)",
}
_FREE = {
    "fr": r"(?:je\s+suis|suis[\s-]je|j'?suis|chui|suis)\s+(?:libre|dispo|disponible|pris|prise|occupee?)"
    r"|qu'?est[\s-]ce\s+qui\s+(?:est\s+)?prevu|qu'?est[\s-]ce\s+qu'?il\s+y\s+a\s+de\s+prevu|c'?est\s+quoi\s+le\s+planning",
    "en": r"am\s+i\s+(?:free|busy|available)|what'?s\s+happening|whats\s+happening|what'?s\s+going\s+on"
    r"|(?:what'?s|whats|wats|anything)\s+on(?!\s+(?:my|the|your)\s+(?!calendar|schedule|agenda|cal\b))",
}
_WHAT_HAVE = {
    "fr": r"(?:qu'?est[\s-]ce\s+que\s+j'?ai|j'?ai\s+quoi|jai\s+quoi|g\s+quoi|j'?ai\s+des\s+(?:rdv|rendez[\s-]?vous)"
    r"|j'?ai\s+(?:qqch|quelque\s+chose))",
    "en": r"(?:what\s+do\s+i\s+have|wat\s+do\s+i\s+have|what\s+have\s+i\s+got|do\s+i\s+have\s+(?:any|anything)"
    r"|have\s+i\s+got\s+(?:any|anything)|any\s+(?:appts?|appointments|events|meetings))",
}
_EVENTS_PLURAL = (
    r"rdvs?|rendez[\s-]?vous|evenements?|events?|appts|appointments|meetings|reunions|agenda|calendrier|calendar"
    r"|schedule|planning"
)
_EVERY = r"chaque|tous\s+les|toutes\s+les|every|each|daily|weekly|quotidien|quotidienne"
_NOT_EVENTS = {  # sending a plan, quiet hours: the settings' and the planner's
    "fr": r"envoie|envoyer|ecris|ecrire|m'?ecris|texto|sms|calmes?|silence|dors|dodo|reveille|taches?|courses",
    "en": r"send|text|texting|write|quiet|silence|sleep|sleeping|wake|tasks?|todo|groceries",
}
_OTHER_THING = r"(?:ma|mon|my|la|the|une|a)\s+notes?|notes|taches?|tasks?|to[\s-]?dos?|recettes?|recipes?"
_STRONG_NOUN = (
    r"rdv|rendez[\s-]?vous|reunion|meeting|mtg|appt|appointment|entretien|interview|consultation|event|evenement"
    r"|agenda|calendrier|calendar"
)
_CANCEL = (
    r"annul(?:e|er|ee|ees|es)?|l'?enlever|supprim(?:e|er|ee)|suppr|efface[rz]?|enleve[rz]?|retire[rz]?|vire[rz]?|raye[rz]?"
    r"|cancel+(?:l?ed)?|canceled|cancelled|delete[ds]?|remove[ds]?|drop|scrap|call(?:ed)?\s+off|scratch|clear"
    r"|take\s+(?:it|that|this)\s+off|(?:is|was|are)\s+off|(?:j'?irai|je\s+vais|on\s+va|j'?vais)\s+pas|not\s+going"
    r"|plus\s+de"
)
_MOVE = (
    r"decale[rse]?|deplace[rse]?|repousse[rse]?|reporte[rse]?|avance[rse]?|bouge[rs]?|change[rz]?|passe|modifie[rz]?"
    r"|move[ds]?|reschedule[ds]?|push(?:ed)?|postpone[ds]?|shift(?:ed)?|bump(?:ed)?|update|mets?\s+a\s+jour"
    r"|(?:is|are)\s+(?:now\s+)?(?:at|on)|now\s+at|c'?est\s+(?:finalement|maintenant|plutot|desormais)"
    r"|finalement|plutot|en\s+fait|actually|instead|make\s+it"
)
_EVENT_NOUN = (
    rf"{_STRONG_NOUN}|cal|diner|dinner|dej|dejeuner|lunch|brunch|concert|spectacle|show|anniv|anniversaire|bday"
    r"|birthday|fete|party|soiree|yoga|kine|physio|pt|physical\s+therapy|cours|class|seance|session|visite|match"
    r"|cine|cinema|movie|resto|apero|drinks|mariage|wedding|conference|visio|atelier|workshop|formation|exam"
)
# Appointments named by who sees you: events when moved ("décale le dentiste à jeudi"), kept apart from
# _EVENT_NOUN so that "passe chez le coiffeur" or "en fait dentiste demain" stays a reminder.
_APPOINTMENT = (
    r"dentiste|dentist|medecin|doctor|docteur|doc|generaliste|osteo|psy|psychologue|psychiatre|therapist|therapy"
    r"|therapie|coiffeur|coiffeuse|hairdresser|haircut|barber|barbier|veto|veterinaire|vet|orthodontiste"
    r"|orthodontist|orthophoniste|ophtalmo|opticien|optician|gyneco|dermato|pediatre|pediatrician|sage[\s-]femme"
    r"|massage|manucure|nails|check[\s-]?up|bilan|prise\s+de\s+sang|blood\s+test|radio|x[\s-]?ray|irm|mri|echo"
    r"|notaire|avocat|lawyer|comptable|accountant"
)
_CORRECTION = {
    "fr": r"(?:non\s*,?\s*)?(?:plutot|en\s+fait|finalement|oups|je\s+voulais\s+dire)",
    "en": r"(?:no\s*,?\s*)?(?:actually|rather|make\s+it|i\s+meant|oops|instead)",
}
_UNDO = {
    "fr": r"annule(?:[\s-]*(?:le|la|ca|ça|ce\s+rdv))?|laisse\s+tomber\s+ce\s+rdv|efface(?:[\s-]*(?:le|la|ca|ça))?",
    "en": r"cancel(?:\s+(?:it|that|this))?|scratch\s+that|undo|delete\s+(?:it|that)|never\s*mind\s+that",
}
_PLACE_LEAD = {
    "fr": r"(?:au|aux|a\s+la|à\s+la|a\s+l'|à\s+l'|@|dans\s+le|dans\s+la|à|a)\s+",
    "en": r"(?:at\s+the|at|@|in\s+the)\s+",
}
_ADDRESS = (
    r"\d+\s*,?\s*(?:bis\s+|ter\s+)?(?:rue|av|avenue|bd|boulevard|place|pl|chemin|allee|impasse|quai|route"
    r"|street|st|ave|road|rd|blvd|lane|ln|drive|dr|way)\b|(?:rue|avenue|boulevard|bd|chemin|allee|quai|place)\s+\w"
)
_STREET = r"(?:rue|avenue|av|boulevard|bd|chemin|allee|quai|route|street|st|ave|road|rd|blvd|lane)\b"
_EMOJI = re.compile(r"[^\w\s|'’.,:;!?&@/()\-–+#\"«»€$%]")
_STRIP = " \t\r\n.,;:!?-–\"'«»()[]"
_LEAD_WORDS = {
    "fr": r"(?:stp|svp|merci|ok|alors|bon|donc|du\s+coup|de|d'|et|que|qu'|pour|pr|le|la|les|l'|un|une|mon|ma|mes)",
    "en": r"(?:please|pls|plz|thanks|ok|so|and|to|for|a|an|the|my|that|it|this)",
}
_TRAIL_WORDS = {
    "fr": r"(?:stp|svp|merci|de|d'|et|a|à|au|le|la|pour|pr|dans|sur|ce|cette|prochain|prochaine|mets|met|ajoute)",
    "en": r"(?:please|pls|plz|thanks|and|at|on|to|for|in|the|this|next|add|put|it)",
}


def rule(h: Heard) -> list[Candidate]:
    out: list[Candidate] = []
    chosen = _pending_choice(h)
    if chosen is not None:
        return [chosen]
    after_add = _after_add(h)
    if after_add is not None:
        out.append(after_add)
    if h.has(_REMIND) and called_off_event(h) is None:
        return out  # "rappelle-moi…", "le rappel du dentiste": the reminders' rules
    changed = _change(h)
    if changed:
        return out + changed
    asked = _when_is(h)
    if asked is not None:
        return [*out, asked]
    listing = _list(h)
    if listing is not None:
        out.append(listing)
        if listing.score >= 0.8:
            return out
    added = _add(h)
    if added is not None:
        out.append(added)
    return out


# --- a question we asked: "which one?" ------------------------------------------------------------------------
def _pending_choice(h: Heard) -> Candidate | None:
    pending = h.situation.state.pending
    if pending is None or pending.tool not in ("cancel_event", "move_event") or pending.missing != "event_id":
        return None
    words = re.findall(r"\d+|premier|premiere|deuxieme|second|troisieme|first|third|1st|2nd|3rd", h.folded)
    ordinals = {"premier": 1, "premiere": 1, "first": 1, "1st": 1, "deuxieme": 2, "second": 2, "2nd": 2}
    ordinals |= {"troisieme": 3, "third": 3, "3rd": 3}
    for word in words[:3]:
        n = int(word) if word.isdigit() else ordinals.get(word, 0)
        if 1 <= n <= len(pending.options):
            args = dict(pending.args) | {"event_id": pending.options[n - 1]}
            return Candidate(0.96, f"{pending.tool}.chosen", [ToolCall(pending.tool, args)])
    return None


# --- right after an event was added: "annule ça", "plutôt 16h" --------------------------------------------------
def _after_add(h: Heard) -> Candidate | None:
    last = h.situation.state.last
    if last is None or last.tool != "add_event":
        return None
    ref: dict[str, str] = {"event_id": last.refs[0]} if last.refs else {}  # no id: the tool takes the last one
    short = len(h.folded.split()) <= 10
    if h.has(_REMIND) or not short:
        return None
    when = _new_time(h)
    if h.whole(_UNDO[h.lang]) or (h.has(_CANCEL) and not (h.has(_MOVE) and when)):
        return Candidate(0.94, "event.undo", [ToolCall("cancel_event", ref)])
    if when and (h.has(_MOVE) or re.match(rf"\s*(?:{_CORRECTION[h.lang]})\b", h.folded)):
        return Candidate(0.94, "event.correct", [ToolCall("move_event", ref | {"when": when})])
    return None


# --- cancel / move a named event --------------------------------------------------------------------------------
def _change(h: Heard) -> list[Candidate]:
    """ "annule mon rdv dentiste", "le concert est annulé, vire-le de l'agenda", "la réunion de demain passe à
    15h", "dinner at paul's moved to sunday 8pm", "move my dentist appt" (the tool asks when)."""
    if called_off_event(h) is not None and not (h.has(_MOVE_VERB_ONLY) and _new_time(h)):
        about = _event_words(h)  # "cancel the dentist", "laisse tomber le rdv chez le coiffeur"
        return [Candidate(0.9, "event.cancel", [ToolCall("cancel_event", {"about": about} if about else {})])]
    strong = re.search(rf"(?<![\w])(?:{_STRONG_NOUN}|{_CAL})(?![\w])", h.folded)
    noun = strong or re.search(rf"(?<![\w])(?:{_EVENT_NOUN})(?![\w])", h.folded)
    if noun is None and h.has(_APPOINTMENT) and h.has(_CALLED_OFF):  # "the dentist got cancelled"
        about = _event_words(h)
        return [Candidate(0.86, "event.cancel", [ToolCall("cancel_event", {"about": about})])] if about else []
    if noun is None and h.has(_APPOINTMENT) and h.has(rf"{_MOVE_VERB_ONLY}|change[rz]?"):
        return _change_appointment(h)
    if noun is None:
        return []
    cancel = h.has(_CANCEL)
    move = h.has(_MOVE)
    when = _new_time(h) if move else ""
    if cancel and not (move and when):
        about = _event_words(h)
        score = 0.92 if strong else 0.6  # "cancel the one about the school lunch" may well be a reminder
        return [Candidate(score, "event.cancel", [ToolCall("cancel_event", {"about": about} if about else {})])]
    if move:
        about = _event_words(h)
        if not when and not (strong and re.search(rf"(?<![\w'])(?:{_MOVE_VERB_ONLY})(?![\w])", h.folded)):
            return []
        score = 0.92 if strong else 0.82
        args = ({"when": when} if when else {}) | ({"about": about} if about else {})
        return [Candidate(score, "event.move", [ToolCall("move_event", args)])]
    return []


def _change_appointment(h: Heard) -> list[Candidate]:
    """ "décale le dentiste à jeudi 15h", "push the dentist to thursday 3pm": a move verb, someone seen by
    appointment and a new time (the tool asks when without one)."""
    when = _new_time(h)
    about = _event_words(h)
    if h.has(_CANCEL) or not about or (not when and not h.has(_MOVE_VERB_ONLY)):
        return []
    args = ({"when": when} if when else {}) | {"about": about}
    return [Candidate(0.86 if when else 0.7, "event.move", [ToolCall("move_event", args)])]


def names_event(h: Heard) -> bool:
    """The words name an event or an appointment ("le dentiste", "dinner with Sam", "the meeting")."""
    return bool(h.has(rf"{_STRONG_NOUN}|{_CAL}|{_EVENT_NOUN}|{_APPOINTMENT}"))


_CALLED_OFF = r"annul\w*|cancel+(?:l?ed)?|canceled|cancle|called\s+off|(?:is|was|are)\s+off"


def calling_off(h: Heard) -> tuple[str, str] | None:
    """A planned thing called off: (the verb, folded; the thing's words, as written) for "cancel the dentist",
    "call off dinner w sam", "laisse tomber le rdv chez le coiffeur", "forget about the meeting", or said as
    "no X" and when ("pas de sport ce soir finalement", "no gym tonight"; the verb is then ""). None when the
    words name nothing ("cancel", "oublie ça"), refer instead ("cancel the one about…", "oublie ce que je t'ai
    dit") or the verb is negated ("oublie pas le rdv": a reminder)."""
    table = h.table
    lead = re.match(rf"\s*(?:{table.CALL_OFF})(?![\w])", h.folded)
    verb = lead.group("verb") if lead else ""
    if lead is None:
        lead = re.match(rf"\s*(?:{table.NO_THING})(?![\w])\s*", h.folded)
        if lead is None or not re.search(rf"(?<![\w'])(?:{table.WHEN_OFF})(?![\w])", h.folded[lead.end() :]):
            return None
    rest = h.folded[lead.end() :]
    if re.match(rf"[\s,]*(?:pas|not|to|2|de\s|d'|(?:{table.REFERENCE}))", rest) or not rest.strip(" ,.!?"):
        return None
    end = len(h.folded)
    stop = re.search(r"[,.;!?\n]|\s-\s", rest)
    if stop is not None:
        end = lead.end() + stop.start()
    for m in parse(h.text, now=h.situation.said, lang=h.lang):
        if lead.end() <= m.start < end and h.text[m.start : m.end].strip():
            end = m.start
    words = h.text[lead.end() : end].split()
    skip = h.table.STOPWORDS | {"chez", "about", "abt", "w", "with", "avec"}
    around = rf"(?:{table.THING_WORDS})"
    while words and (fold(words[0]).strip("'") in skip or re.fullmatch(around, fold(words[0]))):
        words.pop(0)
    while words and (fold(words[-1]).strip("'") in skip or re.fullmatch(around, fold(words[-1]))):
        words.pop()
    if words and re.match(r"[lLdD]['’]", words[0]):
        words[0] = words[0][2:]
    thing = " ".join(words).strip(" '\"")
    return (verb, thing) if thing else None


def called_off_event(h: Heard) -> str | None:
    """The event or appointment called off ("cancel the dentist", "nvm dinner w sam", "oublie le rdv du
    médecin"); None for another thing, or for a reminder named ("forget the reminder for the dentist")."""
    called = calling_off(h)
    if called is None:
        return None
    thing = fold(called[1])
    if re.search(rf"(?<![\w'])(?:{h.table.REMINDER_WORD}|{_OTHER_THING}|{h.table.OTHER_THINGS})(?![\w])", thing):
        return None
    if not re.search(rf"(?<![\w'])(?:{_STRONG_NOUN}|{_EVENT_NOUN}|{_APPOINTMENT})(?![\w])", thing):
        return None
    return called[1]


_MOVE_VERB_ONLY = (
    r"decale[rse]?|deplace[rse]?|repousse[rse]?|reporte[rse]?|avance[rse]?|bouge[rs]?|move|reschedule|push"
    r"|postpone|shift|bump|recule[rse]?|delay"
)
_NOT_EVENT_WORDS = (
    rf"{_CANCEL}|{_MOVE}|{_CAL}|{_CAL_VERB}|de|du|des|d'|from|of|off|on|in|into|my|mon|ma|mes|le|la|les|l'|the|a|an"
    r"|un|une|ce|cette|that|this|it|chez|at|au|aux|a|à|pour|for|to|moi|me|stp|svp|please|pls|plz|rdv|rendez[\s-]?vous"
    r"|appts?|appointment|event|evenement|got|is|was|are|now|c'?est|est|dans|sur|tu|peux|can|u|you|pourrais|l'?|j'?"
    r"|je|i|irai|vais|going|not|pas|plus|non|no|oups|oops|wait|job|mets|jour|ok|so|et|and|maintenant|deja|again"
    r"|with|w|avec|on\s+a|we|take|thing|truc|after|all|anymore|finalement|fait|tomorrow|today|tonight|demain|ce|soir|back|forward|out|pr"
)


def _event_words(h: Heard) -> str:
    """The words naming the event, as written: the message without the time, the verbs, the calendar phrase,
    articles and pronouns ("le diner chez paul samedi c'est annulé, enlève-le de l'agenda" -> "diner paul")."""
    chars = list(h.text)
    for mention in parse(h.text, now=h.situation.said, lang=h.lang):
        for i in range(mention.start, min(mention.end, len(chars))):
            chars[i] = " "
    for said in re.finditer(rf"(?<![\w'])(?:{_CANCEL}|{h.table.CALL_OFF})(?![\w])", h.folded):
        for i in range(said.start(), min(said.end(), len(chars))):
            chars[i] = " "  # "call off", "laisse tomber", "never mind"
    text = "".join(chars)
    folded = fold(text)
    keep: list[str] = []
    for found in re.finditer(r"[\w][\w'-]*", folded):
        word = found.group(0)
        prefix = re.match(r"(?:l|d|j|qu|s|c|m|t)'", word)
        skip = prefix.end() if prefix else 0
        bare = word[skip:].removesuffix("'s")
        if re.fullmatch(rf"(?:{_NOT_EVENT_WORDS})", word) or re.fullmatch(rf"(?:{_NOT_EVENT_WORDS})", bare):
            continue
        if re.fullmatch(r"'?s", word) or word.isdigit():
            continue
        start = found.start() + skip
        keep.append(text[start : start + len(bare)])
    return " ".join(keep[:4])


def _new_time(h: Heard) -> str:
    """The new time, as written: the time words after the first move or correction word (the end of "de lundi à
    mardi 9h"), or the only time said; "now" alone is not a time."""
    mentions = [m for m in parse(h.text, now=h.situation.said, lang=h.lang) if h.text[m.start : m.end].strip()]
    mentions = [m for m in mentions if not re.fullmatch(r"\s*(?:now|maintenant)\s*", fold(h.text[m.start : m.end]))]
    if not mentions:
        return ""
    signal = re.search(rf"(?<![\w'])(?:{_MOVE})(?![\w])", h.folded)
    after = [m for m in mentions if signal is None or m.end > signal.start()]
    chosen = after or mentions[-1:]
    words = " ".join(h.text[m.start : m.end] for m in chosen)
    parts = re.split(r"\s(?:a|à|au|to|until|till|->)\s", words)
    if len(parts) > 1 and re.match(r"(?:de|du|from)\s", fold(words).strip()):
        words = parts[-1]  # "de lundi à mardi prochain 9h": the new one is after "à"
    return words.strip()


def _first_time_start(h: Heard, after: int) -> int | None:
    for m in parse(h.text, now=h.situation.said, lang=h.lang):
        if m.start >= after:
            return m.start
    return None


def _asks(h: Heard) -> bool:
    """A question: a "?" anywhere (Engine.has would need a space before it), or a question word."""
    return "?" in h.folded or bool(h.has(_QUESTION[h.lang]))


# --- "when is my haircut?" ------------------------------------------------------------------------------------
_WHEN_IS = {
    "en": re.compile(
        r"^\s*(?:so\s+|and\s+|hey\s+)?(?:when|whens|wen)(?:\s+is|'s|\s+s)?\s+(?:my|the|our)\s+(?P<about>[^?]+?)"
        r"(?:\s+(?:again|already))?\s*\?*\s*$"
    ),
    "fr": re.compile(
        r"^\s*(?:et\s+)?(?:c'?\s*est\s+|c\s+|cest\s+)?(?:quand|kan)\s+(?:est\s+|c'?\s*est\s+|qu'?\s*est\s+|que\s+)?"
        r"(?:j'?ai\s+)?(?:mon|ma|mes|le|la|les|l')\s*(?P<about>[^?]+?)(?:\s+(?:deja|encore))?\s*\?*\s*$"
        r"|^\s*(?:mon|ma|le|la|l')\s*(?P<about2>[^?]+?)\s*,?\s*c'?\s*est\s+quand(?:\s+deja)?\s*\?*\s*$"
    ),
}


# what is asked about, without the words for an appointment around it ("mon rdv chez le coiffeur", "dentist appt")
_WHEN_IS_CORE = re.compile(
    r"(?:(?:rdv|rendez[\s-]?vous|appt|appointment)\s+(?:chez\s+(?:le\s+|la\s+|l')?|with\s+(?:the\s+|my\s+)?|au\s+|a\s+la\s+)?)?"
    r"(?P<core>.+?)(?:\s+(?:appointment|appt|rdv|rendez[\s-]?vous))?"
)


def _when_is(h: Heard) -> Candidate | None:
    """ "when's my haircut", "c'est quand le coiffeur ?": an appointment asked about by its words (on the calendar,
    or set as a reminder: the tool looks in both). Not a birthday (the memory's) nor a reminder named."""
    m = _WHEN_IS[h.lang].match(h.folded)
    if m is None or not names_event(h) or h.has(_REMIND) or h.has(r"anniv\w*|birthday|bday|b-day"):
        return None
    group = "about" if m.group("about") is not None else "about2"
    start, end = m.span(group)
    core = _WHEN_IS_CORE.fullmatch(h.folded, start, end)
    if core is None:
        return None
    about = h.text[core.start("core") : core.end("core")].strip(" ?!.")
    if not about:
        return None
    return Candidate(0.91, "event.when", [ToolCall("list_events", {"about": about})])


# --- list -------------------------------------------------------------------------------------------------------
def _list(h: Heard) -> Candidate | None:
    lang = h.lang
    cal = h.has(_CAL)
    question = _asks(h)
    listing = h.has(_LIST[lang])
    plural = h.has(_EVENTS_PLURAL)
    free = h.has(_FREE[lang])
    what_have = h.has(_WHAT_HAVE[lang])
    adding = bool(_cal_spans(h.folded))
    when = _period_words(h)
    score = 0.0
    if (adding and not question) or h.has(_EVERY) or h.has(_NOT_EVENTS[lang]) or h.has(_OTHER_THING):
        return None
    if cal and (question or listing or when or h.whole(rf"(?:mon|my|the|l')?\s*(?:{_CAL})")):
        score = 0.92
    elif (
        (plural or (question and h.has(_STRONG_NOUN)))
        and (question or listing or what_have)
        and not re.search(_ADDRESS, h.folded)
    ):
        score = 0.9
    elif free and (when or question):
        score = 0.85
    elif what_have and when and not _has_task_words(h):
        score = 0.5 if re.search(r"aujourd|today|2day|tday|ce\s+matin|this\s+morning", h.folded) else 0.6
    if score == 0.0:
        return None
    return Candidate(score, "event.list", [ToolCall("list_events", {"when": when} if when else {})])


def _has_task_words(h: Heard) -> bool:
    return bool(h.has(r"taches?|tasks?|todo|to\s+do|a\s+faire|faire|do|courses|groceries|plan|programme|journee|day"))


def _period_words(h: Heard) -> str:
    """The day or period asked about, as written: the time mentions, or "semaine" / "week" / "mois"."""
    spans = [h.text[m.start : m.end] for m in parse(h.text, now=h.situation.said, lang=h.lang)]
    spans = [s for s in spans if s.strip()]
    if spans:
        return " ".join(spans)
    m = re.search(
        r"(?:(?:cette|la|this|next|the)\s+)?(?:semaine|week|mois|month|week[\s-]?end)(?:\s+(?:prochaine?|next|suivante?))?",
        h.folded,
    )
    return h.text[m.start() : m.end()] if m else ""


def _cal_spans(folded: str) -> list[tuple[int, int]]:
    """Where the message says "to the calendar": "mets dans mon agenda", "put … on my calendar", "agenda:"."""
    whole = re.search(rf"(?<![\w'])(?:{_ADD_TO_CAL})(?![\w])", folded)
    if whole:
        return [whole.span()]
    verb = re.match(rf"\s*(?:{_CAL_VERB})(?![\w])", folded)
    tail = re.search(rf"(?<![\w'])(?:{_CAL_TAIL})(?![\w])", folded)
    if verb and tail:
        return [verb.span(), tail.span()]
    return []


# --- add ----------------------------------------------------------------------------------------------------------
def _add(h: Heard) -> Candidate | None:
    lang = h.lang
    text = h.text
    folded = h.folded
    if re.search(r"(?<![\w'])(?:ne|n'|pas|not|don'?t|dont|no)\s", folded) and not _cal_spans(folded):
        return None
    if h.has(_EVERY) or h.has(_NOT_EVENTS[lang]):
        return None
    cal_spans = _cal_spans(folded)
    cal = bool(cal_spans)
    if (_asks(h) and not cal) or re.match(_ASKING_LEAD, folded):
        return None  # "c'est quoi mon rdv demain": a question about an event, never a new one
    have_lead = re.match(rf"\s*(?:(?:ok|bon|alors|so|oh|btw|fyi|hey|salut)\W+)*(?:{_HAVE[lang]})", folded)
    if have_lead and re.match(rf"\s*(?:(?:ok|bon|alors|so|oh|btw|fyi|hey|salut)\W+)*{_NOT_HAVE[lang]}", folded):
        have_lead = None
    mentions = [m for m in parse(text, now=h.situation.said, lang=lang) if m.kind in ("instant", "interval")]
    usable = [m for m in mentions if m.confident and m.value is not None]
    interval = next((m for m in usable if m.kind == "interval" and m.end_value is not None and "clock" in m.said), None)
    instant = next((m for m in usable if m.kind == "instant"), None)
    chosen = interval or instant
    # what is left once the calendar phrase, the "j'ai" lead and the time are out
    blanks = list(cal_spans)
    if have_lead:
        blanks.append((have_lead.start(), have_lead.end()))
    if chosen is not None:
        blanks.append((chosen.start, chosen.end))
    rest = _blank(text, blanks)
    title, place = _title_and_place(rest, lang)
    noun = re.search(rf"(?<![\w'])(?:{_NOUN})(?![\w])", h.folded)
    if not title and not cal:
        return None
    if cal:
        score = 0.96
    elif chosen is None:
        return None
    elif have_lead and (noun or len(title.split()) <= 4):
        score = 0.87
    elif interval is not None:
        score = 0.85
    elif place and noun:
        score = 0.75
    elif place:
        score = 0.55
    else:
        score = 0.5 if noun else 0.3
    args: dict[str, str] = {"title": title}
    if interval is not None:
        assert interval.value is not None and interval.end_value is not None
        if interval.has_clock_time:
            args["when"] = f"{interval.value:%Y-%m-%d %H:%M}"
            args["end"] = f"{interval.end_value:%Y-%m-%d %H:%M}"
        else:
            args["when"] = text[interval.start : interval.end]
    elif chosen is not None:
        args["when"] = text[chosen.start : chosen.end]
    else:
        args["when"] = ""
    if place:
        args["place"] = place
    return Candidate(score, "event.add", [ToolCall("add_event", args)])


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans replaced by a separator (|), emojis out."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = "|" if i == start else " "
    return _EMOJI.sub(" ", "".join(chars))


def _title_and_place(rest: str, lang: str) -> tuple[str, str]:
    """Split what is left into the event's title and its place ("au zénith", "at the Main St branch", "agence
    rue Voltaire"); "chez Paul" and "at Paul's" stay in the title (someone's home is part of what it is)."""
    from shared.brains.offline._lexicon import fold

    segments = [s for s in re.split(r"[|,;\n]|\s-\s", rest)]
    title_parts: list[str] = []
    place = ""
    for segment in segments:
        seg = segment.strip(_STRIP + " ")
        if not seg:
            continue
        folded = fold(seg)
        if not place:
            lead = re.search(rf"(?:^|\s)(?:{_PLACE_LEAD[lang]})(?P<where>.+)$", folded)
            if lead and not re.match(r"[\w-]+'s\b", lead.group("where")) and not _is_cal_tail(lead.group("where")):
                if (
                    lang == "en"
                    or not re.match(r"(?:a|à)\s", folded[lead.start() :].strip())
                    or seg[lead.start("where")].isupper()
                ):
                    place = seg[lead.start("where") :].strip(_STRIP)
                    seg = seg[: lead.start()].strip(_STRIP)
            elif title_parts and (re.search(_ADDRESS, folded) or re.search(_STREET, folded)):
                place = seg
                seg = ""
        seg = _tidy(seg, lang)
        if seg:
            title_parts.append(seg)
    title = " ".join(title_parts)
    place = _tidy(_without_cal(place), lang)
    return title.strip(_STRIP), place


def _is_cal_tail(words: str) -> bool:
    return bool(re.match(rf"(?:mon\s+|ma\s+|my\s+|the\s+|l')?(?:{_CAL})\b", words))


def _without_cal(text: str) -> str:
    from shared.brains.offline._lexicon import fold

    m = re.search(rf"\s(?:{_ADD_TO_CAL_TAIL})", fold(text))
    return text[: m.start()] if m else text


_ADD_TO_CAL_TAIL = (
    r"(?:mets|met|mettre|ajoute|note|put|add|pop|save)(?:[\s-]*(?:le|la|l'|ca|ça|it|this|that))?\s+"
    r"(?:dans|sur|a|au|à|to|on|in|into)\b.*"
)


def _tidy(text: str, lang: str) -> str:
    """Politeness and linking words off both ends, and a calendar phrase left at the end."""
    from shared.brains.offline._lexicon import fold

    text = " ".join(text.split())
    cut = re.search(rf"(?:^|\s)(?:{_ADD_TO_CAL_TAIL})$", fold(text))
    if cut:
        text = text[: cut.start()]
    lead = re.compile(rf"(?:{_LEAD_WORDS[lang]})(?:\s+|(?<=')|$)")
    trail = re.compile(rf"(?<![\w'])(?:{_TRAIL_WORDS[lang]})$")
    while True:
        before = text
        text = text.strip(_STRIP + " ")
        f = fold(text)
        if (m := lead.match(f)) and len(text) > m.end():
            text = text[m.end() :]
        elif m := trail.search(f):
            text = text[: m.start()]
        if text == before:
            return text


def _time_words(h: Heard, after: int = 0) -> str:
    """The time mentions after `after`, as written."""
    spans = [h.text[m.start : m.end] for m in parse(h.text, now=h.situation.said, lang=h.lang) if m.start >= after]
    return " ".join(s for s in spans if s.strip())
