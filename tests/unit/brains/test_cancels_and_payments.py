"""The offline brain on everyday SMS: a planned thing called off ("cancel the dentist", "laisse tomber le rdv chez
le coiffeur", "pas de sport ce soir finalement") is the event's cancel for an appointment, else the reminder's, and
never a grocery item nor a new reminder; money paid ("i paid 40 for groceries this month") is an expense, never a
grocery; "i don't need milk anymore" takes "milk" off the list, not "milk anymore"."""

from __future__ import annotations

import pytest

from shared.groceries import quantity as q
from tests.unit.brains.hearing import first_call


# --- cancels -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "cancel the dentist", "dentist"),
        ("en", "cancel my haircut tmrw", "haircut"),
        ("en", "call off dinner w sam", "dinner sam"),
        ("en", "nvm the dentist", "dentist"),
        ("en", "nevermind the dentist tmrw", "dentist"),
        ("en", "forget about the meeting", "meeting"),
        ("en", "ditch the party saturday", "party"),
        ("en", "no dinner w sam tmrw after all", "dinner sam"),
        ("en", "the dentist got cancelled", "dentist"),
        ("fr", "laisse tomber le dentiste", "dentiste"),
        ("fr", "laisse tomber le rdv chez le coiffeur", "coiffeur"),
        ("fr", "annule le dentiste", "dentiste"),
        ("fr", "jannule le coiffeur demain", "coiffeur"),
        ("fr", "on annule le resto", "resto"),
        ("fr", "oublie le rdv du medecin", "medecin"),
        ("fr", "zappe le yoga de ce soir", "yoga"),
        ("fr", "pas de resto demain finalement", "resto"),
        ("fr", "le coiffeur est annulé", "coiffeur"),
    ],
)
def test_an_appointment_called_off_is_the_events_cancel(lang: str, text: str, about: str) -> None:
    assert first_call(lang, text) == ("cancel_event", {"about": about})


def test_an_appointment_called_off_by_its_day_asks_which() -> None:
    assert first_call("fr", "annule mon rdv de jeudi") == ("cancel_event", {})


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "scrap the gym thing", "gym"),
        ("en", "cancel the plumber", "plumber"),
        ("en", "cancel my call with mom", "call with mom"),
        ("en", "skip the gym today", "gym"),
        ("en", "no gym tonight", "gym"),
        ("fr", "pas de sport ce soir finalement", "sport"),
        ("fr", "laisse tomber l'appel a maman", "appel a maman"),
    ],
)
def test_another_thing_called_off_is_the_reminders_cancel(lang: str, text: str, about: str) -> None:
    assert first_call(lang, text) == ("cancel_reminder", {"about": about})


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        # "forget" / "oublie" is also the memory's verb, and a list's: only an event makes it a cancel
        ("en", "forget the gate code", "forget"),
        ("fr", "oublie le digicode", "forget"),
        ("en", "forget the flour for the groceries", "remove_grocery"),
        ("en", "forget the reminder for the dentist", "cancel_reminder"),
        ("fr", "oublie le rappel pour le dentiste", "cancel_reminder"),
        # a negated "oublie" asks for a reminder
        ("fr", "oublie pas le rdv demain 15h", "create_reminder"),
        ("en", "don't forget the dentist tomorrow", "create_reminder"),
        # a "no …" that is no plan called off
        ("fr", "pas de sms entre 22h et 7h", "set_quiet_hours"),
        ("en", "no texts between 10pm and 7am", "set_quiet_hours"),
        ("en", "cancel the 1 about the school lunch", "cancel_reminder"),
        ("fr", "laisse tomber le truc du garage, je le ferai pas", "drop_task"),
    ],
)
def test_cancel_words_of_other_domains_stay_theirs(lang: str, text: str, tool: str) -> None:
    assert first_call(lang, text)[0] == tool


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "cancel the dentist"),
        ("en", "nvm the dentist"),
        ("en", "cancel the plumber"),
        ("en", "forget about the meeting"),
        ("fr", "laisse tomber le rdv chez le coiffeur"),
        ("fr", "pas de sport ce soir finalement"),
        ("en", "i paid 40 for groceries this month"),
        ("fr", "j'ai payé 30 pour les courses"),
    ],
)
def test_never_a_grocery_nor_a_new_reminder(lang: str, text: str) -> None:
    assert first_call(lang, text)[0] not in {"add_groceries", "mark_bought", "remove_grocery", "create_reminder"}


def test_an_english_the_is_no_tea() -> None:
    assert q.aisle("cancel the dentist") is None
    assert q.aisle("the") == q.aisle("thé") is not None
    assert q.aisle("sachets de thé") is not None


# --- money paid ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "amount", "description"),
    [
        ("en", "i paid 40 for groceries this month", "40.00", "groceries"),
        ("en", "paid 40 for groceries", "40.00", "groceries"),
        ("en", "spent 12 on lunch", "12.00", "lunch"),
        ("en", "dropped 60 at the grocery store", "60.00", "grocery store"),
        ("en", "i spent 80 on groceries this week", "80.00", "groceries"),
        ("en", "bought milk and eggs for 12", "12.00", "milk and eggs"),
        ("en", "groceries were 63 this week", "63.00", "groceries"),
        ("en", "paid 5 for milk", "5.00", "milk"),
        ("fr", "j'ai claqué 50 balles en courses", "50.00", "courses"),
        ("fr", "courses 45€", "45.00", "courses"),
        ("fr", "j'ai payé 30 pour les courses", "30.00", "courses"),
        ("fr", "j'ai dépensé 45 en courses cette semaine", "45.00", "courses"),
        ("fr", "les courses m'ont coûté 70", "70.00", "courses"),
    ],
)
def test_money_paid_is_an_expense(lang: str, text: str, amount: str, description: str) -> None:
    tool, args = first_call(lang, text)
    assert tool == "add_expense"
    assert (args["amount"], args["description"]) == (amount, description)


def test_groceries_still_bought_and_added_with_numbers() -> None:
    assert first_call("en", "got 2 milk") == ("mark_bought", {"items": ["milk"]})
    assert first_call("fr", "ajoute 6 oeufs")[0] == "add_groceries"


# --- "anymore" ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "i don't need milk anymore", "milk"),
        ("en", "i dont need the milk anymore", "milk"),
        ("en", "dont need eggs no more", "eggs"),
        ("en", "we dont need butter any more", "butter"),
        ("en", "no need for bread anymore", "bread"),
        ("en", "don't need the cheese after all", "cheese"),
        ("en", "no longer need bananas", "bananas"),
        ("fr", "plus besoin du beurre finalement", "beurre"),
        ("fr", "pas besoin de farine finalement", "farine"),
        ("fr", "on a plus besoin des oeufs", "oeufs"),
    ],
)
def test_anymore_is_not_part_of_the_item(lang: str, text: str, about: str) -> None:
    assert first_call(lang, text) == ("remove_grocery", {"about": about})


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("fr", "arrête de me rappeler pour le traitement", "traitement"),
        ("fr", "arrete de me rappeler le traitement", "traitement"),
        ("en", "stop reminding me about meds", "meds"),
    ],
)
def test_stop_reminding_me_names_the_reminder_not_the_verb(lang: str, text: str, about: str) -> None:
    assert first_call(lang, text) == ("cancel_reminder", {"about": about})
