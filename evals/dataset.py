"""Load a task's cases from JSONL or YAML, strictly: an unknown or missing field stops the run
with the file and line that holds it.

Each task declares a row schema (a `Row` subclass in `evals.rows`) matching its dataset's own
flat format; the row turns itself into a `Case`. YAML files hold a list of the same rows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from coach.language import Language
from evals.model import Case, CaseMeta, DatasetInfo

SUFFIXES = (".jsonl", ".yaml", ".yml")


class DatasetError(ValueError):
    """A dataset file is malformed; the message starts with `file:line`."""


class Row(BaseModel):
    """Base of the per-task row schemas: strict, with an id, a language and optional tags."""

    model_config = ConfigDict(extra="forbid")

    id: str
    language: Language
    tags: list[str] = []

    def to_case(self, source: str) -> Case:  # pragma: no cover - every task overrides it
        """Turn the row into a case; `source` is its `file:line`."""
        raise NotImplementedError

    def _case(self, source: str, inputs: dict[str, Any], expected: dict[str, Any]) -> Case:
        meta = CaseMeta(language=self.language, tags=list(self.tags), source=source)
        return Case(id=self.id, inputs=inputs, expected=expected, metadata=meta)


def _problems(err: ValidationError) -> str:
    return "; ".join(
        f"field '{'.'.join(str(p) for p in e['loc']) or '(row)'}': {e['msg']}"
        for e in err.errors(include_input=False, include_url=False)
    )


def _jsonl_rows(path: Path) -> list[tuple[int, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as err:
            raise DatasetError(f"{path}:{number}: not valid JSON ({err.msg})") from None
    return rows


def _yaml_rows(path: Path) -> list[tuple[int, Any]]:
    text = path.read_text(encoding="utf-8")
    try:
        # compose keeps each node's position, so a bad row can be reported by line.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        raise DatasetError(f"{path}: not valid YAML ({err})") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise DatasetError(f"{path}:1: a YAML dataset is a list of cases (`- id: ...`)")
    loader = yaml.SafeLoader("")
    return [(node.start_mark.line + 1, loader.construct_object(node, deep=True))
            for node in root.value]


def load_cases(path: Path, row: type[Row]) -> list[Case]:
    """Read every case in `path` (JSONL or YAML) through the strict `row` schema.

    Raises:
        DatasetError: A row is not an object, has an unknown or missing field, a bad value, or
            repeats an id; the message names `file:line` and the field.
    """
    if path.suffix not in SUFFIXES:
        raise DatasetError(f"{path}: use one of {', '.join(SUFFIXES)}")
    raw = _yaml_rows(path) if path.suffix in (".yaml", ".yml") else _jsonl_rows(path)
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for number, data in raw:
        where = f"{path}:{number}"
        if not isinstance(data, dict):
            raise DatasetError(f"{where}: a case is an object with fields, "
                               f"not {type(data).__name__}")
        try:
            parsed = row.model_validate(data)
        except ValidationError as err:
            raise DatasetError(f"{where}: {_problems(err)}") from None
        if parsed.id in seen:
            raise DatasetError(f"{where}: id {parsed.id!r} already used on line {seen[parsed.id]}")
        seen[parsed.id] = number
        try:
            cases.append(parsed.to_case(where))
        except ValueError as err:  # a row's own cross-field check
            raise DatasetError(f"{where}: {err}") from None
    return cases


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dataset_info(path: Path, cases: list[Case], root: Path) -> DatasetInfo:
    """Describe a loaded dataset for the report (path relative to `root` when inside it)."""
    try:
        shown = str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        shown = str(path)
    return DatasetInfo(path=shown, sha256=file_sha256(path), cases=len(cases))


def find_dataset(directory: Path, stem: str) -> Path | None:
    """The file for task dataset `stem` in `directory` (`stem.jsonl`, `.yaml` or `.yml`)."""
    for suffix in SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None
