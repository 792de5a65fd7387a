"""The chat interface the coaching features stand on: messages in, text or a pydantic object out.

Two implementations: `OpenAIBackend` (the `openai` SDK; OpenAI, Azure OpenAI or any
OpenAI-compatible server such as Ollama, vLLM or llama.cpp) and `FakeBackend` (in-process, for
unit tests). Transport faults (timeouts, 429 with Retry-After, 5xx, refused connections) are
retried by the SDK itself; empty, truncated or non-JSON replies by tenacity. langchain-core
supplies the messages, their OpenAI wire format, fence-tolerant JSON parsing and the fallback
runnable for servers that reject `response_format`. Nothing here logs message text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar, overload

import openai
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    convert_to_openai_messages,
)
from langchain_core.runnables import Runnable, RunnableLambda
from langchain_core.utils.json import parse_json_markdown
from openai.types.chat import ChatCompletion
from prometheus_client import Counter
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from coach.llm.prompts import PromptLibrary, get_prompts
from coach.settings import Settings

log = logging.getLogger("coach.llm")

T = TypeVar("T", bound=BaseModel)
JsonMode = Literal["schema", "json_object", "prompt"]

# Labels are fixed vocabularies (outcome, reason), never user content.
LLM_CALLS = Counter("coach_llm_calls_total", "Chat completions asked of the LLM.", ["outcome"])
LLM_FALLBACKS = Counter(
    "coach_llm_fallbacks_total", "Answers handed to the rules engine after an LLM failure.",
    ["reason"],
)


class LLMError(Exception):
    """A reply that cannot be used. `reason` is a short fixed slug, safe for logs and metrics."""

    reason = "llm_error"


class EmptyReply(LLMError):
    """The model returned no content."""

    reason = "empty_reply"


class TruncatedReply(LLMError):
    """The model stopped at the token limit (`finish_reason == "length"`)."""

    reason = "truncated_reply"


class InvalidResponse(LLMError):
    """The server's answer was not a chat completion at all."""

    reason = "invalid_response"


class MalformedReply(LLMError):
    """The reply did not parse into the requested schema (after one repair)."""

    reason = "malformed_reply"


class ScriptExhausted(LLMError):
    """`FakeBackend` was asked for more replies than were enqueued."""

    reason = "fake_exhausted"


def failure_reason(exc: BaseException) -> str:
    """Map an exception to a short reason slug for logs and metrics (never its message)."""
    if isinstance(exc, LLMError):
        return exc.reason
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.BadRequestError):
        return "bad_request"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return "auth"
    if isinstance(exc, openai.APIStatusError):
        return "server_error" if exc.status_code >= 500 else f"http_{exc.status_code}"
    if isinstance(exc, openai.APIResponseValidationError):
        return "invalid_response"
    return "unexpected"


def parse_reply(text: str, schema: type[T]) -> T:
    """Parse a model reply into `schema`; ``` fences around the JSON are tolerated.

    Raises:
        MalformedReply: With a message naming the problem, never quoting the reply.
    """
    try:
        data = parse_json_markdown(text, parser=json.loads)
    except (json.JSONDecodeError, ValueError) as err:
        raise MalformedReply(f"The reply was not valid JSON ({type(err).__name__}).") from None
    try:
        return schema.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}"
            for e in err.errors(include_input=False, include_url=False)
        )
        raise MalformedReply(f"The JSON did not match the schema: {problems}") from None


class ChatBackend(Protocol):
    """The one interface the coach talks to a model through.

    Attributes:
        deadline: Seconds one `draft` may spend on this backend in total (all retries and
            re-asks) before the rules engine answers; None = no overall limit.
    """

    deadline: float | None

    @overload
    async def complete(self, messages: Sequence[BaseMessage], schema: None = None) -> str: ...
    @overload
    async def complete(self, messages: Sequence[BaseMessage], schema: type[T]) -> T: ...
    async def complete(
        self, messages: Sequence[BaseMessage], schema: type[T] | None = None
    ) -> str | T:
        """Send `messages`; return the text, or the reply parsed and validated into `schema`."""
        ...


class _Structured:
    """Shared by both backends: parse into the schema, repairing malformed output once."""

    prompts: PromptLibrary

    async def _ask(
        self, messages: Sequence[BaseMessage], schema: type[BaseModel] | None
    ) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @overload
    async def complete(self, messages: Sequence[BaseMessage], schema: None = None) -> str: ...
    @overload
    async def complete(self, messages: Sequence[BaseMessage], schema: type[T]) -> T: ...
    async def complete(
        self, messages: Sequence[BaseMessage], schema: type[T] | None = None
    ) -> str | T:
        """Send `messages`; return text, or an instance of `schema` (one repair round if needed)."""
        try:
            text = await self._ask(messages, schema)
            if schema is None:
                LLM_CALLS.labels(outcome="ok").inc()
                return text
            try:
                value = parse_reply(text, schema)
            except MalformedReply as err:
                LLM_CALLS.labels(outcome="malformed").inc()
                repair = self.prompts.render("_repair.j2", {"error": str(err)})
                text = await self._ask([*messages, AIMessage(text), HumanMessage(repair)], schema)
                value = parse_reply(text, schema)
        except Exception as exc:
            LLM_CALLS.labels(outcome="error").inc()
            log.info("LLM call failed: %s", failure_reason(exc))
            raise
        LLM_CALLS.labels(outcome="ok").inc()
        return value


@dataclass
class FakeCall:
    """One request `FakeBackend` received."""

    messages: list[BaseMessage]
    schema: type[BaseModel] | None


class FakeBackend(_Structured):
    """In-process backend for unit tests: replies come from a queue, calls are recorded.

    `enqueue` a string (raw model text, parsed like a real reply), a pydantic object (returned as
    its JSON) or an exception (raised). Asking with an empty queue raises `ScriptExhausted`.
    """

    def __init__(
        self,
        *replies: str | BaseModel | Exception,
        prompts: PromptLibrary | None = None,
        deadline: float | None = None,
    ) -> None:
        self.prompts = prompts or get_prompts()
        self.deadline = deadline
        self.queue: list[str | BaseModel | Exception] = list(replies)
        self.calls: list[FakeCall] = []

    def enqueue(self, *replies: str | BaseModel | Exception) -> FakeBackend:
        """Add replies to the end of the queue; returns self for chaining."""
        self.queue.extend(replies)
        return self

    async def _ask(self, messages: Sequence[BaseMessage], schema: type[BaseModel] | None) -> str:
        self.calls.append(FakeCall(list(messages), schema))
        if not self.queue:
            raise ScriptExhausted("no reply enqueued")
        reply = self.queue.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, BaseModel):
            return reply.model_dump_json()
        return reply


class OpenAIBackend(_Structured):
    """Chat completions through the `openai` SDK (`AsyncOpenAI` or `AsyncAzureOpenAI`).

    Args:
        client: A configured SDK client; its `max_retries` and `timeout` cover transport faults.
        model: Model name (the deployment name on Azure).
        json_mode: How structured output is requested; see `Settings.llm_json_mode`.
        concurrency: Most requests in flight at once from this process.
        reply_retries: Extra attempts after an empty, truncated or non-JSON reply.
        reply_backoff: Seconds before the first such retry (doubling, with jitter).
        temperature: Sampling temperature, or None for the server default.
        deadline: Seconds one draft may take in total before the rules engine answers.
        prompts: Where the shared templates (`_json.j2`, `_repair.j2`) come from.
    """

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        *,
        json_mode: JsonMode = "schema",
        concurrency: int = 4,
        reply_retries: int = 2,
        reply_backoff: float = 0.5,
        temperature: float | None = None,
        deadline: float | None = None,
        prompts: PromptLibrary | None = None,
    ) -> None:
        self.client = client
        self.deadline = deadline
        self.model = model
        self.json_mode: JsonMode = json_mode
        self.temperature = temperature
        self.prompts = prompts or get_prompts()
        self._semaphore = asyncio.Semaphore(concurrency)
        self._retrying = AsyncRetrying(
            retry=retry_if_exception_type((EmptyReply, TruncatedReply, InvalidResponse)),
            stop=stop_after_attempt(reply_retries + 1),
            wait=wait_exponential_jitter(multiplier=reply_backoff, max=8.0, jitter=reply_backoff),
            reraise=True,
        )
        self._attempt: Runnable[dict[str, Any], str] = RunnableLambda(self._request_with_retry)
        # A server that rejects response_format with a 400 gets one more try with instructions only.
        self._with_fallback = self._attempt.with_fallbacks(
            [RunnableLambda(self._switch_to_prompt_only)],
            exceptions_to_handle=(openai.BadRequestError,),
        )

    async def _ask(self, messages: Sequence[BaseMessage], schema: type[BaseModel] | None) -> str:
        mode = self.json_mode if schema is not None else None
        inp = {"messages": list(messages), "schema": schema, "mode": mode}
        chain = self._with_fallback if mode in ("schema", "json_object") else self._attempt
        return await chain.ainvoke(inp)

    async def _switch_to_prompt_only(self, inp: dict[str, Any]) -> str:
        log.warning("LLM server rejected response_format; using prompt-only JSON from now on")
        self.json_mode = "prompt"
        return await self._request_with_retry({**inp, "mode": "prompt"})

    async def _request_with_retry(self, inp: dict[str, Any]) -> str:
        # The SDK retries transport faults; this retries replies that arrived but are unusable.
        # langchain's with_retry would do too, but cannot pass tenacity a sub-second backoff.
        result: str = await self._retrying.wraps(self._request)(inp)
        return result

    def _with_json_instructions(
        self, messages: list[BaseMessage], schema: type[BaseModel]
    ) -> list[BaseMessage]:
        schema_json = json.dumps(schema.model_json_schema(), ensure_ascii=False)
        instructions = self.prompts.render("_json.j2", {"schema": schema_json})
        if messages and isinstance(messages[0], SystemMessage):
            first = SystemMessage(f"{messages[0].text}\n\n{instructions}")
            return [first, *messages[1:]]
        return [SystemMessage(instructions), *messages]

    async def _request(self, inp: dict[str, Any]) -> str:
        messages: list[BaseMessage] = inp["messages"]
        schema: type[BaseModel] | None = inp["schema"]
        mode: JsonMode | None = inp["mode"]
        extra: dict[str, Any] = {}
        if schema is not None and mode == "schema":
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    # OpenAI allows [a-zA-Z0-9_-]{1,64}; generic models are named "Page[Item]".
                    "name": re.sub(r"[^a-zA-Z0-9_-]", "_", schema.__name__)[:64],
                    "schema": schema.model_json_schema(),
                },
            }
        elif schema is not None:
            messages = self._with_json_instructions(messages, schema)
            if mode == "json_object":
                extra["response_format"] = {"type": "json_object"}
        if self.temperature is not None:
            extra["temperature"] = self.temperature
        async with self._semaphore:
            try:
                response = await self.client.chat.completions.create(
                    model=self.model,
                    messages=convert_to_openai_messages(messages),  # type: ignore[arg-type]
                    **extra,
                )
            except ValueError:  # a 200 whose body is not JSON (the SDK's json.loads raised)
                raise InvalidResponse("response body is not JSON") from None
        if not isinstance(response, ChatCompletion) or not response.choices:
            raise InvalidResponse("not a chat completion")
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise TruncatedReply("finish_reason=length")
        content = choice.message.content or ""
        if not content.strip():
            raise EmptyReply("empty content")
        return content


def build_chat_backend(settings: Settings) -> OpenAIBackend | None:
    """Build the configured backend, or None when no LLM is configured (the rules engine answers).

    Azure OpenAI is used when `azure_openai_endpoint` is set; otherwise any OpenAI-compatible
    server at `llm_base_url` (or api.openai.com when only a key and model are given).

    Raises:
        ValueError: The LLM settings are incomplete; the message names the missing setting.
    """
    common: dict[str, Any] = {
        "timeout": settings.llm_timeout,
        "max_retries": settings.llm_max_retries,
    }
    client: openai.AsyncOpenAI
    if settings.azure_openai_endpoint:
        deployment = settings.azure_openai_deployment or settings.llm_model
        if not deployment:
            raise ValueError("set COACH_AZURE_OPENAI_DEPLOYMENT to the Azure deployment name")
        if not settings.azure_openai_api_version:
            raise ValueError("set COACH_AZURE_OPENAI_API_VERSION (e.g. 2024-10-21)")
        key = settings.azure_openai_api_key or settings.llm_api_key
        client = openai.AsyncAzureOpenAI(
            azure_endpoint=settings.azure_openai_endpoint,
            azure_deployment=deployment,
            api_version=settings.azure_openai_api_version,
            api_key=key.get_secret_value() if key else None,
            **common,
        )
        model = deployment
    elif settings.llm_base_url or settings.llm_api_key or settings.llm_model:
        if not settings.llm_model:
            raise ValueError("set COACH_LLM_MODEL to the model name the server expects")
        if not settings.llm_base_url and not settings.llm_api_key:
            raise ValueError("set COACH_LLM_API_KEY (OpenAI) or COACH_LLM_BASE_URL (own server)")
        # Local servers (Ollama, llama.cpp) accept any key, but the SDK insists on one.
        key_text = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unused"
        client = openai.AsyncOpenAI(base_url=settings.llm_base_url, api_key=key_text, **common)
        model = settings.llm_model
    else:
        return None
    return OpenAIBackend(
        client,
        model,
        json_mode=settings.llm_json_mode,
        concurrency=settings.llm_concurrency,
        reply_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        deadline=settings.llm_deadline,
    )
