"""The first-contact dialogue by SMS, through the real webhook and the fake Twilio: consent first (nothing is done
with a message before it), language and time zone confirmed in one answer, a first name if given, the first
request kept and acted on at the end; typos and free answers understood; a retried webhook never acts twice."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from local.twilio_webhook import new_message_sid
from tests.helpers import chat, onboard, post_sms, rows

FR, EN = "+33612500001", "+14155500002"


def person(emu, phone: str) -> tuple[str, str, str, str | None]:
    [row] = rows(
        emu.deps.engine,
        "SELECT onboarding_state, language, timezone, display_name FROM users WHERE phone = :p",
        p=phone,
    )
    return tuple(row)  # type: ignore[return-value]


def count(emu, table: str) -> int:
    return int(rows(emu.deps.engine, f"SELECT count(*) FROM {table}")[0][0])


class TestFirstRequestKept:
    def test_a_reminder_asked_before_consent_is_set_once_the_dialogue_ends(self, emulator) -> None:
        ask = chat(emulator, FR, "rappelle-moi demain à 9h d'appeler la banque")
        assert ask.startswith("Bonjour, ici Boussole") and "OUI ou NON" in ask
        assert "Ton message est gardé" in ask
        assert count(emulator, "reminders") == 0  # nothing done with it before consent
        assert person(emulator, FR)[0] == "consent"

        confirm = chat(emulator, FR, "oui")
        paris = emulator.clock.now().astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")
        assert f"il est {paris} chez toi (Paris)" in confirm and "OUI" in confirm
        assert count(emulator, "reminders") == 0

        done = chat(emulator, FR, "ok")
        assert done.startswith("C'est noté !")
        assert "OK, je te rappelle demain à 9h : appeler la banque" in done
        assert count(emulator, "reminders") == 1
        assert person(emulator, FR) == ("done", "fr", "Europe/Paris", None)
        consent = rows(
            emulator.deps.engine,
            "SELECT s.preferences->'onboarding'->>'consented_at' FROM user_settings s JOIN users u ON u.id = s.user_id",
        )
        assert consent[0][0] is not None
        events = rows(emulator.deps.engine, "SELECT event, subject IS NOT NULL FROM audit_events")
        assert events == [("onboarding.consented", True)]  # the consent can be shown

    def test_a_greeting_is_not_kept_and_the_end_says_what_to_do(self, emulator) -> None:
        ask = chat(emulator, EN, "hello")
        assert ask.startswith("Hi, this is Boussole") and "kept your message" not in ask
        assert "Reply YES or NO" in ask
        confirm = chat(emulator, EN, "yes please")
        assert "I'll text you in English" in confirm and "(Los Angeles)" in confirm  # a 415 number
        done = chat(emulator, EN, "yes, Sam")
        assert done.startswith("All set, Sam!") and "Tell me what you don't want to forget" in done
        assert person(emulator, EN) == ("done", "en", "America/Los_Angeles", "Sam")

    def test_the_helper_used_by_other_tests_goes_through_the_real_dialogue(self, emulator) -> None:
        replies = onboard(emulator, "+33612500003")
        assert [r.split(" ")[0] for r in replies] == ["Bonjour,", "Merci", "C'est"]


class TestFreeAnswers:
    def test_typos_and_an_unclear_answer_are_asked_again(self, emulator) -> None:
        chat(emulator, FR, "salut")
        again = chat(emulator, FR, "euh c'est quoi")
        assert again.startswith("Je n'ai pas compris") and "OUI ou NON" in again
        assert person(emulator, FR)[0] == "consent"
        assert chat(emulator, FR, "dacord").startswith("Merci !")
        assert chat(emulator, FR, "ouiii").startswith("C'est noté !")

    def test_a_city_corrects_the_guessed_time_zone(self, emulator) -> None:
        phone = "+12025550100"  # +1 with an area code we do not map: guessed New York, corrected by a city
        chat(emulator, phone, "hi")
        assert "(New York)" in chat(emulator, phone, "ok")
        done = chat(emulator, phone, "Chicago")
        assert done.startswith("All set!")
        assert person(emulator, phone)[2] == "America/Chicago"

    def test_no_then_a_city(self, emulator) -> None:
        chat(emulator, FR, "bonjour")
        chat(emulator, FR, "oui")
        assert chat(emulator, FR, "non").startswith("Dans quelle ville es-tu ?")
        assert chat(emulator, FR, "Montréal").startswith("C'est noté !")
        assert person(emulator, FR)[2] == "America/Toronto"

    def test_language_chosen_before_consent_and_after(self, emulator) -> None:
        chat(emulator, FR, "bonjour")
        assert chat(emulator, FR, "english please").startswith("Hi, this is Boussole")
        assert "I'll text you in English" in chat(emulator, FR, "yes")
        assert "Je t'écris en français" in chat(emulator, FR, "français")
        assert chat(emulator, FR, "je m'appelle Léa").startswith("C'est noté, Léa !")
        assert person(emulator, FR) == ("done", "fr", "Europe/Paris", "Léa")

    def test_a_request_instead_of_the_confirmation_keeps_the_guesses_and_is_acted_on(self, emulator) -> None:
        chat(emulator, FR, "bonjour")
        chat(emulator, FR, "oui")
        done = chat(emulator, FR, "rappelle-moi dans 20 minutes de sortir le linge")
        assert done.startswith("C'est noté ! Je garde le fuseau Paris et le FR")
        assert "je te rappelle" in done and "sortir le linge" in done
        assert person(emulator, FR)[0] == "done" and count(emulator, "reminders") == 1


class TestDeclined:
    def test_no_drops_what_was_kept_and_nothing_is_done_until_yes(self, emulator) -> None:
        chat(emulator, FR, "rappelle-moi demain à 9h d'appeler la banque")
        declined = chat(emulator, FR, "non merci")
        assert declined.startswith("D'accord : je ne fais rien de tes messages")
        assert chat(emulator, FR, "rappelle-moi dans 5 min de boire").startswith("D'accord : je ne fais rien")
        assert count(emulator, "reminders") == 0
        assert chat(emulator, FR, "oui").startswith("Merci !")
        done = chat(emulator, FR, "oui")
        assert done.startswith("C'est noté !") and count(emulator, "reminders") == 0  # the dropped one stays dropped
        events = rows(emulator.deps.engine, "SELECT event FROM audit_events ORDER BY at, id")
        assert [e for (e,) in events] == ["onboarding.declined", "onboarding.consented"]


class TestNothingStartedBeforeConsent:
    def test_a_reminder_for_someone_who_has_not_agreed_is_held_back(self, emulator) -> None:
        chat(emulator, FR, "bonjour")  # asked, not agreed
        with emulator.deps.engine.begin() as conn:
            from sqlalchemy import text

            conn.execute(
                text(
                    "INSERT INTO reminders (user_id, text, due_at, timezone) "
                    "SELECT id, 'x', now() - interval '1 minute', 'Europe/Paris' FROM users WHERE phone = :p"
                ),
                {"p": FR},
            )
        before = len(emulator.twilio.messages)
        result = emulator.sweep()
        assert result["sent"] == 0 and result["suppressed"] == 1
        assert len(emulator.twilio.messages) == before


class TestRetries:
    def test_the_same_message_sid_twice_moves_the_dialogue_once(self, emulator) -> None:
        chat(emulator, FR, "bonjour")
        sid = new_message_sid()
        for _ in range(2):
            assert post_sms(emulator.http, emulator.base_url, from_=FR, body="oui", message_sid=sid).status_code == 200
            emulator.settle()
        mine = [m["body"] for m in emulator.twilio.messages if m["to"] == FR]
        assert len(mine) == 2 and mine[1].startswith("Merci !")
        assert person(emulator, FR)[0] == "confirm"
        assert rows(emulator.deps.engine, "SELECT count(*) FROM agent_logs") == [(2,)]

    def test_stop_in_the_middle_stops_everything_and_start_resumes_the_dialogue(self, emulator) -> None:
        chat(emulator, FR, "rappelle-moi dans 10 minutes de manger")
        post_sms(emulator.http, emulator.base_url, from_=FR, body="STOP")
        emulator.settle()
        assert rows(emulator.deps.engine, "SELECT sms_status FROM users") == [("opted_out",)]
        for body in ("oui", "oui"):  # not START: ignored, nothing sent
            post_sms(emulator.http, emulator.base_url, from_=FR, body=body)
            emulator.settle()
        assert len([m for m in emulator.twilio.messages if m["to"] == FR]) == 1
        assert person(emulator, FR)[0] == "consent" and count(emulator, "reminders") == 0
        emulator.clock.advance(timedelta(minutes=11))
        assert emulator.sweep()["sent"] == 0
        assert chat(emulator, FR, "START").startswith("C'est reparti")
        assert chat(emulator, FR, "oui").startswith("Merci !")
