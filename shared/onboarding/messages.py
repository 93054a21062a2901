"""The onboarding dialogue's and SMS erasure's sentences, French and English (merged into shared.i18n.messages).
Each fits in one or two SMS and ends with what to answer."""

MESSAGES: dict[str, dict[str, str]] = {
    "onboarding.consent": {
        "fr": "Bonjour, ici Boussole, ton assistant SMS pour le TDAH. Pour t'aider je dois garder tes messages, "
        "qui peuvent parler de ta santé. Tu es d'accord, et d'accord pour que je t'écrive ? Réponds OUI ou NON. "
        "{held}",
        "en": "Hi, this is Boussole, your ADHD assistant by text. To help I need to keep your messages, which may "
        "be about your health. Do you agree, and agree that I text you? Reply YES or NO. {held}",
    },
    "onboarding.held": {
        "fr": "J'ai gardé ton message de côté, je m'en occupe dès que tu dis oui.",
        "en": "I've set your message aside and will handle it as soon as you say yes.",
    },
    "onboarding.consent_again": {
        "fr": "Je n'ai pas compris. Pour commencer j'ai besoin de ton accord : réponds OUI ou NON.",
        "en": "Sorry, I didn't get that. I need your OK to start: reply YES or NO.",
    },
    "onboarding.declined": {
        "fr": "D'accord, je ne fais rien de tes messages et je ne t'écrirai pas. Si tu changes d'avis, écris OUI. "
        "Pour tout effacer, écris « supprime mes données ».",
        "en": "OK, I won't use your messages and won't text you. If you change your mind, send YES. "
        'To erase everything, send "delete my data".',
    },
    "onboarding.confirm": {
        "fr": "Merci ! Je t'écris en français et il est {clock} chez toi ({zone}). C'est bon ? Réponds OUI, "
        "ou donne ta ville, ou « english ». Et ton prénom si tu veux (ex. « oui, Léa »).",
        "en": "Thanks! I'll text you in English and it's {clock} where you are ({zone}). Right? Reply YES, "
        'or your city, or "français". And your first name if you like (e.g. "yes, Sam").',
    },
    "onboarding.confirm_again": {
        "fr": "Je n'ai pas compris. Réponds OUI si {clock} ({zone}) est la bonne heure, sinon donne ta ville "
        "(ex. « Montréal »). PASSER pour garder ça.",
        "en": "Sorry, I didn't get that. Reply YES if {clock} ({zone}) is your time, or name your city "
        '(e.g. "Chicago"). SKIP to keep it.',
    },
    "onboarding.ask_city": {
        "fr": "Dans quelle ville es-tu ? (ex. « Lyon », « Montréal », « Europe/Paris »)",
        "en": 'Which city are you in? (e.g. "Chicago", "London", "America/Denver")',
    },
    "onboarding.unknown_city": {
        "fr": "Je ne connais pas « {place} ». Essaie une grande ville proche, ou un fuseau comme « Europe/Paris ».",
        "en": 'I don\'t know "{place}". Try a big city nearby, or a zone like "America/Chicago".',
    },
    "onboarding.done": {
        "fr": "C'est noté{name} ! Dis-moi ce que tu ne veux pas oublier, et quand. AIDE pour l'aide, STOP pour "
        "arrêter.",
        "en": "All set{name}! Tell me what you don't want to forget, and when. HELP for help, STOP to stop.",
    },
    "onboarding.done_short": {
        "fr": "C'est noté{name} !",
        "en": "All set{name}!",
    },
    "onboarding.kept_defaults": {
        "fr": "Je garde le français et {zone} ; tu peux changer ça quand tu veux.",
        "en": "I'm keeping English and {zone}; you can change that any time.",
    },
    # --- erasure by SMS --------------------------------------------------------------------------------------
    "erasure.ask": {
        "fr": "Tu veux tout effacer : ton compte, tes rappels, tâches, notes, dépenses, souvenirs et nos messages, "
        "ici et chez notre opérateur SMS. C'est définitif. Pour confirmer, réponds EFFACER {code} dans les "
        "10 minutes. Tout autre message annule.",
        "en": "You want to erase everything: your account, reminders, tasks, notes, expenses, memories and our "
        "messages, here and at our SMS provider. This can't be undone. To confirm, reply ERASE {code} within "
        "10 minutes. Any other message cancels.",
    },
    "erasure.cancelled": {
        "fr": "Effacement annulé, je n'ai rien supprimé.",
        "en": "Erasure cancelled, nothing was deleted.",
    },
    "erasure.done": {
        "fr": "C'est fait : j'ai tout effacé. Nos sauvegardes chiffrées gardent encore tes données jusqu'au "
        "{until}, puis elles disparaissent. Ce SMS est le dernier, et il sera effacé lui aussi.",
        "en": "Done: I've erased everything. Our encrypted backups still hold your data until {until}, then it's "
        "gone. This is my last text, and it will be erased too.",
    },
}
