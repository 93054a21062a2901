"""The places slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "place.saved": {
        "fr": "C'est noté : {name}{address}.",
        "en": "Saved: {name}{address}.",
    },
    "place.updated": {
        "fr": "J'ai mis à jour : {name}{address}.",
        "en": "Updated: {name}{address}.",
    },
    "place.address_part": {"fr": ", {address}", "en": ", {address}"},
    "place.ask_name": {
        "fr": "Quel nom je donne à ce lieu ?",
        "en": "What should I call this place?",
    },
    "place.where": {
        "fr": "{name} : {address}.",
        "en": "{name}: {address}.",
    },
    "place.where_no_address": {
        "fr": "Je connais « {name} » mais je n'ai pas son adresse. Envoie-la-moi : « {name} c'est 12 rue … »",
        "en": 'I know "{name}" but not its address. Send it: "{name} is at 12 Main St"',
    },
    "place.last_visit": {"fr": "Dernière visite : {when}.", "en": "Last visit: {when}."},
    "place.next_visit": {"fr": "Prochaine : {when}.", "en": "Next: {when}."},
    "place.unknown": {
        "fr": "Je ne connais pas de lieu « {about} ». Tu peux me l'envoyer : « {about} c'est 12 rue … »",
        "en": 'I don\'t know a place called "{about}". Send it: "{about} is at 12 Main St"',
    },
    "place.list": {"fr": "Tes lieux ({n}) :", "en": "Your places ({n}):"},
    "place.none": {
        "fr": "Tu n'as encore aucun lieu enregistré.",
        "en": "You have no saved places yet.",
    },
    "place.list_more": {"fr": "… et {n} de plus.", "en": "… and {n} more."},
    "place.ask_which": {"fr": "Quel lieu ?", "en": "Which place?"},
    # errors (SMS sentence and the problem's detail)
    "place.not_found": {
        "fr": "Je ne trouve pas ce lieu.",
        "en": "I can't find that place.",
    },
    "place.no_name": {
        "fr": "Il me faut un nom pour ce lieu.",
        "en": "The place needs a name.",
    },
    "place.too_long": {
        "fr": "C'est trop long : raccourcis un peu.",
        "en": "That's too long: please shorten it.",
    },
    "place.bad_kind": {
        "fr": "Je ne connais pas ce type de lieu.",
        "en": "I don't know that kind of place.",
    },
    "place.name_taken": {
        "fr": "Tu as déjà un lieu qui s'appelle « {name} ».",
        "en": 'You already have a place called "{name}".',
    },
}
