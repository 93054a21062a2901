"""Quantities as people write them, read exactly (Decimal, never float): "500 g", "1,5 kg", "2 lbs", "x4",
"une demi-douzaine" = 6, "a couple of" = 2, number words; an article alone ("une boîte de", "a can of") is not
a quantity (docs/words.md, "Shopping quantities"). Units have one canonical code; compatible ones add up (g + kg,
ml + cl + l, oz + lb); a number that cannot be read is reported, never guessed. Pure functions, FR and EN."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

# canonical unit -> (family, size in the family's base unit or None when it only adds to itself)
UNITS: dict[str, tuple[str, Decimal | None]] = {
    "mg": ("mass", Decimal("0.001")),
    "g": ("mass", Decimal(1)),
    "kg": ("mass", Decimal(1000)),
    "ml": ("volume", Decimal(1)),
    "cl": ("volume", Decimal(10)),
    "dl": ("volume", Decimal(100)),
    "l": ("volume", Decimal(1000)),
    "oz": ("imperial", Decimal(1)),
    "lb": ("imperial", Decimal(16)),
    "gallon": ("gallon", None),
    "cup": ("cup", None),
    "tbsp": ("tbsp", None),
    "tsp": ("tsp", None),
    "pack": ("pack", None),
    "box": ("box", None),
    "can": ("can", None),
    "carton": ("carton", None),
    "bottle": ("bottle", None),
    "bag": ("bag", None),
    "jar": ("jar", None),
    "slice": ("slice", None),
    "bunch": ("bunch", None),
    "clove": ("clove", None),
    "pinch": ("pinch", None),
    "piece": ("piece", None),
}
MEASURES = frozenset({"mg", "g", "kg", "ml", "cl", "dl", "l", "oz", "lb", "gallon", "cup", "tbsp", "tsp"})
# The most anyone buys at once, in the family's base unit (or in the unit itself): beyond is a typo.
LIMITS = {"mass": Decimal(100_000), "volume": Decimal(200_000), "imperial": Decimal(3_200), "gallon": Decimal(50)}
COUNT_LIMIT = Decimal(1000)

_ALIASES = {
    "mg": "mg milligramme milligrammes milligram milligrams",
    "g": "g gr grs gramme grammes gram grams",
    "kg": "kg kgs kilo kilos kilogramme kilogrammes kilogram kilograms",
    "ml": "ml millilitre millilitres milliliter milliliters",
    "cl": "cl centilitre centilitres centiliter centiliters",
    "dl": "dl decilitre decilitres deciliter deciliters",
    "l": "l litre litres liter liters lt ltr",
    "oz": "oz ounce ounces",
    "lb": "lb lbs pound pounds",
    "gallon": "gallon gallons gal",
    "cup": "cup cups tasse tasses",
    "tbsp": "tbsp tbs tablespoon tablespoons cas cs",
    "tsp": "tsp teaspoon teaspoons cac cc",
    "pack": "pack packs paquet paquets packet packets package packages",
    "box": "box boxes boite boites",
    "can": "can cans tin tins conserve conserves canette canettes",
    "carton": "carton cartons brique briques",
    "bottle": "bottle bottles bouteille bouteilles",
    "bag": "bag bags sachet sachets sac sacs",
    "jar": "jar jars pot pots bocal bocaux",
    "slice": "slice slices tranche tranches",
    "bunch": "bunch bunches botte bottes bouquet bouquets",
    "clove": "clove cloves gousse gousses",
    "pinch": "pinch pinches pincee pincees",
    "piece": "piece pieces",
}
ALIASES: dict[str, str] = {alias: code for code, words in _ALIASES.items() for alias in words.split()}
_SPOONS = re.compile(r"(?:cuilleres?|cuil|c\.?)\s*(?:a|à)\s*(?P<kind>soupe|cafe|the|s\.?|c\.?)(?![\w])", re.IGNORECASE)

_NUMBER_WORDS = {
    "un": 1, "une": 1, "a": 1, "an": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
    "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9,
    "nine": 9, "dix": 10, "ten": 10, "onze": 11, "eleven": 11, "douze": 12, "twelve": 12, "quinze": 15,
    "fifteen": 15, "vingt": 20, "twenty": 20, "trente": 30, "thirty": 30, "cinquante": 50, "fifty": 50,
    "cent": 100, "hundred": 100,
}  # fmt: skip
_ARTICLES_ONE = frozenset({"un", "une", "a", "an"})  # "one" is a number, "un" may be an article
_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75"), "⅓": None, "⅔": None}
LEADING_ARTICLES = (
    "de la ", "de l'", "du ", "des ", "de ", "d'", "le ", "la ", "les ", "l'", "some ", "the ", "of ", "my ", "mes ",
)  # fmt: skip
_NUM = r"\d+(?:[.,]\d+)?"
_DOZEN = r"douzaines?|dozens?"
_HALF = r"demi|demie|half"
_VAGUE = (
    r"quelques|plusieurs|un\s+peu\s+d[e']|beaucoup\s+d[e']|plein\s+d[e']|a\s+few|a\s+bit\s+of|lots?\s+of|some|several"
)


class UnreadableQuantity(ValueError):
    """A number is written but cannot be read ("3 ou 4", "1.5.2", "-2"): the person is asked."""

    def __init__(self, written: str) -> None:
        super().__init__(written)
        self.written = written


@dataclass(frozen=True)
class Item:
    """One grocery line as written: its name, and the quantity and unit when said."""

    name: str
    quantity: Decimal | None = None
    unit: str | None = None
    unreadable: str | None = None  # the words of a quantity that could not be read


def fold(text: str) -> str:
    """Lowercase, no accents, "œ" as "oe", spaces collapsed."""
    plain = unicodedata.normalize("NFD", text.replace("œ", "oe").replace("Œ", "oe").replace("’", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(plain.split())


def singular(word: str) -> str:
    """A word without its plural mark ("oeufs" -> "oeuf", "tomatoes" -> "tomato", "berries" -> "berry")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("oes"):
        return word[:-2]
    if len(word) > 5 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """The same item however it is written: case, accents, leading article, plural marks aside."""
    text = re.sub(r"[^\w' ]+", " ", fold(name))
    text = " ".join(text.split())
    changed = True
    while changed:
        changed = False
        for article in LEADING_ARTICLES:
            if text.startswith(article) and len(text) > len(article):
                text, changed = text[len(article) :].lstrip(), True
    words = [singular(w) for w in re.split(r"[\s']+", text) if w]
    return " ".join(words)


def unit_code(written: str | None) -> str | None:
    """The canonical unit of a written one ("litres" -> "l", "lbs" -> "lb"); None when empty.

    Raises ValueError for a unit nobody uses for groceries."""
    if written is None or not written.strip():
        return None
    folded = fold(written).strip(" .")
    if folded in UNITS:
        return folded
    if folded in ALIASES:
        return ALIASES[folded]
    spoon = _SPOONS.fullmatch(folded)
    if spoon:
        return "tbsp" if spoon.group("kind").startswith("s") else "tsp"
    raise ValueError(written)


def number(written: str) -> Decimal:
    """An exact decimal from digits ("1,5", "2.25", "1/2", "½") or a number word; ValueError otherwise."""
    text = fold(written).strip()
    if text in _FRACTIONS and _FRACTIONS[text] is not None:
        return _FRACTIONS[text]  # type: ignore[return-value]
    if text in _NUMBER_WORDS:
        return Decimal(_NUMBER_WORDS[text])
    fraction = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if fraction:
        top, bottom = int(fraction.group(1)), int(fraction.group(2))
        if bottom == 0:
            raise ValueError(written)
        value = Decimal(top) / Decimal(bottom)
        if value != value.quantize(Decimal("0.001")):
            raise ValueError(written)
        return value
    if not re.fullmatch(_NUM, text):
        raise ValueError(written)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(written) from exc


def read_quantity(written: str | int | float | Decimal | None) -> tuple[Decimal | None, str | None]:
    """(quantity, unit) from words such as "500 g", "1,5 kg", "une demi-douzaine", "x4", "2"; (None, None) when
    nothing is said or only an article. Raises UnreadableQuantity when a number is there but unreadable."""
    if written is None:
        return None, None
    if isinstance(written, bool):
        raise UnreadableQuantity(str(written))
    if isinstance(written, int | Decimal):
        return _checked(Decimal(written), None, str(written)), None
    if isinstance(written, float):
        return _checked(Decimal(str(written)), None, str(written)), None
    text = written.strip()
    if not text:
        return None, None
    item = read_item(f"{text} _")
    if item.unreadable is not None:
        raise UnreadableQuantity(text)
    if item.name != "_":
        raise UnreadableQuantity(text)
    return item.quantity, item.unit


def _checked(value: Decimal, unit: str | None, written: str) -> Decimal:
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.001")):
        raise UnreadableQuantity(written)
    if too_much(value, unit):
        raise UnreadableQuantity(written)
    return value


def too_much(value: Decimal, unit: str | None) -> bool:
    """More than anyone buys at once (a typo, "5000 kg"): the person is asked again."""
    if unit is None or unit not in UNITS:
        return value > COUNT_LIMIT
    family, size = UNITS[unit]
    if family in LIMITS:
        return value * (size or Decimal(1)) > LIMITS[family]
    return value > COUNT_LIMIT


_LEAD = re.compile(
    rf"^(?P<vague>(?:{_VAGUE})\s+)"
    rf"|^(?P<couple>a\s+couple\s+(?:of\s+)?|une\s+paire\s+d[e']\s*|a\s+pair\s+of\s+)"
    rf"|^(?P<times>[x×]\s*)(?P<tnum>{_NUM})\s+"
    rf"|^(?P<num>{_NUM}|\d+\s*/\s*\d+|[½¼¾])\s*(?P<tx>[x×])?(?:\s+|(?=[a-z]))"
    rf"|^(?P<word>[a-z]+)\s+"
)
_TRAIL = re.compile(
    rf"\s+(?:[x×]\s*(?P<times>{_NUM})|(?P<times2>{_NUM})\s*[x×]|(?P<num>{_NUM})\s*(?P<unit>[a-z]+\.?)?)$"
)
_MESSY = re.compile(r"^-\s*\d|^\d+(?:[.,]\d+){2,}|^\d+\s*(?:-|ou|or|a|à|to)\s*\d+|^\d+[.,](?!\d)|^0+(?:[.,]0+)?\b")


def read_item(text: str) -> Item:
    """One item as written ("6 oeufs", "2 l de lait", "500g de farine", "une demi-douzaine d'oeufs", "tomates
    x4", "a can of tuna", "half a dozen eggs"): its name (as written, without quantity or article), quantity
    and unit."""
    negative = re.match(r"\s*[-−]\s?\d", text) is not None and re.match(r"\s*-\s\s*\d+\s*[a-z]", text) is None
    original = " ".join(text.replace("’", "'").split()).strip(" ,;:.!-")
    low = fold(original)
    # spans line up with `original` only when folding kept the length; else work on the folded text
    source = original if len(low) == len(original) else low
    if negative or _MESSY.match(low):
        rest = source[_after_number(low) :]
        unit_word = re.match(r"([^\W\d_]+)\.?\s+(?:d[e']\s*|of\s+)?", fold(rest))
        if unit_word and unit_word.group(1) in ALIASES:
            rest = rest[unit_word.end() :]
        return Item(name=_name(rest), unreadable=text.strip())
    pos = 0
    quantity: Decimal | None = None
    unit: str | None = None
    half = False
    article = False
    for _ in range(6):  # a few leading words: number, "demi", "douzaine", unit, "de"
        rest = low[pos:]
        if re.match(rf"(?:{_HALF})[\s-]+(?:an?\s+)?", rest) and not half:
            half = True
            pos += re.match(rf"(?:{_HALF})[\s-]+(?:an?\s+)?", rest).end()  # type: ignore[union-attr]
            continue
        lead = _LEAD.match(rest) if quantity is None and not article else None
        if lead is not None:
            if lead.group("vague"):
                pos += lead.end()
                break
            if lead.group("couple"):
                quantity = Decimal(2)
                pos += lead.end()
                continue
            if lead.group("times"):
                quantity = number(lead.group("tnum"))
                pos += lead.end()
                continue
            if lead.group("num"):
                try:
                    quantity = number(lead.group("num"))
                except ValueError:
                    return Item(name=_name(source[lead.end() :]), unreadable=original)
                pos += lead.end()
                continue
            word = lead.group("word")
            if word in _ARTICLES_ONE:
                article = True
                pos += lead.end()
                continue
            if word in _NUMBER_WORDS:
                quantity = Decimal(_NUMBER_WORDS[word])
                pos += lead.end()
                continue
        dozen = re.match(rf"(?:{_DOZEN})(?:\s+(?:d[e']|of)\s*|\s+|$)", rest)
        if dozen:
            quantity = (quantity or Decimal(1)) * 12
            article = False
            pos += dozen.end()
            break
        spoon = _SPOONS.match(rest)
        word_match = re.match(r"([a-z]+)\.?(?:\s+(?:d[e']|of)\s*|\s+|$)", rest)
        if unit is None and (spoon or (word_match and word_match.group(1) in ALIASES)):
            if spoon:
                unit = unit_code(spoon.group(0))
                pos += spoon.end()
                de = re.match(r"\s*(?:d[e']|of)\s*", low[pos:])
                pos += de.end() if de else 0
            else:
                assert word_match is not None
                unit = ALIASES[word_match.group(1)]
                pos += word_match.end()
            if quantity is None and article and unit in MEASURES:
                quantity = Decimal(1)  # "un litre de lait", "a pound of butter": the unit says it
            break
        of = re.match(r"(?:d[e']|of)\s*", rest)
        if of and quantity is not None:
            pos += of.end()
        break
    if half:
        quantity = (quantity or Decimal(1)) / 2 if (quantity is not None or unit is not None) else None
    name_part = source[pos:]
    if quantity is None and unit is None:
        trail = _TRAIL.search(fold(name_part))
        if trail is not None:
            if trail.group("times") or trail.group("times2"):
                quantity = number(trail.group("times") or trail.group("times2"))
                name_part = name_part[: trail.start()]
            elif trail.group("num") and trail.group("unit") and trail.group("unit").rstrip(".") in ALIASES:
                quantity = number(trail.group("num"))
                unit = ALIASES[trail.group("unit").rstrip(".")]
                name_part = name_part[: trail.start()]
            elif trail.group("num") and not trail.group("unit"):
                quantity = number(trail.group("num"))
                name_part = name_part[: trail.start()]
    name = _name(name_part)
    if quantity is not None:
        try:
            quantity = _checked(quantity, unit, original)
        except UnreadableQuantity:
            return Item(name=name, unit=unit, unreadable=original)
    return Item(name=name, quantity=quantity, unit=unit)


def _after_number(low: str) -> int:
    m = re.match(r"^[-\d.,/\s]*(?:(?:ou|or|a|à|to)\s+[\d.,]+\s*)?", low)
    return m.end() if m else 0


def _name(words: str) -> str:
    """The item's name as written, without a leading article or "de"."""
    text = words.strip(" ,;:.!-")
    changed = True
    while changed:
        changed = False
        low = fold(text)
        for article in LEADING_ARTICLES:
            if low.startswith(article) and len(low) > len(article):
                text = text[len(article) :].lstrip() if len(low) == len(text) else low[len(article) :].lstrip()
                changed = True
                break
    return text.strip(" ,;:.!-")


# --- adding up and showing --------------------------------------------------------------------------------------
def plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros and never in exponent form (500.000 -> 500, 1.500 -> 1.5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def add(a: tuple[Decimal, str | None], b: tuple[Decimal, str | None]) -> tuple[Decimal, str | None] | None:
    """The sum of two quantities when their units add up (same unit, g + kg, ml + cl + l, oz + lb), in the
    larger unit when the total reads exactly there; None when they do not add up (kept side by side)."""
    (qa, ua), (qb, ub) = a, b
    if ua == ub:
        return qa + qb, ua
    if ua is None or ub is None or ua not in UNITS or ub not in UNITS:
        return None
    (fa, sa), (fb, sb) = UNITS[ua], UNITS[ub]
    if fa != fb or sa is None or sb is None:
        return None
    total = qa * sa + qb * sb
    big, small = (ua, ub) if sa >= sb else (ub, ua)
    in_big = total / UNITS[big][1]  # type: ignore[operator]
    if in_big == in_big.quantize(Decimal("0.001")):
        return in_big, big
    return total / UNITS[small][1], small  # type: ignore[operator]


def scale(value: Decimal, factor: Decimal, unit: str | None) -> Decimal:
    """A quantity for more or fewer servings, rounded the way a cook would: whole things (eggs, packs) up to
    the next whole one, grams and millilitres to the unit, larger units to two decimals."""
    raw = value * factor
    if unit is None or unit not in MEASURES:
        return max(Decimal(1), raw.quantize(Decimal(1), rounding=ROUND_CEILING))
    if unit in {"mg", "g", "ml", "cl"} and raw >= 10:
        step = Decimal(5) if raw >= 100 else Decimal(1)
        return max(step, (raw / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)
    if unit in {"tbsp", "tsp", "cup"}:
        return max(Decimal("0.25"), (raw * 4).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 4)
    rounded = raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return rounded if rounded > 0 else Decimal("0.01")


_SHOWN: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "gallon": ("gallon", "gallons"), "cup": ("tasse", "tasses"), "tbsp": ("c. à soupe", "c. à soupe"),
        "tsp": ("c. à café", "c. à café"), "pack": ("paquet", "paquets"), "box": ("boîte", "boîtes"),
        "can": ("conserve", "conserves"), "carton": ("brique", "briques"), "bottle": ("bouteille", "bouteilles"),
        "bag": ("sachet", "sachets"), "jar": ("pot", "pots"), "slice": ("tranche", "tranches"),
        "bunch": ("botte", "bottes"), "clove": ("gousse", "gousses"), "pinch": ("pincée", "pincées"),
        "piece": ("pièce", "pièces"),
    },
    "en": {
        "gallon": ("gallon", "gallons"), "cup": ("cup", "cups"), "tbsp": ("tbsp", "tbsp"), "tsp": ("tsp", "tsp"),
        "pack": ("pack", "packs"), "box": ("box", "boxes"), "can": ("can", "cans"), "carton": ("carton", "cartons"),
        "bottle": ("bottle", "bottles"), "bag": ("bag", "bags"), "jar": ("jar", "jars"), "slice": ("slice", "slices"),
        "bunch": ("bunch", "bunches"), "clove": ("clove", "cloves"), "pinch": ("pinch", "pinches"),
        "piece": ("piece", "pieces"),
    },
}  # fmt: skip


def show_number(value: Decimal, lang: str) -> str:
    text = format(plain(value), "f")
    return text.replace(".", ",") if lang == "fr" else text


def show(value: Decimal | None, unit: str | None, lang: str) -> str:
    """ "1,5 kg", "2 paquets", "6" in the person's language; "" when there is no quantity."""
    if value is None:
        return ""
    shown = show_number(value, lang)
    if unit is None:
        return shown
    names = _SHOWN.get(lang, _SHOWN["en"]).get(unit)
    if names is None:
        return f"{shown} {unit}"
    return f"{shown} {names[0] if value <= 1 else names[1]}"


def is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value() and math.isfinite(float(value))


# --- aisles -------------------------------------------------------------------------------------------------------
AISLES = (
    "produce", "bakery", "dairy", "meat", "fish", "frozen", "pantry", "drinks", "household", "hygiene", "baby",
    "pet", "other",
)  # fmt: skip
_AISLE_WORDS = {
    "produce": (
        "pomme poire banane orange citron fraise framboise myrtille raisin kiwi anana mangue peche abricot cerise "
        "melon pasteque tomate salade laitue mache roquette carotte oignon ail echalote poireau courgette aubergine "
        "poivron concombre brocoli chou chou fleur epinard champignon pomme de terre patate avocat radi celeri "
        "potiron courge citrouille persil basilic coriandre menthe ciboulette thym herbe fruit legume betterave "
        "navet endive artichaut asperge haricot vert petit poi gingembre clementine mandarine pamplemousse prune "
        "apple pear banana lemon lime strawberry raspberry blueberry grape pineapple mango peach cherry watermelon "
        "tomato lettuce carrot onion garlic shallot leek zucchini eggplant bell pepper cucumber broccoli cabbage "
        "cauliflower spinach mushroom potato sweet potato avocado celery pumpkin squash parsley basil cilantro mint "
        "veggie vegetable kale green bean corn ginger arugula scallion berry"
    ),
    "dairy": (
        "lait beurre fromage yaourt yogourt creme creme fraiche oeuf mozzarella emmental gruyere parmesan comte "
        "chevre camembert brie feta ricotta mascarpone fromage blanc petit suisse raclette "
        "milk butter cheese yogurt yoghurt cream sour cream egg cheddar cottage cheese cream cheese half and half"
    ),
    "bakery": (
        "pain baguette croissant brioche pain de mie viennoiserie biscotte pain au chocolat tortilla wrap "
        "bread bagel bun roll loaf muffin pita english muffin"
    ),
    "meat": (
        "viande poulet boeuf porc jambon lardon saucisse steak steak hache dinde veau agneau chipolata merguez "
        "bacon escalope saucisson chorizo roti "
        "meat chicken beef pork ham sausage turkey lamb ground beef hot dog salami pepperoni"
    ),
    "fish": "poisson saumon thon cabillaud crevette moule sardine colin truite fish salmon tuna shrimp cod tilapia",
    "frozen": "surgele glace frite pizza frozen ice cream fry frozen pizza",
    "pantry": (
        "pate pates riz farine sucre sel poivre huile huile d olive vinaigre cafe the cereale confiture miel "
        "chocolat biscuit gateau conserve sauce sauce tomate ketchup moutarde mayonnaise mayo epice levure semoule "
        "lentille pois chiche haricot quinoa bouillon nutella compote chip olive noix amande cacahuete flocon "
        "d avoine muesli spaghetti tagliatelle coquillette lasagne puree soupe "
        "pasta rice flour sugar salt pepper oil olive oil vinegar coffee tea cereal jam honey chocolate cookie "
        "cracker ketchup mustard spice yeast lentil bean chickpea oat oatmeal broth stock peanut butter nut almond "
        "soup tomato sauce granola macaroni noodle baking soda syrup maple syrup"
    ),
    "drinks": "eau jus vin biere soda coca limonade sirop eau gazeuse water juice wine beer coke sparkling water",
    "household": (
        "pq papier toilette sopalin essuie tout liquide vaisselle lessive eponge sac poubelle javel produit menager "
        "adoucissant pastille lave vaisselle papier alu aluminium film alimentaire ampoule pile "
        "tp toilet paper paper towel dish soap detergent laundry detergent sponge trash bag garbage bag bleach "
        "foil dishwasher tablet light bulb battery"
    ),
    "hygiene": (
        "dentifrice brosse a dent shampooing shampoing apres shampoing gel douche savon deodorant coton rasoir "
        "serviette hygienique tampon mouchoir creme solaire "
        "toothpaste toothbrush shampoo conditioner body wash soap razor tissue floss sunscreen"
    ),
    "baby": "couche lait infantile petit pot lingette diaper wipe baby formula formula",
    "pet": "croquette litiere patee cat food dog food litter kibble",
}
# Single words are looked up one by one; a few known multi-word names are matched whole first.
_PHRASES = (
    "pomme de terre", "chou fleur", "creme fraiche", "fromage blanc", "petit suisse", "pain de mie", "steak hache",
    "sauce tomate", "huile d olive", "pois chiche", "liquide vaisselle", "sac poubelle", "papier toilette",
    "essuie tout", "brosse a dent", "gel douche", "lait infantile", "petit pot", "haricot vert", "petit poi",
    "pain au chocolat", "eau gazeuse", "produit menager", "creme solaire", "apres shampoing", "film alimentaire",
    "sweet potato", "bell pepper", "green bean", "sour cream", "cottage cheese", "cream cheese", "ground beef",
    "hot dog", "ice cream", "olive oil", "peanut butter", "tomato sauce", "sparkling water", "toilet paper",
    "paper towel", "dish soap", "laundry detergent", "trash bag", "garbage bag", "dishwasher tablet", "body wash",
    "cat food", "dog food", "baby formula", "maple syrup", "baking soda", "english muffin", "frozen pizza",
    "light bulb", "half and half",
)  # fmt: skip
VOCABULARY: dict[str, str] = {}
for _aisle, _words in _AISLE_WORDS.items():
    _text = f" {_words} "
    for _phrase in _PHRASES:
        if f" {_phrase} " in _text:
            VOCABULARY[_phrase] = _aisle
            _text = _text.replace(f" {_phrase} ", " ")
    for _word in _text.split():
        VOCABULARY.setdefault(singular(_word), _aisle)
_FRENCH_LINKS = frozenset({"de", "d", "du", "des", "a", "au", "aux", "en", "la", "l"})


def aisle(name: str) -> str | None:
    """The aisle of an item from a small FR/EN table ("lait" -> dairy, "dish soap" -> household); None when the
    name holds no known word."""
    key = name_key(name)
    if not key:
        return None
    if key in VOCABULARY:
        return VOCABULARY[key]
    words = key.split()
    for size in (3, 2):  # known phrases inside longer names: "jus de pomme de terre" aside, "2 pains de mie"
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in VOCABULARY:
                return VOCABULARY[phrase]
    # French puts the head noun first ("jus d'orange", "filet de saumon"); English last ("orange juice")
    # an English "the" inside a name is the article, never French tea ("cancel the dentist" is no tea)
    order = words if (_FRENCH_LINKS & set(words)) else [w for w in reversed(words) if w != "the"]
    return next((VOCABULARY[w] for w in order if w in VOCABULARY and w not in _FRENCH_LINKS), None)


def read_written(written: str | int | float | Decimal | None, unit: str | None) -> tuple[Decimal | None, str | None]:
    """A quantity and unit given apart (a model's tool call: quantity "2000", unit "g"; or "1,5 kg" and no
    unit): (quantity, unit as written or canonical). Raises UnreadableQuantity when the number cannot be read."""
    unit_words = (unit or "").strip()
    if written is None or (isinstance(written, str) and not written.strip()):
        return None, unit_words or None
    text = str(written).strip()
    if isinstance(written, bool):
        raise UnreadableQuantity(text)
    if unit_words:
        try:
            return read_quantity(f"{text} {unit_words}")
        except UnreadableQuantity:
            value, said_unit = read_quantity(text)  # the number alone; an unknown unit is the service's to refuse
            return value, said_unit or unit_words
    return read_quantity(text)
