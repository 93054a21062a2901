"""Offline understanding of the recipes slice's requests, French and English: a recipe's ingredients onto the
grocery list ("ajoute les ingrédients de la quiche aux courses", "making lasagna for 6, put what I need on the
list"), a new recipe ("recette crêpes pour 4 : 250 g farine, 4 oeufs, 50 cl lait"), show one, list them,
"j'ai fait la quiche", favourites, and answers to the questions the tools asked."""

from __future__ import annotations

import re

from shared.agent.registry import ToolCall
from shared.brains.offline.engine import Candidate, Heard
from shared.brains.offline.intents.groceries import Words, item_args, split_items

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
_NEW_RECIPE = (
    r"^\s*(?:nouvelle\s+|new\s+|ajoute\s+(?:la\s+|une\s+)?|add\s+(?:the\s+|a\s+)?|enregistre\s+(?:la\s+)?|save\s+(?:the\s+)?)?"
    r"(?:recette|recipe)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|for\s+)?(?P<title>[^:]+?)"
    rf"(?:\s+{_SERVES})?\s*:\s*(?P<body>.+)$"
)
_STEPS_MARK = r"(?:etapes?|steps?|preparation|method|instructions|directions)\s*:"
_LIST_RECIPES = (
    r"(?:mes|les|quelles?|toutes\s+mes)\s+recettes(?:\s+(?P<fav>favorites|preferees))?"
    r"|(?:my|the|what|all\s+my)\s+(?P<fav2>favou?rite\s+)?recipes"
)
_SHOW = (
    rf"(?:c'?est\s+quoi|montre[\s-]*(?:moi)?|donne[\s-]*(?:moi)?|envoie[\s-]*(?:moi)?|redonne[\s-]*(?:moi)?)\s+"
    rf"(?:la\s+)?recette\s+(?:de\s+la|de\s+l'|du|des|de|d')?\s*{_ART}{_NAME}{_END}",
    rf"comment\s+(?:on\s+fait|faire|je\s+fais)\s+{_ART}{_NAME}{_END}",
    rf"(?:show|send|give)\s+(?:me\s+)?(?:the|my)\s+{_NAME}\s+recipe",
    rf"(?:show|send|give)\s+(?:me\s+)?(?:the|my)\s+recipe\s+for\s+{_ART}{_NAME}{_END}",
    rf"how\s+do\s+(?:i|you|we)\s+make\s+{_ART}{_NAME}{_END}",
    rf"^\s*(?:la\s+)?recette\s+(?:de\s+la|de\s+l'|du|des|de|d')?\s*{_ART}{_NAME}{_END}",
)
_COOKED = (
    rf"(?:j'?ai|on\s+a|jai)\s+(?:fait|cuisine|prepare|refait|teste)\s+{_ART}{_NAME}{_END}",
    rf"(?:i|we)\s+(?:just\s+)?(?:made|cooked|baked|tried)\s+{_ART}{_NAME}{_END}",
    rf"^\s*(?:just\s+)?(?:made|cooked|baked)\s+{_ART}{_NAME}{_END}",
)
_NOT_A_DISH = re.compile(
    r"(?<!\w)(?:courses|menage|lessive|vaisselle|sport|devoirs|sieste|shopping|groceries|laundry|dishes|bed|homework"
    r"|nap|workout|run|appel|call|rdv|appointment|reservation|plein|point|erreur|mistake|it|that|ca|ça|tout|all)(?!\w)"
)
_DISH = re.compile(
    r"(?<!\w)(?:quiches?|lasagnes?|lasagnas?|gateaux?|tartes?|crepes?|soupes?|gratins?|curry|chili|pizzas?|salades?"
    r"|risotto|couscous|tajines?|omelettes?|cookies?|cakes?|pancakes?|tacos?|burgers?|ragouts?|blanquette"
    r"|bourguignon|ratatouille|hachis|parmentier|pot[\s-]au[\s-]feu|bolo\w*|carbonara|muffins?|brownies?|clafoutis"
    r"|flan|mousse|veloutes?|puddings?|stew|casserole|mac\s+and\s+cheese|pies?|pates|pasta|spaghetti|recette|recipe"
    r"|gaufres?|waffles?|cremes?|flans?|paella|chilis?|dal|dahl|poke|bowl|fondue|raclette|tartiflette|brandade|roti"
    r"|poulet|chicken|banana\s+bread|bread|pain)(?!\w)"
)
_FAVOURITE = (
    rf"(?:mets?|ajoute)\s+{_ART}(?:recette\s+(?:de\s+la|de\s+l'|du|des|de|d')?\s*{_ART})?{_NAME}\s+"
    r"(?:en|dans\s+(?:les|mes)|aux|a\s+mes)\s+favoris?",
    rf"(?:add|put)\s+{_ART}{_NAME}(?:\s+recipe)?\s+(?:to|in|into)\s+(?:my\s+|the\s+)?favou?rites",
    rf"^\s*favou?rite\s+{_ART}{_NAME}(?:\s+recipe)?\s*$",
    rf"(?:j'?adore|i\s+love)\s+{_ART}{_NAME}\s*,?\s*(?:mets|ajoute|add|put)[\w\s-]*favou?ri",
)
_UNFAVOURITE = (
    rf"(?:retire|enleve|sors|supprime)\s+{_ART}(?:recette\s+(?:de\s+la|du|des|de|d')?\s*)?{_NAME}\s+(?:des|de\s+mes)\s+favoris",
    rf"(?:remove|take)\s+{_ART}{_NAME}(?:\s+recipe)?\s+(?:from|off|out\s+of)\s+(?:my\s+|the\s+)?favou?rites",
    rf"^\s*unfavou?rite\s+{_ART}{_NAME}(?:\s+recipe)?\s*$",
)


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


def rule(h: Heard) -> list[Candidate]:
    answer = _answer(h)
    if answer is not None:
        return [answer]
    low = h.folded
    out: list[Candidate] = []
    new = re.search(_NEW_RECIPE, low, re.DOTALL)
    if new is not None:
        call = _new_recipe(h, new)
        if call is not None:
            return [Candidate(0.93, "recipes.add", [call])]
    if re.search(_TO_LIST, low):
        m = _first(_RECIPE_OF, low)
        if m is not None and _name(h, m):
            args: dict[str, object] = {"recipe": _name(h, m)}
            servings = _servings(low)
            if servings:
                args["servings"] = servings
            out.append(Candidate(0.93, "recipes.to_groceries", [ToolCall("add_recipe_to_groceries", args)]))
            return out
    for pattern, favourite in ((_UNFAVOURITE, False), (_FAVOURITE, True)):
        m = _first(pattern, low)
        if m is not None and _name(h, m):
            args = {"recipe": _name(h, m), "favourite": favourite}
            return [Candidate(0.9, "recipes.favourite", [ToolCall("favourite_recipe", args)])]
    listed = re.search(rf"(?<!\w)(?:{_LIST_RECIPES})(?!\w)", low)
    if listed is not None:
        favourites = bool(listed.group("fav") or listed.group("fav2"))
        out.append(Candidate(0.88, "recipes.list", [ToolCall("list_recipes", {"favourites": favourites})]))
    shown = _first(_SHOW, low)
    if shown is not None and _name(h, shown):
        args = {"recipe": _name(h, shown)}
        servings = _servings(low)
        if servings:
            args["servings"] = servings
        out.append(Candidate(0.86, "recipes.show", [ToolCall("show_recipe", args)]))
    cooked = _first(_COOKED, low)
    if cooked is not None and _name(h, cooked) and "?" not in low:
        name = _name(h, cooked)
        folded_name = h.folded[cooked.start("r") : cooked.end("r")]
        if not _NOT_A_DISH.search(folded_name) and _DISH.search(folded_name):
            out.append(Candidate(0.8, "recipes.cooked", [ToolCall("recipe_cooked", {"recipe": name})]))
    return out


def _new_recipe(h: Heard, m: re.Match[str]) -> ToolCall | None:
    title_start, title_end = m.span("title")
    same = len(h.text) == len(h.folded)
    title = (h.text if same else h.folded)[title_start:title_end].strip(" '’-")
    body_start = m.start("body")
    body = (
        Words(h.text[body_start:], h.folded[body_start:])
        if same
        else Words(h.folded[body_start:], h.folded[body_start:])
    )
    steps: list[str] = []
    mark = re.search(_STEPS_MARK, body.low)
    if mark is not None:
        steps_text = body.text[mark.end() :]
        body = Words(body.text[: mark.start()], body.low[: mark.start()])
        steps = [
            s.strip(" .")
            for s in re.split(r"\s*(?:\n|;|\s\d+[.)]\s|^\d+[.)]\s|\.\s+|,?\s+puis\s+|,?\s+then\s+)\s*", steps_text)
            if s and s.strip(" .")
        ]
    items = split_items(body)
    if not title or not items:
        return None
    args: dict[str, object] = {"title": title, "ingredients": item_args(items)}
    if steps:
        args["steps"] = steps
    servings = _servings(h.folded[:body_start])
    if servings:
        args["servings"] = servings
    return ToolCall("add_recipe", args)


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
