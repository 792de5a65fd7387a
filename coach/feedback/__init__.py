"""Feedback: find what judges the person (labels, generalizations, attributions) with exact
spans, and rewrite it as situation-behaviour-impact-request.

`FeedbackAnalyzer` (or `analyze`) is the analyzer; `rephrase` is the rewriting feature.
"""

from coach.feedback.analyzer import FeedbackAnalyzer, Scan, analyze, default_analyzer
from coach.feedback.lexicon import Lexicon, default_lexicon, load_lexicon
from coach.feedback.rephrase import rephrase
from coach.feedback.types import (
    Category,
    FeedbackAnalysis,
    Finding,
    RephraseResult,
    SBISuggestion,
)

__all__ = ["Category", "FeedbackAnalysis", "FeedbackAnalyzer", "Finding", "Lexicon",
           "RephraseResult", "SBISuggestion", "Scan", "analyze", "default_analyzer",
           "default_lexicon", "load_lexicon", "rephrase"]
