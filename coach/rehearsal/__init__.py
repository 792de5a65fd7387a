"""Rehearsal: the manager says a line of feedback, the coach answers as the employee (in one of
five personas) and coaches the manager on the line.

`rehearse` is the feature; the rules engine reads the line with the feedback analyzer
(`coach.rehearsal.moves`), answers from reply banks (`replies`) and writes the tip (`tips`).
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.rehearsal.rehearse import (
        check_history as check_history,
    )
    from coach.rehearsal.rehearse import (
        check_persona as check_persona,
    )
    from coach.rehearsal.rehearse import (
        rehearse as rehearse,
    )
    from coach.rehearsal.types import (
        PERSONAS as PERSONAS,
    )
    from coach.rehearsal.types import (
        Persona as Persona,
    )
    from coach.rehearsal.types import (
        Reaction as Reaction,
    )
    from coach.rehearsal.types import (
        RehearsalResult as RehearsalResult,
    )
    from coach.rehearsal.types import (
        Turn as Turn,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "rehearse": ["check_history", "check_persona", "rehearse"],
    "types": ["PERSONAS", "Persona", "Reaction", "RehearsalResult", "Turn"],
})
