"""Cassettes: a recorded run replays offline with identical answers; misses fail loudly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel

from coach.llm import FakeBackend, failure_reason
from evals.cassette import CALLS, CassetteBackend, CassetteError, CassetteMiss, call_key


class Reply(BaseModel):
    text: str
    score: int


MESSAGES = [SystemMessage("Rate it."), HumanMessage("Du er doven.")]


def test_record_then_replay_is_identical(tmp_path: Path) -> None:
    fake = FakeBackend(Reply(text="Jeg så, at [dato]...", score=4), "plain text")
    recorder = CassetteBackend(tmp_path, "record", inner=fake, model="m", params={"t": 0})
    first = asyncio.run(recorder.complete(MESSAGES, Reply))
    second = asyncio.run(recorder.complete([HumanMessage("hej")]))
    again = asyncio.run(recorder.complete(MESSAGES, Reply))  # same key: no second model call
    assert len(fake.calls) == 2 and again == first
    recorder.save()

    player = CassetteBackend(tmp_path, "replay")
    assert asyncio.run(player.complete(MESSAGES, Reply)) == first
    assert asyncio.run(player.complete([HumanMessage("hej")])) == second
    player.check()
    assert (tmp_path / CALLS).read_text(encoding="utf-8").count("\n") == 2


def test_replay_miss_raises_and_check_fails(tmp_path: Path) -> None:
    CassetteBackend(tmp_path, "record", inner=FakeBackend(), model="m").save()
    player = CassetteBackend(tmp_path, "replay")
    with pytest.raises(CassetteMiss):
        asyncio.run(player.complete([HumanMessage("never recorded")]))
    with pytest.raises(CassetteError, match="not in the cassette"):
        player.check()


def test_missing_cassette_fails(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match="no cassette"):
        CassetteBackend(tmp_path / "nope", "replay")


def test_recorded_failure_replays_with_its_reason(tmp_path: Path) -> None:
    from coach.errors import EmptyReply

    recorder = CassetteBackend(tmp_path, "record", inner=FakeBackend(EmptyReply("x")), model="m")
    with pytest.raises(Exception) as recorded:
        asyncio.run(recorder.complete(MESSAGES, Reply))
    recorder.save()
    with pytest.raises(Exception) as replayed:
        asyncio.run(CassetteBackend(tmp_path, "replay").complete(MESSAGES, Reply))
    assert failure_reason(replayed.value) == failure_reason(recorded.value) == "empty_reply"


def test_key_covers_model_prompt_schema_and_params() -> None:
    base = call_key("m", MESSAGES, Reply, {"t": 0})
    assert base == call_key("m", list(MESSAGES), Reply, {"t": 0})
    assert base != call_key("other", MESSAGES, Reply, {"t": 0})
    assert base != call_key("m", [*MESSAGES[:1], HumanMessage("Du er sur.")], Reply, {"t": 0})
    assert base != call_key("m", MESSAGES, None, {"t": 0})
    assert base != call_key("m", MESSAGES, Reply, {"t": 1})
