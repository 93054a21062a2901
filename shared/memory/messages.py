"""The memory slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    # remember
    "memory.saved": {
        "fr": "C'est gardé en mémoire : « {content} ».",
        "en": 'Got it, I\'ll remember: "{content}".',
    },
    "memory.merged": {
        "fr": "Je le savais déjà, c'est à jour : « {content} ».",
        "en": 'I already knew that, it\'s up to date: "{content}".',
    },
    "memory.replaced": {
        "fr": "C'est mis à jour : « {content} » (avant : « {old} »).",
        "en": 'Updated: "{content}" (before: "{old}").',
    },
    "memory.ask_content": {
        "fr": "Je retiens quoi ?",
        "en": "What should I remember?",
    },
    # recall
    "memory.ask_query": {
        "fr": "Tu cherches quoi dans ce que tu m'as dit ?",
        "en": "What are you looking for in what you told me?",
    },
    "memory.recall_one": {
        "fr": "Tu m'avais dit : « {content} »",
        "en": 'You told me: "{content}"',
    },
    "memory.recall_note_whole": {
        "fr": "Ta note : « {content} »",
        "en": 'Your note: "{content}"',
    },
    "memory.recall_note": {
        "fr": "Dans ta note « {title} » : {content}",
        "en": 'In your note "{title}": {content}',
    },
    "memory.recall_many": {
        "fr": "Voilà ce que j'ai :",
        "en": "Here's what I have:",
    },
    "memory.from_note": {
        "fr": "(ta note « {title} »)",
        "en": '(your note "{title}")',
    },
    "memory.recall_none": {
        "fr": "Je n'ai rien en mémoire sur « {query} ». Tu peux me le dire : « souviens-toi que… »",
        "en": 'I have nothing on "{query}". You can tell me: "remember: …"',
    },
    # about me
    "memory.about_me": {
        "fr": "Ce que je sais sur toi :",
        "en": "What I know about you:",
    },
    "memory.about_me_none": {
        "fr": "Je ne sais encore rien sur toi. Dis-moi « souviens-toi que… » et je le garde.",
        "en": "I don't know anything about you yet. Say \"remember: …\" and I'll keep it.",
    },
    # forget
    "memory.ask_forget_what": {
        "fr": "J'oublie quoi ?",
        "en": "What should I forget?",
    },
    "memory.ask_which": {
        "fr": "Lequel j'oublie ?",
        "en": "Which one should I forget?",
    },
    "memory.forgotten": {
        "fr": "C'est oublié pour de bon : « {content} ».",
        "en": 'Forgotten for good: "{content}".',
    },
    "memory.forget_none": {
        "fr": "Je n'ai rien en mémoire sur « {about} », rien à oublier.",
        "en": 'I have nothing on "{about}", so nothing to forget.',
    },
    "memory.not_found": {
        "fr": "Je ne trouve pas ce souvenir.",
        "en": "I can't find that memory.",
    },
}
