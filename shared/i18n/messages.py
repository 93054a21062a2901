"""Every user-facing sentence, in French and English. Short: one SMS, plain words, one thing at a time."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

MESSAGES: dict[str, dict[str, str]] = {
    "reminder.confirm": {
        "fr": "OK, je te rappelle {when} : {what}",
        "en": "OK, I'll remind you {when}: {what}",
    },
    "reminder.fire": {
        "fr": "Rappel : {what}",
        "en": "Reminder: {what}",
    },
    "reminder.confirm_recurring": {
        "fr": "OK, je te rappelle {every} : {what}. Premier rappel {first}.",
        "en": "OK, I'll remind you {every}: {what}. First one {first}.",
    },
    "reminder.follow_up": {
        "fr": "Petit rappel : {what}. Réponds « fait » quand c'est fait, ou « +30 » pour plus tard.",
        "en": 'Gentle nudge: {what}. Reply "done" when it\'s done, or "+30" for later.',
    },
    "reminder.follow_up_bare": {
        "fr": "Petit rappel : tu m'avais demandé de te faire signe. Réponds « fait » ou « +30 ».",
        "en": 'Gentle nudge: you asked me to ping you. Reply "done" or "+30".',
    },
    "reminder.moved": {
        "fr": "OK, c'est changé : je te rappelle {when} : {what}",
        "en": "OK, changed: I'll remind you {when}: {what}",
    },
    "reminder.ack": {
        "fr": "Bravo, c'est noté : {what} !",
        "en": "Nice work, done: {what}!",
    },
    "reminder.cancelled": {
        "fr": "OK, j'ai annulé le rappel : {what}",
        "en": "OK, I cancelled the reminder: {what}",
    },
    "reminder.list": {
        "fr": "Tes prochains rappels ({n}) :",
        "en": "Your next reminders ({n}):",
    },
    "reminder.none": {
        "fr": "Tu n'as aucun rappel à venir.",
        "en": "You have no upcoming reminders.",
    },
    "reminder.none_about": {
        "fr": "Je ne trouve pas de rappel sur « {about} ».",
        "en": 'I can\'t find a reminder about "{about}".',
    },
    "reminder.ask_which": {
        "fr": "De quel rappel parles-tu ?",
        "en": "Which reminder do you mean?",
    },
    "reminder.ask_which_of": {
        "fr": "Lequel ? Réponds par le numéro :",
        "en": "Which one? Reply with the number:",
    },
    "reminder.ask_until": {
        "fr": "Je te le redis quand ? Par ex. « dans 30 min » ou « +10 ».",
        "en": 'When should I remind you again? E.g. "in 30 min" or "+10".',
    },
    "reminder.ask_new_time": {
        "fr": "Pour quelle heure ? Par ex. « 17h » ou « demain 9h ».",
        "en": 'For what time? E.g. "5pm" or "tomorrow 9am".',
    },
    "reminder.in_past_short": {
        "fr": "Cette heure-là est déjà passée. Tu veux un rappel à quelle heure ?",
        "en": "That time has already passed. What time should I remind you?",
    },
    "reminder.not_found": {
        "fr": "Je ne trouve pas ce rappel.",
        "en": "I can't find that reminder.",
    },
    "reminder.not_open": {
        "fr": "Ce rappel est déjà terminé ou annulé.",
        "en": "That reminder is already done or cancelled.",
    },
    "reminder.already_done": {
        "fr": "Tu as déjà marqué « {what} » comme fait : je ne le relance pas.",
        "en": 'You already marked "{what}" as done, so I won\'t bring it back.',
    },
    "error.not_found": {
        "fr": "Je ne trouve pas ce que tu cherches.",
        "en": "I can't find that.",
    },
    "error.encryption_unavailable": {
        "fr": "Désolé, je ne peux pas ouvrir ni ranger tes données privées pour l'instant. Rien n'a été perdu : "
        "réessaie dans quelques minutes.",
        "en": "Sorry, I can't open or store your private data right now. Nothing was lost: "
        "please try again in a few minutes.",
    },
    "error.conflict": {
        "fr": "Ce n'est plus possible : ça a changé entre-temps.",
        "en": "That's no longer possible: it changed in the meantime.",
    },
    "me.bad_confirmation": {
        "fr": "Ce code de confirmation ne va pas (ou il a expiré) : rien n'a été effacé. Redemande un code.",
        "en": "That confirmation code is wrong or expired: nothing was erased. Ask for a new code.",
    },
    "error.invalid": {
        "fr": "Je n'ai pas pu faire ça : une information ne va pas.",
        "en": "I couldn't do that: something in it doesn't work.",
    },
    "error.invalid_argument": {
        "fr": "Il me manque une précision. Tu peux reformuler ?",
        "en": "I'm missing a detail. Could you say it another way?",
    },
    "reminder.naive_time": {
        "fr": "Il manque le fuseau horaire de cette heure.",
        "en": "That time has no time zone.",
    },
    "reminder.bad_rule": {
        "fr": "Cette règle de répétition n'est pas valide.",
        "en": "That repeat rule isn't valid.",
    },
    "error.bad_cursor": {
        "fr": "Ce curseur de page n'est pas valide.",
        "en": "That page cursor isn't valid.",
    },
    "error.account_gone": {
        "fr": "Ce compte n'existe plus.",
        "en": "This account no longer exists.",
    },
    "error.unknown_tool": {
        "fr": "Je ne sais pas encore faire ça.",
        "en": "I can't do that yet.",
    },
    "reminder.snoozed": {
        "fr": "OK, je te le redis {when} : {what}",
        "en": "OK, I'll remind you again {when}: {what}",
    },
    "reminder.confirm_bare": {
        "fr": "OK, je te fais signe {when}.",
        "en": "OK, I'll ping you {when}.",
    },
    "reminder.fire_bare": {
        "fr": "C'est l'heure ! Tu m'avais demandé de te faire signe maintenant.",
        "en": "It's time! You asked me to ping you now.",
    },
    "reminder.ask_what_when": {
        "fr": "Je te rappelle quoi, et quand ? Par ex. « demain à 9h d'appeler la banque ».",
        "en": 'What should I remind you of, and when? E.g. "tomorrow at 9am to call the bank".',
    },
    "reminder.ask_when": {
        "fr": "Je te rappelle quand « {what} » ? Par ex. « demain à 9h » ou « dans 20 min ».",
        "en": 'When should I remind you to {what}? E.g. "tomorrow at 9am" or "in 20 min".',
    },
    "reminder.in_past": {
        "fr": "{when}, c'est déjà passé. Tu veux un rappel à quelle heure ?",
        "en": "{when} has already passed. What time should I remind you?",
    },
    "reminder.too_far": {
        "fr": "C'est un peu loin pour moi (5 ans max). Tu peux choisir une date plus proche ?",
        "en": "That's too far ahead for me (5 years max). Could you pick a closer date?",
    },
    "help.not_understood": {
        "fr": "Je n'ai pas bien compris. Par ex. « demain 9h appeler la banque », « ajoute du lait », "
        "« souviens-toi que le code du portail est 4521 » ou « ma journée ».",
        "en": 'I didn\'t quite get that. E.g. "tomorrow 9am call the bank", "add milk", '
        '"remember that the gate code is 4521" or "my day".',
    },
    "sms.started": {
        "fr": "C'est reparti : je peux de nouveau t'écrire. Écris « aide » pour savoir ce que je sais faire.",
        "en": 'You\'re back: I can text you again. Send "help" to see what I can do.',
    },
    "sms.help": {
        "fr": "Je suis Boussole, ton assistant par SMS. Ex. : « rappelle-moi demain à 9h d'appeler la banque ». "
        "STOP pour ne plus recevoir de SMS.",
        "en": 'I\'m Boussole, your SMS assistant. E.g. "remind me tomorrow at 9am to call the bank". '
        "Reply STOP to stop all texts.",
    },
    "outbox.late_min": {
        "fr": "(avec {n} min de retard)",
        "en": "({n} min late)",
    },
    "outbox.late_h": {
        "fr": "(avec {n} h de retard)",
        "en": "({n} h late)",
    },
    "outbox.late_d": {
        "fr": "(avec {n} j de retard)",
        "en": "({n} days late)",
    },
    "outbox.lost_reminder": {
        "fr": "Désolé, ton rappel « {what} » prévu {when} n'a pas pu partir à temps : le service SMS était en panne.",
        "en": 'Sorry, your reminder "{what}" for {when} couldn\'t be sent in time: the SMS service was down.',
    },
    "outbox.lost_reminder_refused": {
        "fr": "Désolé, ton rappel prévu {when} a été refusé par l'opérateur et n'a pas pu partir. "
        "Tu peux le reformuler ?",
        "en": "Sorry, the carrier refused your reminder for {when}, so it couldn't be sent. Could you reword it?",
    },
    "outbox.lost_reply": {
        "fr": "Désolé, ma réponse à ton message de {when} n'a pas pu partir. Renvoie-le si c'est encore utile.",
        "en": "Sorry, my answer to your message from {when} couldn't be sent. Send it again if it still helps.",
    },
    "inbound.slow_down": {
        "fr": "Doucement ! Tu m'envoies beaucoup de messages d'un coup : je ne traite pas les suivants pendant "
        "quelques minutes. Renvoie ce qui compte un peu plus tard.",
        "en": "Whoa, that's a lot of messages at once! I'm not handling the next ones for a few minutes. "
        "Send what matters again a little later.",
    },
    "pending.dropped": {
        "fr": "OK, on laisse tomber.",
        "en": "OK, dropped.",
    },
    "smalltalk.thanks": {
        "fr": "Avec plaisir ! Je suis là si besoin.",
        "en": "You're welcome! I'm here if you need me.",
    },
    "smalltalk.greeting": {
        "fr": "Salut ! Dis-moi ce que tu ne veux pas oublier, et quand.",
        "en": "Hi! Tell me what you don't want to forget, and when.",
    },
    "smalltalk.ok": {
        "fr": "Super !",
        "en": "Great!",
    },
    "smalltalk.distress": {
        "fr": "Ça a l'air lourd, et c'est normal d'être débordé·e. Choisis UNE petite chose pour les 10 "
        "prochaines minutes : dis-la-moi et je te la rappelle.",
        "en": "That sounds like a lot, and it's okay to feel swamped. Pick ONE small thing for the next 10 "
        "minutes: tell me and I'll remind you.",
    },
    "smalltalk.crisis": {
        "fr": "Je suis désolé que tu traverses ça. Tu n'es pas seul·e : appelle le 3114 (24h/24, gratuit) "
        "ou le 112 en cas d'urgence.",
        "en": "I'm so sorry you're going through this. You're not alone: call or text 988 (US/Canada), or "
        "your local emergency number.",
    },
    "sms.started_after_pause": {
        "fr": "Les messages envoyés pendant la pause n'ont pas été traités : renvoie-les si besoin.",
        "en": "Messages sent during the pause weren't handled: send them again if needed.",
    },
    "language.switched": {
        "fr": "Je te réponds en français maintenant. Écris « english » pour revenir à l'anglais.",
        "en": 'I\'ll answer in English now. Send "français" to switch back to French.',
    },
    "error.sorry": {
        "fr": "Désolé, j'ai eu un souci de mon côté et n'ai pas pu traiter ton message. Tu peux le renvoyer ?",
        "en": "Sorry, something went wrong on my side and I couldn't handle your message. Could you send it again?",
    },
}


def _merge_slices() -> None:
    """Each domain slice keeps its own sentences in `shared/<domain>/messages.py`; one catalog holds all."""
    from shared.auth import messages as auth
    from shared.calendar import messages as calendar
    from shared.expenses import messages as expenses
    from shared.groceries import messages as groceries
    from shared.memory import messages as memory
    from shared.notes import messages as notes
    from shared.onboarding import messages as onboarding
    from shared.places import messages as places
    from shared.planner import messages as planner
    from shared.recipes import messages as recipes
    from shared.tasks import messages as tasks
    from shared.users import messages as users

    for part in (
        tasks,
        groceries,
        recipes,
        expenses,
        calendar,
        places,
        notes,
        users,
        planner,
        memory,
        auth,
        onboarding,
    ):
        clash = MESSAGES.keys() & part.MESSAGES.keys()
        if clash:
            raise ValueError(f"message keys declared twice: {sorted(clash)}")
        MESSAGES.update(part.MESSAGES)


_merge_slices()


def t(key: str, lang: str, /, **values: object) -> str:
    """The sentence `key` in `lang` (French when unknown), filled with `values`."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["fr"]).format(**values)
