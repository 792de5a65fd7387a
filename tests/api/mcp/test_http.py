"""`/mcp` on the API app: keys, rate limit, body limit, origins and logs, as for every path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from api.app import create_app
from coach.apikeys import KeyStore
from coach.service import Coach
from tests.support.api import settings_for
from tests.support.mcp import live, ready_coach, validate

ACCEPT = {"Accept": "application/json, text/event-stream"}
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "plain-http", "version": "1"}}}
LIST = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
MARKER = "Karen Sørensen kommer altid for sent"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """One ready coach for every app in the module."""
    return ready_coach(tmp_path_factory.mktemp("mcp-http"))


@contextmanager
def app_client(tmp_path: Path, coach: Coach, keys: dict[str, str] | None = None,
               **overrides: Any) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A running app (lifespan entered) with `keys` (name -> scope) created first."""
    settings = settings_for(tmp_path, **overrides)
    created = {name: KeyStore(settings).create(scope, name)[1]
               for name, scope in (keys or {}).items()}
    with TestClient(create_app(settings, coach=coach), raise_server_exceptions=False) as client:
        yield client, created


def call(name: str, arguments: dict[str, Any], rid: int = 3) -> dict[str, Any]:
    """A tools/call JSON-RPC request."""
    return {"jsonrpc": "2.0", "id": rid, "method": "tools/call",
            "params": {"name": name, "arguments": arguments}}


def test_the_sdk_client_is_refused_without_a_key_and_answered_with_one(
        tmp_path: Path, coach: Coach) -> None:
    settings = settings_for(tmp_path)
    _, key = KeyStore(settings).create("coach", "assistant")
    with live(create_app(settings, coach=coach)) as base:
        url = f"{base}/mcp"
        refused = httpx.post(url, json=INITIALIZE, headers=ACCEPT)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
        assert refused.headers["content-type"] == "application/problem+json"

        async def without_key() -> None:
            async with Client(url) as client:
                await client.list_tools()

        with pytest.raises(BaseExceptionGroup) as caught:  # the client's task groups wrap it
            anyio.run(without_key)
        assert caught.group_contains(MCPError, match="Server returned an error response",
                                     depth=None)

        async def with_key() -> tuple[Any, Any]:
            async with (httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}) as http,
                        Client(streamable_http_client(url, http_client=http)) as client):
                listed = {t.name: t for t in (await client.list_tools()).tools}
                result = await client.call_tool("check_goal", {
                    "goal": "Holde to kundeworkshops inden udgangen af juni",
                    "today": "2026-03-02"})
                return listed, result

        listed, result = anyio.run(with_key)
        assert not result.is_error
        validate(listed["check_goal"].output_schema, result.structured_content)
        assert result.structured_content["deadline"] is not None


def test_a_plain_http_client_can_initialize_list_and_call(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach, keys={"hr": "coach"}) as (client, keys):
        headers = {**ACCEPT, "X-API-Key": keys["hr"], "MCP-Protocol-Version": "2025-06-18"}
        init = client.post("/mcp", json=INITIALIZE, headers=headers)
        assert init.status_code == 200 and init.headers["content-type"] == "application/json"
        assert init.json()["result"]["serverInfo"]["name"] == "mus-coach"
        tools = client.post("/mcp", json=LIST, headers=headers).json()["result"]["tools"]
        schema = next(t["outputSchema"] for t in tools if t["name"] == "analyze_feedback")
        answer = client.post("/mcp", json=call("analyze_feedback", {"text": "You're lazy."}),
                             headers=headers).json()["result"]
        assert answer["isError"] is False
        validate(schema, answer["structuredContent"])


def test_mcp_is_open_while_no_key_exists_like_the_api(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach) as (client, _):
        assert client.post("/mcp", json=LIST, headers=ACCEPT).status_code == 200


def test_a_wrong_key_is_refused_and_an_admin_key_has_the_coach_scope(
        tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach, keys={"ops": "admin"}) as (client, keys):
        wrong = client.post("/mcp", json=LIST, headers={**ACCEPT, "X-API-Key": "nope"})
        assert wrong.status_code == 401
        admin = client.post("/mcp", json=LIST,
                            headers={**ACCEPT, "Authorization": f"Bearer {keys['ops']}"})
        assert admin.status_code == 200


def test_the_rate_limit_counts_per_key(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach, keys={"a": "coach", "b": "coach"},
                    rate_limit="2/minute") as (client, keys):
        def post(key: str) -> httpx.Response:
            return client.post("/mcp", json=LIST, headers={**ACCEPT, "X-API-Key": keys[key]})

        assert [post("a").status_code for _ in range(2)] == [200, 200]
        limited = post("a")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert post("b").status_code == 200


def test_a_body_over_the_limit_is_413_before_the_sdk_reads_it(tmp_path: Path,
                                                              coach: Coach) -> None:
    with app_client(tmp_path, coach) as (client, _):
        big = call("analyze_feedback", {"text": "x" * (70 * 1024)})
        response = client.post("/mcp", json=big, headers=ACCEPT)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"


def test_browser_origins_must_be_allowed(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach, cors_origins=["https://hr.example"]) as (client, _):
        other = client.post("/mcp", json=LIST, headers={**ACCEPT, "Origin": "http://evil.test"})
        assert other.status_code == 403 and "COACH_CORS_ORIGINS" in other.json()["detail"]
        allowed = client.post("/mcp", json=LIST,
                              headers={**ACCEPT, "Origin": "https://hr.example"})
        assert allowed.status_code == 200
        preflight = client.options("/mcp", headers={
            "Origin": "https://hr.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,mcp-protocol-version,x-api-key"})
        assert preflight.status_code == 200


def test_only_post_is_served(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach) as (client, _):
        response = client.get("/mcp", headers=ACCEPT)
        assert response.status_code == 405 and response.headers["Allow"] == "POST"


def test_mcp_calls_log_their_route_but_no_text(tmp_path: Path, coach: Coach,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    with app_client(tmp_path, coach, keys={"a": "coach"}) as (client, keys):
        headers = {**ACCEPT, "X-API-Key": keys["a"]}
        text = f"{MARKER} og er doven"
        messages = [
            call("analyze_feedback", {"text": text, "names": ["Karen"]}),
            call("rephrase_feedback", {"text": text, "context": MARKER, "names": ["Karen"]}),
            call("check_goal", {"goal": f"{MARKER} skal blive bedre", "context": MARKER}),
            call("prep_questions", {"role": "manager", "context": MARKER}),
            call("search_guidance", {"q": MARKER}),
            call("analyze_feedback", {"text": MARKER * 300}),  # invalid: too long
            call("check_goal", {"goal": MARKER, "today": MARKER}),  # invalid: today
            {"jsonrpc": "2.0", "id": 9, "method": "prompts/get",
             "params": {"name": "rephrase_my_feedback", "arguments": {"feedback": MARKER}}},
            {"jsonrpc": "2.0", "id": 10, "method": "prompts/get",
             "params": {"name": "prepare_my_mus", "arguments": {"role": MARKER}}},
        ]
        for message in messages:
            assert client.post("/mcp", json=message, headers=headers).status_code == 200
    out = capsys.readouterr().out
    assert '"route": "/mcp"' in out  # the service did log these requests
    for fragment in ("Karen", "Sørensen", "S\\u00f8rensen", "altid for sent", "doven"):
        assert fragment not in out, [ln for ln in out.splitlines() if fragment in ln][:3]
    assert "Tool 'check_goal' rejected arguments: ['today']" in out  # field names only


def test_mcp_requests_are_counted_under_their_route(tmp_path: Path, coach: Coach) -> None:
    with app_client(tmp_path, coach, metrics_public=True) as (client, _):
        client.post("/mcp", json=LIST, headers=ACCEPT)
        metrics = client.get("/metrics").text
        assert 'mus_coach_http_requests_total{method="POST",route="/mcp",status="200"}' in metrics


def test_the_json_answer_is_the_jsonrpc_response_itself(tmp_path: Path, coach: Coach) -> None:
    # No event stream: one POST, one JSON-RPC response body (what curl and Copilot Studio read).
    with app_client(tmp_path, coach) as (client, _):
        response = client.post("/mcp", json=call("search_guidance", {"q": "MUS over video"}),
                               headers=ACCEPT)
        body = json.loads(response.text)
        assert body["id"] == 3 and body["result"]["structuredContent"]["results"]
