"""The offline brain on everyday SMS: items joined by "n", "&", "+", "puis", "/" (not inside names such as "mac n
cheese"), budgets said every way ("set a 200 budget for groceries"), and a thing moved to a new time ("décale le
dentiste à jeudi 15h": the event; "push the laundry to tmrw": the reminder; never a new reminder "décale …")."""

from __future__ import annotations

import pytest

from tests.unit.brains.hearing import first_call, heard_after


# --- lists ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "add eggs, milk n bread to the list", ["eggs", "milk", "bread"]),
        ("en", "add eggs,milk n bread to the list", ["eggs", "milk", "bread"]),
        ("en", "add milk n bread to the list", ["milk", "bread"]),
        ("en", "need eggs, milk, bread n butter", ["eggs", "milk", "bread", "butter"]),
        ("en", "add apples 'n' oranges", ["apples", "oranges"]),
        ("en", "add eggs/bread/milk to the list", ["eggs", "bread", "milk"]),
        ("en", "add eggs & bread to the list", ["eggs", "bread"]),
        ("en", "add 2 eggs, milk n 1 bread to the list", ["eggs", "milk", "bread"]),
        ("fr", "ajoute oeufs, lait puis pain a la liste", ["oeufs", "lait", "pain"]),
        ("fr", "ajoute lait/oeufs/farine à la liste", ["lait", "oeufs", "farine"]),
        ("fr", "ajoute lait n oeufs à la liste", ["lait", "oeufs"]),
        ("fr", "mets des oeufs, du lait & du beurre sur la liste", ["oeufs", "lait", "beurre"]),
        # names that hold a linking word stay whole
        ("en", "add mac n cheese to the list", ["mac n cheese"]),
        ("en", "add m&m's to the list", ["m&m's"]),
        ("en", "add fish and chips to the list", ["fish and chips"]),
        ("en", "add half and half and eggs to the list", ["half and half", "eggs"]),
        ("en", "add eggs, mac and cheese and milk to the list", ["eggs", "mac and cheese", "milk"]),
        ("fr", "ajoute du pain au chocolat et du lait à la liste", ["pain au chocolat", "lait"]),
        ("en", "add 1/2 lb of ham to the list", ["ham"]),
    ],
)
def test_items_joined_every_way(lang: str, text: str, names: list[str]) -> None:
    tool, args = first_call(lang, text)
    assert tool == "add_groceries"
    assert [i["name"] for i in args["items"]] == names


def test_bought_items_joined_by_n() -> None:
    assert first_call("en", "got milk n bread") == ("mark_bought", {"items": ["milk", "bread"]})


# --- budgets -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "category", "amount"),
    [
        ("en", "set a 200 budget for groceries", "groceries", "200.00"),
        ("en", "set budget 200 groceries", "groceries", "200.00"),
        ("en", "budget of 300 for food", "food", "300.00"),
        ("en", "my grocery budget is 400 a month", "grocery", "400.00"),
        ("en", "200 max for restaurants per month", "restaurants", "200.00"),
        ("en", "i want to spend max 100 on clothes a month", "clothes", "100.00"),
        ("en", "max 50 a month on coffee", "coffee", "50.00"),
        ("en", "keep me under 200 for groceries this month", "groceries", "200.00"),
        ("fr", "mets un budget de 100 pour les sorties", "sorties", "100.00"),
        ("fr", "je veux pas dépasser 250 en courses par mois", "courses", "250.00"),
        ("fr", "je veux pas depenser plus de 150 en resto par mois", "resto", "150.00"),
        ("fr", "pas plus de 80 balles de sorties par mois", "sorties", "80.00"),
        ("fr", "budget de 300 pr la bouffe", "bouffe", "300.00"),
        ("fr", "max 200 pour les courses par mois", "courses", "200.00"),
        ("fr", "je me fixe 200 max pour les courses", "courses", "200.00"),
    ],
)
def test_budgets_said_every_way(lang: str, text: str, category: str, amount: str) -> None:
    tool, args = first_call(lang, text)
    assert tool == "set_budget"
    assert (args["category"], args["amount"]) == (category, amount)


@pytest.mark.parametrize(
    ("lang", "text", "tool"),
    [
        ("fr", "déjeuner avec Max 25€", "add_expense"),
        ("en", "lunch with max 12", "add_expense"),
        ("fr", "pas plus de 3 messages par jour stp", "set_daily_cap"),
        ("fr", "limite les messages a 10 par jour", "set_daily_cap"),
        ("en", "limit daily texts to 6", "set_daily_cap"),
    ],
)
def test_not_budgets(lang: str, text: str, tool: str) -> None:
    assert first_call(lang, text)[0] == tool


# --- moves ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("fr", "décale le dentiste à jeudi 15h", "dentiste"),
        ("fr", "decale le dentiste a jeudi 15h", "dentiste"),
        ("fr", "tu peux décaler le coiffeur à samedi", "coiffeur"),
        ("fr", "change le dentiste pour jeudi 15h", "dentiste"),
        ("fr", "déplace le coiffeur à samedi 10h", "coiffeur"),
        ("en", "push the dentist to thursday 3pm", "dentist"),
        ("en", "can u push the dentist to thurs 3pm", "dentist"),
        ("en", "reschedule the doctor to next monday 9am", "doctor"),
        ("en", "move the haircut to sat 11am", "haircut"),
        ("en", "push back the vet to next week", "vet"),
    ],
)
def test_moving_an_appointment(lang: str, text: str, about: str) -> None:
    tool, args = first_call(lang, text)
    assert tool == "move_event"
    assert args["about"] == about
    assert args["when"]


@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("fr", "décale l'appel à maman à 19h", "appel à maman"),
        ("fr", "repousse les poubelles à demain 20h", "poubelles"),
        ("fr", "décale appeler la banque à 16h", "appeler la banque"),
        ("en", "push the laundry to tomorrow 10am", "laundry"),
        ("en", "bump the call with mom to 7pm", "call with mom"),
        ("en", "move bank to 4pm", "bank"),
        ("en", "move pick up the kids to 4pm", "pick up the kids"),
    ],
)
def test_moving_a_reminder(lang: str, text: str, about: str) -> None:
    tool, args = first_call(lang, text)
    assert tool == "move_reminder"
    assert args["about"] == about
    assert args["when"]


def test_a_move_verb_alone_with_a_time_is_no_new_reminder() -> None:
    tool, args = first_call("fr", "décale à jeudi 9h")
    assert tool == "move_reminder"
    assert "about" not in args


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "move the car at 8am"),
        ("fr", "déplace la voiture demain 8h"),
        ("en", "push the bins out at 7pm"),
        ("en", "change the sheets tomorrow"),
        ("fr", "change les draps samedi"),
        ("fr", "avance sur le dossier demain matin"),
        ("fr", "passe chez le coiffeur demain 15h"),
        ("en", "dentist tomorrow 3pm"),
    ],
)
def test_things_to_do_stay_reminders(lang: str, text: str) -> None:
    assert first_call(lang, text)[0] == "create_reminder"


@pytest.mark.parametrize(
    ("lang", "text", "just_set", "about"),
    [
        ("fr", "décale le dentiste à vendredi 11h", "faut que j'appelle l'école", "dentiste"),
        ("en", "push the laundry to tmrw 6pm", "call the bank", "laundry"),
    ],
)
def test_a_move_naming_another_thing_is_not_a_correction_of_the_one_just_set(
    lang: str, text: str, just_set: str, about: str
) -> None:
    found = heard_after(lang, text, just_set=just_set)
    assert found.calls and found.calls[0].args.get("about") == about, found


@pytest.mark.parametrize(("lang", "text"), [("fr", "décale à vendredi 11h"), ("en", "actually make it 6pm")])
def test_a_move_naming_nothing_corrects_the_one_just_set(lang: str, text: str) -> None:
    found = heard_after(lang, text, just_set="appeler la banque")
    assert [c.name for c in found.calls] == ["move_reminder"] and "about" not in found.calls[0].args
