"""After the MUS: notes -> referat, agreed goals, to-dos with owners and a follow-up plan.

`summarize` is the feature; `to_ics` turns its plan into a calendar, `render_markdown` its
referat into Markdown. Conventions (owners, dates, proposals): docs/summary.md.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.summary.calendar import (
        to_ics as to_ics,
    )
    from coach.summary.render import (
        render_markdown as render_markdown,
    )
    from coach.summary.summarize import (
        summarize as summarize,
    )
    from coach.summary.types import (
        FollowUp as FollowUp,
    )
    from coach.summary.types import (
        Participant as Participant,
    )
    from coach.summary.types import (
        Point as Point,
    )
    from coach.summary.types import (
        Section as Section,
    )
    from coach.summary.types import (
        SummaryAction as SummaryAction,
    )
    from coach.summary.types import (
        SummaryGoal as SummaryGoal,
    )
    from coach.summary.types import (
        SummaryResult as SummaryResult,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "calendar": ["to_ics"],
    "render": ["render_markdown"],
    "summarize": ["summarize"],
    "types": ["FollowUp", "Participant", "Point", "Section", "SummaryAction", "SummaryGoal",
              "SummaryResult"],
})
