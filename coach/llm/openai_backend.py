"""The real chat backend: chat completions through the `openai` SDK.

OpenAI, Azure OpenAI or any OpenAI-compatible server (Ollama, vLLM, llama.cpp). Transport
faults (timeouts, 429 with Retry-After, 5xx, refused connections) are retried by the SDK itself;
empty, truncated or non-JSON replies by tenacity; a server that rejects `response_format` is
asked again with instructions only (langchain-core's fallback runnable). Every SDK failure
leaves as a `coach.errors.ModelError` with a reason slug.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import openai
from langchain_core.messages import BaseMessage, SystemMessage, convert_to_openai_messages
from langchain_core.runnables import Runnable, RunnableLambda
from openai.types.chat import ChatCompletion
from pydantic import BaseModel
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from coach.errors import ConfigError, EmptyReply, InvalidResponse, ModelError, TruncatedReply
from coach.llm.backend import StructuredBackend
from coach.llm.prompts import PromptLibrary, get_prompts
from coach.settings import Settings

log = logging.getLogger("coach.llm")

JsonMode = Literal["schema", "json_object", "prompt"]


def _is_content_filter(exc: BaseException) -> bool:
    """Azure refuses a prompt its content filter flags with a 400 whose code says so."""
    if not isinstance(exc, openai.BadRequestError):
        return False
    body: dict[str, Any] = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    inner: dict[str, Any] = error if isinstance(error, dict) else body
    return "content_filter" in (str(exc.code), str(inner.get("code")))


_NOT_IN_STRICT = frozenset({"default", "maxLength", "minLength", "maxItems", "minItems",
                            "exclusiveMinimum", "exclusiveMaximum", "format", "pattern"})


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` as structured outputs' strict mode wants it: every object closed
    (`additionalProperties: false`) with every property required, and no keyword strict mode
    refuses (the reply is validated against the full pydantic model anyway)."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
                out[key] = {name: walk(sub) for name, sub in value.items()}  # names, not keywords
            elif key not in _NOT_IN_STRICT:
                out[key] = walk(value)
        if out.get("type") == "object" or "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out.get("properties", {}))
        return out

    result: dict[str, Any] = walk(schema)
    return result


def sdk_reason(exc: BaseException) -> str:
    """The reason slug of an SDK exception (never its message)."""
    if _is_content_filter(exc):
        return "content_filter"
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


class OpenAIBackend(StructuredBackend):
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
        detect_names: Also hide first names the caller did not pass (coach.llm.redaction).
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
        detect_names: bool = True,
    ) -> None:
        self.client = client
        self.deadline = deadline
        self.detect_names = detect_names  # redact first names found in the text too
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
        try:
            result: str = await chain.ainvoke(inp)
        except openai.OpenAIError as exc:  # the coach handles only its own ModelError
            raise ModelError(f"model request failed ({type(exc).__name__})", sdk_reason(exc)) \
                from exc
        return result

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
                    "schema": strict_schema(schema.model_json_schema()),
                    "strict": True,
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
            except openai.BadRequestError as exc:
                if _is_content_filter(exc):  # not a response_format problem: no prompt-only retry
                    raise ModelError("the content filter refused the prompt",
                                     "content_filter") from None
                raise
        if not isinstance(response, ChatCompletion) or not response.choices:
            raise InvalidResponse("not a chat completion")
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise TruncatedReply("finish_reason=length")
        if choice.finish_reason == "content_filter":
            # Azure withheld (part of) the reply; asking again gets the same: the rules answer.
            raise ModelError("the content filter withheld the reply", "content_filter")
        content = choice.message.content or ""
        if not content.strip():
            raise EmptyReply("empty content")
        return content


def build_chat_backend(settings: Settings) -> OpenAIBackend | None:
    """Build the configured backend, or None when no LLM is configured (the rules engine answers).

    Azure OpenAI is used when `azure_openai_endpoint` is set; otherwise any OpenAI-compatible
    server at `llm_base_url` (or api.openai.com when only a key and model are given).

    Raises:
        ConfigError: The LLM settings are incomplete; the message names the missing setting.
    """
    common: dict[str, Any] = {
        "timeout": settings.llm_timeout,
        "max_retries": settings.llm_max_retries,
    }
    client: openai.AsyncOpenAI
    if settings.azure_openai_endpoint:
        deployment = settings.azure_openai_deployment or settings.llm_model
        if not deployment:
            raise ConfigError("set COACH_AZURE_OPENAI_DEPLOYMENT to the Azure deployment name")
        if not settings.azure_openai_api_version:
            raise ConfigError("set COACH_AZURE_OPENAI_API_VERSION (e.g. 2024-10-21)")
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
            raise ConfigError("set COACH_LLM_MODEL to the model name the server expects")
        if not settings.llm_base_url and not settings.llm_api_key:
            raise ConfigError("set COACH_LLM_API_KEY (OpenAI) or COACH_LLM_BASE_URL (own server)")
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
        detect_names=settings.redact_detected_names,
    )
