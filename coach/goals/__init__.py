"""SMART goals: per-criterion verdicts with evidence, the resolved deadline and a rewrite.

`check_goal` is the feature (rules, cited guidance, optional LLM rewrite); `check_rules` is the
deterministic answer alone. Deadline conventions: docs/deadlines.md.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.goals.check import (
        check_goal as check_goal,
    )
    from coach.goals.criteria import (
        check_rules as check_rules,
    )
    from coach.goals.criteria import (
        is_smart as is_smart,
    )
    from coach.goals.types import (
        CRITERIA as CRITERIA,
    )
    from coach.goals.types import (
        REQUIRED as REQUIRED,
    )
    from coach.goals.types import (
        Criteria as Criteria,
    )
    from coach.goals.types import (
        Criterion as Criterion,
    )
    from coach.goals.types import (
        GoalCheck as GoalCheck,
    )
    from coach.goals.types import (
        GoalDraft as GoalDraft,
    )
    from coach.goals.types import (
        Judgement as Judgement,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "check": ["check_goal"],
    "criteria": ["check_rules", "is_smart"],
    "types": ["CRITERIA", "REQUIRED", "Criteria", "Criterion", "GoalCheck", "GoalDraft",
              "Judgement"],
})
