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
        "fr": "Bravo, c'est noté !",
        "en": "Nice work, noted!",
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
        "fr": "Je n'ai pas bien compris. Pour un rappel, écris par ex. "
        "« rappelle-moi demain à 9h d'appeler la banque ».",
        "en": 'I didn\'t quite get that. For a reminder, try "remind me tomorrow at 9am to call the bank".',
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
    "welcome": {
        "fr": "Bienvenue sur Boussole ! ",
        "en": "Welcome to Boussole! ",
    },
    "error.sorry": {
        "fr": "Désolé, j'ai eu un souci de mon côté et n'ai pas pu traiter ton message. Tu peux le renvoyer ?",
        "en": "Sorry, something went wrong on my side and I couldn't handle your message. Could you send it again?",
    },
}


def t(key: str, lang: str, /, **values: object) -> str:
    """The sentence `key` in `lang` (French when unknown), filled with `values`."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["fr"]).format(**values)
