"""Isolation, walked over the whole API: person B creates one of everything from the OpenAPI's own
examples, then person A calls every operation that takes an id with B's ids. Every call must be a 404
problem that leaks nothing of B's, and B's data must be exactly as it was afterwards.

The walk reads the OpenAPI document, so a new resource is covered the day it is added: its POST needs a
request example (the document promises examples), and its id parameters are matched to the collection
they come from by path.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from tests.helpers import add_people, bearer

MARK = "SECRET-OF-B"
PARAM = re.compile(r"\{([^}]+)\}")


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def _example(doc: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    """The request body's first example, its free texts marked as B's."""
    body = operation.get("requestBody")
    if not body:
        return None
    media = body["content"].get("application/json", {})
    examples = media.get("examples") or {}
    example = media.get("example")
    if example is None and examples:
        example = next(iter(examples.values())).get("value")
    if example is None:
        schema = _resolve(doc, media.get("schema", {}))
        example = (schema.get("examples") or [None])[0]
    assert example is not None, f"{operation.get('operationId')}: the request body has no example"
    marked = copy.deepcopy(example)
    for key, value in list(marked.items()) if isinstance(marked, dict) else []:
        if key in {"title", "text", "name", "content", "description", "notes"} and isinstance(value, str):
            marked[key] = f"{MARK} {value}"
    return marked


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _creates(doc: dict[str, Any], op: dict[str, Any]) -> bool:
    """Does this POST answer a new resource with an id (not an action such as /v1/me/erasure)?"""
    content = op.get("responses", {}).get("201", {}).get("content", {}).get("application/json", {})
    schema = _resolve(doc, content.get("schema", {}))
    return "id" in schema.get("properties", {})


def _fill(path: str, ids: dict[str, str]) -> str | None:
    """The path with B's ids: each {param} takes the id B got from the collection just before it."""
    out = path
    for match in PARAM.finditer(path):
        collection = path[: match.start()].rstrip("/")
        if collection not in ids:
            return None
        out = out.replace(match.group(0), ids[collection], 1)
    return out


@pytest.fixture()
def people(emulator):
    found = add_people(
        emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+33611110002", "fr", "Europe/Paris")
    )
    return {who: bearer(user_id, emulator) for who, user_id in found.items()}


def _create_everything_as_b(emulator, doc, auth_b) -> dict[str, str]:
    """POST each collection (outermost first) as B; {collection path: id}."""
    ids: dict[str, str] = {}
    posts = sorted(
        ((p, op) for m, p, op in _operations(doc) if m == "POST" and _creates(doc, op)), key=lambda x: x[0].count("/")
    )  # only POSTs that create: never an action such as signing out everywhere
    for _ in range(3):  # nested collections need their parent's id first
        for path, op in posts:
            collection = path.rstrip("/")
            if collection in ids or PARAM.search(path.rsplit("/", 1)[-1]):
                continue
            filled = _fill(path, ids)
            if filled is None:
                continue
            body = _example(doc, op)
            r = emulator.http.post(filled, json=body, headers=auth_b)
            if r.status_code == 201 and isinstance(r.json(), dict) and "id" in r.json():
                ids[collection] = str(r.json()["id"])
    return ids


def _snapshot(emulator, doc, ids, auth) -> dict[str, str]:
    """ETag and body of each of B's resources (GET /collection/{id})."""
    seen = {}
    for _method, path, _op in [o for o in _operations(doc) if o[0] == "GET"]:
        filled = _fill(path, ids)
        if filled and filled != path and path.endswith("}"):
            r = emulator.http.get(filled, headers=auth)
            seen[filled] = f"{r.status_code} {r.headers.get('etag')} {r.text}"
    return seen


def test_person_a_cannot_reach_anything_of_person_b(emulator, people):
    doc = emulator.http.get("/v1/openapi.json").json()
    ids = _create_everything_as_b(emulator, doc, people["b"])
    # Admin operations name other people by design; their role wall is walked in test_admin.py.
    with_ids = [(m, p, op) for m, p, op in _operations(doc) if PARAM.search(p) and not p.startswith("/v1/admin/")]
    collections = {
        p.rstrip("/") for m, p, op in _operations(doc) if m == "POST" and not PARAM.search(p) and _creates(doc, op)
    }
    assert len(collections) >= 11, sorted(collections)  # every resource collection, not a filter gone wrong
    assert collections <= set(ids), f"B could not create from the examples: {sorted(collections - set(ids))}"
    assert with_ids, "the API has operations on ids"
    before = _snapshot(emulator, doc, ids, people["b"])
    assert before and all(v.startswith("200 ") for v in before.values()), before

    walked = []
    for method, path, op in with_ids:
        filled = _fill(path, ids)
        assert filled is not None, f"{method} {path}: no id of B's for it"
        body = _example(doc, op) if method in {"POST", "PUT", "PATCH"} else None
        r = emulator.http.request(method, filled, json=body, headers=people["a"])
        walked.append(f"{method} {path}")
        assert r.status_code == 404, f"{method} {filled} as A: {r.status_code} {r.text[:300]}"
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        problem.pop("instance", None)  # the path A asked for, echoed back: A's own words, not B's data
        assert MARK not in r.text and not any(i in json.dumps(problem) for i in ids.values()), r.text

    for method, path, _op in _operations(doc):  # A's own lists never show B's rows
        if method == "GET" and not PARAM.search(path):
            r = emulator.http.get(path, headers=people["a"])
            assert MARK not in r.text and not any(i in r.text for i in ids.values()), path

    assert _snapshot(emulator, doc, ids, people["b"]) == before, "B's data changed"
    print(f"\nisolation: {len(walked)} operations on ids walked as A over {len(ids)} of B's resources")
