"""SMART goals: per-criterion verdicts with evidence, the resolved deadline and a rewrite.

`check_goal` is the feature (rules, cited guidance, optional LLM rewrite); `check_rules` is the
deterministic answer alone. Deadline conventions: docs/deadlines.md.
"""

from coach.goals.check import check_goal
from coach.goals.criteria import check_rules, is_smart
from coach.goals.types import (
    CRITERIA,
    REQUIRED,
    Criteria,
    Criterion,
    GoalCheck,
    GoalDraft,
    Judgement,
)

__all__ = ["CRITERIA", "REQUIRED", "Criteria", "Criterion", "GoalCheck", "GoalDraft", "Judgement",
           "check_goal", "check_rules", "is_smart"]
