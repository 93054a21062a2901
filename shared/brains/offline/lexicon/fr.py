"""French word tables (folded: no accents), SMS spellings included."""

THANKS = (
    r"merci+s?|mci|mrc|mercii+|thx|thanks|merci\s+beaucoup|merci\s+bcp|top\s+merci|super\s+merci|trop\s+bien"
    r"|genial|parfait\s+merci|nickel|c'?est\s+gentil"
)
GREETING = (
    r"salut|slt|bonjour|bjr|bonsoir|coucou|cc|hello|hey|yo|wesh|re(?:\s*bonjour)?|ca\s+va|cv|comment\s+(?:ca\s+)?vas?"
    r"(?:[\s-]*tu)?|comment\s+allez[\s-]vous|quoi\s+de\s+neuf|la\s+forme|toi"
)
OK = (
    r"ok+|okay|oki|d'?accord|dac+|daccord|ca\s+marche|cool|super|parfait|top|nickel|entendu|compris|yes|oui|ouais|👍|👌"
)
CAPABILITIES = (
    r"tu\s+(?:sais|peux)\s+faire\s+quoi|(?:qu'?est[\s-]ce\s+que|que)\s+(?:tu\s+)?(?:sais|peux)[\s-]*(?:tu\s+)?faire"
    r"|tu\s+fais\s+quoi|a\s+quoi\s+tu\s+sers|comment\s+(?:ca|tu)\s+marche|comment\s+on\s+fait|c'?est\s+quoi\s+boussole"
    r"|qui\s+es[\s-]tu|t'?es\s+qui|aide[\s-]*moi|mode\s+d'?emploi|ca\s+sert\s+a\s+quoi"
)
DISTRESS = (
    r"debord[eé]+e?|submerg[eé]+e?|j'?y\s+arrive\s+(?:pas|plus)|je\s+n'?y\s+arrive\s+(?:pas|plus)|je\s+galere"
    r"|j'?en\s+peux\s+plus|je\s+craque|trop\s+de\s+(?:trucs|choses)|je\s+suis\s+perdue?|je\s+suis\s+nulle?"
    r"|stress[eé]+e?|angoiss[eé]+e?|panique|deborde|overwhelm|je\s+m'?en\s+sors\s+pas|a\s+bout|epuis[eé]+e?"
    r"|rien\s+ne\s+va|je\s+suis\s+a\s+la\s+ramasse|je\s+procrastine"
)
CRISIS = (
    r"suicid|me\s+tuer|en\s+finir|mettre\s+fin\s+a\s+mes\s+jours|plus\s+envie\s+de\s+vivre|envie\s+de\s+mourir"
    r"|me\s+faire\s+du\s+mal"
)
DROP = (
    r"laisse\s+tomber|laisses\s+tomber|oublie(?:\s+(?:ca|ça|ce\s+que\s+j'?ai\s+dit))?|annule(?:\s+(?:ca|ça|tout))?"
    r"|non\s+(?:merci|c'?est\s+bon|rien|plus\s+besoin)|c'?est\s+bon\s+(?:laisse|oublie)|tant\s+pis|rien"
)
NO = r"non|nan|nope|no|pas\s+du\s+tout|surtout\s+pas"
LIST_REMINDERS = (
    r"(?:mes|les|quels?|quelles?)\s+(?:prochains?\s+)?rappels|liste\s+(?:de\s+|des\s+)?(?:mes\s+)?rappels"
    r"|j'?ai\s+quoi\s+comme\s+rappels?|c'?est\s+quoi\s+mes\s+rappels|rappels?\s+(?:prevus|a\s+venir|en\s+cours)"
    r"|t'?as\s+quoi\s+comme\s+rappels?"
)
WHEN_IS_REMINDER = (
    r"(?:c'?est\s+)?quand\s+(?:est\s+|c'?est\s+)?(?:mon|le|ce)\s+rappel\s+(?:pour|de|d'|du|des|sur)\s*(?P<about>.+)"
    r"|(?:mon|le)\s+rappel\s+(?:pour|de|d'|du|des|sur)\s*(?P<about2>.+?)\s+c'?est\s+quand"
)
CANCEL_REMINDER = (
    r"(?:annule|annuler|supprime|supprimer|efface|effacer|enleve|enlever|retire|retirer|vire|virer|stoppe|arrete)"
    r"[\s-]*(?:moi\s+)?(?:le|mon|ce|les|mes)?\s*rappels?\s*(?:pour|de|d'|du|des|sur|qui\s+concerne)?\s*(?P<about>.*)"
    r"|plus\s+besoin\s+(?:du|de|d'un)\s+rappel\s*(?:pour|de|d'|du|des|sur)?\s*(?P<about2>.*)"
    r"|oublie\s+le\s+rappel\s*(?:pour|de|d'|du|des|sur)?\s*(?P<about3>.*)"
)
# Saying what must not be forgotten without "rappelle-moi": "faut que j'appelle Léa demain".
IMPLICIT = (
    r"(?:il\s+)?faut\s+(?:que\s+(?:je|j'|j)\s*|qu'?on\s+)|je\s+dois|j'?dois|n'?oublie\s+pas\s+(?:de|d'|que)?"
    r"|pense\s+a|penser\s+a|(?:ne\s+)?pas\s+oublier\s+(?:de|d')?|a\s+pas\s+oublier|j'?ai\s+(?:un\s+)?rdv"
    r"|rdv|rendez[\s-]vous|todo|a\s+faire\s*:"
)
QUESTION = r"\?|^(?:quand|quel|quelle|quels|quelles|comment|pourquoi|est[\s-]ce|c'?est\s+quoi|combien|ou)\b"
SWITCH_TO_OTHER = r"(?:parle[\s-]*moi|ecris[\s-]*moi|reponds[\s-]*moi)?\s*(?:en\s+)?anglais|english(?:\s+please)?"
FILLER = r"salut|coucou|bonjour|hello|stp|svp|s'?il\s+te\s+plait|merci|alors|bon|euh|du\s+coup|genre|ok|okay"
