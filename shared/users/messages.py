"""The users slice's sentences, French and English (merged into shared.i18n.messages): settings, quiet hours,
the daily cap, reminders that insist."""

MESSAGES: dict[str, dict[str, str]] = {
    "settings.lang_fr": {"fr": "français", "en": "French"},
    "settings.lang_en": {"fr": "anglais", "en": "English"},
    "settings.language_set": {
        "fr": "C'est noté, je t'écris en français à partir de maintenant.",
        "en": "Got it, I'll text you in English from now on.",
    },
    "settings.ask_language": {
        "fr": "Je peux t'écrire en français ou en anglais : lequel préfères-tu ?",
        "en": "I can text you in English or in French: which one do you prefer?",
    },
    "settings.timezone_set": {
        "fr": "C'est noté : ton fuseau horaire est {zone} (il est {clock} chez toi).",
        "en": "Got it: your time zone is {zone} (it's {clock} where you are).",
    },
    "settings.ask_timezone": {
        "fr": "Dans quelle ville ou quel fuseau horaire es-tu ? Par exemple « Montréal » ou « America/Chicago ».",
        "en": 'Which city or time zone are you in? For example "Chicago" or "America/Chicago".',
    },
    "settings.quiet_set": {
        "fr": "C'est noté : pas de message de ma part entre {start} et {end}. "
        "Un rappel que tu fixes à une heure précise sonne quand même.",
        "en": "Got it: no messages from me between {start} and {end}. "
        "A reminder you set for an exact time still rings.",
    },
    "settings.quiet_off": {
        "fr": "C'est noté : plus d'heures calmes.",
        "en": "Got it: no more quiet hours.",
    },
    "settings.quiet_are": {
        "fr": "Tes heures calmes : de {start} à {end}. Un rappel fixé à une heure précise sonne quand même.",
        "en": "Your quiet hours: {start} to {end}. A reminder set for an exact time still rings.",
    },
    "settings.quiet_none": {
        "fr": "Tu n'as pas d'heures calmes. Par exemple « heures calmes 22h-8h » pour en mettre.",
        "en": 'You have no quiet hours. Text "quiet hours 10pm-8am" to set some.',
    },
    "settings.ask_quiet": {
        "fr": "Entre quelle heure et quelle heure je ne dois pas t'écrire ? Par exemple « 22h-8h ».",
        "en": 'Between what times should I not text you? For example "10pm-8am".',
    },
    "settings.quiet_same": {
        "fr": "Le début et la fin des heures calmes doivent être différents. Par exemple « 22h-8h ».",
        "en": 'Quiet hours need a start and an end that differ. For example "10pm-8am".',
    },
    "settings.morning_set": {
        "fr": "C'est noté : ton plan du jour arrivera chaque matin à {at}.",
        "en": "Got it: your plan for the day will come every morning at {at}.",
    },
    "settings.morning_off": {
        "fr": "C'est noté : plus de plan du matin.",
        "en": "Got it: no more morning plan.",
    },
    "settings.ask_morning": {
        "fr": "À quelle heure veux-tu ton plan du matin ? Par exemple « 7h30 ».",
        "en": 'What time do you want your morning plan? For example "7:30am".',
    },
    "settings.cap_set": {
        "fr": "C'est noté : {cap} messages par jour au plus de ma propre initiative. Tes rappels ne comptent pas.",
        "en": "Got it: at most {cap} messages a day that I start myself. Your reminders don't count.",
    },
    "settings.cap_zero": {
        "fr": "C'est noté : je ne t'écris plus de moi-même. Tes rappels sonnent toujours.",
        "en": "Got it: I won't text you on my own anymore. Your reminders still ring.",
    },
    "settings.cap_off": {
        "fr": "C'est noté : plus de limite de messages par jour.",
        "en": "Got it: no more daily limit on messages.",
    },
    "settings.bad_cap": {
        "fr": "Le maximum de messages par jour doit être un nombre entre 0 et {most}.",
        "en": "The daily maximum of messages must be a number from 0 to {most}.",
    },
    "settings.ask_cap": {
        "fr": "Combien de messages par jour au plus ? Par exemple « 5 ».",
        "en": 'How many messages a day at most? For example "5".',
    },
    "settings.currency_set": {
        "fr": "C'est noté : ta devise par défaut est {currency}.",
        "en": "Got it: your default currency is {currency}.",
    },
    "settings.bad_currency": {
        "fr": "Je ne connais pas cette devise. Donne-moi un code comme EUR, USD ou CAD.",
        "en": "I don't know that currency. Give me a code such as USD, EUR or CAD.",
    },
    "settings.show": {
        "fr": "Tes réglages : langue {language} ; fuseau {zone} ; heures calmes {quiet} ; plan du matin {morning} ; "
        "messages par jour de ma part {cap} ; devise {currency}.",
        "en": "Your settings: language {language}; time zone {zone}; quiet hours {quiet}; morning plan {morning}; "
        "messages a day from me {cap}; currency {currency}.",
    },
    "settings.range": {"fr": "de {start} à {end}", "en": "{start} to {end}"},
    "settings.none": {"fr": "aucune", "en": "none"},
    "settings.off": {"fr": "désactivé", "en": "off"},
    "settings.no_cap": {"fr": "sans limite", "en": "no limit"},
    "settings.escalation_set": {
        "fr": "OK, si tu ne réponds pas, je te relance toutes les {every} min, {times} fois au plus : {what}",
        "en": "OK, if you don't answer, I'll nudge you every {every} min, {times} times at most: {what}",
    },
    "settings.escalation_off": {
        "fr": "OK, je ne te relance plus pour : {what}",
        "en": "OK, no more nudges for: {what}",
    },
    "settings.escalation_bounds": {
        "fr": "Je peux relancer toutes les {low} à {high} minutes, {most} fois au plus.",
        "en": "I can nudge you every {low} to {high} minutes, {most} times at most.",
    },
}
