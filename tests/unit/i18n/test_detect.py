"""Language of real-looking SMS: French and English, with and without accents or shorthand."""

from __future__ import annotations

import pytest

from shared.i18n.detect import detect_language

FRENCH_SMS = [
    "Rappelle-moi demain à 9h d'appeler la banque",
    "rappelle moi de prendre mes medocs a 21h",
    "jsp si j'ai pris mes cachets ce matin",
    "Salut ! Tu peux me rappeler le rdv chez le dentiste ?",
    "ok merci",
    "j'ai oublié les courses encore une fois",
    "faut que je paye le loyer avant vendredi",
    "c'est bon c'est fait",
    "tkt je m'en occupe dem",
    "Ajoute du lait et des œufs à la liste",
    "je suis trop en retard pour le boulot",
    "dsl j'ai pas vu ton msg",
    "on se voit jeudi soir ?",
    "mdr j'avais complètement zappé",
    "Peux-tu décaler mon rappel à 17h ?",
    "combien j'ai dépensé cette semaine",
    "bjr, je voudrais annuler le rappel de demain",
    "pk tu m'as pas rappelé ce matin",
    "G fini le dossier, prochaine étape ?",
    "annule tout pour aujourd'hui stp",
    "qu'est-ce que j'ai à faire cet aprem",
    "fais moi penser au cadeau pour maman",
]

ENGLISH_SMS = [
    "remind me to take my meds at 9pm",
    "Remind me tmrw to call the bank",
    "idk if I took my pills this morning",
    "Hey! Can you move my dentist appointment reminder?",
    "thanks!",
    "I forgot the groceries again",
    "need to pay rent before friday",
    "done, what's next?",
    "np I'll do it 2moro",
    "Add milk and eggs to the list",
    "I'm running so late for work",
    "sorry didn't see your text",
    "are we still on for thursday night?",
    "lol I completely forgot",
    "can you push my reminder to 5pm",
    "how much did I spend this week",
    "what do I have to do this afternoon",
    "cancel everything for today pls",
    "snooze 30 min",
    "yes please",
    "where did I put my keys",
    "what's on my plan for tomorrow",
]


@pytest.mark.parametrize("text", FRENCH_SMS)
def test_french_sms(text: str) -> None:
    assert detect_language(text, default="en") == "fr"


@pytest.mark.parametrize("text", ENGLISH_SMS)
def test_english_sms(text: str) -> None:
    assert detect_language(text, default="fr") == "en"


@pytest.mark.parametrize("text", ["", "ok", "123", "👍", "15/03"])
def test_unsure_falls_back_to_default(text: str) -> None:
    assert detect_language(text) == "fr"
    assert detect_language(text, default="en") == "en"
