"""MCP resources (guidance passages, taxonomy) and prompts, through the SDK's in-memory client."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
import yaml
from mcp import Client
from mcp.shared.exceptions import MCPError

from api.mcp.server import build_server
from coach.service import Coach
from coach.taxonomy import TOPIC_SLUGS
from tests.support.api import settings_for
from tests.support.mcp import ready_coach

T = TypeVar("T")


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """One ready coach for the module."""
    return ready_coach(tmp_path_factory.mktemp("mcp-resources"))


def run(server: Any, step: Callable[[Client], Awaitable[T]]) -> T:
    """Run `step` with an in-memory client of `server`."""
    async def go() -> T:
        async with Client(server) as client:
            return await step(client)
    return anyio.run(go)


def failure(server: Any, step: Callable[[Client], Awaitable[object]]) -> MCPError:
    """The protocol error `step` gets (caught inside the client, which would wrap it)."""
    async def go() -> MCPError:
        async with Client(server) as client:
            try:
                await step(client)
            except MCPError as exc:
                return exc
        raise AssertionError("no MCPError")
    return anyio.run(go)


def test_every_passage_is_listed_and_reads_as_markdown_with_its_fields(coach: Coach) -> None:
    assert coach.retriever is not None
    passages = {p.id: p for p in coach.retriever.passages}
    server = build_server(coach)
    listed = run(server, lambda c: c.list_resources()).resources
    uris = {r.uri for r in listed}
    assert {f"guidance://{pid}" for pid in passages} | {"taxonomy://topics"} == uris
    templates = run(server, lambda c: c.list_resource_templates()).resource_templates
    assert [t.uri_template for t in templates] == ["guidance://{id}"]

    pid = next(p for p in passages if passages[p].language == "da")
    text = run(server, lambda c: c.read_resource(f"guidance://{pid}")).contents[0].text
    _, front, body = text.split("---\n", 2)
    fields = yaml.safe_load(front)
    passage = passages[pid]
    assert fields == {"id": pid, "title": passage.title, "topic": passage.topic,
                      "audience": passage.audience, "language": passage.language,
                      "source": passage.source}
    assert body.strip().startswith(f"# {passage.title}")
    assert passage.text.strip() in body


def test_an_unknown_passage_is_an_error_that_says_where_ids_come_from(coach: Coach) -> None:
    error = failure(build_server(coach), lambda c: c.read_resource("guidance://nope:00000000"))
    assert "find ids with search_guidance" in error.message


def test_passages_wait_for_the_index_like_the_tools(tmp_path: Path) -> None:
    server = build_server(Coach(settings=settings_for(tmp_path)))
    listed = run(server, lambda c: c.list_resources()).resources
    assert [r.uri for r in listed] == ["taxonomy://topics"]
    error = failure(server, lambda c: c.read_resource("guidance://purpose-why-da:00000000"))
    assert "still loading; retry shortly" in error.message


def test_the_taxonomy_lists_every_topic_in_meeting_order_in_both_languages(coach: Coach) -> None:
    text = run(build_server(coach), lambda c: c.read_resource("taxonomy://topics")).contents[0].text
    taxonomy = json.loads(text)
    assert [t["slug"] for t in taxonomy["topics"]] == list(TOPIC_SLUGS)
    assert all(set(t["title"]) == {"da", "en"} for t in taxonomy["topics"])
    assert taxonomy["audiences"] == ["employee", "manager", "both"]
    assert taxonomy["sources"] == ["builtin", "org"]


def prompt(server: Any, name: str, arguments: dict[str, str]) -> str:
    """The single user message a prompt renders."""
    result = run(server, lambda c: c.get_prompt(name, arguments))
    assert [m.role for m in result.messages] == ["user"]
    text: str = result.messages[0].content.text
    return text


def test_the_prompts_are_listed_with_their_arguments(coach: Coach) -> None:
    prompts = {p.name: p for p in run(build_server(coach), lambda c: c.list_prompts()).prompts}
    assert set(prompts) == {"prepare_my_mus", "rephrase_my_feedback"}
    required = {name: [a.name for a in p.arguments or [] if a.required]
                for name, p in prompts.items()}
    assert required == {"prepare_my_mus": ["role"], "rephrase_my_feedback": ["feedback"]}


@pytest.mark.parametrize(("role", "language", "expected"), [
    ("employee", "da", "som medarbejder"), ("manager", "da", "som leder"),
    ("employee", "en", "as the employee"), ("manager", "en", "as the manager"),
])
def test_prepare_my_mus_asks_for_the_roles_questions_in_its_language(
        coach: Coach, role: str, language: str, expected: str) -> None:
    text = prompt(build_server(coach), "prepare_my_mus", {"role": role, "language": language})
    assert expected in text
    assert f"prep_questions (role: {role}, language: {language})" in text
    assert "names" in text


def test_prepare_my_mus_takes_the_language_of_the_situation(coach: Coach) -> None:
    text = prompt(build_server(coach), "prepare_my_mus",
                  {"role": "employee", "context": "Jeg er ny i teamet og har for travlt"})
    assert "language: da" in text and "Min situation: Jeg er ny i teamet" in text


def test_rephrase_my_feedback_carries_the_text_and_its_background(coach: Coach) -> None:
    text = prompt(build_server(coach), "rephrase_my_feedback",
                  {"feedback": "You never listen to the team.",
                   "context": "The planning meeting on Tuesday."})
    assert "rephrase_feedback (language: en)" in text
    assert "Feedback:\nYou never listen to the team." in text
    assert "Background:\nThe planning meeting on Tuesday." in text
    dansk = prompt(build_server(coach), "rephrase_my_feedback",
                   {"feedback": "Du er altid så negativ."})
    assert "rephrase_feedback (language: da)" in dansk and "Baggrund" not in dansk


@pytest.mark.parametrize(("name", "arguments", "message"), [
    ("prepare_my_mus", {"role": "chef"}, "role: use 'employee' or 'manager'"),
    ("prepare_my_mus", {"role": "manager", "language": "de"}, "language: use 'da' or 'en'"),
    ("rephrase_my_feedback", {"feedback": "  "}, "feedback: must contain at least one"),
    ("rephrase_my_feedback", {"feedback": "Du er doven " * 400}, "feedback: must be at most 4000"),
    ("rephrase_my_feedback", {"context": "x"}, "missing required argument: feedback"),
    ("prepare_my_lunch", {}, "unknown prompt; use one of: prepare_my_mus, rephrase_my_feedback"),
])
def test_bad_prompt_arguments_are_errors_that_say_the_fix(
        coach: Coach, name: str, arguments: dict[str, str], message: str) -> None:
    error = failure(build_server(coach), lambda c: c.get_prompt(name, arguments))
    assert message in error.message and "doven" not in error.message


def test_the_prompt_catalogue_has_every_sentence_in_both_languages() -> None:
    from api.mcp.prompts import MESSAGES
    from coach.catalogue import read_catalogue

    entries = read_catalogue(MESSAGES).entries  # checks da/en pairs and their {fields}
    assert {"prepare.employee", "prepare.manager", "rephrase.ask"} <= set(entries)
