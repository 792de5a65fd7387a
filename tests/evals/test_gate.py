"""The gate end to end on the rules engine: the real lexicon passes, a broken one fails --check."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from cli.eval import DEFAULT_BASELINE, DEFAULT_THRESHOLDS, run
from coach.feedback.lexicon import DATA_FILE
from coach.settings import get_settings
from evals.compare import load_report
from evals.env import Options


def broken_lexicon(tmp_path: Path) -> Path:
    """A copy of the feedback lexicon with every label list emptied."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for lang in ("da", "en"):
        data[lang]["labels"] = {key: [] for key in data[lang]["labels"]}
    path = tmp_path / "feedback_lexicon.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def gate_feedback(tmp_path: Path, **settings: object) -> int:
    return run(get_settings(data_dir=tmp_path / "data", **settings), Options(),
               tasks=["feedback"], out=tmp_path / "out", cases=None, baseline=DEFAULT_BASELINE,
               thresholds=DEFAULT_THRESHOLDS, check=True)


def test_real_lexicon_passes_the_gate(tmp_path: Path) -> None:
    assert gate_feedback(tmp_path) == 0
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "All thresholds hold." in summary


def test_broken_lexicon_fails_the_gate(tmp_path: Path) -> None:
    assert gate_feedback(tmp_path, feedback_lexicon=broken_lexicon(tmp_path)) == 1
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "**feedback.label.f1**" in summary and "dropped" in summary  # against the baseline
    report = load_report(tmp_path / "out" / "report.json")
    # The learned detector still finds many labels the emptied lexicon lost, not all.
    assert report.tasks["feedback"].metrics["label.f1"]["overall"] < 0.98


def test_cli_check_exit_code_with_broken_lexicon(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI reads settings from the environment, as a deployment would.
    monkeypatch.setenv("COACH_FEEDBACK_LEXICON", str(broken_lexicon(tmp_path)))
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["eval", "--task", "feedback", "--check", "--quiet",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output

