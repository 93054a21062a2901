"""Guess whether an SMS is French or English from its words, accents and SMS shorthand."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["fr", "en"]

# Words that are frequent in one language and rare in the other. Words shared by both ("a", "on",
# "me", "ok", "pour"/"pour", "plan") are left out on purpose.
_FR = frozenset("""
le la les un une des du de au aux et est sont suis es ai as avons avez ont je tu il elle nous vous ils elles
ne pas plus rien jamais que qui quoi quand comment pourquoi ou où avec sans pour sur sous dans chez mais donc
ce cet cette ces mon ma mes ta tes sa ses notre nos votre vos leur leurs moi toi lui eux ça ca
c'est j'ai oui ouais non merci bonjour bonsoir salut coucou stp svp rdv demain aujourd'hui hier soir matin
aprem midi minuit heure heures semaine prochain prochaine lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février fevrier avril mai juin juillet août aout septembre octobre novembre décembre decembre
rappelle rappel rappeler faire fais fait faut dois doit peux peut veux veut acheter appeler prendre
médecin medecin mdr ptdr bcp pk pq pcq jsp tkt slt dsl bjr bsr jpp auj ajd dem ds tt tjs vrmt
pr qd mtn jvais chui chuis ouai wsh bref aussi très tres trop encore déjà deja alors bien bon
""".split())
_EN = frozenset("""
the an and is are am was were be been i you he she we they it its my your our their this that these those
to of in at for with from by not don't dont can't cant won't wont do does did have has had will would could
should can what when where why how who which yes yeah yep no nope please pls plz thanks thank thx hi hello hey
tomorrow today tonight yesterday morning afternoon evening noon midnight hour hours week next monday tuesday
wednesday thursday friday saturday sunday january february march april june july august september october
november december remind reminder call buy take get need want go going gonna wanna gotta u ur r lol omg idk
btw brb tmrw tmr 2moro 2day 2nite asap pick up doctor meds appointment just also really very too again already
so but if then about after before snooze done later list
""".split())
_FR_ACCENTS = re.compile(r"[éèêëàâîïôûùçœ]")
_FR_ELISION = re.compile(r"(?<![\w'])(?:j|l|d|qu|c|n|m|t|s)['’]\w")
_EN_CONTRACTION = re.compile(r"\w['’](?:s|ll|m|re|ve|d|t)(?!\w)")
_FR_CLOCK = re.compile(r"(?<!\w)\d{1,2}\s?h(?:\d{2})?(?!\w)")
_EN_CLOCK = re.compile(r"(?<!\w)\d{1,2}(?::\d{2})?\s?(?:am|pm)(?!\w)")
_WORD = re.compile(r"[\w']+")


def detect_language(text: str, *, default: Lang = "fr") -> Lang:
    """Guess fr/en from an SMS (stopwords, accents, common SMS abbreviations); default when unsure."""
    lowered = text.lower().replace("’", "'")
    words = _WORD.findall(lowered)
    fr = sum(1 for w in words if w in _FR)
    en = sum(1 for w in words if w in _EN)
    fr += 2 * len(_FR_ACCENTS.findall(lowered)) + 2 * len(_FR_ELISION.findall(lowered))
    fr += len(_FR_CLOCK.findall(lowered))
    en += len(_EN_CLOCK.findall(lowered)) + 2 * len(_EN_CONTRACTION.findall(lowered))
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return default
