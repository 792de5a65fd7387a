"""Helpers for the MCP tests (tests/api/mcp): a ready coach, examples, schema checks, a live app."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import uvicorn
from fastapi import FastAPI

from coach.service import Coach, load_retriever
from tests.support.api import settings_for

MUS_COACH = Path(sys.executable).with_name("mus-coach")

# The contract's tools ("Model Context Protocol"); those whose feature is not built are absent.
CONTRACT_TOOLS = frozenset({"analyze_feedback", "rephrase_feedback", "rehearse_feedback",
                            "check_goal", "prep_questions", "summarize_mus", "search_guidance"})

# Each tool's HTTP twin: method and path of the route whose body the tool returns.
ROUTES = {
    "analyze_feedback": ("POST", "/v1/feedback/analyze"),
    "rephrase_feedback": ("POST", "/v1/feedback/rephrase"),
    "rehearse_feedback": ("POST", "/v1/feedback/rehearse"),
    "check_goal": ("POST", "/v1/goals/check"),
    "prep_questions": ("POST", "/v1/prep/questions"),
    "search_guidance": ("GET", "/v1/guidance/search"),
}

# A Danish and an English call of every tool.
EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("analyze_feedback", {"text": "Du er doven og kommer altid for sent til møderne."}),
    ("analyze_feedback", {"text": "You never listen, but your report on Monday was thorough.",
                          "language": "en"}),
    ("rephrase_feedback", {"text": "Du er altid så negativ på møderne.",
                           "context": "Teammødet i tirsdags om budgettet."}),
    ("rephrase_feedback", {"text": "Jens, you're careless with the reports.",
                           "names": ["Jens"]}),
    ("rehearse_feedback", {"feedback": "Undskyld, det var ikke fair sagt.", "persona": "upset",
                           "history": [{"role": "manager", "text": "Du kommer altid for sent."},
                                       {"role": "employee", "text": "Det passer ikke."}]}),
    ("rehearse_feedback", {"feedback": "Jens, you never listen in meetings.",
                           "persona": "quiet", "names": ["Jens"]}),
    ("check_goal", {"goal": "Jeg vil holde to kundeworkshops inden 1. juni 2026.",
                    "today": "2026-01-05"}),
    ("check_goal", {"goal": "Get better at presenting", "today": "2026-01-05"}),
    ("prep_questions", {"role": "employee", "context": "Jeg vil gerne have mere ansvar",
                        "count": 5}),
    ("prep_questions", {"role": "manager", "topics": ["feedback", "wellbeing"],
                        "language": "en", "count": 4}),
    ("search_guidance", {"q": "Hvordan forbereder jeg mig som leder?", "k": 3}),
    ("search_guidance", {"q": "follow up after the review", "k": 2, "language": "en",
                         "audience": "manager"}),
]


def ready_coach(data_dir: Path, **overrides: Any) -> Coach:
    """A rules-engine coach with its (BM25) index loaded, on `data_dir`."""
    coach = Coach(settings=settings_for(data_dir, **overrides))
    load_retriever(coach)
    return coach


def validate(schema: dict[str, Any], instance: object) -> None:
    """Raise unless `schema` is a valid JSON Schema that `instance` satisfies."""
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(instance)


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a `mus-coach` child: no COACH_* from outside, rules engine, BM25."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update({"COACH_DATA_DIR": str(data_dir), "COACH_EMBEDDING": "bm25", **extra})
    return env


@contextmanager
def live(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port of 127.0.0.1 in a thread; yields the base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
