"""Per-task row schemas: each dataset's own flat format, checked strictly, turned into cases.

The formats are the ones the datasets' authors chose (and HR's own files follow, see
evals/custom/README.md); adapting here keeps the datasets untouched.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.taxonomy import AUDIENCES, TOPIC_SLUGS
from evals.dataset import Row
from evals.model import Case

Category = Literal["label", "generalization", "attribution"]
CATEGORIES: tuple[Category, ...] = ("label", "generalization", "attribution")
CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpectedFinding(_Strict):
    """A labelled finding: its category and the words that carry it."""

    category: Category
    excerpt: str = Field(min_length=1)


class FeedbackRow(Row):
    """`feedback.jsonl`: a statement, whether it is person-directed, and its findings."""

    text: str = Field(min_length=1, max_length=4000)
    context: str | None = None
    person_directed: bool
    findings: list[ExpectedFinding] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackRow:
        if self.person_directed != bool(self.findings):
            raise ValueError("person_directed must be true exactly when findings are listed")
        lowered = self.text.lower()
        for finding in self.findings:
            if finding.excerpt.lower() not in lowered:
                raise ValueError(f"excerpt {finding.excerpt!r} does not occur in text")
        return self

    def to_case(self, source: str) -> Case:
        """Inputs: text (+ context); expected: person_directed and findings."""
        inputs = {"text": self.text, "context": self.context}
        lowered = self.text.lower()
        findings = []
        for f in self.findings:  # labels give the words only; locate them for span alignment
            start = lowered.find(f.excerpt.lower())
            findings.append({**f.model_dump(), "start": start, "end": start + len(f.excerpt)})
        expected = {"person_directed": self.person_directed, "findings": findings}
        return self._case(source, inputs, expected)


class RephraseRow(Row):
    """`rephrase.jsonl`: a statement (with optional context notes), whether it is criticism,
    praise or both, the topics and facts a faithful rewrite must keep (`keep`, exact substrings
    of text or context) and the judging words it must drop (`judging`, substrings of text)."""

    text: str = Field(min_length=1, max_length=4000)
    context: str | None = None
    kind: Literal["criticism", "praise", "mixed"]
    keep: list[str] = Field(default_factory=list)
    judging: list[str] = Field(default_factory=list)
    note: str | None = None  # the author's remark on what a good rewrite does (not scored)

    @model_validator(mode="after")
    def _present(self) -> RephraseRow:
        source = f"{self.text}\n{self.context or ''}".lower()
        for word in self.keep:
            if word.lower() not in source:
                raise ValueError(f"keep {word!r} occurs in neither text nor context")
        for word in self.judging:
            if word.lower() not in self.text.lower():
                raise ValueError(f"judging {word!r} does not occur in text")
        if self.kind == "praise" and self.judging:
            raise ValueError("praise lists no judging words; use kind 'mixed'")
        return self

    def to_case(self, source: str) -> Case:
        """Inputs: text (+ context); expected: kind, keep and judging."""
        inputs = {"text": self.text, "context": self.context}
        expected = {"kind": self.kind, "keep": list(self.keep), "judging": list(self.judging)}
        return self._case(source, inputs, expected)


class CriteriaExpected(_Strict):
    """Expected `met` per SMART criterion; a criterion left out is not scored."""

    specific: bool | None = None
    measurable: bool | None = None
    achievable: bool | None = None
    relevant: bool | None = None
    time_bound: bool | None = None


class GoalRow(Row):
    """`goals.jsonl`: a goal (with optional context and reference date) and its SMART labels."""

    goal: str = Field(min_length=1, max_length=4000)
    context: str | None = None
    today: date
    expected: CriteriaExpected
    deadline: date | None
    # False where the goal is time-bound but its day is debatable ("til foråret", "ved næste
    # MUS" with no date, "their first two weeks"): the deadline is then not scored.
    deadline_known: bool = True

    def to_case(self, source: str) -> Case:
        """Inputs: goal, context, today; expected: the labelled criteria and deadline."""
        inputs = {"goal": self.goal, "context": self.context, "today": self.today.isoformat()}
        expected: dict[str, Any] = {
            "criteria": self.expected.model_dump(exclude_unset=True),
            "deadline": self.deadline.isoformat() if self.deadline else None}
        if not self.deadline_known:
            expected["deadline_known"] = False
        return self._case(source, inputs, expected)


class RetrievalRow(Row):
    """`retrieval.jsonl`: a query and what answers it: passages of `expected_topics`, or the
    listed passage ids (a result matching either counts as relevant)."""

    query: str = Field(min_length=1, max_length=4000)
    expected_topics: list[str] = Field(default_factory=list)
    relevant_ids: list[str] = Field(default_factory=list)
    topic: str | None = None
    audience: str | None = None

    @model_validator(mode="after")
    def _known_filters(self) -> RetrievalRow:
        if not self.expected_topics and not self.relevant_ids:
            raise ValueError("give expected_topics or relevant_ids")
        unknown = [t for t in [*self.expected_topics, self.topic] if t and t not in TOPIC_SLUGS]
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}")
        if self.audience is not None and self.audience not in AUDIENCES:
            raise ValueError(f"unknown audience {self.audience!r}")
        return self

    def to_case(self, source: str) -> Case:
        """Inputs: query and filters; expected: relevant topics and ids."""
        inputs = {"query": self.query, "topic": self.topic, "audience": self.audience}
        expected = {"topics": list(self.expected_topics), "ids": list(self.relevant_ids)}
        return self._case(source, inputs, expected)


def split_topics(topics: list[str] | None, context: str | None
                 ) -> tuple[list[str] | None, list[str]]:
    """A prep row's `topics` as (taxonomy slugs to request, context phrases to name).

    An entry that occurs word for word in the context is a concrete topic of the person's
    situation, which a question must name ("nøgleperson for demens"); any other entry must be a
    taxonomy slug and is passed on as the request's `topics`.
    """
    if topics is None:
        return None, []
    named = [t for t in topics if context and t in context]
    slugs = [t for t in topics if t not in named]
    return (slugs or None), named


class PrepRow(Row):
    """`prep.jsonl`: a prep request, the topics its answer must cover and, among `topics`, the
    context's own phrases that some question must name."""

    role: Literal["employee", "manager"]
    context: str | None = None
    topics: list[str] | None = None
    count: int = Field(10, ge=1, le=30)
    expected_topics: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list, description=(
        "Phrases no question may contain, because the context contradicts them (a new "
        "manager: 'feedback from me'); labelled by hand, not from the coach's lexicon."))

    @model_validator(mode="after")
    def _known_topics(self) -> PrepRow:
        slugs, _ = split_topics(self.topics, self.context)
        unknown = [t for t in [*(slugs or []), *self.expected_topics] if t not in TOPIC_SLUGS]
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}: a topic is a taxonomy slug or words "
                             "that occur in the context")
        return self

    def to_case(self, source: str) -> Case:
        """Inputs: the request; expected: the topics to cover and the phrases to name."""
        slugs, named = split_topics(self.topics, self.context)
        inputs = {"role": self.role, "context": self.context, "topics": slugs,
                  "count": self.count}
        return self._case(source, inputs, {"topics": list(self.expected_topics),
                                           "named": named, "forbidden": list(self.forbidden)})


class FuzzRow(Row):
    """`goal_fuzz.jsonl`: how many generated goals (`evals.goalgen`, from `seed`) to check."""

    seed: int
    n: int = Field(ge=1, le=100_000)

    def to_case(self, source: str) -> Case:
        """Inputs: the generator's seed and count; nothing is expected but answers."""
        return self._case(source, {"seed": self.seed, "n": self.n}, {})


Reaction = Literal["defensive", "engaged", "answer", "softened", "agreeing", "pleased", "unsure"]


class RehearseTurn(_Strict):
    """One scripted line of the manager, and how the employee's reply should react to it."""

    say: str = Field(min_length=1, max_length=4000)
    expect: Reaction | None = Field(None, description="The reply's reaction; absent = any.")
    refers: bool = Field(False, description="The reply refers back to judging wording of an "
                         "earlier line.")


class RehearseRow(Row):
    """`rehearse.jsonl`: a scripted conversation (the manager's lines) with one persona."""

    persona: Literal["open", "defensive", "surprised", "quiet", "upset"]
    turns: list[RehearseTurn] = Field(min_length=1, max_length=10)

    def to_case(self, source: str) -> Case:
        """Inputs: persona and the manager's lines; expected: each reply's reaction."""
        inputs = {"persona": self.persona, "lines": [t.say for t in self.turns]}
        expected = {"turns": [{"expect": t.expect, "refers": t.refers} for t in self.turns]}
        return self._case(source, inputs, expected)


class ExpectedGoal(_Strict):
    """An agreed goal: the words that state it and its deadline (null: none, or no single day)."""

    excerpt: str = Field(min_length=1)
    deadline: date | None = None


class ExpectedAction(_Strict):
    """A to-do: its words, owner (employee, manager, both or null) and due day."""

    excerpt: str = Field(min_length=1)
    owner: Literal["employee", "manager", "both"] | None = None
    due: date | None = None


Day = date  # a field named "date" hides the type inside its class


class ExpectedFollowUp(_Strict):
    """A dated follow-up meeting the notes state."""

    date: Day | None = None
    excerpt: str = ""


class SummaryExpected(_Strict):
    """What a summary of the notes must find."""

    goals: list[ExpectedGoal] = Field(default_factory=list)
    actions: list[ExpectedAction] = Field(default_factory=list)
    follow_up: list[ExpectedFollowUp] = Field(default_factory=list)


def locate(notes: str, excerpt: str, taken: set[int]) -> tuple[int, int] | None:
    """Where `excerpt` stands in `notes` (the first occurrence not yet taken): exactly, then
    ignoring case, then ignoring how whitespace is written. None when it does not occur."""
    if not excerpt.strip():
        return None
    lowered = notes.lower()
    for haystack, needle in ((notes, excerpt), (lowered, excerpt.lower())):
        start = haystack.find(needle)
        while start != -1 and start in taken:
            start = haystack.find(needle, start + 1)
        if start != -1:
            taken.add(start)
            return start, start + len(needle)
    pattern = r"\s+".join(re.escape(w) for w in excerpt.split())
    for m in re.finditer(pattern, notes, re.IGNORECASE):
        if m.start() not in taken:
            taken.add(m.start())
            return m.start(), m.end()
    return None


class SummaryRow(Row):
    """`summary.jsonl`: notes from a MUS and the goals, to-dos and follow-ups they agree.

    Relative dates resolve against `meeting_date`, else `today` (docs/summary.md has the
    labelling conventions). Excerpts are located in the notes for span matching; one that
    does not occur is matched by its words instead.
    """

    today: date
    meeting_date: date | None = None
    notes: str = Field(min_length=1, max_length=20000)
    expected: SummaryExpected

    def to_case(self, source: str) -> Case:
        """Inputs: notes and dates; expected: the labels, each with its span (or None)."""
        inputs = {"notes": self.notes, "today": self.today.isoformat(),
                  "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None}
        def spanned(items: list[Any]) -> list[dict[str, Any]]:
            taken: set[int] = set()  # per kind: a booking line is a to-do and a meeting
            out = []
            for item in items:
                span = locate(self.notes, item.excerpt, taken)
                out.append({**item.model_dump(mode="json"),
                            "start": span[0] if span else None, "end": span[1] if span else None})
            return out

        expected = {"goals": spanned(self.expected.goals),
                    "actions": spanned(self.expected.actions),
                    "follow_up": spanned(self.expected.follow_up)}
        return self._case(source, inputs, expected)
