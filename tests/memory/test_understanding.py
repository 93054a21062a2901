"""The offline brain on everyday ways of telling, asking about and forgetting facts (not the corpus sentences):
the memory tool wins, with the person's words in its arguments; and ordinary messages that only look like
facts (a mood, a reminder, a list, a place) are left to their own domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from shared.agent.brain import Situation
from shared.agent.state import Last, Pending, State
from shared.brains.offline._lexicon import fold
from shared.brains.offline.engine import understand

ZONES = {"fr": "Europe/Paris", "en": "America/New_York"}


def heard(text: str, lang: str, state: State | None = None) -> tuple[str, dict[str, Any]]:
    said = datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo(ZONES[lang]))
    situation = Situation(
        text=text,
        lang=lang,  # type: ignore[arg-type]
        said=said,
        state=state or State(),
        person_language=lang,  # type: ignore[arg-type]
        timezone=ZONES[lang],
    )
    choice = understand(situation)
    if not choice.calls:
        return choice.intent, {}
    return choice.calls[0].name, dict(choice.calls[0].args)


# (lang, text, words the stored content keeps, category)
FACTS = [
    ("fr", "mon kiné c'est Julien Moreau", "julien moreau", "person"),
    ("fr", "finalement ma psy c'est la Dr Benali", "dr benali", "person"),
    ("fr", "la maîtresse de Léo s'appelle Mme Girard", "mme girard", "person"),
    ("fr", "Karim c'est mon nouveau voisin", "karim", "person"),
    ("fr", "le code de la porte de mamie c'est 4417A", "4417a", "code"),
    ("fr", "au fait le mdp wifi c'est soleil2024", "soleil2024", "code"),
    ("fr", "le double des clés est chez Nadia", "chez nadia", "place"),
    ("fr", "j'ai rangé les papiers de la voiture dans la boîte à gants", "boite a gants", "place"),
    ("fr", "ma carte vitale est dans le tiroir du bureau", "tiroir du bureau", "place"),
    ("fr", "Inès adore les pivoines", "pivoines", "preference"),
    ("fr", "mon frère ne mange pas de porc", "porc", "preference"),
    ("fr", "jsuis allergique à la pénicilline", "penicilline", "health"),
    ("fr", "l'anniversaire de Chloé c'est le 14 juillet", "14 juillet", "birthday"),
    ("fr", "papa est né le 2 février 1958", "2 fevrier", "birthday"),
    ("fr", "ma pointure c'est 39", "39", "fact"),
    ("en", "my therapist is Dr. Alvarez", "alvarez", "person"),
    ("en", "our landlord's name is Mike Chen", "mike chen", "person"),
    ("en", "Priya is my new manager", "priya", "person"),
    ("en", "the garage code is 7731", "7731", "code"),
    ("en", "fyi grandma's wifi password is bluebird99", "bluebird99", "code"),
    ("en", "the spare car key is in the blue bowl", "blue bowl", "place"),
    ("en", "i left my passport in the safe", "safe", "place"),
    ("en", "Jake can't stand mushrooms", "mushrooms", "preference"),
    ("en", "my sister is vegan", "vegan", "preference"),
    ("en", "im lactose intolerant", "lactose", "health"),
    ("en", "dad's bday is oct 12", "oct 12", "birthday"),
    ("en", "my shoe size is 10.5", "10.5", "fact"),
]


@pytest.mark.parametrize(("lang", "text", "kept", "category"), FACTS)
def test_facts_said_in_passing_are_kept(lang: str, text: str, kept: str, category: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "remember", (text, tool, args)
    assert kept in fold(args["content"]), (text, args)
    assert args.get("category") in (category, "preference" if category == "health" else category), (text, args)


EXPLICIT = [
    ("fr", "souviens toi que Marc boit pas d'alcool", "marc boit pas d'alcool"),
    ("fr", "souviens-toi bien : la place de parking c'est la 112", "parking c'est la 112"),
    ("fr", "garde en mémoire que la voisine garde le chat en août", "la voisine garde le chat en aout"),
    ("fr", "mémorise : le vélo de Tom a un antivol à code 3321", "antivol a code 3321"),
    ("fr", "rappelle-toi que je suis végétarienne", "je suis vegetarienne"),
    ("fr", "retiens bien : le plombier passe par la cour", "le plombier passe par la cour"),
    ("en", "keep in mind that Ana doesn't drive", "ana doesn't drive"),
    ("en", "remember: the recycling goes out on thursdays night", "recycling goes out"),
    ("en", "remember my locker combo is 12-34-56", "locker combo is 12-34-56"),
    ("en", "pls remember Tom is gluten free", "tom is gluten free"),
    ("en", "memorize this: the bike lock is 4490", "bike lock is 4490"),
    ("en", "save this to your memory: ben's flight lands at JFK terminal 4", "ben's flight lands"),
]


@pytest.mark.parametrize(("lang", "text", "kept"), EXPLICIT)
def test_explicit_requests_to_remember(lang: str, text: str, kept: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "remember", (text, tool, args)
    assert kept in fold(args["content"]), (text, args)
    assert not fold(args["content"]).startswith(("souviens", "remember", "keep", "garde", "memori"))


RECALLS = [
    ("fr", "c koi le code de la porte de mamie", ["code", "mamie"]),
    ("fr", "c'était quoi déjà le mot de passe du wifi ?", ["mot", "wifi"]),
    ("fr", "rappelle moi le code du garage stp", ["code", "garage"]),
    ("fr", "c'est qui déjà le kiné de Léo ?", ["kine", "leo"]),
    ("fr", "comment s'appelle ma psy ?", ["psy"]),
    ("fr", "où j'ai mis les papiers de la voiture ?", ["papiers", "voiture"]),
    ("fr", "ma carte vitale est où ?", ["carte vitale"]),
    ("fr", "c'est quand l'anniv de Chloé ?", ["anniv", "chloe"]),
    ("fr", "qu'est-ce qu'Inès aime déjà ?", ["ines"]),
    ("fr", "tu te rappelles de la pointure de Tom ?", ["pointure", "tom"]),
    ("fr", "qu'est-ce que tu sais sur Karim ?", ["karim"]),
    ("en", "whats grandma's wifi password", ["wifi", "grandma"]),
    ("en", "what was the garage code again?", ["garage", "code"]),
    ("en", "who's our landlord", ["landlord"]),
    ("en", "what's my therapist's name?", ["therapist"]),
    ("en", "where did i put my passport", ["passport"]),
    ("en", "where's the spare key?", ["spare key"]),
    ("en", "when is dad's birthday", ["dad", "birthday"]),
    ("en", "what is Jake allergic to?", ["jake"]),
    ("en", "do you remember my shoe size?", ["shoe size"]),
    ("en", "what do u know abt Priya", ["priya"]),
    ("en", "remind me what the door code is", ["door code"]),
]


@pytest.mark.parametrize(("lang", "text", "words"), RECALLS)
def test_questions_about_facts_go_to_recall(lang: str, text: str, words: list[str]) -> None:
    tool, args = heard(text, lang)
    assert tool == "recall", (text, tool, args)
    for word in words:
        assert word in fold(args["query"]), (text, args)


ABOUT_ME = [
    ("fr", "qu'est ce que tu sais sur moi"),
    ("fr", "tu sais quoi de moi ?"),
    ("fr", "t'as retenu quoi sur moi"),
    ("fr", "montre moi ta mémoire"),
    ("fr", "c quoi tout ce que tu sais sur moi"),
    ("fr", "qu'est-ce que t'as retenu ?"),
    ("en", "what do you know about me?"),
    ("en", "wat do u remember about me"),
    ("en", "what have i told you so far?"),
    ("en", "show me my memories"),
    ("en", "what's in your memory"),
    ("en", "what do you know"),
]


@pytest.mark.parametrize(("lang", "text"), ABOUT_ME)
def test_what_do_you_know_about_me(lang: str, text: str) -> None:
    tool, _args = heard(text, lang)
    assert tool == "about_me", (text, tool)


FORGETS = [
    ("fr", "oublie le code de la porte de mamie", "code porte mamie"),
    ("fr", "oublie ce que je t'ai dit sur Karim", "karim"),
    ("fr", "efface le mot de passe wifi de ta mémoire", "mot passe wifi"),
    ("fr", "tu peux oublier mon groupe sanguin", "groupe sanguin"),
    ("fr", "supprime le souvenir sur la voisine", "voisine"),
    ("fr", "oublie tout ce que tu sais sur mon ex", "ex"),
    ("en", "forget the garage code", "garage code"),
    ("en", "forget what i told you about Jake", "jake"),
    ("en", "delete the memory about my therapist", "therapist"),
    ("en", "pls forget my locker combination", "locker combination"),
    ("en", "erase grandma's wifi password from your memory", "wifi password"),
    ("en", "forget everything you know about Priya", "priya"),
]


@pytest.mark.parametrize(("lang", "text", "about"), FORGETS)
def test_forgetting(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "forget", (text, tool, args)
    assert about in fold(args["about"]), (text, args)


NOT_MEMORY = [
    ("fr", "je déteste ma vie"),
    ("fr", "mon patron est chiant"),
    ("fr", "ma soeur est malade"),
    ("fr", "le rdv chez le dentiste est à 15h demain"),
    ("fr", "oublie pas le pain"),
    ("fr", "oublie le rappel du dentiste"),
    ("fr", "j'ai mis 20€ d'essence dans la voiture"),
    ("fr", "je préfère le français"),
    ("fr", "c quoi ce numéro"),
    ("fr", "j'adore cette recette"),
    ("fr", "mets les clés sur la liste de courses"),
    ("en", "i hate myself"),
    ("en", "i love you"),
    ("en", "my boss is so annoying"),
    ("en", "who is the president"),
    ("en", "where is the pharmacy"),
    ("en", "dont forget the milk tmrw"),
    ("en", "remember to call mom at 5"),
    ("en", "my kid is at school"),
    ("en", "whats the address of my dentist"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_MEMORY)
def test_look_alikes_are_not_memories(lang: str, text: str) -> None:
    tool, args = heard(text, lang)
    assert tool not in {"remember", "recall", "about_me", "forget"}, (text, tool, args)


def test_forget_that_right_after_remembering() -> None:
    ref = str(uuid.uuid4())
    for lang, text in (("fr", "oublie ça"), ("en", "forget that")):
        tool, args = heard(text, lang, State(last=Last(tool="remember", refs=[ref])))
        assert (tool, args.get("memory_id")) == ("forget", ref), text


def test_which_one_to_forget_is_answered_by_its_number() -> None:
    options = [str(uuid.uuid4()) for _ in range(3)]
    state = State(pending=Pending(tool="forget", args={"about": "code"}, missing="memory_id", options=options))
    tool, args = heard("le 2", "fr", state)
    assert (tool, args.get("memory_id")) == ("forget", options[1])
    tool, args = heard("the third one", "en", state)
    assert (tool, args.get("memory_id")) == ("forget", options[2])


def test_what_to_remember_is_answered_by_the_fact() -> None:
    state = State(pending=Pending(tool="remember", args={"content": ""}, missing="content"))
    tool, args = heard("le code du portail c'est 2580", "fr", state)
    assert tool == "remember" and "2580" in args["content"]


# --- issue 12 corpus causes: other phrasings of each (written before the fixes were checked against them) --------
# Facts said in passing, with the rest of the sentence going on after the name / value.
PASSING = [
    ("fr", "mon coiffeur s'appelle Kevin, il est top", "kevin"),
    ("fr", "la directrice de l'école elle s'appelle mme Petit", "petit"),
    ("fr", "mon kiné c'est Julien à Lyon 3", "julien"),
    ("fr", "Manon c ma coloc", "manon"),
    ("fr", "Bastien c'est mon coloc depuis mars", "bastien"),
    ("fr", "je digère pas le gluten", "gluten"),
    ("fr", "jsupporte pas les fruits de mer", "fruits de mer"),
    ("fr", "passeport dans le tiroir de la commode", "tiroir"),
    ("fr", "le code du portail c'est 1938 au cas où j'oublie", "1938"),
    ("fr", "au fait ma psy s'appelle Claire Dubois et elle consulte le jeudi", "claire dubois"),
    ("en", "my landlord is called Pete btw", "pete"),
    ("en", "my son's coach is mr. harris, super nice guy", "harris"),
    ("en", "my dentist is dr. kim, she's great", "kim"),
    ("en", "keys are in the blue bowl by the door", "blue bowl"),
    ("en", "wallet's in the glovebox", "glovebox"),
    ("en", "the gate code at grandma's place is 4471 just so u know", "4471"),
    ("en", "i can't tolerate dairy", "dairy"),
    ("en", "Leo is my roommate", "leo"),
    ("en", "my sister's name is Ana lol", "ana"),
    ("en", "my therapist goes by Sam", "sam"),
]


@pytest.mark.parametrize(("lang", "text", "kept"), PASSING)
def test_facts_with_the_sentence_going_on(lang: str, text: str, kept: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "remember", (text, tool, args)
    assert kept in fold(args["content"]), (text, args)


# Questions without "?" in front: a question word or "déjà / again" makes it a question, never a fact.
ASKED_NOT_TOLD = [
    ("fr", "je suis intolérant à quoi déjà", "intolerant"),
    ("fr", "lea elle déteste quoi deja", "lea"),
    ("fr", "mon frère il mange pas quoi déjà", "frere"),
    ("fr", "il est où mon passeport", "passeport"),
    ("fr", "elles sont où les clés de la voiture", "cles"),
    ("fr", "ils sont ou mes papiers", "papiers"),
    ("fr", "comment elle s'appelle ma voisine", "voisine"),
    ("fr", "il s'appelle comment le kiné de Léo", "kine"),
    ("fr", "c'est quoi le nom de mon proprio", "proprio"),
    ("fr", "qu'est-ce que je t'avais dit sur Karim ?", "karim"),
    ("en", "what am i intolerant to", "intolerant"),
    ("en", "what's my landlord called again", "landlord"),
    ("en", "what can't jake eat", "jake"),
    ("en", "where'd i put my car keys", "car keys"),
    ("en", "what did i say about Priya", "priya"),
    ("en", "who's my kid's dentist again", "dentist"),
]


@pytest.mark.parametrize(("lang", "text", "word"), ASKED_NOT_TOLD)
def test_questions_without_a_question_mark_recall(lang: str, text: str, word: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "recall", (text, tool, args)
    assert word in fold(args["query"]), (text, args)


ABOUT_ME_MORE = [
    ("fr", "liste tout ce que tu sais sur moi"),
    ("fr", "montre moi mes souvenirs"),
    ("fr", "qu'est-ce que t'as gardé sur moi"),
    ("fr", "t'as noté quoi sur moi ?"),
    ("fr", "tu te rappelles quoi me concernant"),
    ("fr", "c quoi les infos que t'as sur moi"),
    ("fr", "tu me connais bien ?"),
    ("en", "list everything you know about me"),
    ("en", "what have i told you about me"),
    ("en", "what info have you saved about me"),
    ("en", "how much do you know about myself"),
    ("en", "do you really know me?"),
]


@pytest.mark.parametrize(("lang", "text"), ABOUT_ME_MORE)
def test_about_me_other_wordings(lang: str, text: str) -> None:
    tool, _args = heard(text, lang)
    assert tool == "about_me", (text, tool)


FORGET_MORE = [
    ("fr", "efface le digicode de chez Léa", "digicode"),
    ("fr", "supprime le code wifi de la maison", "wifi"),
    ("fr", "oublie que Sam déteste la coriandre", "coriandre"),
    ("fr", "oublie que j'ai un chat, c'est faux", "chat"),
    ("fr", "je veux pas que tu te souviennes de mon adresse", "adresse"),
    ("fr", "arrête de te souvenir de mon ancien boulot", "boulot"),
    ("fr", "tu peux oublier le prénom de la nounou ?", "nounou"),
    ("en", "delete the door code for the office", "door code"),
    ("en", "forget that my sister is vegan", "vegan"),
    ("en", "forget that i'm allergic to shellfish, not true", "shellfish"),
    ("en", "i dont want you to remember my old job", "job"),
    ("en", "pls forget my neighbor's name", "neighbor"),
]


@pytest.mark.parametrize(("lang", "text", "about"), FORGET_MORE)
def test_forget_other_wordings(lang: str, text: str, about: str) -> None:
    tool, args = heard(text, lang)
    assert tool == "forget", (text, tool, args)
    assert about in fold(args["about"]), (text, args)


UNDO_LAST = [
    ("fr", "oublie ça"),
    ("fr", "non efface ça"),
    ("fr", "attends oublie, c'était pas le bon"),
    ("fr", "oublie ça je me suis trompée"),
    ("fr", "supprime ça c'est une erreur"),
    ("fr", "en fait efface, j'ai dit n'importe quoi"),
    ("en", "forget it"),
    ("en", "delete that, wrong number"),
    ("en", "oops forget that, my bad"),
    ("en", "nah erase it i was wrong"),
    ("en", "forget that, typo"),
]


@pytest.mark.parametrize(("lang", "text"), UNDO_LAST)
def test_forget_the_last_fact_right_after_keeping_it(lang: str, text: str) -> None:
    tool, args = heard(text, lang, State(last=Last(tool="remember", refs=[])))
    assert tool == "forget", (text, tool, args)
    assert not args.get("about"), (text, args)
    ref = str(uuid.uuid4())
    tool, args = heard(text, lang, State(last=Last(tool="remember", refs=[ref])))
    assert (tool, args.get("memory_id")) == ("forget", ref), text


MUST_ASK = [
    ("fr", "souviens toi de ça", "remember", "content"),
    ("fr", "souviens-toi de quelque chose", "remember", "content"),
    ("fr", "rappelle-toi de ça stp", "remember", "content"),
    ("fr", "oublie quelque chose que je t'ai dit", "forget", "about"),
    ("fr", "efface un truc stp", "forget", "about"),
    ("fr", "oublie une chose que je t'avais dit", "forget", "about"),
    ("en", "remember this", "remember", "content"),
    ("en", "pls remember this", "remember", "content"),
    ("en", "remember that", "remember", "content"),
    ("en", "forget something", "forget", "about"),
    ("en", "delete a memory", "forget", "about"),
    ("en", "forget one thing i told u", "forget", "about"),
]


@pytest.mark.parametrize(("lang", "text", "tool_name", "missing"), MUST_ASK)
def test_nothing_named_means_a_question(lang: str, text: str, tool_name: str, missing: str) -> None:
    tool, args = heard(text, lang)
    assert tool == tool_name, (text, tool, args)
    assert not args.get(missing), (text, args)


LOOK_ALIKES_MORE = [
    ("fr", "oublie ça"),  # nothing was just kept: a plain "drop it"
    ("fr", "efface le rappel du code de la porte"),
    ("fr", "il est où le cabinet du dentiste"),
    ("fr", "liste mes courses"),
    ("fr", "mon boss est chiant, il me saoule"),
    ("fr", "je supporte pas mon boulot"),
    ("en", "forget it"),
    ("en", "list my reminders"),
    ("en", "where's the closest pharmacy"),
    ("en", "remember to water the plants tonight"),
    ("en", "my boss is on vacation"),
]


@pytest.mark.parametrize(("lang", "text"), LOOK_ALIKES_MORE)
def test_more_look_alikes_are_not_memories(lang: str, text: str) -> None:
    tool, args = heard(text, lang)
    assert tool not in {"remember", "recall", "about_me", "forget"}, (text, tool, args)


# Found using `make dev`: right after a reminder was set, "forget that …" naming a fact cancelled that reminder,
# and "remember that Sam hates cilantro" (the issue's own example) became a note.
@pytest.mark.parametrize(
    ("lang", "text", "about"),
    [
        ("en", "forget that Sam hates cilantro", "sam hates cilantro"),
        ("fr", "oublie le digicode de Léa", "digicode lea"),
        ("en", "please forget my locker code", "locker code"),
    ],
)
def test_forgetting_a_fact_right_after_a_reminder_does_not_cancel_it(lang, text, about):
    from tests.helpers import heard as heard_in_context

    tool, args = heard_in_context(text, lang, just_set=["appeler la banque" if lang == "fr" else "call mom"])
    assert tool == "forget" and fold(args["about"]) == about


@pytest.mark.parametrize(("lang", "text"), [("en", "forget it"), ("fr", "oublie ça"), ("fr", "non annule stp")])
def test_forget_it_right_after_a_reminder_still_cancels_that_one(lang, text):
    from tests.helpers import heard as heard_in_context

    assert heard_in_context(text, lang, just_set=["call mom"])[0] == "cancel_reminder"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("remember that Sam hates cilantro", "Sam hates cilantro"),
        ("remember Sam hates cilantro", "Sam hates cilantro"),
        ("remember that my dentist is Dr Roy", "my dentist is Dr Roy"),
    ],
)
def test_remember_that_a_fact_is_a_memory(text, content):
    tool, args = heard(text, "en")
    assert (tool, args["content"]) == ("remember", content)


def test_remember_that_without_a_fact_stays_a_note():
    assert heard("remember that idea for the garden", "en")[0] == "add_note"


# Found using `make dev` with typos: the lead words were not recognised and the help only spoke of reminders.
@pytest.mark.parametrize(
    ("lang", "text", "content"),
    [
        ("fr", "souvien toi que le code du portail c 4521", "le code du portail c 4521"),
        ("en", "rember that my dentist is dr roy", "my dentist is dr roy"),
        ("en", "remeber sam hates cilantro", "sam hates cilantro"),
    ],
)
def test_typos_in_the_words_that_ask_to_remember(lang, text, content):
    tool, args = heard(text, lang)
    assert (tool, args["content"]) == ("remember", content)
