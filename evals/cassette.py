"""Record and replay model calls, so a run against a real model can be re-scored offline.

`CassetteBackend` wraps any `coach.llm.ChatBackend`. Each call is keyed by a sha256 of the model
name, the rendered messages, the requested schema and the sampling parameters. In record mode it
asks the wrapped backend and keeps the reply (or the failure's reason); in replay mode it
answers from the cassette and never touches the network. A replay miss raises *and* is
remembered, because `coach.llm.draft.draft` turns any backend exception into a quiet rules
fallback: the runner checks `misses` after every case and stops the run loudly.

A cassette is one directory: `calls.jsonl` (one call per line, sorted by key, so a re-recording
diffs cleanly) and `meta.json` (model and parameters).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from coach.errors import ModelError
from coach.llm import ChatBackend, failure_reason

T = TypeVar("T", bound=BaseModel)
Mode = Literal["record", "replay"]
CALLS = "calls.jsonl"
META = "meta.json"


class CassetteMiss(ModelError):
    """Replay was asked for a call the cassette does not hold."""

    reason = "cassette_miss"


class ReplayedFailure(ModelError):
    """A failure recorded in the cassette, raised again with the same reason slug."""

    def __init__(self, reason: str) -> None:
        """Carry the recorded reason so fallbacks replay exactly."""
        super().__init__(f"recorded failure: {reason}")
        self.reason = reason


class CassetteError(RuntimeError):
    """The cassette cannot serve this run (missing, or misses during replay)."""


def _message_text(message: BaseMessage) -> str:
    content = message.content
    return content if isinstance(content, str) else json.dumps(content, sort_keys=True)


def call_key(model: str, messages: Sequence[BaseMessage], schema: type[BaseModel] | None,
             params: Mapping[str, Any]) -> str:
    """sha256 over (model, rendered messages, schema, parameters), canonical JSON."""
    payload = {
        "model": model,
        "messages": [[m.type, _message_text(m)] for m in messages],
        "schema": None if schema is None else {"name": schema.__name__,
                                               "json": schema.model_json_schema()},
        "params": dict(params),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CassetteBackend:
    """A `ChatBackend` that records calls to, or replays them from, a cassette directory.

    Args:
        directory: The cassette (created on record).
        mode: "record" (call `inner`, keep replies) or "replay" (offline; misses fail).
        inner: The real backend; required for record, ignored for replay.
        model: Model name, part of every key.
        params: Sampling/format parameters that change replies (temperature, json mode).
    """

    # No overall draft deadline: a call cut off mid-flight would leave no entry, so the replay
    # would miss it. The wrapped backend's own timeouts still bound each call while recording.
    deadline: float | None = None

    def __init__(self, directory: Path, mode: Mode, *, inner: ChatBackend | None = None,
                 model: str = "unknown", params: Mapping[str, Any] | None = None) -> None:
        if mode == "record" and inner is None:
            raise ValueError("record mode needs the real backend to record from")
        self.directory = directory
        self.mode: Mode = mode
        self.inner = inner
        self.model = model
        self.params = dict(params or {})
        self.entries: dict[str, dict[str, Any]] = {}
        self.misses: list[str] = []
        self.hits = 0
        self._locks: dict[str, asyncio.Lock] = {}
        if mode == "replay":
            self._load()

    def _load(self) -> None:
        path = self.directory / CALLS
        if not path.is_file():
            raise CassetteError(f"no cassette at {self.directory} ({CALLS} missing); record one "
                                "with `mus-coach eval --engine llm --record DIR`")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise CassetteError(f"{path}:{number}: not a cassette entry") from None
        meta = self.directory / META
        if meta.is_file():
            recorded = json.loads(meta.read_text(encoding="utf-8"))
            self.model = recorded.get("model", self.model)
            self.params = recorded.get("params", self.params)

    async def complete(self, messages: Sequence[BaseMessage],
                       schema: type[T] | None = None) -> Any:
        """Answer from the cassette (replay) or the wrapped backend (record)."""
        key = call_key(self.model, messages, schema, self.params)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # a duplicate call in flight waits and reuses the first recording
            entry = self.entries.get(key)
            if entry is None and self.mode == "replay":
                self.misses.append(key)
                raise CassetteMiss(f"no recorded reply for call {key[:12]}")
            if entry is None:
                entry = await self._record(key, messages, schema)
            else:
                self.hits += 1
        if "error" in entry:
            raise ReplayedFailure(entry["error"])
        reply = entry["reply"]
        return reply if schema is None else schema.model_validate_json(reply)

    async def _record(self, key: str, messages: Sequence[BaseMessage],
                      schema: type[BaseModel] | None) -> dict[str, Any]:
        assert self.inner is not None
        entry: dict[str, Any] = {"key": key, "schema": schema.__name__ if schema else None}
        try:
            value = await self.inner.complete(messages, schema)
        except Exception as exc:  # recorded, so the replay falls back exactly as this run did
            entry["error"] = failure_reason(exc)
        else:
            entry["reply"] = value.model_dump_json() if isinstance(value, BaseModel) else value
        self.entries[key] = entry
        return entry

    def save(self) -> None:
        """Write the cassette (record mode); entries sorted by key for stable diffs."""
        if self.mode != "record":
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(self.entries[k], ensure_ascii=False, sort_keys=True)
                 for k in sorted(self.entries)]
        (self.directory / CALLS).write_text("\n".join(lines) + "\n", encoding="utf-8")
        meta = {"model": self.model, "params": self.params, "calls": len(lines)}
        (self.directory / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    def check(self) -> None:
        """Fail loudly when the replay missed any call."""
        if self.misses:
            raise CassetteError(
                f"{len(self.misses)} model call(s) are not in the cassette {self.directory}; "
                "a prompt, dataset, knowledge passage or rules-engine answer changed since it "
                "was recorded. Record it again: docs/evals.md, 'Cassettes'.")
