"""The accounts' sentences, French and English (merged into shared.i18n.messages). The API's problem details
use the English ones; the SMS ones carry the codes that prove a phone is the person's."""

MESSAGES: dict[str, dict[str, str]] = {
    "account.code_sms": {
        "fr": "Boussole : ton code est {code}. Il expire dans 10 min. Ne le donne à personne.",
        "en": "Boussole: your code is {code}. It expires in 10 min. Never share it.",
    },
    "account.reset_sms": {
        "fr": "Boussole : code pour changer ton mot de passe : {code} (10 min). Pas toi ? Ignore ce message.",
        "en": "Boussole: code to change your password: {code} (10 min). If it wasn't you, ignore this message.",
    },
    "account.password_short": {
        "fr": "Le mot de passe doit faire au moins {min} caractères (une phrase de quelques mots marche bien).",
        "en": "The password needs at least {min} characters (a few words in a phrase work well).",
    },
    "account.password_long": {
        "fr": "Le mot de passe doit faire au plus {max} caractères.",
        "en": "The password must be at most {max} characters.",
    },
    "account.password_common": {
        "fr": "Ce mot de passe est trop courant ou trop facile à deviner : choisis-en un autre.",
        "en": "This password is too common or too easy to guess: please choose another one.",
    },
    "account.bad_email": {
        "fr": "Cette adresse e-mail n'a pas l'air valide.",
        "en": "This email address doesn't look valid.",
    },
    "account.bad_phone": {
        "fr": "Ce numéro n'a pas l'air valide : écris-le avec l'indicatif, par ex. +33612345678.",
        "en": "This number doesn't look valid: write it with the country code, e.g. +14155550123.",
    },
    "account.taken": {
        "fr": "Impossible de créer ce compte : cette adresse ou ce numéro a déjà un compte. Connecte-toi plutôt.",
        "en": "Can't create this account: this address or number already has one. Please sign in instead.",
    },
    "account.same_phone": {
        "fr": "C'est déjà ton numéro.",
        "en": "That is already your number.",
    },
    "account.phone_taken": {
        "fr": "Ce numéro appartient déjà à une autre personne sur Boussole. Elle doit d'abord effacer ses données.",
        "en": "This number already belongs to someone else on Boussole. They must erase their data first.",
    },
    "account.phone_moved_sms": {
        "fr": "Boussole : ton compte utilise maintenant un autre numéro (finissant par {last}). "
        "Ce n'est pas toi ? Change ton mot de passe tout de suite.",
        "en": "Boussole: your account now uses another number (ending in {last}). "
        "If it wasn't you, change your password right away.",
    },
    "account.bad_code": {
        "fr": "Ce code n'est pas bon ou a expiré.",
        "en": "This code is wrong or has expired.",
    },
    "account.bad_credentials": {
        "fr": "Adresse ou mot de passe incorrect.",
        "en": "Wrong email or password.",
    },
    "account.bad_password": {
        "fr": "Mot de passe incorrect.",
        "en": "Wrong password.",
    },
    "account.mfa_already": {
        "fr": "La double authentification est déjà active.",
        "en": "Two-factor authentication is already on.",
    },
    "account.mfa_not_started": {
        "fr": "Commence par demander un nouveau secret TOTP.",
        "en": "Start by asking for a new TOTP secret.",
    },
    "account.mfa_off": {
        "fr": "La double authentification n'est pas active.",
        "en": "Two-factor authentication is not on.",
    },
    "account.no_credentials": {
        "fr": "Ce compte n'a pas encore de mot de passe : crée-le avec l'inscription.",
        "en": "This account has no password yet: set one by signing up.",
    },
    "error.too_many": {
        "fr": "Trop d'essais : réessaie dans {seconds} s.",
        "en": "Too many attempts: try again in {seconds} s.",
    },
    "error.unavailable": {
        "fr": "Service momentanément indisponible : réessaie dans une minute.",
        "en": "Temporarily unavailable: please try again in a minute.",
    },
    "account.last_admin": {
        "fr": "Il faut garder au moins un administrateur.",
        "en": "At least one admin must remain.",
    },
}
