"""Feedback: find what judges the person (labels, generalizations, attributions) with exact
spans, and rewrite it as situation-behaviour-impact-request.

`FeedbackAnalyzer` (or `analyze`) is the analyzer; `rephrase` is the rewriting feature.
"""

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from coach.feedback.analyzer import (
        FeedbackAnalyzer as FeedbackAnalyzer,
    )
    from coach.feedback.analyzer import (
        Scan as Scan,
    )
    from coach.feedback.analyzer import (
        analyze as analyze,
    )
    from coach.feedback.analyzer import (
        default_analyzer as default_analyzer,
    )
    from coach.feedback.lexicon import (
        Lexicon as Lexicon,
    )
    from coach.feedback.lexicon import (
        default_lexicon as default_lexicon,
    )
    from coach.feedback.lexicon import (
        load_lexicon as load_lexicon,
    )
    from coach.feedback.rephrase import (
        rephrase as rephrase,
    )
    from coach.feedback.types import (
        Category as Category,
    )
    from coach.feedback.types import (
        FeedbackAnalysis as FeedbackAnalysis,
    )
    from coach.feedback.types import (
        Finding as Finding,
    )
    from coach.feedback.types import (
        RephraseResult as RephraseResult,
    )
    from coach.feedback.types import (
        SBISuggestion as SBISuggestion,
    )

# Re-exported lazily (lazy_loader): importing one submodule, as every CLI command and
# feature does, does not load the others' dependencies.
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "analyzer": ["FeedbackAnalyzer", "Scan", "analyze", "default_analyzer"],
    "lexicon": ["Lexicon", "default_lexicon", "load_lexicon"],
    "rephrase": ["rephrase"],
    "types": ["Category", "FeedbackAnalysis", "Finding", "RephraseResult", "SBISuggestion"],
})
