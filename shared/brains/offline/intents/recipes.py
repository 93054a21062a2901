"""Offline understanding of the recipes slice's requests, French and English: a recipe's ingredients onto the
grocery list ("ajoute les ingrédients de la quiche aux courses", "making lasagna for 6, put what I need on the
list"), a new recipe ("recette crêpes pour 4 : 250 g farine, 4 oeufs, 50 cl lait", "save my guac recipe: ..."),
show one ("c quoi deja la recette de la quiche", "rappelle-moi comment on fait le gâteau"), list them ("mes recettes
de soupe"), "j'ai fait la quiche", favourites on and off, and answers to the questions the tools asked.

A dish's name is read from the sentence's shape, not from a list of dishes: after "recette de", before "recipe",
after "comment on fait" / "how do I make", after a past cooking verb, before or after "favoris"; articles,
possessives, politeness and times are trimmed. The table of dishes only makes weak verbs ("j'ai fait", "made")
and scores trustworthy."""

from __future__ import annotations

import itertools
import re

from shared.agent.registry import ToolCall
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.intents.groceries import Words, item_args, split_items
from shared.groceries import quantity as q

_ART = r"(?:(?:de\s+l'|d'|l')\s*|(?:de\s+la|du|des|de|la|le|les|un|une|mon|ma|mes|the|a|an|my|our|some)\s+)?"
_NAME = r"(?![\d\s])(?!(?:on|to|in|into|onto|sur|dans|aux|pour|for|de|the)\s)(?P<r>[\w'’ -]+?)"
_SERVES = r"(?:pour|for|x)\s+(?P<n>\d{1,3}|deux|trois|quatre|cinq|six|sept|huit|dix|douze|two|three|four|five|six|eight|ten|twelve)(?:\s+(?:personnes?|pers|people|persons|servings?|portions?|parts?|convives|guests))?"  # noqa: E501
_NUMBERS = {"deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6,
            "sept": 7, "huit": 8, "eight": 8, "dix": 10, "ten": 10, "douze": 12, "twelve": 12}  # fmt: skip
_END = (
    rf"(?=\s+{_SERVES}|\s*[,.;!?:]|\s+(?:aux|sur|dans|ds|a\s+la|a\s+ma|to|on|onto|in|into)\s+"
    r"(?:la\s+|ma\s+|mes\s+|les\s+|my\s+|the\s+|our\s+)?(?:courses|liste|list|groceries|grocery|shopping)"
    r"|\s+(?:samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi|demain|ce\s+soir|ce\s+midi|ce\s+week|tonight|tomorrow"
    r"|(?:for|pour)\s+(?:dinner|lunch|breakfast|le\s+diner|le\s+dejeuner|le\s+gouter|ce\s+soir|ce\s+midi)"
    r"|hier|yesterday|today|aujourd'?hui|last\s+night|on\s+\w+day|this\s+\w+|saturday|sunday|monday|tuesday|wednesday|thursday|friday|et\s|and\s+(?:put|add)|mets|put|add"
    r"|ajoute|recipe|ingredients|stp|svp|pls|please)\b|\s*$)"
)
_TO_LIST = r"(?:courses|liste|list|groceries|grocery|shopping)|(?:^|\s)(?:ajoute|rajoute|mets|add|put)\b"
_RECIPE_OF = (
    rf"ingredients?\s+(?:de\s+la|de\s+l'|du|des|de|d'|pour|for|of)?\s*{_ART}{_NAME}{_END}",
    rf"recettes?\s+(?:de\s+la|de\s+l'|du|des|de|d'|pour|for)?\s*{_ART}{_NAME}{_END}",
    rf"recipe\s+(?:for|of)\s+{_ART}{_NAME}{_END}",
    rf"ce\s+qu'?il\s+(?:me\s+|nous\s+)?faut\s+pour\s+{_ART}{_NAME}{_END}",
    rf"(?:il\s+)?(?:me|nous)\s+faut\s+quoi\s+pour\s+{_ART}{_NAME}{_END}",
    rf"what\s+(?:do\s+)?(?:i|we)\s+need\s+for\s+{_ART}{_NAME}{_END}",
    rf"(?:je|on)\s+(?:fais|fait|prepare|cuisine|me\s+fais)\s+{_ART}{_NAME}{_END}",
    rf"(?:i'?m\s+|we'?re\s+)?(?:making|cooking|baking)\s+{_ART}{_NAME}{_END}",
    rf"(?:^|\b(?:the|my|a|an|for)\s+){_NAME}\s+(?:recipe|ingredients)\b",
)
_LEAD_WORDS = re.compile(r"^(?:(?:put|add|get|the|my|a|an|for|groceries|grocery|courses|pour|la|le|les)\s+)+")
_STEPS_MARK = r"(?:etapes?|steps?|preparation|method|instructions|directions)\s*:"

# --- word tables for saving, showing, listing, cooking and favourites (folded: lowercase, no accents) -------------
_ONE = r"recette|recete|recipe|recipie|receipe|recepie"  # one recipe
_MANY = r"recettes|recetes|recipes|recipies|receipes|recepies"  # several
_RECIPE_WORD = rf"(?<![\w'])(?:{_MANY}|{_ONE})(?!\w)"
_N = (
    r"\d{1,3}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|two|three|four|five|seven"
    r"|eight|nine|ten|eleven|twelve|fifteen|twenty"
)
_NUMBER = {
    **dict.fromkeys(("deux", "two"), 2),
    **dict.fromkeys(("trois", "three"), 3),
    **dict.fromkeys(("quatre", "four"), 4),
    **dict.fromkeys(("cinq", "five"), 5),
    "six": 6,
    **dict.fromkeys(("sept", "seven"), 7),
    **dict.fromkeys(("huit", "eight"), 8),
    **dict.fromkeys(("neuf", "nine"), 9),
    **dict.fromkeys(("dix", "ten"), 10),
    **dict.fromkeys(("onze", "eleven"), 11),
    **dict.fromkeys(("douze", "twelve"), 12),
    **dict.fromkeys(("quinze", "fifteen"), 15),
    **dict.fromkeys(("vingt", "twenty"), 20),
}
_PEOPLE = r"personnes?|pers|people|persons|servings?|portions?|parts?|convives|guests|adultes|enfants|kids"
_PORTIONS = (
    rf"(?:pour|pr|for|serves|serving|feeds|makes|x)\s*(?P<n>{_N})(?:\s+(?:{_PEOPLE}))?(?!\s*(?:min|h\b|heures?|hours?))"
    rf"|(?P<n2>{_N})\s+(?:personnes|pers|people|persons|servings|portions|parts|convives|guests)(?!\w)"
)
_TIME = (
    r"hier(?:\s+soir|\s+midi)?|avant[\s-]hier|aujourd'?hui|auj|ce\s+(?:soir|midi|matin|week[\s-]?end|we)"
    r"|cet\s+(?:aprem|apres[\s-]midi)|tout\s+a\s+l'?heure|demain|la\s+semaine\s+derniere|le\s+week[\s-]?end"
    r"|samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi|l'?autre\s+(?:jour|soir)|today|tonight|tonite|yesterday"
    r"|tomorrow|last\s+(?:night|week|weekend)|this\s+(?:morning|evening|afternoon|week(?:end)?)|the\s+other\s+day"
    r"|saturday|sunday|monday|tuesday|wednesday|thursday|friday|(?:for|pour\s+le|au)\s+(?:dinner|lunch|breakfast"
    r"|brunch|diner|dejeuner|gouter|dessert|petit[\s-]dej\w*|souper)"
)
_POLITE = (
    r"stp|svp|s'?il\s+(?:te|vous)\s+pla[iî]t|merci|pls|plz|please|thx|thanks|deja|again|encore|now|asap|vite|lol"
    r"|mdr|haha|steuplait|stv"
)
_DET = (
    r"de\s+la|de\s+l'|du|des|la|le|les|l'|un|une|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|cette|ce|cet"
    r"|the|a|an|my|our|your|his|her|this|that|these|those|some|any|ur"
)
_STOP = (
    rf"(?=\s*[,.;:!?()\"]|\s+-\s|\s*$|\s+(?:{_PORTIONS})|\s+(?:{_TIME})(?!\w)|\s+(?:{_POLITE})(?!\w)"
    r"|\s+(?:pour|pr|for|avec|with|w/?|from|using|selon|d'apres|like|comme|as|en\s+favoris?|aux?\s+favoris"
    r"|(?:de|d')\s*(?:la|ma|ta|cette|ton|mon|sa|notre)\s+(?:rec|liste)|(?:de|dans|des|to|in|into|off|out)\s+(?:mes|my|the|les)"
    r"|sur\s+la|aux\s+courses|to\s+the|on\s+the|out\s+of|c'?est|c\s|is|was|etait|trop|so\s+good|super|un\s+delice"
    r"|delicious|yum|miam|j'?ai|jai|i|we|it|scaled|adapte\w*|recettes?|recipes?|ingredients?|et\s+(?:j'?ai|on)"
    r"|and\s+(?:i|we|it)|s'?il|(?:tout\s+le\s+monde|everyone|the\s+kids|les\s+enfants)\s+a)(?!\w))"
)
_NAME_AT = rf"\s*(?P<r>[^\s,.;:!?()\"][^,.;:!?()\"]*?){_STOP}"
_TRAIL = (
    rf"{_DET}|{_POLITE}|{_TIME}|{_ONE}|{_MANY}|ingredients?|de|d'|en|a|au|aux|to|in|into|as|of|from|for|pour|pr"
    r"|avec|with|comme|on|off|out|is|are|was|c'?est|sont|etait|une?|one|parmi|among|dans|sur|ou|or|et|and|it"
)
_LEAD = (
    rf"{_DET}|(?:{_MANY}|{_ONE})(?:\s+(?:de\s+la|de\s+l'|du|des|de|d'|for|of))?|ingredients?(?:\s+(?:de|du|des|d'|for|of))?"
    r"|moi|me|m'|nouvelle|nouvel|nvelle|new|fameu[xs]e?|famous|same|meme|so|bon|ok|okay|alors|du\s+coup|hey"
    r"|plus|pas|no\s+longer|not|faire|preparer|cuisiner|make|cook|bake"
    rf"|{_POLITE}"
)
_VERB = (
    r"tu\s+peux|peux[\s-]tu|tu\s+pourrais|can\s+you|could\s+you|can\s+i|could\s+i|je\s+peux|i\s+want\s+to|i\s+wanna"
    r"|je\s+veux|je\s+voudrais|est[\s-]ce\s+que|montre\w*|affiche\w*|envoie\w*|donne\w*|redonne\w*|renvoie\w*|sors"
    r"|trouve\w*|cherche\w*|retrouve\w*|rappelle\w*|ecris|enregistre\w*|sauvegarde\w*|sauve|garde\w*|note\w*"
    r"|memorise\w*|ajoute\w*|rajoute\w*|mets|met|mettre|cree\w*|marque\w*|retire\w*|enleve\w*|supprime\w*|vire\w*"
    r"|liste\w*|voir|avoir|show|send|give|get|pull\s+up|bring\s+up|find|text|tell|save|store|keep|add|put"
    r"|write\s+down|jot\s+down|create|mark|remove|take|delete|drop|list|see|view|unfave|unfav|unfavou?rite|fave|fav"
    r"|favou?rite|unstar|star|which|what'?s|whats|what\s+are|what|any|all|toutes?|tous|quelles?|quels?|j'?ai|jai"
    r"|t'?as|as[\s-]tu|do\s+i\s+have|i\s+have|c\s+quoi|c'?est\s+quoi|cest\s+quoi|quelle\s+est|is\s+there"
    r"|saving|adding|storing|keeping|writing\s+down|kel+e?s?|how\s+many|combien\s+d[e']"
)
_SAVE = (
    r"enregistre\w*|sauvegarde\w*|sauve\w*|garde[rsz]?|note[rsz]?|memorise\w*|ajoute[rsz]?|rajoute[rsz]?|cree[rsz]?"
    r"|ecri[st]|ecrire|save|store|keep|add|write\s+down|jot\s+down|note\s+down|create|record|nouvelle|nouvel|nvelle"
    r"|saving|adding|storing|keeping|writing\s+down"
    r"|new"
)
_SOURCE = (
    r"(?:from|with|using|avec|de|d'|selon|suivi|suivant|followed|follow|per|off|d'apres|sur)\s+(?:(?:the|my|your|ur"
    r"|ta|ma|la|cette|ton|mon|this|that)\s+)?(?:propre\s+|own\s+|same\s+|meme\s+)?$"
)
_FAV = (
    r"(?:un)?favou?ris?|(?:un)?favou?rites?|(?:un)?faves?|(?:un)?favs?|(?<!je\s)(?<!tu\s)(?<!on\s)preferee?s?"
    r"|coups?\s+de\s+coeur|starred|(?:un)?star(?=\s+(?:it|this|that|the|my|them|la|le|les)\b)"
)
_INTO_FAVOURITES = (
    r"(?:en|aux?|a|dans|des|de|to|in|into|as|from|of|off|comme)\s+(?:(?:mes|my|the|les|a|an|une?|un)\s+)?"
    r"(?:recettes?\s+|recipes?\s+)?$"
)
_UNFAV = (
    r"unfav\w*|unstar\w*|enleve\w*|retire\w*|supprime\w*|sors|vire\w*|efface\w*|oublie\w*|remove|take|delete|drop"
    r"|kick|plus\s+(?:en\s+|un\s+|dans\s+(?:les|mes)\s+)?(?:favou?ris?|preferee?s?)|no\s+longer|not\s+(?:a\s+)?fav\w*"
    r"|pas\s+(?:en\s+|un\s+)?favori\w*|n'?est\s+plus"
)
_COOKED_VERB = (
    r"(?:(?:j'?ai|jai|g|on\s+a|nous\s+avons|(?:je|on)\s+(?:viens|vient)\s+d[e'])\s+(?:(?:enfin|encore|deja|bien|"
    r"finalement)\s+)?|^\s*)(?P<v>(?:re)?fai(?:t|re)|(?:re)?cuisine[r]?|(?:re)?prepare[r]?|teste[r]?|essaye[r]?"
    r"|mijote[r]?|reussi[r]?|tente[r]?|fait\s+cuire|mange[r]?|goute[r]?)(?!\w)"
    r"|(?:(?:i|we|i'?ve|we'?ve|i\s+have|we\s+have)\s+(?:(?:just|finally|already|also)\s+)?|^\s*(?:(?:just|finally)\s+)?)"
    r"(?P<w>made|cooked|baked|tried|whipped\s+up|prepped|prepared|threw\s+together|rustled\s+up|nailed|had|ate"
    r"|roasted|fried|grilled)(?!\w)"
    r"|(?<![\w'])(?:c'?etait|c\s+etait|it\s+was)\s+(?P<x>)"
)
_DEFINITE = r"\s*(?:le|la|les|l'|the|my|mon|ma|mes|ton|ta|tes|your|that|this|ce|cette)\b"
_IT_IS = r"(?<!\w)(?:c'?est|c|is|it'?s|was|that'?s|ca\s+c'?est)\s*$"
_STRONG_COOK = re.compile(
    r"cuisine|prepare|teste|essaye|mijote|reussi|tente|cuire|cooked|baked|tried|whipped|prepped|prepared|threw"
    r"|rustled|nailed|roasted|fried|grilled"
)
_DONE_AFTER = (
    r"fait|faite|faits|faites|refait|termine|reussi|pret|prete|done|made|ready|cooked|baked|finished|nailed|sorti"
)
_LATER = (
    r"(?<!\w)(?:demain|tomorrow|vais|va|allons|going\s+to|gonna|will|dois|doit|need\s+to|have\s+to|faut|rappelle\w*"
    r"|remind\w*|veux|want|wanna|voudrais|would|should|aimerais|prochaine?|next|(?:dans|ds|in)\s+\d+)(?!\w)"
)
_NOT_DISH = re.compile(
    r"(?<!\w)(?:courses|menage|lessive|vaisselle|sport|devoirs|sieste|shopping|groceries|laundry|dishes|bed|homework"
    r"|nap|workout|run|appel|call|rdv|appointment|reservation|plein|point|erreur|mistake|it|that|ca|tout|all|rien"
    r"|nothing|resto|restau|restaurant|bar|lieu|endroit|place|spot|adresse|contact|numero|chanson|song|film|movie"
    r"|serie|show|photo|note|notes|tache|taches|task|tasks|rappel|reminder|mail|email|lit|bank|banque|job|travail"
    r"|work|test|exam|examen|effort|progres|progress|list|liste|choice|choix|decision|mind|money|friends?|amis?"
    r"|this|them|one|lui|elle|eux|la|le|les)(?!\w)"
)
_DISH = re.compile(
    r"(?<!\w)(?:quiches?|lasagnes?|lasagnas?|gateaux?|cakes?|tartes?|tarts?|pies?|crepes?|pancakes?|gaufres?"
    r"|waffles?|soupes?|soups?|veloutes?|potages?|gratins?|curry|currys|chilis?|dal|dahl|daal|pizzas?|salades?"
    r"|salads?|risottos?|couscous|tajines?|omelettes?|cookies?|brownies?|muffins?|cupcakes?|crumbles?|clafoutis"
    r"|flans?|mousses?|tiramisus?|cheesecakes?|fondants?|moelleux|madeleines?|financiers?|banana\s+bread|bread"
    r"|pains?|brioches?|guacamole|guac|houmous|hummus|humus|taboule|tabbouleh|ratatouille|blanquette|bourguignon"
    r"|pot[\s-]au[\s-]feu|hachis|parmentier|tartiflette|raclette|fondue|paella|carbonara|bolognaises?|bolo"
    r"|spaghettis?|pates|pasta|mac\s+and\s+cheese|mac\s+n\s+cheese|burgers?|tacos?|burritos?|enchiladas?|fajitas?"
    r"|quesadillas?|wok|stir[\s-]?fry|roti|roast|stew|ragouts?|casseroles?|meatloaf|meatballs?|boulettes?"
    r"|nuggets?|nems?|sushis?|ramen|pho|poke|bowl|smoothies?|granola|porridge|overnight\s+oats|oatmeal"
    r"|jambalaya|gumbo|moussaka|gnocchis?|feuilletes?|scones?|biscuits?|sables?|chowder|bisque|gazpacho|pesto"
    r"|sauce|vinaigrette|confiture|jam|compote|puree|mash|frittata|shakshuka|biryani|tikka|korma|falafels?"
    r"|kebabs?|croques?|croque[\s-]monsieur|sandwichs?|sandwiches|wraps?|bruschetta|focaccia|cinnamon\s+rolls?"
    r"|chocolat\s+chaud|hot\s+chocolate|cocktail|mojito|sangria|marinade|dessert|entree|plat|dish|meal|repas"
    r"|cassoulet|choucroute|quenelles?|gratin\s+dauphinois|lentilles|lentils|dhal|soupe|chili\s+sin\s+carne"
    r"|chili\s+con\s+carne|tartines?|toasts?|french\s+toast|pain\s+perdu|donuts?|beignets?|churros|galettes?"
    r"|blinis?|samoussas?|samosas?|empanadas?|lasagne)(?!\w)"
)
_FOOD_AISLES = frozenset({"produce", "bakery", "dairy", "meat", "fish", "frozen", "pantry"})
_NOTES = re.compile(r"(?<!\w)(?:notes?|tags?|etiquettes?|#\w+)(?!\w)")
_LIST_TARGET = re.compile(
    r"(?<!\w)(?:courses|liste\s+de\s+courses|groceries|grocery|shopping\s+list|shopping|to\s+the\s+list"
    r"|on\s+the\s+list|sur\s+la\s+liste|dans\s+la\s+liste|a\s+la\s+liste)(?!\w)"
)
_ADD_VERB = re.compile(r"(?<!\w)(?:ajoute\w*|rajoute\w*|mets|met|add|put)(?!\w)")
_NOT_ABOUT = re.compile(
    r"(?<!\w)(?:enregistree?s?|sauvegardee?s?|saved|stored|favou?rites?|favou?ris|faves?|favs?|preferee?s?|all"
    r"|toutes?|tous|new|old|nouvelles?|anciennes?|my|mes|les|the|that|i|have|got|do|did|j'?ai|t'?as|as[\s-]tu"
    r"|combien|how|many|much|quoi|what|which|kel+e?s?|quelles?|quels?)(?!\w)"
)
_EMOJI = re.compile(r"[^\w\s'’,.;:!?+&/()\-½¼¾×\"]")


def _words(h: Heard) -> Words:
    """The message twice with the same spans (as written, folded), emojis blanked out."""
    text = h.text if len(h.text) == len(h.folded) else h.folded
    keep = [(a, b) if not _EMOJI.match(b) else (" ", " ") for a, b in zip(text, h.folded, strict=True)]
    return Words("".join(a for a, _ in keep), "".join(b for _, b in keep))


def _portions(low: str) -> int | None:
    m = re.search(rf"(?<!\w)(?:{_PORTIONS})", low)
    if m is None:
        return None
    value = m.group("n") or m.group("n2")
    number = int(value) if value.isdigit() else _NUMBER.get(value)
    return number if number and 0 < number <= 100 else None


def _strip(w: Words) -> Words:
    """A name without leading articles, possessives, "recette de", and without trailing connectors, politeness,
    times."""
    for _ in range(8):
        m = re.match(rf"\s*(?:{_LEAD})(?:\s+|(?<=')\s*|$)", w.low)
        if m is None or m.end() == 0:
            break
        w = Words(w.text[m.end() :], w.low[m.end() :])
    for _ in range(8):
        m = re.search(rf"(?:^|\s+|(?<=\w))(?:{_TRAIL})\s*$", w.low)
        if m is None or m.start() == len(w.low):
            break
        if m.start() > 0 and w.low[m.start() - 1].isalnum() and not w.low[m.start()].isspace():
            break  # inside a word
        w = Words(w.text[: m.start()], w.low[: m.start()])
    text = w.text.strip(" '’-:\"")
    return Words(text, w.low.strip(" '’-:\""))


def _usable(name: Words) -> bool:
    low = name.low.strip()
    if not low or not re.search(r"[a-z]", low) or len(low.split()) > 7:
        return False
    return not (_NOT_DISH.fullmatch(low) or (_NOT_DISH.search(low) and not _DISH.search(low)))


def _after(w: Words, pos: int, *, colon: bool = False) -> Words:
    """The name that starts at `pos` ("la quiche lorraine pour 4" -> "quiche lorraine"); `colon`: also after a
    colon ("favori : la quiche")."""
    if colon:
        lead = re.match(r"[\s:-]*", w.low[pos:])
        pos += lead.end() if lead else 0
    for _ in range(6):  # "ta recette de cookies": the articles and "recette de" before the name
        m = re.match(rf"\s*(?:{_LEAD})(?:\s+|(?<=')\s*)", w.low[pos:])
        if m is None or m.end() == 0:
            break
        pos += m.end()
    if re.match(rf"\s*(?:(?:{_PORTIONS})|(?:{_TIME})|(?:{_POLITE})|pour|for|with|avec|from)(?!\w)", w.low[pos:]):
        return Words("", "")
    m = re.match(_NAME_AT, w.low[pos:])
    if m is None:
        return Words("", "")
    start, end = pos + m.start("r"), pos + m.end("r")
    return _strip(Words(w.text[start:end], w.low[start:end]))


def _before(w: Words, end: int) -> Words:
    """The name that ends at `end`, back to the verb or article in its clause ("show me the pancake| recipe")."""
    start = max((m.end() for m in re.finditer(r"[,.;:!?()\"]|\s-\s", w.low[:end])), default=0)
    seg = Words(w.text[start:end], w.low[start:end])
    seg = _strip(Words(seg.text, seg.low)) if seg.low.strip() else seg
    # the trailing strip keeps the start: find where the stripped text sits
    low = seg.low
    det = re.search(rf"(?<![\w'])(?:{_DET})(?:\s+|(?<=')\s*)", low)
    if det is not None:
        head = low[: det.start()]
        if not head.strip() or re.fullmatch(rf"(?:\s*(?:{_VERB})[\s-]*(?:moi|me|m'|-moi|nous|us)?)+\s*", head):
            seg = Words(seg.text[det.end() :], low[det.end() :])
            return _strip(seg)
    for _ in range(4):
        m = re.match(rf"\s*(?:{_VERB})(?:[\s-]*(?:moi|me|m'|-moi|nous|us)(?!\w))?(?:\s+|(?<=')|$)", seg.low)
        if m is None or m.end() == 0:
            break
        seg = Words(seg.text[m.end() :], seg.low[m.end() :])
    return _strip(seg)


def _known(items: list[q.Item]) -> bool:
    return len(items) >= 2 and all(q.aisle(i.name) in _FOOD_AISLES for i in items)


def _call(tool: str, args: dict[str, object], score: float, intent: str) -> Candidate:
    return Candidate(score, intent, [ToolCall(tool, args)])


def _is_dish(name: Words) -> bool:
    return bool(_DISH.search(name.low)) or q.aisle(name.low) in _FOOD_AISLES


# --- favourites ---------------------------------------------------------------------------------------------------
def _favourite(h: Heard, w: Words) -> Candidate | None:
    fav = re.search(rf"(?<![\w'])(?:{_FAV})(?!\w)", w.low)
    if fav is None:
        return None
    off = re.search(rf"(?<![\w'])(?:{_UNFAV})(?!\w)", w.low) is not None
    recipe_said = re.search(_RECIPE_WORD, w.low) is not None
    name = _before(w, fav.start())
    if not _usable(name):
        name = _after(w, fav.end(), colon=True)
    if not _usable(name):  # "c'est une de mes préférées, mets-la en favori": the name is in the other clause
        for clause in re.finditer(r"[^,.;!?]+", w.low):
            if clause.start() <= fav.start() < clause.end():
                continue
            candidate = _before(w, clause.end())
            if _usable(candidate) and _is_dish(candidate):
                name = candidate
                break
    if not _usable(name):
        if re.search(rf"(?<!\w)(?:{_MANY})(?!\w)", w.low) or recipe_said:
            return _call("list_recipes", {"favourites": True}, 0.9, "recipes.list")
        if not off and not _ADD_VERB.search(w.low):  # "mes favoris ?": only recipes have favourites
            return _call("list_recipes", {"favourites": True}, 0.7, "recipes.list")
        return None
    if _NOT_DISH.search(name.low) and not _DISH.search(name.low):
        return None
    listing = re.match(r"\s*(?:montre|affiche|liste|show|list|quelles?|which|what)\b", w.low)
    if listing is not None and re.search(rf"(?<!\w)(?:{_MANY})(?!\w)", w.low) and not _ADD_VERB.search(w.low):
        return _call("list_recipes", {"favourites": True, "about": name.text}, 0.88, "recipes.list")
    if not (recipe_said or _is_dish(name)):
        verb = not w.low[: fav.start()].strip() and re.match(rf"\s*:|\s+(?:{_DET})\s", w.low[fav.end() :])
        action = off or verb or re.search(_INTO_FAVOURITES, w.low[: fav.start()])
        if not action:
            return None  # "favorite color is blue"
        return _call("favourite_recipe", {"recipe": name.text, "favourite": not off}, 0.75, "recipes.favourite")
    score = 0.95
    return _call("favourite_recipe", {"recipe": name.text, "favourite": not off}, score, "recipes.favourite")


# --- a new recipe -------------------------------------------------------------------------------------------------
def _new(h: Heard, w: Words) -> Candidate | None:
    word = re.search(rf"(?<![\w'])(?:{_ONE})(?!\w)", w.low)
    if word is None:
        return None
    sentence_start = max((m.end() for m in re.finditer(r"[.!?]\s", w.low[: word.start()])), default=0)
    saved = re.search(rf"(?<![\w'])(?:{_SAVE})(?!\w)", w.low[sentence_start : word.start()]) is not None
    after_word = re.match(r"(?:\s+(?:de\s+la|de\s+l'|du|des|de|d'|for|of)(?!\s*\d))?\s*", w.low[word.end() :])
    title_at = word.end() + (after_word.end() if after_word else 0)
    title = _after(w, title_at)
    title_end = title_at
    if title.low and not re.match(r"\s*\d", title.low):
        found = re.search(re.escape(title.low), w.low[title_at:])
        title_end = title_at + (found.end() if found else 0)
    else:
        title = _before(w, word.start())
        title_end = word.end()
    colon = re.match(r"[^:]*?:\s*", w.low[title_end:])
    body_start = title_end + colon.end() if colon is not None and ":" in w.low[title_end:] else title_end
    if colon is not None and not title.low:
        first = re.match(
            rf"\s*(?P<r>[^,;\d]+?)(?=\s*[,;]|\s+-\s|\s+\d|\s+(?:{_PORTIONS})|\.\s|\s*$)", w.low[body_start:]
        )
        if first is not None:
            s, e = body_start + first.start("r"), body_start + first.end("r")
            title = _strip(Words(w.text[s:e], w.low[s:e]))
            body_start = e
    body = Words(w.text[body_start:], w.low[body_start:])
    body, _ = body.sub(rf"(?<!\w)(?:{_PORTIONS})(?!\w)")
    ingredients, steps = _body(body, after_colon=colon is not None)
    if colon is None and not (any(i.quantity is not None for i in ingredients) or _known(ingredients)):
        ingredients, steps = [], []  # "j'ai testé la recette du banana bread, top": no ingredients
    if not saved and not (colon is not None and ingredients):
        return None
    args: dict[str, object] = {}
    if title.text:
        args["title"] = title.text
    portions = _portions(w.low)
    if portions:
        args["servings"] = portions
    if ingredients:
        args["ingredients"] = item_args(ingredients)
    if steps:
        args["steps"] = steps
    score = 0.93 if ingredients else (0.9 if title.text else 0.85)
    return _call("add_recipe", args, score, "recipes.add")


_FOR_THE_LIST = (
    r"courses|liste|list|groceries|grocery|shopping|ingredients?|ce\s+qu'?il\s+(?:me\s+|nous\s+)?faut"
    r"|what\s+(?:i|we)\s+need|(?:me|nous)\s+faut"
)
_ABBREVIATIONS = frozenset(
    ("c", "cs", "cc", "cas", "cac", "tbsp", "tsp", "oz", "lb", "lbs", "env", "approx", "cuil", "cuill", "g", "gr",
     "kg", "ml", "cl", "l", "min", "mn", "h")
)  # fmt: skip


def _body(body: Words, *, after_colon: bool) -> tuple[list[q.Item], list[str]]:
    """Ingredients, then steps after the first full stop or "étapes :"."""
    low = body.low
    if not after_colon and not re.match(r"\s*[,;-]", low):
        return [], []  # "cooked my chili recipe again": no list of ingredients after the name
    lead = re.match(r"[\s,:;-]*", low)
    cut = lead.end() if lead else 0
    body = Words(body.text[cut:], low[cut:])
    mark = re.search(_STEPS_MARK, body.low)
    stop = next((m for m in re.finditer(r"(?P<w>[a-z]+)\.\s+", body.low) if m.group("w") not in _ABBREVIATIONS), None)
    split_at = mark.start() if mark is not None else (stop.end("w") if stop is not None else len(body.low))
    steps_text = body.text[(mark.end() if mark is not None else (stop.end() if stop is not None else len(body.low))) :]
    part = Words(body.text[:split_at], body.low[:split_at])
    if not re.search(r",|;|\n|\s(?:et|and|\+)\s", part.low):  # "250g farine 4 oeufs 50cl lait"
        pieces = [m.start() for m in re.finditer(r"\s+(?=\d|une?\s+pincee|a\s+pinch)", part.low)]
        if pieces:
            bounds = [0, *pieces, len(part.low)]
            joined_text = ", ".join(part.text[a:b].strip() for a, b in itertools.pairwise(bounds))
            joined_low = ", ".join(part.low[a:b].strip() for a, b in itertools.pairwise(bounds))
            part = Words(joined_text, joined_low)
    items = [i for i in split_items(part) if i.name and len(i.name.split()) <= 6]
    steps = [
        s.strip(" .")
        for s in re.split(r"\s*(?:\n|;|\s\d+[.)]\s|^\d+[.)]\s|\.\s+|,\s+|,?\s+puis\s+|,?\s+then\s+)\s*", steps_text)
        if s and s.strip(" .")
    ]
    return items, steps


# --- listing ------------------------------------------------------------------------------------------------------
def _listing(h: Heard, w: Words) -> Candidate | None:
    many = re.search(rf"(?<![\w'])(?:{_MANY})(?!\w)", w.low)
    if many is None or _NOTES.search(w.low):
        return None
    args: dict[str, object] = {}
    after = re.match(
        r"\s+(?:de\s+la|de\s+l'|du|des|de|d'|avec|au|a\s+la|aux|a\s+base\s+de|sans|with|w/?|using|containing|for|of"
        r"|that\s+(?:use|have)|qui\s+(?:utilisent|ont))\s*(?:(?:du|de\s+la|des|de|d'|le|la|les|l'|the|some|any)\s+|l'|d')?",
        w.low[many.end() :],
    )
    about = _after(w, many.end() + after.end()) if after is not None else Words("", "")
    if not about.low:
        about = _before(w, many.start())
    kept = [word for word in about.low.split() if not _NOT_ABOUT.fullmatch(word)]
    if about.low and kept:
        args["about"] = about.text if len(kept) == len(about.low.split()) else " ".join(kept)
    return _call("list_recipes", args, 0.88, "recipes.list")


# --- showing ------------------------------------------------------------------------------------------------------
_HOW = (
    r"comment\s+(?:(?:on|je|tu|vous|il\s+faut|est[\s-]ce\s+qu'?on|j'?avais|t'?avais)\s+)?(?:fait|fais|faites|faire"
    r"|prepare|prepares|preparer|cuisine|cuisiner|reussi[rt]?|se\s+fait|fait[\s-]on|avait\s+fait|fait\s+deja)"
    r"(?:\s+pour\s+faire)?\s+"
    r"|how\s+(?:(?:do|did|does|should|can|to|would)\s+)?(?:(?:i|you|we|one|u|ya)\s+)?(?:make|cook|bake|prepare|prep"
    r"|do|whip\s+up)\s+"
)
_NEED = (
    r"(?:il\s+)?(?:me\s+|nous\s+|te\s+)?faut\s+quoi\s+(?:pour|pr)\s+|qu'?est[\s-]ce\s+qu'?il\s+(?:me\s+|nous\s+)?faut"
    r"\s+(?:pour|pr)\s+|ce\s+qu'?il\s+(?:me\s+|nous\s+)?faut\s+(?:pour|pr)\s+|what\s+(?:do\s+)?(?:i|we|you)\s+need"
    r"\s+(?:for|to\s+make)\s+|ingredients?\s+(?:de\s+la|de\s+l'|du|des|de|d'|pour|for|of|in)\s+"
    r"|what(?:'?s|\s+is|\s+are)\s+in\s+"
)


def _show(h: Heard, w: Words) -> Candidate | None:
    names: list[Words] = []
    one = None
    for m in re.finditer(rf"(?<![\w'])(?:{_ONE})(?!\w)", w.low):
        if re.search(_SOURCE, w.low[: m.start()]):
            continue  # "made it from my recipe": the recipe is where it came from, not what is asked
        one = m
        lead = re.match(r"(?:\s+(?:de\s+la|de\s+l'|du|des|de|d'|for|of)(?!\s*\d))?\s*", w.low[m.end() :])
        names.append(_after(w, m.end() + (lead.end() if lead else 0)))
        names.append(_before(w, m.start()))
        colon = re.match(r"\s*:\s*", w.low[m.end() :])
        if colon is not None:
            names.append(_after(w, m.end() + colon.end()))
    how = re.search(rf"(?<![\w'])(?:{_HOW})", w.low)
    if how is not None:
        names.append(_after(w, how.end()))
    need = re.search(rf"(?<![\w'])(?:{_NEED})", w.low)
    if need is not None:
        names.append(_after(w, need.end()))
    name = next((n for n in names if _usable(n)), None)
    if name is None:
        return None
    dish = _is_dish(name)
    if one is None and not dish:
        return None
    args: dict[str, object] = {"recipe": name.text}
    portions = _portions(w.low)
    if portions:
        args["servings"] = portions
    remind = re.search(r"(?<!\w)(?:rappelle|rapelle|rappel|remind)\w*", w.low)
    if remind is not None and how is not None and (dish or one is not None):
        return _call("show_recipe", args, 0.96, "recipes.show")  # "rappelle-moi comment on fait la quiche"
    return _call("show_recipe", args, 0.9 if one is not None else 0.82, "recipes.show")


# --- cooked -------------------------------------------------------------------------------------------------------
def _cooked(h: Heard, w: Words) -> Candidate | None:
    if "?" in w.low or re.search(_LATER, w.low) or _LIST_TARGET.search(w.low):
        return None
    recipe_said = re.search(_RECIPE_WORD, w.low) is not None
    for m in re.finditer(_COOKED_VERB, w.low):
        name = _after(w, m.end())
        if not _usable(name):
            continue
        verb = m.group(0)
        definite = re.match(
            r"\s*(?:le|la|les|l'|the|my|mon|ma|mes|ton|ta|tes|your|that|this|ce|cette)\b", w.low[m.end() :]
        )
        if re.search(r"mange|goute|had|ate|etait|was", verb) and not (recipe_said or definite):
            continue  # "on a mangé des pâtes": a meal, not a recipe
        if _DISH.search(name.low) or recipe_said:
            return _call("recipe_cooked", {"recipe": name.text}, 0.88, "recipes.cooked")
        if _STRONG_COOK.search(verb) and q.aisle(name.low) in _FOOD_AISLES:
            return _call("recipe_cooked", {"recipe": name.text}, 0.7, "recipes.cooked")
    done = re.match(rf"\s*(?:(?:{_DET})\s+)?(?P<r>[^,.;:!?]+?)\s+(?:{_DONE_AFTER})(?!\w)", w.low)
    if done is not None and not re.search(_IT_IS, w.low[: done.end("r")]):  # "le pain c'est fait": a task
        s, e = done.span("r")
        name = _strip(Words(w.text[s:e], w.low[s:e]))
        short = len(name.low.split()) <= 4 and not re.search(r"\d", name.low)
        if short and _usable(name) and (_DISH.search(name.low) or recipe_said):
            return _call("recipe_cooked", {"recipe": name.text}, 0.86, "recipes.cooked")
    return None


def rule(h: Heard) -> list[Candidate]:
    answer = _answer(h)
    if answer is not None:
        return [answer]
    low = h.folded
    w = _words(h)
    fav = re.search(rf"(?<![\w'])(?:{_FAV})(?!\w)", w.low)
    listing_many = re.search(rf"(?<![\w'])(?:{_MANY})(?!\w)", low) and not _ADD_VERB.search(low)
    if fav is None and not listing_many and re.search(_TO_LIST, low) and re.search(_FOR_THE_LIST, low):
        m = _first(_RECIPE_OF, low)
        if m is not None and _name(h, m) and not _NOT_DISH.search(fold(_name(h, m))):
            args: dict[str, object] = {"recipe": _name(h, m)}
            servings = _servings(low)
            if servings:
                args["servings"] = servings
            return [Candidate(0.93, "recipes.to_groceries", [ToolCall("add_recipe_to_groceries", args)])]
    for reading in (_favourite, _new, _cooked, _listing, _show):
        found = reading(h, w)
        if found is not None:
            return [found]
    return []


def _first(patterns: tuple[str, ...], low: str) -> re.Match[str] | None:
    """The first pattern that matches, in the order of the table (each names its recipe group `r`)."""
    return next((m for m in (re.search(p, low) for p in patterns) if m is not None), None)


def _servings(low: str) -> int | None:
    m = re.search(rf"(?<!\w){_SERVES}", low)
    if m is None:
        return None
    value = m.group("n")
    return int(value) if value.isdigit() else _NUMBERS.get(value)


def _name(h: Heard, m: re.Match[str]) -> str:
    start, end = m.span("r")
    words = h.text[start:end] if len(h.text) == len(h.folded) else h.folded[start:end]
    folded = h.folded[start:end] if len(h.text) == len(h.folded) else words
    lead = _LEAD_WORDS.match(folded)
    if lead:
        words = words[lead.end() :]
    return words.strip(" '’-")


def _answer(h: Heard) -> Candidate | None:
    pending = h.situation.state.pending
    recipe_tools = {"add_recipe_to_groceries", "show_recipe", "recipe_cooked", "favourite_recipe", "add_recipe"}
    if pending is None or pending.tool not in recipe_tools:
        return None
    args = dict(pending.args)
    if pending.missing == "recipe_id" and pending.options:
        number = re.match(r"\s*(\d+)\b", h.folded)
        if number and 1 <= int(number.group(1)) <= len(pending.options):
            args["recipe_id"] = pending.options[int(number.group(1)) - 1]
            return Candidate(0.95, f"{pending.tool}.chosen", [ToolCall(pending.tool, args)])
        return None
    if pending.missing == "recipe" and 0 < len(h.folded.split()) <= 6:
        args["recipe"] = h.text.strip(" ?!.")
        return Candidate(0.8, f"{pending.tool}.filled", [ToolCall(pending.tool, args)])
    if pending.tool == "add_recipe" and pending.missing == "ingredients":
        text = h.text if len(h.text) == len(h.folded) else h.folded
        items = split_items(Words(text, h.folded))
        if items:
            args["ingredients"] = item_args(items)
            return Candidate(0.9, "add_recipe.filled", [ToolCall("add_recipe", args)])
    return None
