"""The coach: one object that wires settings, retrieval and the LLM, used by every adapter.

API, CLI, web pages and evals all call the same `Coach` methods, so a feature behaves the same
everywhere. Features are imported when first used: the CLI's `--analyze-only` needs neither the
index nor the LLM layer, and starts without loading them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from coach.errors import NotReadyError
from coach.settings import Settings

if TYPE_CHECKING:
    from coach.feedback import FeedbackAnalysis, FeedbackAnalyzer, RephraseResult
    from coach.goals import GoalCheck
    from coach.knowledge import BankQuestion, Hit, Retriever
    from coach.llm import ChatBackend
    from coach.prep import PrepResult


@dataclass
class Coach:
    """Entry point for every feature. Build it with `build_coach(settings)`.

    Attributes:
        settings: The one settings object.
        retriever: Guidance search once the index is loaded (None before: not ready).
        llm: The chat backend, or None for the rules engine.
    """

    settings: Settings
    retriever: Retriever | None = None
    llm: ChatBackend | None = None
    _analyzer: FeedbackAnalyzer | None = field(default=None, repr=False)
    _bank: list[BankQuestion] | None = field(default=None, repr=False)

    @property
    def ready(self) -> bool:
        """True once the knowledge index is loaded."""
        return self.retriever is not None

    @property
    def analyzer(self) -> FeedbackAnalyzer:
        """The feedback analyzer: built-in lexicon, or `settings.feedback_lexicon` (built once)."""
        from coach.feedback import FeedbackAnalyzer, default_analyzer, load_lexicon

        if self._analyzer is None:
            path = self.settings.feedback_lexicon
            self._analyzer = FeedbackAnalyzer(load_lexicon(path)) if path else default_analyzer()
        return self._analyzer

    @property
    def question_bank(self) -> list[BankQuestion]:
        """The prep question bank, loaded once."""
        from coach.knowledge import load_question_bank

        if self._bank is None:
            self._bank = load_question_bank(self.settings.knowledge_dir)
        return self._bank

    async def search_guidance(self, query: str, k: int = 5, *, topic: str | None = None,
                              audience: str | None = None,
                              language: str | None = None) -> list[Hit]:
        """Guidance passages for a question, best first (`coach.knowledge`).

        Raises:
            NotReadyError: the index is still loading.
            InputError: an argument violates the contract.
        """
        if self.retriever is None:
            raise NotReadyError("the knowledge index is still loading; retry shortly")
        return await asyncio.to_thread(self.retriever.search, query, k, topic=topic,
                                       audience=audience, language=language)

    async def analyze_feedback(self, text: str, language: str | None = None,
                               names: Sequence[str] = ()) -> FeedbackAnalysis:
        """Person-directed findings and strengths of feedback (`coach.feedback`); with an LLM
        configured, the model's second opinion may add findings."""
        from coach.limits import check_names, check_text

        names = check_names(names)
        analysis = self.analyzer.analyze(check_text(text, "text"), language, names)
        if self.llm is None:
            return analysis
        from coach.feedback.second_opinion import second_opinion

        return await second_opinion(self.llm, analysis, text, names)

    async def rephrase_feedback(self, text: str, context: str | None = None,
                                language: str | None = None,
                                names: Sequence[str] = ()) -> RephraseResult:
        """SBI rephrasings of feedback (`coach.feedback`): LLM when configured, else rules."""
        from coach.feedback import rephrase

        return await rephrase(text, context=context, language=language, names=names,
                              backend=self.llm, retriever=self.retriever, analyzer=self.analyzer)

    async def check_goal(self, goal: str, context: str | None = None,
                         language: str | None = None, today: date | None = None,
                         names: Sequence[str] = ()) -> GoalCheck:
        """SMART check of a goal with deadline and suggestion (`coach.goals`)."""
        from coach.goals import check_goal

        return await check_goal(goal, context=context, language=language, today=today,
                                names=names, llm=self.llm, retriever=self.retriever)

    async def prep_questions(self, role: str, topics: Sequence[str] | None = None,
                             context: str | None = None, language: str | None = None,
                             count: int = 10, names: Sequence[str] = ()) -> PrepResult:
        """Preparation questions for a MUS (`coach.prep`)."""
        from coach.prep import prepare

        return await prepare(self.question_bank, self.retriever, self.llm, role=role,
                             topics=topics, context=context, language=language, count=count,
                             names=names)


def check_data_files(settings: Settings) -> None:
    """Load every data file the features use, so a broken one stops start-up.

    Lexicons, word lists, catalogues and the question bank are checked against their schemas
    when they load (the error names the file, the key and the fix); the service calls this
    before it accepts requests instead of failing on the first one that needs the file.

    Raises:
        DataFileError: a file is invalid.
    """
    from coach.catalogue import catalogue
    from coach.feedback import default_lexicon, load_lexicon
    from coach.goals.deadlines.patterns import patterns
    from coach.goals.lexicon import smart_lexicon
    from coach.knowledge import load_builtin_passages, load_question_bank
    from coach.language import hint_words
    from coach.llm.checks import grounding_lexicon
    from coach.prep.lexicon import prep_data

    if settings.feedback_lexicon:
        load_lexicon(settings.feedback_lexicon)
    else:
        default_lexicon()
    for name in ("feedback/messages.yaml", "goals/messages.yaml", "prep/messages.yaml"):
        catalogue(name)
    smart_lexicon()
    patterns()
    prep_data()
    grounding_lexicon()
    hint_words()
    load_question_bank(settings.knowledge_dir)
    load_builtin_passages(settings.knowledge_dir)


def build_llm(settings: Settings) -> ChatBackend | None:
    """The configured chat backend, or None when no model is configured (the rules engine).

    Raises:
        ConfigError: the LLM settings are incomplete; the message names what to set.
    """
    if not settings.llm_configured:
        return None
    from coach.llm.openai_backend import build_chat_backend  # the SDK only when it is needed

    return build_chat_backend(settings)


def build_coach(settings: Settings, *, load_index: bool = True) -> Coach:
    """Build a coach from settings; loads (or builds) the knowledge index unless told not to."""
    coach = Coach(settings=settings, llm=build_llm(settings))
    if load_index:
        load_retriever(coach)
    return coach


def load_retriever(coach: Coach) -> None:
    """Load or build the knowledge index and attach it (the coach becomes ready)."""
    from coach.knowledge import build_retriever

    coach.retriever = build_retriever(coach.settings)
