"""French words for times, as people text them (folded: lowercase, no accents)."""

from __future__ import annotations

from shared.brains.offline.time.tokens import Lexicon, LexiconBuilder

_b = LexiconBuilder("fr")
add, phrase = _b.add, _b.phrase

# --- weekdays, months ----------------------------------------------------------------------------------
for i, (full, short) in enumerate(
    [
        ("lundi", ("lun", "lund", "lndi")),
        ("mardi", ("mard",)),
        ("mercredi", ("merc", "mercr", "mercre", "mecredi", "mercedi")),
        ("jeudi", ("jeud",)),
        ("vendredi", ("ven", "vend", "vendr", "vendedi", "vendredie")),
        ("samedi", ("samd", "samdi")),
        ("dimanche", ("dim", "dima", "dimanch", "dimache")),
    ]
):
    add({"wd": i}, full, *short)
    add({"wds": i}, full + "s")
add({"wd_shy": 1}, "mar")
add({"wd_shy": 2}, "mer")
add({"wd_shy": 3}, "jeu")
add({"wd_shy": 5}, "sam")

for i, names in enumerate(
    [
        ("janvier", "janv", "jan", "janvie"),
        ("fevrier", "fevr", "fev", "fevier"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil", "jui", "juillt"),
        ("aout", "aou"),
        ("septembre", "sept", "sep", "setembre"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("decembre", "dec", "decemb"),
    ],
    start=1,
):
    add({"mon": i}, *names)
add({"mon_shy": 3}, "mar")

# --- numbers and ordinals ------------------------------------------------------------------------------
_b.numbers.update(
    {
        "zero": 0,
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
    }
)
_ORD = {
    "premier": 1,
    "premiere": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "sixieme": 6,
    "septieme": 7,
    "huitieme": 8,
    "neuvieme": 9,
    "dixieme": 10,
}
_b.ordinals.update(_ORD)
_b.table("ord", _ORD)
add({"ord": -1, "last": True}, "dernier", "derniere", "derniers", "dernieres", "dernie")
add({"ord": -2}, "avant-dernier", "avant-derniere")

# --- units, parts of the day, days -----------------------------------------------------------------------
for unit, words in {
    "second": ("seconde", "secondes", "sec", "secs"),
    "minute": ("minute", "minutes", "min", "mins", "mn", "mns", "mnt", "mnts", "minut"),
    "hour": ("heure", "heures", "hr", "hrs", "hre", "hres", "heur"),
    "day": ("jour", "jours", "j", "jr", "jrs", "journee", "journees"),
    "week": ("semaine", "semaines", "sem", "sems", "smn"),
    "month": ("mois",),
    "quarter": ("trimestre", "trimestres"),
    "year": ("an", "ans", "annee", "annees"),
}.items():
    add({"unit": unit}, *words)
add({"unit": "quinzaine"}, "quinzaine", "quinzaines")
add({"h": True, "unit": "hour"}, "h")
add({"noon": True}, "midi")
add({"midnight": True}, "minuit")
add({"apostrophe": True}, "'")

add({"part": "morning"}, "matin", "matinee", "matins", "mat", "matinal")
add({"part": "afternoon"}, "aprem", "aprems", "aprm", "apreme", "apres-midi", "aprmidi")
add({"part": "evening"}, "soir", "soiree", "soirs", "swar", "soirees")
add({"part": "night"}, "nuit", "nuits")
add({"part": "lunch"}, "dejeuner", "dej", "dejeune")
add({"part": "day"}, "journee")
phrase({"part": "evening", "this": True}, "2soir", "ce soi", "ce swar", "ce soir-la")
phrase({"part": "night", "this": True}, "cette nuit")
phrase({"dayrel": 0, "noon": True}, "ce midi")
phrase({"part_span": "work_after"}, "apres le travail", "apres le taf", "apres le boulot", "en sortant du travail")
phrase({"part_span": "lunch_after"}, "apres dejeuner", "apres le dejeuner", "apres manger", "apres le repas")
phrase({"part_span": "lunch_before"}, "avant dejeuner", "avant le dejeuner")
phrase(
    {"part_span": "lunch"},
    "pendant le dejeuner",
    "a l'heure du dejeuner",
    "au moment de dejeuner",
    "au moment du dejeuner",
    "a la pause dej",
    "a la pause dejeuner",
    "pause dej",
    "pause dejeuner",
)
phrase({"part_span": "morning_from"}, "des le matin", "des la matinee")

add({"dayrel": 0}, "auj", "ajd", "aujd", "ojd", "auj'", "aujourdhui", "aujourdui", "aujourd'hui", "aujourd hui")
phrase({"dayrel": 0}, "aujourd' hui", "aujourd'hui", "ce jour", "dans la journee", "cette journee")
add({"dayrel": 1}, "demain", "dem", "dmn", "2main", "demin", "dmain", "demian", "deman", "2m1", "domain")
add({"dayrel": 2}, "apres-demain", "apres-dem", "apresdemain", "aprs-demain")
add({"dayrel": -1}, "hier")
add({"dayrel": -2}, "avant-hier", "avanthier")
phrase({"dayrel": 1, "relday": True}, "le lendemain", "lendemain", "le jour d'apres", "le jour suivant", "jour suivant")
phrase({"dayrel": -1, "relday": True}, "la veille", "le jour d'avant", "le jour precedent", "jour precedent")
phrase({"now": True}, "maintenant", "tout de suite", "de suite", "en ce moment", "tt de suite", "asap", "direct")
add({"now": True}, "maintenant", "mtn", "maint", "asap")

# --- seasons, holidays, zones --------------------------------------------------------------------------
add({"season": "spring"}, "printemps")
add({"season": "summer"}, "ete")
add({"season": "autumn"}, "automne")
add({"season": "winter"}, "hiver")

_HOLIDAYS = {
    "christmas": ("noel", "jour de noel", "journee de noel", "la noel"),
    "christmas_eve": ("veille de noel", "reveillon de noel"),
    "new_year_eve": (
        "reveillon",
        "saint-sylvestre",
        "st-sylvestre",
        "reveillon du nouvel an",
        "reveillon du jour de l'an",
    ),
    "new_year": ("jour de l'an", "nouvel an", "premier de l'an", "1er de l'an"),
    "all_saints": ("toussaint", "jour de la toussaint", "journee de la toussaint", "jour des morts"),
    "labour_day": ("fete du travail",),
    "victory_day": ("victoire 1945", "fete de la victoire", "armistice de 1945"),
    "bastille_day": ("fete nationale",),
    "assumption": ("assomption",),
    "armistice": ("armistice", "jour de l'armistice"),
    "easter": ("paques", "dimanche de paques", "jour de paques"),
    "easter_monday": ("lundi de paques",),
    "good_friday": ("vendredi saint",),
    "ascension": ("ascension", "jeudi de l'ascension"),
    "pentecost": ("pentecote", "dimanche de pentecote"),
    "whit_monday": ("lundi de pentecote",),
    "shrove_tuesday": ("mardi gras",),
    "ash_wednesday": ("mercredi des cendres",),
    "candlemas": ("chandeleur",),
    "valentine": ("saint-valentin", "st-valentin", "saint valentin", "st valentin"),
    "mothers_day_fr": ("fete des meres",),
    "fathers_day": ("fete des peres",),
    "halloween": ("halloween",),
    "epiphany": ("epiphanie", "jour des rois", "fete des rois"),
    "music_day": ("fete de la musique",),
    "saint_john": ("saint-jean", "st-jean"),
    "st_patrick": ("saint-patrick", "st-patrick"),
    "april_fools": ("poisson d'avril",),
}
for key, names in _HOLIDAYS.items():
    add({"hol": key}, *names)
phrase({"hol": "christmas_eve", "part": "evening"}, "soir de noel", "le soir de noel")

for zone, names in {
    "CET": ("cet",),
    "CEST": ("cest",),
    "GMT": ("gmt",),
    "UTC": ("utc",),
    "Europe/Paris": (
        "heure de paris",
        "heure francaise",
        "heure de france",
        "heure france",
        "heure paris",
        "heure metropole",
        "heure de la metropole",
    ),
    "America/Toronto": ("heure de montreal", "heure du quebec", "heure de quebec", "heure de l'est"),
    "America/New_York": ("heure de new york", "heure new york"),
    "Europe/London": ("heure de londres", "heure anglaise"),
    "Indian/Reunion": ("heure de la reunion", "heure reunion"),
    "Europe/Brussels": ("heure de bruxelles", "heure belge"),
}.items():
    add({"tz": zone}, *names)

# --- role words ----------------------------------------------------------------------------------------
add({"at": True, "to": True}, "a")
add({"at": True}, "vers", "ver", "environ", "pour", "vrs")
phrase({"at": True}, "aux alentours de", "autour de", "a environ", "sur les coups de", "vers les", "aux environs de")
phrase({"at": True}, "plutot vers", "dans les environs de", "a peu pres a", "approximativement")
add({"the": True}, "le", "la", "l'", "les")
add({"of": True, "from": True}, "de", "d'", "des")
add({"of": True, "from": True, "the": True}, "du")
add({"in": True}, "dans", "ds", "en")
add({"this": True}, "ce", "cet", "cette", "ces")
add({"next": True}, "prochain", "prochaine", "prochains", "prochaines", "proch", "pro", "prochin", "prochaien")
add({"next": True}, "suivant", "suivante", "suivants", "suivantes")
phrase({"next": True}, "d'apres", "qui vient", "qui suit", "a venir")
add({"last": True}, "passe", "passee", "passes", "passees", "precedent", "precedente", "precedents")
phrase({"plus": 7}, "en huit", "en 8")
phrase({"plus": 14}, "en quinze", "en 15")
add({"between": True}, "entre")
add({"and": True}, "et")
add({"to": True, "at": True, "the": True}, "au", "aux")
add({"to": True}, "-")
add({"to": True}, "jusque")
phrase({"to": True, "until": True}, "jusqu'a", "jusqu a", "jusqua")
phrase({"to": True, "until": True, "the": True}, "jusqu'au", "jusqu au", "jusquau", "jusqu'aux")
phrase({"from": True, "after": True}, "a partir de", "a partir d'", "a compter de")
phrase({"from": True, "after": True, "the": True}, "a partir du", "a compter du")
add({"after": True}, "apres", "aprés", "apre")
add({"since": True}, "depuis", "des")
phrase({"after": True}, "plus tard que", "pas avant", "au plus tot")
add({"before": True}, "avant")
phrase({"before": True, "deadline": True}, "d'ici", "d ici", "d'ici a", "d'ici au", "au plus tard", "dici")
phrase({"within": True}, "dans les", "sous", "en moins de")
phrase({"ago": True}, "il y a", "ya", "y a", "il ya", "ilya")
phrase({"later": True}, "plus tard", "+ tard")
phrase({"earlier": True}, "plus tot", "+ tot")
add({"every": True}, "tous", "toutes", "chaque", "ts", "tt", "tte", "ttes", "chq", "chak")
add({"except": True}, "sauf", "hors", "excepte", "hormis")
phrase({"except": True}, "a part", "a l'exception de", "mais pas")
phrase({"every_other": True}, "sur deux", "sur 2")
phrase({"every": True}, "une fois par", "1 fois par", "une fois chaque")
add({"begin": True}, "debut", "commencement")
add({"mid": True}, "mi", "milieu")
add({"end": True}, "fin")
add({"early": True}, "tot")
add({"very": True}, "tres")
add({"half": True}, "demi", "demie", "moitie")
phrase({"half": True}, "et demi", "et demie", "et demi-e")
add({"quarter": True}, "quart", "quarts")
add({"minus": True}, "moins")
add({"past_of": True}, "passe", "passee")
add({"weekend": True}, "week-end", "weekend", "week-ends", "weekends", "we", "wk", "wkend", "wknd", "wek-end")
phrase({"weekdays": True}, "en semaine", "jours de semaine", "jours ouvres", "jours ouvrables")
add(
    {"filler": True},
    "mais",
    "genre",
    "plutot",
    "vers",
    "disons",
    "environ",
    "approximativement",
    "pile",
    "precise",
)
phrase({"filler": True}, "par exemple", "par ex", "a peu pres", "a peu pres vers", "un peu", "plutot vers")
add({"quinz": True}, "quinzaine")
for _w, _f in {
    "quotidiennement": ("DAILY", 1),
    "tlj": ("DAILY", 1),
    "quotidien": ("DAILY", 1),
    "journalier": ("DAILY", 1),
    "hebdomadaire": ("WEEKLY", 1),
    "hebdo": ("WEEKLY", 1),
    "mensuel": ("MONTHLY", 1),
    "mensuellement": ("MONTHLY", 1),
    "annuel": ("YEARLY", 1),
    "annuellement": ("YEARLY", 1),
}.items():
    add({"freq": _f}, _w)
add({"one": True}, "un", "une")
add({"other": True}, "autre")
add({"times": True}, "fois")
add({"during": True}, "pendant", "durant")
add({"per": True}, "par")
add(
    {"counted": True},
    "personnes",
    "personne",
    "fois",
    "euros",
    "euro",
    "balles",
    "enfants",
    "gosses",
    "%",
    "€",
    "$",
    "kg",
    "km",
    "kilos",
    "pourcent",
    "points",
    "pts",
    "gens",
    "places",
)
add({"rest": True}, "reste")
add(
    {"street": True},
    "rue",
    "avenue",
    "av",
    "bd",
    "boulevard",
    "place",
    "chemin",
    "allee",
    "impasse",
    "route",
    "quai",
    "cours",
    "bis",
    "ter",
    "salle",
    "bureau",
    "etage",
    "bat",
    "batiment",
)
add({"month_word": True}, "mois")
add({"year_word": True}, "annee", "an")
add({"week_word": True}, "semaine")
add({"day_word": True}, "jour", "journee")

_b.extra.update(
    {
        "day_first": True,  # 2/4 is the 2nd of April
        "twelve_hour": False,  # 9h is 09:00, never 21:00
        # Parts of the day as spans [lo, hi) when modified ("en fin d'après-midi").
        "part_spans": {
            ("begin", "morning"): (7, 9),
            ("early", "morning"): (7, 9),
            ("mid", "morning"): (9, 11),
            ("end", "morning"): (10, 12),
            ("begin", "afternoon"): (12, 14),
            ("mid", "afternoon"): (14, 17),
            ("end", "afternoon"): (17, 19),
            ("begin", "day"): (6, 10),
            ("mid", "day"): (11, 16),
            ("end", "day"): (17, 21),
            ("begin", "evening"): (18, 21),
            ("end", "evening"): (21, 24),
            ("later", "afternoon"): (12, 19),
            ("later", "evening"): (18, 24),
        },
        "named_spans": {
            "work_after": (17, 21),
            "lunch_after": (13, 17),
            "lunch_before": (10, 12),
            "lunch": (12, 14),
            "morning_from": (4, 12),
        },
        "month_begin_short": 5,  # "début avril": the first five days
        "year_begin_months": 2,  # "en début d'année": January and February
        "year_end_months": 2,
    }
)

FUZZY = (
    "mercredi",
    "vendredi",
    "dimanche",
    "septembre",
    "novembre",
    "decembre",
    "octobre",
    "fevrier",
    "janvier",
    "juillet",
    "aujourdhui",
    "apres-midi",
    "prochain",
    "prochaine",
    "semaine",
    "minutes",
    "demain",
)
LEXICON: Lexicon = _b.build(FUZZY)
