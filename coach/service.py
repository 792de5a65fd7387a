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
import gc
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from coach.errors import ModelError, NotReadyError
from coach.settings import Settings

if TYPE_CHECKING:
    from coach.feedback import FeedbackAnalysis, FeedbackAnalyzer, RephraseResult
    from coach.goals import GoalCheck
    from coach.knowledge import BankQuestion, Hit, Retriever
    from coach.llm import ChatBackend
    from coach.prep import PrepResult
    from coach.rehearsal import RehearsalResult, Turn
    from coach.summary import SummaryResult

log = logging.getLogger(__name__)
R = TypeVar("R")
_LOCAL = threading.local()  # each worker thread's own event loop
# How often a worker waiting for a model call checks that its caller is still there.
_CALLER_POLL_S = 0.1
# How long `Coach.close` waits for its worker threads to end (a step in progress finishes).
_CLOSE_JOIN_S = 5.0


class _CallerLoopBackend:
    """A chat backend seen from a worker thread: each call runs on the caller's event loop.

    The worker waits for the call in short slices and gives up (a `ModelError`, so the
    feature's rules engine answers) once the caller's loop has stopped or the coach is closed:
    a call left on a loop that will never run again would block the worker thread forever,
    and the interpreter joins every worker thread at exit (a process that hung after its
    tests passed).
    """

    def __init__(self, backend: ChatBackend, loop: asyncio.AbstractEventLoop,
                 closed: threading.Event) -> None:
        self._backend = backend
        self._loop = loop
        self._closed = closed
        self.deadline = backend.deadline
        self.detect_names = getattr(backend, "detect_names", True)

    def _caller_gone(self) -> bool:
        return self._closed.is_set() or self._loop.is_closed() or not self._loop.is_running()

    async def complete(self, messages: Any, schema: Any = None) -> Any:
        if self._caller_gone():
            raise ModelError("the caller's event loop has stopped", reason="caller_gone")
        try:
            future = asyncio.run_coroutine_threadsafe(
                self._backend.complete(messages, schema), self._loop)
        except RuntimeError as exc:  # closed between the check and the call
            raise ModelError("the caller's event loop has stopped", reason="caller_gone") from exc
        # Cancelling this await (a deadline in `draft`) cancels the call on the caller's loop.
        waiting = asyncio.wrap_future(future)
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=_CALLER_POLL_S)
            if done:
                return waiting.result()
            if self._caller_gone():
                future.cancel()
                waiting.cancel()
                raise ModelError("the caller's event loop has stopped", reason="caller_gone")


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
    # Set by `close`: model calls of the pool being closed stop waiting (one event per pool).
    _closed: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The worker threads features run on (`settings.cpu_workers`, created on first use)."""
        return self._current_pool()[0]

    def _current_pool(self) -> tuple[ThreadPoolExecutor, threading.Event]:
        """The pool and the event its `close` sets, created together on first use."""
        with self._pool_lock:
            if self._pool is None:
                self._closed = threading.Event()
                self._pool = ThreadPoolExecutor(self.settings.cpu_workers,
                                                thread_name_prefix="coach-worker")
            return self._pool, self._closed

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

        proxy = _CallerLoopBackend(llm, asyncio.get_running_loop(), self._current_pool()[1])
        with record_hidden() as hidden:
            result = await self._in_worker(_run_on_worker_loop, lambda: make(proxy))
        if hidden and hasattr(result, "redacted"):
            result.redacted = ordered_kinds(hidden)
        return result

    def close(self) -> None:
        """Stop the worker threads and wait (bounded) until they have ended.

        Queued work is dropped and model calls still waiting give up, so a step in progress
        is all a thread has left to finish. A later feature call starts a new pool.
        """
        with self._pool_lock:
            pool, self._pool = self._pool, None
            if pool is None:
                return
            self._closed.set()
            pool.shutdown(wait=False, cancel_futures=True)
        # The executor's own threads (a public list it does not offer); never the caller's.
        threads = [t for t in getattr(pool, "_threads", ()) if t is not threading.current_thread()]
        deadline = time.monotonic() + _CLOSE_JOIN_S
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

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


def load_settled(coach: Coach) -> None:
    """`load_retriever` for a serving process: warmed up and settled before it says ready.

    The warm-up runs on a coach of its own, so requests never see the index before the first
    requests would find everything loaded; then `settle_heap`, then the index is attached.
    """
    from coach.knowledge import build_retriever

    loaded = Coach(settings=coach.settings, retriever=build_retriever(coach.settings))
    warm_up(loaded, coach)
    settle_heap()
    coach.retriever = loaded.retriever


# One short text per language for `warm_up`: each feature's rules see both languages once.
_WARM_TEXTS = (
    ("da", "Du afbrød Mette to gange på mødet i tirsdags, og du er altid for sent på den.",
     "Inden for 3 måneder vil jeg lære at lede et møde.", "Aftalt: Jens sender planen fredag."),
    ("en", "You interrupted Anna twice in Tuesday's meeting, and you are always late.",
     "Within 3 months I will learn to chair a meeting.", "Agreed: Jens sends the plan Friday."),
)


def warm_up(coach: Coach, data: Coach | None = None) -> None:
    """Run every feature's rules once per language on a short text (never the model).

    `coach` gives the index; `data` (default: `coach`) the analyzer and question bank to load.

    What the features load on first use (date parser languages, lemma dictionaries, templates,
    memo tables) is then loaded before `settle_heap`, and is settled with the rest. A feature
    that fails here is logged and left to fail (or work) on its first request.
    """
    data = data or coach
    rules = Coach(settings=coach.settings, retriever=coach.retriever,
                  _analyzer=data.analyzer, _bank=data.question_bank)
    try:
        for texts in _WARM_TEXTS:
            asyncio.run(_warm_language(rules, *texts))
    finally:
        rules.close()


async def _warm_language(rules: Coach, language: str, feedback: str, goal: str,
                         notes: str) -> None:
    today = date(2026, 1, 15)
    calls: list[Awaitable[object]] = [
        rules.analyze_feedback(feedback, language),
        rules.rephrase_feedback(feedback, language=language),
        rules.check_goal(goal, language=language, today=today),
        rules.prep_questions("manager", context=feedback, language=language),
        rules.rehearse_feedback(feedback, language=language),
        rules.summarize_mus(notes, language=language, today=today),
    ]
    if rules.retriever is not None:
        calls.append(rules.search_guidance(feedback, language=language))
    for call in calls:
        try:
            await call
        except Exception as exc:  # a warm-up never stops start-up
            log.warning("warm-up call failed (%s)", type(exc).__name__)


def settle_heap() -> None:
    """Collect once, then exempt every object alive now from later garbage collections.

    A long-running service calls this once it is loaded and warmed up (`warm_up`). The
    lexicons, word lists, name dictionary, date parser data and index live as long as the
    process; every full collection walked them all while holding the interpreter lock, freeing
    nothing, and `/healthz` waited (figures in docs/load.md). Frozen, a collection walks only
    what requests allocate. Objects freed later are still freed by reference counting; only
    cycles among them are not.
    """
    gc.collect()
    gc.freeze()
