"""The typed Python client in clients/python: in step with api/openapi.json, and it works."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from coach.apikeys import KeyStore
from scripts.generate_client import CLIENT, FIX, SCHEMA, stale_files
from tests.support.api import settings_for
from tests.support.mcp import live, ready_coach


def test_the_committed_client_is_what_the_schema_generates() -> None:
    # Regenerates from the committed schema in a temporary directory (the generator runs in a
    # subprocess, offline, with --fail-on-warning), then compares every file byte for byte.
    stale = stale_files()
    assert not stale, f"clients/python is out of date ({FIX}): {', '.join(stale)}"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_in_the_schema_resolves() -> None:
    # A dangling $ref makes generators skip the operation (it did for POST /v1/knowledge/documents).
    schema = json.loads(SCHEMA.read_text("utf-8"))
    components = schema["components"]["schemas"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/") and ref.split("/")[-1] in components, ref


@pytest.fixture
def client_package() -> Iterator[Any]:
    """The generated package, imported from clients/python."""
    sys.path.insert(0, str(CLIENT))
    try:
        import mus_coach_client

        yield mus_coach_client
    finally:
        sys.path.remove(str(CLIENT))


def test_the_typed_client_calls_the_api_with_a_key(tmp_path: Path, client_package: Any) -> None:
    from mus_coach_client.api.goals import check_v1_goals_check_post
    from mus_coach_client.models import GoalCheck, GoalCheckRequest, Problem

    settings = settings_for(tmp_path)
    _, key = KeyStore(settings).create("coach", "hr-system")
    coach = ready_coach(tmp_path / "coach")
    with live(create_app(settings, coach=coach)) as base:
        body = GoalCheckRequest(goal="Holde to kundeworkshops inden 1. juni 2026",
                                today=date(2026, 1, 5))
        with client_package.AuthenticatedClient(base_url=base, token=key) as client:
            answer = check_v1_goals_check_post.sync(client=client, body=body)
        assert isinstance(answer, GoalCheck)
        assert answer.deadline == date(2026, 6, 1) and answer.criteria.time_bound.met is True
        with client_package.Client(base_url=base) as anonymous:
            refused = check_v1_goals_check_post.sync_detailed(client=anonymous, body=body)
        assert refused.status_code == 401 and isinstance(refused.parsed, Problem)
