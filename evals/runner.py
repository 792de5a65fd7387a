"""Run tasks: load cases, solve and score them with a progress bar, aggregate per slice, and
assemble the versioned run report."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from coach.paths import PROMPTS_DIR
from evals import EVALS_DIR
from evals.cassette import CassetteBackend
from evals.dataset import dataset_info, find_dataset, load_cases
from evals.metrics import per_slice, slice_cases
from evals.model import SLICES, Case, CaseResult, RunReport, Score, TaskReport
from evals.solvers import Env
from evals.tasks import TASKS, Task

log = logging.getLogger(__name__)
DATASETS_DIR = EVALS_DIR / "datasets"


class EvalError(ValueError):
    """The run cannot start or went wrong; the message says how to fix it."""


@dataclass
class Plan:
    """Which tasks to run on which files.

    Attributes:
        tasks: Task names in run order.
        datasets: The directory holding each task's file (evals/datasets, or HR's `--cases`).
        limit: Use at most this many cases per task (quick runs), None for all.
        concurrency: Cases in flight at once (1 for the CPU-bound rules engine).
    """

    tasks: list[str] = field(default_factory=lambda: list(TASKS))
    datasets: Path = DATASETS_DIR
    limit: int | None = None
    concurrency: int = 1


def git_commit(root: Path = EVALS_DIR.parent) -> str | None:
    """HEAD of the repository the code runs from, or None outside a git checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=5, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def prompt_hashes(directory: Path = PROMPTS_DIR) -> dict[str, str]:
    """sha256 of every prompt template: a prompt edit shows up in the report."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.glob("*.j2"))}


def resolve_tasks(names: Sequence[str] | None, datasets: Path, *, explicit: bool) -> list[str]:
    """The tasks to run: the named ones (all must have a dataset), else every task that has one.

    Raises:
        EvalError: An unknown task name, or a named task whose dataset file is missing.
    """
    chosen = list(names) if names else list(TASKS)
    unknown = [n for n in chosen if n not in TASKS]
    if unknown:
        raise EvalError(f"unknown task(s) {unknown}; choose from {', '.join(TASKS)}")
    present = [n for n in chosen if find_dataset(datasets, TASKS[n].dataset)]
    missing = [n for n in chosen if n not in present]
    if missing and explicit:
        raise EvalError(f"no dataset for task(s) {missing} in {datasets} (expected "
                        + ", ".join(f"{TASKS[n].dataset}.jsonl" for n in missing) + ")")
    for name in missing:
        log.warning("skipping task %s: no %s dataset in %s", name, TASKS[name].dataset, datasets)
    return present


async def _solve(task: Task, case: Case, env: Env) -> CaseResult:
    expected = dict(case.expected)
    try:
        output = await task.solver(case, env)
    except Exception as exc:  # one bad case must not end the run; it scores as a failure
        if isinstance(env.coach.llm, CassetteBackend):
            env.coach.llm.check()  # a replay miss is not a case failure: stop loudly
        reason = f"raised {type(exc).__name__}"  # the type only: messages may hold user text
        scores = {s.__name__: Score(value=False, reason=reason) for s in task.scorers}
        return CaseResult(id=case.id, language=case.language, tags=case.metadata.tags,
                          scores=scores, expected=expected, error=type(exc).__name__)
    for backend in (env.coach.llm, getattr(env.judge, "backend", None)):
        if isinstance(backend, CassetteBackend):
            backend.check()
    scores = {s.__name__: s(case, output) for s in task.scorers}
    return CaseResult(id=case.id, language=case.language, tags=case.metadata.tags,
                      scores=scores, expected=expected, output=output)


async def run_task(task: Task, cases: list[Case], env: Env, *, concurrency: int = 1,
                   progress: Progress | None = None) -> list[CaseResult]:
    """Solve and score `cases` (results in case order)."""
    bar = progress.add_task(task.name, total=len(cases)) if progress else None
    gate = asyncio.Semaphore(concurrency)

    async def one(case: Case) -> CaseResult:
        async with gate:
            result = await _solve(task, case, env)
        if progress is not None and bar is not None:
            progress.advance(bar)
        return result

    return list(await asyncio.gather(*(one(c) for c in cases)))


def summarize(task: Task, results: list[CaseResult]) -> tuple[Any, dict[str, int], dict[str, Any]]:
    """Metrics per slice, case counts per slice and chart extras for one task."""
    metrics = per_slice(results, task.metrics)
    groups = slice_cases(results)
    counts = {name: len(groups[name]) for name in SLICES}
    extras: dict[str, Any] = {}
    if task.extras is not None:
        extras["confusion"] = {name: task.extras(groups[name]) for name in SLICES}
    return metrics, counts, extras


async def run_suite(env: Env, plan: Plan, *, meta: dict[str, Any],
                    console: Console | None = None) -> RunReport:
    """Run every planned task against `env` and build the report.

    Args:
        env: Coach, engine, judge and known ids.
        plan: Tasks, dataset directory, limit and concurrency.
        meta: Report fields describing the run (engine, model, judge_model, cassette, settings).
        console: Where the progress bar goes; None hides it.
    """
    started = time.perf_counter()
    loaded: dict[str, tuple[Path, list[Case]]] = {}
    for name in plan.tasks:
        task = TASKS[name]
        path = find_dataset(plan.datasets, task.dataset)
        if path is None:
            raise EvalError(f"no {task.dataset} dataset in {plan.datasets}")
        cases = [c for c in load_cases(path, task.row) if task.select(c)]
        loaded[name] = (path, cases[:plan.limit] if plan.limit else cases)
    reports: dict[str, TaskReport] = {}
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, disable=console is None) as progress:
        for name, (path, cases) in loaded.items():
            task = TASKS[name]
            t0 = time.perf_counter()
            results = await run_task(task, cases, env, concurrency=plan.concurrency,
                                     progress=progress)
            metrics, counts, extras = summarize(task, results)
            reports[name] = TaskReport(
                name=name, dataset=dataset_info(path, cases, EVALS_DIR.parent), metrics=metrics,
                counts=counts, extras=extras, cases=results,
                headline=[m for m in task.headline if m in metrics],
                duration_s=round(time.perf_counter() - t0, 2))
    return RunReport(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        git_commit=git_commit(), prompts=prompt_hashes(), tasks=reports,
        duration_s=round(time.perf_counter() - started, 2), **meta)
