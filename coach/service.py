"""The coach: one object that wires settings, retrieval and the LLM, used by the API and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.settings import Settings

if TYPE_CHECKING:
    from datetime import date

    from coach.feedback.analyzer import FeedbackAnalysis, FeedbackAnalyzer
    from coach.feedback.rephrase import RephraseResult
    from coach.goals import GoalCheck
    from coach.prep import PrepResult

log = logging.getLogger(__name__)


@dataclass
class Coach:
    """Entry point for every feature. Build it with `build_coach(settings)`.

    Feature methods live here as thin delegations to their modules so that the API and the CLI
    share one code path.
    """

    settings: Settings
    retriever: Any = None  # coach.knowledge.search.Retriever once loaded (readiness)
    llm: Any = None  # coach.llm.backend.ChatBackend, or None for the rules engine
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """True once the knowledge index is loaded."""
        return self.retriever is not None

    @property
    def analyzer(self) -> FeedbackAnalyzer:
        """The feedback analyzer: built-in lexicon, or `settings.feedback_lexicon` (built once)."""
        from coach.feedback.analyzer import FeedbackAnalyzer, default_analyzer
        from coach.feedback.lexicon import load_lexicon

        if "feedback_analyzer" not in self.extras:
            path = self.settings.feedback_lexicon
            self.extras["feedback_analyzer"] = (
                FeedbackAnalyzer(load_lexicon(path)) if path else default_analyzer())
        return self.extras["feedback_analyzer"]

    async def analyze_feedback(self, text: str, language: str | None = None,
                               names: Sequence[str] = ()) -> FeedbackAnalysis:
        """Person-directed findings and strengths of feedback (`coach.feedback.analyzer`)."""
        from coach.limits import check_names, check_text

        return self.analyzer.analyze(check_text(text, "text"), language, check_names(names))

    async def rephrase_feedback(self, text: str, context: str | None = None,
                                language: str | None = None,
                                names: Sequence[str] = ()) -> RephraseResult:
        """SBI rephrasings of feedback (`coach.feedback`): LLM when configured, else rules."""
        from coach.feedback.rephrase import rephrase

        return await rephrase(text, context=context, language=language, names=names,
                              backend=self.llm, retriever=self.retriever, analyzer=self.analyzer)

    async def check_goal(self, goal: str, context: str | None = None,
                         language: str | None = None, today: date | None = None,
                         names: Sequence[str] = ()) -> GoalCheck:
        """SMART check of a goal with deadline and suggestion (`coach.goals.check.check_goal`)."""
        from coach.goals import check_goal

        return await check_goal(goal, context=context, language=language, today=today,
                                names=names, llm=self.llm, retriever=self.retriever)

    async def prep_questions(self, role: str, topics: Sequence[str] | None = None,
                             context: str | None = None, language: str | None = None,
                             count: int = 10, names: Sequence[str] = ()) -> PrepResult:
        """Preparation questions for a MUS (`coach.prep.plan.prepare`); the bank is loaded once."""
        from coach.knowledge.passages import load_question_bank
        from coach.prep import prepare

        if "question_bank" not in self.extras:
            self.extras["question_bank"] = load_question_bank(self.settings.knowledge_dir)
        return await prepare(self.extras["question_bank"], self.retriever, self.llm, role=role,
                             topics=topics, context=context, language=language, count=count,
                             names=names)


def build_coach(settings: Settings, *, load_index: bool = True) -> Coach:
    """Build a coach from settings; loads (or builds) the knowledge index unless told not to."""
    from coach.llm.openai_backend import build_chat_backend

    # No LLM configured -> None, and every feature answers with its rules engine.
    coach = Coach(settings=settings, llm=build_chat_backend(settings))
    if load_index:
        load_retriever(coach)
    return coach


def load_retriever(coach: Coach) -> None:
    """Load or build the knowledge index and attach it (filled in by the retrieval layer)."""
    try:
        from coach.knowledge.search import build_retriever
    except ImportError:  # retrieval layer not there yet
        return
    coach.retriever = build_retriever(coach.settings)
