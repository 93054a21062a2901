"""French word tables (folded: no accents), SMS spellings included."""

THANKS = (
    r"(?:merci+s?|mci|mrc|merki|mersi|thx|thanks|merci\s+beaucoup|merci\s+bcp|top\s+merci|super\s+merci"
    r"|t'?es\s+(?:genial|top|au\s+top|trop\s+fort|un\s+amour)|c'?\s*(?:est\s+)?gentil|t'?es\s+gentil|🙏|❤️?|😘)"
    r"(?:\s+(?:pour|du|de)\s+(?:le|ce|mon|ton)?\s*(?:rappel|message|aide|coup\s+de\s+main))?|trop\s+bien"
    r"|genial|parfait\s+merci|nickel|c'?est\s+gentil"
)
GREETING = (
    r"salut|slt|bonjour|bjr|bonsoir|coucou|cc|hello|hey|yo|wesh|re(?:\s*bonjour)?|(?:ca|sa)\s+va|cv|c\s+moi"
    r"|c'?est\s+moi|comment\s+(?:ca\s+)?vas?"
    r"(?:[\s-]*tu)?|comment\s+allez[\s-]vous|quoi\s+de\s+neuf|la\s+forme|toi"
)
OK = (
    r"ok+|okay|oki|d'?accord|dac+|daccord|ca\s+marche|cool|super|parfait|top|nickel|entendu|compris|yes|oui|ouais|👍|👌"
)
CAPABILITIES = (  # "tu sais faire quoi", "kes tu sais faire", "k tu peux faire", "tu sers a koi", "comment tu marches"
    r"tu\s+(?:sais|peux)\s+faire\s+(?:quoi|koi)|(?:qu'?est[\s-]?ce\s+que|kes(?:\s+que|\s+ke)?|keske|kesk|kesque|que|ke|k)"
    r"\s*(?:tu\s+|t'\s*)?(?:sais|peux)[\s-]*(?:tu\s+)?faire"
    r"|tu\s+fais\s+(?:quoi|koi)|(?:qu'?est[\s-]?ce\s+que|kes(?:\s+que|\s+ke)?|keske|kesk)\s*tu\s+fais(?=\s*[?!.]*$)"
    r"|a\s+(?:quoi|koi)\s+tu\s+sers|(?:tu|t'?)\s*sers\s+a\s+(?:quoi|koi|rien)"
    r"|comment\s+(?:ca|tu|ce\s+truc)\s+(?:marche|fonctionne)s?|comment\s+on\s+(?:fait|t'?utilise)"
    r"|comment\s+(?:je\s+)?t'?utilise|c'?\s*est\s+quoi\s+(?:boussole|ce\s+numero|ton\s+(?:job|role|taf|boulot))"
    r"|c\s+(?:quoi|koi)\s+(?:ce\s+numero|ton\s+(?:job|role|taf))|(?:je\s+peux|on\s+peut)\s+te\s+demander\s+quoi"
    r"|quelles?\s+commandes|aide|help|qui\s+es[\s-]tu|t'?es\s+qui|aide[\s-]*moi|mode\s+d'?emploi|ca\s+sert\s+a\s+(?:quoi|koi)"
)
DISTRESS = (
    r"debord[eé]+e?|submerg[eé]+e?|j'?y\s+arrive\s+(?:pas|plus)|je\s+n'?y\s+arrive\s+(?:pas|plus)|je\s+galere"
    r"|j'?en\s+peux\s+plus|je\s+craque|trop\s+de\s+(?:trucs|choses)|je\s+suis\s+perdue?|je\s+suis\s+nul(?:le)?"
    r"|stress[eé]+e?|angoiss[eé]+e?|panique|deborde|overwhelm|je\s+m'?en\s+sors\s+pas|a\s+bout|epuis[eé]+e?"
    r"|rien\s+ne\s+va|je\s+suis\s+a\s+la\s+ramasse|je\s+procrastine|tout\s+m'?echappe|je\s+coule"
    r"|j'?arrive\s+a\s+rien|je\s+suis\s+a\s+bout|ras\s+le\s+bol|marre|ramasse|(?:je\s+me|j'?me)\s+sens"
    r"\s+(?:nul(?:le)?|inutile|mal|seule?|vide)|tete\s+qui\s+va\s+exploser|j'?en\s+peux\s+(?:plus|pu)|jen\s+peux"
    r"|(?:je\s+suis|j'?suis|jsuis|chui|chuis|je\s+me\s+sens|j'?me\s+sens)\s+(?:trop\s+|tellement\s+|vraiment\s+|super\s+"
    r"|grave\s+|completement\s+|un\s+peu\s+)?(?:crevee?|fatiguee?|naze|nase|kaput|ko|videe?|lessivee?|epuisee?"
    r"|a\s+plat|malade|patraque|deprimee?|deprime|triste|pas\s+bien|au\s+bout\s+du\s+rouleau)(?![\w'])"
    r"|pas\s+le\s+moral|moral\s+a\s+zero"
)
CRISIS = (
    r"suicid|me\s+tuer|me\s+suicider|en\s+finir|mettre\s+fin\s+a\s+mes\s+jours|plus\s+envie\s+de\s+vivre"
    r"|envie\s+de\s+mourir|veux\s+mourir|voudrais\s+mourir|me\s+faire\s+du\s+mal|disparaitre\s+pour\s+toujours"
    r"|plus\s+la\s+force\s+de\s+vivre|me\s+foutre\s+en\s+l'?air|a\s+quoi\s+bon\s+vivre|disparaitre\s+pour\s+de\s+bon"
    r"|plus\s+envie\s+d'?etre\s+la"
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
    r"|faut\s+pas\s+que\s+(?:j'?|je\s+)oublie|(?:faut|faudrait)\s+(?:que\s+)?(?:je|j'?)\s*pense"
    r"|rdv|rendez[\s-]vous|todo|a\s+faire\s*:"
)
QUESTION = (
    r"\?|^(?:quand|quel|quelle|quels|quelles|comment|pourquoi|est[\s-]ce|qu'?est[\s-]ce|c'?est\s+(?:quoi|koi|quand)"
    r"|c\s+(?:quoi|koi|quand)|quoi|koi|combien|ou)\b"
)
SWITCH_TO_OTHER = r"(?:parle[\s-]*moi|ecris[\s-]*moi|reponds[\s-]*moi)?\s*(?:en\s+)?anglais|english(?:\s+please)?"
FILLER = r"salut|coucou|bonjour|hello|stp|svp|s'?il\s+te\s+plait|merci|alors|bon|euh|du\s+coup|genre|ok|okay"
# A message that opens with a question ("où j'ai mis le rapport", "quand est-ce que j'ai fini les impôts",
# "c quoi…", "ai-je fini…"), even without "?": it asks, it changes nothing ("est-ce que tu peux…" asks for
# something to be done).
ASKS = (
    r"(?:(?:ok|okay|et|mais|bon|alors|euh|dis|dis[\s-]moi|au\s+fait|sinon|attends|du\s+coup|petite\s+question"
    r"|question)[\s,:!.-]+)*"
    r"(?:ou(?!\s+(?:alors|bien|sinon|pas))|quand(?!\s+(?:tu|t'?\s*as|t'?\s*auras|vous)\s)|qui|ki|comment|cmt"
    r"|pourquoi|pq|pk|pkoi|quel(?:le)?s?|kel(?:le)?s?|lequel|laquelle|combien|quoi|koi|que|kes|keske|kesk|kesque"
    r"|qu'?est[\s-]?ce|est[\s-]?ce(?!\s+que\s+(?:tu|vous)\s+(?:peux|pourrais|pouvez|veux|voudrais))|c'?\s*est\s+(?:quoi|koi|qui|ki|quand|ou|comment|combien)"
    r"|cest\s+(?:quoi|koi|qui|quand|ou)|c\s+(?:quoi|koi|qui|ki|quand|ou|comment)"
    r"|(?:ai|avais|suis|dois|puis|sais)[\s-]je|(?:as|avais|sais|dois)[\s-]tu|(?:a|est)-t-(?:il|elle|on)"
    r"|(?:j'?\s*ai|t'?\s*as|tu\s+as|on\s+a|jai|tas)\s+(?:quoi|koi|fait\s+quoi|mis\s+(?:ou|quoi)))(?![\w'])"
)

# --- replies to a reminder that rang, and changes to one just set ------------------------------------------
DONE = (
    r"(?:ok\s+|oui\s+|yes\s+|bon\s+)?(?:c'?\s*est\s+|c\s+|ct\s+|c'|cest\s+|c\s*bon\s+)?"
    r"(?:fai+t+e?s?|fais|fe|fini|finie|termine|terminee|regle|reglee|ok\s+fait|bon|check|valide)|cbon|c\s+bon"
    r"|j'?(?:l'?|les\s+|y\s+)?(?:ai|suis)\s+(?:bien\s+)?(?:deja\s+)?\w+(?:e|es|ee|ees|is|it|u|us)|tout\s+bon|c'?est\s+ok"
    r"|(?:je\s+l'?ai|je\s+les\s+ai)\s+\w+|pris|prise|pris\s+!|✅|✔️?|👍|☑️"
)
SNOOZE = (
    r"plus\s+tard|pas\s+(?:maintenant|tout\s+de\s+suite|encore)|apres|tout\s+a\s+l'?heure|dans\s+(?:un\s+)?(?:moment"
    r"|peu|instant|bout)|(?:encore\s+)?\+\s*\d+|\d+\s*(?:min|mn|minutes?)\s*(?:de\s+plus|stp|svp)?|\d+\s*(?:h|heures?)\s+de\s+plus|dans\s+\d+\s*(?:min|mn|minutes?|h|heures?)|pas\s+le\s+temps"
    r"|encore\s+\d+|(?:re)?dis[\s-]*(?:le[\s-]*)?moi|rappelle[\s-]*(?:le[\s-]*)?moi|relance[\s-]*moi"
    r"|snooze|repousse|reporte|decale|plus\s+tard\s+stp"
)
MOVE_VERB = (
    r"decale|decaler|deplace|deplacer|change|changer|modifie|modifier|repousse|repousser|recule|reculer|avance"
    r"|avancer|reporte|reporter|mets|met|mettre|remets|passe|bouge|bouger"
)
# Moving something already planned to a new time, the verb first ("décale le dentiste à jeudi", "tu peux
# repousser le linge à demain"); "change" only with "pour" ("change le yoga pour 19h", not "change les draps à 18h").
RESCHEDULE = (
    r"(?:(?:tu\s+peux|tu\s+pourrais|peux[\s-]tu|stp|svp|ok|bon|alors|du\s+coup|en\s+fait|non|il\s+faut|faut)\s+)*"
    r"(?P<verb>decale[rsz]?|deplace[rsz]?|repousse[rsz]?|reporte[rsz]?|avance[rsz]?|recule[rsz]?|bouge[rsz]?"
    r"|change[rsz]?)(?:[\s-]+(?:moi|stp|svp))?"
)
RESCHEDULE_LOOSE = r"deplace[rsz]?|bouge[rsz]?"  # also said of things moved in space
CHANGE_TO = r"pour|pr"  # "change" moves a thing only with these words before the new time
MOVED_THINGS = r"voitures?|bagnole|caisse|meubles?|canape|lit|velo|moto|scooter|plantes?|cartons?|affaires"
TIME_LEAD = r"a|à|au|pour|pr|jusqu'?a|vers|->|→|=>"
CORRECTION = (
    r"oups|oops|je\s+voulais\s+dire|j'?voulais\s+dire|je\s+me\s+suis\s+trompee?|j'?me\s+suis\s+trompee?|erreur"
    r"|plutot|en\s+fait|finalement|non\s*,?\s*(?:c'?est|a|plutot)|c'?est\s+\d{1,2}(?:\s*h\s*\d{0,2}|:\d\d)?"
    r"|pas\s+\d{1,2}(?:\s*h\s*\d{0,2}|:\d\d)?|corrige|correction"
)
REMINDER_WORD = r"rappels?|rapels?|rappls?|rapls?|alarmes?|notifs?|notifications?"
OF = r"(?:(?:pour|pr|de|du|des|sur|concernant|a\s+propos\s+d[eu'])\s+|d')"
CANCEL_VERB = (
    r"ann?ul(?:e|er)?|suppr(?:ime|imer)?|efface|effacer|enleve|enlever|retire|retirer|vire|virer|stoppe|stop|arrete"
    r"|desactive|desactiver|coupe|couper"
)
# "arrête de me rappeler…" first: "arrête" is also a cancel verb, which would take "de me rappeler…" as its object
CANCEL = (
    rf"(?:arrete|arreter|stop|stoppe)\s+de\s+me\s+(?:rappeler|relancer|harceler)\s*(?:{OF}|de\s+|d')?(?P<about2>.*)"
    rf"|(?:{CANCEL_VERB})(?![\w])[\s-]*(?:moi\s+)?(?:tous\s+)?(?:(?:le|mon|ce|les|mes|celui|ceux)(?![\w']))?\s*(?:{REMINDER_WORD})?"
    rf"\s*(?:{OF})?(?P<about>.*)"
    rf"|(?:pas|plus)\s+(?:besoin|la\s+peine)\s+(?:de\s+|d'|qu'?on\s+|que\s+tu\s+)?(?:me\s+)?"
    rf"(?:(?:le\s+|du\s+|d'un\s+|de\s+)?(?:{REMINDER_WORD})(?![\w])|rappeler|rappelles?|relancer)"
    rf"\s*(?:{OF}|de\s+|d')?(?P<about3>.*)"
    rf"|(?:oublie|laisse\s+tomber)\s+(?:le|ce|mon)\s+(?:{REMINDER_WORD})\s*(?:{OF})?(?P<about4>.*)"
)
UNDO = (
    r"(?:non|nan|oups|oops|en\s+fait|finalement)?[\s,!.]*(?:ann?ul+e?|annuler|oublie|supprime|efface|laisse\s+tomber)"
    r"(?:\s+(?:ca|ça|le|tout|stp|svp|!|\.))*|(?:en\s+fait\s+)?non\s+(?:merci|rien|laisse|oublie)|c'?etait\s+une\s+erreur"
)
QUESTION_REMINDER = (
    rf"(?:j'?ai|jai|g|ai[\s-]je|t'?as|tu\s+as)\s+(?:bien\s+)?(?:un|1|des|mon|le)\s+(?:{REMINDER_WORD})\s*(?:{OF})?(?P<about>.*?)\s*\?"
    rf"|(?:a\s+)?quelle\s+heure\s+(?:est\s+|il\s+est\s+|sonne\s+)?(?:le|mon|ce)\s+(?:{REMINDER_WORD})\s*(?:{OF})?"
    rf"(?P<about2>.*)|(?:il\s+est\s+a\s+quelle\s+heure|c'?est\s+quand)\s+(?:le|mon)\s+(?:{REMINDER_WORD})\s*"
    rf"(?:{OF})?(?P<about3>.*)|quand\s+(?:est|c'?est|sonne)\s+(?:le|mon|ce)\s+(?:{REMINDER_WORD})\s*(?:{OF})?"
    rf"(?P<about4>.*)|(?:le|mon)\s+(?:{REMINDER_WORD})\s*(?:{OF})?(?P<about5>.+?)\s+(?:c'?est\s+quand|a\s+quelle\s+heure)"
)
NEGATED_REMINDER = r"(?:ne\s+)?(?:me\s+)?rappelle\s+pas|(?:arrete|stop)\s+de\s+me\s+rappeler|(?:pas|plus)\s+besoin"

STOPWORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "l",
        "a",
        "au",
        "aux",
        "et",
        "ou",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "ce",
        "cet",
        "cette",
        "ca",
        "c",
        "est",
        "moi",
        "je",
        "j",
        "tu",
        "il",
        "elle",
        "on",
        "pour",
        "par",
        "sur",
        "en",
        "dans",
        "avec",
        "stp",
        "svp",
        "ok",
        "oui",
        "non",
        "bien",
        "deja",
    }
)

# A list or a question about reminders: "voir rappels", "tu me rappelles quoi demain ?", "g quoi cm rappels".
REMIND_VERB = r"rappel+(?:e|es|er|era|eras|erez)?|rapl|rapel|programme|mis|note"
ASKING = (
    r"\?|quoi|koi|quel(?:le)?s?|quand|a\s+quelle\s+heure|(?:qu'?)?est[\s-]ce\s+que|voir|montre|liste|lister|prochains?"
    r"|j'?ai\s+bien|g\s+quoi|deja"
)
PAST_PARTICIPLE = r"[a-z]{3,}(?:e|es|ee|ees|i|is|ie|ies|u|us|ue|ues)"  # "arrosées", "pris", "sorties": done
SYNONYMS = {
    "medocs": "medicaments",
    "medoc": "medicament",
    "cachets": "medicaments",
    "pilules": "medicaments",
    "rdv": "rendez-vous",
    "toubib": "medecin",
    "doc": "medecin",
    "kine": "kinesitherapeute",
}

# Things of other domains: "annule/supprime X" with one of these and no reminder word is not about a reminder.
OTHER_THINGS = (
    r"agenda|calendrier|planning|depenses?|achats?|notes?|taches?|to[\s-]?do|todo|recettes?|favoris|favorites?"
    r"|objectifs?|limites?|messages?|textos?|sms|relances?|courses|listes?|categories?|fuseau|budgets?|devise|lieux"
    r"|adresses?"
    r"|heures?\s+calmes?|calmes?|silence|reglages?|parametres?"
)
EVENT_THINGS = r"rdv|rendez[\s-]?vous|reunions?|entretiens?|evenements?"
# The reminder itself named by its verb: "arrête de me rappeler…", "plus besoin qu'on me rappelle…".
REMIND_ME = r"(?:me|m')\s*(?:rappel\w*|rapel\w*|relanc\w*)|rappel+e[sz]?[\s-]*(?:moi|moa|mwa)"
# Making a reminder insist is another tool: "stop les relances", "fais-le insister".
ESCALATE = r"relances?|relancer|insist\w*|harcel\w*|escalad\w*"
# "rappelle-moi comment on fait…": a question in the words after the trigger, not something to remind.
HOW_TO = r"comment|ce\s+qu[e']|c'?est\s+quoi|quel(?:le)?s?|ou\s+(?:est|j'?ai|sont|se)|qui\s+(?:est|a)"
# The frame of a question about what the assistant will remind: "qu'est-ce que tu dois me rappeler ?".
ASK_FRAME = (
    r"(?:qu'?est[\s-]ce\s+que|que|quoi|koi|tu|t'?|vous|vas|va|dois|doit|devais|as|avais|m'?as|prevu|de|me|demande)"
)
# A recurrence word used as an adjective ("revue hebdomadaire", "limite quotidienne"): no time for a reminder.
FREQUENCY_ADJECTIVE = r"hebdo(?:madaires?)?|quotidien(?:ne)?s?|mensuel(?:le)?s?|annuel(?:le)?s?|journali(?:er|ere)s?"
# Times that are over: what happened is told, not asked to be reminded.
PAST_TIME = r"hier|avant[\s-]hier|la\s+semaine\s+derniere|(?:le\s+)?mois\s+dernier|il\s+y\s+a|tout\s+a\s+l'?heure\s+j"
# Told in the past ("c'était soupe de lentilles", "on a mangé…"): a time there is not a time to remind.
PAST_VERB = (
    r"c'?etait|etait|on\s+a\s+(?:mange|fait|cuisine|pris|eu|vu|teste|essaye)|j'?ai\s+(?:mange|fait|cuisine|suivi"
    r"|pris|eu|vu|teste|essaye|achete|paye|depense)"
)
# A rate, not a time: "3 par jour", "6 messages".
RATE = r"(?:par|/|a\s+la)\s*(?:jour|j|semaine|sem|heure|h)\b|fois\b|messages?\b|textos?\b|sms\b|max\b"
# Only "now": a change of state, not a time to remind ("on habite à Lyon maintenant").
NOW_WORD = r"maintenant|now|desormais|a\s+present"
# A planned thing called off, the verb first: "annule le dentiste", "laisse tomber le rdv chez le coiffeur", "on
# annule le resto", "oublie le rdv du médecin" ("oublie" only for an event: it is also the memory's verb).
CALL_OFF = (
    r"(?:(?:ok|bon|alors|non|nan|en\s+fait|finalement|du\s+coup|tu\s+peux|peux[\s-]tu|stp|svp)[\s,]+)*"
    r"(?:(?:on|nous|je|j'?)\s*)?"
    r"(?P<verb>ann?ul(?:e|es|er|ons|ez)?|laisse[rz]?\s+tomber|oublie[rz]?|zappe[rz]?)"
)
# Said as "pas de X" and when: "pas de sport ce soir finalement", "pas de resto demain".
NO_THING = (
    r"(?:(?:non|nan|bon|ok|alors|finalement|en\s+fait)[\s,]+)*pas\s+d[e']"
    r"(?!\s*(?:soucis?|problemes?|blem|stress|panique|bol|chance|nouvelles?|quoi|rush|pression)\b)"
)
WHEN_OFF = (
    r"ce\s+soir|ce\s+matin|cet\s+aprem|cet\s+apres[\s-]midi|aujourd'?hui|auj|demain|cette\s+semaine"
    r"|ce\s+week[\s-]?end|finalement|en\s+fait|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
# Words around the thing's name: "laisse tomber le truc du sport"; words that refer instead of naming ("annule
# celui de la cantine", "oublie ce que je t'ai dit", "oublie que…"): the reminders' and the memory's own phrases.
THING_WORDS = r"truc|machin|chose|plans?|finalement|fait|ce|soir|aujourd'?hui|stp|svp|merci"
REFERENCE = (
    r"celui|celle|ceux|celles|ca\b|ça|cela|tout\b|tous\b|ce\s+qu|qu|que\b|le\s*$|la\s*$|les\s*$|un\s+truc|quelque"
    r"|(?:la\s+|le\s+)?derni|je\b|j'|tu\b|c'?est|non\b|merci|attends|en\s+fait"
)
