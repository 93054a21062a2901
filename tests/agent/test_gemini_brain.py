"""The Gemini brain through the real google-genai client, over HTTP, against the local fake Gemini API (its
real REST wire format), inside the emulator with real Postgres, Redis and the fake Twilio."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.clock import TravelClock
from tests.conftest import serve_emulator
from tests.fakes.gemini_api import FakeGemini, calls_reply, text_reply
from tests.helpers import post_sms, rows

# People who went through the first-contact dialogue already (tests/onboarding/ covers it).
KNOWN_PHONES = (
    "+33612398000",
    "+33612398765",
)
pytestmark = pytest.mark.usefixtures("known_phones")


ROOT = Path(__file__).resolve().parents[2]
PHONE = "+33612398765"


@pytest.fixture()
def gemini():
    with FakeGemini(api_key="test-key") as fake:
        yield fake


@pytest.fixture()
def emu(settings_for, fake_twilio, gemini):
    settings = settings_for(
        fake_twilio,
        gemini_api_key="test-key",
        gemini_base_url=gemini.base_url,
        embeddings="offline",  # the brain is under test; Gemini embeddings have their own (scripted faults here)
        gemini_timeout_seconds=2,
        gemini_budget_seconds=4,
        gemini_max_steps=3,
        status_callbacks=False,
    )
    # At 10:00 in Paris, whenever the suite runs: "ce soir" (19:00) is still ahead (it failed after 19:00).
    paris = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris"))
    morning = paris.replace(hour=10, minute=0, second=0, microsecond=0)
    morning += timedelta(days=1) if morning <= paris else timedelta(0)
    with serve_emulator(settings, TravelClock(morning - paris), fake_twilio) as running:
        yield running


def say(emu, body: str) -> str:
    before = len(emu.twilio.messages)
    post_sms(emu.http, emu.base_url, from_=PHONE, body=body)
    emu.settle()
    return emu.twilio.wait_for(before + 1)[-1]["body"]


def last_log(emu):
    [row] = rows(
        emu.deps.engine,
        "SELECT brain, intent, tokens_in, tokens_out, error, tool_calls FROM agent_logs ORDER BY created_at DESC LIMIT 1",
    )
    return row


class TestToolLoop:
    def test_two_calls_in_one_answer_then_the_model_s_words(self, emu, gemini) -> None:
        gemini.reply_calls(
            [
                ("create_reminder", {"what": "appeler la banque", "when": "demain à 9h"}),
                ("create_reminder", {"what": "sortir les poubelles", "when": "ce soir"}),
            ]
        )
        gemini.reply_text("C'est noté : la banque demain 9h et les poubelles ce soir.")
        reply = say(emu, "demain 9h la banque et ce soir les poubelles")
        assert reply.endswith("C'est noté : la banque demain 9h et les poubelles ce soir.")
        texts = sorted(r[0] for r in rows(emu.deps.engine, "SELECT text FROM reminders"))
        assert texts == ["appeler la banque", "sortir les poubelles"]
        brain, intent, tokens_in, tokens_out, error, calls = last_log(emu)
        assert (brain, intent, error) == ("gemini", "create_reminder", None)
        assert tokens_in > 0 and tokens_out > 0 and [c["outcome"] for c in calls] == ["done", "done"]
        # The model got both results back, as function responses, with the person's context in the system text.
        second = gemini.requests_for("generateContent")[1].json
        responses = [p["functionResponse"] for p in second["contents"][-1]["parts"]]
        assert [r["name"] for r in responses] == ["create_reminder", "create_reminder"]
        assert all(r["response"]["ok"] for r in responses)
        system = second.get("systemInstruction") or second.get("system_instruction")
        assert "Europe/Paris" in system["parts"][0]["text"]

    def test_a_tool_error_is_fed_back_and_the_model_explains(self, emu, gemini) -> None:
        def responder(request):
            last = request["contents"][-1]["parts"][0]
            if "functionResponse" in last:
                assert last["functionResponse"]["response"]["ok"] is False
                return text_reply("Je ne trouve pas de rappel sur le dentiste.")
            return calls_reply([("cancel_reminder", {"about": "dentiste"})])

        gemini.responder = responder
        assert say(emu, "annule mon rappel dentiste").endswith("Je ne trouve pas de rappel sur le dentiste.")
        [call] = last_log(emu)[5]
        assert call["outcome"] == "refused"

    def test_bad_arguments_never_raise_they_become_a_question(self, emu, gemini) -> None:
        gemini.reply_calls([("create_reminder", {"what": "payer le loyer", "when": ""})])
        gemini.reply_text("Je te rappelle quand ?")
        say(emu, "faut payer le loyer")
        [call] = last_log(emu)[5]
        assert call["outcome"] == "asked" and call["missing"] == "when"

    def test_a_429_is_retried_and_the_turn_succeeds(self, emu, gemini) -> None:
        gemini.fail(429)
        gemini.reply_text("Bonjour ! Que puis-je noter pour toi ?")
        assert say(emu, "salut").endswith("Que puis-je noter pour toi ?")
        assert last_log(emu)[0] == "gemini"
        assert [r.status for r in gemini.requests_for("generateContent")] == [429, 200]

    def test_the_step_limit_ends_the_loop_with_what_the_tools_said(self, emu, gemini) -> None:
        gemini.responder = lambda request: calls_reply([("list_reminders", {})])
        reply = say(emu, "mes rappels ?")
        assert "aucun rappel" in reply
        assert len(gemini.requests_for("generateContent")) == 3  # gemini_max_steps


class TestFallback:
    def test_gemini_down_the_offline_brain_answers(self, emu, gemini) -> None:
        gemini.fail(503, times=10)
        reply = say(emu, "rappelle-moi dans 20 minutes de sortir le linge")
        assert "sortir le linge" in reply
        brain, _, _, _, error, _ = last_log(emu)
        assert (brain == "offline" and "503" in (error or "")) or "UNAVAILABLE" in (error or "")

    def test_gemini_slow_the_offline_brain_answers_within_the_budget(self, emu, gemini) -> None:
        gemini.stall(30, times=5)
        started = time.monotonic()
        reply = say(emu, "remind me in 2 hours to stretch")
        assert time.monotonic() - started < 8  # 4 s budget, and some slack for the machine
        assert "stretch" in reply
        assert last_log(emu)[0] == "offline"


def test_past_the_daily_budget_the_offline_brain_answers_without_calling_gemini(
    settings_for, fake_twilio, gemini
) -> None:
    settings = settings_for(
        fake_twilio,
        gemini_api_key="test-key",
        gemini_base_url=gemini.base_url,
        embeddings="offline",
        gemini_turns_per_person_per_day=2,
        status_callbacks=False,
    )
    with serve_emulator(settings, TravelClock(), fake_twilio) as emu:
        for text in ("Bonjour !", "Salut encore !"):
            gemini.reply_text(text)
        assert say(emu, "salut").endswith("Bonjour !")
        assert say(emu, "re").endswith("Salut encore !")
        reply = say(emu, "rappelle-moi dans 20 minutes de sortir le linge")
        assert "sortir le linge" in reply
        assert len(gemini.requests_for("generateContent")) == 2  # the third turn never reached Gemini
        brain, _, _, _, error, _ = last_log(emu)
        assert (brain, error) == ("offline", "daily model budget spent")
        other = "+33612398000"  # another person's budget is their own
        gemini.reply_text("Bienvenue !")
        before = len(emu.twilio.messages)
        post_sms(emu.http, emu.base_url, from_=other, body="bonjour")
        emu.settle()
        assert emu.twilio.wait_for(before + 1)[-1]["body"].endswith("Bienvenue !")


def test_without_a_key_nothing_of_google_genai_is_imported(database_url, redis_url) -> None:
    code = (
        "import sys\n"
        "from shared.config import Settings\n"
        "from shared.wiring import Deps\n"
        "import functions.agent_turn.main\n"
        f"deps = Deps(Settings(database_url={database_url!r}, cache='redis', redis_url={redis_url!r}))\n"
        "deps.brain\n"
        "assert not [m for m in sys.modules if m.startswith('google.genai')], 'google.genai imported'\n"
        "print('clean')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "clean" in done.stdout, done.stderr
