"""The chat interface the coaching features stand on: messages in, text or a pydantic object out.

Two implementations share `StructuredBackend` (parse into a schema, repair malformed output
once): `coach.llm.openai_backend.OpenAIBackend` (the `openai` SDK: OpenAI, Azure OpenAI or any
OpenAI-compatible server) and `coach.llm.fake.FakeBackend` (in-process, for tests). Both raise
only `coach.errors.ModelError`s, so the coach never handles SDK exceptions. langchain-core
supplies the messages and fence-tolerant JSON parsing. Nothing here logs message text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Protocol, TypeVar, overload

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.utils.json import parse_json_markdown
from prometheus_client import Counter
from pydantic import BaseModel, ValidationError

from coach.errors import MalformedReply, ModelError
from coach.llm.prompts import PromptLibrary

log = logging.getLogger("coach.llm")

T = TypeVar("T", bound=BaseModel)

# Labels are fixed vocabularies (outcome, reason), never user content.
LLM_CALLS = Counter("coach_llm_calls_total", "Chat completions asked of the LLM.", ["outcome"])
LLM_FALLBACKS = Counter(
    "coach_llm_fallbacks_total", "Answers handed to the rules engine after an LLM failure.",
    ["reason"],
)


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


class StructuredBackend:
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


def failure_reason(exc: BaseException) -> str:
    """A short reason slug for logs and metrics (never the exception's message)."""
    return exc.reason if isinstance(exc, ModelError) else "unexpected"
