"""The recipes slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "recipes.created": {
        "fr": "Recette « {title} » enregistrée ({n} ingrédient(s){serves}).",
        "en": 'Recipe "{title}" saved ({n} ingredient(s){serves}).',
    },
    "recipes.serves": {
        "fr": ", pour {n}",
        "en": ", serves {n}",
    },
    "recipes.for_servings": {
        "fr": " pour {n}",
        "en": " for {n}",
    },
    "recipes.to_groceries": {
        "fr": "Ingrédients de « {title} »{serves} sur ta liste : {items}.",
        "en": 'Ingredients for "{title}"{serves} on your list: {items}.',
    },
    "recipes.not_scaled": {
        "fr": "(la recette ne dit pas pour combien de personnes : quantités d'origine)",
        "en": "(the recipe doesn't say how many it serves: quantities as written)",
    },
    "recipes.not_found": {
        "fr": "Je ne connais pas de recette « {about} ». Envoie-la-moi : « recette {about} : 200 g farine, 3 oeufs ».",
        "en": 'I don\'t have a recipe for "{about}". Send it to me: "recipe {about}: 200 g flour, 3 eggs".',
    },
    "recipes.not_found_id": {
        "fr": "Je ne trouve pas cette recette.",
        "en": "I can't find that recipe.",
    },
    "recipes.ask_recipe": {
        "fr": "Quelle recette ?",
        "en": "Which recipe?",
    },
    "recipes.ask_which_of": {
        "fr": "Laquelle ? Réponds par le numéro :",
        "en": "Which one? Reply with the number:",
    },
    "recipes.ask_ingredients": {
        "fr": "Quels ingrédients pour « {title} » ? (par ex. 250 g farine, 4 oeufs, 50 cl lait)",
        "en": 'What goes into "{title}"? (e.g. 250 g flour, 4 eggs, 2 cups milk)',
    },
    "recipes.ask_quantity": {
        "fr": "Combien de « {name} » dans la recette ? (par ex. 250 g, 4)",
        "en": 'How much "{name}" in the recipe? (e.g. 250 g, 4)',
    },
    "recipes.cooked": {
        "fr": "Miam ! « {title} » : {n} fois au compteur.",
        "en": 'Yum! "{title}": cooked {n} time(s) so far.',
    },
    "recipes.favourite_on": {
        "fr": "« {title} » est dans tes favoris.",
        "en": '"{title}" is in your favourites.',
    },
    "recipes.favourite_off": {
        "fr": "« {title} » n'est plus dans tes favoris.",
        "en": '"{title}" is no longer a favourite.',
    },
    "recipes.list_title": {
        "fr": "Tes recettes ({n}) :",
        "en": "Your recipes ({n}):",
    },
    "recipes.favourites_title": {
        "fr": "Tes recettes favorites ({n}) :",
        "en": "Your favourite recipes ({n}):",
    },
    "recipes.none": {
        "fr": "Tu n'as pas encore de recette. Envoie par ex. « recette crêpes : 250 g farine, 4 oeufs, 50 cl lait ».",
        "en": 'You have no recipes yet. Send e.g. "recipe pancakes: 250 g flour, 2 eggs, 2 cups milk".',
    },
    "recipes.more": {
        "fr": "… et {n} autre(s)",
        "en": "… and {n} more",
    },
    "recipes.steps": {
        "fr": "Étapes :",
        "en": "Steps:",
    },
    "recipes.duplicate": {
        "fr": "Tu as déjà une recette « {title} ».",
        "en": 'You already have a recipe called "{title}".',
    },
    "recipes.bad_title": {
        "fr": "Il me faut le nom de la recette (200 caractères au plus).",
        "en": "I need the recipe's name (200 characters at most).",
    },
    "recipes.bad_servings": {
        "fr": "Le nombre de personnes doit aller de 1 à 100.",
        "en": "Servings must be between 1 and 100.",
    },
    "recipes.bad_minutes": {
        "fr": "Le temps de préparation doit être un nombre de minutes raisonnable.",
        "en": "The preparation time must be a sensible number of minutes.",
    },
    "recipes.bad_notes": {
        "fr": "Les notes sont trop longues (5000 caractères au plus).",
        "en": "The notes are too long (5000 characters at most).",
    },
    "recipes.bad_steps": {
        "fr": "Les étapes ne vont pas : {n} au plus, 2000 caractères chacune.",
        "en": "The steps won't do: {n} at most, 2000 characters each.",
    },
    "recipes.too_many": {
        "fr": "C'est beaucoup : {n} ingrédients au plus.",
        "en": "That's a lot: {n} ingredients at most.",
    },
    "recipes.no_ingredients": {
        "fr": "La recette « {title} » n'a pas encore d'ingrédients.",
        "en": 'The recipe "{title}" has no ingredients yet.',
    },
}
