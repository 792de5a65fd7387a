"""The coach's worker threads end when it is closed, even with a model call left unanswered.

A fresh-clone CI run once hung at interpreter exit after every test passed: the interpreter
joins every worker-pool thread at exit, and one thread waited forever for a model call on an
event loop that had stopped. These tests fail (the thread is still alive) when that returns.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from coach.service import Coach, build_coach
from coach.settings import Settings


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate()
            if t.name.startswith("coach-worker") and t.is_alive() and not t.daemon]


class _SilentBackend:
    """A model that never answers (no deadline either): only the coach can stop the wait."""

    deadline = None
    detect_names = False

    def __init__(self) -> None:
        self.asked = threading.Event()

    async def complete(self, messages: Any, schema: Any = None) -> Any:
        self.asked.set()
        await asyncio.Event().wait()


def test_a_closed_coach_leaves_no_worker_thread(settings: Settings) -> None:
    before = set(_workers())
    coach = build_coach(settings, load_index=False)
    analysis = asyncio.run(coach.analyze_feedback("Du er altid så doven til møderne."))
    assert analysis.findings
    assert set(_workers()) - before  # the feature ran on the pool

    coach.close()
    assert set(_workers()) - before == set()


def test_a_call_left_on_a_stopped_loop_does_not_hold_its_thread(settings: Settings) -> None:
    before = set(_workers())
    backend = _SilentBackend()
    coach = Coach(settings=settings, llm=backend)  # type: ignore[arg-type]
    loop = asyncio.new_event_loop()
    task = loop.create_task(coach.analyze_feedback("Du er altid så doven til møderne."))
    deadline = time.monotonic() + 30
    while not backend.asked.is_set() and time.monotonic() < deadline:
        loop.run_until_complete(asyncio.sleep(0.05))
    assert backend.asked.is_set()
    # The caller's loop stops with the model call (and the feature) still pending on it.

    started = time.monotonic()
    coach.close()
    assert set(_workers()) - before == set()
    assert time.monotonic() - started < 3  # the wait gave up; close did not sit out its bound
    analysis = loop.run_until_complete(task)  # resumed, the caller gets the rules' answer
    loop.close()
    assert analysis.engine == "rules"
    assert analysis.findings


def test_closing_stops_a_model_call_the_caller_still_waits_for(settings: Settings) -> None:
    before = set(_workers())
    backend = _SilentBackend()
    coach = Coach(settings=settings, llm=backend)  # type: ignore[arg-type]

    async def main() -> Any:
        call = asyncio.create_task(coach.analyze_feedback("Du er altid så doven til møderne."))
        while not backend.asked.is_set():
            await asyncio.sleep(0.02)
        await asyncio.to_thread(coach.close)  # the app's shutdown, while a request waits
        return await asyncio.wait_for(call, 5)

    analysis = asyncio.run(main())
    assert analysis.engine == "rules"  # the rules engine answered once the call gave up
    assert analysis.findings
    assert set(_workers()) - before == set()


def test_a_closed_coach_runs_features_again(settings: Settings) -> None:
    coach = build_coach(settings, load_index=False)
    coach.close()
    again = asyncio.run(coach.analyze_feedback("Du er altid så doven til møderne."))
    assert again.findings
    coach.close()


class _CountingBackend:
    """A model that must never be asked."""

    deadline = None
    detect_names = False

    def __init__(self) -> None:
        self.calls = 0

    async def complete(self, messages: Any, schema: Any = None) -> Any:
        self.calls += 1
        raise AssertionError("the warm-up asked the model")


def test_the_warm_up_runs_the_rules_only_and_leaves_no_thread(settings: Settings) -> None:
    from coach.service import warm_up

    before = set(_workers())
    backend = _CountingBackend()
    coach = Coach(settings=settings, llm=backend)  # type: ignore[arg-type]
    warm_up(coach)
    assert backend.calls == 0
    assert coach._analyzer is not None and coach._bank is not None  # loaded for the service
    assert set(_workers()) - before == set()
