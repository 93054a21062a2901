"""A local, strict stand-in for the Gemini API (Google AI, generativelanguage), as a real HTTP server on 127.0.0.1.

It speaks the REST wire format of generativelanguage.googleapis.com, so the real ``google.genai.Client`` talks to it
unchanged through ``HttpOptions(base_url=fake.base_url, api_version="v1" | "v1beta")``. Routes, for
``{version}`` in v1 and v1beta (google-genai 3.x defaults to v1, 1.x/2.x to v1beta):

- ``POST /{version}/models/{model}:generateContent``: what the model "says" is scripted by the test
  (``reply_text``, ``reply_calls``, ``reply``, ``reply_blocked``, ``responder``), else "OK.".
- ``POST /{version}/models/{model}:countTokens``: ``{"totalTokens"}`` from the request size.
- ``POST /{version}/models/{model}:embedContent`` and ``:batchEmbedContents``: deterministic text embeddings
  (hashed word and character 3-gram features, so similar texts land closer than unrelated ones).
  The SDK only ever calls ``:batchEmbedContents`` for the Gemini API, even for a single text.
- ``GET /{version}/models`` and ``GET /{version}/models/{model}``: Model resources.

Checked like Google does (messages copied from real answers, see the report in tests/fakes/test_fake_gemini.py):

- the key, from the ``x-goog-api-key`` header (what the SDK sends) or ``?key=``: none is 403 PERMISSION_DENIED
  ("Method doesn't allow unregistered callers"), a wrong one 400 INVALID_ARGUMENT with ErrorInfo
  ``API_KEY_INVALID`` (that is what Google answers for a bad key; a revoked/leaked key is ``fail(403)``);
- the model: 404 NOT_FOUND "models/X is not found for API version v1, or is not supported for generateContent…";
  ``gemini-*-latest`` aliases exist only on v1beta; embedding models only embed and Gemini models only generate;
- the body, parsed as proto JSON: every field name is checked (lowerCamel or snake_case, as Google's parser
  accepts both; the SDK itself sends ``parameters_json_schema`` and ``thinking_budget`` in snake_case), so an
  unknown field is 400 "Invalid JSON payload received. Unknown name "x" at 'path': Cannot find field." with a
  BadRequest fieldViolations detail; a value of the wrong type is 400 "Invalid value at 'path' (TYPE_…)";
- the conversation: contents must not be empty, nor their parts; each part needs exactly one of text/inlineData/
  functionCall/functionResponse/…; roles are "user" or "model"; a functionResponse turn must follow a
  functionCall turn with as many parts, each naming (and, when both carry one, matching the id of) a call of
  that turn; for gemini-3 models the first functionCall part of each model turn since the last user message
  must echo the ``thoughtSignature`` the fake issued;
- tool declarations: function names (letter or underscore first, ``[A-Za-z0-9_.:-]``, at most 64), duplicates,
  ``parameters`` as Google's OpenAPI subset (no ``additionalProperties``/``$schema``/``const``…; OBJECT with
  non-empty ``properties``; ``required`` names defined; ARRAY with ``items``), not both ``parameters`` and
  ``parameters_json_schema``; ``allowedFunctionNames`` must be declared.

Stricter than Google, or not verified against it (answered 400 INVALID_ARGUMENT in the fake's own words): a
functionResponse naming no call of its turn or carrying another call's id (Google is only known to count the
parts), duplicate declaration names, both ``parameters`` and ``parameters_json_schema``, undeclared
allowedFunctionNames, outputDimensionality outside 128..full, a batch sub-request for another model, a ``title``
with a taskType other than RETRIEVAL_DOCUMENT (the proto documents it as "only applicable" there), an embedded
text over the model's 2,048 input tokens (counted about four characters a token; answered in the words Google
uses for generateContent's limit, not verified for embeddings), and a
scripted function call the request could not have produced (no such declared function, mode NONE, outside
allowedFunctionNames, missing required or unknown arguments): "FakeGemini: …", since the test or the code
under test is wrong and a real model would never have made that call. v1 is checked like v1beta: the published
v1 protos lag behind, while google-genai 3.x sends tools and systemInstruction to v1.

Fault injection is queued in order with the replies: ``fail(status, times)`` answers Google's error JSON
(429 RESOURCE_EXHAUSTED carries QuotaFailure, Help and RetryInfo details), ``stall(seconds, times)`` answers
late (then normally) to exercise client timeouts. A fail/stall step applies to the next request of any kind;
a reply step waits for the next generateContent.

Run standalone for a manual test or a benchmark (serves until SIGTERM/SIGINT)::

    python -m tests.fakes.gemini_api --port 8098 --api-key K [--latency 0.2] [--reply "D'accord."]
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import hashlib
import json
import math
import re
import secrets
import sys
import threading
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.server import FakeHandler, FakeServer, serve_until_signalled

__all__ = [
    "API_VERSIONS",
    "DEFAULT_EMBEDDING_MODELS",
    "DEFAULT_MODELS",
    "FakeGemini",
    "GeminiApiError",
    "ReceivedRequest",
    "calls_reply",
    "fake_embedding",
    "main",
    "text_reply",
]

API_VERSIONS = ("v1", "v1beta")
DEFAULT_MODELS = (
    "gemini-2.5-flash",
    "gemini-2.5-flash-lite",
    "gemini-2.5-pro",
    "gemini-3-flash-preview",
    "gemini-flash-latest",
    "gemini-flash-lite-latest",
    "gemini-pro-latest",
)
# google-genai 3.x README: "The gemini-flash-latest, gemini-flash-lite-latest and gemini-pro-latest aliases exist
# only on v1beta."
BETA_ONLY_MODELS = frozenset({"gemini-flash-latest", "gemini-flash-lite-latest", "gemini-pro-latest"})
# text-embedding-004 was shut down on 2026-01-14; gemini-embedding-001 answers 3072 values, 128..3072 on request.
DEFAULT_EMBEDDING_MODELS: Mapping[str, int] = {"gemini-embedding-001": 3072}
MIN_EMBEDDING_DIMENSION = 128
MAX_BATCH_EMBED = 100  # "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch"
EMBEDDING_INPUT_TOKENS = 2048  # gemini-embedding-001's inputTokenLimit (the Model resource says so too)
DEFAULT_REPLY = "OK."
STATS_PATH = "/_fake/stats"

_PATH = re.compile(r"^/(?P<version>[^/]+)/models/(?P<model>[^/:]+)(?::(?P<action>[A-Za-z]+))?$")
_LIST_PATH = re.compile(r"^/(?P<version>[^/]+)/models/?$")
_FUNCTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:\-]{0,63}$")
_GENERATE_ACTIONS = ("generateContent", "countTokens")
_EMBED_ACTIONS = ("embedContent", "batchEmbedContents")
_STREAM_ACTIONS = ("streamGenerateContent",)

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_CANNED_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials.",
    403: "Your API key was reported as leaked. Please use another API key.",
    409: "The operation was aborted.",
    499: "The operation was cancelled.",
    500: "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting",
    501: "Operation is not implemented, or supported, or enabled.",
    503: "The model is overloaded. Please try again later.",
    504: "Deadline expired before operation could complete.",
}
_UNREGISTERED = (
    "Method doesn't allow unregistered callers (callers without established identity). "
    "Please use API Key or other form of API consumer identity to call this API."
)
_KEY_INVALID = "API key not valid. Please pass a valid API key."
_QUOTA_MESSAGE = (
    "You exceeded your current quota, please check your plan and billing details. For more information on this "
    "error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: "
    "https://ai.dev/rate-limit. \n* Quota exceeded for metric: {metric}, limit: {limit}, model: {model}\n"
    "Please retry in {delay}."
)
_SIGNATURE_MISSING = (
    "Function call is missing a thought_signature in functionCall parts. This is required for tools to work "
    "correctly, and missing thought_signature may lead to degraded model performance. Additional data, function "
    "call `default_api:{name}` , position {position}. Please refer to "
    "https://ai.google.dev/gemini-api/docs/thought-signatures for more details."
)
_TYPE = "type.googleapis.com/google.rpc."


class GeminiApiError(Exception):
    """One of Google's error answers: ``{"error": {"code", "message", "status", "details"?}}``.

    A ``responder`` may raise it to answer an error of its choosing."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        self.code = code
        self.message = message if message is not None else _CANNED_MESSAGES.get(code, HTTPStatus(code).phrase)
        self.status = status or _STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details or []
        super().__init__(f"{code} {self.status}: {self.message}")

    def payload(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:  # Google leaves "details" out when there are none
            error["details"] = self.details
        return {"error": error}


@dataclass
class ReceivedRequest:
    """One request as the fake received it. ``json`` is the parsed body (None when there was none or it was not
    JSON); ``headers`` keep the names as sent (the SDK sends ``x-goog-api-key`` in lower case)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    raw: bytes
    api_version: str | None = None
    model: str | None = None
    action: str | None = None
    status: int | None = None  # the HTTP status answered; None while still in flight (stalled)
    received_at: float = 0.0

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)


@dataclass
class _Step:
    kind: str  # "fail" | "stall" | "reply"
    status: int = 0
    message: str | None = None
    retry_delay: str = "2s"
    seconds: float = 0.0
    response: dict[str, Any] = field(default_factory=dict)
    ids: bool = False


# -- response builders (also for a responder) ----------------------------------------------------------------------
def text_reply(text: str, *, finish_reason: str = "STOP") -> dict[str, Any]:
    """A GenerateContentResponse whose candidate says ``text``. The fake fills in usageMetadata, modelVersion and
    responseId when they are missing."""
    return {
        "candidates": [
            {"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": finish_reason, "index": 0}
        ]
    }


def calls_reply(
    calls: Iterable[tuple[str, Mapping[str, Any]] | tuple[str, Mapping[str, Any], str]], *, text: str | None = None
) -> dict[str, Any]:
    """A GenerateContentResponse with one functionCall part per call (several = parallel calls), each
    ``(name, args)`` or ``(name, args, id)``; ``text`` adds a leading text part, as models sometimes do."""
    parts: list[dict[str, Any]] = [{"text": text}] if text else []
    for call in calls:
        name, args = call[0], call[1]
        function_call: dict[str, Any] = {"name": name, "args": dict(args)}
        if len(call) > 2:
            function_call["id"] = call[2]  # type: ignore[misc]
        parts.append({"functionCall": function_call})
    if not parts:
        raise ValueError("calls_reply needs at least one call")
    return {"candidates": [{"content": {"parts": parts, "role": "model"}, "finishReason": "STOP", "index": 0}]}


# -- embeddings ----------------------------------------------------------------------------------------------------
_MATRYOSHKA_LEVELS = (128, 256, 512, 768, 1536, 3072)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", stripped.casefold()))


def _features(text: str) -> Counter[str]:
    folded = _fold(text)
    features: Counter[str] = Counter()
    for word in folded.split():
        features["w:" + word] += 2
        padded = f" {word} "
        for i in range(len(padded) - 2):
            features["c:" + padded[i : i + 3]] += 1
    return features


def fake_embedding(text: str, dimension: int, *, full_dimension: int = 3072) -> list[float]:
    """The vector FakeGemini answers for ``text``: same text, same vector, in any process.

    Words and character 3-grams (accents and case folded) are hashed into buckets at several nested sizes
    (Matryoshka-like), so the first ``dimension`` values of the full vector still separate similar from unrelated
    texts. The full-size vector is L2-normalised; a shorter one is its prefix and is *not* renormalised, as with
    gemini-embedding-001 ("the 3072-dimension embedding is normalized", smaller ones must be normalised by you)."""
    if not 1 <= dimension <= full_dimension:
        raise ValueError(f"dimension must be within 1..{full_dimension}")
    vector = [0.0] * full_dimension
    levels = [level for level in _MATRYOSHKA_LEVELS if level < full_dimension] + [full_dimension]
    for feature, weight in _features(text).items():
        digest = hashlib.blake2b(feature.encode(), digest_size=16).digest()
        for n, level in enumerate(levels):
            chunk = int.from_bytes(digest[(2 * n) % 14 : (2 * n) % 14 + 3], "big")
            sign = 1.0 if digest[15 - n % 8] & 1 else -1.0
            vector[chunk % level] += sign * weight
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0.0:  # no word characters at all: a fixed unit vector rather than a zero one
        vector[0], norm = 1.0, 1.0
    return [round(v / norm, 7) for v in vector[:dimension]]


# -- proto JSON schema of the requests -----------------------------------------------------------------------------
# Field specs: "string", "bool", "int32", "int64", "float", "bytes", "struct" (a JSON object), "value" (any JSON),
# "any" (a message the fake does not look into), "enum:Name", a message name, [spec] for repeated,
# ("map", spec) for map<string, spec>.
_ENUMS: dict[str, frozenset[str]] = {
    name: frozenset(values.split())
    for name, values in {
        "Type": "TYPE_UNSPECIFIED STRING NUMBER INTEGER BOOLEAN ARRAY OBJECT NULL",
        "Mode": "MODE_UNSPECIFIED AUTO ANY NONE VALIDATED",
        "HarmCategory": "HARM_CATEGORY_UNSPECIFIED HARM_CATEGORY_DEROGATORY HARM_CATEGORY_TOXICITY "
        "HARM_CATEGORY_VIOLENCE HARM_CATEGORY_SEXUAL HARM_CATEGORY_MEDICAL HARM_CATEGORY_DANGEROUS "
        "HARM_CATEGORY_HARASSMENT HARM_CATEGORY_HATE_SPEECH HARM_CATEGORY_SEXUALLY_EXPLICIT "
        "HARM_CATEGORY_DANGEROUS_CONTENT HARM_CATEGORY_CIVIC_INTEGRITY",
        "HarmBlockThreshold": "HARM_BLOCK_THRESHOLD_UNSPECIFIED BLOCK_LOW_AND_ABOVE BLOCK_MEDIUM_AND_ABOVE "
        "BLOCK_ONLY_HIGH BLOCK_NONE OFF",
        "TaskType": "TASK_TYPE_UNSPECIFIED RETRIEVAL_QUERY RETRIEVAL_DOCUMENT SEMANTIC_SIMILARITY CLASSIFICATION "
        "CLUSTERING QUESTION_ANSWERING FACT_VERIFICATION CODE_RETRIEVAL_QUERY",
        "Modality": "MODALITY_UNSPECIFIED TEXT IMAGE AUDIO",
        "Behavior": "UNSPECIFIED BLOCKING NON_BLOCKING",
        "Scheduling": "SCHEDULING_UNSPECIFIED SILENT WHEN_IDLE INTERRUPT",
        "ThinkingLevel": "THINKING_LEVEL_UNSPECIFIED MINIMAL LOW MEDIUM HIGH",
    }.items()
}
_CASE_INSENSITIVE_ENUMS = frozenset({"Type"})  # clients commonly send "object"/"string" in parameters

_MESSAGES: dict[str, dict[str, Any]] = {
    "GenerateContentRequest": {
        "model": "string",
        "contents": ["Content"],
        "tools": ["Tool"],
        "toolConfig": "ToolConfig",
        "safetySettings": ["SafetySetting"],
        "systemInstruction": "Content",
        "generationConfig": "GenerationConfig",
        "cachedContent": "string",
        "serviceTier": "string",
        "store": "bool",
    },
    "CountTokensRequest": {
        "model": "string",
        "contents": ["Content"],
        "generateContentRequest": "GenerateContentRequest",
    },
    "Content": {"parts": ["Part"], "role": "string"},
    "Part": {
        "text": "string",
        "inlineData": "Blob",
        "functionCall": "FunctionCall",
        "functionResponse": "FunctionResponse",
        "fileData": "FileData",
        "executableCode": "any",
        "codeExecutionResult": "any",
        "toolCall": "any",
        "toolResponse": "any",
        "thought": "bool",
        "thoughtSignature": "bytes",
        "videoMetadata": "any",
        "partMetadata": "struct",
        "mediaResolution": "any",
    },
    "Blob": {"mimeType": "string", "data": "bytes"},
    "FileData": {"mimeType": "string", "fileUri": "string"},
    "FunctionCall": {"id": "string", "name": "string", "args": "struct"},
    "FunctionResponse": {
        "id": "string",
        "name": "string",
        "response": "struct",
        "willContinue": "bool",
        "scheduling": "enum:Scheduling",
        "parts": ["any"],
    },
    "Tool": {
        "functionDeclarations": ["FunctionDeclaration"],
        "googleSearch": "any",
        "googleSearchRetrieval": "any",
        "codeExecution": "any",
        "urlContext": "any",
        "fileSearch": "any",
        "googleMaps": "any",
        "computerUse": "any",
        "mcpServers": ["any"],
    },
    "FunctionDeclaration": {
        "name": "string",
        "description": "string",
        "behavior": "enum:Behavior",
        "parameters": "Schema",
        "parametersJsonSchema": "value",
        "response": "Schema",
        "responseJsonSchema": "value",
    },
    "Schema": {
        "type": "enum:Type",
        "format": "string",
        "title": "string",
        "description": "string",
        "nullable": "bool",
        "enum": ["string"],
        "items": "Schema",
        "maxItems": "int64",
        "minItems": "int64",
        "properties": ("map", "Schema"),
        "required": ["string"],
        "minProperties": "int64",
        "maxProperties": "int64",
        "minLength": "int64",
        "maxLength": "int64",
        "pattern": "string",
        "example": "value",
        "anyOf": ["Schema"],
        "propertyOrdering": ["string"],
        "default": "value",
        "minimum": "float",
        "maximum": "float",
    },
    "ToolConfig": {
        "functionCallingConfig": "FunctionCallingConfig",
        "retrievalConfig": "any",
        "includeServerSideToolInvocations": "bool",
    },
    "FunctionCallingConfig": {"mode": "enum:Mode", "allowedFunctionNames": ["string"]},
    "SafetySetting": {"category": "enum:HarmCategory", "threshold": "enum:HarmBlockThreshold"},
    "GenerationConfig": {
        "stopSequences": ["string"],
        "responseMimeType": "string",
        "responseSchema": "Schema",
        "responseJsonSchema": "value",
        "responseModalities": ["enum:Modality"],
        "candidateCount": "int32",
        "maxOutputTokens": "int32",
        "temperature": "float",
        "topP": "float",
        "topK": "int32",
        "seed": "int32",
        "presencePenalty": "float",
        "frequencyPenalty": "float",
        "responseLogprobs": "bool",
        "logprobs": "int32",
        "enableEnhancedCivicAnswers": "bool",
        "speechConfig": "any",
        "thinkingConfig": "ThinkingConfig",
        "imageConfig": "any",
        "mediaResolution": "any",
    },
    "ThinkingConfig": {"includeThoughts": "bool", "thinkingBudget": "int32", "thinkingLevel": "enum:ThinkingLevel"},
    "EmbedContentRequest": {
        "model": "string",
        "content": "Content",
        "taskType": "enum:TaskType",
        "title": "string",
        "outputDimensionality": "int32",
    },
    "BatchEmbedContentsRequest": {"model": "string", "requests": ["EmbedContentRequest"]},
}
_PART_DATA = (
    "text",
    "inlineData",
    "functionCall",
    "functionResponse",
    "fileData",
    "executableCode",
    "codeExecutionResult",
    "toolCall",
    "toolResponse",
)
_SCALAR_TYPES = {
    "string": "TYPE_STRING",
    "bool": "TYPE_BOOL",
    "int32": "TYPE_INT32",
    "int64": "TYPE_INT64",
    "float": "TYPE_FLOAT",
    "bytes": "TYPE_BYTES",
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class _Violations:
    """Google's proto JSON parser reports every problem at once, joined by newlines, plus fieldViolations."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.items: list[tuple[str | None, str]] = []

    def unknown(self, path: str, name: str) -> None:
        where = f" at '{path}'" if path else ""
        self.items.append(
            (path or None, f'Invalid JSON payload received. Unknown name "{name}"{where}: Cannot find field.')
        )

    def invalid(self, path: str, type_name: str, value: Any) -> None:
        shown = json.dumps(value, ensure_ascii=False)
        self.items.append((path or None, f"Invalid value at '{path}' ({type_name}), {shown}"))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        violations = []
        for path, description in self.items:
            violation = {"description": description}
            if path:
                violation = {"field": path, "description": description}
            violations.append(violation)
        raise GeminiApiError(
            400,
            "\n".join(description for _, description in self.items),
            details=[{"@type": _TYPE + "BadRequest", "fieldViolations": violations}],
        )


def _message_type(version: str, name: str) -> str:
    return f"type.googleapis.com/google.ai.generativelanguage.{version}.{name}"


def _parse(spec: Any, value: Any, path: str, out: _Violations) -> Any:
    """Check ``value`` against ``spec``; return it with every message field renamed to lowerCamelCase."""
    if isinstance(spec, list):
        if not isinstance(value, list):
            out.invalid(path, _spec_type(out.version, spec[0]), value)
            return value
        return [_parse(spec[0], item, f"{path}[{i}]", out) for i, item in enumerate(value)]
    if isinstance(spec, tuple):  # map<string, spec>
        if not isinstance(value, dict):
            out.invalid(path, _spec_type(out.version, spec[1]), value)
            return value
        return {key: _parse(spec[1], item, f"{path}[{i}].value", out) for i, (key, item) in enumerate(value.items())}
    if spec in _MESSAGES:
        if not isinstance(value, dict):
            out.invalid(path, _message_type(out.version, spec), value)
            return value
        fields = _MESSAGES[spec]
        parsed: dict[str, Any] = {}
        for key, item in value.items():
            name = key if key in fields else _camel(key)
            if name not in fields:
                out.unknown(path, key)
                continue
            child = f"{path}.{_snake(name)}" if path else _snake(name)
            parsed[name] = _parse(fields[name], item, child, out)
        return parsed
    if spec.startswith("enum:"):
        enum = spec[5:]
        allowed = _ENUMS[enum]
        if isinstance(value, str):
            candidate = value.upper() if enum in _CASE_INSENSITIVE_ENUMS else value
            if candidate in allowed:
                return candidate
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(allowed):
            return value
        out.invalid(path, _message_type(out.version, enum), value)
        return value
    if spec in ("any", "value"):
        return value
    if spec == "struct":
        if not isinstance(value, dict):
            out.invalid(path, "type.googleapis.com/google.protobuf.Struct", value)
        return value
    ok = {
        "string": isinstance(value, str),
        "bool": isinstance(value, bool),
        "int32": _is_int(value),
        "int64": _is_int(value),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bytes": isinstance(value, str) and _is_base64(value),
    }[spec]
    if not ok:
        out.invalid(path, _SCALAR_TYPES[spec], value)
    return value


def _spec_type(version: str, spec: Any) -> str:
    if isinstance(spec, str) and spec in _SCALAR_TYPES:
        return _SCALAR_TYPES[spec]
    if isinstance(spec, str) and spec.startswith("enum:"):
        return _message_type(version, spec[5:])
    return _message_type(version, str(spec))


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value.replace("-", "+").replace("_", "/") + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _parse_body(message: str, body: Any, version: str) -> dict[str, Any]:
    out = _Violations(version)
    parsed = _parse(message, body, "", out)
    out.raise_if_any()
    return dict(parsed)


def _bad_request(problems: Sequence[str]) -> GeminiApiError:
    return GeminiApiError(400, "".join(f"* {problem}\n" for problem in problems))


# -- semantic checks -----------------------------------------------------------------------------------------------
def _check_contents(contents: list[dict[str, Any]] | None, prefix: str) -> None:
    if not contents:
        raise _bad_request([f"{prefix}.contents: contents is not specified"])
    problems = []
    for i, content in enumerate(contents):
        parts = content.get("parts") or []
        if not parts:
            problems.append(f"{prefix}.contents[{i}].parts: contents.parts must not be empty.")
        for j, part in enumerate(parts):
            problems.extend(_check_part(part, f"{prefix}.contents[{i}].parts[{j}]"))
    if problems:
        raise _bad_request(problems)
    for content in contents:
        if (content.get("role") or "user") not in ("user", "model"):  # proto3: "" is unset
            raise GeminiApiError(400, "Please use a valid role: user, model.")


def _check_part(part: dict[str, Any], where: str) -> list[str]:
    data = [name for name in _PART_DATA if name in part]
    if not data and "thoughtSignature" in part:
        data = ["text"]  # a bare signature part, as Gemini 3 sometimes answers
    if not data:
        return [f"{where}.data: required oneof field 'data' must have one initialized field"]
    if len(data) > 1:
        return [f"{where}.data: oneof field 'data' is already set. Cannot set '{_snake(data[1])}'"]
    problems = []
    call = part.get("functionCall")
    if call is not None and not call.get("name"):
        problems.append(f"{where}.function_call.name: Name is required.")
    response = part.get("functionResponse")
    if response is not None:
        if not response.get("name"):
            problems.append(f"{where}.function_response.name: Name is required.")
        if "response" not in response:
            problems.append(f"{where}.function_response.response: missing field.")
    return problems


def _calls(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [part["functionCall"] for part in content.get("parts") or [] if "functionCall" in part]


def _responses(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [part["functionResponse"] for part in content.get("parts") or [] if "functionResponse" in part]


def _check_turns(contents: list[dict[str, Any]]) -> None:
    """The pairing rules Google enforces between functionCall and functionResponse turns."""
    for i, content in enumerate(contents):
        calls = _calls(content)
        if calls and i == 0:
            raise GeminiApiError(
                400,
                "Please ensure that function call turn comes immediately after a user turn or after a function "
                "response turn.",
            )
        responses = _responses(content)
        if not responses:
            continue
        previous = contents[i - 1] if i else None
        issued = _calls(previous) if previous is not None and previous.get("role") == "model" else []
        if not issued:
            raise GeminiApiError(
                400, "Please ensure that function response turn comes immediately after a function call turn."
            )
        if len(responses) != len(issued):
            raise GeminiApiError(
                400,
                "Please ensure that the number of function response parts is equal to the number of function call "
                "parts of the function call turn.",
            )
        unmatched = Counter(call.get("name") for call in issued)
        ids = {call["id"]: call.get("name") for call in issued if call.get("id")}
        for j, response in enumerate(responses):
            name = response.get("name")
            if unmatched[name] <= 0:
                raise GeminiApiError(
                    400,
                    f"FakeGemini: contents[{i}] functionResponse[{j}] name {name!r} matches no functionCall of the "
                    f"preceding model turn (calls: {sorted(str(c.get('name')) for c in issued)}).",
                )
            unmatched[name] -= 1
            if response.get("id") and ids and ids.get(response["id"]) != name:
                raise GeminiApiError(
                    400,
                    f"FakeGemini: contents[{i}] functionResponse[{j}] id {response['id']!r} matches no functionCall "
                    f"{name!r} of the preceding model turn (ids: {sorted(ids)}).",
                )


def _schema_problems(schema: dict[str, Any], where: str) -> list[str]:
    """Google's checks on its OpenAPI-subset Schema (messages as the API words them)."""
    problems = []
    kind = schema.get("type")
    properties = schema.get("properties")
    if kind == "OBJECT" and properties is not None and not properties:
        problems.append(f"{where}.properties: should be non-empty for OBJECT type")
    if kind not in (None, "OBJECT"):
        if properties is not None:
            problems.append(f"{where}.properties: only allowed for OBJECT type")
        if schema.get("required"):
            problems.append(f"{where}.required: only allowed for OBJECT type")
    if kind == "ARRAY" and "items" not in schema:
        problems.append(f"{where}.items: missing field.")
    for k, name in enumerate(schema.get("required") or []):
        if name not in (properties or {}):
            problems.append(f"{where}.required[{k}]: property is not defined")
    for name, child in (properties or {}).items():
        problems.extend(_schema_problems(child, f"{where}.properties[{name}]"))
    if isinstance(schema.get("items"), dict):
        problems.extend(_schema_problems(schema["items"], f"{where}.items"))
    for k, child in enumerate(schema.get("anyOf") or []):
        problems.extend(_schema_problems(child, f"{where}.any_of[{k}]"))
    return problems


def _check_tools(request: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validate the declarations; return them by name."""
    problems: list[str] = []
    declared: dict[str, dict[str, Any]] = {}
    for t, tool in enumerate(request.get("tools") or []):
        for f, declaration in enumerate(tool.get("functionDeclarations") or []):
            where = f"GenerateContentRequest.tools[{t}].function_declarations[{f}]"
            name = declaration.get("name", "")
            if not _FUNCTION_NAME.match(name):
                problems.append(
                    f"{where}.name: Invalid function name. Must start with a letter or an underscore. Must be "
                    "alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a "
                    "maximum length of 64."
                )
            elif name in declared:
                problems.append(f"{where}.name: Duplicate function declaration name {name!r}.")
            declared.setdefault(name, declaration)
            parameters = declaration.get("parameters")
            json_schema = declaration.get("parametersJsonSchema")
            if parameters is not None and json_schema is not None:
                problems.append(f"{where}: parameters and parameters_json_schema cannot both be set.")
            if parameters is not None:
                if parameters.get("type") != "OBJECT":
                    problems.append(
                        f"{where}.parameters.type: {name} functionDeclaration parameters schema should be of type "
                        "OBJECT."
                    )
                problems.extend(_schema_problems(parameters, f"{where}.parameters"))
            if json_schema is not None and (
                not isinstance(json_schema, dict) or json_schema.get("type", "object") != "object"
            ):
                problems.append(f"{where}.parameters_json_schema: must be a JSON Schema of type object.")
    calling = (request.get("toolConfig") or {}).get("functionCallingConfig") or {}
    for k, name in enumerate(calling.get("allowedFunctionNames") or []):
        if name not in declared:
            problems.append(
                f"GenerateContentRequest.tool_config.function_calling_config.allowed_function_names[{k}]: "
                f"function {name!r} is not declared."
            )
    if problems:
        raise _bad_request(problems)
    return declared


def _declared_arguments(declaration: Mapping[str, Any]) -> tuple[set[str] | None, list[str]]:
    schema = declaration.get("parameters") or declaration.get("parametersJsonSchema") or {}
    properties = schema.get("properties") if isinstance(schema, dict) else None
    required = list(schema.get("required") or []) if isinstance(schema, dict) else []
    return (set(properties) if isinstance(properties, dict) else None), required


def _plausible_call(call: Mapping[str, Any], request: Mapping[str, Any], declared: Mapping[str, Any]) -> None:
    """Refuse a scripted call the request could not have produced (FakeGemini's own check)."""
    name = call.get("name")
    calling = (request.get("toolConfig") or {}).get("functionCallingConfig") or {}
    problem = None
    if name not in declared:
        problem = f"the request declares no function {name!r} (declared: {sorted(declared)})"
    elif calling.get("mode") == "NONE":
        problem = "the request's function calling mode is NONE"
    elif calling.get("allowedFunctionNames") and name not in calling["allowedFunctionNames"]:
        problem = f"{name!r} is not in allowedFunctionNames {calling['allowedFunctionNames']}"
    else:
        properties, required = _declared_arguments(declared[name])
        args = call.get("args") or {}
        missing = [arg for arg in required if arg not in args]
        unknown = sorted(set(args) - properties) if properties is not None else []
        if missing or unknown:
            problem = f"arguments of {name!r} do not fit its declaration (missing {missing}, unknown {unknown})"
    if problem:
        raise GeminiApiError(400, f"FakeGemini: the scripted function call cannot happen: {problem}.")


def _current_turn_start(contents: list[dict[str, Any]]) -> int:
    """Index after the last user message proper (a user content that is not only functionResponses)."""
    for i in range(len(contents) - 1, -1, -1):
        content = contents[i]
        parts = content.get("parts") or []
        if (content.get("role") or "user") == "user" and any("functionResponse" not in part for part in parts):
            return i + 1
    return 0


def _tokens(value: Any) -> int:
    """A rough token count, about four characters a token, as the real tokenizer averages on English."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return math.ceil(len(text) / 4)


def _prompt_tokens(request: Mapping[str, Any]) -> int:
    total = 0
    for content in [*(request.get("contents") or []), request.get("systemInstruction") or {}]:
        for part in content.get("parts") or []:
            total += (
                _tokens(part.get("text")) + _tokens(part.get("functionCall")) + _tokens(part.get("functionResponse"))
            )
    total += _tokens(request.get("tools")) if request.get("tools") else 0
    return max(total, 1)


def _response_tokens(response: Mapping[str, Any]) -> int:
    total = 0
    for candidate in response.get("candidates") or []:
        for part in (candidate.get("content") or {}).get("parts") or []:
            total += _tokens(part.get("text")) + _tokens(part.get("functionCall"))
    return total


def _new_id(length: int = 22) -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(length)).decode().rstrip("=")[:length]


# -- the fake ------------------------------------------------------------------------------------------------------
class FakeGemini(FakeServer):
    """A real HTTP server on 127.0.0.1 answering generateContent and embeddings like the Gemini API."""

    def __init__(
        self,
        api_key: str = "test-key",
        *,
        models: Iterable[str] = DEFAULT_MODELS,
        embedding_models: Mapping[str, int] = DEFAULT_EMBEDDING_MODELS,
        latency: float = 0.0,
        default_reply: str = DEFAULT_REPLY,
        port: int = 0,
    ) -> None:
        """models: what generateContent/countTokens serve (``-latest`` aliases only on v1beta);
        embedding_models: name -> full dimension (what outputDimensionality may shorten);
        latency: seconds added to every answer; default_reply: what the model says when nothing is scripted."""
        super().__init__(port=port, latency=latency)
        self.api_key = api_key
        self.models = tuple(models)
        self.embedding_models = dict(embedding_models)
        self.default_reply = default_reply
        self.responder: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None
        self._lock = threading.Condition()
        self._steps: deque[_Step] = deque()
        self._requests: list[ReceivedRequest] = []
        self._signatures: set[str] = set()

    name = "fake-gemini"
    server_version = "FakeGemini/1.0"

    # -- scripting what the model says -----------------------------------------------------------------------------
    def reply_text(self, text: str, *, finish_reason: str = "STOP") -> None:
        """The next generateContent answers this text."""
        self._push(_Step("reply", response=text_reply(text, finish_reason=finish_reason)))

    def reply_calls(
        self,
        calls: Iterable[tuple[str, Mapping[str, Any]] | tuple[str, Mapping[str, Any], str]],
        *,
        text: str | None = None,
        ids: bool = False,
    ) -> None:
        """The next generateContent answers these function calls, in one model turn (several = parallel calls).
        Each is ``(name, args)`` or ``(name, args, id)``; ``ids=True`` gives every call a fresh id. The Gemini API
        often omits ids (2.5 models do), so by default none is sent and responses are matched by name."""
        self._push(_Step("reply", response=calls_reply(calls, text=text), ids=ids))

    def reply(self, response: Mapping[str, Any]) -> None:
        """The next generateContent answers this GenerateContentResponse JSON (missing usageMetadata,
        modelVersion and responseId are filled in)."""
        self._push(_Step("reply", response=copy.deepcopy(dict(response))))

    def reply_blocked(self, category: str = "HARM_CATEGORY_DANGEROUS_CONTENT", *, prompt: bool = False) -> None:
        """The next generateContent is blocked for safety: the candidate ends with finishReason SAFETY and no
        content, or (``prompt=True``) there is no candidate and promptFeedback.blockReason is SAFETY."""
        rating = {"category": category, "probability": "HIGH", "blocked": True}
        if prompt:
            response: dict[str, Any] = {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [rating]}}
        else:
            response = {"candidates": [{"finishReason": "SAFETY", "index": 0, "safetyRatings": [rating]}]}
        self._push(_Step("reply", response=response))

    def fail(self, status: int, times: int = 1, *, message: str | None = None, retry_delay: str = "2s") -> None:
        """Answer the next ``times`` requests (of any kind) with Google's error JSON for this HTTP status:
        400 INVALID_ARGUMENT, 403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED (with QuotaFailure,
        Help and RetryInfo ``retry_delay`` details), 500 INTERNAL, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED…"""
        if status not in _STATUS_NAMES:
            raise ValueError(f"status must be one of {sorted(_STATUS_NAMES)}")
        for _ in range(times):
            self._push(_Step("fail", status=status, message=message, retry_delay=retry_delay))

    def stall(self, seconds: float, times: int = 1) -> None:
        """Hold the next ``times`` requests for ``seconds`` (or until stop()), then answer them normally."""
        for _ in range(times):
            self._push(_Step("stall", seconds=seconds))

    def clear(self) -> None:
        """Forget scripted steps and received requests."""
        with self._lock:
            self._steps.clear()
            self._requests.clear()

    @property
    def pending(self) -> int:
        """Scripted steps not used yet (a test can assert it is 0)."""
        with self._lock:
            return len(self._steps)

    def _push(self, step: _Step) -> None:
        with self._lock:
            self._steps.append(step)

    # -- what tests read -------------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request received, oldest first (copies)."""
        with self._lock:
            return [copy.deepcopy(r) for r in self._requests]

    def requests_for(self, action: str) -> list[ReceivedRequest]:
        """The requests for one action, e.g. "generateContent" or "batchEmbedContents"."""
        return [r for r in self.requests if r.action == action]

    def embedding(self, text: str, dimension: int | None = None, *, model: str = "gemini-embedding-001") -> list[float]:
        """The vector this fake answers for ``text`` (what a test compares stored vectors with)."""
        full = self.embedding_models[model]
        return fake_embedding(text, dimension or full, full_dimension=full)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": len(self._requests),
                "by_status": dict(Counter(str(r.status) for r in self._requests)),
                "pending": len(self._steps),
            }

    # -- request handling (server threads) -------------------------------------------------------------------------
    def _serve(self, handler: FakeHandler, raw: bytes) -> None:
        if urlsplit(handler.path).path == STATS_PATH:
            status, payload = 200, self.stats()
        else:
            status, payload = self._handle(handler.command, handler.path, handler.headers, raw)
            self._pause()
        handler.send_json(
            status,
            payload,
            {"Vary": "Origin, X-Origin, Referer"},
            content_type="application/json; charset=UTF-8",
            ensure_ascii=False,
        )

    def _handle(self, method: str, target: str, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            body = json.loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError):
            body = None
        record = ReceivedRequest(
            method=method,
            path=parts.path,
            query=query,
            headers=dict(headers.items()),
            json=body,
            raw=raw,
            received_at=time.time(),
        )
        with self._lock:
            self._requests.append(record)
        try:
            status, payload = self._route(method, parts.path, query, headers, raw, record)
        except GeminiApiError as exc:
            status, payload = exc.code, exc.payload()
        except Exception as exc:  # a bug here must read as a Google 500, not a hung client
            status, payload = 500, GeminiApiError(500, f"FakeGemini: {exc!r}").payload()
        with self._lock:
            record.status = status
        return status, payload

    def _route(
        self, method: str, path: str, query: dict[str, str], headers: Any, raw: bytes, record: ReceivedRequest
    ) -> tuple[int, dict[str, Any]]:
        listing = _LIST_PATH.match(path)
        match = _PATH.match(path)
        version = (listing or match)["version"] if (listing or match) else None
        if version not in API_VERSIONS:
            raise GeminiApiError(404, f"FakeGemini: no such method {method} {path}.")
        record.api_version = version
        self._authenticate(headers, query)
        if listing is not None:
            if method != "GET":
                raise GeminiApiError(404, f"FakeGemini: no such method {method} {path}.")
            return 200, {"models": [self._model_resource(m, version) for m in self._visible_models(version)]}
        assert match is not None
        model, action = match["model"], match["action"]
        record.model, record.action = model, action
        if action is None:
            if method != "GET" or model not in self._visible_models(version):
                raise self._not_found(model, version, "getModel")
            return 200, self._model_resource(model, version)
        if method != "POST":
            raise GeminiApiError(404, f"FakeGemini: no such method {method} {path}.")
        if action in _STREAM_ACTIONS:
            raise GeminiApiError(501, f"FakeGemini does not implement {action}; use generateContent.")
        if action in _GENERATE_ACTIONS:
            if model not in self.models or (version != "v1beta" and model in BETA_ONLY_MODELS):
                raise self._not_found(model, version, action)
        elif action in _EMBED_ACTIONS:
            if model not in self.embedding_models:
                raise self._not_found(model, version, action)
        else:
            raise GeminiApiError(404, f"FakeGemini: no such method {action!r}.")
        self._apply_fault(model, action)
        if raw:
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise GeminiApiError(400, f"Invalid JSON payload received. Unexpected token.\n{exc}") from None
        else:
            body = {}
        if action == "generateContent":
            return 200, self._generate(model, version, body)
        if action == "countTokens":
            return 200, self._count_tokens(version, body)
        if action == "embedContent":
            return 200, self._embed_one(model, version, body)
        return 200, self._embed_batch(model, version, body)

    def _authenticate(self, headers: Any, query: Mapping[str, str]) -> None:
        key = headers.get("x-goog-api-key") or query.get("key")
        if not key:
            raise GeminiApiError(403, _UNREGISTERED)
        if not secrets.compare_digest(key.encode(), self.api_key.encode()):
            raise GeminiApiError(
                400,
                _KEY_INVALID,
                details=[
                    {
                        "@type": _TYPE + "ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                        "metadata": {"service": "generativelanguage.googleapis.com"},
                    },
                    {"@type": _TYPE + "LocalizedMessage", "locale": "en-US", "message": _KEY_INVALID},
                ],
            )

    def _visible_models(self, version: str) -> list[str]:
        models = [m for m in self.models if version == "v1beta" or m not in BETA_ONLY_MODELS]
        return models + list(self.embedding_models)

    def _model_resource(self, model: str, version: str) -> dict[str, Any]:
        embedding = model in self.embedding_models
        return {
            "name": f"models/{model}",
            "version": "001",
            "displayName": model,
            "inputTokenLimit": EMBEDDING_INPUT_TOKENS if embedding else 1048576,
            "outputTokenLimit": 1 if embedding else 65536,
            "supportedGenerationMethods": list(_EMBED_ACTIONS if embedding else _GENERATE_ACTIONS),
        }

    @staticmethod
    def _not_found(model: str, version: str, action: str) -> GeminiApiError:
        return GeminiApiError(
            404,
            f"models/{model} is not found for API version {version}, or is not supported for {action}. Call "
            "ListModels to see the list of available models and their supported methods.",
        )

    def _apply_fault(self, model: str, action: str) -> None:
        with self._lock:
            step = self._steps[0] if self._steps and self._steps[0].kind in ("fail", "stall") else None
            if step is not None:
                self._steps.popleft()
        if step is None:
            return
        if step.kind == "stall":
            self._stopping.wait(step.seconds)
            return
        if step.status != 429:
            raise GeminiApiError(step.status, step.message)
        metric = "generativelanguage.googleapis.com/" + (
            "generate_content_free_tier_requests" if action in _GENERATE_ACTIONS else "embed_content_free_tier_requests"
        )
        delay = step.retry_delay
        raise GeminiApiError(
            429,
            step.message or _QUOTA_MESSAGE.format(metric=metric, limit=10, model=model, delay=delay),
            details=[
                {
                    "@type": _TYPE + "QuotaFailure",
                    "violations": [
                        {
                            "quotaMetric": metric,
                            "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                            "quotaDimensions": {"location": "global", "model": model},
                            "quotaValue": "10",
                        }
                    ],
                },
                {
                    "@type": _TYPE + "Help",
                    "links": [
                        {
                            "description": "Learn more about Gemini API quotas",
                            "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
                        }
                    ],
                },
                {"@type": _TYPE + "RetryInfo", "retryDelay": delay},
            ],
        )

    # -- generateContent -------------------------------------------------------------------------------------------
    def _validated(self, model: str, version: str, body: Any, prefix: str = "GenerateContentRequest") -> dict[str, Any]:
        request = _parse_body("GenerateContentRequest", body, version)
        contents = request.get("contents")
        _check_contents(contents, prefix)
        system = request.get("systemInstruction")
        if system is not None:
            problems = []
            for j, part in enumerate(system.get("parts") or []):
                problems.extend(_check_part(part, f"{prefix}.system_instruction.parts[{j}]"))
            if problems:
                raise _bad_request(problems)
        assert contents is not None
        _check_turns(contents)
        if model.startswith("gemini-3"):
            self._check_signatures(contents)
        return request

    def _check_signatures(self, contents: list[dict[str, Any]]) -> None:
        start = _current_turn_start(contents)
        for i in range(start, len(contents)):
            content = contents[i]
            if content.get("role") != "model":
                continue
            parts = [part for part in content.get("parts") or [] if "functionCall" in part]
            if not parts:
                continue
            signature = parts[0].get("thoughtSignature")
            if not signature:
                raise GeminiApiError(
                    400, _SIGNATURE_MISSING.format(name=parts[0]["functionCall"].get("name"), position=i + 1)
                )
            with self._lock:
                known = _norm_b64(signature) in self._signatures
            if not known:
                raise GeminiApiError(400, "Corrupted thought signature.")

    def _generate(self, model: str, version: str, body: Any) -> dict[str, Any]:
        request = self._validated(model, version, body)
        declared = _check_tools(request)
        with self._lock:
            step = self._steps.popleft() if self._steps and self._steps[0].kind == "reply" else None
        ids = False
        if step is not None:
            response, ids = copy.deepcopy(step.response), step.ids
        elif self.responder is not None:
            produced = self.responder(copy.deepcopy(body))
            response = copy.deepcopy(produced) if produced is not None else text_reply(self.default_reply)
        else:
            response = text_reply(self.default_reply)
        return self._finish(model, request, declared, response, ids)

    def _finish(
        self,
        model: str,
        request: dict[str, Any],
        declared: Mapping[str, Any],
        response: dict[str, Any],
        ids: bool,
    ) -> dict[str, Any]:
        if not isinstance(response, dict) or not ({"candidates", "promptFeedback"} & set(response)):
            raise ValueError(f"a reply must be a GenerateContentResponse dict, not {response!r}")
        first = True
        for candidate in response.get("candidates") or []:
            candidate.setdefault("index", 0)
            content = candidate.get("content")
            if not content:
                continue
            content.setdefault("role", "model")
            for part in content.get("parts") or []:
                call = part.get("functionCall")
                if call is None:
                    continue
                _plausible_call(call, request, declared)
                call.setdefault("args", {})
                if ids and "id" not in call:
                    call["id"] = _new_id(8).lower()
                if first and model.startswith("gemini-3") and "thoughtSignature" not in part:
                    signature = base64.b64encode(secrets.token_bytes(48)).decode()
                    with self._lock:
                        self._signatures.add(_norm_b64(signature))
                    part["thoughtSignature"] = signature
                first = False
        prompt = _prompt_tokens(request)
        answer = _response_tokens(response)
        usage = {
            "promptTokenCount": prompt,
            "totalTokenCount": prompt + answer,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
        }
        if answer:
            usage["candidatesTokenCount"] = answer  # Google omits it when nothing was generated
        response.setdefault("usageMetadata", usage)
        response.setdefault("modelVersion", model)
        response.setdefault("responseId", _new_id())
        return response

    def _count_tokens(self, version: str, body: Any) -> dict[str, Any]:
        request = _parse_body("CountTokensRequest", body, version)
        inner = request.get("generateContentRequest")
        if inner is not None:
            _check_contents(inner.get("contents"), "CountTokensRequest.generate_content_request")
            total = _prompt_tokens(inner)
        else:
            _check_contents(request.get("contents"), "CountTokensRequest")
            total = _prompt_tokens(request)
        return {"totalTokens": total, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": total}]}

    # -- embeddings ------------------------------------------------------------------------------------------------
    def _embed_vector(self, model: str, request: Mapping[str, Any], where: str) -> list[float]:
        full = self.embedding_models[model]
        declared_model = request.get("model")
        if declared_model is not None and declared_model.removeprefix("models/") != model:
            raise _bad_request(
                [f"{where}.model: the model of each request ({declared_model}) must match the URL's models/{model}"]
            )
        content = request.get("content")
        if content is None:
            raise _bad_request([f"{where}.content: missing field."])
        parts = content.get("parts") or []
        if not parts:
            raise _bad_request([f"{where}.content.parts: contents.parts must not be empty."])
        texts = []
        for j, part in enumerate(parts):
            if "text" not in part:
                raise _bad_request([f"{where}.content.parts[{j}]: {model} only embeds text parts."])
            texts.append(part["text"])
        text = " ".join(texts)
        if not text.strip():
            raise GeminiApiError(400, "Request contains an invalid argument.")
        tokens = _tokens(text)
        if tokens > EMBEDDING_INPUT_TOKENS:
            raise GeminiApiError(
                400,
                f"The input token count ({tokens}) exceeds the maximum number of tokens allowed "
                f"({EMBEDDING_INPUT_TOKENS}).",
            )
        task_type = request.get("taskType")
        if request.get("title") and task_type not in ("RETRIEVAL_DOCUMENT", 2):
            raise _bad_request(
                [f"{where}.title: FakeGemini: a title only applies to task_type RETRIEVAL_DOCUMENT, not {task_type}."]
            )
        dimension = request.get("outputDimensionality")
        if dimension is None:
            dimension = full
        dimension = int(dimension)
        if not MIN_EMBEDDING_DIMENSION <= dimension <= full:
            raise _bad_request(
                [f"{where}.output_dimensionality: must be between {MIN_EMBEDDING_DIMENSION} and {full} for {model}"]
            )
        return fake_embedding(text, dimension, full_dimension=full)

    def _embed_one(self, model: str, version: str, body: Any) -> dict[str, Any]:
        request = _parse_body("EmbedContentRequest", body, version)
        return {"embedding": {"values": self._embed_vector(model, request, "EmbedContentRequest")}}

    def _embed_batch(self, model: str, version: str, body: Any) -> dict[str, Any]:
        request = _parse_body("BatchEmbedContentsRequest", body, version)
        requests = request.get("requests") or []
        if not requests:
            raise _bad_request(["BatchEmbedContentsRequest.requests: requests is not specified"])
        if len(requests) > MAX_BATCH_EMBED:
            raise _bad_request(
                [f"BatchEmbedContentsRequest.requests: at most {MAX_BATCH_EMBED} requests can be in one batch"]
            )
        embeddings = []
        for i, item in enumerate(requests):
            if item.get("model") is None:
                raise _bad_request([f"BatchEmbedContentsRequest.requests[{i}].model: missing field."])
            vector = self._embed_vector(model, item, f"BatchEmbedContentsRequest.requests[{i}]")
            embeddings.append({"values": vector})
        return {"embeddings": embeddings}


def _norm_b64(value: str) -> str:
    return value.replace("-", "+").replace("_", "/").rstrip("=")


def main(argv: list[str] | None = None) -> int:
    """Serve a FakeGemini on a fixed port until SIGTERM/SIGINT."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.gemini_api", description=main.__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--reply", default=DEFAULT_REPLY, help="what the model says to every generateContent")
    parser.add_argument("--model", action="append", help="a model to serve (repeatable; default: the usual ones)")
    args = parser.parse_args(argv)

    fake = FakeGemini(
        args.api_key,
        models=args.model or DEFAULT_MODELS,
        latency=args.latency,
        default_reply=args.reply,
        port=args.port,
    ).start()
    return serve_until_signalled(fake)


if __name__ == "__main__":
    sys.exit(main())
