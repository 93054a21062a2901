"""Isolation through the SMS side: every agent tool that takes an id, called as person A with each of person
B's ids (what a model tricked by a prompt injection, or a forged tool call, would send). No call may act on
B's data or answer with it, and B's data must be exactly as it was afterwards. The tools and their id
arguments come from the registry, B's data from the OpenAPI examples (tests/api/test_isolation.py), so a new
tool or resource is covered the day it is added."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from shared.agent.registry import Done, Refused, ToolCall, ToolContext
from shared.agent.tools import registry
from shared.db import rls
from shared.db.session import unit_of_work
from shared.users.models import User
from tests.api.test_isolation import MARK, _create_everything_as_b, _snapshot
from tests.helpers import add_people, bearer

# What a tool needs besides the id to get as far as looking the row up (never `about`: that would search A's).
OTHER_ARGS = {"text": "encore une ligne", "category": "courses"}


def _id_fields(tool) -> list[str]:
    return [name for name, f in tool.args.model_fields.items() if "UUID" in str(f.annotation)]


@pytest.mark.parametrize("walls", ["the code alone", "the code and row-level security"])
def test_no_tool_called_as_a_with_b_s_ids_reaches_b_s_data(emulator, walls):
    """Once as the tables' owner (no row-level security: the services' own scoping is all there is), once as the
    agent turn runs (the person set on the transaction)."""
    found = add_people(
        emulator.deps.engine, ("a", "+33611110001", "fr", "Europe/Paris"), ("b", "+33611110002", "fr", "Europe/Paris")
    )
    auth_b = bearer(found["b"], emulator)
    doc = emulator.http.get("/v1/openapi.json").json()
    ids = _create_everything_as_b(emulator, doc, auth_b)
    assert len(ids) >= 11
    before = _snapshot(emulator, doc, ids, auth_b)
    tools = [t for t in registry() if _id_fields(t)]
    assert len(tools) >= 15, [t.name for t in tools]  # every tool that names a row by id

    refused: dict[str, set[str]] = {}
    for tool in tools:
        for field in _id_fields(tool):
            for collection, foreign in ids.items():
                others = {k: v for k, v in OTHER_ARGS.items() if k in tool.args.model_fields}
                call = ToolCall(tool.name, {**others, field: foreign})
                opened = unit_of_work(emulator.deps.engine) if walls == "the code alone" else emulator.deps.uow()
                with opened as uow:
                    rls.as_person(uow.session, found["a"])
                    a = uow.session.get(User, found["a"])
                    now = emulator.clock.now()
                    ctx = ToolContext(session=uow.session, user=a, now=now, said=now + timedelta(hours=1), lang="fr")
                    outcome = registry().run(call, ctx)
                spoken = (
                    outcome.result.say
                    if isinstance(outcome, Done)
                    else getattr(outcome, "say", "") or getattr(outcome, "question", "")
                )
                assert MARK not in spoken, (tool.name, collection, spoken)
                assert not (isinstance(outcome, Done) and uuid.UUID(foreign) in outcome.result.refs), (
                    tool.name,
                    collection,
                )
                if isinstance(outcome, Refused):
                    refused.setdefault(tool.name, set()).add(outcome.code)
    # the calls really ran into the wall (a refusal as not found), not into a validation error
    assert {name for name, codes in refused.items() if any("not_found" in c for c in codes)} >= {
        t.name for t in tools
    }, refused
    assert _snapshot(emulator, doc, ids, auth_b) == before  # B's data untouched
