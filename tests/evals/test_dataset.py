"""Strict dataset loading: unknown fields, bad values and repeated ids fail with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.dataset import DatasetError, load_cases
from evals.rows import FeedbackRow, GoalRow, PrepRow, RetrievalRow
from evals.runner import DATASETS_DIR
from evals.tasks import TASKS

GOOD = {"id": "a", "text": "Du er doven.", "language": "da", "person_directed": True,
        "findings": [{"category": "label", "excerpt": "doven"}]}


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_loads_and_locates_spans(tmp_path: Path) -> None:
    cases = load_cases(write_jsonl(tmp_path / "feedback.jsonl", [GOOD]), FeedbackRow)
    (case,) = cases
    assert case.language == "da"
    assert case.metadata.source.endswith("feedback.jsonl:1")
    assert case.expected["findings"] == [
        {"category": "label", "excerpt": "doven", "start": 6, "end": 11}]


def test_unknown_field_names_file_line_and_field(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feedback.jsonl", [GOOD, {**GOOD, "id": "b", "lang": "da"}])
    with pytest.raises(DatasetError, match=r"feedback\.jsonl:2: field 'lang'"):
        load_cases(path, FeedbackRow)


def test_bad_value_and_repeated_id(tmp_path: Path) -> None:
    bad = write_jsonl(tmp_path / "a.jsonl", [{**GOOD, "language": "de"}])
    with pytest.raises(DatasetError, match=r"a\.jsonl:1: field 'language'"):
        load_cases(bad, FeedbackRow)
    twice = write_jsonl(tmp_path / "b.jsonl", [GOOD, GOOD])
    with pytest.raises(DatasetError, match=r"b\.jsonl:2: id 'a' already used on line 1"):
        load_cases(twice, FeedbackRow)


def test_cross_field_check(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [{**GOOD, "findings": [
        {"category": "label", "excerpt": "sur"}]}])
    with pytest.raises(DatasetError, match=r"c\.jsonl:1: .*does not occur"):
        load_cases(path, FeedbackRow)


def test_invalid_json_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n{oops\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"d\.jsonl:3: not valid JSON"):
        load_cases(path, FeedbackRow)


def test_yaml_rows_report_their_line(tmp_path: Path) -> None:
    path = tmp_path / "goals.yaml"
    path.write_text(
        "- id: g1\n  goal: Bestå certificeringen inden 1. juni 2027.\n  language: da\n"
        "  today: 2026-01-10\n  expected: {specific: true, time_bound: true}\n"
        "  deadline: 2027-06-01\n"
        "- id: g2\n  goal: Improve.\n  language: en\n  today: 2026-01-10\n"
        "  expected: {specific: false, smart: false}\n  deadline: null\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"goals\.yaml:7: field 'expected\.smart'"):
        load_cases(path, GoalRow)
    path.write_text(path.read_text(encoding="utf-8").replace(", smart: false", ""),
                    encoding="utf-8")
    first, second = load_cases(path, GoalRow)
    assert first.expected == {"criteria": {"specific": True, "time_bound": True},
                              "deadline": "2027-06-01"}
    assert second.metadata.source.endswith("goals.yaml:7")


def test_retrieval_and_prep_rows_check_topics(tmp_path: Path) -> None:
    r = write_jsonl(tmp_path / "r.jsonl", [{"id": "r", "query": "q", "language": "en",
                                           "expected_topics": ["no-such-topic"]}])
    with pytest.raises(DatasetError, match="unknown topic"):
        load_cases(r, RetrievalRow)
    p = write_jsonl(tmp_path / "p.jsonl", [{"id": "p", "role": "boss", "language": "en"}])
    with pytest.raises(DatasetError, match=r"p\.jsonl:1: field 'role'"):
        load_cases(p, PrepRow)


@pytest.mark.parametrize("name", sorted({t.dataset for t in TASKS.values()}))
def test_committed_datasets_load(name: str) -> None:
    task = next(t for t in TASKS.values() if t.dataset == name)
    path = DATASETS_DIR / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{name}.jsonl not committed yet")
    cases = load_cases(path, task.row)
    assert cases and {c.language for c in cases} == {"da", "en"}
