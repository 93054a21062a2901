"""Offline understanding of the memory slice's requests, French and English, SMS style.

- Explicit: "souviens-toi que…", "garde en mémoire…", "keep in mind that…", "remember (that) Sam hates
  cilantro" when what follows states a fact (a verb such as is, hates, lives); "remember the milk" is the
  reminders' and "remember that idea for the garden" a note ("retiens que…" stays the notes slice's; notes are
  searched by `recall` too).
- Facts said in passing, stored quietly: people and their roles ("mon dentiste c'est le Dr Roy", "Léa c'est
  ma voisine"), codes ("le digicode de Léa est 12B45"), where things are ("les clés sont dans le tiroir",
  "i put my passport in the top drawer"), preferences ("Sam déteste la coriandre", "i'm allergic to
  peanuts"), birthdays ("l'anniv de maman c'est le 3 mai", "my sister's birthday is june 3"), where the car is
  parked ("garé au P2 place 118", "parked on level 3 spot 42") and other personal facts ("my shoe size is 9").
- Questions about them go to `recall` ("c'est quoi le digicode de Léa ?", "who's my dentist", "où sont les
  clés", "où j'ai garé la voiture", "where did i park"; "whos my dentst" forgives one typo in the role), "qu'est-ce
  que tu sais sur moi" to `about_me`, "oublie le digicode" to `forget`.

Scores are honest: a strong trigger ("souviens-toi", "oublie ce que je t'ai dit") scores high, a fact shape
in an ordinary message scores lower than another domain's explicit words (a note, a reminder, a list)."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.timeparse import parse_time

EMOJI = re.compile(r"[\u2600-\u27bf\U0001F000-\U0001FAFF\ufe0f]+")

# --- word tables (folded: lowercase, no accents) ---------------------------------------------------------------
# People by their role for the person: "mon dentiste", "la prof de Léo", "my landlord".
ROLE = (
    r"dentiste|medecin(?:\s+traitant)?|docteur|doc|generaliste|kine|kinesitherapeute|psy|psychologue|psychiatre"
    r"|therapeute|osteo(?:pathe)?|ophtalmo(?:logue)?|orthophoniste|orthodontiste|dermato(?:logue)?|gyneco(?:logue)?"
    r"|pediatre|cardiologue|infirmiere?|pharmacien(?:ne)?|sage[\s-]femme|veto|veterinaire|coiffeu(?:r|se)|coach"
    r"|voisine?s?|patron(?:ne)?|boss|cheff?e?|manager|responsable|n\+1|collegues?|prof(?:esseur)?|maitresse|maitre"
    r"|instit(?:utrice|uteur)?|directrice|directeur|dirlo|principal(?:e)?|nounou|baby[\s-]?sitter|plombier|electricien|garagiste|mecano|comptable|avocat(?:e)?"
    r"|notaire|banquier(?:e)?|conseill(?:er|ere)(?:\s+\w+)?|proprio|proprietaire|bailleur|gardien(?:ne)?|concierge"
    r"|femme\s+de\s+menage|menagere?|parrain|marraine|filleul(?:e)?|meilleure?\s+amie?|meilleur\s+pote|pote|copine?"
    r"|cop(?:ain|ine)|mari|femme|conjoint(?:e)?|compagne?|compagnon|ex|frere|soeur|cousine?|oncle|tante|beau[\s-]frere"
    r"|belle[\s-]soeur|belle[\s-]mere|beau[\s-]pere|neveu|niece|grand[\s-]mere|grand[\s-]pere|mamie|papi|assistante?"
    r"|dentist|doctor|gp|physician|therapist|shrink|psychiatrist|counselor|counsellor|physio(?:therapist)?"
    r"|chiropractor|pt|optometrist|eye\s+doctor|pediatrician|paediatrician|ob-?gyn|dermatologist|nurse|pharmacist"
    r"|vet|hairdresser|barber|stylist|trainer|personal\s+trainer|neighbou?rs?|landlord|landlady|super|boss|manager"
    r"|supervisor|coworkers?|co-workers?|colleagues?|teacher|tutor|coach|nanny|babysitter|sitter|plumber|electrician"
    r"|mechanic|accountant|lawyer|attorney|banker|advisor|adviser|case\s+worker|caseworker|sponsor|godmother"
    r"|godfather|best\s+friend|bff|bestie|girlfriend|boyfriend|gf|bf|husband|wife|partner|spouse|brother|sister"
    r"|cousin|uncle|aunt|nephew|niece|grandma|grandpa|granny|mother[\s-]in[\s-]law|father[\s-]in[\s-]law|assistant"
    r"|pa|roommates?|roomies?|room\s+mates?|flatmates?|housemates?|colocs?|colocataires?|mec|meuf|cheri|cherie"
)
# Family words that name a person on their own: "maman", "mom", "mon fils".
KIN = (
    r"maman|mama|mere|papa|pere|mon\s+fils|ma\s+fille|ma\s+soeur|mon\s+frere|mon\s+mari|ma\s+femme|mamie|papi"
    r"|mom|mum|mommy|mother|dad|daddy|father|my\s+son|my\s+daughter|my\s+sister|my\s+brother|my\s+husband|my\s+wife"
    r"|grandma|grandpa|granny|the\s+kids|les\s+enfants|les\s+petits"
)
# Secrets and codes: "le digicode", "the wifi password", "code de la porte".
CODE = (
    r"digicodes?|codes?(?:\s+(?:wifi|wi-fi|porte|portail|immeuble|entree|alarme|cadenas|carte|pin|secret|d'acces"
    r"|de\s+(?:la\s+)?(?:porte|portail|l'immeuble|l'entree|l'alarme|la\s+carte|la\s+boite|la\s+cave|garage)"
    r"|du\s+(?:portail|garage|cadenas|casier|velo|wifi|parking)))?"
    r"|mots?\s+de\s+passe(?:\s+(?:du\s+)?wifi)?|mdp(?:\s+wifi)?|wifi|wi-fi|pin|code\s+pin|interphone|combinaison"
    r"|(?:door|gate|building|front\s+door|alarm|garage|lock|locker|bike\s+lock|entry|access|wifi|wi-fi|pin)\s+codes?"
    r"|passwords?|passcodes?|pw|pwd|wifi\s+(?:password|pw|pwd)|combination|combo"
)
# Other personal facts worth keeping: sizes, numbers, addresses, plates.
FACT = (
    r"taille(?:\s+de\s+(?:chaussures?|pantalon|t-?shirt|haut|bague|robe))?|pointure|groupe\s+sanguin"
    r"|plaque(?:\s+d'immatriculation)?|immatriculation|immat|numero(?:\s+(?:de\s+\w+|client|d'adherent|fiscal"
    r"|de\s+secu|de\s+securite\s+sociale|de\s+telephone|de\s+tel|de\s+portable))?|num|tel|portable|adresse(?:\s+mail)?"
    r"|e-?mail|mail|etage|appart(?:ement)?|boite\s+aux\s+lettres|casier|place\s+de\s+parking|mutuelle"
    r"|(?:shoe|ring|dress|shirt|pant|pants|jeans)\s+size|size|blood\s+type|license\s+plate|licence\s+plate|plate"
    r"|plate\s+number|(?:phone|cell|member(?:ship)?|account|customer|policy|insurance|ssn|social\s+security)"
    r"\s+(?:number|#|no)|number|phone|cell|address|email\s+address|floor|apartment|apt|unit|locker(?:\s+number)?"
    r"|mailbox|parking\s+spot|parking\s+space|insurance"
)
BIRTHDAY = r"anniv\w*|annif|date\s+de\s+naissance|birthday|bday|b-day|birth\s+date|date\s+of\s+birth|dob"
# Everyday things people lose: "les clés", "my passport".
THING = (
    r"cles?|clefs?|double\s+des\s+cles|trousseau|passeports?|papiers|carte\s+(?:vitale|grise|d'identite|bleue"
    r"|de\s+credit)|cni|permis|portefeuille|porte[\s-]?monnaie|lunettes|chargeurs?|telecommande|casque|ecouteurs"
    r"|doudou|parapluie|sac|valise|carnet\s+de\s+sante|ordonnances?|medocs?|medicaments?|pilules?|livret\s+de\s+famille"
    r"|contrat|factures?|bijoux|alliance|montre|velo|voiture|bagnole|moto|trottinette|badge|ticket|billets?|outils"
    r"|perceuse"
    r"|keys?|spare\s+key|house\s+keys?|car\s+keys?|passports?|wallet|purse|glasses|sunglasses|charger|remote"
    r"|headphones|earbuds|airpods|umbrella|bag|backpack|suitcase|meds|medication|pills|prescription|inhaler"
    r"|birth\s+certificate|documents|papers|id|license|licence|jewelry|jewellery|ring|watch|bike|car|scooter"
    r"|motorbike|motorcycle|truck|van"
    r"|tools|drill|tickets?|badge|key\s+card|keycard|checkbook|chequebook"
)
# What people park, and the words a parking memory is found by: "la voiture", "my bike".
VEHICLE = r"voiture|bagnole|auto|moto|scooter|velo|trottinette|camion|van|car|bike|motorbike|motorcycle|truck"
_PARK_WORD = {"fr": "garé", "en": "park"}  # found as prefixes: garée, parked, parking
_VEHICLE_WORD = {"fr": "voiture", "en": "car"}
# Words that belong to another domain: a fact shape around them is that domain's business.
OTHER_DOMAIN = (
    r"rappels?|rappelle[\s-]*moi|remind(?:er)?s?|notes?|listes?|lists?|courses|groceries|panier|cart|taches?|tasks?"
    r"|todo|rdv|rendez[\s-]?vous|reunions?|meetings?|appointments?|appts?|recettes?|recipes?|budget|depenses?"
    r"|expenses?|agenda|calendrier|calendar|objectifs?|goals?|fuseau|timezone|time\s+zone|langue|language"
)
# What a body does not take: foods, medicines, allergens ("je supporte pas le lactose", "i can't have gluten").
INTOLERANCE = (
    r"lactose|gluten|lait|produits\s+laitiers|laitages?|fromages?|oeufs?|arachides?|cacahuetes?|noix|noisettes"
    r"|amandes|fruits\s+a\s+coques?|fruits\s+de\s+mer|crustaces|poissons?|porc|viande|alcool|cafe|cafeine|epices"
    r"|piment|ail|oignons?|soja|ble|sesame|fraises?|kiwis?|penicilline|aspirine|ibuprofene|antibiotiques?|latex"
    r"|pollens?|acariens|poils\s+de\s+chats?|sulfites|moutarde|celeri|lupin|sucre|sel|caffeine"
    r"|dairy|milk|cheese|eggs?|peanuts?|nuts|tree\s+nuts|almonds|shellfish|seafood|fish|pork|meat|alcohol|booze"
    r"|coffee|spicy\s+food|spice|garlic|onions?|soy|wheat|strawberries|penicillin|aspirin|ibuprofen|antibiotics"
    r"|pollen|dust|cats?|mustard|celery|sugar|sulfites|msg"
)
AMOUNT = r"\d+(?:[.,]\d+)?\s*(?:€|\$|eur|euros?|balles|dollars?|bucks)|[€$]\s*\d"
_LEAD = (
    r"^(?:(?:ok|okay|alors|bon|au\s+fait|btw|fyi|pour\s+info|pr\s+info|info|pour\s+ta\s+gouverne|finalement|en\s+fait"
    r"|actually|oh|et|and|aussi|also|so|donc|hey|salut|coucou|hello|hi|euh|genre|ah|maintenant|now|desormais"
    r"|just\s+so\s+you\s+know|jsyk|for\s+the\s+record|petite\s+info|new|nouveau)[\s,:!.-]+)*"
)
_TAIL = r"[\s,;.!]*(?:stp|svp|please|pls|plz|merci|thanks|thx|ok|okay|btw|fyi|lol|mdr|:\)|;\))?[\s.!]*$"
_QUESTION = re.compile(
    r"\?|^(?:c'?\s*est\s+(?:quoi|qui|quand|ou|comment)|c\s+(?:quoi|koi|qui|ki|quand|ou)|cest\s+(?:quoi|koi|qui|quand)"
    r"|quel(?:le)?s?|qui|ou|quand|comment|est[\s-]ce|qu'?est[\s-]ce|what|whats|what's|wat|who|whos|who's|where"
    r"|wheres|where's|when|whens|when's|which|how|do|does|did|is|are|was|tu\s+(?:sais|te\s+souviens|connais))\b"
)
_PRONOUN_SUBJECT = r"il|elle|ils|elles|on|ca|ce|cela|tu|vous|nous|he|she|they|it|this|that|you|we|there|here|who"
_STOP_WORDS = """
    le la les l de du des d un une au aux a the my mon ma mes ton ta tes your our notre nos of for to is est c
    ce cest c'est s quoi koi what whats wat qui who where ou quand when deja again already encore stp svp please
    pls plz merci thanks tu te t you u me moi m que qu que qu' dis dit said sais know savais knew souviens
    souvenir remember recall rappelles rappelle rappeler remind on about abt sur sont are was etait c'etait do
    does did et and il elle its it's it est-ce qu'est-ce estce j je i my ai have has avais had lol mdr am suis
    myself moi-meme concernant comment appelle s'appelle called named name nom told tell t'avais
"""
_STOP = frozenset(_STOP_WORDS.split())
# Words that make "X est Y" an opinion or a state, not a name: "mon patron est chiant".
_NOT_A_NAME_WORDS = """
    so very really super trop tres vraiment pas not no plus sick malade malades late retard away absent absente
    back here home nice mean great awful terrible cool sympa gentil gentille mechant mechante chiant chiante nul
    nulle bien good bad fine ok okay better worse mieux pire tired fatigue fatiguee busy occupe occupee angry
    fache fachee happy content contente sad triste out in on off gone parti partie there ici la-bas weird
    bizarre annoying drole funny un une a an the le la les mon ma my your ton ta en at a moi me toi you lui him
    her elle il top genial nice cute mignon mignonne beau belle pretty vieux vieille old young jeune new nouveau
    nouvelle enceinte pregnant mort dead vivant alive ouf fou folle crazy stressed stresse stressee toujours
    always jamais never encore still really trop too
"""
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())


def rule(h: Heard) -> list[Candidate]:
    text = EMOJI.sub(lambda m: " " * len(m.group()), h.folded)
    found: list[Candidate] = []
    for reader in (_answer, _about_me, _forget, _explicit, _recall, _fact):
        found += reader(h, text)
    return found


# --- helpers ---------------------------------------------------------------------------------------------------
def _original(h: Heard, start: int, end: int) -> str:
    """The person's own words for a span of the folded text, trimmed of edge punctuation and politeness."""
    words = h.text[start:end]
    words = re.sub(r"[\s,;:.!?…\"«»“”()-]+$", "", words)
    words = re.sub(_TAIL, "", words, flags=re.IGNORECASE)
    return words.strip(' \t\n,;:.!?…"«»“”()-')


def _query(h: Heard, start: int, end: int) -> str:
    """What a question is about, in the person's words, without question words, articles and politeness."""
    folded = h.folded[start:end]
    kept = []
    for m in re.finditer(r"[\w'-]+", folded):
        word = m.group(0).strip("'-")
        bare = re.sub(r"^(?:l|d|qu|c|j|m|t|s)'", "", word)
        if word in _STOP or bare in _STOP or not bare:
            continue
        original = h.text[start + m.start() : start + m.end()].strip("'-")
        original = re.sub(r"^(?:[lLdDjJmMtTsScC]|[qQ][uU])['’]", "", original)
        original = re.sub(r"['’]s$", "", original)
        kept.append(original)
    return " ".join(kept)


def _has_time(h: Heard, text: str) -> bool:
    """A time or a day in the message ("demain", "à 15h", "tmrw"): events and reminders, not facts."""
    return parse_time(text, now=h.situation.said, lang=h.lang) is not None


def _other_domain(text: str) -> bool:
    return re.search(rf"(?<!\w)(?:{OTHER_DOMAIN})(?![\w'])", text) is not None


def _place_words(text: str) -> bool:
    return re.search(r"(?<!\w)(?:adresses?|address(?:es)?|addy|cabinet|office|location)(?![\w'])", text) is not None


def _distress(h: Heard) -> bool:
    return bool(h.has(h.table.DISTRESS) or h.has(h.table.CRISIS))


def _remember(score: float, intent: str, content: str, category: str) -> Candidate:
    args: dict[str, object] = {"content": content}
    if category:
        args["category"] = category
    return Candidate(score, intent, [ToolCall("remember", args)])


def _recall(h: Heard, text: str) -> list[Candidate]:
    for reader in (
        _recall_parked,
        _recall_explicit,
        _recall_rappelle,
        _recall_who,
        _recall_code,
        _recall_where,
        _recall_birthday,
    ):
        found = reader(h, text)
        if found:
            return found
    return _recall_preference(h, text)


def _recall_call(score: float, query: str) -> list[Candidate]:
    if not query:
        return []
    return [Candidate(score, "memory.recall", [ToolCall("recall", {"query": query})])]


# --- about me --------------------------------------------------------------------------------------------------
_ME = (
    r"(?:sur|de|a\s+propos\s+de|concernant)\s+(?:moi|ma\s+pomme|mwa|moa)(?:[\s-]meme)?|me\s+concernant"
    r"|(?:about|abt|on|of|regarding)\s+(?:me|myself)"
)
_KNOW = (
    r"sais|sait|connais|retenu|retiens|souviens|rappelles|memoire|memorise|as\s+en\s+tete|know|knw|remember|recall"
    r"|memory|stored|saved|got|have|kept|learned|learnt|enregistre|garde|stocke|sauvegarde|note|appris|infos?"
    r"|informations?|donnees|told|tell|said|written|recorded|noted|info|data|details|facts"
)
_ABOUT_ME = re.compile(
    rf"(?:{_KNOW})(?:\s+[\w']+){{0,4}}?\s+(?:{_ME})(?![\w'])"
    r"|(?:ta|your)\s+memoire|(?:ta|your)\s+memory|mes\s+souvenirs|my\s+memories|(?:tes|your)\s+souvenirs"
    r"|(?:ce\s+que|tout\s+ce\s+que|qu'?est[\s-]ce\s+que)\s+(?:tu\s+as|t'?as)\s+(?:retenu|en\s+memoire|memorise)"
    r"|(?:t'?as|tu\s+as)\s+retenu\s+quoi"
    r"|what\s+(?:have|did)\s+i\s+(?:told|tell)\s+(?:you|u)(?:\s+so\s+far)?\s*\??$"
    r"|what\s+(?:do|did)\s+(?:you|u)\s+(?:remember|know)\s*\??$"
    r"|(?:tu\s+)?me\s+connais\s+(?:bien\s+)?\?"
    r"|(?:qui\s+suis[\s-]je|who\s+am\s+i)\s*\?"
    r"|(?:liste|list|montre|show|affiche|donne|give|dis|tell)[\s-]*(?:moi|me)?\s+(?:tous\s+|all\s+)?(?:mes|my)\s+"
    r"(?:souvenirs|memories|infos|donnees)"
    r"|(?:how\s+well|how\s+much)\s+do\s+(?:you|u|ya)\s+know\s+me|(?:tu|t')\s*me\s+connais\s+(?:bien|vraiment|si\s+bien)"
    r"|(?:do|did)\s+(?:you|u|ya)\s+(?:really\s+)?know\s+me\s*\?"
)
# "liste…", "list what you remember": a verb here, not the name of a list.
_LIST_VERB = re.compile(r"^(?:\W*)(?:liste|list|lister|montre|show)(?=\s)")


def _about_me(h: Heard, text: str) -> list[Candidate]:
    m = _ABOUT_ME.search(text)
    # "t'as noté quoi sur moi": noted by Boussole, not a note of the person's
    noted = r"(?:t'?\s*as|tu\s+as|(?:you|u)(?:'ve|\s+have)?)\s+(?:note|noted)(?!\w)"
    verbs = re.sub(noted, " ", _LIST_VERB.sub("", text))
    if m is None or _other_domain(verbs):
        return []
    if re.search(rf"(?<![\w'])(?:oubli\w*|{_FORGET_VERB})(?![\w])", text):
        return []
    return [Candidate(0.92, "memory.about_me", [ToolCall("about_me", {})])]


# --- forget ----------------------------------------------------------------------------------------------------
_FORGET_VERB = (
    r"oublie|oublies|oublier|oubliez|efface|effaces|effacer|supprime|supprimes|supprimer|vire|retire|enleve"
    r"|forget|delete|erase|remove|wipe"
)
_NEGATED = r"(?:n'?|ne\s+)?oublie[sz]?\s+pas|pas\s+oublier|(?:don'?t|do\s+not|dont|never)\s+(?:let\s+me\s+)?forget"
_MEMORY_WORDS = (
    r"(?:ce\s+que|tout\s+ce\s+que)\s+(?:je\s+t'?ai\s+dit|tu\s+sais|tu\s+as\s+retenu|t'?as\s+retenu)"
    r"|what\s+(?:i\s+(?:told|said\s+to)\s+(?:you|u)|(?:you|u)\s+know|(?:you|u)\s+remember)"
    r"|(?:le|ce|mon|the|that|my)\s+souvenir|(?:la|cette|the|that|my)\s+(?:memoire|memory)|de\s+ta\s+memoire"
    r"|from\s+(?:your\s+)?memory|everything\s+(?:i\s+(?:told|said\s+to)\s+(?:you|u)|(?:you|u)\s+know)"
)
_ABOUT_LEAD = (
    r"^(?:(?:tout\s+)?(?:ce\s+que|ce\s+qu')\s*(?:je\s+t'?ai\s+dit|tu\s+sais|tu\s+as\s+retenu|t'?as\s+retenu)"
    r"|(?:everything\s+|all\s+)?what\s+(?:i\s+(?:told|said\s+to)\s+(?:you|u)|(?:you|u)\s+know|(?:you|u)\s+remember)"
    r"|everything\s+(?:i\s+told\s+(?:you|u)|(?:you|u)\s+know)|the\s+(?:memory|fact)|le\s+souvenir|la\s+memoire"
    r"|the\s+thing|le\s+truc)?\s*"
    r"(?:(?:sur|de|du|des|d'|concernant|a\s+propos\s+(?:de|du|des|d')|about|abt|on|re|regarding|of)\s*)?"
)


# "je me suis trompé", "c'était pas le bon code", "i got it wrong": why the last thing kept must go.
_MISTAKE = (
    r"je\s+me\s+suis\s+trompee?|(?:je\s+)?me\s+suis\s+trompee?|j'?\s*ai\s+(?:dit\s+)?(?:n'importe\s+quoi|faux|une\s+betise)"
    r"|c'?\s*(?:etait|est)\s+(?:une\s+erreur|faux|pas\s+(?:ca|le\s+bon|la\s+bonne|les\s+bons|juste|vrai))|c\s+faux|erreur"
    r"|trompee?|i\s+(?:got\s+(?:it|that)\s+wrong|was\s+wrong|made\s+a\s+(?:mistake|typo)|messed\s+up|mixed\s+up)"
    r"|(?:that|it)\s+was\s+wrong|(?:that'?s|thats|it'?s|its)\s+wrong|wrong\s+\w+|my\s+bad|mistake|typo|oops"
)
# Something not named: "oublie un truc que je t'ai dit", "forget something i told you": the tool asks which.
_SOMETHING = (
    r"(?:un\s+truc|une\s+chose|quelque\s+chose|qqch|qqc|un\s+souvenir|something|a\s+thing|one\s+thing|some\s+stuff"
    r"|a\s+memory)(?:\s+(?:que\s+je\s+t'?\s*(?:ai|avais)\s+dit|i\s+(?:told|said\s+to)\s+(?:you|u)|i\s+said))?"
)
# "jveux plus que tu te souviennes de mon ex", "stop remembering stuff about my ex".
_STOP_REMEMBERING = re.compile(
    r"(?:(?:je\s+|j'?\s*)(?:veux|voudrais)\s+(?:plus|pas)\s+que\s+tu\s+(?:te\s+souviennes|saches|retiennes|gardes"
    r"|te\s+rappelles|gardes\s+en\s+memoire)|arrete\s+de\s+(?:te\s+souvenir|retenir|garder\s+en\s+memoire)"
    r"|ne\s+(?:te\s+souviens|retiens)\s+(?:plus|pas)|(?:stop|quit)\s+remembering"
    r"|i\s+(?:don'?t|dont|do\s+not)\s+want\s+(?:you|u)\s+to\s+(?:remember|know)|^(?:don'?t|dont|do\s+not)\s+remember)"
    r"(?:\s+(?:stuff|things|anything|everything|tout|rien|de\s+rien))?"
    r"\s*(?:de|du|des|d'|sur|about|abt|on|regarding)?\s*(?P<about>[^,.;!?]+)"
)


_SUBJECT = (
    r"j'|(?:je|jsuis|chuis|i|im|i'm|i've|ive|my|mon|ma|mes|[\w-]+\s+(?:est|a|is|has|was|hates?|loves?|likes?|deteste"
    r"|aime|adore|s'appelle|lives|habite|works|bosse|travaille))(?![\w])"
)


def _forgotten_clause(h: Heard, text: str, verb: re.Match[str]) -> str:
    """The fact a "forget that <clause>" names, without the conjunction: "que je suis allergique aux noix"."""
    start = verb.end()
    rest = text[start:]
    if re.search(r"\sthat$", verb.group(0)):  # the verb's pattern took "that" as a pronoun
        start += len(rest) - len(rest.lstrip())
    else:
        conj = re.match(r"\s*(?:que\s+|qu'\s*|that\s+)", rest)
        if conj is None:
            return ""
        start += conj.end()
    if not re.match(_SUBJECT, text[start:]):
        return ""
    cut = re.search(r"[,;.!?]|\s(?:parce|car|because|since)\s", text[start:])
    return _query(h, start, start + cut.start() if cut else len(text))


def _forget(h: Heard, text: str) -> list[Candidate]:
    if re.search(rf"(?<!\w)(?:{_NEGATED})(?![\w])", text):
        return []
    stop = _STOP_REMEMBERING.search(text)
    if stop is not None and not _other_domain(text):
        about = _query(h, *stop.span("about"))
        if about:
            return [Candidate(0.9, "memory.forget", [ToolCall("forget", {"about": about})])]
    m = re.search(rf"(?<!\w)(?:{_FORGET_VERB})(?:[\s-]*(?:moi|le|la|les|ca|it|that|this))?(?![\w'])", text)
    if m is None:
        return []
    rest = text[m.end() :]
    # "oublie ça" right after something was remembered: that one ("en fait oublie, je me suis trompé").
    last = h.situation.state.last
    bare = re.match(
        r"[\s,.!]*(?:ca|ça|cela|le|la|it|that|this|that\s+one|ce\s+que\s+je\s+viens\s+de\s+dire)?(?P<after>.*)$", rest
    )
    after = bare.group("after") if bare is not None else rest
    if re.fullmatch(_TAIL, after) or re.match(rf"\s*[,.;!]|[\s-]*(?:{_MISTAKE})(?![\w])", after):
        if last is not None and last.tool == "remember":
            args: dict[str, object] = {"about": ""}
            if last.refs:
                args["memory_id"] = last.refs[0]
            return [Candidate(0.9, "memory.forget", [ToolCall("forget", args)])]
        if re.fullmatch(_TAIL, after):
            return []
    if re.match(rf"\s*(?:{_SOMETHING})(?![\w])", rest) and not _other_domain(text):
        if h.situation.rung or h.situation.just_set:
            return []  # "efface un truc" just after reminders: theirs
        return [Candidate(0.87, "memory.forget", [ToolCall("forget", {"about": ""})])]
    if _other_domain(text) or _has_time(h, text):
        return []
    about = _forgotten_clause(h, text, m)
    if about:  # "oublie que je suis allergique aux noix", "forget that im allergic to nuts"
        return [Candidate(0.92, "memory.forget", [ToolCall("forget", {"about": about})])]
    strong = re.search(_MEMORY_WORDS, text) is not None
    lead = re.match(_ABOUT_LEAD, rest.lstrip(" :,"))
    offset = m.end() + (len(rest) - len(rest.lstrip(" :,"))) + (lead.end() if lead else 0)
    end = len(text)
    cut = re.search(
        r"[,;.!?]|\s(?:il|elle|ca|it|its|it's|c'est|parce|car|because|since|they|ils)\s"
        r"|\s(?:de|from|dans|in|of)\s+(?:ta|your|la|the)\s+(?:memoire|memory)",
        text[offset:],
    )
    if cut is not None:
        end = offset + cut.start()
    about = _query(h, offset, end)
    if not about:
        return []
    factual = re.search(
        rf"(?<!\w)(?:{CODE}|{ROLE}|{FACT}|{BIRTHDAY}|{THING}|nom|prenom|name)(?!\w)(?!'[a-rt-z])", text[offset:end]
    )
    if strong:
        return [Candidate(0.92, "memory.forget", [ToolCall("forget", {"about": about})])]
    if factual is None:
        return []
    verb = m.group(0)
    score = 0.82 if re.match(r"oubli|forget", verb) else 0.7 if re.match(r"effac|suppr|delete|erase", verb) else 0.0
    if score and re.search(rf"(?<!\w)(?:{CODE}|{BIRTHDAY})(?!\w)", text[offset:end]):
        score = 0.88  # "efface le code de la porte": a code is kept in memory, not a reminder
    if not score:
        return []
    return [Candidate(score, "memory.forget", [ToolCall("forget", {"about": about})])]


# --- explicit: "souviens-toi que…" ------------------------------------------------------------------------------
_EXPLICIT = re.compile(
    _LEAD + r"(?:"
    r"(?:souvien[st]?|souvenez|rappelle|rappelez)[\s-]*(?:toi|vous)(?:\s+bien)?"
    r"|memorise[sz]?|memoriser|memorize|memorise"
    r"|(?:garde|gardez|mets|met|enregistre|note|stocke)(?:[\s-]*(?:ca|bien|le))?\s+(?:en|dans)\s+(?:ta\s+|la\s+)?(?:memoire|tete)"
    r"|a\s+retenir|retiens(?:\s+bien)?\s*(?=[:,-])|sache\s+que|je\s+veux\s+que\s+tu\s+(?:retiennes|saches)"
    r"|keep\s+in\s+mind|bear\s+in\s+mind|commit\s+(?:this|that|it)\s+to\s+memory"
    r"|(?:store|save|put|keep)\s+(?:this|that|it)?\s*(?:in|to|into)\s+(?:your\s+)?memory"
    r"|(?:remember|rember|remeber|remembr|rmbr)(?=\s*[:,-])|(?:remember|rember|remeber|remembr|rmbr)(?=\s)"
    r"|(?:i\s+want\s+you\s+to|please|pls|plz)\s+remember(?!\s+(?:to|me)\b)"
    r")"
    r"(?:\s*[:,-]\s*|\s+)(?:(?:que|qu'|that|ceci|ca|this)\s*:?\s*)?(?P<content>\S.*)$",
    re.DOTALL,
)


def _explicit(h: Heard, text: str) -> list[Candidate]:
    m = _EXPLICIT.match(text.strip())
    if m is None:
        return []
    lead = len(text) - len(text.lstrip())
    start, end = m.start("content") + lead, m.end("content") + lead
    content = _original(h, start, end)
    vague = r"(?:(?:de|d'|of|about)\s*)?(?:ca|ça|cela|ceci|le|la|it|that|this|this\s+one|quelque\s+chose|something)"
    if not re.search(r"\w", content) or re.fullmatch(vague, content.lower()):
        return [Candidate(0.85, "memory.remember", [ToolCall("remember", {"content": ""})])]
    if re.match(r"(?:remember|rember|remeber|remembr|rmbr)\s", m.group(0).lstrip()) and not re.search(
        r"\s(?:is|are|'s|was|hates?|loves?|likes?|lives?|works?|prefers?|needs?|can'?t|doesn'?t|don'?t|has|have)\s",
        f" {text[start:end]} ",
    ):
        return []  # "remember the milk": not a fact, the reminders' business
    score = 0.93 if not _place_words(text) else 0.5  # "mémorise l'adresse de mon médecin": a place to save
    if _other_domain(text[start:end]) and re.search(r"rappel|remind|note|list", text[start:end]):
        score = 0.6
    return [_remember(score, "memory.remember", content, _category(text[start:end]))]


def _category(text: str) -> str:
    if re.search(rf"(?<!\w)(?:{BIRTHDAY})(?![\w'])", text):
        return "birthday"
    if re.search(rf"(?<!\w)(?:{CODE})(?![\w'])", text):
        return "code"
    if re.search(r"(?<![\w'])(?:allergi\w*|intoleran\w*|vegetari\w*|vegan\w*|veget\w*)", text):
        return "health"
    if re.search(
        r"(?<![\w'])(?:deteste|adore|aime|prefere|kiffe|raffole|supporte|hates?|loves?|likes?|prefers?|can'?t\s+stand"
        r"|favou?rite|prefere?e?s?|fave)",
        text,
    ):
        return "preference"
    if re.search(rf"(?<!\w)(?:{ROLE})(?![\w'])", text):
        return "person"
    if re.search(
        r"(?<![\w'])(?:dans|sous|derriere|chez|in|under|behind|inside|on\s+top\s+of|next\s+to)\s", text
    ) and re.search(rf"(?<!\w)(?:{THING})(?![\w'])", text):
        return "place"
    return "fact"


# --- facts said in passing -------------------------------------------------------------------------------------
_COPULA_FR = r"(?:,\s*)?(?:c'?\s*est|cest|c|ce\s+sont|s'?appelle(?:nt)?|est|sont|=|:)"
_COPULA_EN = (
    r"(?:,\s*)?(?:is\s+called|is\s+named|'s\s+called|'s\s+named|name\s+is|'s\s+name\s+is|s\s+name\s+is|goes\s+by"
    r"|is|'s|s|are|=|:)"
)
_OWNER_WORD = r"(?!(?:c'?\s*est|cest|c|est|sont|is|are|was|s'?appelle\w*|elle|il|she|he)(?![\w']))[\w'-]+"
_OWNER = rf"(?:\s+(?:de|du|d'|des|of|for|at|to|chez)\s*(?P<owner>{_OWNER_WORD}(?:\s+{_OWNER_WORD}){{0,2}}))?"
# "la nounou de la petite elle s'appelle Fatou": the subject said twice.
_AGAIN = r"(?:(?:,\s*)?(?:il|elle|lui|he|she)\s+)?"
_DET = r"(?:(?:mon|ma|mes|notre|nos|le|la|les|l'|ton|ta|my|our|the|his|her|their)\s*)"
_TITLE = (
    r"(?:le\s+|la\s+)?(?:dr|docteur|doctor|doc|pr|professeur|prof|m|mr|mrs|ms|miss|mme|mlle|madame|monsieur|maitre|me)"
    r"\.?\s"
)

_ROLE_FR = re.compile(
    rf"^{_DET}(?P<role>(?:nouvel(?:le)?\s+|nouveau\s+)?(?:{ROLE})){_OWNER}\s*{_AGAIN}(?P<cop>{_COPULA_FR})\s+(?P<name>.+)$"
)
_ROLE_EN = re.compile(
    rf"^(?:{_DET}(?:[\w-]+'s\s+)?|(?P<whose>[\w-]+)'?s\s+)(?P<role>(?:new\s+)?(?:{ROLE}))(?P<named>'?s\s+name|\s+name)?"
    rf"{_OWNER}\s*{_AGAIN}(?P<cop>{_COPULA_EN})\s+(?P<name>.+)$"
)
_ROLE_REVERSE = re.compile(
    rf"^(?P<name>[\w'-]+(?:\s+[\w'-]+)?)\s*(?:,\s*)?(?:c'?\s*est|cest|c|est|is|'s|=)\s+"
    rf"(?:mon|ma|notre|le|la|l'|my|our|the)\s*(?:nouvel(?:le)?\s+|nouveau\s+|new\s+)?(?P<role>{ROLE}){_OWNER}\s*$"
)
_CODE_FACT = re.compile(
    rf"^(?:{_DET}|(?P<whose>[\w-]+)'?s\s+)?(?P<code>{CODE}){_OWNER}\s*(?:{_COPULA_FR}|{_COPULA_EN})?\s*"
    r"(?P<value>[\w#*@!$%&+./-]+)\s*$"
)
_BIRTHDAY_FACT = re.compile(
    rf"^(?:{_DET}(?P<whose_det>[\w-]+'?s\s+)?|(?P<whose>[\w-]+)'?s\s+)?(?:{BIRTHDAY}){_OWNER}"
    rf"\s*(?:{_COPULA_FR}|{_COPULA_EN}|tombe|falls|en|on)?\s*(?:le\s+|on\s+|the\s+)?(?P<date>.+)$"
)
_BORN = re.compile(r"^(?P<who>.+?)\s+(?:est\s+nee?|was\s+born|is\s+born)\s+(?:le|on|en|in|the)\s+(?P<date>.+)$")
_MONTH = (
    r"janv\w*|fev\w*|mars|avr\w*|mai|juin|juil\w*|aout|sept\w*|oct\w*|nov\w*|dec\w*"
    r"|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*"
)
_WEEKDAY = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
)
_PLACED = re.compile(
    rf"^(?:{_DET}(?P<thing>[\w'-]+(?:\s+[\w'-]+){{0,4}}?)|(?P<known>(?:{THING})))"
    r"(?:\s+(?:sont|est|se\s+trouvent?|is|are|'s|s|stays?|lives?|goes|go)|'s|(?=\s+(?:dans|sous|in|under)\s)|\s+c'?\s*est)"
    r"\s+(?:(?:range|cache|pose|planque|garee?|mis|kept|stored|hidden|parked|always|toujours|maintenant|now|desormais)"
    r"e?s?\s+)?(?P<where>(?:dans|sous|sur|derriere|devant|chez|a\s+cote\s+d|au\s+fond\s+d|en\s+haut\s+d|en\s+bas\s+d"
    r"|au|aux|a\s+la|a\s+l'|pres\s+d|entre|in|inside|under|underneath|on|behind|at|next\s+to|beside|above|below"
    r"|on\s+top\s+of|by|near)(?![\w]).+)$"
)
_PUT = re.compile(
    r"^(?:j'?\s*ai|je\s+les\s+ai|je\s+l'?\s*ai|i|i've|ive|i\s+have|i\s+always)\s+"
    r"(?:mis|range|rangee?s?|cache|cachee?s?|pose|posee?s?|laisse|laissee?s?|planque|planquee?s?|garee?"
    r"|put|left|hid|stashed|keep|store|stored|parked|placed|moved)\s+"
    rf"(?P<thing>{_DET}?[\w'-]+(?:\s+[\w'-]+){{0,4}}?)\s+"
    r"(?P<where>(?:dans|sous|sur|derriere|devant|chez|a\s+cote\s+d|au\s+fond\s+d|en\s+haut\s+d|en\s+bas\s+d|au|aux"
    r"|a\s+la|a\s+l'|pres\s+d|in|inside|under|underneath|on|behind|at|next\s+to|beside|above|below|on\s+top\s+of"
    r"|by|near)(?![\w]).+)$"
)
# "je me suis garé rue de la Paix niveau -2", "garée au P2 place 118", "i parked on level 3 spot 42", "my bike is
# locked outside the library": the parking verb says it all, so the place after it may be any place.
_PARKED = re.compile(
    r"^(?:(?:(?:je\s+|j'?\s*)?me\s+suis|jme\s+suis|je\s+suis|j'?\s*suis|jsuis|chuis|chui|suis|on\s+s'?\s*est|on\s+est"
    r"|nous\s+(?:nous\s+)?sommes)\s+)?(?:garee?s?|stationnee?s?)"
    rf"|^(?:j'?\s*ai|on\s+a)\s+(?:garee?|stationnee?|(?:laisse|mis|attache)(?=\s+{_DET}?(?:{VEHICLE})\s))"
    r"|^(?:(?:i|we)\s+(?:just\s+)?|(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+)?parked"
    rf"|^(?:i|we)\s+(?:just\s+)?(?:left|locked|chained)(?=\s+{_DET}(?:{VEHICLE})\s)"
    rf"|^{_DET}?(?:{VEHICLE})\s+(?:est|elle\s+est|is|'s|s)\s+(?:garee?|stationnee?|attachee?|parked|locked|chained)"
    r"(?:\s+up)?"
)
_PARKED_AT = re.compile(
    rf"\s+(?:{_DET}?(?:{VEHICLE})\s+)?(?P<where>(?:au|aux|a|dans|devant|derriere|sur|sous|pres|en|le\s+long|rue|avenue|av|bd"
    r"|boulevard|place|parking|niveau|etage|allee|sous-sol|zone|chez|juste|pas\s+loin|vers|cote|on|at|in|near"
    r"|outside|behind|by|across|next|level|spot|row|section|lot|floor|street|st|deck|garage|around|down|up|over"
    r"|[a-z]?-?\d+\w*)(?![\w'])\s*.*)$"
)
_PREF_VERB = (
    r"deteste|detestent|adore|adorent|aime(?:nt)?\s+(?:pas|plus|bien|beaucoup|trop|vraiment|pas\s+du\s+tout)"
    r"|aime(?:nt)?|n'?\s*aime(?:nt)?\s+(?:pas|plus)|prefere(?:nt)?|est\s+allergique|sont\s+allergiques"
    r"|est\s+intolerante?|ne\s+(?:mange|boit|supporte)(?:nt)?\s+(?:pas|plus|jamais)|(?:mange|boit|supporte)(?:nt)?"
    r"\s+(?:pas|plus|jamais)|est\s+(?:vegetarien|vegetarienne|vegan|vegane|vegetalien|vegetalienne)|raffole"
    r"|kiffe(?:nt)?|est\s+fan|est\s+dingue"
    r"|hates?|loves?|likes?|dislikes?|prefers?|adores?|(?:does|do)(?:n'?t|\s+not)\s+(?:like|eat|drink)"
    r"|doesnt\s+(?:like|eat|drink)|dont\s+(?:like|eat|drink)|can'?t\s+(?:stand|eat|have|drink)|cannot\s+(?:stand|eat)"
    r"|(?:is|are)\s+allergic|(?:is|are)\s+(?:lactose\s+)?intolerant|(?:is|are)\s+(?:vegetarian|vegan)"
    r"|(?:is|are)\s+(?:a\s+big\s+)?fans?\s+of|(?:is|are)\s+obsessed\s+with|(?:is|are)\s+crazy\s+about|never\s+eats"
)
_PREF = re.compile(rf"^(?P<who>.+?)\s+(?P<verb>{_PREF_VERB})(?![\w'])\s*(?P<what>.*)$")
_ME_PREF = re.compile(
    r"^(?:je\s+suis|j'?\s*suis|jsuis|chuis|i'?m|im|i\s+am)\s+(?P<what>(?:allergique|intolerante?|vegetarien\w*|vegan\w*"
    r"|vegetalien\w*|allergic|lactose\s+intolerant|intolerant|vegetarian|vegan|celiaque|coeliaque|celiac|diabetique"
    r"|diabetic)(?![\w]).*)$"
    r"|^(?:je|j')\s*(?:ne\s+)?(?:mange|bois)\s+(?:pas|plus|jamais)\s+(?P<food>.+)$"
    r"|^(?:je\s+|j'?\s*)(?:ne\s+)?(?:supporte|digere|tolere|peux\s+(?:pas|plus)\s+(?:manger|boire|prendre))\s*(?:pas|plus|mal)?"
    rf"\s+(?:(?:le|la|les|l'|du|de\s+la|des|d')\s*)?(?P<body>(?:{INTOLERANCE})(?![\w]).*)$"
    r"|^i\s+(?:can'?t|cannot|cant|don'?t|dont|do\s+not)\s+(?:tolerate|digest|stand|handle|take|do)\s+"
    rf"(?P<body_en>(?:{INTOLERANCE})(?![\w]).*)$"
    r"|^i\s+(?:don'?t|do\s+not|dont|never|can'?t|cannot)\s+(?:eat|drink|have)\s+(?P<food_en>.+)$"
    r"|^(?:mon|ma|my)\s+(?P<fav>\w+(?:\s+\w+)?)\s+(?:prefere?e?|favou?rite|fave|prefere)\s*(?:c'?est|est|is|=|:)\s+.+$"
    r"|^(?:my\s+)?(?:favou?rite|fave)\s+\w+(?:\s+\w+)?\s+(?:is|=|:)\s+.+$"
)
_VAGUE = re.compile(
    r"^(?:ca|ça|tout|rien|ma\s+vie|la\s+vie|moi|toi|te|t'|vous|quand|ce|cette|cet|ces|it|that|this|you|u|myself"
    r"|everything|nothing|my\s+life|life|when|how|being|les\s+lundis|mondays|quand\s+\w+|faire|doing)"
)


# Words that make a sentence a question even without "?" or a question word in front: "je suis allergique a quoi
# deja", "sam il aime pas quoi", "what am i allergic to again".
_ASKING = re.compile(
    r"(?<![\w'])(?:quoi|koi|what|wat|who|where|which)(?![\w'])|(?<![\w'])(?:deja|again)[\s?!.]*$"
    r"|(?<![\w'])(?:c\s+(?:qui|ki|quand|ou)|comment)(?![\w'])"
)
# What people add after a fact and is not part of it: "… au cas où", "… in case i forget", "… just so u know".
_AFTERTHOUGHT = (
    r"(?:[\s,;.!-]+(?:au\s+cas\s+ou(?:\s+j'?\s*oublie)?|si\s+jamais(?:\s+j'?\s*oublie)?|pour\s+info|pr\s+info"
    r"|pour\s+que\s+tu\s+(?:le\s+)?saches|(?:juste\s+)?pour\s+(?:que\s+tu\s+)?(?:le\s+)?savoir|in\s+case(?:\s+i\s+forget)?"
    r"|(?:just\s+)?so\s+(?:you|u)\s+know|just\s+fyi|jsyk|btw|fyi|lol|mdr|ptdr|haha)[\s.!]*)+$"
)


def _fact(h: Heard, text: str) -> list[Candidate]:
    core = text.strip()
    if not core or _QUESTION.search(core) or _ASKING.search(core) or _distress(h):
        return []
    lead = re.match(_LEAD, core)
    offset = (len(text) - len(text.lstrip())) + (lead.end() if lead else 0)
    core = re.sub(_TAIL, "", text[offset:]).rstrip()
    core = re.sub(_AFTERTHOUGHT, "", core).rstrip()
    if not core or _other_domain(core):
        return []
    content = _original(h, offset, offset + len(core))
    for reader in (_birthday_fact, _code_fact, _pref_fact, _role_fact, _parked_fact, _placed_fact, _other_fact):
        found = reader(h, core, content)
        if found:
            return found
    return []


def _short_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 4


# Where a name stops and the rest of the sentence goes on: "Nathalie, elle est cool", "le Dr Benali à Villeurbanne",
# "Dr. Levy, she's really good", "Fatou et elle est super".
_NAME_END = re.compile(
    r"\s*[,;!(]|(?<!\b(?:dr|mr|ms|st|pr))\.(?=\s|$)|\s+(?:et|mais|qui|car|parce|elle|il|a|au|en|sur|pour|avec|depuis"
    r"|and|but|who|she|he|shes|hes|she's|he's|in|at|from|on|with|since)\s"
)


def _name_span(core: str, span: tuple[int, int]) -> tuple[int, int]:
    cut = _NAME_END.search(core, span[0], span[1])
    return (span[0], cut.start()) if cut is not None and cut.start() > span[0] else span


def _looks_like_name(h: Heard, core: str, name_span: tuple[int, int], offset_in_text: int) -> float:
    """How much the words after "c'est / is" look like someone's name: a title or a capital is strong, one or
    two ordinary lowercase words are weaker, an adjective or a long phrase is no name."""
    name_span = _name_span(core, name_span)
    name = core[name_span[0] : name_span[1]].strip(" .!")
    if not _short_name(name):
        return 0.0
    if re.match(_TITLE, name + " "):
        return 0.85
    first = name.split()[0]
    if first in _NOT_A_NAME or re.fullmatch(r"\w+(?:ing|ed|ment|eux|euse|if|ive)", first) or first.isdigit():
        return 0.0
    original = h.text[offset_in_text + name_span[0] : offset_in_text + name_span[1]]
    if any(w[:1].isupper() for w in original.split()):
        return 0.8
    return 0.6


def _offset(h: Heard, core: str) -> int:
    return h.folded.find(core) if core in h.folded else 0


def _role_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    base = _offset(h, core)
    for pattern in (_ROLE_FR, _ROLE_EN):
        m = pattern.match(core)
        if m is None:
            continue
        cop = m.group("cop")
        score = _looks_like_name(h, core, m.span("name"), base)
        if re.search(r"appell?e|called|named|name|goes", cop + (m.groupdict().get("named") or "")):
            start, end = _name_span(core, m.span("name"))
            score = max(score, 0.8) if _short_name(core[start:end]) else 0.0
        elif re.fullmatch(r"(?:,\s*)?(?:est|sont|is|are|s)", cop.strip()) and score < 0.8:
            score = 0.55 if score else 0.0  # "mon kiné est julien": a name, but "est" also takes adjectives
        if score:
            return [_remember(score, "memory.fact", content, "person")]
    m = _ROLE_REVERSE.match(core)
    first = m.group("name").split()[0] if m is not None else ""
    if m is not None and not re.fullmatch(_PRONOUN_SUBJECT, first) and first not in _NOT_A_NAME:
        return [_remember(0.75, "memory.fact", content, "person")]
    return []


def _code_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    m = _CODE_FACT.match(core)
    if m is None:
        return []
    value = m.group("value")
    if not re.search(r"\d", value) and not (
        len(value) >= 4 and m.group("code").startswith(("mot", "mdp", "pass", "pw", "wifi", "wi-fi", "combin"))
    ):
        return []
    return [_remember(0.8, "memory.fact", content, "code")]


def _birthday_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    m = _BIRTHDAY_FACT.match(core)
    date = m.group("date") if m else ""
    owner = m is not None and (m.group("owner") or m.group("whose") or m.group("whose_det"))
    if m is None or not (owner or re.match(r"(?:mon|ma|my)\s", core)):
        born = _BORN.match(core)
        if born is None:
            return []
        date = born.group("date")
    if not re.search(rf"\d|(?<!\w)(?:{_MONTH})(?![\w'])", date) or len(date.split()) > 6:
        return []
    if not re.match(rf"(?:(?:{_WEEKDAY}),?\s+)?(?:the\s+|le\s+)?(?:\d|(?:{_MONTH}|premier|first)(?![\w']))", date):
        return []  # "mom's birthday party is on saturday at 3": an event, not the date of the birthday
    return [_remember(0.85, "memory.fact", content, "birthday")]


def _parked_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    verb = _PARKED.match(core)
    if verb is None or re.search(AMOUNT, core):
        return []
    said = h.text[_offset(h, core) :][: verb.end()].lower()
    if said in ("gare", "gares") and _has_time(h, core):
        return []  # "gare à 18h": the station, most likely
    where = _PARKED_AT.match(core, verb.end())
    if where is None or re.match(r"(?:comme|like|pour|for|depuis|since)\b", where.group("where")):
        return []
    return [_remember(0.8, "memory.fact", content, "place")]


def _placed_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    m = _PLACED.match(core) or _PUT.match(core)
    if m is None or re.search(AMOUNT, core) or _has_time(h, core):
        return []
    thing = re.sub(rf"^{_DET}", "", m.groupdict().get("known") or m.group("thing")).strip()
    first = thing.split()[0] if thing else ""
    if not thing or re.fullmatch(_PRONOUN_SUBJECT, first) or re.fullmatch(rf"(?:{ROLE}|{KIN})", thing):
        return []
    if re.search(r"(?<![\w'])(?:fils|fille|son|daughter|kids?|enfants?|bebe|baby|chat|chien|cat|dog)(?![\w'])", thing):
        return []  # where a person or a pet is right now is no lasting fact
    lexicon = re.search(rf"(?<!\w)(?:{THING})(?![\w'])", thing) is not None
    return [_remember(0.78 if lexicon else 0.55, "memory.fact", content, "place")]


def _pref_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    me = _ME_PREF.match(core)
    if me is not None:
        category = "preference" if me.group("fav") else "health"
        if me.group("food") or me.group("food_en") or me.group("body") or me.group("body_en"):
            category = "health"
        return [_remember(0.78, "memory.fact", content, category)]
    m = _PREF.match(core)
    if m is None:
        return []
    who, what = m.group("who").strip(), m.group("what").strip()
    diet = re.search(r"vegan|vegetari|vegetali|intoleran", m.group("verb")) is not None
    if (not what and not diet) or (what and _VAGUE.match(what)) or len(who.split()) > 4:
        return []
    first = who.split()[0]
    if re.fullmatch(rf"(?:je|j'?|i|moi|me|{_PRONOUN_SUBJECT})", first) or first in {"j'aime", "j'adore"}:
        return []  # first person likes and dislikes are too often a mood ("je déteste les lundis")
    if re.match(r"(?:qui|who|what|quoi|est-ce|est|do|does|did)\b", who):
        return []
    return [_remember(0.72, "memory.fact", content, "preference")]


_OTHER_FACT = re.compile(
    rf"^(?:{_DET}|(?P<whose>[\w-]+)'?s\s+)(?P<noun>{FACT}){_OWNER}\s*(?:{_COPULA_FR}|{_COPULA_EN})\s+(?P<value>.+)$"
)


def _other_fact(h: Heard, core: str, content: str) -> list[Candidate]:
    m = _OTHER_FACT.match(core)
    if m is None or len(m.group("value").split()) > 8:
        return []
    value = m.group("value")
    if not (
        re.search(r"\d|@", value)
        or re.search(r"(?<![\w'])(?:rue|avenue|av|bd|boulevard|street|st|road|rd|ave)\b", value)
    ):
        return []
    return [_remember(0.72, "memory.fact", content, "fact")]


# --- questions: recall -----------------------------------------------------------------------------------------
_RECALL_EXPLICIT = re.compile(
    r"(?:tu\s+te\s+(?:souviens|rappelles)|tu\s+(?:t'?en\s+)?souviens|te\s+souviens[\s-]*tu|t'?\s*te\s+souviens"
    r"|(?:do|did)\s+(?:you|u|ya)\s+(?:still\s+)?remember|(?:you|u)\s+remember|remember\s+(?=what|who|where|when|how)"
    r"|(?:qu'?est[\s-]ce\s+que\s+tu\s+sais|que\s+sais[\s-]tu|tu\s+sais\s+quoi|t'?\s*sais\s+quoi|tu\s+connais\s+quoi"
    r"|what\s+do\s+(?:you|u)\s+know|wat\s+do\s+(?:you|u)\s+know|what\s+did\s+i\s+tell\s+(?:you|u)"
    r"|qu'?est[\s-]ce\s+que\s+je\s+t'?\s*(?:ai|avais)\s+(?:dit|raconte|appris)|que\s+je\s+t'?\s*(?:ai|avais)\s+dit"
    r"|what\s+(?:did|have|had)\s+i\s+(?:tell|told|say|said\s+to)\s+(?:you|u)|what\s+did\s+i\s+say))"
    r"(?:\s+(?:de|du|des|d'|sur|a\s+propos\s+d[eu']?|concernant|about|abt|on|of|re))?\s*(?P<q>.*)$"
)


def _recall_explicit(h: Heard, text: str) -> list[Candidate]:
    m = _RECALL_EXPLICIT.search(text)
    if m is None or _other_domain(text):
        return []
    start, end = m.span("q")
    if re.match(r"(?:faire|do|fais|can)\b", text[start:end]):
        return []  # "qu'est-ce que tu sais faire": what Boussole can do
    query = _query(h, start, end)
    if not query:
        return []
    return _recall_call(0.9, query)


_WHAT = (
    r"c'?\s*est\s+quoi|c'?\s*etait\s+quoi|c\s+(?:quoi|koi)|cest\s+(?:quoi|koi)|quoi|koi|quel(?:le)?s?|quels"
    r"|what'?s|whats|wats|what\s+(?:is|was|are|were)|what|wat|tell\s+me|dis[\s-]moi|donne[\s-]moi|redonne[\s-]moi"
    r"|rappelle[\s-]moi|remind\s+me(?:\s+of|\s+what)?|need|j'ai\s+besoin\s+d[eu]"
)


def _recall_rappelle(h: Heard, text: str) -> list[Candidate]:
    """ "rappelle-moi le digicode de Léa" (no time: it asks for the fact, not for a reminder)."""
    m = re.search(
        r"(?:rappelle|rapelle|rappel)[\s-]*(?:moi|moa|mwa)\s+(?P<q>.+)$|remind\s+me\s+(?:what|of)\s+(?P<q2>.+)$", text
    )
    if m is None:
        return []
    group = "q" if m.group("q") else "q2"
    q = m.group(group)
    if not re.search(rf"(?<!\w)(?:{CODE}|{FACT}|nom|name|{ROLE})(?![\w'])", q) or _has_time(h, q):
        return []
    if re.search(r"(?<![\w'])(?:d'|de\s+|to\s+)(?:appeler|call|payer|pay|prendre|take|acheter|buy|envoyer|send)", q):
        return []
    start, end = m.span(group)
    return _recall_call(0.97, _query(h, start, end))


def _recall_code(h: Heard, text: str) -> list[Candidate]:
    """ "c'est quoi le digicode de Léa ?", "whats the wifi pw", "le code de Léa c'est quoi déjà"."""
    if not _QUESTION.search(text.strip()) and not re.search(rf"(?<!\w)(?:{_WHAT})(?![\w'])", text):
        return []
    noun = re.search(
        rf"(?<!\w)(?:{CODE}|{FACT}|{BIRTHDAY}|(?:nom|name|prenom|numero|number)(?=\s+(?:de|du|of|d')))(?![\w'])", text
    )
    if noun is None or _other_domain(text) or _place_words(text):
        return []
    if not re.search(rf"(?<!\w)(?:{_WHAT})(?![\w'])|\?", text):
        return []
    if re.search(r"(?<!\w)(?:ce|cet|cette|ces|this|that|these)\s+\S+\s*\??$", text[max(0, noun.start() - 8) :]):
        return []  # "c quoi ce numéro": a number someone sent, not one we keep
    start = noun.start()
    det = re.search(rf"(?:{_DET}|(?:[\w-]+)'?s\s+)$", text[:start])
    if det is not None:
        start = det.start()
    return _recall_call(0.82, _query(h, start, len(text)))


_WHO = re.compile(
    r"(?:c'?\s*est\s+qui|c\s+(?:qui|ki)|cest\s+qui|qui\s+(?:est|c'?est|etait)|comment\s+s'?appelle(?:nt)?"
    r"|c'?\s*est\s+quoi\s+le\s+nom\s+d[eu']?|quel\s+est\s+le\s+nom\s+d[eu']?|who'?s|whos|who\s+(?:is|was|are)"
    r"|what'?s\s+the\s+name\s+of|what\s+is\s+the\s+name\s+of|what'?s|whats|what\s+is|what\s+was"
    r"|comment\s+(?:il|elle|ils|elles)\s+s'?appelle(?:nt)?|(?:il|elle|ils|elles)\s+s'?appelle(?:nt)?\s+comment"
    r"|c'?\s*est\s+quoi\s+(?:le\s+)?(?:nom|prenom)\s+d[eu']?|c\s+(?:quoi|koi)\s+(?:le\s+)?(?:nom|prenom)\s+d[eu']?"
    r"|what\s+(?:is|was|'s)\s+the\s+name\s+of|who\s+(?:is|was)\s+(?:it|that)\s+again)"
    r"(?:\s+(?:deja|again|encore))?"
    rf"\s+(?P<q>(?:{_DET}|[\w-]+'?s\s+).*)$"
    rf"|^(?P<q2>{_DET}(?:{ROLE}).*?)\s*(?:,\s*)?(?:c'?\s*est\s+qui|c\s+qui|c\s+ki|cest\s+qui|s'?appelle\s+comment)"
)


def _recall_who(h: Heard, text: str) -> list[Candidate]:
    m = _WHO.search(text)
    if m is None:
        return []
    group = "q" if m.group("q") is not None else "q2"
    q = m.group(group)
    role = re.search(rf"(?<!\w)(?:{ROLE})(?![\w])(?!'[a-rt-z])", q)
    possessive = re.search(r"(?<![\w'])(?:mon|ma|mes|notre|my|our|\w+'s|de\s+\w+|d'\w+)(?![\w'])", q)
    typo, fixed = "", ""
    if role is None and re.match(r"who|c'?\s*est\s+qui|c\s+(?:qui|ki)|cest\s+qui|qui", m.group(0)):
        # "whos my dentst?", "c'est qui ma voisinne": a role word one typo away
        near = ((w, _near_role(w)) for w in re.findall(r"[a-z]+", q))
        typo, fixed = next(((w, f) for w, f in near if f), ("", ""))
    if (role is None and not fixed) or possessive is None or _other_domain(text):
        return []
    if re.search(r"(?:office|cabinet|adresse|address|place|where|ou)\b", q):
        return []  # "where is my physical therapist's office": a place
    start, end = m.span(group)
    query = _query(h, start, end)
    if fixed:
        query = " ".join(fixed if fold(w).lower() == typo else w for w in query.split())
    return _recall_call(0.85, query)


_ROLE_WORD = re.compile(rf"(?:{ROLE})")


def _near_role(word: str) -> str:
    """The role word of 5 letters or more one typo away from `word` (a letter missing, extra, wrong or swapped):
    "dentst" → "dentist", "voisinne" → "voisine"; "" when there is none or `word` is a role already."""
    if len(word) < 5 or _ROLE_WORD.fullmatch(word):
        return ""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = [a + b[1:] for a, b in cuts if b]
    edits += [a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1]
    edits += [a + c + b[1:] for a, b in cuts if b for c in letters]
    edits += [a + c + b for a, b in cuts for c in letters]
    return next((e for e in edits if len(e) >= 5 and _ROLE_WORD.fullmatch(e)), "")


_WHERE_Q = re.compile(
    r"(?:ou\s+(?:sont|est|se\s+trouvent?|j'?\s*ai\s+(?:mis|range|laisse|cache|pose)|ai[\s-]je\s+(?:mis|range|laisse)"
    r"|j'?\s*avais\s+(?:mis|range|laisse|cache)|je\s+les\s+ai\s+mis|je\s+l'?\s*ai\s+mis|t'?\s*as\s+dit\s+que)"
    r"|where\s+(?:are|is|did\s+i\s+(?:put|leave|hide|stash|park)|do\s+i\s+keep|have\s+i\s+put|'s|s)|where'?s|wheres)"
    r"\s+(?P<q>.+?)\s*(?:\?|$)"
    r"|^(?P<q2>.+?)\s+(?:c'?\s*est|sont|est)\s+(?:ou|où)\s*\??\s*(?:deja)?\s*\??$"
    r"|(?:(?:(?:il|elle|ils|elles)\s+(?:est|sont|etai(?:t|ent))|c'?\s*est)\s+ou|t'?\s*as\s+vu|tu\s+as\s+vu"
    r"|where'?d\s+i\s+(?:put|leave))\s*(?:deja\s+)?(?P<q3>(?:mon|ma|mes|le|la|les|l'|my|the)\s*.+?)\s*(?:\?|$)"
    r"|ou\s+est[\s-]ce\s+qu(?:e|')\s*(?:j'?\s*ai|je\s+les\s+ai|je\s+l'?\s*ai|j'?\s*avais)\s+(?:mis|range|laisse|cache|pose)"
    r"\s+(?P<q4>.+?)\s*(?:\?|$)"
)


def _recall_where(h: Heard, text: str) -> list[Candidate]:
    m = _WHERE_Q.search(text.strip())
    if m is None or _other_domain(text):
        return []
    group = next(g for g in ("q", "q2", "q3", "q4") if m.group(g) is not None)
    q = m.group(group)
    if not re.search(rf"(?<!\w)(?:{THING})(?![\w'])", q):
        return []
    base = len(text) - len(text.lstrip())
    start, end = m.span(group)
    query = _query(h, start + base, end + base)
    if re.search(rf"(?<!\w)(?:{VEHICLE})(?![\w'])", q) and not re.search(r"keys?|cles?|clefs?|papiers|papers", q):
        query = _park_query(h, query)  # "où est ma voiture": where it was parked
    return _recall_call(0.88, query)


# "où j'ai garé la voiture", "jsuis garée où déjà", "where did i park", "what level am i parked on": a parking
# verb said in the past, in a question ("où je peux me garer", "where can i park" ask for a place to park).
_PARKED_Q = re.compile(
    r"(?:(?<!\w)(?:jsuis|chuis|chui|suis|ai|g|est|es|sont|sommes|etais|etait|avais)\s+(?:garee?s?|stationnee?s?)"
    r"|(?:(?<![\w'])(?:did|have|had)|'d)\s+(?:i|we|u|you)\s+park(?:ed)?|(?<![\w'])(?:am|are|was|were)\s+(?:i|we)\s+parked"
    r"|(?<![\w'])(?:i|we|i'm|im|we're)\s+parked)(?![\w'])"
)
_ASK_WHERE = re.compile(
    r"(?<![\w'])(?:ou|where|wheres|what|which|quel(?:le)?|deja|again|encore)(?![\w'])|(?<![\w'])where'"
)


def _park_query(h: Heard, query: str) -> str:
    """A parking question's query names the parking and the vehicle, so that "où est ma voiture" finds "je me suis
    garé rue de la Paix" and "where did i park" finds "the car's on 5th street"."""
    words = fold(query)
    if not re.search(r"(?<!\w)(?:gar|stationn|park)", words):
        query = f"{query} {_PARK_WORD[h.lang]}"
    if not re.search(rf"(?<!\w)(?:{VEHICLE})(?!\w)", words):
        query = f"{query} {_VEHICLE_WORD[h.lang]}"
    return query.strip()


def _recall_parked(h: Heard, text: str) -> list[Candidate]:
    verb = _PARKED_Q.search(text)
    if verb is None or not _ASK_WHERE.search(text) or _other_domain(text):
        return []
    vehicle = re.search(rf"(?<!\w)(?:{VEHICLE})(?![\w'])", text)
    said = h.text[vehicle.start() : vehicle.end()] if vehicle is not None else ""
    return _recall_call(0.88, _park_query(h, said))


def _recall_birthday(h: Heard, text: str) -> list[Candidate]:
    if not re.search(
        r"(?<![\w'])(?:quand|c\s+quand|when|when'?s|whens|quel\s+jour|what\s+day|what\s+date|date)(?![\w'])", text
    ):
        return []
    noun = re.search(rf"(?<!\w)(?:{BIRTHDAY})(?![\w'])", text)
    if noun is None or _other_domain(text):
        return []
    return _recall_call(0.85, _query(h, 0, len(text)))


_PREF_Q = re.compile(
    r"(?:qu'?est[\s-]ce\s+qu(?:e|')|que)\s*(?P<who>.+?)\s+(?:deteste|adore|aime|n'?aime\s+pas|prefere|mange\s+pas)"
    rf"|(?P<who2>.+?)\s+(?:(?:il|elle)\s+)?(?:{_PREF_VERB}|suis\s+allergique|suis\s+intolerante?)"
    r"(?:\s+(?:a|au|aux|de|du|des))?\s+(?:quoi|koi)"
    r"|what\s+(?:can'?t|cannot|cant|shouldn'?t)\s+(?P<who6>.+?)\s+(?:eat|have|drink|take)"
    r"|qu'?est[\s-]ce\s+qu(?:e|')\s*(?P<who7>.+?)\s+(?:ne\s+)?(?:peu[xt]|supporte|mange|digere)\s+pas"
    r"|what\s+(?:does|do)\s+(?P<who3>.+?)\s+(?:hate|like|love|prefer|dislike|(?:not\s+)?eat)"
    r"|what\s+(?:is|'s|are|am)\s+(?P<who4>.+?)\s+(?:allergic|intolerant)\s+to"
    r"|(?:est[\s-]ce\s+que|does|do|is)\s+(?P<who5>.+?)\s+(?:deteste|aime|adore|hates?|likes?|loves?|is\s+allergic|allergic"
    r"|est\s+allergique)"
)


def _recall_preference(h: Heard, text: str) -> list[Candidate]:
    if not _QUESTION.search(text.strip()) and "quoi" not in text:
        return []
    m = _PREF_Q.search(text)
    if m is None or _other_domain(text):
        return []
    who = next((m.group(g) for g in ("who", "who2", "who3", "who4", "who5", "who6", "who7") if m.group(g)), "")
    if re.fullmatch(r"(?:tu|t'|you|u|on|il|elle|they|he|she)", who.strip()):
        return []
    return _recall_call(0.8, _query(h, 0, len(text)))


# --- answers to our questions ----------------------------------------------------------------------------------
_ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "first": 1,
    "1st": 1,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


def _answer(h: Heard, text: str) -> list[Candidate]:
    """ "2" after "Lequel j'oublie ? 1. … 2. …"; the fact itself after "Je retiens quoi ?"."""
    pending = h.situation.state.pending
    if pending is None or pending.tool not in ("forget", "remember", "recall"):
        return []
    if pending.tool == "forget" and pending.missing == "memory_id" and pending.options:
        for word in re.findall(r"[\w']+", text)[:4]:
            value = int(word) if word.isdigit() else _ORDINALS.get(word)
            if value is not None and 1 <= value <= len(pending.options):
                call = ToolCall("forget", {"about": "", "memory_id": pending.options[value - 1]})
                return [Candidate(0.95, "forget.chosen", [call])]
        return []
    words = _original(h, 0, len(text))
    if not words or (_QUESTION.search(text.strip()) and pending.tool != "recall"):
        return []
    field = {"forget": "about", "remember": "content", "recall": "query"}[pending.tool]
    if pending.missing != field:
        return []
    return [Candidate(0.8, f"{pending.tool}.filled", [ToolCall(pending.tool, {**pending.args, field: words})])]
