"""The onboarding dialogue's and SMS erasure's sentences, French and English (merged into shared.i18n.messages).
Each fits in one or two SMS and ends with what to answer."""

MESSAGES: dict[str, dict[str, str]] = {
    "onboarding.consent": {
        "fr": "Bonjour, ici Boussole, l'assistant SMS pour le TDAH. Pour t'aider je garde tes messages (ils peuvent "
        "parler de ta santé) et je t'écris. D'accord ? Réponds OUI ou NON. {held}",
        "en": "Hi, this is Boussole, the ADHD assistant by text. To help, I keep your messages (they may be about "
        "your health) and I text you. OK? Reply YES or NO. {held}",
    },
    "onboarding.held": {
        "fr": "Ton message est gardé : je m'en occupe après ton oui.",
        "en": "I've kept your message and will handle it after your yes.",
    },
    "onboarding.consent_again": {
        "fr": "Je n'ai pas compris. Pour commencer j'ai besoin de ton accord : réponds OUI ou NON.",
        "en": "Sorry, I didn't get that. I need your OK to start: reply YES or NO.",
    },
    "onboarding.declined": {
        "fr": "D'accord : je ne fais rien de tes messages et je ne t'écris pas. Si tu changes d'avis, écris OUI. "
        "Pour tout effacer : SUPPRIME MES DONNEES.",
        "en": "OK, I won't use your messages and won't text you. If you change your mind, send YES. "
        'To erase everything, send "delete my data".',
    },
    "onboarding.confirm": {
        "fr": "Merci ! Je t'écris en français et il est {clock} chez toi ({zone}). C'est bon ? Réponds OUI, "
        "ou ta ville, ou ENGLISH. Et ton prénom si tu veux (ex. OUI, LEA).",
        "en": "Thanks! I'll text you in English and it's {clock} where you are ({zone}). Right? Reply YES, "
        "or your city, or FRENCH. And your first name if you like (e.g. YES, SAM).",
    },
    "onboarding.confirm_again": {
        "fr": "Je n'ai pas compris. Réponds OUI si {clock} ({zone}) est la bonne heure, sinon donne ta ville "
        "(ex. Lyon, Montréal). PASSER pour garder tout.",
        "en": "Sorry, I didn't get that. Reply YES if {clock} ({zone}) is your time, or name your city "
        '(e.g. "Chicago"). SKIP to keep it.',
    },
    "onboarding.ask_city": {
        "fr": "Dans quelle ville es-tu ? (ex. Lyon, Montréal, Europe/Paris)",
        "en": 'Which city are you in? (e.g. "Chicago", "London", "America/Denver")',
    },
    "onboarding.unknown_city": {
        "fr": "Je ne connais pas {place}. Essaie une grande ville proche, ou un fuseau comme Europe/Paris.",
        "en": 'I don\'t know "{place}". Try a big city nearby, or a zone like "America/Chicago".',
    },
    "onboarding.done": {
        "fr": "C'est noté{name} ! Dis-moi ce que tu ne veux pas oublier, et quand. AIDE pour l'aide, STOP pour "
        "arreter.",
        "en": "All set{name}! Tell me what you don't want to forget, and when. HELP for help, STOP to stop.",
    },
    "onboarding.done_short": {
        "fr": "C'est noté{name} !",
        "en": "All set{name}!",
    },
    "onboarding.kept_defaults": {
        "fr": "Je garde le fuseau {zone} et le FR ; tu peux les changer quand tu veux.",
        "en": "I'm keeping English and {zone}; you can change that any time.",
    },
    # --- erasure by SMS --------------------------------------------------------------------------------------
    "erasure.ask": {
        "fr": "Tu veux tout effacer : ton compte, tes rappels, taches, notes, dépenses, souvenirs et nos messages, "
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
