"""docs/integrations.md: every marked snippet parses, and runs against a live test service."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx2
import pytest
import yaml
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from api.app import create_app
from coach.apikeys import KeyStore
from coach.settings import Settings
from scripts.generate_client import CLIENT
from tests.support.api import settings_for
from tests.support.mcp import live, ready_coach, validate

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "integrations.md"
SNIPPET = re.compile(r"<!-- snippet: ([\w-]+) -->\n```(\w+)\n(.*?)\n```", re.S)


def snippets() -> dict[str, tuple[str, str]]:
    """Marked code blocks by name: (language, code)."""
    return {name: (lang, code) for name, lang, code in SNIPPET.findall(GUIDE.read_text("utf-8"))}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A live service with a coach-scope key: (base URL, key)."""
    tmp = tmp_path_factory.mktemp("integrations")
    settings = settings_for(tmp)
    _, key = KeyStore(settings).create("coach", "integration-guide")
    with live(create_app(settings, coach=ready_coach(tmp / "coach"))) as base:
        yield base, key


def test_every_marked_snippet_is_checked_here() -> None:
    assert set(snippets()) == {"claude-desktop", "vscode", "copilot-studio-connector", "curl",
                               "python-http", "python-client"}


def _runs_mus_coach_mcp(server: dict[str, Any]) -> None:
    # The invocation tests/api/mcp/test_stdio.py runs: the mus-coach script with `mcp`.
    assert Path(server["command"].replace("\\", "/")).name == "mus-coach"
    assert server["args"] == ["mcp"]


def test_the_claude_desktop_config_starts_mus_coach_mcp_with_real_settings() -> None:
    config = json.loads(snippets()["claude-desktop"][1])
    server = config["mcpServers"]["mus-coach"]
    _runs_mus_coach_mcp(server)
    fields = {f"COACH_{name.upper()}" for name in Settings.model_fields}
    assert set(server.get("env", {})) <= fields


def test_the_vscode_http_server_entry_reaches_the_service(service: tuple[str, str]) -> None:
    config = json.loads(snippets()["vscode"][1])
    _runs_mus_coach_mcp(config["servers"]["mus-coach"])
    assert config["servers"]["mus-coach"]["type"] == "stdio"
    remote = config["servers"]["mus-coach-http"]
    assert remote["type"] == "http" and urlsplit(remote["url"]).path == "/mcp"
    inputs = {i["id"]: i for i in config["inputs"]}
    base, key = service
    headers = {}
    for name, value in remote["headers"].items():
        for ref in re.findall(r"\$\{input:([\w-]+)\}", value):
            assert inputs[ref]["type"] == "promptString" and inputs[ref]["password"] is True
            value = value.replace(f"${{input:{ref}}}", key)
        headers[name] = value
    url = base + urlsplit(remote["url"]).path

    async def session() -> Any:
        async with (httpx2.AsyncClient(headers=headers) as http,
                    Client(streamable_http_client(url, http_client=http)) as client):
            listed = {t.name: t for t in (await client.list_tools()).tools}
            result = await client.call_tool("check_goal", {"goal": "Get better at Excel"})
            validate(listed["check_goal"].output_schema, result.structured_content)
            return result

    assert not anyio.run(session).is_error


def test_the_copilot_studio_connector_posts_to_mcp_with_its_key_header(
        service: tuple[str, str]) -> None:
    spec = yaml.safe_load(snippets()["copilot-studio-connector"][1])
    assert spec["swagger"] == "2.0" and spec["schemes"] == ["https"]
    operation = spec["paths"]["/mcp"]["post"]
    assert operation["x-ms-agentic-protocol"] == "mcp-streamable-1.0"
    scheme = spec["securityDefinitions"]["api_key"]
    assert (scheme["type"], scheme["in"]) == ("apiKey", "header")
    assert spec["security"] == [{"api_key": []}]
    # The wizard in the guide uses the same header.
    assert f"header name `{scheme['name']}`" in GUIDE.read_text("utf-8")
    base, key = service
    url = base + spec["basePath"].rstrip("/") + "/mcp"
    answer = httpx2.post(url, headers={scheme["name"]: key, "Accept": "application/json"},
                         json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert answer.status_code == 200
    assert {t["name"] for t in answer.json()["result"]["tools"]} >= {"check_goal"}


def test_the_curl_calls_initialize_list_and_check_a_goal(service: tuple[str, str]) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    base, key = service
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", snippets()["curl"][1]],
                          capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "MUS_COACH_URL": base, "MUS_COACH_KEY": key})
    init, listed, called = (json.loads(line) for line in done.stdout.splitlines())
    assert init["result"]["serverInfo"]["name"] == "mus-coach"
    schema = next(t["outputSchema"] for t in listed["result"]["tools"]
                  if t["name"] == "check_goal")
    assert called["result"]["isError"] is False
    validate(schema, called["result"]["structuredContent"])
    assert called["result"]["structuredContent"]["deadline"] == "2026-06-01"


def _run(code: str, service: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUS_COACH_URL", service[0])
    monkeypatch.setenv("MUS_COACH_KEY", service[1])
    exec(compile(code, str(GUIDE), "exec"), {"__name__": "snippet"})


def test_the_python_http_snippet_analyzes_feedback(
        service: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _run(snippets()["python-http"][1], service, monkeypatch)
    assert capsys.readouterr().out.startswith("True ['Du er doven'")


def test_the_typed_client_snippet_checks_a_goal(
        service: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.syspath_prepend(str(CLIENT))
    _run(snippets()["python-client"][1], service, monkeypatch)
    is_smart, deadline = capsys.readouterr().out.split()[:2]
    assert is_smart == "False" and date.fromisoformat(deadline).year == 2026
    assert "mus_coach_client" in sys.modules
