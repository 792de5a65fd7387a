"""`mus-coach eval`: run the evaluation suite, write the reports, compare, and gate.

Registered by cli/app.py; everything heavy is imported inside the command so other
`mus-coach` commands do not pay for it.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from evals import EVALS_DIR

DEFAULT_BASELINE = EVALS_DIR / "baseline.json"
DEFAULT_THRESHOLDS = EVALS_DIR / "thresholds.yaml"
# Tasks that never search the knowledge. Only these may skip loading the index: the others'
# answers (sources, prompts) depend on it, so they always run with it.
INDEX_FREE_TASKS = {"feedback"}


def eval_command(
    task: Annotated[list[str] | None, typer.Option(
        "--task", "-t", help="Task to run (repeatable): retrieval, feedback, rephrase, smart, "
        "prep, rehearse, summary. Default: every task with a dataset.")] = None,
    engine: Annotated[str, typer.Option(
        help="rules (offline) or llm (a model, a cassette replay or --scripted).")] = "rules",
    baseline: Annotated[Path, typer.Option(help="Report to compare with.")] = DEFAULT_BASELINE,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Do not compare.")] = False,
    out: Annotated[Path, typer.Option(
        help="Directory for report.json, summary.md and report.html.")] = Path("evals/out"),
    check: Annotated[bool, typer.Option(
        help="Exit 1 when a metric is under its threshold or dropped against the baseline by "
        "more than its tolerance.")] = False,
    cases: Annotated[Path | None, typer.Option(
        help="HR's own cases: a directory with files named by task dataset (feedback.jsonl, "
        "goals.jsonl, prep.jsonl, retrieval.jsonl); see evals/custom/README.md.")] = None,
    cassette: Annotated[Path | None, typer.Option(
        help="Cassette directory: replay it offline, or record into it with --record.")] = None,
    record: Annotated[bool, typer.Option(help="Record model calls into --cassette.")] = False,
    scripted: Annotated[bool, typer.Option(
        help="Use the scripted fake model (offline, plausible replies).")] = False,
    judge: Annotated[bool | None, typer.Option(
        "--judge/--no-judge", help="Grade rephrasings with the judge model (default: when "
        "COACH_JUDGE_* is configured or the replayed cassette holds judge calls).")] = None,
    thresholds: Annotated[Path, typer.Option(help="Gate configuration.")] = DEFAULT_THRESHOLDS,
    limit: Annotated[int | None, typer.Option(
        min=1, help="At most N cases per task (quick runs).")] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        help="Also write this run, slimmed (scores only), as a baseline file, e.g. "
        "evals/baseline.json.")] = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Evaluate every task in both languages; write JSON, Markdown and HTML reports."""
    from rich.console import Console

    from coach.settings import get_settings
    from evals.cassette import CassetteError
    from evals.dataset import DatasetError
    from evals.env import Options

    err = Console(stderr=True)
    # Fallback warnings would tear the progress bar; they are counted in the report instead.
    logging.getLogger("coach").setLevel(logging.ERROR)
    if engine not in ("rules", "llm"):
        raise typer.BadParameter("use rules or llm", param_hint="--engine")
    if record and cassette is None:
        raise typer.BadParameter("--record needs --cassette DIR", param_hint="--record")
    opts = Options(engine=engine, cassette=cassette, record=record,  # type: ignore[arg-type]
                   scripted=scripted, judge=judge)
    try:
        code = run(get_settings(), opts, tasks=task or None, out=out, cases=cases,
                   baseline=None if no_baseline else baseline, thresholds=thresholds,
                   check=check, limit=limit, console=None if quiet else err,
                   write_baseline=write_baseline)
    except (DatasetError, CassetteError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def run(settings: Any, opts: Any, *, tasks: list[str] | None, out: Path, cases: Path | None,
        baseline: Path | None, thresholds: Path, check: bool, limit: int | None = None,
        console: Any = None, write_baseline: Path | None = None) -> int:
    """Run the suite end to end; returns the exit code (1 when `check` finds violations).

    Args:
        settings: Service settings (injected; the run uses its own index under data_dir).
        opts: `evals.env.Options`.
        tasks: Task names, or None for every task with a dataset.
        out: Output directory.
        cases: HR's case directory replacing evals/datasets, or None.
        baseline: Report to compare with, or None.
        thresholds: Gate configuration file.
        check: Gate the run.
        limit: At most this many cases per task.
        console: rich console for progress and the summary, or None to stay quiet.
        write_baseline: Also write the slimmed report here.
    """
    from evals.cassette import CassetteBackend
    from evals.compare import compare, gate, load_report, load_thresholds
    from evals.env import build_env
    from evals.outputs import write_outputs
    from evals.report import report_json
    from evals.runner import DATASETS_DIR, Plan, resolve_tasks, run_suite

    datasets = cases or DATASETS_DIR
    names = resolve_tasks(tasks, datasets, explicit=bool(tasks))
    if not names:
        raise ValueError(f"no task has a dataset in {datasets}; see evals/custom/README.md")
    opts.needs_index = not set(names) <= INDEX_FREE_TASKS
    env, meta = build_env(settings, opts)
    concurrency = settings.llm_concurrency if opts.engine == "llm" else 1
    plan = Plan(tasks=names, datasets=datasets, limit=limit, concurrency=concurrency)
    report = asyncio.run(run_suite(env, plan, meta=meta, console=console))
    for backend in (env.coach.llm, getattr(env.judge, "backend", None)):
        if isinstance(backend, CassetteBackend):
            backend.save()
    comparison = None
    if baseline is not None:
        comparison = compare(report, load_report(baseline), str(baseline))
    violations = gate(report, load_thresholds(thresholds), comparison) if check else None
    paths = write_outputs(report, out, comparison, violations)
    if write_baseline is not None:
        write_baseline.parent.mkdir(parents=True, exist_ok=True)
        write_baseline.write_text(report_json(report.slim()), encoding="utf-8")
    if console is not None:
        _print_summary(console, report, paths, violations)
    return 1 if violations else 0


def _print_summary(console: Any, report: Any, paths: dict[str, Path], violations: Any) -> None:
    from evals.report import fmt

    for name, task in report.tasks.items():
        head = (task.headline or list(task.metrics))[:3]
        shown = "  ".join(f"{m} {fmt(task.metrics[m].get('overall'))} "
                          f"(da {fmt(task.metrics[m].get('da'))}, "
                          f"en {fmt(task.metrics[m].get('en'))})" for m in head)
        console.print(f"[bold]{name}[/] {task.dataset.cases} cases, {task.duration_s:.1f} s: "
                      f"{shown}")
    console.print(f"done in {report.duration_s:.1f} s → {paths['html']}")
    if violations is not None:
        for v in violations:
            console.print(f"[red]FAIL[/] {v.metric} [{v.slice}] = {fmt(v.value)}: {v.reason}")
        if not violations:
            console.print("[green]gate passed[/]")
