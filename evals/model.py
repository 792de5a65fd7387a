"""The evaluation's data types: cases, scores, per-case results and the versioned run report.

A case is what a dataset row becomes (inputs, expected, metadata); a scorer is a plain callable
`(case, output) -> Score`; a run report is the JSON a run writes and a later run compares with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coach.language import Language

# Bump when the report's shape changes so `compare` can refuse reports it cannot read.
REPORT_VERSION = 1
# Slices every metric is computed for: all cases, then each language.
SLICES: tuple[str, ...] = ("overall", "da", "en")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseMeta(_Strict):
    """Where a case came from and how it is sliced."""

    language: Language
    tags: list[str] = Field(default_factory=list)
    source: str = Field("", description="`file:line` of the row, for error messages and reports.")


class Case(_Strict):
    """One evaluation case: what the solver gets, what a correct answer holds, and metadata."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    inputs: dict[str, Any]
    expected: dict[str, Any]
    metadata: CaseMeta

    @property
    def language(self) -> Language:
        """The case's language (a shortcut for slicing)."""
        return self.metadata.language


class Score(_Strict):
    """A scorer's verdict on one case: a value (bool, number, or None = not applicable) and why."""

    value: bool | float | None
    reason: str = ""

    @property
    def number(self) -> float | None:
        """The value as a float for averaging (True = 1.0); None stays None."""
        return None if self.value is None else float(self.value)


Scorer = Callable[[Case, Mapping[str, Any]], Score]


class CaseResult(_Strict):
    """One case after solving and scoring.

    `expected` and `output` are compact copies (what aggregate metrics and the flipped-case list
    need), not the full response.
    """

    id: str
    language: Language
    tags: list[str] = Field(default_factory=list)
    scores: dict[str, Score] = Field(default_factory=dict)
    expected: dict[str, Any] = Field(default_factory=dict)
    output: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None

    def passed(self) -> bool | None:
        """True when every applicable boolean-ish score is full marks; None when none applies."""
        values = [s.number for s in self.scores.values() if s.number is not None]
        return None if not values else all(v >= 1.0 for v in values)


class DatasetInfo(_Strict):
    """Which file a task's cases came from, by content hash."""

    path: str
    sha256: str
    cases: int


# metric name -> slice ("overall", "da", "en") -> value (None = not applicable in that slice)
Metrics = dict[str, dict[str, float | None]]


class TaskReport(_Strict):
    """Everything one task produced in a run."""

    name: str
    dataset: DatasetInfo
    metrics: Metrics
    counts: dict[str, int] = Field(description="Cases per slice.")
    headline: list[str] = Field(default_factory=list, description="The metrics charted and "
                                "summarised first (the table lists them all).")
    extras: dict[str, Any] = Field(default_factory=dict, description="Charts' data, e.g. the "
                                   "feedback confusion matrix per slice.")
    cases: list[CaseResult]
    duration_s: float = 0.0


class RunReport(_Strict):
    """A whole run, written as `report.json`."""

    version: int = REPORT_VERSION
    created_at: str
    git_commit: str | None
    engine: str
    model: str | None = None
    judge_model: str | None = None
    cassette: str | None = Field(None, description="Cassette directory and mode, when recorded.")
    settings: dict[str, Any] = Field(default_factory=dict)
    prompts: dict[str, str] = Field(default_factory=dict, description="Template name -> sha256.")
    tasks: dict[str, TaskReport]
    duration_s: float = 0.0

    def slim(self) -> RunReport:
        """A copy for committing as a baseline: per-case scores kept (for flips), outputs,
        expectations and reasons dropped (they are in the datasets and a fresh run)."""
        tasks = {}
        for name, task in self.tasks.items():
            cases = [c.model_copy(update={
                "output": {}, "expected": {},
                "scores": {k: Score(value=v.value) for k, v in c.scores.items()}})
                for c in task.cases]
            tasks[name] = task.model_copy(update={"cases": cases})
        return self.model_copy(update={"tasks": tasks})

    def comparable(self) -> dict[str, Any]:
        """The report without what differs between identical runs: time, commit, and whether the
        cassette was being recorded or replayed."""
        data = self.model_dump(mode="json", exclude={"created_at", "git_commit", "duration_s",
                                                     "cassette"})
        for task in data["tasks"].values():
            task.pop("duration_s", None)
        return data
