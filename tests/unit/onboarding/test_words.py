"""Short answers to the first-contact dialogue and the erasure request, typos included (pure, no database)."""

from __future__ import annotations

import pytest

from shared.onboarding import words
from shared.privacy.service import sms_confirmation


class TestYesOrNo:
    @pytest.mark.parametrize(
        "text",
        [
            "oui", "Oui !", "OUI", "ouiii", "ouais", "ok", "OK 👍", "okay", "d'accord", "D’accord.", "dacord",
            "daccord", "dac", "bien sûr", "ça marche", "c'est bon", "oui merci", "oui oui", "tout à fait", "yes",
            "Yes please", "yep", "yeah sure", "sure thing", "yse", "oiu", "of course", "i agree", "j'accepte",
            "👍",
        ],
    )  # fmt: skip
    def test_yes(self, text: str) -> None:
        assert words.yes_or_no(text) == "yes"

    @pytest.mark.parametrize(
        "text", ["non", "Non merci", "NON !", "nope", "no", "no thanks", "nan", "non, pas maintenant", "not now"]
    )
    def test_no(self, text: str) -> None:
        assert words.yes_or_no(text) == "no"

    @pytest.mark.parametrize(
        "text",
        [
            "oui mais non", "yes no", "rappelle-moi demain à 9h", "peut-être", "maybe", "c'est quoi ?", "bof", "",
            "ok rappelle-moi de sortir le chien", "oui, Léa", "what is this",
        ],
    )  # fmt: skip
    def test_anything_else_is_neither(self, text: str) -> None:
        assert words.yes_or_no(text) is None


class TestNamesLanguagesPlaces:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Léa", "Léa"), ("je m'appelle Léa", "Léa"), ("Je m’appelle jean-paul", "Jean-paul"),
            ("appelle-moi Max", "Max"), ("moi c'est Inès", "Inès"), ("oui, Léa", "Léa"), ("yes, Sam", "Sam"),
            ("my name is Sam", "Sam"), ("call me Jo", "Jo"), ("Anne Marie", "Anne Marie"),
            ("oui c'est Inès", "Inès"), ("oui Léa", "Léa"), ("oui je m'appelle Léa", "Léa"), ("yes I'm Sam", "Sam"),
            ("ok c'est Paul", "Paul"), ("ouii, moi c'est Marie-Claire", "Marie-Claire"),
        ],
    )  # fmt: skip
    def test_first_names(self, text: str, name: str) -> None:
        assert words.first_name(text) == name

    @pytest.mark.parametrize(
        "text",
        [
            "oui", "non", "english", "rappelle-moi demain", "12", "skip", "a b c", "oui merci", "oui très bien",
            "yes great", "yes thank you", "ok parfait",
        ],
    )  # fmt: skip
    def test_not_names(self, text: str) -> None:
        assert words.first_name(text) is None

    @pytest.mark.parametrize(
        ("text", "code"),
        [("english", "en"), ("en anglais stp", "en"), ("Anglais", "en"), ("englsh", "en"), ("français", "fr")],
    )
    def test_languages(self, text: str, code: str) -> None:
        assert words.language_named(text) == code

    @pytest.mark.parametrize(
        ("text", "zone"),
        [("Montréal", "America/Toronto"), ("chicago", "America/Chicago"), ("Europe/Paris", "Europe/Paris")],
    )
    def test_places(self, text: str, zone: str) -> None:
        assert words.zone_or_place(text) == zone

    @pytest.mark.parametrize("text", ["passer", "PASSE", "skip", "plus tard"])
    def test_skip(self, text: str) -> None:
        assert words.skipped(text)


class TestErasureRequest:
    @pytest.mark.parametrize(
        "text",
        [
            "supprime mes données", "Supprime mes donnees", "suprime mes donées", "efface tout", "Efface tout !",
            "supprimer mon compte", "efface toutes mes données", "stp supprime mes données", "delete my data",
            "Delete my account", "delete my acount please", "erase everything", "delete all my data",
            "please delete my account", "oublie moi", "forget me",
        ],
    )  # fmt: skip
    def test_asked(self, text: str) -> None:
        assert words.wants_erasure(text)

    @pytest.mark.parametrize(
        "text",
        [
            "supprime le rappel", "supprime", "efface la liste", "delete my last note", "delete the reminder",
            "supprime mes courses", "delete", "efface la note sur le dentiste", "rappelle-moi de supprimer mes mails",
            "delete my data tomorrow at 9 please remind me",
        ],
    )  # fmt: skip
    def test_not_asked(self, text: str) -> None:
        assert not words.wants_erasure(text)

    @pytest.mark.parametrize(
        ("text", "code"),
        [("EFFACER 123456", "123456"), ("erase 004211", "004211"), ("123456", "123456"), ("effacer123456", "123456")],
    )
    def test_confirmation_codes(self, text: str, code: str) -> None:
        assert sms_confirmation(text) == code

    @pytest.mark.parametrize(
        "text", ["EFFACER", "oui", "12345", "1234567", "effacer 123456 et 654321", "efface le 123456"]
    )
    def test_not_codes(self, text: str) -> None:
        assert sms_confirmation(text) is None
