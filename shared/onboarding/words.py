"""What a short answer means, in French or English, typos included: yes, no, a language, a place, a first name,
"skip", and the request to erase everything. Pure: no I/O, table-driven tests in tests/unit/onboarding/.

Tired thumbs mistype: letters repeated ("ouiii"), dropped ("dacord") or swapped ("yse") are forgiven by a
close-match on single words; phrases are matched whole once folded (no accents, no punctuation, one space).
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

Answer = Literal["yes", "no"]

_YES = frozenset(
    {
        "oui", "ouais", "ouai", "ok", "okay", "oki", "okey", "daccord", "dac", "dak", "yes", "yeah", "yep", "yup",
        "y", "o", "sure", "go", "accepte", "jaccepte", "accept", "agree", "iagree", "volontiers", "parfait",
        "cestbon", "cbon", "bien", "biensur", "carrement", "evidemment", "absolument", "allez", "vasy", "top",
        "super", "genial", "perfect", "great", "fine", "alright", "right", "correct", "exact", "exactement",
        "cool", "entendu", "toutafait", "ca marche", "camarche", "cava", "yesplease", "please", "sounds good", "good",
        "bon", "jeveuxbien", "ofcourse", "👍", "✅", "👌",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "non", "no", "nope", "nan", "nah", "n", "jamais", "never", "refuse", "jerefuse", "pasdaccord",
        "nonmerci", "nothanks", "notnow", "pasmaintenant", "disagree", "idontagree", "👎", "❌",
    }
)  # fmt: skip
# Words around a yes or a no that change nothing: "oui merci", "yes please", "ok for me", "no thanks".
_FILLERS = frozenset(
    {
        "merci", "thanks", "thank", "you", "please", "plz", "pls", "stp", "svp", "bien", "sur", "sure",
        "cest", "c", "ca", "me", "va", "for", "pour", "moi", "that", "s", "is", "its", "it", "fine", "ok",
        "daccord", "bonjour", "salut", "hello", "hi", "coucou", "of", "course", "absolument", "totally",
        "oui", "yes", "non", "no", "alors", "well", "bon", "donc", "so", "tout", "a", "fait", "je", "i",
        "suis", "am", "partant", "partante", "in", "go", "agree", "accepte", "jaccepte", "accept", "thx",
        "mrc", "parfait", "good", "great", "perfect", "and", "et", "thing", "pas", "maintenant", "now", "not",
    }
)  # fmt: skip
_SKIP = frozenset(
    {"passer", "passe", "skip", "plus tard", "later", "pas de prenom", "no name", "aucun", "none", "rien"}
)

_NAME_INTROS = (
    r"je m'appelle",
    r"je m appelle",
    r"jm'appelle",
    r"appelle[- ]moi",
    r"appelez[- ]moi",
    r"moi c'est",
    r"c'est",
    r"mon (?:pr[ée]nom|nom) (?:c'est|est)",
    r"my name is",
    r"my name's",
    r"name's",
    r"call me",
    r"i'm",
    r"i am",
    r"it's",
    r"this is",
)
_NAME_INTRO = re.compile(r"^\s*(?:" + "|".join(_NAME_INTROS) + r")\s+(?P<name>.+?)\s*[.!]*\s*$", re.IGNORECASE)
_COURTESY = frozenset({  # words that follow a yes without being a name: "oui merci", "yes perfect"
    "merci", "thanks", "thank", "thx", "parfait", "super", "top", "genial", "cool", "bien", "bon", "ok", "okay",
    "nickel", "great", "perfect", "please", "stp", "svp", "exactement", "exactly", "correct", "impeccable",
    "excellent", "tres",
})  # fmt: skip
_NOT_IN_NAMES = frozenset({"moi", "toi", "me", "nous", "vous", "le", "la", "les", "lui", "y", "en", "you", "it"})
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*$")

# The request to erase everything: a verb to erase and the whole of it as its object. "supprime le rappel"
# or "delete my last note" are not it (a verb alone never is).
_ERASE_VERBS = (
    "supprime", "supprimer", "supprimez", "supprim", "efface", "effacer", "effacez", "detruis", "detruire",
    "delete", "erase", "remove", "wipe", "destroy", "forget", "oublie", "oublier",
)  # fmt: skip
_ERASE_OBJECTS = (
    "mes donnees", "toutes mes donnees", "tout", "mon compte", "tout de moi", "toutes mes infos", "mes infos",
    "mes informations", "my data", "all my data", "my account", "everything", "all of my data", "me",
    "all my info", "my info", "all my information", "my information", "everything about me",
    "tout sur moi", "moi",
)  # fmt: skip
_ERASE_PREFIX = re.compile(r"^(?:(?:stp|svp|please|pls|merci de|peux tu|peux-tu|can you|could you)\s+)+")
_ERASE_SUFFIX = re.compile(r"(?:\s+(?:stp|svp|please|pls|merci|thanks|now|maintenant|svp stp))+$")


def folded(text: str) -> str:
    """Lowercase, no accents, apostrophes and punctuation dropped, one space between words."""
    from shared.brains.offline._lexicon import fold

    plain = fold(text.replace("’", "'")).replace("'", "")
    return " ".join(re.sub(r"[^\w\s👍✅👌👎❌]", " ", plain).split())


def _squeeze(word: str) -> str:
    """ "ouiiii" -> "oui", "yesss" -> "yes" (a letter held down); doubled letters that belong stay findable."""
    return re.sub(r"(.)\1+", r"\1", word)


def _close(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary or _squeeze(word) in vocabulary:
        return True
    if len(word) < 3:
        return False
    if any(len(v) == len(word) and sorted(v) == sorted(word) for v in vocabulary):  # "yse", "oiu"
        return True
    return bool(difflib.get_close_matches(word, [v for v in vocabulary if len(v) >= 4], n=1, cutoff=0.8))


def yes_or_no(text: str) -> Answer | None:
    """ "yes" or "no" when the message is an answer of that kind (with polite words around it), else None
    (a question, a request, both at once, anything unclear)."""
    words = folded(text).split()
    if not words or len(words) > 8:
        return None
    joined = "".join(words)
    if joined in _YES or " ".join(words) in _YES:
        return "yes"
    if joined in _NO or " ".join(words) in _NO:
        return "no"
    yes = any(_close(w, _YES) for w in words if w not in ("bien", "sur", "good", "fine", "please", "bon"))
    no = any(w in _NO or (len(w) >= 3 and _squeeze(w) in _NO) for w in words)
    if yes == no:  # neither, or "oui non"
        return None
    rest = [w for w in words if not (_close(w, _YES) if yes else (w in _NO or _squeeze(w) in _NO))]
    if any(w not in _FILLERS for w in rest):
        return None
    return "yes" if yes else "no"


def skipped(text: str) -> bool:
    """ "skip", "passer", "plus tard": the person does not want to answer this one."""
    plain = folded(text)
    return plain in _SKIP or any(_close(w, frozenset({"passer", "skip"})) for w in plain.split()[:1])


def language_named(text: str) -> str | None:
    """ "fr" or "en" when the message only names a language ("english", "en anglais stp", "francais")."""
    words = [w for w in folded(text).split() if w not in {"en", "in", "stp", "svp", "please", "plutot", "rather"}]
    if len(words) != 1:
        return None
    vocabulary = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en", "fr": "fr", "eng": "en"}
    match = difflib.get_close_matches(words[0], list(vocabulary), n=1, cutoff=0.8)
    return vocabulary[match[0]] if match else None


def first_name(text: str) -> str | None:
    """The first name in "je m'appelle Léa", "call me Sam", "Léa" alone, "oui, Léa" or "oui c'est Léa"; None
    otherwise."""
    raw = " ".join(text.replace("’", "'").split()).strip(" .!")
    lead = re.match(r"^(?P<yes>[^\s,]+)\s*,?\s+(?P<rest>.+)$", raw)
    if lead is not None and yes_or_no(lead["yes"]) == "yes":  # "oui c'est Inès", "oui Léa", "yes I'm Sam"
        raw = lead["rest"].strip(" .!")
    intro = _NAME_INTRO.match(raw)
    candidate = intro["name"] if intro else raw
    parts = candidate.split(",", 1)
    if len(parts) == 2 and yes_or_no(parts[0]) == "yes":  # "oui, Léa"
        candidate = parts[1].strip(" .!")
    words = candidate.split()
    if not 1 <= len(words) <= 2 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if any(part in _NOT_IN_NAMES for part in re.split(r"[-'’\s]", folded(candidate.replace("-", " ")))):
        return None  # "rappelle-moi", "dis-moi": a request cut short, not a name
    if yes_or_no(candidate) is not None or language_named(candidate) is not None or skipped(candidate):
        return None
    if all(word in _COURTESY for word in folded(candidate).split()):  # "oui merci", "oui très bien": a yes
        return None
    if len(candidate) > 60:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def wants_erasure(text: str) -> bool:
    """The person asks to erase everything Boussole holds ("supprime mes données", "efface tout", "delete my
    account", typos forgiven). Only the whole of it counts: "supprime ce rappel" is not."""
    plain = _ERASE_SUFFIX.sub("", _ERASE_PREFIX.sub("", folded(text)))
    words = plain.split()
    if len(words) < 2 or len(words) > 7:
        return False
    verb, rest = words[0], " ".join(words[1:])
    verbs = frozenset(_ERASE_VERBS)
    if not (verb in verbs or difflib.get_close_matches(verb, list(verbs), n=1, cutoff=0.8)):
        return False
    objects = list(_ERASE_OBJECTS)
    return rest in objects or bool(difflib.get_close_matches(rest, objects, n=1, cutoff=0.85))


def zone_or_place(text: str) -> str | None:
    """The IANA zone of a city, region or zone name ("Montréal", "heure de l'est", "Europe/Paris"); None otherwise."""
    from shared.users.service import zone_of

    return zone_of(text)
