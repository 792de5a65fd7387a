"""The coach: one object that wires settings, retrieval and the LLM, used by the API and the CLI."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from coach.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Coach:
    """Entry point for every feature. Build it with `build_coach(settings)`.

    Feature methods live here as thin delegations to their modules so that the API and the CLI
    share one code path.
    """

    settings: Settings
    retriever: Any = None  # coach.retrieval.Retriever once loaded (readiness)
    llm: Any = None  # coach.llm.ChatBackend, or None for the rules engine
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """True once the knowledge index is loaded."""
        return self.retriever is not None


def build_coach(settings: Settings, *, load_index: bool = True) -> Coach:
    """Build a coach from settings; loads (or builds) the knowledge index unless told not to."""
    coach = Coach(settings=settings)
    if load_index:
        load_retriever(coach)
    return coach


def load_retriever(coach: Coach) -> None:
    """Load or build the knowledge index and attach it (filled in by the retrieval layer)."""
    try:
        from coach.retrieval import build_retriever
    except ImportError:  # retrieval layer not there yet
        return
    coach.retriever = build_retriever(coach.settings)
