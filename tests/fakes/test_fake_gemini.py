"""FakeGemini is only worth its fidelity: the real google-genai client (sync and aio) against it, and raw HTTP for
what the SDK would never send.

Wire facts the fake follows, and where they were checked:
- requests: captured from google-genai 3.6.1 itself (``POST /v1/models/{m}:generateContent``, header
  ``x-goog-api-key``, ``X-Server-Timeout`` = the timeout in s; ``parameters_json_schema`` and
  ``thinkingConfig.thinking_budget`` sent in snake_case; ``embed_content`` always goes to ``:batchEmbedContents``
  with ``model`` repeated in every sub-request); field names: googleapis/googleapis
  google/ai/generativelanguage/v1beta/{content,generative_service}.proto and the SDK's ``_*_to_mldev`` converters;
- error texts copied from real answers quoted in public issues: unknown field (zed-industries/zed#44875,
  gemini-cli#13972), bad key 400 API_KEY_INVALID (continuedev/continue#8516), no key 403 (PublicAffairs/openai-gemini
  #92), 404 model (continuedev/continue#9939), 429 with QuotaFailure/Help/RetryInfo (python-genai#2044,
  RooCodeInc/Roo-Code#3883), 500 (openai-gemini#15), 503 (anig1scur/tocify#22), empty contents/parts and oneof
  (QuantumNous/new-api#1060, boldsoftware/sketch#68), role (dify-official-plugins#566), function turns
  (gemini-cli#4504, langchain#27799, gemini-cli#11814), declarations (gemini-cli#7869, AstrBot#288,
  anomalyco/opencode#11889, hermes-agent#69924), thought signatures (dify-official-plugins#2088), batch limit
  (langchainjs#4491), text-embedding-004 gone (chroma-go#370).
"""

from __future__ import annotations

import asyncio
import math
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from google import genai
from google.genai import errors, types

from tests.fakes.gemini_api import FakeGemini, calls_reply, fake_embedding, text_reply

pytestmark = pytest.mark.filterwarnings("ignore:Inheritance class AiohttpClientSession:DeprecationWarning")

KEY = "test-key"
MODEL = "gemini-2.5-flash"
EMBED = "gemini-embedding-001"
REPO = Path(__file__).resolve().parents[2]
REMINDER = {
    "name": "create_reminder",
    "description": "Create a reminder for the user.",
    "parameters": {
        "type": "OBJECT",
        "properties": {
            "text": {"type": "STRING", "description": "What to remind."},
            "when": {"type": "STRING", "description": "ISO 8601 local time."},
        },
        "required": ["text", "when"],
    },
}
NO_AFC = types.AutomaticFunctionCallingConfig(disable=True)
TOOLS = types.GenerateContentConfig(
    tools=[types.Tool(function_declarations=[REMINDER])], automatic_function_calling=NO_AFC
)  # type: ignore[list-item]


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with FakeGemini(KEY) as server:
        yield server


def make_client(
    fake: FakeGemini, *, version: str | None = None, timeout_ms: int = 5000, attempts: int | None = None, key: str = KEY
) -> genai.Client:
    retry = (
        types.HttpRetryOptions(attempts=attempts, initial_delay=0.01, max_delay=0.05, jitter=0) if attempts else None
    )
    options = types.HttpOptions(base_url=fake.base_url, api_version=version, timeout=timeout_ms, retry_options=retry)
    return genai.Client(api_key=key, http_options=options)


@pytest.fixture
def client(fake: FakeGemini) -> genai.Client:
    return make_client(fake)


def run_aio(client: genai.Client, call: Any) -> Any:
    """Run ``call(client.aio)`` on a fresh event loop and close the aio sessions after."""

    async def go() -> Any:
        try:
            return await call(client.aio)
        finally:
            await client.aio.aclose()

    return asyncio.run(go())


def raw(
    fake: FakeGemini,
    body: Any,
    *,
    model: str = MODEL,
    action: str = "generateContent",
    version: str = "v1beta",
    key: str | None = KEY,
) -> httpx.Response:
    headers = {"x-goog-api-key": key} if key else {}
    url = f"{fake.base_url}/{version}/models/{model}:{action}"
    if isinstance(body, bytes):
        return httpx.post(url, content=body, headers=headers | {"Content-Type": "application/json"}, timeout=5)
    return httpx.post(url, json=body, headers=headers, timeout=5)


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "parts": [{"text": text}]}


def error_of(response: httpx.Response, code: int, status: str) -> dict[str, Any]:
    assert response.status_code == code, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (code, status)
    return dict(error)


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


class TestText:
    def test_a_scripted_text_reply_and_the_request_as_sent(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_text("Bonjour !")
        config = types.GenerateContentConfig(system_instruction="Tu es Boussole.", temperature=0.2)

        response = client.models.generate_content(model=MODEL, contents="Salut", config=config)

        assert response.text == "Bonjour !"
        assert response.candidates and response.candidates[0].finish_reason == types.FinishReason.STOP
        assert response.model_version == MODEL and response.response_id
        usage = response.usage_metadata
        assert usage and usage.prompt_token_count and usage.candidates_token_count
        assert usage.total_token_count == usage.prompt_token_count + usage.candidates_token_count
        [request] = fake.requests
        assert (request.method, request.path, request.api_version, request.status) == (
            "POST",
            f"/v1/models/{MODEL}:generateContent",
            "v1",
            200,
        )
        assert request.header("x-goog-api-key") == KEY
        assert (request.header("user-agent") or "").startswith("google-genai-sdk/")
        assert request.json == {
            "contents": [{"parts": [{"text": "Salut"}], "role": "user"}],
            "systemInstruction": {"parts": [{"text": "Tu es Boussole."}], "role": "user"},
            "generationConfig": {"temperature": 0.2},
        }
        assert fake.pending == 0

    def test_unscripted_answers_ok_with_usage_from_the_request_size(
        self, fake: FakeGemini, client: genai.Client
    ) -> None:
        short = client.models.generate_content(model=MODEL, contents="Salut")
        long = client.models.generate_content(model=MODEL, contents="Rappelle-moi " * 200)

        assert short.text == long.text == "OK."
        assert short.usage_metadata and long.usage_metadata
        assert long.usage_metadata.prompt_token_count > 10 * (short.usage_metadata.prompt_token_count or 0)

    def test_async_text_reply(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_text("Depuis aio")

        response = run_aio(client, lambda aio: aio.models.generate_content(model=MODEL, contents="Salut"))

        assert response.text == "Depuis aio"
        assert [r.status for r in fake.requests] == [200]

    def test_v1_and_v1beta_both_work_and_latest_aliases_only_on_v1beta(self, fake: FakeGemini) -> None:
        for version in ("v1", "v1beta"):
            fake.reply_text(version)
            versioned = make_client(fake, version=version)  # keep a reference: Client.__del__ closes it
            response = versioned.models.generate_content(model=MODEL, contents="?")
            assert response.text == version
        assert [r.path for r in fake.requests] == [
            f"/v1/models/{MODEL}:generateContent",
            f"/v1beta/models/{MODEL}:generateContent",
        ]

        beta_client, stable_client = make_client(fake, version="v1beta"), make_client(fake, version="v1")
        beta = beta_client.models.generate_content(model="gemini-flash-latest", contents="?")
        assert beta.text == "OK."
        with pytest.raises(errors.ClientError) as stable:
            stable_client.models.generate_content(model="gemini-flash-latest", contents="?")
        assert stable.value.code == 404

    def test_safety_blocks(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_blocked()
        fake.reply_blocked(prompt=True)

        answer = client.models.generate_content(model=MODEL, contents="?")
        prompt = client.models.generate_content(model=MODEL, contents="?")

        assert answer.text is None and answer.candidates
        assert answer.candidates[0].finish_reason == types.FinishReason.SAFETY
        assert not prompt.candidates and prompt.prompt_feedback
        assert prompt.prompt_feedback.block_reason == types.BlockedReason.SAFETY


class TestFunctionCalling:
    def test_a_declaration_dict_is_sent_and_a_call_comes_back(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_calls([("create_reminder", {"text": "appeler maman", "when": "2026-11-20T18:00:00+01:00"})])
        config = TOOLS.model_copy(
            update={
                "tool_config": types.ToolConfig(
                    function_calling_config=types.FunctionCallingConfig(
                        mode="ANY", allowed_function_names=["create_reminder"]
                    )
                )
            }
        )

        response = client.models.generate_content(model=MODEL, contents="Rappelle-moi d'appeler maman", config=config)

        [call] = response.function_calls or []
        assert (call.name, call.args, call.id) == (
            "create_reminder",
            {"text": "appeler maman", "when": "2026-11-20T18:00:00+01:00"},
            None,  # 2.5 models send no id: responses are matched by name
        )
        body = fake.requests[0].json
        assert body["tools"] == [{"functionDeclarations": [REMINDER]}]
        assert body["toolConfig"] == {
            "functionCallingConfig": {"allowedFunctionNames": ["create_reminder"], "mode": "ANY"}
        }

    def test_parameters_json_schema_and_a_python_function(self, fake: FakeGemini, client: genai.Client) -> None:
        def add_note(text: str, pinned: bool) -> dict[str, str]:
            """Add a note.

            Args:
              text: the note
              pinned: keep it on top
            """
            return {}

        listing = types.FunctionDeclaration(
            name="list_reminders",
            description="List the user's reminders.",
            parameters_json_schema={"type": "object", "properties": {"day": {"type": "string", "format": "date"}}},
        )
        config = types.GenerateContentConfig(
            tools=[types.Tool(function_declarations=[listing]), add_note], automatic_function_calling=NO_AFC
        )
        fake.reply_calls([("list_reminders", {"day": "2026-11-20"}), ("add_note", {"text": "x", "pinned": True})])

        response = client.models.generate_content(model=MODEL, contents="Et demain ?", config=config)

        assert [(c.name, c.args) for c in response.function_calls or []] == [
            ("list_reminders", {"day": "2026-11-20"}),
            ("add_note", {"text": "x", "pinned": True}),
        ]
        declarations = [d for tool in fake.requests[0].json["tools"] for d in tool["functionDeclarations"]]
        assert [sorted(d) for d in declarations] == [
            ["description", "name", "parameters_json_schema"],  # the SDK's own snake_case, accepted by Google
            ["description", "name", "parameters_json_schema", "response_json_schema"],
        ]
        assert declarations[1]["parameters_json_schema"]["required"] == ["text", "pinned"]

    def test_two_step_loop_with_a_responder_checking_the_function_response(
        self, fake: FakeGemini, client: genai.Client
    ) -> None:
        seen: list[dict[str, Any]] = []

        def responder(request: dict[str, Any]) -> dict[str, Any]:
            last = request["contents"][-1]
            answers = [p["functionResponse"] for p in last["parts"] if "functionResponse" in p]
            if not answers:
                return calls_reply([("create_reminder", {"text": "dentiste", "when": "2026-11-21T09:00:00+01:00"})])
            seen.extend(answers)
            return text_reply(f"C'est noté ({answers[0]['response']['result']['id']}).")

        fake.responder = responder
        history: list[types.Content] = [types.Content(role="user", parts=[types.Part(text="Dentiste demain 9h")])]

        async def loop(aio: Any) -> str:
            for _ in range(4):  # bounded, as the brain's loop must be
                response = await aio.models.generate_content(model=MODEL, contents=history, config=TOOLS)
                if not response.function_calls:
                    return str(response.text)
                history.append(response.candidates[0].content)
                history.append(
                    types.Content(
                        role="user",
                        parts=[
                            types.Part.from_function_response(name=fc.name, response={"result": {"id": 42, **fc.args}})
                            for fc in response.function_calls
                        ],
                    )
                )
            raise AssertionError("no final text")

        assert run_aio(client, loop) == "C'est noté (42)."
        assert seen == [
            {
                "name": "create_reminder",
                "response": {"result": {"id": 42, "text": "dentiste", "when": "2026-11-21T09:00:00+01:00"}},
            }
        ]
        assert [r.status for r in fake.requests] == [200, 200]

    def test_parallel_calls_need_as_many_responses(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_calls(
            [
                ("create_reminder", {"text": "pain", "when": "2026-11-20T18:00:00+01:00"}),
                ("create_reminder", {"text": "lait", "when": "2026-11-20T18:05:00+01:00"}),
            ]
        )
        first = client.models.generate_content(model=MODEL, contents="Pain et lait à 18h", config=TOOLS)
        calls = first.function_calls or []
        assert [c.args["text"] for c in calls if c.args] == ["pain", "lait"]
        model_turn = first.candidates[0].content  # type: ignore[index]

        def answer(n: int) -> types.Content:
            parts = [types.Part.from_function_response(name=c.name or "", response={"ok": True}) for c in calls[:n]]
            return types.Content(role="user", parts=parts)

        both = client.models.generate_content(
            model=MODEL,
            contents=[types.Content(role="user", parts=[types.Part(text="Pain et lait")]), model_turn, answer(2)],
            config=TOOLS,
        )
        assert both.text == "OK."
        with pytest.raises(errors.ClientError) as one:
            client.models.generate_content(
                model=MODEL,
                contents=[types.Content(role="user", parts=[types.Part(text="Pain et lait")]), model_turn, answer(1)],
                config=TOOLS,
            )
        assert one.value.code == 400 and one.value.status == "INVALID_ARGUMENT"
        assert one.value.message == (
            "Please ensure that the number of function response parts is equal to the number of function call parts "
            "of the function call turn."
        )

    def test_a_function_response_must_answer_a_call_of_the_previous_turn(self, fake: FakeGemini) -> None:
        response_part = {"functionResponse": {"name": "create_reminder", "response": {"ok": True}}}
        orphan = raw(fake, {"contents": [user("hi"), {"role": "user", "parts": [response_part]}]})
        assert error_of(orphan, 400, "INVALID_ARGUMENT")["message"] == (
            "Please ensure that function response turn comes immediately after a function call turn."
        )

        other_call = {"role": "model", "parts": [{"functionCall": {"name": "list_reminders", "args": {}}}]}
        mismatch = raw(fake, {"contents": [user("hi"), other_call, {"role": "user", "parts": [response_part]}]})
        assert "matches no functionCall" in error_of(mismatch, 400, "INVALID_ARGUMENT")["message"]

        leading_call = raw(fake, {"contents": [other_call]})
        assert (
            "function call turn comes immediately after a user turn"
            in error_of(leading_call, 400, "INVALID_ARGUMENT")["message"]
        )

    def test_call_ids_when_the_model_sends_them(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.reply_calls([("create_reminder", {"text": "a", "when": "b"})], ids=True)
        first = client.models.generate_content(model=MODEL, contents="?", config=TOOLS)
        [call] = first.function_calls or []
        assert call.id
        model_turn = first.candidates[0].content  # type: ignore[index]

        def with_id(call_id: str) -> list[types.Content]:
            part = types.Part(function_response=types.FunctionResponse(id=call_id, name="create_reminder", response={}))
            return [
                types.Content(role="user", parts=[types.Part(text="?")]),
                model_turn,
                types.Content(role="user", parts=[part]),
            ]

        assert client.models.generate_content(model=MODEL, contents=with_id(call.id), config=TOOLS).text == "OK."
        with pytest.raises(errors.ClientError) as wrong:
            client.models.generate_content(model=MODEL, contents=with_id("not-the-id"), config=TOOLS)
        assert wrong.value.code == 400 and "id 'not-the-id'" in (wrong.value.message or "")

    def test_gemini_3_needs_the_thought_signature_echoed(self, fake: FakeGemini, client: genai.Client) -> None:
        model = "gemini-3-flash-preview"
        fake.reply_calls(
            [("create_reminder", {"text": "a", "when": "b"}), ("create_reminder", {"text": "c", "when": "d"})]
        )
        first = client.models.generate_content(model=model, contents="?", config=TOOLS)
        turn = first.candidates[0].content  # type: ignore[index]
        assert turn and turn.parts and turn.parts[0].thought_signature and not turn.parts[1].thought_signature
        answers = types.Content(
            role="user",
            parts=[types.Part.from_function_response(name="create_reminder", response={}) for _ in range(2)],
        )
        question = types.Content(role="user", parts=[types.Part(text="?")])

        assert (
            client.models.generate_content(model=model, contents=[question, turn, answers], config=TOOLS).text == "OK."
        )

        stripped = turn.model_copy(deep=True)
        stripped.parts[0].thought_signature = None  # type: ignore[index]
        with pytest.raises(errors.ClientError) as missing:
            client.models.generate_content(model=model, contents=[question, stripped, answers], config=TOOLS)
        assert (missing.value.message or "").startswith("Function call is missing a thought_signature")
        assert "`default_api:create_reminder` , position 2." in (missing.value.message or "")
        forged = turn.model_copy(deep=True)
        forged.parts[0].thought_signature = b"forged"  # type: ignore[index]
        with pytest.raises(errors.ClientError) as corrupted:
            client.models.generate_content(model=model, contents=[question, forged, answers], config=TOOLS)
        assert corrupted.value.message == "Corrupted thought signature."

    @pytest.mark.parametrize(
        ("config", "args", "why"),
        [
            (types.GenerateContentConfig(), {"text": "a", "when": "b"}, "declares no function 'create_reminder'"),
            (TOOLS, {"text": "a"}, "missing ['when']"),
            (TOOLS, {"text": "a", "when": "b", "urgent": True}, "unknown ['urgent']"),
            (
                TOOLS.model_copy(
                    update={
                        "tool_config": types.ToolConfig(
                            function_calling_config=types.FunctionCallingConfig(mode="NONE")
                        )
                    }
                ),
                {"text": "a", "when": "b"},
                "mode is NONE",
            ),
        ],
    )
    def test_a_scripted_call_the_request_cannot_produce_is_refused(
        self,
        fake: FakeGemini,
        client: genai.Client,
        config: types.GenerateContentConfig,
        args: dict[str, Any],
        why: str,
    ) -> None:
        fake.reply_calls([("create_reminder", args)])

        with pytest.raises(errors.ClientError) as refused:
            client.models.generate_content(model=MODEL, contents="?", config=config)

        assert refused.value.code == 400
        assert (refused.value.message or "").startswith("FakeGemini: the scripted function call cannot happen")
        assert why in (refused.value.message or "")


class TestStrictness:
    def test_an_unknown_top_level_field(self, fake: FakeGemini) -> None:
        error = error_of(raw(fake, {"contents": [user("hi")], "temprature": 0.2}), 400, "INVALID_ARGUMENT")

        message = 'Invalid JSON payload received. Unknown name "temprature": Cannot find field.'
        assert error["message"] == message
        assert error["details"] == [
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"description": message}]}
        ]

    def test_an_unknown_nested_field_is_reported_with_its_path(self, fake: FakeGemini) -> None:
        body = {"contents": [{"parts": [{"text": "hi", "role": "user"}]}]}

        error = error_of(raw(fake, body), 400, "INVALID_ARGUMENT")

        assert error["message"] == (
            "Invalid JSON payload received. Unknown name \"role\" at 'contents[0].parts[0]': Cannot find field."
        )
        assert error["details"][0]["fieldViolations"][0]["field"] == "contents[0].parts[0]"

    def test_snake_case_names_are_accepted_like_google_does(self, fake: FakeGemini) -> None:
        body = {
            "contents": [user("hi")],
            "system_instruction": {"parts": [{"text": "Sois brève."}]},
            "generation_config": {"max_output_tokens": 50, "thinking_config": {"thinking_budget": 0}},
            "safety_settings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}],
        }

        response = raw(fake, body)

        assert response.status_code == 200, response.text
        assert response.json()["candidates"][0]["content"] == {"parts": [{"text": "OK."}], "role": "model"}

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({}, "* GenerateContentRequest.contents: contents is not specified\n"),
            ({"contents": []}, "* GenerateContentRequest.contents: contents is not specified\n"),
            (
                {"contents": [user("a"), {"role": "model", "parts": []}]},
                "* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n",
            ),
            (
                {"contents": [{"role": "user", "parts": [{}]}]},
                "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one "
                "initialized field\n",
            ),
            (
                {"contents": [{"role": "user", "parts": [{"thought": True}]}]},
                "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one "
                "initialized field\n",
            ),
            ({"contents": [{"role": "system", "parts": [{"text": "a"}]}]}, "Please use a valid role: user, model."),
            (
                {"contents": [user("a")], "generationConfig": {"temperature": "hot"}},
                "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\"",
            ),
            (
                {"contents": [user("a")], "toolConfig": {"functionCallingConfig": {"mode": "SOMETIMES"}}},
                "Invalid value at 'tool_config.function_calling_config.mode' "
                '(type.googleapis.com/google.ai.generativelanguage.v1beta.Mode), "SOMETIMES"',
            ),
            (
                {"contents": "hi"},
                "Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \"hi\"",
            ),
        ],
    )
    def test_malformed_conversations(self, fake: FakeGemini, body: dict[str, Any], message: str) -> None:
        assert error_of(raw(fake, body), 400, "INVALID_ARGUMENT")["message"] == message

    @pytest.mark.parametrize(
        ("declaration", "message"),
        [
            (
                {**REMINDER, "name": "1 reminder"},
                "* GenerateContentRequest.tools[0].function_declarations[0].name: Invalid function name. Must start "
                "with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), "
                "colons (:), or dashes (-), with a maximum length of 64.\n",
            ),
            (
                {**REMINDER, "parameters": {**REMINDER["parameters"], "additionalProperties": False}},
                'Invalid JSON payload received. Unknown name "additionalProperties" at '
                "'tools[0].function_declarations[0].parameters': Cannot find field.",
            ),
            (
                {
                    **REMINDER,
                    "parameters": {"type": "OBJECT", "properties": {"text": {"type": "STRING"}}, "required": ["when"]},
                },
                "* GenerateContentRequest.tools[0].function_declarations[0].parameters.required[0]: property is not "
                "defined\n",
            ),
            (
                {**REMINDER, "parameters": {"type": "OBJECT", "properties": {}}},
                "* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties: should be "
                "non-empty for OBJECT type\n",
            ),
            (
                {**REMINDER, "parameters": {"type": "OBJECT", "properties": {"tags": {"type": "ARRAY"}}}},
                "* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[tags].items: "
                "missing field.\n",
            ),
            (
                {**REMINDER, "parametersJsonSchema": {"type": "object"}},
                "* GenerateContentRequest.tools[0].function_declarations[0]: parameters and parameters_json_schema "
                "cannot both be set.\n",
            ),
            (
                {**REMINDER, "parameters": {"type": "dict"}},
                "Invalid value at 'tools[0].function_declarations[0].parameters.type' "
                '(type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "dict"',
            ),
        ],
    )
    def test_malformed_tool_declarations(self, fake: FakeGemini, declaration: dict[str, Any], message: str) -> None:
        body = {"contents": [user("a")], "tools": [{"functionDeclarations": [declaration]}]}

        assert error_of(raw(fake, body), 400, "INVALID_ARGUMENT")["message"] == message

    def test_lowercase_schema_types_and_a_valid_declaration_pass(self, fake: FakeGemini) -> None:
        lower = {
            "name": "f",
            "description": "d",
            "parameters": {"type": "object", "properties": {"a": {"type": "string"}}},
        }

        assert raw(fake, {"contents": [user("a")], "tools": [{"functionDeclarations": [lower]}]}).status_code == 200

    def test_a_body_that_is_not_json(self, fake: FakeGemini) -> None:
        error = error_of(raw(fake, b"{not json"), 400, "INVALID_ARGUMENT")

        assert error["message"].startswith("Invalid JSON payload received.")


class TestErrors:
    def test_429_is_retried_by_the_sdk_then_succeeds(self, fake: FakeGemini) -> None:
        fake.fail(429)
        fake.reply_text("Enfin")

        retrying = make_client(fake, attempts=3)
        response = retrying.models.generate_content(model=MODEL, contents="?")

        assert response.text == "Enfin"
        assert [r.status for r in fake.requests] == [429, 200]

    def test_429_carries_retry_info_when_retries_are_off(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.fail(429, retry_delay="7s")

        with pytest.raises(errors.ClientError) as exhausted:
            client.models.generate_content(model=MODEL, contents="?")

        assert (exhausted.value.code, exhausted.value.status) == (429, "RESOURCE_EXHAUSTED")
        details = exhausted.value.details["error"]["details"]
        assert [d["@type"].rsplit(".", 1)[-1] for d in details] == ["QuotaFailure", "Help", "RetryInfo"]
        assert details[-1]["retryDelay"] == "7s"
        assert "Please retry in 7s." in (exhausted.value.message or "")

    @pytest.mark.parametrize(
        ("status", "name", "kind"),
        [
            (503, "UNAVAILABLE", errors.ServerError),
            (500, "INTERNAL", errors.ServerError),
            (504, "DEADLINE_EXCEEDED", errors.ServerError),
            (403, "PERMISSION_DENIED", errors.ClientError),  # e.g. a key reported as leaked
            (400, "INVALID_ARGUMENT", errors.ClientError),
        ],
    )
    def test_errors_surface_as_the_sdk_types_without_retries(
        self, fake: FakeGemini, client: genai.Client, status: int, name: str, kind: type[errors.APIError]
    ) -> None:
        fake.fail(status)

        with pytest.raises(kind) as raised:
            client.models.generate_content(model=MODEL, contents="?")

        assert (raised.value.code, raised.value.status) == (status, name)
        assert [r.status for r in fake.requests] == [status]

    def test_503_async(self, fake: FakeGemini, client: genai.Client) -> None:
        fake.fail(503)

        with pytest.raises(errors.ServerError) as raised:
            run_aio(client, lambda aio: aio.models.generate_content(model=MODEL, contents="?"))

        assert raised.value.message == "The model is overloaded. Please try again later."

    def test_a_stall_times_out_the_client(self, fake: FakeGemini) -> None:
        fake.stall(3)
        started = time.monotonic()

        impatient = make_client(fake, timeout_ms=300)
        with pytest.raises(httpx2.TimeoutException):
            impatient.models.generate_content(model=MODEL, contents="?")

        assert 0.25 < time.monotonic() - started < 1.5
        assert fake.requests[0].status is None  # still held by the fake

    def test_sync_timeouts_are_retried_but_aio_ones_are_not(self, fake: FakeGemini) -> None:
        fake.stall(3)
        fake.reply_text("second attempt")
        patient = make_client(fake, timeout_ms=300, attempts=2)
        assert patient.models.generate_content(model=MODEL, contents="?").text == "second attempt"
        assert [r.status for r in fake.requests] == [None, 200]

        fake.stall(3)
        fake.reply_text("never read")
        started = time.monotonic()
        with pytest.raises(TimeoutError):  # aiohttp's timeout is not in the SDK's retryable exceptions
            run_aio(
                make_client(fake, timeout_ms=300, attempts=2),
                lambda aio: aio.models.generate_content(model=MODEL, contents="?"),
            )
        assert time.monotonic() - started < 1.5
        assert fake.pending == 1

    def test_sdk_trap_an_unreferenced_client_closes_itself_before_sending(self, fake: FakeGemini) -> None:
        with pytest.raises(RuntimeError, match="client has been closed"):
            make_client(fake).models.generate_content(model=MODEL, contents="?")  # Client.__del__ ran already

        assert fake.requests == []

    def test_latency_delays_every_answer(self) -> None:
        with FakeGemini(KEY, latency=0.3) as slow:
            started = time.monotonic()
            slow_client = make_client(slow)
            slow_client.models.generate_content(model=MODEL, contents="?")
            assert time.monotonic() - started >= 0.3


class TestKeysAndModels:
    def test_a_wrong_key_is_400_api_key_invalid(self, fake: FakeGemini) -> None:
        wrong = make_client(fake, key="AIza-wrong")
        with pytest.raises(errors.ClientError) as raised:
            wrong.models.generate_content(model=MODEL, contents="?")

        assert (raised.value.code, raised.value.status) == (400, "INVALID_ARGUMENT")
        assert raised.value.message == "API key not valid. Please pass a valid API key."
        assert raised.value.details["error"]["details"][0]["reason"] == "API_KEY_INVALID"

    def test_no_key_is_403_permission_denied(self, fake: FakeGemini) -> None:
        error = error_of(raw(fake, {"contents": [user("a")]}, key=None), 403, "PERMISSION_DENIED")

        assert error["message"].startswith("Method doesn't allow unregistered callers")

    def test_the_key_may_also_come_as_a_query_parameter(self, fake: FakeGemini) -> None:
        response = httpx.post(
            f"{fake.base_url}/v1beta/models/{MODEL}:generateContent?key={KEY}", json={"contents": [user("a")]}
        )

        assert response.status_code == 200

    def test_an_unknown_model_is_404(self, fake: FakeGemini, client: genai.Client) -> None:
        with pytest.raises(errors.ClientError) as raised:
            client.models.generate_content(model="gemini-9-ultra", contents="?")

        assert (raised.value.code, raised.value.status) == (404, "NOT_FOUND")
        assert raised.value.message == (
            "models/gemini-9-ultra is not found for API version v1, or is not supported for generateContent. Call "
            "ListModels to see the list of available models and their supported methods."
        )

    def test_models_only_do_what_they_support(self, fake: FakeGemini, client: genai.Client) -> None:
        with pytest.raises(errors.ClientError) as generate:
            client.models.generate_content(model=EMBED, contents="?")
        with pytest.raises(errors.ClientError) as embed:
            client.models.embed_content(model=MODEL, contents="?")
        with pytest.raises(errors.ClientError) as retired:
            client.models.embed_content(model="text-embedding-004", contents="?")

        assert generate.value.code == embed.value.code == retired.value.code == 404
        assert "not supported for batchEmbedContents" in (embed.value.message or "")

    def test_model_resources(self, fake: FakeGemini, client: genai.Client) -> None:
        model = client.models.get(model=MODEL)

        assert model.name == f"models/{MODEL}"
        assert model.supported_actions == ["generateContent", "countTokens"]
        assert client.models.count_tokens(model=MODEL, contents="Salut " * 40).total_tokens == 60


class TestEmbeddings:
    def test_one_text_gets_the_full_normalised_vector(self, fake: FakeGemini, client: genai.Client) -> None:
        text = "Rendez-vous chez le dentiste jeudi"

        response = client.models.embed_content(model=EMBED, contents=text)

        [embedding] = response.embeddings or []
        assert embedding.values == fake.embedding(text) == fake_embedding(text, 3072)
        assert len(embedding.values) == 3072
        assert math.isclose(math.fsum(v * v for v in embedding.values), 1.0, abs_tol=1e-4)
        [request] = fake.requests
        assert request.path == f"/v1/models/{EMBED}:batchEmbedContents"  # the SDK never calls :embedContent
        assert request.json == {
            "requests": [{"content": {"parts": [{"text": text}], "role": "user"}, "model": f"models/{EMBED}"}]
        }

    def test_a_batch_honours_the_dimension_and_is_deterministic(self, fake: FakeGemini, client: genai.Client) -> None:
        texts = ["acheter du pain", "appeler maman", "payer la facture"]
        config = types.EmbedContentConfig(output_dimensionality=768, task_type="RETRIEVAL_DOCUMENT")

        first = client.models.embed_content(model=EMBED, contents=texts, config=config)
        again = client.models.embed_content(model=EMBED, contents=texts, config=config)
        with FakeGemini(KEY) as other:
            other_client = make_client(other)
            elsewhere = other_client.models.embed_content(model=EMBED, contents=texts, config=config)

        vectors = [e.values for e in first.embeddings or []]
        assert [len(v or []) for v in vectors] == [768, 768, 768]
        assert vectors == [e.values for e in again.embeddings or []] == [e.values for e in elsewhere.embeddings or []]
        assert vectors[0] == fake.embedding(texts[0])[:768]  # a prefix of the full vector…
        assert math.fsum(v * v for v in vectors[0] or []) < 0.99  # …not renormalised, as Google documents
        assert fake.requests[0].json["requests"][0]["outputDimensionality"] == 768

    def test_similar_texts_are_closer_than_unrelated_ones(self) -> None:
        anchor = fake_embedding("Rappelle-moi d'appeler maman demain", 768)
        near = fake_embedding("rappelle moi d’appeler Maman demain matin", 768)
        far = fake_embedding("La facture d'électricité est payée", 768)

        assert cosine(anchor, near) > 0.6 > 0.2 > cosine(anchor, far)

    def test_the_embed_content_endpoint(self, fake: FakeGemini) -> None:
        body = {"content": {"parts": [{"text": "bonjour"}]}, "taskType": "RETRIEVAL_QUERY", "outputDimensionality": 128}

        response = raw(fake, body, model=EMBED, action="embedContent")

        assert response.status_code == 200, response.text
        assert response.json() == {"embedding": {"values": fake_embedding("bonjour", 128)}}

    def test_async_embeddings(self, fake: FakeGemini, client: genai.Client) -> None:
        config = types.EmbedContentConfig(output_dimensionality=128)

        response = run_aio(
            client, lambda aio: aio.models.embed_content(model=EMBED, contents=["a b", "c d"], config=config)
        )

        assert [e.values for e in response.embeddings] == [fake_embedding("a b", 128), fake_embedding("c d", 128)]

    def test_batch_and_dimension_limits(self, fake: FakeGemini, client: genai.Client) -> None:
        with pytest.raises(errors.ClientError) as too_many:
            client.models.embed_content(model=EMBED, contents=[f"note {i}" for i in range(101)])
        with pytest.raises(errors.ClientError) as too_small:
            client.models.embed_content(
                model=EMBED, contents="a", config=types.EmbedContentConfig(output_dimensionality=64)
            )
        mismatch = raw(
            fake,
            {"requests": [{"model": "models/other", "content": {"parts": [{"text": "a"}]}}]},
            model=EMBED,
            action="batchEmbedContents",
        )

        assert (
            too_many.value.message == "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n"
        )
        assert too_small.value.code == 400 and "output_dimensionality" in (too_small.value.message or "")
        assert "must match" in error_of(mismatch, 400, "INVALID_ARGUMENT")["message"]

    def test_task_types_titles_and_unknown_fields(self, fake: FakeGemini, client: genai.Client) -> None:
        document = types.EmbedContentConfig(task_type="RETRIEVAL_DOCUMENT", title="Codes", output_dimensionality=128)
        query = types.EmbedContentConfig(task_type="RETRIEVAL_QUERY", title="Codes", output_dimensionality=128)

        titled = client.models.embed_content(model=EMBED, contents="le digicode de Léa est 12B45", config=document)
        with pytest.raises(errors.ClientError) as misplaced:
            client.models.embed_content(model=EMBED, contents="digicode Léa", config=query)
        unknown_task = raw(
            fake,
            {"content": {"parts": [{"text": "a"}]}, "taskType": "RETRIEVAL_EVERYTHING"},
            model=EMBED,
            action="embedContent",
        )
        unknown_field = raw(
            fake,
            {"requests": [{"model": f"models/{EMBED}", "content": {"parts": [{"text": "a"}]}, "dims": 128}]},
            model=EMBED,
            action="batchEmbedContents",
        )
        no_model = raw(
            fake, {"requests": [{"content": {"parts": [{"text": "a"}]}}]}, model=EMBED, action="batchEmbedContents"
        )

        assert [len(e.values or []) for e in titled.embeddings or []] == [128]
        sent = fake.requests[0].json["requests"][0]
        assert (sent["taskType"], sent["title"]) == ("RETRIEVAL_DOCUMENT", "Codes")
        assert misplaced.value.code == 400 and "title" in (misplaced.value.message or "")
        assert "Invalid value at 'task_type'" in error_of(unknown_task, 400, "INVALID_ARGUMENT")["message"]
        assert 'Unknown name "dims"' in error_of(unknown_field, 400, "INVALID_ARGUMENT")["message"]
        assert "requests[0].model: missing field" in error_of(no_model, 400, "INVALID_ARGUMENT")["message"]

    def test_blank_and_too_long_texts_are_refused(self, fake: FakeGemini, client: genai.Client) -> None:
        limit = client.models.get(model=EMBED).input_token_limit
        with pytest.raises(errors.ClientError) as blank:
            client.models.embed_content(model=EMBED, contents=["bonjour", "   "])
        with pytest.raises(errors.ClientError) as too_long:
            client.models.embed_content(model=EMBED, contents="mot " * 2100)
        fits = client.models.embed_content(model=EMBED, contents="mot " * 1900)

        assert limit == 2048
        assert (blank.value.code, blank.value.status) == (400, "INVALID_ARGUMENT")
        assert too_long.value.code == 400
        assert (too_long.value.message or "").endswith("exceeds the maximum number of tokens allowed (2048).")
        assert len(fits.embeddings or []) == 1

    def test_a_429_on_embeddings_names_the_embedding_quota(self, fake: FakeGemini) -> None:
        fake.fail(429, retry_delay="7s")

        response = raw(fake, {"content": {"parts": [{"text": "a"}]}}, model=EMBED, action="embedContent", version="v1")

        error = error_of(response, 429, "RESOURCE_EXHAUSTED")
        assert "embed_content_free_tier_requests" in error["message"] and EMBED in error["message"]
        assert error["details"][-1] == {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "7s"}
        assert raw(fake, {"content": {"parts": [{"text": "a"}]}}, model=EMBED, action="embedContent").status_code == 200


def test_standalone_runner() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.gemini_api", "--port", str(port), "--api-key", "K", "--reply", "Salut !"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == f"FakeGemini listening on http://127.0.0.1:{port}"
        options = types.HttpOptions(base_url=f"http://127.0.0.1:{port}", timeout=5000)
        runner_client = genai.Client(api_key="K", http_options=options)
        response = runner_client.models.generate_content(model=MODEL, contents="?")
        assert response.text == "Salut !"
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0
