"""The offline brain on calendar changes said in everyday wordings (not the corpus sentences), and the reminder
rules backing off when the words are about an event, a note, a task… (French and English)."""

from __future__ import annotations

import pytest

from tests.helpers import heard

CANCEL_EVENT = [
    ("fr", "annule la réunion de vendredi", "reunion"),
    ("fr", "supprime le rdv coiffeur de samedi", "coiffeur"),
    ("fr", "le resto avec julie est annulé, enlève le de mon agenda", "julie"),
    ("fr", "j'vais pas au cours de danse mercredi, vire le du calendrier", "danse"),
    ("fr", "efface l'entretien d'embauche de mon planning", "embauche"),
    ("fr", "rdv ophtalmo annulé, tu peux le retirer de l'agenda", "ophtalmo"),
    ("en", "cancel the team meeting tomorrow", "team"),
    ("en", "delete my haircut appt saturday", "haircut"),
    ("en", "lunch with sam is off, take it off my calendar", "sam"),
    ("en", "the book club event got canceled, remove it from my calendar", "book club"),
    ("en", "scrap the vet appointment on friday", "vet"),
]


@pytest.mark.parametrize(("lang", "text", "about"), CANCEL_EVENT)
def test_cancel_event(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "cancel_event"
    assert about in args.get("about", "").lower().replace("é", "e")


MOVE_EVENT = [
    ("fr", "décale la réunion d'équipe à jeudi 10h", "equipe", "jeudi 10h"),
    ("fr", "le rdv coiffeur passe à samedi 11h", "coiffeur", "samedi 11h"),
    ("fr", "repousse l'entretien à lundi 14h stp", "entretien", "lundi 14h"),
    ("fr", "le resto avec julie est reporté à vendredi 20h", "julie", "vendredi 20h"),
    ("fr", "avance le rdv chez le véto à 9h", "veto", "9h"),
    ("en", "move the team meeting to thursday 10am", "team", "thursday 10am"),
    ("en", "push my haircut appt to saturday 11am", "haircut", "saturday 11am"),
    ("en", "lunch with sam got moved to friday 1pm", "sam", "friday 1pm"),
    ("en", "the vet appointment is now at 4pm", "vet", "4pm"),
    ("en", "reschedule the dentist appt to next monday 9am", "dentist", "monday 9am"),
]


@pytest.mark.parametrize(("lang", "text", "about", "when"), MOVE_EVENT)
def test_move_event(lang: str, text: str, about: str, when: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "move_event"
    assert about in args.get("about", "").lower().replace("é", "e").replace("è", "e")
    assert when in args.get("when", "")


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fr", "décale mon rdv kiné"), ("fr", "faut bouger la réunion"), ("en", "reschedule my doctor appt")],
)
def test_move_without_a_time_asks_when(lang: str, text: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "move_event"
    assert not args.get("when")


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "non annule", "cancel_event"),
        ("fr", "oups efface le c'est pas le bon jour", "cancel_event"),
        ("fr", "en fait plutôt 18h", "move_event"),
        ("fr", "mets le plutôt à jeudi 9h", "move_event"),
        ("en", "cancel it", "cancel_event"),
        ("en", "oops delete that, wrong week", "cancel_event"),
        ("en", "no make it 6pm", "move_event"),
        ("en", "actually move it to friday 3pm", "move_event"),
    ],
)
def test_right_after_an_event_was_added(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang, last="add_event")[0] == tool


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "annule mon rdv chez le garagiste"),
        ("fr", "supprime la note sur le wifi"),
        ("fr", "retire la tarte aux pommes de mes favoris"),
        ("fr", "efface la dépense d'hier"),
        ("fr", "vire la tâche ranger le garage"),
        ("en", "delete the note about the wifi"),
        ("en", "remove the apple pie from my favourites"),
        ("en", "cancel my meeting with tom"),
        ("en", "drop the task clean the garage"),
        ("en", "delete yesterday's expense"),
    ],
)
def test_cancel_words_about_another_thing_are_not_a_reminder_cancel(lang: str, text: str) -> None:
    assert heard(text, lang)[0] != "cancel_reminder"


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("fr", "annule le rappel pour le loyer", "loyer"),
        ("fr", "plus besoin de me rappeler de boire", "boire"),
        ("fr", "supprime mon rappel piscine stp", "piscine"),
        ("fr", "la réunion est annulée, enlève le rappel", "reunion"),
        ("fr", "arrête de me rappeler les vitamines", "vitamines"),
        ("en", "cancel the rent reminder", "rent"),
        ("en", "no need to remind me about the gym anymore", "gym"),
        ("en", "i dont need the water reminder anymore", "water"),
        ("en", "lunch got cancelled, delete the reminder", "lunch"),
        ("en", "stop reminding me to stretch", "stretch"),
    ],
)
def test_real_reminder_cancellations_stay(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "cancel_reminder"
    assert about in args.get("about", "").lower().replace("é", "e")


@pytest.mark.parametrize(
    ("lang", "text", "just_set", "about"),
    [
        ("fr", "annule celui de la pharmacie", ["appeler maman", "passer à la pharmacie"], "pharmacie"),
        ("en", "cancel the pharmacy one", ["call mom", "stop by the pharmacy"], "pharmacy"),
    ],
)
def test_cancel_one_just_set_by_name(lang: str, text: str, just_set: list[str], about: str) -> None:
    tool, args = heard(text, lang, last="create_reminder", just_set=just_set)
    assert tool == "cancel_reminder"
    assert args.get("about") == about


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "set a daily limit of 5 texts"),
        ("en", "my weekly budget review"),
        ("en", "we moved to chicago now"),
        ("en", "we ate the chili last night, great recipe"),
        ("fr", "bilan hebdomadaire de mes objectifs"),
        ("fr", "on a mangé la quiche hier soir, j'ai suivi la recette"),
        ("en", "remind me how to make pancakes"),
        ("fr", "rappelle-moi comment on fait la pâte à crêpes"),
    ],
)
def test_a_bare_time_word_or_a_how_to_is_no_reminder(lang: str, text: str) -> None:
    assert heard(text, lang)[0] != "create_reminder"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "faire les courses samedi 10h"),
        ("fr", "appeler le plombier demain 9h"),
        ("en", "take my meds daily at 8am"),
        ("en", "call grandma tomorrow at 5pm"),
        ("fr", "rappelle-moi demain de demander comment va Léa"),
    ],
)
def test_real_reminders_stay(lang: str, text: str) -> None:
    assert heard(text, lang)[0] == "create_reminder"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "tu dois me rappeler quoi demain ?"),
        ("fr", "qu'est-ce que tu vas me rappeler ce soir"),
        ("fr", "mes rapels"),
        ("fr", "g 1 rappel pr la banque ?"),
        ("en", "what are you gonna remind me about tomorrow"),
        ("en", "did u set a reminder for the vet?"),
        ("en", "do i hv a reminder 4 the gym"),
        ("en", "do i have any reminders set for tomorrow"),
    ],
)
def test_questions_about_reminders(lang: str, text: str) -> None:
    assert heard(text, lang)[0] == "list_reminders"


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "c quoi mon rdv demain", "list_events"),
        ("fr", "c koi mon rdv demain", "list_events"),
        ("fr", "c'est quoi mon rdv demain", "list_events"),
        ("fr", "c'est quand mon rdv chez le dentiste", "list_events"),
        ("fr", "quoi de prévu demain ?", "plan_day"),
        ("fr", "qu'est-ce qui est prévu vendredi", "plan_day"),
        ("en", "whats on tmrw", "list_events"),
        ("en", "what is my appointment tomorrow", "list_events"),
        ("en", "is my meeting at 3?", "list_events"),  # a "?" right after a word is a question too
    ],
)
def test_a_question_about_appointments_is_answered_never_added(lang: str, text: str, tool: str) -> None:
    """Found with `make dev`: "c quoi mon rdv demain" became a reminder named "c quoi mon rdv"."""
    assert heard(text, lang)[0] == tool


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "when's my haircut", "haircut"),
        ("en", "whens my dentist appt?", "dentist"),
        ("en", "when is the meeting with sam again", "meeting with sam"),
        ("fr", "c'est quand le coiffeur ?", "coiffeur"),
        ("fr", "c'est quand mon rdv chez le kiné", "kiné"),
        ("fr", "le dentiste c'est quand déjà", "dentiste"),
    ],
)
def test_when_is_an_appointment_asks_the_calendar_about_it(lang: str, text: str, about: str) -> None:
    assert heard(text, lang) == ("list_events", {"about": about})


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("en", "when is my reminder for the bank", "list_reminders"),
        ("en", "when is my sisters bday", "recall"),
        ("fr", "c'est quand mon rappel pour la banque", "list_reminders"),
    ],
)
def test_when_is_a_reminder_or_a_birthday_is_not_the_calendar(lang: str, text: str, tool: str) -> None:
    assert heard(text, lang)[0] == tool
