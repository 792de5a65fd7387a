"""Visible placeholders: bracketed text the user fills in ("[hvornår skete det?]", "[dato]").

The coach writes one wherever a fact is missing rather than invent it; the checks treat them as
"not a fact", and the web pages highlight them. Redaction tokens ("[PERSON_1]") match too.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")
