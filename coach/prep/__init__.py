"""Preparation questions for a MUS, for employee or manager, in the order a MUS runs.

`prepare` is the feature; `render_markdown` prints a sheet to bring to the meeting.
"""

from coach.prep.plan import PREP_ORDER, is_duplicate
from coach.prep.prepare import prepare, validate_request
from coach.prep.render import render_markdown
from coach.prep.types import ROLES, PrepQuestion, PrepResult, PrepSection, Role

__all__ = ["PREP_ORDER", "ROLES", "PrepQuestion", "PrepResult", "PrepSection", "Role",
           "is_duplicate", "prepare", "render_markdown", "validate_request"]
