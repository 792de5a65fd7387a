"""The coach: one object that wires settings, retrieval and the LLM, used by every adapter.

API, CLI, web pages and evals all call the same `Coach` methods, so a feature behaves the same
everywhere. Features are imported when first used: the CLI's `--analyze-only` needs neither the
index nor the LLM layer, and starts without loading them.

Every method runs its feature on a bounded pool of worker threads (`settings.cpu_workers`), not
on the caller's event loop: the rules engines and embeddings are CPU work, and a long or odd
text must not hold back the other requests, `/healthz` included (docs/load.md). A feature's
coroutine runs on a loop of the worker thread; its model calls hop back to the caller's loop,
where the SDK client and its connection pool live.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from coach.errors import NotReadyError
from coach.settings import Settings

if TYPE_CHECKING:
    from coach.feedback import FeedbackAnalysis, FeedbackAnalyzer, RephraseResult
    from coach.goals import GoalCheck
    from coach.knowledge import BankQuestion, Hit, Retriever
    from coach.llm import ChatBackend
    from coach.prep import PrepResult
    from coach.rehearsal import RehearsalResult, Turn
    from coach.summary import SummaryResult

R = TypeVar("R")
_LOCAL = threading.local()  # each worker thread's own event loop


class _CallerLoopBackend:
    """A chat backend seen from a worker thread: each call runs on the caller's event loop."""

    def __init__(self, backend: ChatBackend, loop: asyncio.AbstractEventLoop) -> None:
        self._backend = backend
        self._loop = loop
        self.deadline = backend.deadline
        self.detect_names = getattr(backend, "detect_names", True)

    async def complete(self, messages: Any, schema: Any = None) -> Any:
        future = asyncio.run_coroutine_threadsafe(
            self._backend.complete(messages, schema), self._loop)
        # Cancelling this await (a deadline in `draft`) cancels the call on the caller's loop.
        return await asyncio.wrap_future(future)


def labels_person(analyzer: FeedbackAnalyzer) -> Callable[[str, str], bool]:
    """`judge(text, language)`: True when `text` pins a trait label on a person ("du er doven").

    The check a goal's or a prep question's model text gets (`FieldPolicy.judged`). Only labels
    count: a question may rightly ask about always/never or feelings ("når deadlines altid
    rykker?", "så du ikke bliver stresset?"), which the analyzer flags in feedback.
    """
    def judge(text: str, language: str) -> bool:
        if not text.strip():
            return False
        return any(f.category == "label" for f in analyzer.scan(text, language).findings)

    return judge


def _run_on_worker_loop(make: Callable[[], Awaitable[R]]) -> R:
    loop = getattr(_LOCAL, "loop", None)
    if loop is None:
        loop = _LOCAL.loop = asyncio.new_event_loop()
    return loop.run_until_complete(make())


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
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)
    _pool_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The worker threads features run on (`settings.cpu_workers`, created on first use)."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.settings.cpu_workers,
                                                thread_name_prefix="coach-worker")
            return self._pool

    async def _in_worker(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """`fn(*args, **kwargs)` on a worker thread (with the caller's context: request id)."""
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, lambda: context.run(fn, *args, **kwargs))

    async def _feature(self, make: Callable[[ChatBackend | None], Awaitable[R]]) -> R:
        """Run a feature's coroutine, built by `make(llm)`, on a worker thread's own loop.

        A result with a `redacted` field learns which kinds of personal data were hidden
        from the model on the way (`coach.llm.redaction.record_hidden`).
        """
        llm = self.llm
        if llm is None:
            return await self._in_worker(_run_on_worker_loop, lambda: make(None))
        from coach.llm.redaction import ordered_kinds, record_hidden

        proxy = _CallerLoopBackend(llm, asyncio.get_running_loop())
        with record_hidden() as hidden:
            result = await self._in_worker(_run_on_worker_loop, lambda: make(proxy))
        if hidden and hasattr(result, "redacted"):
            result.redacted = ordered_kinds(hidden)
        return result

    def close(self) -> None:
        """Stop the worker threads (tests and the app's shutdown)."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

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
        return await self._in_worker(self.retriever.search, query, k, topic=topic,
                                     audience=audience, language=language)

    async def analyze_feedback(self, text: str, language: str | None = None,
                               names: Sequence[str] = ()) -> FeedbackAnalysis:
        """Person-directed findings and strengths of feedback (`coach.feedback`); with an LLM
        configured, the model's second opinion may add findings."""
        from coach.limits import check_names, check_text

        checked, checked_names = check_text(text, "text"), check_names(names)
        analyzer = self.analyzer

        async def make(llm: ChatBackend | None) -> FeedbackAnalysis:
            analysis = analyzer.analyze(checked, language, checked_names)
            if llm is None:
                return analysis
            from coach.feedback.second_opinion import second_opinion

            return await second_opinion(llm, analysis, checked, checked_names)

        return await self._feature(make)

    async def rephrase_feedback(self, text: str, context: str | None = None,
                                language: str | None = None,
                                names: Sequence[str] = ()) -> RephraseResult:
        """SBI rephrasings of feedback (`coach.feedback`): LLM when configured, else rules."""
        from coach.feedback import rephrase

        analyzer, retriever = self.analyzer, self.retriever
        return await self._feature(lambda llm: rephrase(
            text, context=context, language=language, names=names, backend=llm,
            retriever=retriever, analyzer=analyzer))

    async def rehearse_feedback(
        self, feedback: str, history: Sequence[Turn | Mapping[str, str] | Any] = (),
        persona: str | None = None, language: str | None = None, names: Sequence[str] = (),
    ) -> RehearsalResult:
        """The employee's reply to the manager's line and a coach tip (`coach.rehearsal`)."""
        from coach.rehearsal import rehearse

        analyzer, retriever = self.analyzer, self.retriever
        return await self._feature(lambda llm: rehearse(
            feedback, history=history, persona=persona, language=language, names=names,
            backend=llm, retriever=retriever, analyzer=analyzer))

    async def check_goal(self, goal: str, context: str | None = None,
                         language: str | None = None, today: date | None = None,
                         names: Sequence[str] = ()) -> GoalCheck:
        """SMART check of a goal with deadline and suggestion (`coach.goals`)."""
        from coach.goals import check_goal

        retriever, bank = self.retriever, self.question_bank
        judge = labels_person(self.analyzer)
        return await self._feature(lambda llm: check_goal(
            goal, context=context, language=language, today=today, names=names, llm=llm,
            retriever=retriever, bank=bank, judge=judge))

    async def prep_questions(self, role: str, topics: Sequence[str] | None = None,
                             context: str | None = None, language: str | None = None,
                             count: int = 10, names: Sequence[str] = ()) -> PrepResult:
        """Preparation questions for a MUS (`coach.prep`)."""
        from coach.prep import prepare

        bank, retriever, judge = self.question_bank, self.retriever, labels_person(self.analyzer)
        return await self._feature(lambda llm: prepare(
            bank, retriever, llm, role=role, topics=topics, context=context,
            language=language, count=count, names=names, judge=judge))

    async def summarize_mus(self, notes: str, language: str | None = None,
                            today: date | None = None, meeting_date: date | None = None,
                            names: Sequence[str] = ()) -> SummaryResult:
        """Referat, goals, to-dos and follow-up plan from MUS notes (`coach.summary`)."""
        from coach.summary import summarize

        return await summarize(notes, language=language, today=today,
                               meeting_date=meeting_date, names=names, llm=self.llm,
                               retriever=self.retriever)


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
    from coach.feedback.rewrite_data import load_rewrite_words
    from coach.goals.deadlines.patterns import patterns
    from coach.goals.domains import load_domains
    from coach.goals.lexicon import smart_lexicon
    from coach.knowledge import load_builtin_passages, load_question_bank
    from coach.language import hint_words
    from coach.llm.checks import grounding_lexicon
    from coach.prep.lexicon import prep_data
    from coach.rehearsal.lexicon import rules as rehearsal_rules
    from coach.summary.lexicon import check_lexicon

    if settings.feedback_lexicon:
        load_lexicon(settings.feedback_lexicon)
    else:
        default_lexicon()
    for name in ("feedback/messages.yaml", "goals/messages.yaml", "prep/messages.yaml",
                 "rehearsal/messages.yaml", "summary/messages.yaml"):
        catalogue(name)
    load_rewrite_words()
    smart_lexicon()
    patterns()
    load_domains()
    prep_data()
    rehearsal_rules()
    check_lexicon()
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

    backend = build_chat_backend(settings)
    if backend is not None and settings.redact_detected_names:
        from coach.llm.redaction import first_names

        first_names()  # the name dictionary loads at start-up, not on the first request
    return backend


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
