"""The single-file HTML report: a jinja2 template with inline SVG charts and no external assets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from evals.charts import grouped_bars, heatmap
from evals.compare import Comparison, Violation
from evals.model import SLICES, RunReport, TaskReport
from evals.report import MAX_FLIPS_SHOWN, fmt, fmt_delta

TEMPLATES = Path(__file__).parent / "templates"


def _bars(task: TaskReport) -> Any:
    # Only share-like metrics fit a 0-1 axis; e.g. the judge's 1-5 mean stays in the table.
    names = task.headline or list(task.metrics)
    rows = [(metric, task.metrics[metric]) for metric in names
            if all(v is None or 0.0 <= v <= 1.0 for v in task.metrics[metric].values())]
    return grouped_bars(rows) if rows else None


def _confusions(task: TaskReport) -> list[tuple[str, Any]]:
    confusion = task.extras.get("confusion") or {}
    return [(name, heatmap(confusion[name]["labels"], confusion[name]["matrix"]))
            for name in SLICES if name in confusion]


def render_html(report: RunReport, comparison: Comparison | None = None,
                violations: Sequence[Violation] | None = None) -> str:
    """Render `report.html`: summary, per-task tables and charts, baseline flips, gate."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    changes = {(d.task, d.metric, d.slice): d.change for d in comparison.deltas} \
        if comparison else {}
    tasks = [{"name": name, "task": task, "bars": _bars(task), "confusions": _confusions(task)}
             for name, task in report.tasks.items()]
    return env.get_template("report.html.j2").render(
        report=report, tasks=tasks, slices=SLICES, comparison=comparison,
        violations=violations, changes=changes, fmt=fmt, fmt_delta=fmt_delta,
        max_flips=MAX_FLIPS_SHOWN)
