"""Build what a run needs from settings: the coach (rules, real LLM, or cassette), the judge,
and the report's description of the run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from coach.knowledge.passages import load_question_bank
from coach.llm import ChatBackend
from coach.llm.openai_backend import build_chat_backend
from coach.service import build_coach
from coach.settings import Settings
from evals.cassette import CassetteBackend
from evals.judge import EvalSettings, Judge, judge_settings
from evals.solvers import Env

Engine = Literal["rules", "llm"]
SCRIPTED_MODEL = "fake-scripted"
RUN_FILE = "run.json"
# Settings that change what the coach puts into a prompt (and so every cassette key).
PROMPT_SETTINGS = ("embedding",)
INDEX_SUBDIR = "eval"


@dataclass
class Options:
    """How the coach under test talks to a model.

    Attributes:
        engine: "rules" (no model) or "llm".
        cassette: Cassette directory; replayed unless `record`.
        record: Call the model and record into `cassette`.
        scripted: Use the scripted fake model (offline, plausible replies) instead of the
            configured one, e.g. to record the committed demo cassette.
        judge: Grade rephrasings with the judge model (True needs one configured; None = when
            configured).
        needs_index: Load the knowledge index (every task except feedback and SMART needs it).
    """

    engine: Engine = "rules"
    cassette: Path | None = None
    record: bool = False
    scripted: bool = False
    judge: bool | None = None
    needs_index: bool = True


def eval_settings(settings: Settings) -> Settings:
    """The service settings for a run: its own index under the data directory, so HR's own
    documents never change the numbers and the index is built once, not per run."""
    return settings.model_copy(update={"data_dir": settings.data_dir / INDEX_SUBDIR})


def _params(settings: Settings) -> dict[str, Any]:
    return {"json_mode": settings.llm_json_mode, "temperature": settings.llm_temperature}


def _model_backend(settings: Settings, opts: Options) -> tuple[ChatBackend, str]:
    if opts.scripted:
        from evals.scripted import ScriptedBackend

        return ScriptedBackend(), SCRIPTED_MODEL
    backend = build_chat_backend(settings)
    if backend is None:
        raise ValueError("--engine llm needs a model: set COACH_LLM_BASE_URL/COACH_LLM_MODEL, "
                         "replay a recording with --cassette DIR, or use --scripted")
    return backend, backend.model


def _wrap(inner: ChatBackend | None, model: str, directory: Path | None, record: bool,
          params: dict[str, Any]) -> ChatBackend:
    if directory is None:
        assert inner is not None
        return inner
    return CassetteBackend(directory, "record" if record else "replay", inner=inner,
                           model=model, params=params)


def build_env(settings: Settings, opts: Options,
              evals: EvalSettings | None = None) -> tuple[Env, dict[str, Any]]:
    """The solver environment and the report's run description.

    Raises:
        ValueError: The options need a model or judge that is not configured.
    """
    evals = evals or EvalSettings()
    settings = eval_settings(settings)
    if opts.cassette is not None:
        settings = _cassette_settings(settings, opts.cassette, opts.record)
    coach = build_coach(settings, load_index=opts.needs_index)
    coach.llm = None  # set below for --engine llm; rules means rules even with COACH_LLM_* set
    meta: dict[str, Any] = {"engine": opts.engine, "settings": {
        "embedding": settings.embedding,
        "retrieval_mode": getattr(coach.retriever, "mode", None)}}
    replaying = opts.cassette is not None and not opts.record
    if opts.engine == "llm":
        inner, model = (None, "recorded") if replaying else _model_backend(settings, opts)
        sub = opts.cassette / "coach" if opts.cassette else None
        coach.llm = _wrap(inner, model, sub, opts.record, _params(settings))
        meta["model"] = coach.llm.model if isinstance(coach.llm, CassetteBackend) else model
        if opts.cassette:
            meta["cassette"] = f"{opts.cassette} ({'record' if opts.record else 'replay'})"
    judge = None
    use_judge = opts.judge if opts.judge is not None else (
        evals.judge_configured or (replaying and _has_judge_cassette(opts.cassette)))
    if use_judge:
        judge = _build_judge(settings, opts, evals, replaying)
        meta["judge_model"] = judge.model
    known: set[str] = set()
    if opts.needs_index:
        known |= {q.id for q in load_question_bank(settings.knowledge_dir)}
        known |= {p.id for p in getattr(coach.retriever, "passages", [])}
    return Env(coach=coach, engine=opts.engine, judge=judge, known_ids=known), meta


def _cassette_settings(settings: Settings, cassette: Path, record: bool) -> Settings:
    """Record: note the settings that shape prompts. Replay: run with the recorded ones, since
    retrieved passages are part of every prompt and so of every call's key."""
    path = cassette / RUN_FILE
    if record:
        cassette.mkdir(parents=True, exist_ok=True)
        recorded = {name: getattr(settings, name) for name in PROMPT_SETTINGS}
        path.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
        return settings
    if not path.is_file():
        return settings
    recorded = json.loads(path.read_text(encoding="utf-8"))
    return settings.model_copy(update={k: v for k, v in recorded.items()
                                       if k in PROMPT_SETTINGS})


def _has_judge_cassette(cassette: Path | None) -> bool:
    return cassette is not None and (cassette / "judge" / "calls.jsonl").is_file()


def _build_judge(settings: Settings, opts: Options, evals: EvalSettings,
                 replaying: bool) -> Judge:
    sub = opts.cassette / "judge" if opts.cassette else None
    if replaying:
        backend: ChatBackend = _wrap(None, "recorded", sub, False, {})
        model = backend.model  # type: ignore[attr-defined]
    elif opts.scripted:
        from evals.scripted import ScriptedBackend

        model = f"{SCRIPTED_MODEL}-judge"
        backend = _wrap(ScriptedBackend(), model, sub, opts.record, {})
    else:
        judged = judge_settings(settings, evals)
        inner = build_chat_backend(judged) if judged else None
        if inner is None:
            raise ValueError("--judge needs a judge model: set COACH_JUDGE_MODEL (and "
                             "COACH_JUDGE_BASE_URL/API_KEY) or COACH_JUDGE_USE_LLM=true")
        model = inner.model
        backend = _wrap(inner, model, sub, opts.record, _params(judged))  # type: ignore[arg-type]
    return Judge(backend, model, seed=evals.judge_seed)
