"""Preparation questions for a MUS, for employee or manager, in the order a MUS runs.

`prepare` is the feature; `render_markdown` prints a sheet to bring to the meeting.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.prep.plan import (
        PREP_ORDER as PREP_ORDER,
    )
    from coach.prep.plan import (
        is_duplicate as is_duplicate,
    )
    from coach.prep.prepare import (
        prepare as prepare,
    )
    from coach.prep.prepare import (
        validate_request as validate_request,
    )
    from coach.prep.render import (
        render_markdown as render_markdown,
    )
    from coach.prep.types import (
        ROLES as ROLES,
    )
    from coach.prep.types import (
        PrepQuestion as PrepQuestion,
    )
    from coach.prep.types import (
        PrepResult as PrepResult,
    )
    from coach.prep.types import (
        PrepSection as PrepSection,
    )
    from coach.prep.types import (
        Role as Role,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "plan": ["PREP_ORDER", "is_duplicate"],
    "prepare": ["prepare", "validate_request"],
    "render": ["render_markdown"],
    "types": ["ROLES", "PrepQuestion", "PrepResult", "PrepSection", "Role"],
})
