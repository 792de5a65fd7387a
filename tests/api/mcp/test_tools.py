"""The MCP tools in memory (the SDK's own client): schemas, answers equal to HTTP, errors."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp_types import CallToolResult

from api.app import create_app
from api.mcp.server import build_server, coach_tool, self_contained
from api.mcp.tools import TOOLS, ToolSpec
from api.schemas import FeedbackAnalyzeRequest
from coach.feedback import FeedbackAnalysis
from coach.llm.openai_backend import build_chat_backend
from coach.service import Coach, load_retriever
from tests.support.api import settings_for
from tests.support.fake_openai import FakeOpenAI
from tests.support.mcp import CONTRACT_TOOLS, EXAMPLES, ROUTES, ready_coach, validate

SECRET = "Karen Sørensen er doven"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """One ready coach for the module (the index takes a second to build)."""
    return ready_coach(tmp_path_factory.mktemp("mcp-tools"))


@pytest.fixture(scope="module")
def http(coach: Coach) -> Iterator[TestClient]:
    """The HTTP API around the same coach, to compare answers with."""
    with TestClient(create_app(coach.settings, coach=coach)) as client:
        yield client


def call(server: Any, name: str, arguments: dict[str, Any]) -> CallToolResult:
    """One tool call through the SDK's in-memory client."""
    async def go() -> CallToolResult:
        async with Client(server) as client:
            return await client.call_tool(name, arguments)
    return anyio.run(go)


def tools(server: Any) -> dict[str, Any]:
    """The listed tools by name."""
    async def go() -> dict[str, Any]:
        async with Client(server) as client:
            return {t.name: t for t in (await client.list_tools()).tools}
    return anyio.run(go)


def test_the_tools_are_the_table_rows_with_their_routes_schemas(coach: Coach) -> None:
    listed = tools(build_server(coach))
    assert list(listed) == [spec.name for spec in TOOLS]
    assert set(listed) <= CONTRACT_TOOLS
    for spec in TOOLS:
        tool = listed[spec.name]
        request = self_contained(spec.request.model_json_schema())
        # The same fields with the same limits as the HTTP request.
        assert tool.input_schema["properties"] == request["properties"], spec.name
        assert set(tool.input_schema.get("required", [])) == set(request.get("required", []))
        assert set(tool.output_schema["properties"]) == set(spec.response.model_fields)
        assert tool.annotations.read_only_hint and not tool.annotations.destructive_hint
        assert any(ch in tool.description for ch in "æøå"), "a Danish example"


def test_no_schema_holds_a_reference_or_a_shape_copilot_studio_refuses(coach: Coach) -> None:
    # Copilot Studio's MCP known issues: a tool with a `$ref` in its input or output schema is
    # dropped, a `type` array truncates the schema, an integer exclusiveMinimum throws.
    for tool in tools(build_server(coach)).values():
        for schema in (tool.input_schema, tool.output_schema):
            text = json.dumps(schema)
            assert "$ref" not in text and "$defs" not in text, tool.name
            assert '"exclusiveMinimum"' not in text, tool.name
            assert not any(isinstance(node.get("type"), list) for node in _nodes(schema))


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_inlining_keeps_what_a_reference_meant() -> None:
    schema = {"$defs": {"Item": {"type": "object", "properties": {"n": {"type": "integer"}}}},
              "type": "object",
              "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                             "one": {"$ref": "#/$defs/Item", "description": "The first."}}}
    inlined = self_contained(schema)
    item = {"type": "object", "properties": {"n": {"type": "integer"}}}
    assert inlined == {"type": "object", "properties": {
        "items": {"type": "array", "items": item}, "one": {**item, "description": "The first."}}}
    with pytest.raises(ValueError, match="recursive"):
        self_contained({"$defs": {"A": {"properties": {"a": {"$ref": "#/$defs/A"}}}},
                        "$ref": "#/$defs/A"})


@pytest.mark.parametrize(("name", "arguments"), EXAMPLES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_every_tool_returns_its_http_body_valid_against_its_output_schema(
        coach: Coach, http: TestClient, name: str, arguments: dict[str, Any]) -> None:
    server = build_server(coach)
    result = call(server, name, arguments)
    assert not result.is_error, result.content
    validate(tools(server)[name].output_schema, result.structured_content)
    method, path = ROUTES[name]
    response = (http.get(path, params=arguments) if method == "GET"
                else http.post(path, json=arguments))
    assert response.status_code == 200, response.text
    assert result.structured_content == response.json()
    # Clients that read only `content` get the same body as JSON text.
    assert json.loads(result.content[0].text) == response.json()


@pytest.mark.parametrize(("name", "arguments", "field", "fix"), [
    ("analyze_feedback", {"text": SECRET * 300}, "text", "at most 4000 characters"),
    ("analyze_feedback", {"text": "   "}, "text", "at least one non-space character"),
    ("analyze_feedback", {"text": SECRET, "language": "de"}, "language", "'da' or 'en'"),
    ("analyze_feedback", {"text": SECRET, "names": [SECRET * 10]}, "names[0]", "1-100 characters"),
    ("analyze_feedback", {"text": SECRET, "names": ["Karen"] * 21}, "names", "at most 20"),
    ("rephrase_feedback", {"context": SECRET}, "text", "is required"),
    ("check_goal", {"goal": SECRET, "today": "1. juni"}, "today", "YYYY-MM-DD"),
    ("prep_questions", {"role": "chef", "context": SECRET}, "role", "'employee' or 'manager'"),
    ("prep_questions", {"role": "employee", "topics": ["løn"]}, "topics", "purpose, "),
    ("prep_questions", {"role": "employee", "count": 31}, "count", "from 1 to 30"),
    ("search_guidance", {"q": SECRET, "k": 0}, "k", "from 1 to 20"),
    ("search_guidance", {"q": SECRET, "topic": "løn"}, "topic", "use one of: purpose"),
])
def test_bad_arguments_are_tool_errors_that_name_the_field_and_the_fix(
        coach: Coach, name: str, arguments: dict[str, Any], field: str, fix: str) -> None:
    result = call(build_server(coach), name, arguments)
    assert result.is_error and result.structured_content is None
    text = result.content[0].text
    assert f"{field}: " in text and fix in text, text
    assert "Karen" not in text and "doven" not in text and "løn" not in text, text


def test_the_coachs_input_errors_are_tool_errors_with_its_message(coach: Coach) -> None:
    # A row whose call hands the coach a blank text: the coach's own InputError, not a crash.
    spec = ToolSpec("blank", "Blank", Coach.analyze_feedback, FeedbackAnalyzeRequest,
                    FeedbackAnalysis, "Analyze a blank text.", needs_index=False,
                    call=lambda c, _: c.analyze_feedback("   "))
    result = call(MCPServer("test", tools=[coach_tool(spec, coach)]), "blank",
                  {"text": "Du er doven"})
    assert result.is_error
    assert result.content[0].text.endswith("text: must contain at least one non-space character")


def test_a_row_whose_method_does_not_take_its_fields_is_refused() -> None:
    spec = ToolSpec("odd", "Odd", Coach.search_guidance, FeedbackAnalyzeRequest,
                    FeedbackAnalysis, "A row that forgot its call.")
    with pytest.raises(TypeError, match=r"takes no \['text', 'names'\].*`call`"):
        coach_tool(spec, Coach(settings=settings_for(Path("/nonexistent"))))


def test_tools_that_need_the_index_say_retry_until_it_is_loaded(tmp_path: Path) -> None:
    coach = Coach(settings=settings_for(tmp_path))  # no index yet
    server = build_server(coach)
    waiting = call(server, "check_goal", {"goal": "Get better at Excel"})
    assert waiting.is_error
    assert "the knowledge index is still loading; retry shortly" in waiting.content[0].text
    # analyze_feedback needs no index (like its route), so it answers already.
    assert not call(server, "analyze_feedback", {"text": "You're lazy."}).is_error


def test_a_tool_waits_for_an_index_that_is_loading(tmp_path: Path) -> None:
    coach = Coach(settings=settings_for(tmp_path))
    server = build_server(coach, wait_for_index=60)
    loader = threading.Timer(0.3, load_retriever, args=(coach,))
    loader.start()
    started = time.monotonic()
    result = call(server, "search_guidance", {"q": "opfølgning efter MUS", "k": 1})
    loader.join()
    assert not result.is_error, result.content
    assert result.structured_content["results"]
    assert time.monotonic() - started >= 0.3


def test_names_are_redacted_before_the_model_and_restored_in_the_result(
        tmp_path: Path, coach: Coach, fake_openai: FakeOpenAI) -> None:
    settings = settings_for(tmp_path, llm_base_url=fake_openai.base_url, llm_model="fake-model",
                            llm_api_key="k", llm_max_retries=0)
    with_llm = Coach(settings=settings, llm=build_chat_backend(settings),
                     retriever=coach.retriever)
    fake_openai.reply({"suggestion": "Jeg vil holde [antal] oplæg om Excel for [PERSON_1] "
                                     "inden sommerferien.",
                       "questions": ["Hvor mange oplæg vil du holde?"],
                       "achievable": None, "relevant": None})
    result = call(build_server(with_llm), "check_goal", {
        "goal": "Jeg vil blive bedre til Excel, så jeg kan hjælpe Mette Hansen, inden "
                "sommerferien.", "today": "2026-03-10", "names": ["Mette Hansen"]})
    body = result.structured_content
    assert (body["engine"], body["degraded"]) == ("llm", False), body
    assert "Mette Hansen" in body["suggestion"]  # restored in the answer
    assert fake_openai.requests
    assert "Mette" not in fake_openai.texts and "Hansen" not in fake_openai.texts
