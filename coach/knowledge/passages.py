"""Load the built-in knowledge: guidance passages (Markdown + front matter) and the question bank.

Format: `coach/data/knowledge/README.md`. Every file is validated on load; a bad file raises
`DataFileError` naming the file and the fix.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from pydantic import ValidationError

from coach.errors import DataFileError
from coach.knowledge.types import BankQuestion, Passage
from coach.language import LANGUAGES
from coach.taxonomy import AUDIENCES

DOC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def passage_id(doc_id: str, body: str) -> str:
    """Stable passage id: `<doc-id>:<first 8 hex of sha256(body)>` (changes when the text does)."""
    return f"{doc_id}:{hashlib.sha256(body.encode('utf-8')).hexdigest()[:8]}"


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "value"
    return f"{where}: {err.get('msg', 'invalid')}"


def _load_passage_file(path: Path) -> Passage:
    try:
        post = frontmatter.load(str(path))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(path, "", f"unreadable front matter ({type(exc).__name__}); "
                             "save as UTF-8 with a valid '---' YAML header") from exc
    meta: dict[str, Any] = dict(post.metadata)
    body = post.content.strip()
    doc_id = str(meta.get("id", ""))
    if not DOC_ID.match(doc_id):
        raise DataFileError(path, "", f"id {doc_id!r} must be lowercase a-z, 0-9 and '-'")
    if not body:
        raise DataFileError(path, "", "empty body; write the passage text below the header")
    try:
        return Passage(
            id=passage_id(doc_id, body),
            doc_id=doc_id,
            title=str(meta.get("title", "")).strip() or doc_id,
            topic=meta.get("topic", ""),
            audience=meta.get("audience", ""),
            language=meta.get("language", ""),
            source="builtin",
            text=body,
        )
    except ValidationError as exc:
        raise DataFileError(path, "", f"{_first_error(exc)} (audience: "
                             f"{'/'.join(AUDIENCES)}; language: {'/'.join(LANGUAGES)})") from exc


def load_builtin_passages(directory: Path) -> list[Passage]:
    """Load every `passages/**/*.md` under `directory` (the knowledge dir or its passages dir).

    Raises:
        DataFileError: a file is invalid or two documents share an id.
    """
    root = directory / "passages" if (directory / "passages").is_dir() else directory
    if not root.is_dir():
        raise DataFileError(root, "", "no such folder; point COACH_KNOWLEDGE_DIR at the "
                            "knowledge folder (with passages/ and questions/)")
    passages: list[Passage] = []
    seen: dict[str, Path] = {}
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        passage = _load_passage_file(path)
        if passage.doc_id in seen:
            other = seen[passage.doc_id]
            raise DataFileError(path, "", f"id {passage.doc_id!r} is also used by {other}")
        seen[passage.doc_id] = path
        passages.append(passage)
    return passages


def load_question_bank(directory: Path) -> list[BankQuestion]:
    """Load every `questions/*.yaml` under `directory` (the knowledge dir or its questions dir).

    Raises:
        DataFileError: a file is not a YAML list of valid questions, or ids repeat.
    """
    root = directory / "questions" if (directory / "questions").is_dir() else directory
    if not root.is_dir():
        raise DataFileError(root, "", "no such folder; point COACH_KNOWLEDGE_DIR at the "
                            "knowledge folder (with passages/ and questions/)")
    questions: list[BankQuestion] = []
    seen: set[str] = set()
    for path in sorted([*root.glob("*.yaml"), *root.glob("*.yml")]):
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DataFileError(path, "", f"not valid UTF-8 YAML ({type(exc).__name__})") from exc
        if not isinstance(items, list):
            raise DataFileError(path, "", "must be a YAML list of questions")
        for n, item in enumerate(items, 1):
            try:
                question = BankQuestion.model_validate(item)
            except ValidationError as exc:
                raise DataFileError(path, "", f"question {n}: {_first_error(exc)} (audience: "
                                     "employee/manager; language: da/en)") from exc
            if question.id in seen:
                raise DataFileError(path, "", f"question id {question.id!r} is used twice")
            seen.add(question.id)
            questions.append(question)
    return questions


def content_hash(passages: list[Passage], *extra: str) -> str:
    """A hash over every passage's id and tags (and `extra`, e.g. the model id): the index key."""
    digest = hashlib.sha256()
    for part in extra:
        digest.update(part.encode("utf-8") + b"\0")
    for p in sorted(passages, key=lambda p: p.id):
        digest.update(f"{p.id}\0{p.title}\0{p.topic}\0{p.audience}\0{p.language}\0{p.source}\n"
                      .encode())
    return digest.hexdigest()
