"""Compare a run with a baseline (per-metric deltas, flipped cases) and gate it on thresholds.

A metric fails the gate when, in any slice (overall, da, en), it is under its minimum, or it
dropped against the baseline by more than its tolerance. The baseline comparison is skipped for
a task whose dataset changed (different hash): the numbers are then about other cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.model import REPORT_VERSION, SLICES, CaseResult, RunReport


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Threshold(_Strict):
    """Gate for one metric (`task.metric`)."""

    min: float | None = Field(None, description="Absolute floor in every slice.")
    tolerance: float | None = Field(None, ge=0, description="Largest allowed drop vs baseline.")
    slices: list[str] = Field(default_factory=lambda: list(SLICES))


class Thresholds(_Strict):
    """evals/thresholds.yaml."""

    default_tolerance: float = Field(0.0, ge=0)
    metrics: dict[str, Threshold]


class Delta(_Strict):
    """One metric in one slice, before and after."""

    task: str
    metric: str
    slice: str
    baseline: float | None
    current: float | None

    @property
    def change(self) -> float | None:
        """current - baseline, None when either is missing."""
        if self.baseline is None or self.current is None:
            return None
        return round(self.current - self.baseline, 4)


class Flip(_Strict):
    """A case whose outcome changed against the baseline."""

    task: str
    id: str
    language: str
    before: bool | None
    after: bool | None
    changed: dict[str, list[Any]] = Field(description="score -> [before, after]")


class Comparison(_Strict):
    """All deltas and flips between a run and its baseline."""

    baseline: str
    deltas: list[Delta]
    flips: list[Flip]
    skipped: dict[str, str] = Field(default_factory=dict, description="task -> why not compared")


class Violation(_Strict):
    """A metric that fails the gate, with the reason."""

    metric: str
    slice: str
    value: float | None
    reason: str


def load_report(path: Path) -> RunReport:
    """Read a `report.json` (e.g. the committed baseline).

    Raises:
        ValueError: The file is missing, not a report, or of another report version.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no baseline at {path}; write one with `mus-coach eval --out DIR` "
                         "and copy DIR/report.json there") from None
    if data.get("version") != REPORT_VERSION:
        raise ValueError(f"{path} is report version {data.get('version')}, this runner "
                         f"writes {REPORT_VERSION}; regenerate the baseline")
    try:
        return RunReport.model_validate(data)
    except ValidationError as err:
        raise ValueError(f"{path} is not a run report: {err.error_count()} problem(s)") from None


def load_thresholds(path: Path) -> Thresholds:
    """Read evals/thresholds.yaml strictly (an unknown key is an error, not ignored)."""
    try:
        return Thresholds.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as err:
        raise ValueError(f"{path}: {err}") from None


def _flip(task: str, before: CaseResult, after: CaseResult) -> Flip | None:
    changed = {name: [before.scores[name].value if name in before.scores else None,
                      after.scores[name].value if name in after.scores else None]
               for name in sorted(set(before.scores) | set(after.scores))}
    changed = {k: v for k, v in changed.items() if v[0] != v[1]}
    if not changed:
        return None
    return Flip(task=task, id=after.id, language=after.language, before=before.passed(),
                after=after.passed(), changed=changed)


def compare(current: RunReport, baseline: RunReport, baseline_name: str = "baseline") -> Comparison:
    """Per-metric deltas for every task both runs have, and the cases whose scores changed."""
    deltas: list[Delta] = []
    flips: list[Flip] = []
    skipped: dict[str, str] = {}
    for name, task in current.tasks.items():
        base = baseline.tasks.get(name)
        if base is None:
            skipped[name] = "not in the baseline"
            continue
        if base.dataset.sha256 != task.dataset.sha256:
            skipped[name] = "dataset differs from the baseline's"
            continue
        for metric in sorted(set(task.metrics) | set(base.metrics)):
            for slice_name in SLICES:
                deltas.append(Delta(
                    task=name, metric=metric, slice=slice_name,
                    baseline=base.metrics.get(metric, {}).get(slice_name),
                    current=task.metrics.get(metric, {}).get(slice_name)))
        before = {c.id: c for c in base.cases}
        for case in task.cases:
            if case.id in before and (flip := _flip(name, before[case.id], case)):
                flips.append(flip)
    return Comparison(baseline=baseline_name, deltas=deltas, flips=flips, skipped=skipped)


def gate(current: RunReport, thresholds: Thresholds,
         comparison: Comparison | None = None) -> list[Violation]:
    """Every threshold the run breaks. Metrics of tasks that did not run are not judged."""
    found: list[Violation] = []
    by_key = {(d.task, d.metric, d.slice): d for d in (comparison.deltas if comparison else [])}
    for full_name, rule in thresholds.metrics.items():
        task_name, _, metric = full_name.partition(".")
        task = current.tasks.get(task_name)
        if task is None:
            continue
        if metric not in task.metrics:
            found.append(Violation(metric=full_name, slice="overall", value=None,
                                   reason="metric missing from the run (renamed or dropped?)"))
            continue
        tolerance = rule.tolerance if rule.tolerance is not None else thresholds.default_tolerance
        for slice_name in rule.slices:
            value = task.metrics[metric].get(slice_name)
            if value is None:
                continue
            if rule.min is not None and value < rule.min:
                found.append(Violation(metric=full_name, slice=slice_name, value=value,
                                       reason=f"under the minimum {rule.min:g}"))
            delta = by_key.get((task_name, metric, slice_name))
            change = delta.change if delta else None
            if change is not None and change < -tolerance - 1e-9:
                found.append(Violation(
                    metric=full_name, slice=slice_name, value=value,
                    reason=f"dropped {-change:.4f} vs baseline {delta.baseline:.4f} "  # type: ignore[union-attr]
                           f"(tolerance {tolerance:g})"))
    return found
