"""The calendar slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "event.added": {
        "fr": "C'est dans ton agenda : « {title} » {when}{place}.",
        "en": 'On your calendar: "{title}" {when}{place}.',
    },
    "event.at_place": {"fr": " ({place})", "en": " ({place})"},
    "event.conflict": {
        "fr": "Attention : ça chevauche « {title} » {span}.",
        "en": 'Heads up: it overlaps "{title}" {span}.',
    },
    "event.conflict_more": {
        "fr": "Attention : ça chevauche « {title} » {span} et {n} autre(s).",
        "en": 'Heads up: it overlaps "{title}" {span} and {n} more.',
    },
    "event.all_day": {"fr": "toute la journée", "en": "all day"},
    "event.until": {"fr": "jusqu'à {clock}", "en": "until {clock}"},
    "event.ask_when": {
        "fr": "C'est quand, « {title} » ? (ex. : jeudi 15h, ou de 14h à 15h)",
        "en": 'When is "{title}"? (e.g. thursday 3pm, or 2-3pm)',
    },
    "event.ask_what_when": {
        "fr": "Qu'est-ce que je note dans ton agenda, et quand ?",
        "en": "What should I put on your calendar, and when?",
    },
    "event.ask_title": {
        "fr": "C'est quoi, ce rendez-vous {when} ?",
        "en": "What is it, {when}?",
    },
    "event.ask_end": {
        "fr": "Je n'ai pas compris la fin. Jusqu'à quelle heure ?",
        "en": "I didn't get the end. Until what time?",
    },
    "event.ask_day": {
        "fr": "Pour quel jour ? (ex. : jeudi, demain, cette semaine)",
        "en": "For which day? (e.g. thursday, tomorrow, this week)",
    },
    "event.ask_new_time": {
        "fr": "À quelle date ou heure je le déplace ?",
        "en": "What day or time should I move it to?",
    },
    "event.ask_which": {
        "fr": "De quel rendez-vous parles-tu ?",
        "en": "Which event do you mean?",
    },
    "event.ask_which_of": {
        "fr": "Lequel ? Réponds par le numéro :",
        "en": "Which one? Reply with the number:",
    },
    "event.recurring": {
        "fr": "Je ne sais pas encore noter un rendez-vous qui se répète : donne-moi une date précise.",
        "en": "I can't add repeating events yet: give me one date.",
    },
    "event.list_day": {"fr": "{day} :", "en": "{day}:"},
    "event.list_range": {"fr": "Ton agenda ({n}) :", "en": "Your calendar ({n}):"},
    "event.list_upcoming": {"fr": "Tes prochains rendez-vous :", "en": "Your next events:"},
    "event.list_more": {"fr": "… et {n} de plus.", "en": "… and {n} more."},
    "event.none_day": {
        "fr": "Rien dans ton agenda {day}.",
        "en": "Nothing on your calendar {day}.",
    },
    "event.none_range": {
        "fr": "Rien dans ton agenda sur cette période.",
        "en": "Nothing on your calendar in that period.",
    },
    "event.none_upcoming": {
        "fr": "Tu n'as aucun rendez-vous à venir.",
        "en": "You have no upcoming events.",
    },
    "event.none_about": {
        "fr": "Je ne trouve pas de rendez-vous à venir sur « {about} ».",
        "en": 'I can\'t find an upcoming event about "{about}".',
    },
    "event.cancelled": {
        "fr": "OK, j'ai retiré de ton agenda : « {title} » {when}.",
        "en": 'OK, I took "{title}" {when} off your calendar.',
    },
    "event.moved": {
        "fr": "OK, « {title} » est déplacé {when}.",
        "en": 'OK, "{title}" moved to {when}.',
    },
    "event.today": {"fr": "aujourd'hui", "en": "today"},
    "event.tomorrow": {"fr": "demain", "en": "tomorrow"},
    # errors (SMS sentence and the problem's detail)
    "event.not_found": {
        "fr": "Je ne trouve pas ce rendez-vous.",
        "en": "I can't find that event.",
    },
    "event.naive_time": {
        "fr": "Il me faut une heure avec son fuseau horaire.",
        "en": "I need a time with its time zone.",
    },
    "event.end_before_start": {
        "fr": "La fin doit être après le début.",
        "en": "The end must be after the start.",
    },
    "event.too_long": {
        "fr": "Un rendez-vous ne peut pas durer plus d'un an.",
        "en": "An event can't last more than a year.",
    },
    "event.out_of_range": {
        "fr": "Cette date est trop loin pour ton agenda.",
        "en": "That date is too far off for your calendar.",
    },
    "event.no_title": {
        "fr": "Il me faut un titre pour ce rendez-vous.",
        "en": "The event needs a title.",
    },
    "event.too_long_text": {
        "fr": "C'est trop long : raccourcis un peu.",
        "en": "That's too long: please shorten it.",
    },
    "event.no_time": {
        "fr": "Je n'ai pas compris la date ou l'heure.",
        "en": "I didn't understand the date or time.",
    },
    "event.bad_range": {
        "fr": "La fin de la période doit être après son début.",
        "en": "The end of the range must be after its start.",
    },
    "event.duplicate": {
        "fr": "Ce rendez-vous est déjà noté.",
        "en": "That event is already on your calendar.",
    },
}
