"""Offline understanding of the places slice's requests, French and English.

- Save a place: "enregistre la pharmacie Centrale, 12 rue de la Paix", "nouveau lieu: boulangerie Paul rue
  Victor Hugo", "le cabinet du Dr Martin c'est 12 rue …", "add place gym at 5th avenue", "place: community
  pool, type gym". The name and the address are split at "c'est" / "is at" / a comma or colon / the street
  number or word; "type X" gives the kind.
- Where is a place: "c'est où le kiné ?", "où est la pharmacie ?", "where's the dentist?", "address of Dr
  Smith?".
- List them: "mes lieux", "my places".
"""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard

_SAVE = {
    "fr": r"enregistre|enregistrer|sauvegarde|sauvegarder|memorise|memoriser|garde|garder|note|noter|retiens|retenir"
    r"|ajoute|ajouter|rajoute|mets|cree|creer",
    "en": r"save|add|store|remember|keep|note|create|put",
}
_PLACE_WORD = {"fr": r"lieux?|adresses?|endroits?", "en": r"places?|address(?:es)?|locations?|spots?"}
_NEW_PLACE = {
    "fr": r"^\s*(?:nouveau\s+lieu|nouvel\s+endroit|nouvelle\s+adresse|lieu|adresse)\s*:",
    "en": r"^\s*(?:new\s+place|new\s+address|new\s+location|place|address|location)\s*:",
}
_NUMBERED_STREET = (
    r"\b\d+\s*(?:bis|ter|[a-z])?\s*,?\s*(?:rue|av|avenue|bd|boulevard|place|pl|chemin|allee|impasse|quai|route|cours"
    r"|square|passage|rte|street|st|ave|avenue|road|rd|blvd|lane|ln|drive|dr|way|court|ct|plaza|pkwy|parkway|hwy)\b"
    r"|\b(?:\d+\s+)?\d+(?:st|nd|rd|th)\s+(?:avenue|ave|street|st)\b"
    r"|\b\d+\s+(?:[a-z][\w'-]*\s+){1,3}(?:street|st|ave|avenue|road|rd|blvd|boulevard|lane|ln|drive|dr|way|court|ct"
    r"|place|pl|plaza|pkwy|parkway|hwy|highway|terrace|circle)\b"
)
_STREET = (
    r"\b(?:rue|avenue|bd|boulevard|chemin|allee|impasse|quai|route)\s+\w"
    r"|\b\w+\s+(?:street|st|ave|avenue|road|rd|blvd|boulevard|lane|drive)\b"
)
_TRAILING_SAVE = {
    "fr": r"[,;.\s]+(?:garde|enregistre|sauvegarde|note|memorise|retiens)[\s-]*(?:le|la|l'|moi|ca|ça)?\s*(?:l'adresse|"
    r"adresse|lieu|le\s+lieu|cette\s+adresse)\s*(?:stp|svp|merci)?\s*[.!]*\s*$|\s+(?:comme|en)\s+(?:lieu|adresse)\s*$",
    "en": r"[,;.\s]+(?:save|store|remember|keep|note)\s+(?:the|this|that|it)?\s*(?:address|place|location)\s*"
    r"(?:please|pls|plz|thanks)?\s*[.!]*\s*$|\s+as\s+a\s+(?:place|location)\s*$",
}
_KIND = re.compile(r"[,;\s]+(?:type|kind|categorie|category|genre)\s*:?\s*(?P<kind>[\w' -]+?)\s*[.!]*$")
_SEPARATOR = {
    "fr": r"\s+(?:c'?\s*est|se\s+trouve|est|c)\s+(?:au|a|à|aux)?\s*|\s*[,:]\s*|\s+(?:au|a|à)\s+(?=\d)",
    "en": r"\s+(?:is\s+(?:at|on|in)|is|at|on|@)\s+|\s*[,:]\s*",
}
_OF_PLACE = r"(?:du|de\s+la|de\s+l'|des|de|d'|of|for)\s*"
_WHERE = {
    "fr": r"(?:c'?est\s+ou|c\s+ou|ou\s+(?:est|se\s+trouve|sont|c'?est|ce\s+trouve)"
    r"|(?:il|elle|ils|elles)\s+(?:est|sont|se\s+trouvent?)\s+ou"
    r"|(?:c'?est\s+quoi|c\s+quoi|quelle\s+est|donne[\s-]*moi|redonne[\s-]*moi"
    r"|(?:tu\s+)?(?:peux|pourrais)[\s-]*(?:tu\s+)?(?:me\s+)?(?:re)?donner|envoie[\s-]*moi|rappelle[\s-]*moi)"
    r"\s+l'?adresse\s+"
    + _OF_PLACE
    + r"|^\s*(?:et\s+)?l'?adresse\s+"
    + _OF_PLACE
    + r"|^\s*adresse\s+(?:"
    + _OF_PLACE
    + r")?)\s*(?P<about>.*)",
    "en": r"(?:where'?s|wheres|where\s+is|where\s+are|(?:what'?s|whats|what\s+is)\s+the\s+address\s+(?:of|for)"
    r"|address\s+(?:of|for)|(?:send|give|text)\s+me\s+the\s+address\s+(?:of|for))\s*(?P<about>.*)",
}
_WHERE_AFTER = {
    "fr": r"(?P<about>.+?)\s+(?:c'?est\s+ou|c\s+ou|est\s+ou|ou\s+c'?est)\s*(?:deja\s*)?\??$",
    "en": r"(?P<about>.+?)(?:'s|s')?\s+(?:address|location)\s*(?:again\s*)?\??$",
}
_GOING = (
    r"^(?:(?:je\s+dois|j'?dois|faut\s+que\s+j'?|je\s+vais|j'?vais|i\s+(?:need|have|got)\s+to|i'?m)\s+"
    r"(?:aller|going|go)\s+(?:a\s+la|à\s+la|au|aux|a\s+l'|à\s+l'|a|à|chez|to\s+the|to)\s*)"
)
_ASK_LEAD = (
    r"(?:what'?s|whats|what\s+is|c'?est\s+quoi|c\s+quoi|(?:can|could)\s+(?:u|you)\s+|(?:tu\s+)?peux[\s-]*(?:tu\s+)?|deja|again"
    r"|that|this|ce|cette)?\s*(?:(?:send|give|text|tell)\s+me|(?:re)?donne[rz]?[\s-]*moi|envoie[\s-]*moi|me\s+(?:re)?donner)?\s*"
    r"(?:deja\s+|that\s+|this\s+|the\s+|le\s+|la\s+|l')?(?=\w)"
)
_SAVED_TAIL = (
    r"i\s+saved|i\s+have\s+saved|you\s+have|que\s+j'?ai\s+(?:enregistre|sauvegarde|note|donne)e?s?|enregistree?s?"
)
_PRONOUN = r"(?:it|that|this|there|ca|ça|le|la|celui|celle|y)"
_NOT_A_PLACE = (
    r"note|notes|noté|avais\s+note|rappel|reminder|park|parked|gare|garee|garé|voiture|car|keys|cles|clefs|lunettes"
)
_LIST = {
    "fr": r"(?:mes|les|liste\s+(?:de\s+|des\s+)?(?:mes\s+)?|montre(?:[\s-]*moi)?\s+(?:tous\s+)?(?:mes|les)|tous\s+mes"
    r"|toutes\s+mes|quels?|quelles?|affiche\s+mes|voir\s+mes)\s+(?:lieux|adresses|endroits)",
    "en": r"(?:my|list\s+(?:all\s+)?(?:my|the)|show\s+(?:me\s+)?(?:all\s+)?(?:my|the)|all\s+(?:my|the)|what|which"
    r"|see\s+my)\s+(?:saved\s+)?(?:places|addresses|locations|spots)|saved\s+(?:places|addresses|locations)",
}
_PLACES = {"fr": r"lieux|adresses|endroits", "en": r"places|addresses|locations|spots"}
_ASK_LIST = {
    "fr": r"mes|les|liste|montre|affiche|quels?|quelles?|tous|toutes|voir",
    "en": r"my|list|show|which|what|all|see",
}
_SAVED = {
    "fr": r"enregistr[eé]\w*|sauvegard[eé]\w*|gard[eé]e?s|memoris[eé]\w*|donn[eé]\w*|dans\s+mes\s+lieux|que\s+j'?ai",
    "en": r"saved|stored|kept|gave\s+you|added|(?:did|have)\s+i\s+(?:save|store|keep|add)|i\s+have|i'?ve\s+got|only",
}
_NOT_PLACES = (
    r"notes?|tags?|taggee?s?|taches?|tasks?|recettes?|recipes?|rappels?|reminders?|courses|groceries|rdv|events?"
    r"|depenses?|expenses?"
)
_KIND_EXTRA = r"sante|health|medical|medicaux|soins"  # words for a kind that the places service names otherwise
_STRIP = " \t\r\n.,;:!?-\"'«»()[]"
_ARTICLES = {
    "fr": r"(?:(?:le|la|les|un|une|mon|ma|mes|du|de\s+la|de)\s+|l'\s*|d'\s*)",
    "en": r"(?:the|a|an|my|our)\s+",
}


def rule(h: Heard) -> list[Candidate]:
    listed = _list(h)
    if listed is not None:
        return [listed]
    where = _where(h)
    if where is not None:
        return [where]
    saved = _save(h)
    return [saved] if saved is not None else []


def _list(h: Heard) -> Candidate | None:
    """ "mes lieux", "quels endroits j'ai sauvegardé ?", "mes médecins enregistrés", "which restaurants did i save",
    "list my gyms": the saved places, of one kind when a kind is named (as the person said it)."""
    lang = h.lang
    if re.search(_NUMBERED_STREET, h.folded) or h.has(_NOT_PLACES):
        return None  # an address given is a place to save; "mes notes taggées maison" are notes
    kind = _kind_word(h)
    args = {"kind": kind} if kind else {}
    if re.search(rf"(?<![\w'])(?:{_LIST[lang]})(?![\w])", h.folded):
        return Candidate(0.88, "place.list", [ToolCall("list_places", args)])
    if h.has(_SAVE[lang]) and not h.has(_SAVED[lang]):
        return None  # "ajoute la pharmacie…": a new place
    places = h.has(_PLACES[lang])
    asking = h.has(_ASK_LIST[lang])
    saved = h.has(_SAVED[lang])
    if places and (asking or saved):
        return Candidate(0.86, "place.list", [ToolCall("list_places", args)])
    if kind and asking and (saved or re.match(r"\s*(?:list|liste|montre|show)\b", h.folded)):
        return Candidate(0.82 if saved else 0.7, "place.list", [ToolCall("list_places", args)])
    return None


def _kind_word(h: Heard) -> str:
    """The word naming a kind of place ("pharmacies", "restos", "doctors", "santé"), as written."""
    from shared.places.service import kind_of

    for m in re.finditer(r"[^\W\d_][\w'-]*", h.text):
        word = fold(m.group(0))
        if len(word) < 3 or re.fullmatch(rf"(?:{_PLACES[h.lang]}|{_PLACE_WORD[h.lang]})", word):
            continue
        singular = re.sub(r"(?<=[a-z]{3})(?:s|x)$", "", word)
        if kind_of(word) or kind_of(singular) or re.fullmatch(_KIND_EXTRA, word):
            return m.group(0)
    return ""


def _where(h: Heard) -> Candidate | None:
    lang = h.lang
    if h.has(_NOT_A_PLACE):
        return None
    folded = h.folded.strip()
    if re.search(_NUMBERED_STREET, folded):
        return None  # "le garage c'est 15 bd de la République, garde l'adresse": a place to save
    for m in (re.search(rf"(?<![\w'])(?:{_WHERE[lang]})", h.folded), re.search(_WHERE_AFTER[lang], folded)):
        if m is None:
            continue
        start = m.start("about") + (len(h.folded) - len(h.folded.lstrip()) if m.re.pattern == _WHERE_AFTER[lang] else 0)
        about = _tidy(h.text[start : start + len(m.group("about"))], lang)
        if re.fullmatch(_PRONOUN, fold(about)):
            about = _before_pronoun(h, m.start())  # "when was i last at the vet and where is it"
        lead = re.match(_ASK_LEAD, fold(about))
        if lead:
            about = _tidy(about[lead.end() :], lang)
        about = re.sub(rf"\s+(?:{_SAVED_TAIL})$", "", about, flags=re.IGNORECASE)
        going = re.match(_GOING, fold(about))
        if going:  # "je dois aller a la piscine municipale c'est ou ?"
            about = _tidy(about[going.end() :], lang)
        if about and not re.match(r"(?:j'|je|tu|on|i|you|we|did|do)\b", fold(about)):
            return Candidate(0.8, "place.where", [ToolCall("find_place", {"about": about})])
    return None


def _before_pronoun(h: Heard, end: int) -> str:
    """The place named before "where is it": the words after the last "at the / au / chez" before it."""
    before = h.folded[:end]
    leads = list(re.finditer(r"(?<![\w'])(?:at\s+the|at|to\s+the|au|a\s+la|à\s+la|chez|in\s+the)\s+", before))
    if not leads:
        return ""
    lead = leads[-1]
    words = re.split(r"\s+(?:and|et|or|ou|but|mais)\s+|[,;.?!]", h.text[lead.end() : end])[0]
    return _tidy(words, h.lang)


def _save(h: Heard) -> Candidate | None:
    lang = h.lang
    folded = h.folded
    text = h.text
    start = 0
    strong = False
    lead = re.match(rf"\s*(?:{_NEW_PLACE[lang]})", folded)
    if lead:
        start, strong = lead.end(), True
    else:
        verb = re.match(
            rf"\s*(?:(?:{_SAVE[lang]})(?:[\s-]*(?:moi|me))?)\s+(?:(?:{_ARTICLES[lang]})?(?:{_PLACE_WORD[lang]})\s*"
            rf"(?:(?:de|du|des|d'|of|for)\s*)?:?\s*|(?:le\s+|un\s+|a\s+|new\s+|nouveau\s+)?(?:lieu|place)\s*:?\s*)?",
            folded,
        )
        if verb and re.match(rf"\s*(?:{_SAVE[lang]})[\s-]*(?:moi|me)?\s+\S", folded):
            said_place = re.search(rf"(?<![\w'])(?:{_PLACE_WORD[lang]})(?![\w])", folded[: verb.end()])
            start, strong = verb.end(), bool(said_place)
    if start and re.search(
        r"(?:'s|’s)\s+address|\sas\s+a\s+(?:place|location)\b|\scomme\s+lieu\b|l'adresse\s+d", folded
    ):
        strong = True
    end = len(text)
    trailing = re.search(_TRAILING_SAVE[lang], folded)
    if trailing:
        end, strong = trailing.start(), True
    body = text[start:end]
    numbered = re.search(_NUMBERED_STREET, fold(body))
    street = numbered or re.search(_STREET, fold(body))
    named_at = numbered and re.search(r"\s(?:c'?\s*est|is\s+at|is\s+on)\s", fold(body))
    if not strong and not (start and street) and not named_at:
        return None  # "le cabinet du Dr Martin c'est 12 rue …" still counts, with a lower score
    if re.search(r"(?<![\w'])(?:rappel|rappelle|remind|reminder|note\s*:|agenda|calendar|calendrier)", folded):
        return None
    args = _split(body, lang)
    if not args.get("name"):
        if not strong:
            return None
        args["name"] = ""
    score = 0.9 if strong else (0.8 if start else 0.7)
    return Candidate(score, "place.add", [ToolCall("add_place", args)])


def _split(body: str, lang: str) -> dict[str, str]:
    """Name, address and kind from "pharmacie Centrale, 12 rue de la Paix, type pharmacie"."""
    args: dict[str, str] = {}
    kind = _KIND.search(fold(body))
    if kind:
        args["kind"] = body[kind.start("kind") : kind.end("kind")].strip(_STRIP)
        body = body[: kind.start()]
    folded = fold(body)
    possessive = re.match(r"\s*(?P<who>.+?)(?:'s|’s)\s+(?:address|place)\b\s*:?", folded)
    if possessive and lang == "en":
        hint, body = body[: possessive.end("who")], body[possessive.end() :]
        folded = fold(body)
    else:
        hint = ""
    name, address = body, ""
    sep = re.search(_SEPARATOR[lang], folded)
    number = re.search(_NUMBERED_STREET, folded)
    street = number or re.search(_STREET, folded)
    if sep and (not street or sep.start() <= street.start()):
        name, address = body[: sep.start()], body[sep.end() :]
        inner = re.search(_NUMBERED_STREET, fold(address))
        # "mon médecin: Dr Martin 3 place Bellecour": the name is after the colon, the kind before it
        before_number = address[: inner.start()] if inner else ""
        if inner and re.search(r"[^\W\d_]", before_number) and ":" in body[sep.start() : sep.end()]:
            hint = hint or name
            name, address = address[: inner.start()], address[inner.start() :]
    elif street:
        name, address = body[: street.start()], body[street.start() :]
        lead = re.search(rf"\s+(?:{_SEPARATOR[lang]})$", fold(name) + " ")
        if lead:
            name = name[: lead.start()]
    name = _tidy(name, lang)
    if not name and hint:
        name = _tidy(hint, lang)
    elif hint and "kind" not in args:
        from shared.places.service import kind_of

        guessed = kind_of(hint)
        if guessed:
            args["kind"] = guessed
    address = address.strip(_STRIP)
    args["name"] = name
    if address:
        args["address"] = address
    return args


def _tidy(words: str, lang: str) -> str:
    words = re.sub(r"[^\w\s'’,.&()/-]", " ", words)  # emojis
    words = re.sub(r"\s+(?:deja|déjà|again|stp|svp|please|pls)\s*[?!.]*\s*$", "", words, flags=re.IGNORECASE)
    words = " ".join(words.split()).strip(_STRIP)
    words = re.sub(r"\s+(?:as\s+a\s+(?:place|location)|comme\s+lieu|address|adresse)$", "", words, flags=re.IGNORECASE)
    while True:
        before = words
        m = re.match(rf"(?:{_ARTICLES[lang]})", fold(words))
        if m and m.end() < len(words):
            words = words[m.end() :]
        words = re.sub(r"\s+(?:stp|svp|please|pls|merci|thanks)$", "", words, flags=re.IGNORECASE).strip(_STRIP)
        if words == before:
            return words
