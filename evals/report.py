"""Write a run's outputs: `report.json`, `summary.md` and the single-file `report.html`."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from evals.compare import Comparison, Violation
from evals.model import SLICES, RunReport

MAX_FLIPS_SHOWN = 50
_CASE_TOKEN = re.compile(r'"@@case(\d+)@@"')


def fmt(value: float | None) -> str:
    """A metric value for tables (— when not applicable)."""
    return "—" if value is None else f"{value:.3f}"


def fmt_delta(change: float | None) -> str:
    """A signed change, empty when there is none to show."""
    if change is None or abs(change) < 5e-5:
        return ""
    return f"{change:+.3f}"


def _deltas(comparison: Comparison | None) -> dict[tuple[str, str, str], float | None]:
    if comparison is None:
        return {}
    return {(d.task, d.metric, d.slice): d.change for d in comparison.deltas}


def markdown(report: RunReport, comparison: Comparison | None = None,
             violations: Sequence[Violation] | None = None) -> str:
    """A Markdown summary: one table per task (metrics × overall/da/en), flips and the gate."""
    lines = [
        f"# mus-coach evaluation — engine `{report.engine}`"
        + (f", model `{report.model}`" if report.model else ""),
        "",
        f"{report.created_at} · commit `{(report.git_commit or 'unknown')[:10]}` · "
        f"{report.duration_s:.1f} s"
        + (f" · judge `{report.judge_model}`" if report.judge_model else "")
        + (f" · cassette {report.cassette}" if report.cassette else ""),
        "",
    ]
    changes = _deltas(comparison)
    for name, task in report.tasks.items():
        counts = ", ".join(f"{s} {task.counts.get(s, 0)}" for s in SLICES[1:])
        lines += [f"## {name}", "", f"{task.dataset.cases} cases ({counts}) from "
                  f"`{task.dataset.path}`", "", "| metric | " + " | ".join(SLICES) + " |",
                  "|---|" + "---:|" * len(SLICES)]
        for metric, values in task.metrics.items():
            cells = []
            for s in SLICES:
                delta = fmt_delta(changes.get((name, metric, s)))
                cells.append(fmt(values.get(s)) + (f" ({delta})" if delta else ""))
            lines.append(f"| {metric} | " + " | ".join(cells) + " |")
        errors = [c for c in task.cases if c.error]
        if errors:
            lines += ["", f"{len(errors)} case(s) raised: "
                      + ", ".join(f"`{c.id}`" for c in errors[:20])]
        lines.append("")
    if comparison is not None:
        lines += [f"## Against {comparison.baseline}", ""]
        for task_name, why in comparison.skipped.items():
            lines.append(f"- `{task_name}` not compared: {why}")
        lines += [f"{len(comparison.flips)} case(s) changed.", ""]
        if comparison.flips:
            lines += ["| task | case | lang | before | after | scores (before → after) |",
                      "|---|---|---|---|---|---|"]
            for flip in comparison.flips[:MAX_FLIPS_SHOWN]:
                changed = "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in flip.changed.items())
                lines.append(f"| {flip.task} | `{flip.id}` | {flip.language} | "
                             f"{_pass(flip.before)} | {_pass(flip.after)} | {changed} |")
            if len(comparison.flips) > MAX_FLIPS_SHOWN:
                more = len(comparison.flips) - MAX_FLIPS_SHOWN
                lines.append(f"\n…and {more} more in report.json")
            lines.append("")
    if violations is not None:
        lines += ["## Gate", ""]
        if not violations:
            lines.append("All thresholds hold.")
        for v in violations:
            lines.append(f"- **{v.metric}** [{v.slice}] = {fmt(v.value)}: {v.reason}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _pass(value: bool | None) -> str:
    return {True: "pass", False: "fail", None: "—"}[value]


def report_json(report: RunReport) -> str:
    """The report as JSON with one case per line: readable, and a re-run's diff shows exactly
    the cases that changed (indenting every field would triple the size of the baseline)."""
    data = report.model_dump(mode="json")
    lines: list[str] = []
    for task in data["tasks"].values():
        for i, case in enumerate(task["cases"]):
            task["cases"][i] = f"@@case{len(lines)}@@"
            lines.append(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = _CASE_TOKEN.sub(lambda m: lines[int(m.group(1))], text)
    return text + "\n"


