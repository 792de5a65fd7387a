"""Loading built-in passages and the question bank (coach/knowledge/passages.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from coach.errors import DataFileError
from coach.knowledge.passages import (
    content_hash,
    load_builtin_passages,
    load_question_bank,
    passage_id,
)
from coach.paths import KNOWLEDGE_DIR

BODY = "Feedback virker bedst, når den beskriver en konkret situation og adfærd."


def write_passage(root: Path, doc_id: str, *, topic: str = "feedback", audience: str = "both",
                  language: str = "da", body: str = BODY, title: str = "Titel") -> Path:
    path = root / "passages" / language / topic / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nid: {doc_id}\ntitle: {title}\ntopic: {topic}\naudience: {audience}\n"
                    f"language: {language}\n---\n{body}\n", encoding="utf-8")
    return path


def test_passage_id_is_doc_id_plus_body_hash() -> None:
    expected = hashlib.sha256(BODY.encode()).hexdigest()[:8]
    assert passage_id("feedback-sbi-da", BODY) == f"feedback-sbi-da:{expected}"


def test_load_builtin_passages(tmp_path: Path) -> None:
    write_passage(tmp_path, "feedback-sbi-da")
    write_passage(tmp_path, "smart-en", topic="smart-goals", language="en", audience="manager",
                  body="Goals should be specific.")
    passages = load_builtin_passages(tmp_path)
    assert [p.doc_id for p in passages] == ["feedback-sbi-da", "smart-en"]
    first = passages[0]
    assert first.id == passage_id("feedback-sbi-da", BODY)
    assert (first.topic, first.audience, first.language, first.source) == (
        "feedback", "both", "da", "builtin")
    assert first.text == BODY


def test_id_changes_only_with_the_text(tmp_path: Path) -> None:
    path = write_passage(tmp_path, "feedback-sbi-da")
    before = load_builtin_passages(tmp_path)[0].id
    assert load_builtin_passages(tmp_path)[0].id == before
    path.write_text(path.read_text("utf-8").replace("konkret", "bestemt"), encoding="utf-8")
    assert load_builtin_passages(tmp_path)[0].id != before


@pytest.mark.parametrize(("field", "value"), [
    ("topic", "gossip"), ("audience", "everyone"), ("language", "de")])
def test_bad_front_matter_names_the_file(tmp_path: Path, field: str, value: str) -> None:
    kwargs = {field: value}
    path = write_passage(tmp_path, "bad-doc", **kwargs)
    with pytest.raises(DataFileError, match=path.name):
        load_builtin_passages(tmp_path)


def test_duplicate_doc_ids_are_rejected(tmp_path: Path) -> None:
    write_passage(tmp_path, "same-id", topic="feedback")
    write_passage(tmp_path, "same-id", topic="wellbeing")
    with pytest.raises(DataFileError, match="also used by"):
        load_builtin_passages(tmp_path)


def test_content_hash_tracks_tags_and_model(tmp_path: Path) -> None:
    write_passage(tmp_path, "feedback-sbi-da")
    passages = load_builtin_passages(tmp_path)
    base = content_hash(passages, "e5")
    assert content_hash(passages, "e5") == base
    assert content_hash(passages, "bm25") != base
    retagged = [passages[0].model_copy(update={"audience": "manager"})]
    assert content_hash(retagged, "e5") != base


QUESTIONS = """\
- id: q-feedback-employee-da-1
  topic: feedback
  audience: employee
  language: da
  text: Hvilken feedback har hjulpet dig mest i år?
  why: Viser hvad der virker.
- id: q-feedback-manager-en-1
  topic: feedback
  audience: manager
  language: en
  text: What feedback would help you most?
"""


def test_load_question_bank(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "feedback.yaml").write_text(QUESTIONS, encoding="utf-8")
    questions = load_question_bank(tmp_path)
    assert [q.id for q in questions] == ["q-feedback-employee-da-1", "q-feedback-manager-en-1"]
    assert questions[1].why == ""


@pytest.mark.parametrize(("old", "new"), [
    ("topic: feedback\n  audience: employee", "topic: nonsense\n  audience: employee"),
    ("audience: employee", "audience: boss"),
    ("language: da", "language: sv"),
    ("i år?", "i år."),
])
def test_bad_question_names_the_file(tmp_path: Path, old: str, new: str) -> None:
    (tmp_path / "questions").mkdir()
    path = tmp_path / "questions" / "feedback.yaml"
    path.write_text(QUESTIONS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"feedback\.yaml"):
        load_question_bank(tmp_path)


def test_the_real_knowledge_loads() -> None:
    """The shipped knowledge validates (ids unique, tags in the taxonomy)."""
    knowledge = KNOWLEDGE_DIR
    passages = load_builtin_passages(knowledge)
    assert len({p.id for p in passages}) == len(passages)
    assert all(p.doc_id.endswith(f"-{p.language}") for p in passages)
    load_question_bank(knowledge)
