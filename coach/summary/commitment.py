"""What makes a line of notes an agreement, and what keeps it from being one.

coach/data/summary/commitment.yaml holds the word classes (agreement markers, hedges, habits,
conditionals, past events, the describing sections and the role cues); this module compiles
them per language and answers two questions: is a clause agreed, hedged, a standing rule or
already done (`stance`), and which side a participant's own lines put them on (`role_cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from coach.datafile import Strict, Words, load
from coach.goals.lexicon import DIGITS, compile_phrases
from coach.knowledge.types import Topic
from coach.language import LANGUAGES, Language
from coach.paths import DATA_DIR

COMMITMENT_FILE = DATA_DIR / "summary" / "commitment.yaml"
Stance = Literal["agreed", "hedged", "habit", "conditional", "past"]

# What may precede a condition that opens a clause: a bullet, a label, a framing word
_LEAD = re.compile(r"^[\W\d_]*(?:[^\W\d_]+\s*:\s*)?(?:(?:og|and|men|but|also|også)\s+)?$",
                   re.IGNORECASE)


class _PerLanguage(Strict):
    da: Words
    en: Words


class _RoleCues(Strict):
    manager: _PerLanguage
    manager_after: _PerLanguage
    employee: _PerLanguage


class CommitmentFile(Strict):
    """coach/data/summary/commitment.yaml (documented in its header)."""

    markers: _PerLanguage
    denials: _PerLanguage
    hedges: _PerLanguage
    means: _PerLanguage
    habits: _PerLanguage
    conditionals: _PerLanguage
    consequents: _PerLanguage
    past: _PerLanguage
    deadline_refs: _PerLanguage
    event_heads: _PerLanguage
    descriptive_topics: tuple[Topic, ...]
    role_cues: _RoleCues


@dataclass(frozen=True)
class Commitment:
    """The word classes of one language, compiled."""

    marker: re.Pattern[str]
    denial: re.Pattern[str]
    hedge: re.Pattern[str]
    means: re.Pattern[str]
    habit: re.Pattern[str]
    conditional: re.Pattern[str]
    consequent: re.Pattern[str]
    past: re.Pattern[str]
    deadline_ref: re.Pattern[str]
    event_heads: tuple[str, ...]  # stems, lower case ("møde", "deadline")
    descriptive: frozenset[str]
    manager_cue: re.Pattern[str]
    manager_after: re.Pattern[str]
    employee_cue: re.Pattern[str]

    def blocks(self, text: str, *, goal: bool) -> Stance | None:
        """Why `text` states no agreement, or None: a denial ("ikke aftalt"), a hedge or (for a
        to-do) a habit unless a marker says it was agreed ("Vi aftaler at planen hænges op
        hver mandag"), a past event, and for a to-do a rule that opens with its condition."""
        if self.denial.search(text):
            return "hedged"  # "Ikke aftalt", "nothing decided": a marker negated
        agreed = self.marker.search(text) is not None
        if not agreed and any(not self.means.match(text, m.end() + 1)
                              for m in self.hedge.finditer(text)):
            return "hedged"
        if self.past.search(text):
            return "past"
        if goal:
            return None
        if self.habit.search(text) and not agreed:
            return "habit"
        for m in self.conditional.finditer(text):
            if _LEAD.match(text[:m.start()]) or self.consequent.search(text, m.end()):
                return "conditional"
        return None


@cache
def commitment(language: Language) -> Commitment:
    """The compiled word classes for `language` (checked against the schema once)."""
    data = load(COMMITMENT_FILE, CommitmentFile)

    def pattern(section: _PerLanguage) -> re.Pattern[str]:
        return compile_phrases([str(w) for w in getattr(section, language)], DIGITS)

    return Commitment(
        marker=pattern(data.markers), denial=pattern(data.denials),
        hedge=pattern(data.hedges), means=pattern(data.means),
        habit=pattern(data.habits), conditional=pattern(data.conditionals),
        consequent=pattern(data.consequents), past=pattern(data.past),
        deadline_ref=pattern(data.deadline_refs),
        event_heads=tuple(str(w).lower().rstrip("*") for w in getattr(data.event_heads,
                                                                       language)),
        descriptive=frozenset(data.descriptive_topics),
        manager_cue=pattern(data.role_cues.manager),
        manager_after=pattern(data.role_cues.manager_after),
        employee_cue=pattern(data.role_cues.employee))


def check_commitment() -> None:
    """Load and compile both languages (start-up check; raises `DataFileError`)."""
    for language in LANGUAGES:
        commitment(language)
