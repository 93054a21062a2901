"""The notes slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "note.saved": {
        "fr": "C'est noté : « {title} ».",
        "en": 'Noted: "{title}".',
    },
    "note.saved_tags": {
        "fr": "C'est noté : « {title} » ({tags}).",
        "en": 'Noted: "{title}" ({tags}).',
    },
    "note.found": {
        "fr": "Ta note « {title} » : {content}",
        "en": 'Your note "{title}": {content}',
    },
    "note.found_more": {
        "fr": "(+{n} autre(s) : {titles})",
        "en": "(+{n} more: {titles})",
    },
    "note.none_about": {
        "fr": "Je ne trouve pas de note sur « {query} ».",
        "en": 'I can\'t find a note about "{query}".',
    },
    "note.none": {
        "fr": "Tu n'as pas encore de note. Écris « note : » suivi de ce que je dois garder.",
        "en": 'You have no notes yet. Text "note:" followed by what I should keep.',
    },
    "note.none_tag": {
        "fr": "Aucune note avec le tag #{tag}.",
        "en": "No notes tagged #{tag}.",
    },
    "note.list": {
        "fr": "Tes dernières notes :",
        "en": "Your latest notes:",
    },
    "note.ask_content": {
        "fr": "Qu'est-ce que je note ?",
        "en": "What should I note?",
    },
    "note.ask_query": {
        "fr": "Je cherche une note sur quoi ?",
        "en": "What should I look for in your notes?",
    },
    "note.ask_which_of": {
        "fr": "Laquelle ? Réponds par le numéro :",
        "en": "Which one? Reply with the number:",
    },
    "note.not_found": {
        "fr": "Je ne trouve pas cette note.",
        "en": "I can't find that note.",
    },
    "note.too_long": {
        "fr": "C'est trop long pour une note (10 000 caractères au plus, 200 pour le titre).",
        "en": "That's too long for a note (10,000 characters at most, 200 for the title).",
    },
    "note.bad_text": {
        "fr": "Ce texte contient un caractère invalide.",
        "en": "That text holds an invalid character.",
    },
    "note.bad_tags": {
        "fr": "Trop de tags ou un tag trop long (20 tags de 40 caractères au plus).",
        "en": "Too many tags or a tag too long (20 tags of 40 characters at most).",
    },
    "note.cycle": {
        "fr": "Une note ne peut pas être rangée sous elle-même ni sous une de ses sous-notes.",
        "en": "A note can't go under itself or under one of its own sub-notes.",
    },
    "note.deleted": {
        "fr": "OK, j'ai supprimé la note « {title} ».",
        "en": 'OK, I deleted the note "{title}".',
    },
    "note.appended": {
        "fr": "Ajouté à ta note « {title} ».",
        "en": 'Added to your note "{title}".',
    },
}
