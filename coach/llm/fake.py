"""In-process chat backend for tests: replies come from a queue, calls are recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from coach.errors import ScriptExhausted
from coach.llm.backend import StructuredBackend
from coach.llm.prompts import PromptLibrary, get_prompts


@dataclass
class FakeCall:
    """One request `FakeBackend` received."""

    messages: list[BaseMessage]
    schema: type[BaseModel] | None


class FakeBackend(StructuredBackend):
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


