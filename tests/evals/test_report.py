"""Comparison, gate and the three report formats on hand-made reports; HR's case format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli.eval import DEFAULT_THRESHOLDS, run
from coach.settings import get_settings
from evals.compare import Threshold, Thresholds, compare, gate, load_report
from evals.dataset import load_cases
from evals.env import Options
from evals.model import CaseResult, DatasetInfo, RunReport, Score, TaskReport
from evals.outputs import write_outputs
from evals.report import markdown
from evals.tasks import TASKS
from tests.support.paths import ROOT as PROJECT_ROOT

CUSTOM = PROJECT_ROOT / "evals" / "custom"


def report(label_f1: dict[str, float | None], case_ok: bool, sha: str = "abc") -> RunReport:
    cases = [CaseResult(id="da-1", language="da", scores={"categories": Score(value=case_ok)}),
             CaseResult(id="en-1", language="en", scores={"categories": Score(value=True)})]
    task = TaskReport(
        name="feedback", dataset=DatasetInfo(path="evals/datasets/feedback.jsonl", sha256=sha,
                                             cases=2),
        metrics={"label.f1": label_f1}, counts={"overall": 2, "da": 1, "en": 1},
        extras={"confusion": {"overall": {"labels": ["label", "none"],
                                          "matrix": [[3, 1], [0, 0]]}}},
        cases=cases)
    return RunReport(created_at="2026-01-01T00:00:00+00:00", git_commit="0" * 40,
                     engine="rules", tasks={"feedback": task})


BASE = report({"overall": 0.9, "da": 0.9, "en": 0.9}, case_ok=True)
RULES = Thresholds(default_tolerance=0.02, metrics={"feedback.label.f1": Threshold(min=0.8)})


def test_deltas_and_flips() -> None:
    now = report({"overall": 0.85, "da": 0.8, "en": 0.9}, case_ok=False)
    comparison = compare(now, BASE, "baseline.json")
    changes = {(d.metric, d.slice): d.change for d in comparison.deltas}
    assert changes[("label.f1", "da")] == pytest.approx(-0.1)
    assert changes[("label.f1", "en")] == 0.0
    (flip,) = comparison.flips
    assert (flip.id, flip.before, flip.after) == ("da-1", True, False)
    assert flip.changed == {"categories": [True, False]}


def test_gate_floor_tolerance_and_changed_dataset() -> None:
    now = report({"overall": 0.87, "da": 0.79, "en": 0.9}, case_ok=True)
    found = gate(now, RULES, compare(now, BASE))
    reasons = {(v.slice, v.reason.split(" ")[0]) for v in found}
    # da: under the floor and dropped 0.11; overall dropped 0.03 (> 0.02); en unchanged
    assert reasons == {("da", "under"), ("da", "dropped"), ("overall", "dropped")}
    other = report({"overall": 0.87, "da": 0.81, "en": 0.9}, case_ok=True, sha="new")
    comparison = compare(other, BASE)
    assert comparison.skipped == {"feedback": "dataset differs from the baseline's"}
    assert gate(other, RULES, comparison) == []  # above the floor; no baseline to drop from
    assert gate(report({"overall": 0.9}, True), RULES) == []


def test_gate_flags_a_renamed_metric() -> None:
    rules = Thresholds(metrics={"feedback.precision": Threshold(min=0.5)})
    (violation,) = gate(BASE, rules)
    assert "missing" in violation.reason


def test_committed_thresholds_name_real_metrics() -> None:
    from evals.compare import load_thresholds

    baseline = load_report(PROJECT_ROOT / "evals" / "baseline.json")
    for name in load_thresholds(DEFAULT_THRESHOLDS).metrics:
        task, _, metric = name.partition(".")
        assert task in TASKS, name
        if task in baseline.tasks:
            assert metric in baseline.tasks[task].metrics, name


def test_three_formats_open_offline(tmp_path: Path) -> None:
    now = report({"overall": 0.85, "da": 0.8, "en": 0.9}, case_ok=False)
    comparison = compare(now, BASE, "baseline.json")
    paths = write_outputs(now, tmp_path, comparison, gate(now, RULES, comparison))
    assert load_report(paths["json"]).comparable() == now.comparable()
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "| label.f1 | 0.850 (-0.050) | 0.800 (-0.100) | 0.900 |" in md
    assert "`da-1`" in md and "## Gate" in md
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("<svg") >= 2  # per-language bars and the confusion matrix
    without_xmlns = html.replace("http://www.w3.org/2000/svg", "")
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", without_xmlns)
    assert "<script" not in html
    assert json.loads(paths["comparison"].read_text(encoding="utf-8"))["violations"]


def test_markdown_without_baseline_or_gate() -> None:
    md = markdown(BASE)
    assert "## feedback" in md and "Against" not in md and "Gate" not in md


@pytest.mark.parametrize("name", ["feedback", "goals", "prep", "retrieval"])
def test_custom_readme_examples_load(tmp_path: Path, name: str) -> None:
    text = (CUSTOM / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### {name}.jsonl", 1)[1]
    block = section.split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / f"{name}.jsonl"
    path.write_text(block, encoding="utf-8")
    task = next(t for t in TASKS.values() if t.dataset == name)
    assert load_cases(path, task.row)


def test_custom_example_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = run(get_settings(data_dir=tmp_path / "data"), Options(),
               tasks=["feedback"], out=out, cases=CUSTOM / "example", baseline=None,
               thresholds=DEFAULT_THRESHOLDS, check=True)
    assert code == 0
    result = load_report(out / "report.json").tasks["feedback"]
    assert result.dataset.path == "evals/custom/example/feedback.jsonl"
    assert {c.language for c in result.cases} == {"da", "en"}
    assert result.cases[0].tags == ["lager"]
