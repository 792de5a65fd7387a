"""A scripted OpenAI-compatible server on 127.0.0.1 for tests, and its pytest fixtures.

Registered as a plugin from tests/conftest.py (`pytest_plugins`). The real `openai` client talks
to it over HTTP, so wire format, SDK retries and redaction are tested end to end. Script replies
and faults with the builder methods; every request body is recorded in `requests`.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response


@dataclass
class Step:
    """One scripted answer to a chat-completions request."""

    content: str | None = ""
    finish_reason: str = "stop"
    delay: float = 0.0
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: str | None = None  # sent verbatim (not a chat completion) when set
    only_if_response_format: bool = False  # skip this step for requests without response_format


def completion(model: str, content: str | None, finish_reason: str = "stop") -> dict[str, Any]:
    """A minimal chat.completion body."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": finish_reason, "logprobs": None}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class FakeOpenAI:
    """The server's script and records. Builder methods return self, so they chain."""

    def __init__(self) -> None:
        self.base_url = ""
        self._lock = threading.Lock()
        self.script: list[Step] = []
        self.default: Step | None = None
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []

    def reset(self) -> None:
        """Forget the script, the default and the recorded requests."""
        with self._lock:
            self.script.clear()
            self.default = None
            self.requests.clear()
            self.headers.clear()

    def _add(self, step: Step) -> FakeOpenAI:
        with self._lock:
            self.script.append(step)
        return self

    def reply(self, content: str | dict[str, Any] | list[Any], *, delay: float = 0.0) -> FakeOpenAI:
        """Answer with `content` (a dict or list is sent as its JSON text)."""
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        return self._add(Step(content=text, delay=delay))

    def always(self, content: str | dict[str, Any]) -> FakeOpenAI:
        """Answer every request beyond the script with `content`."""
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        self.default = Step(content=text)
        return self

    def fail(self, status: int, *, retry_after: float | None = None) -> FakeOpenAI:
        """Answer with an HTTP error (429 with Retry-After, 500, 400, ...)."""
        headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
        return self._add(Step(status=status, headers=headers))

    def reject_response_format(self) -> FakeOpenAI:
        """400 for the next request that carries `response_format` (servers without support)."""
        return self._add(Step(status=400, only_if_response_format=True))

    def garbage(self) -> FakeOpenAI:
        """A 200 whose body is not a chat completion."""
        return self._add(Step(raw="<html>502 upstream garbage</html>"))

    def empty(self) -> FakeOpenAI:
        """A completion with empty content."""
        return self._add(Step(content=""))

    def truncated(self, content: str | dict[str, Any]) -> FakeOpenAI:
        """A completion cut off halfway with `finish_reason: length`."""
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        return self._add(Step(content=text[: len(text) // 2], finish_reason="length"))

    def _next(self, body: dict[str, Any]) -> Step | None:
        with self._lock:
            self.requests.append(body)
            for i, step in enumerate(self.script):
                if step.only_if_response_format and "response_format" not in body:
                    continue
                return self.script.pop(i)
            return self.default

    @property
    def texts(self) -> str:
        """Every recorded request body as one JSON string (for 'never sent' assertions)."""
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in self.requests)


def build_app(fake: FakeOpenAI) -> FastAPI:
    """The ASGI app speaking `/v1/chat/completions` and `/v1/models`."""
    app = FastAPI()

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list",
                "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}]}

    @app.post("/v1/chat/completions")
    @app.post("/openai/deployments/{deployment}/chat/completions")  # Azure's path
    async def chat(request: Request) -> Response:
        body = await request.json()
        fake.headers.append(dict(request.headers))
        step = fake._next(body)
        if step is None:
            return JSONResponse({"error": {"message": "no scripted reply"}}, status_code=500,
                                headers={"x-should-retry": "false"})
        if step.delay:
            await asyncio.sleep(step.delay)
        if step.status != 200:
            err = {"error": {"message": "scripted fault", "type": "fake", "code": step.status}}
            return JSONResponse(err, status_code=step.status, headers=step.headers)
        if step.raw is not None:
            return PlainTextResponse(step.raw, media_type="application/json")
        return JSONResponse(completion(body.get("model", "fake"), step.content, step.finish_reason))

    return app


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on (for connection-refused tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def fake_openai_server() -> Iterator[FakeOpenAI]:
    """One server for the session, on a random free port of 127.0.0.1."""
    fake = FakeOpenAI()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_app(fake), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake OpenAI server did not start")
        time.sleep(0.02)
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    yield fake
    server.should_exit = True
    thread.join(timeout=5)
    sock.close()


@pytest.fixture
def fake_openai(fake_openai_server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    """The session's fake server with an empty script and no recorded requests."""
    fake_openai_server.reset()
    yield fake_openai_server
    fake_openai_server.reset()
