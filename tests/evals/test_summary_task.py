"""The summary eval task: the row format (the blind set's), span matching, the metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals import scorers as sc
from evals.dataset import DatasetError, load_cases
from evals.model import Case, CaseMeta, CaseResult
from evals.rows import SummaryRow, locate
from evals.tasks import TASKS
from tests.support.paths import ROOT

NOTES = "MUS\n- Mål: bestå eksamen inden 1/6\n- JK booker kursus\n- opfølgning 12/5\n"


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t-1", "language": "da", "today": "2026-03-10", "notes": NOTES,
        "expected": {"goals": [{"excerpt": "bestå eksamen inden 1/6", "deadline": "2026-06-01"}],
                     "actions": [{"excerpt": "JK booker kursus", "owner": "manager",
                                  "due": None}],
                     "follow_up": [{"date": "2026-05-12", "excerpt": "opfølgning 12/5"}]}}
    return {**base, **changes}


def test_rows_in_the_blind_format_load_and_locate_their_excerpts(tmp_path: Path) -> None:
    path = tmp_path / "summary.jsonl"
    path.write_text(json.dumps(row()) + "\n" + json.dumps(row(id="t-2", meeting_date=
                                                              "2026-03-09")) + "\n", "utf-8")
    cases = load_cases(path, SummaryRow)
    goal = cases[0].expected["goals"][0]
    assert NOTES[goal["start"]:goal["end"]] == "bestå eksamen inden 1/6"
    assert cases[1].inputs["meeting_date"] == "2026-03-09"
    assert cases[0].inputs["meeting_date"] is None


def test_a_bad_row_names_file_line_and_field(tmp_path: Path) -> None:
    bad = row()
    bad["expected"]["actions"][0]["owner"] = "team"
    path = tmp_path / "summary.jsonl"
    path.write_text(json.dumps(bad) + "\n", "utf-8")
    with pytest.raises(DatasetError, match=r"summary.jsonl:1: field 'expected.actions.0.owner'"):
        load_cases(path, SummaryRow)


def test_locate_tolerates_case_and_whitespace_and_takes_each_occurrence_once() -> None:
    notes = "- Send CV\n- send  cv\n- Send CV"
    taken: set[int] = set()
    assert locate(notes, "Send CV", taken) == (2, 9)
    assert locate(notes, "Send CV", taken) == (23, 30)
    assert locate(notes, "send cv", taken) == (12, 20)  # whitespace written differently
    assert locate(notes, "ring til HR", set()) is None


def case(expected: dict[str, Any]) -> Case:
    return Case(id="c", inputs={}, expected=expected, metadata=CaseMeta(language="da"))


def test_matching_counts_and_metrics_on_a_hand_made_case() -> None:
    expected = {
        "goals": [{"excerpt": "a", "start": 0, "end": 10, "deadline": "2026-06-01"},
                  {"excerpt": "b", "start": 20, "end": 30, "deadline": None}],
        "actions": [{"excerpt": "c", "start": 40, "end": 50, "owner": "manager", "due": None},
                    {"excerpt": "d", "start": 60, "end": 70, "owner": None,
                     "due": "2026-04-03"}],
        "follow_up": [{"date": "2026-05-12", "excerpt": "e", "start": 80, "end": 90}]}
    out = {"goals": [{"text": "a", "start": 2, "end": 12, "deadline": "2026-06-01"},
                     {"text": "x", "start": 100, "end": 110, "deadline": None}],
           "actions": [{"text": "c", "start": 40, "end": 50, "owner": "employee", "due": None},
                       {"text": "d", "start": 55, "end": 65, "owner": None,
                        "due": "2026-04-03"}],
           "follow_up": [{"date": "2026-05-12", "start": 80, "end": 90, "proposed": False},
                         {"date": "2026-06-10", "start": None, "end": None, "proposed": True}],
           "ungrounded": [], "calendar": []}
    c = case(expected)
    scores = {s.__name__: s(c, out) for s in TASKS["summary"].scorers}
    assert scores["summary_goals"].value == pytest.approx(0.5)
    assert scores["summary_actions"].value == pytest.approx(0.5)  # one owner wrong
    assert scores["summary_follow_up"].value == 1.0  # the proposal is not counted
    assert scores["summary_grounded"].value is True
    metrics = sc.summary_metrics([CaseResult(id="c", language="da", scores=scores,
                                             expected=expected, output=out)])
    assert metrics["goals.precision"] == metrics["goals.recall"] == pytest.approx(0.5)
    assert metrics["goals.deadline"] == 1.0
    assert metrics["actions.recall"] == 1.0 and metrics["actions.owner"] == pytest.approx(0.5)
    assert metrics["actions.complete"] == pytest.approx(0.5)
    assert metrics["follow_up.precision"] == metrics["follow_up.recall"] == 1.0


def test_a_label_whose_excerpt_is_not_in_the_notes_matches_by_words() -> None:
    labels = [{"excerpt": "JK booker kurset i uge 14", "start": None, "end": None}]
    preds = [{"text": "JK booker kursus", "start": 5, "end": 21},
             {"text": "JK booker kurset i uge 14 hos DI", "start": 30, "end": 62}]
    assert sc.match_items(labels, preds) == [(0, 1)]


def test_the_committed_dataset_loads_with_every_excerpt_found() -> None:
    cases = load_cases(ROOT / "evals" / "datasets" / "summary.jsonl", SummaryRow)
    assert len(cases) >= 30 and {c.language for c in cases} == {"da", "en"}
    for c in cases:
        for kind in ("goals", "actions", "follow_up"):
            assert all(item["start"] is not None for item in c.expected[kind]), c.id
