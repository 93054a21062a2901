"""Offline understanding of the groceries slice's requests, French and English: put items on the list ("lait,
6 oeufs et du pain", "mets du beurre sur la liste", "we're out of salt, add it to the list"), mark them bought
("j'ai pris le pain", "got the milk"), ask what is left ("il me manque quoi pour les courses ?"), take one off
("enlève le beurre de la liste"), and answers to the questions the tools asked ("combien ?" -> "2 kg")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.groceries import quantity as q

# --- word tables (folded: lowercase, no accents) -------------------------------------------------------------------
_GROCERY_WORD = (
    r"listes?\s+(?:de\s+|des\s+|d[eu]\s+)?courses?|liste\s+course|courses|groceries|grocery(?:\s+list)?"
    r"|shopping(?:\s+list)?|supermarche|supermarket|grocery\s+store"
)
_OTHER_LIST = r"\s*(?:de\s+|des\s+|a\s+)?(?:taches?|todo|to[\s-]?do|choses\s+a\s+faire|lecture|films?|cadeaux?)"
_LIST_TAIL = (
    r"(?:sur|dans|ds|a|au|aux|pour|pr|to|on|onto|for|in|into|de|des|from|off)\s+"
    r"(?:la\s+|ma\s+|les\s+|mes\s+|the\s+|my\s+|our\s+|notre\s+)?"
    rf"(?:{_GROCERY_WORD}|liste|list)(?!{_OTHER_LIST})\b"
)
_LABEL = rf"^\s*(?:(?:ma\s+|la\s+|my\s+)?(?:{_GROCERY_WORD}|liste|list))\s*:\s*"
_ADD_VERB = (
    r"(?:tu\s+peux\s+|peux[\s-]tu\s+|can\s+you\s+|please\s+|pls\s+)?"
    r"(?:rajoute[rsz]?|ajoute[rsz]?|mets?|mettre|note[rsz]?|\+|(?:il\s+)?faut\s+(?:racheter|acheter|prendre|reprendre)"
    r"|(?:il\s+)?(?:me\s+|nous\s+)?faut(?=\s+(?:du|de\s+la|des|de\s+l'|d'|un|une|\d)\s*)"
    r"|(?:on\s+a\s+|j'?ai\s+)?besoin\s+d[e']|racheter|rachete|add|put|(?:we\s+|i\s+)?need"
    r"|(?:we\s+|i\s+)?gotta\s+get|buy|pick\s+up|get)\b"
)
_OUT_OF = (
    r"(?:(?:on\s+)?(?:n'?)?a\s+plus\s+d[e']|(?:il\s+)?(?:n'?)?y\s+a\s+plus\s+d[e']|plus\s+d[e']|y'?a\s+plus\s+d[e']"
    r"|(?:we'?re|we\s+are|i'?m|i\s+am|we'?ve\s+run|we\s+ran|ran)\s+(?:all\s+)?out\s+of|out\s+of|no\s+more)\s*"
    r"(?P<what>[^,.;!?]+)"
)
_PRONOUN_CLAUSE = (
    r"(?:mets?|ajoute[sz]?|rajoute[sz]?|note[sz]?)[\s-]+(?:le|la|les|en|l')\b[^,.;!?]*"
    r"|(?:add|put|get)\s+(?:it|them|some|that|more)\b[^,.;!?]*"
)
_POLITE = (
    r"\b(?:stp|svp|s'?il\s+te\s+plait|merci|pls|plz|please|thanks|thx|stp\s+merci|finalement|du\s+coup|aussi|also)\b"
)
_NOT_ITEMS = re.compile(
    r"(?<!\w)(?:rappel\w*|remind\w*|rdv|rendez|appointment|meeting|reunion|tache|taches|task|tasks|note|notes"
    r"|ingredients?|recettes?|recipes?|budget|depense\w*|euros?|dollars?|balles|bucks)(?!\w)|[€$£]"
)
_LIST_ASK = (
    # French
    r"(?:il\s+)?(?:me|nous)\s+(?:manque|faut)\s+quoi|qu'?est[\s-]?ce\s+qu'?il\s+(?:me|nous)\s+(?:faut|manque)"
    r"|(?:kes|keske|qu'?est[\s-]?ce|quest[\s-]?ce)\s*qu'?(?:il\s+)?(?:me\s+|nous\s+)?faut\s+(?:acheter|prendre)"
    r"|(?:je|on)\s+(?:prends?|achetes?|dois\s+acheter|doit\s+acheter|dois\s+prendre)\s+quoi|faut\s+acheter\s+quoi"
    r"|(?:il\s+)?(?:y\s+a|ya|y'?a)\s+quoi\s+sur\s+la\s+liste|quoi\s+sur\s+la\s+liste|c'?est\s+quoi\s+(?:la|ma)\s+liste"
    r"|(?:montre|envoie|donne|affiche|redonne|renvoie)[\s-]*(?:moi\s+)?(?:la|ma)\s+liste"
    r"|qu'?est[\s-]?ce\s+qu'?il\s+y\s+a\s+sur\s+la\s+liste"
    r"|(?:qu'?est[\s-]?ce\s+qu'?il|qu'?est[\s-]?ce\s+qui|quoi|ce\s+qui|qu'?il)\s+(?:me\s+|nous\s+)?reste(?:\s+a\s+acheter)?"
    r"|what'?s\s+(?:left|still)\s+(?:on|to\s+buy)|what\s+else\s+(?:is\s+)?on|what\s+is\s+left"
    # English
    r"|what\s+(?:do|should|else\s+do)\s+(?:i|we)\s+(?:need|get|buy|pick\s+up)|what\s+(?:i|we)\s+need\s+(?:from|at|to\s+buy)"
    r"|what'?s\s+on\s+(?:my|the|our)\s+(?:shopping\s+|grocery\s+)?list|what\s+is\s+on\s+(?:my|the|our)\s+\w*\s*list"
    r"|anything\s+(?:else\s+)?on\s+(?:the|my|our)\s+(?:shopping\s+|grocery\s+)?list"
    r"|(?:show|send|give|text|read)\s+(?:me\s+)?(?:the|my|our)\s+(?:shopping\s+|grocery\s+)?list"
)
_STORE = (
    r"courses|supermarche|magasin|epicerie|marche|carrefour|leclerc|lidl|auchan|monoprix|intermarche|franprix|casino"
    r"|aldi|super\s*u|biocoop|picard|store|supermarket|groceries|grocery|shopping|target|walmart|costco|trader\s+joe'?s"
    r"|whole\s+foods|kroger|safeway|publix|market|la\s+liste|the\s+list|my\s+list|ma\s+liste|acheter|buy"
)
_LIST_ALONE = (
    rf"(?:(?:ma|la|my|the|our)\s+)?(?:{_GROCERY_WORD}|liste\s+(?:de\s+|des\s+)?courses?)"
    r"(?:\s+(?:stp|svp|pls|please|plz))?"
)
_REMOVE_VERB = (
    r"enleve[rsz]?|retire[rsz]?|supprime[rsz]?|vire[rsz]?|efface[rsz]?|oublie[rsz]?|raye[rsz]?|barre[rsz]?"
    r"|(?:pas|plus)\s+besoin\s+(?:d[eu']|des)|take|remove|delete|scratch|cross|forget|drop|never\s+mind|nevermind|nvm"
    r"|no\s+need\s+for|(?:don'?t|dont|do\s+not)\s+need|no\s+longer\s+need"
)
_BOUGHT_BEFORE = (
    r"(?:j'?ai|on\s+a|jai|g)\s+(?:bien\s+)?(?:pris|achete|trouve|recupere|chope)|^(?:pris|achete|trouve)"
    r"|coche[rsz]?|^(?:i\s+|we\s+)?(?:just\s+)?(?:got|grabbed|bought|picked\s+up|found)|check\s+off|cross\s+off|tick\s+off"
)
_BOUGHT_AFTER = (
    r"pris|prise|prises|achete|achetee|achetes|achetees|trouve|trouves|trouvee|trouvees|dans\s+le\s+(?:caddie|panier)"
    r"|bought|got\s+it|in\s+the\s+cart|grabbed|picked\s+up|done|check|checked"
)
_NOT_BOUGHT = re.compile(
    r"(?<!\w)(?:rdv|rendez|appointment|rappel|reminder|it|them|that|ca|ça|to|a\s+call|the\s+call|home|back|time"
    r"|medoc\w*|medicament\w*|meds|pills?|douche|shower|bus|train|metro|voiture|car|taxi|uber|kids?|enfants?|gamins?"
    r"|children|petits?|fils|fille|son|daughter|mail|courrier|colis|package|parcel|cle|cles|keys?)(?!\w)"
)
_DONE_FOR = (
    r"(?:c'?est\s+bon|c\s+bon|ok|bon)\s+pour\s+(.+?)[,\s]+(?:je\s+l'?ai|j'?l'?ai|je\s+les\s+ai|j'?les\s+ai)\s+"
    r"(?:achete|pris|trouve)"
)
_EMOJI = re.compile(r"[^\w\s'’,.;:!?+&/()\-½¼¾×]+")
# Money paid ("i paid 40 for groceries", "j'ai claqué 50 en courses", "dropped 60 at the store"): an expense,
# never items to buy, nor items bought.
_PAID = re.compile(
    r"(?<![\w'])(?:paid|pay|paying|payed|spent|spend|spending|dropped|blew|blown|cost|costs|coute|coutent"
    r"|paye|payee|payes|depense|depenses|claque|claquee|lache|regle|reglee)(?![\w])"
)


_FOR_MONEY = re.compile(r"(?<![\w'])(?:for|pour|a|à)\s+[$€£]?\d+(?:[.,]\d+)?\s*[$€£]?\s*[.!]*\s*$")


def _money_paid(low: str) -> bool:
    """A paying verb and a number, or a price at the end ("bought milk and eggs for 12")."""
    return bool((_PAID.search(low) and re.search(r"\d", low)) or _FOR_MONEY.search(low))


@dataclass
class Words:
    """The message's words, kept twice with the same spans: as written (names keep their accents) and folded."""

    text: str
    low: str

    def cut(self, start: int, end: int) -> Words:
        return Words(self.text[:start] + " " + self.text[end:], self.low[:start] + " " + self.low[end:])

    def sub(self, pattern: str) -> tuple[Words, bool]:
        found = False
        words = self
        for _ in range(5):
            m = re.search(pattern, words.low)
            if m is None or m.end() == m.start():
                break
            words, found = words.cut(m.start(), m.end()), True
        return words, found

    def span(self, m: re.Match[str], group: str | int = 0) -> Words:
        start, end = m.span(group)
        return Words(self.text[start:end], self.low[start:end])


def _words(h: Heard) -> Words:
    text = _EMOJI.sub(" ", h.text)
    low = _EMOJI.sub(" ", h.folded)
    return Words(text, low) if len(text) == len(low) else Words(low, low)


# Names that hold a linking word, kept whole: "mac n cheese", "m&m's", "fish and chips", "half and half".
_JOINED_NAMES = (
    r"mac(?:aroni)?\s*(?:n|'n'?|and|&)\s*cheese|fish\s*(?:n|'n'?|and|&)\s*chips|half\s*(?:n|'n'?|and|&)\s*half"
    r"|cookies\s*(?:n|'n'?|and|&)\s*cream|salt\s*(?:n|'n'?|and|&)\s*vinegar|sweet\s*(?:n|'n'?|and|&)\s*sour"
    r"|surf\s*(?:n|'n'?|and|&)\s*turf|shake\s*(?:n|'n'?|and|&)\s*bake|pack\s*(?:n|'n'?|and|&)\s*play"
    r"|chips\s*(?:n|'n'?|and|&)\s*(?:dip|salsa|guac)|franks?\s*(?:n|'n'?|and|&)\s*beans|pork\s*(?:n|'n'?|and|&)\s*beans"
    r"|ben\s*(?:n|'n'?|and|&)\s*jerry'?s|m\s*&\s*m'?s?|pb\s*(?:&|n|and)\s*j|[a-z]&[a-z]\b"
)
# Between items: commas, "et", "and", "&", "+", "puis", "then", "plus", "avec", "with", "/" (not "1/2", not "w/").
_BETWEEN = (
    r"(?<!\d),|,(?!\d)|;|\n|\s+(?:et|and)(?:\s+(?:puis|then))?\s+|\s+(?:puis|then)\s+|\s+&\s*|\s*&\s+|\s+\+\s+"
    r"|\s+plus\s+|\s+with\s+|\s+avec\s+|(?<!\d)(?<!\bw)\s*/\s*(?!\d|o\b)"
)
_LOOSE_AND = r"\s+(?:n|'n'?|n')\s+|(?<=\w)&(?=\w)"  # "milk n bread", "milk&bread": when the parts look like items


def _pieces(words: Words) -> list[str]:
    """The words cut where one item ends and the next begins, not inside a name that holds a linking word."""
    text, low = words.text, words.low
    kept = [m.span() for m in re.finditer(rf"(?<!\w)(?:{_JOINED_NAMES})(?!\w)", low)]
    pieces, start = [], 0
    for m in re.finditer(_BETWEEN, low):
        if m.end() > m.start() and not any(a < m.end() and m.start() < b for a, b in kept):
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    out: list[str] = []
    listed = sum(1 for p in pieces if p.strip()) >= 2
    for piece in pieces:
        if re.search(rf"(?<!\w)(?:{_JOINED_NAMES})(?!\w)", q.fold(piece)):
            out.append(piece)
            continue
        parts = re.split(_LOOSE_AND, piece)
        if len(parts) > 1 and (listed or all(q.aisle(p) is not None for p in parts)):
            out.extend(parts)
        else:
            out.append(piece)
    return out


def split_items(words: Words) -> list[q.Item]:
    """Items in a run of words: "2 l de lait, 500g de farine et du pain", "lait oeufs farine", "eggs, milk n bread"."""
    out: list[q.Item] = []
    for part in _pieces(words):
        part = re.sub(_POLITE, " ", part, flags=re.IGNORECASE)
        part = re.sub(r"^\s*(?:-|\*|•|\d+[.)])\s+", "", part)  # bullets and numbering
        part = part.strip(" .!?:'\"«»-")
        if not part or not re.search(r"[^\W\d_]", part):
            continue
        whole = re.fullmatch(rf"(?:{_JOINED_NAMES})", q.fold(part))
        item = q.Item(name=part) if whole else q.read_item(part)  # "half and half" is no half of anything
        if not item.name:
            continue
        out.extend(_juxtaposed(item))
    return out


def _juxtaposed(item: q.Item) -> list[q.Item]:
    """ "lait oeufs farine": several known items side by side, no quantity, no linking word."""
    words = item.name.split()
    if len(words) < 2 or item.quantity is not None or item.unreadable or item.unit:
        return [item]
    if any(q.fold(w) in {"de", "d", "du", "des", "a", "au", "aux", "of", "the", "la", "le", "en"} for w in words):
        return [item]
    if q.aisle(item.name) is not None and q.name_key(item.name) in q.VOCABULARY:
        return [item]
    if all(q.name_key(w) in q.VOCABULARY for w in words):
        return [q.Item(name=w) for w in words]
    return [item]


def item_args(items: list[q.Item]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        args: dict[str, Any] = {"name": item.name}
        if item.unreadable:
            args["quantity"] = item.unreadable
        elif item.quantity is not None:
            args["quantity"] = str(q.plain(item.quantity))
            if item.unit:
                args["unit"] = item.unit
        out.append(args)
    return out


def _known(items: list[q.Item]) -> bool:
    return bool(items) and all(q.aisle(i.name) is not None for i in items)


def _has(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(rf"(?<![\w'])(?:{pattern})(?!\w)", text)


# --- the rule ------------------------------------------------------------------------------------------------------
def rule(h: Heard) -> list[Candidate]:
    answer = _answer(h)
    if answer is not None:
        return [answer]
    out: list[Candidate] = []
    for reading in (_listing, _removal, _bought, _adding):
        found = reading(h)
        if found is not None:
            out.append(found)
    return out


def _listing(h: Heard) -> Candidate | None:
    low = h.folded
    if _has(r"ingredients?|recettes?|recipes?|rappels?|reminders?|taches?|tasks?|todo", low):
        return None
    call = [ToolCall("list_groceries", {})]
    if h.whole(_LIST_ALONE) or re.fullmatch(r"\s*(?:courses|groceries|grocery|shopping|liste|list)\s*\?+\s*", low):
        return Candidate(0.9, "groceries.list", call)
    asked = _has(_LIST_ASK, low)
    if asked is None:
        return None
    if _has(_ADD_VERB, low[asked.end() :]) and _has(r"add|ajoute|mets|put", low):
        return None  # "what do I need for tacos? add it to the list": a recipe
    if _has(_STORE, low) or _has(r"liste|list", low):
        return Candidate(0.9, "groceries.list", call)
    return Candidate(0.6, "groceries.list", call)


def _removal(h: Heard) -> Candidate | None:
    words = _words(h)
    verb = _has(_REMOVE_VERB, words.low)
    if verb is None or h.asks() or _has(r"rappels?|reminders?|rdv|alarme|taches?|tasks?", words.low):
        return None
    rest = Words(words.text[verb.end() :], words.low[verb.end() :])
    tail = re.search(_LIST_TAIL, rest.low)
    strong = tail is not None
    if tail is not None:
        rest = Words(rest.text[: tail.start()], rest.low[: tail.start()])
    rest = Words(*(re.split(r"[,.;!?]", s)[0] for s in (rest.text, rest.low)))
    rest, _ = rest.sub(
        rf"{_POLITE}|\b(?:off|from|for|pour|de\s+la|du|des|les|le|la|l'|the|my|we\s+have\s+some|anymore|any\s*more"
        r"|no\s+more|no\s+longer|plus|non\s+plus|after\s+all|du\s+tout|either)\s*$"
    )
    about = rest.text.strip(" '\"«»:-")
    about = re.sub(r"^(?:(?:the|my|le|la|les|du|des|de)\s+|l'|d')", "", about, flags=re.IGNORECASE).strip(" '\"«»")
    if not about or len(about.split()) > 5:
        return None
    known = q.aisle(about) is not None
    if not strong and not known:
        return None
    return Candidate(0.93 if strong else 0.8, "groceries.remove", [ToolCall("remove_grocery", {"about": about})])


def _bought(h: Heard) -> Candidate | None:
    words = _words(h)
    low = words.low.strip()
    if (
        _money_paid(low)
        or h.asks()
        or (_has(r"ajoute|add|mets|put|liste\s+de\s+courses\s*:", low) and not _has(r"coche|check\s+off", low))
    ):
        return None
    part: Words | None = None
    before = re.search(rf"(?:{_BOUGHT_BEFORE})(?!\w)\s*", low)
    if before is not None:
        part = Words(words.text[before.end() :], words.low[before.end() :])
        tail = re.search(_LIST_TAIL, part.low)
        if tail is not None:
            part = Words(part.text[: tail.start()], part.low[: tail.start()])
    else:
        pour = re.search(_DONE_FOR, low)
        after = re.search(rf"^(.+?)\s+(?:{_BOUGHT_AFTER})(?:\s+(?:aussi|too|also))?\s*[.!]*$", low)
        m = pour or after
        if m is not None:
            part = words.span(m, 1)
    if part is None:
        return None
    part = Words(*(re.sub(rf"{_POLITE}", " ", s) for s in (part.text, part.low)))
    if _NOT_BOUGHT.search(part.low) or _has(r"j'?ai|i\s+have|we\s+have", part.low):
        return None
    items = split_items(part)
    names = [i.name for i in items if i.name and len(i.name) <= 60]
    if not names or len(names) > 10:
        return None
    known = _known(items) or _has(_GROCERY_WORD, low) is not None or _has(r"liste|list", low) is not None
    rung = bool(h.situation.rung)
    score = 0.85 if known else (0.4 if rung else 0.45)
    return Candidate(score, "groceries.bought", [ToolCall("mark_bought", {"items": names})])


def _adding(h: Heard) -> Candidate | None:
    words = _words(h)
    if _NOT_ITEMS.search(words.low) or re.search(rf"(?:{_BOUGHT_BEFORE})(?!\w)", words.low) or _money_paid(words.low):
        return None
    grocery_word = _has(_GROCERY_WORD, words.low) is not None
    words, labelled = words.sub(_LABEL)
    words, tailed = words.sub(_LIST_TAIL)
    listed = labelled or tailed
    if "?" in words.low and not labelled:
        return None
    chunks: list[Words] = []
    out_of = re.search(rf"(?<![\w'])(?:{_OUT_OF})", words.low)
    if out_of is not None:
        chunks.append(words.span(out_of, "what"))
        words = words.cut(out_of.start(), out_of.end())
    words, pronoun = words.sub(_PRONOUN_CLAUSE)
    verb = re.search(rf"(?:^|(?<=[,.;!]))\s*(?:{_ADD_VERB})(?:\s*:)?", words.low)
    if verb is not None:
        words = words.cut(verb.start(), verb.end())
    if words.low.strip(" ,.;:!-"):
        chunks.append(words)
    items = [i for chunk in chunks for i in split_items(chunk)]
    items = [i for i in items if i.name and len(i.name) <= 120]
    if not items or len(items) > 30:
        return None
    if any(len(i.name.split()) > 5 for i in items):
        return None
    if _time_said(h):
        return None
    known = _known(items)
    quantities = any(i.quantity is not None or i.unreadable for i in items)
    if listed and (grocery_word or known):
        score = 0.9
    elif listed:
        score = 0.65
    elif out_of is not None and (known or pronoun):
        score = 0.85
    elif verb is not None:
        score = 0.85 if known else 0.55
    elif known and (len(items) >= 2 or quantities):
        score = 0.7
    elif known and len(h.folded.split()) <= 3:
        score = 0.45
    else:
        return None
    return Candidate(score, "groceries.add", [ToolCall("add_groceries", {"items": item_args(items)})])


def _time_said(h: Heard) -> bool:
    """A time in the message: a reminder or an event, not a shopping list."""
    from shared.brains.offline.timeparse import parse_time

    try:
        found = parse_time(h.text, now=h.situation.said, lang=h.lang)
    except Exception:  # a parser failure must not hide a shopping list
        return False
    return found is not None


# --- answers to our questions --------------------------------------------------------------------------------------
def _answer(h: Heard) -> Candidate | None:
    pending = h.situation.state.pending
    if pending is None or pending.tool not in {"add_groceries", "mark_bought", "remove_grocery"}:
        return None
    words = _words(h)
    if pending.tool == "remove_grocery" and pending.missing == "item_id" and pending.options:
        number = re.match(r"\s*(\d+)\b", words.low)
        if number and 1 <= int(number.group(1)) <= len(pending.options):
            choice = pending.options[int(number.group(1)) - 1]
            return Candidate(0.95, "groceries.remove.chosen", [ToolCall("remove_grocery", {"item_id": choice})])
        return None
    if pending.missing != "items":
        return None
    if pending.tool == "add_groceries" and pending.args.get("items"):
        asked: list[dict[str, Any]] = [
            dict(i) if isinstance(i, dict) else {"name": str(i)} for i in pending.args["items"]
        ]
        for item in asked:
            try:
                q.read_written(item.get("quantity"), item.get("unit"))
            except q.UnreadableQuantity:
                said = q.read_item(f"{words.text.strip()} _")
                if said.name != "_" and not re.fullmatch(
                    r"(?:sans|aucune?|peu\s+importe|none|any|whatever)", words.low.strip()
                ):
                    return None
                item["quantity"] = (
                    str(q.plain(said.quantity))
                    if said.quantity is not None
                    else (said.unreadable.removesuffix(" _") if said.unreadable else None)
                )
                item["unit"] = said.unit
                return Candidate(0.92, "groceries.add.filled", [ToolCall("add_groceries", {"items": asked})])
        return None
    items = split_items(words)
    if not items or len(items) > 30:
        return None
    if pending.tool == "add_groceries":
        return Candidate(0.9, "groceries.add.filled", [ToolCall("add_groceries", {"items": item_args(items)})])
    return Candidate(0.9, "groceries.bought.filled", [ToolCall("mark_bought", {"items": [i.name for i in items]})])
