"""The chat backends: the real `openai` client against the fake server, every fault kind, and the
in-process FakeBackend. One live test runs only when COACH_LLM_BASE_URL is set."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from prometheus_client import REGISTRY
from pydantic import BaseModel

from coach.errors import ConfigError, MalformedReply, ModelError, ScriptExhausted
from coach.llm import FakeBackend, failure_reason
from coach.llm.backend import parse_reply
from coach.llm.openai_backend import OpenAIBackend, build_chat_backend
from coach.settings import Settings, get_settings
from tests.support.fake_openai import FakeOpenAI, free_port

MESSAGES = [SystemMessage("You answer with JSON."), HumanMessage("<user_text>hej</user_text>")]
GOOD: dict[str, Any] = {"text": "hej", "source_ids": []}


class Answer(BaseModel):
    text: str
    source_ids: list[str]


def settings_for(base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"llm_base_url": base_url, "llm_model": "fake-model",
                              "llm_api_key": "test-key", "llm_max_retries": 2, "llm_timeout": 5.0}
    values.update(overrides)
    return get_settings(_env_file=None, **values)


def backend_for(fake: FakeOpenAI, **overrides: Any) -> OpenAIBackend:
    backend = build_chat_backend(settings_for(fake.base_url, **overrides))
    assert isinstance(backend, OpenAIBackend)
    return backend


def ask(backend: OpenAIBackend, schema: type[BaseModel] | None = Answer) -> Any:
    return asyncio.run(backend.complete(MESSAGES, schema))


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


# --- configuration --------------------------------------------------------------------------


def test_no_llm_configured_means_rules_engine() -> None:
    assert build_chat_backend(get_settings(_env_file=None)) is None


@pytest.mark.parametrize(
    ("overrides", "fix"),
    [
        ({"llm_base_url": "http://127.0.0.1:1/v1"}, "COACH_LLM_MODEL"),
        ({"llm_model": "gpt-4o-mini"}, "COACH_LLM_API_KEY"),
        ({"azure_openai_endpoint": "https://x.openai.azure.com"}, "DEPLOYMENT"),
        ({"azure_openai_endpoint": "https://x", "azure_openai_deployment": "d"}, "API_VERSION"),
    ],
)
def test_incomplete_settings_say_what_to_set(overrides: dict[str, str], fix: str) -> None:
    with pytest.raises(ConfigError, match=fix):
        build_chat_backend(get_settings(_env_file=None, **overrides))


def test_openai_compatible_server_gets_schema_response_format(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply(GOOD)
    assert ask(backend_for(fake_openai)) == Answer.model_validate(GOOD)
    body = fake_openai.requests[0]
    assert body["model"] == "fake-model"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["text", "source_ids"]
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert fake_openai.headers[0]["authorization"] == "Bearer test-key"


def test_plain_text_completion(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("bare tekst")
    assert ask(backend_for(fake_openai), None) == "bare tekst"
    assert "response_format" not in fake_openai.requests[0]


def test_azure_openai_through_the_same_client(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply(GOOD)
    settings = get_settings(
        _env_file=None, azure_openai_endpoint=fake_openai.base_url.removesuffix("/v1"),
        azure_openai_deployment="coach-dep", azure_openai_api_version="2024-10-21",
        azure_openai_api_key="azure-key",
    )
    backend = build_chat_backend(settings)
    assert backend is not None
    assert asyncio.run(backend.complete(MESSAGES, Answer)) == Answer.model_validate(GOOD)
    assert fake_openai.headers[0]["api-key"] == "azure-key"


def test_json_object_mode_adds_schema_instructions(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply(GOOD)
    ask(backend_for(fake_openai, llm_json_mode="json_object"))
    body = fake_openai.requests[0]
    assert body["response_format"] == {"type": "json_object"}
    assert '"source_ids"' in body["messages"][0]["content"]


def test_rejected_response_format_falls_back_to_prompt_once(fake_openai: FakeOpenAI) -> None:
    fake_openai.reject_response_format().always(GOOD)
    backend = backend_for(fake_openai)

    async def twice() -> None:
        assert await backend.complete(MESSAGES, Answer) == Answer.model_validate(GOOD)
        assert len(fake_openai.requests) == 2
        assert backend.json_mode == "prompt"
        await backend.complete(MESSAGES, Answer)  # remembered: no second 400 round trip

    asyncio.run(twice())
    first, second, third = fake_openai.requests
    assert "response_format" in first and "response_format" not in second
    assert "JSON Schema" in second["messages"][0]["content"]
    assert "response_format" not in third


def test_other_400s_are_not_retried_in_prompt_mode(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(400)
    with pytest.raises(ModelError) as err:
        ask(backend_for(fake_openai, llm_json_mode="prompt"))
    assert err.value.reason == "bad_request"
    assert len(fake_openai.requests) == 1


# --- structured output repair ---------------------------------------------------------------


def test_fenced_json_is_accepted_without_a_repair_round(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply('```json\n{"text": "hej", "source_ids": []}\n```')
    assert ask(backend_for(fake_openai)) == Answer.model_validate(GOOD)
    assert len(fake_openai.requests) == 1


def test_malformed_reply_is_repaired_once_with_the_parse_error(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply("Here is your answer: text=hej").reply({"text": "hej"}).reply(GOOD)
    with pytest.raises(MalformedReply, match="source_ids"):
        ask(backend_for(fake_openai))
    assert len(fake_openai.requests) == 2
    repair = fake_openai.requests[1]["messages"]
    assert repair[-2]["role"] == "assistant" and "not valid JSON" in repair[-1]["content"]


def test_parse_reply_errors_never_quote_the_reply() -> None:
    with pytest.raises(MalformedReply) as err:
        parse_reply('{"text": "hemmelig 010190-1234"}', Answer)
    assert "hemmelig" not in str(err.value) and "010190" not in str(err.value)


# --- faults: each through the real client ---------------------------------------------------


def test_rate_limit_honours_retry_after(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(429, retry_after=1).reply(GOOD)
    start = time.monotonic()
    assert ask(backend_for(fake_openai)) == Answer.model_validate(GOOD)
    assert time.monotonic() - start >= 0.9
    assert len(fake_openai.requests) == 2


def test_server_errors_are_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.fail(500).fail(503).reply(GOOD)
    assert ask(backend_for(fake_openai)) == Answer.model_validate(GOOD)
    assert len(fake_openai.requests) == 3


def test_timeout_is_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply(GOOD, delay=2.0).reply(GOOD)
    assert ask(backend_for(fake_openai, llm_timeout=0.5)) == Answer.model_validate(GOOD)


@pytest.mark.parametrize("fault", ["garbage", "empty", "truncated"])
def test_bad_bodies_are_retried(fake_openai: FakeOpenAI, fault: str) -> None:
    if fault == "truncated":
        fake_openai.truncated(GOOD)
    else:
        getattr(fake_openai, fault)()
    fake_openai.reply(GOOD)
    assert ask(backend_for(fake_openai)) == Answer.model_validate(GOOD)
    assert len(fake_openai.requests) == 2


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (lambda f: f.always("") , "empty_reply"),
        (lambda f: [f.fail(500) for _ in range(3)], "server_error"),
        (lambda f: [f.fail(429, retry_after=0.1) for _ in range(3)], "rate_limited"),
        (lambda f: [f.truncated(GOOD) for _ in range(3)], "truncated_reply"),
        (lambda f: [f.garbage() for _ in range(3)], "invalid_response"),
    ],
)
def test_persistent_faults_end_in_a_reason(
    fake_openai: FakeOpenAI, script: Any, reason: str
) -> None:
    script(fake_openai)
    with pytest.raises(Exception) as err:
        ask(backend_for(fake_openai, llm_max_retries=2))
    assert failure_reason(err.value) == reason
    assert len(fake_openai.requests) == 3  # one try + two retries


def test_connection_refused_is_a_connection_failure() -> None:
    backend = build_chat_backend(settings_for(f"http://127.0.0.1:{free_port()}/v1",
                                              llm_max_retries=1))
    assert backend is not None
    with pytest.raises(ModelError) as err:
        asyncio.run(backend.complete(MESSAGES, Answer))
    assert failure_reason(err.value) == "connection"


def test_slow_request_does_not_block_others(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply({"text": "slow", "source_ids": []}, delay=1.5)
    fake_openai.reply({"text": "fast", "source_ids": []})
    backend = backend_for(fake_openai, llm_concurrency=2)
    finished: list[str] = []

    async def one() -> None:
        finished.append((await backend.complete(MESSAGES, Answer)).text)

    async def run() -> None:
        slow = asyncio.create_task(one())
        while not fake_openai.requests:
            await asyncio.sleep(0.01)
        await one()
        await slow

    asyncio.run(run())
    assert finished == ["fast", "slow"]


def test_concurrency_limit_queues_requests(fake_openai: FakeOpenAI) -> None:
    fake_openai.always(GOOD)
    fake_openai.reply(GOOD, delay=0.5)
    backend = backend_for(fake_openai, llm_concurrency=1)

    async def run() -> None:
        both = asyncio.gather(*(backend.complete(MESSAGES, Answer) for _ in range(2)))
        await asyncio.sleep(0.3)
        assert len(fake_openai.requests) == 1  # the second waits for the semaphore
        await both

    asyncio.run(run())
    assert len(fake_openai.requests) == 2


def test_calls_are_counted() -> None:
    before = counter("coach_llm_calls_total", outcome="ok")
    asyncio.run(FakeBackend(Answer.model_validate(GOOD)).complete(MESSAGES, Answer))
    assert counter("coach_llm_calls_total", outcome="ok") == before + 1


# --- FakeBackend --------------------------------------------------------------------------------


def test_fake_backend_replays_its_queue_and_records_calls() -> None:
    fake = FakeBackend().enqueue(Answer.model_validate(GOOD), '{"text": "b", "source_ids": ["x"]}',
                                 TimeoutError("boom"), "plain")

    async def run() -> None:
        assert await fake.complete(MESSAGES, Answer) == Answer.model_validate(GOOD)
        assert (await fake.complete(MESSAGES, Answer)).source_ids == ["x"]
        with pytest.raises(TimeoutError):
            await fake.complete(MESSAGES, Answer)
        assert await fake.complete(MESSAGES) == "plain"
        with pytest.raises(ScriptExhausted):
            await fake.complete(MESSAGES)

    asyncio.run(run())
    assert len(fake.calls) == 5
    assert fake.calls[0].messages == MESSAGES and fake.calls[0].schema is Answer


def test_fake_backend_repairs_like_the_real_one() -> None:
    fake = FakeBackend("not json", GOOD_JSON)
    assert asyncio.run(fake.complete(MESSAGES, Answer)) == Answer.model_validate(GOOD)
    assert "not valid JSON" in fake.calls[1].messages[-1].text


GOOD_JSON = '{"text": "hej", "source_ids": []}'


# --- live ---------------------------------------------------------------------------------------


@pytest.mark.live
@pytest.mark.skipif(not os.environ.get("COACH_LLM_BASE_URL"), reason="COACH_LLM_BASE_URL not set")
def test_live_endpoint_answers_in_schema() -> None:
    backend = build_chat_backend(get_settings())
    assert backend is not None
    answer = asyncio.run(backend.complete(
        [SystemMessage('Reply with JSON: {"text": <a Danish greeting>, "source_ids": []}'),
         HumanMessage("Sig hej.")], Answer))
    assert answer.text
