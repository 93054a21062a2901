"""The groceries slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "groceries.added": {
        "fr": "C'est sur ta liste : {items}.",
        "en": "On your list: {items}.",
    },
    "groceries.in_all": {
        "fr": "{total} en tout",
        "en": "{total} in all",
    },
    "groceries.already_there": {
        "fr": "déjà dessus",
        "en": "already there",
    },
    "groceries.list_title": {
        "fr": "Ta liste de courses ({n}) :",
        "en": "Your grocery list ({n}):",
    },
    "groceries.list_empty": {
        "fr": "Ta liste de courses est vide.",
        "en": "Your grocery list is empty.",
    },
    "groceries.more": {
        "fr": "… et {n} autre(s)",
        "en": "… and {n} more",
    },
    "groceries.bought": {
        "fr": "C'est noté, pris : {items}. Il reste {left} article(s) sur la liste.",
        "en": "Got it, bought: {items}. {left} item(s) left on the list.",
    },
    "groceries.bought_all": {
        "fr": "C'est noté, pris : {items}. La liste est finie, bravo !",
        "en": "Got it, bought: {items}. The list is done, well done!",
    },
    "groceries.not_on_list_too": {
        "fr": "(pas sur la liste : {names})",
        "en": "(not on the list: {names})",
    },
    "groceries.not_on_list": {
        "fr": "Je ne trouve pas « {about} » sur ta liste de courses.",
        "en": 'I can\'t find "{about}" on your grocery list.',
    },
    "groceries.removed": {
        "fr": "OK, j'ai retiré de la liste : {items}.",
        "en": "OK, I took it off the list: {items}.",
    },
    "groceries.ask_quantity": {
        "fr": "Combien de « {name} » ? (par ex. 500 g, 2 l, 6)",
        "en": 'How much "{name}"? (e.g. 500 g, 2 l, 6)',
    },
    "groceries.ask_items": {
        "fr": "Qu'est-ce que je mets sur la liste de courses ?",
        "en": "What should I put on the grocery list?",
    },
    "groceries.ask_bought": {
        "fr": "Qu'est-ce que tu as pris ?",
        "en": "What did you get?",
    },
    "groceries.ask_remove": {
        "fr": "Qu'est-ce que je retire de la liste ?",
        "en": "What should I take off the list?",
    },
    "groceries.ask_which_of": {
        "fr": "Lequel ? Réponds par le numéro :",
        "en": "Which one? Reply with the number:",
    },
    "groceries.unknown_unit": {
        "fr": "Je ne connais pas l'unité « {unit} » : essaie g, kg, ml, cl, l, lb, oz, paquet, boîte…",
        "en": 'I don\'t know the unit "{unit}": try g, kg, ml, cl, l, lb, oz, pack, can…',
    },
    "groceries.bad_quantity": {
        "fr": "La quantité « {quantity} » ne va pas : il faut un nombre positif et raisonnable (500 g, 2 l, 6).",
        "en": 'The quantity "{quantity}" won\'t do: it needs a positive, sensible number (500 g, 2 l, 6).',
    },
    "groceries.bad_name": {
        "fr": "Il me faut le nom de l'article (120 caractères au plus).",
        "en": "I need the item's name (120 characters at most).",
    },
    "groceries.bad_category": {
        "fr": "Je ne connais pas le rayon « {category} ».",
        "en": 'I don\'t know the aisle "{category}".',
    },
    "groceries.too_many": {
        "fr": "C'est beaucoup d'un coup : {n} articles au plus par message.",
        "en": "That's a lot at once: {n} items at most per message.",
    },
    "groceries.not_found": {
        "fr": "Je ne trouve pas cet article de courses.",
        "en": "I can't find that grocery item.",
    },
    "groceries.aisle.produce": {"fr": "Fruits et légumes", "en": "Produce"},
    "groceries.aisle.bakery": {"fr": "Boulangerie", "en": "Bakery"},
    "groceries.aisle.dairy": {"fr": "Crèmerie", "en": "Dairy & eggs"},
    "groceries.aisle.meat": {"fr": "Boucherie", "en": "Meat"},
    "groceries.aisle.fish": {"fr": "Poissonnerie", "en": "Fish"},
    "groceries.aisle.frozen": {"fr": "Surgelés", "en": "Frozen"},
    "groceries.aisle.pantry": {"fr": "Épicerie", "en": "Pantry"},
    "groceries.aisle.drinks": {"fr": "Boissons", "en": "Drinks"},
    "groceries.aisle.household": {"fr": "Maison", "en": "Household"},
    "groceries.aisle.hygiene": {"fr": "Hygiène", "en": "Personal care"},
    "groceries.aisle.baby": {"fr": "Bébé", "en": "Baby"},
    "groceries.aisle.pet": {"fr": "Animaux", "en": "Pets"},
    "groceries.aisle.other": {"fr": "Autres", "en": "Other"},
}
