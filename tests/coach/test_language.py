"""Language detection: Danish first, English equal, short texts included."""

import json

import pytest

from coach.language import detect_language, resolve_language
from tests.support.paths import ROOT

DATASETS = ROOT / "evals" / "datasets"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Du er altid så negativ på møderne", "da"),
        ("Jeg vil blive bedre til Python", "da"),
        ("You never listen in meetings", "en"),
        ("Be more strategic.", "en"),
        ("Support the team more.", "en"),
        ("By the end of 2027.", "en"),
        ("is it ok to record the meeting?", "en"),
        ("Python", "da"),  # no evidence either way: Danish first
    ],
)
def test_detects_short_and_long_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_every_labelled_dataset_text_is_detected_correctly() -> None:
    wrong = []
    for name, key in [("feedback", "text"), ("goals", "goal"), ("retrieval", "query")]:
        for line in (DATASETS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if detect_language(case[key]) != case["language"]:
                wrong.append(case["id"])
    assert wrong == []


def test_resolve_language_validates_explicit_values() -> None:
    assert resolve_language("whatever", "en") == "en"
    with pytest.raises(ValueError, match="'da' or 'en'"):
        resolve_language("tekst", "de")
