"""Person-directed feedback analyzer (deterministic, Danish and English).

Finds the three kinds of person-directed wording defined in the contract (label,
generalization, attribution), each with an exact character span, and lists what the feedback
already does well. The frame checks are in `coach.feedback.frames`, the strengths in
`coach.feedback.strengths`; words live in coach/data/feedback/lexicon.yaml
(see coach/data/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.errors import InputError
from coach.feedback.frames import Flagged, Frames
from coach.feedback.lexicon import Lexicon, default_lexicon, messages
from coach.feedback.strengths import StrengthKey, strengths
from coach.feedback.types import Category, FeedbackAnalysis, Finding
from coach.language import Language, resolve_language
from coach.limits import BLANK
from coach.tokens import Token, tokenize


@dataclass
class Scan:
    """The analysis plus what the rephraser needs to rewrite the text."""

    text: str
    language: Language
    tokens: list[Token]
    findings: list[Finding]
    strength_keys: list[StrengthKey]
    flagged: list[Flagged] = field(default_factory=list)  # token ranges of the findings
    frames: Frames | None = None

    def analysis(self) -> FeedbackAnalysis:
        """The public result, with strengths phrased in the text's language."""
        say = messages().message
        strengths = [say(f"strengths.{k}", self.language) for k in self.strength_keys]
        return FeedbackAnalysis(language=self.language, person_directed=bool(self.findings),
                                findings=self.findings, strengths=strengths)


class FeedbackAnalyzer:
    """Analyzes feedback against a lexicon. Build once; `scan` is thread-safe.

    Args:
        lexicon: The compiled lexicon (defaults to the built-in data file).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        """Compile the lexicon (once per process for the default)."""
        self.lexicon = lexicon or default_lexicon()

    def analyze(self, text: str, language: str | None = None,
                names: Sequence[str] = ()) -> FeedbackAnalysis:
        """Analyze `text`; `language` "da"/"en" or None to detect it."""
        return self.scan(text, language, names).analysis()

    def scan(self, text: str, language: str | None = None, names: Sequence[str] = ()) -> Scan:
        """Analyze and keep the tokens (for the rephraser)."""
        if not text.strip():
            raise InputError("text", BLANK)
        lang = resolve_language(text, language)
        lex = self.lexicon[lang]
        tokens = tokenize(text, lang)
        frames = Frames(tokens, lex, frozenset(w.lower() for n in names for w in n.split()))
        flagged = _dedupe(frames.predicates() + frames.phrases() + frames.generalizations())
        findings = [self._finding(text, tokens, a, b, cat, lang) for a, b, cat in flagged]
        return Scan(text, lang, tokens, findings, strengths(frames, flagged), flagged, frames)

    def _finding(self, text: str, tokens: Sequence[Token], a: int, b: int, category: Category,
                 language: Language) -> Finding:
        start, end = tokens[a].start, tokens[b - 1].end
        excerpt = text[start:end]
        return Finding(category=category, start=start, end=end, excerpt=excerpt,
                       explanation=messages().message(f"explanations.{category}", language,
                                                      excerpt=excerpt))


def _dedupe(found: list[Flagged]) -> list[Flagged]:
    """Drop a finding inside another of the same category; order by position."""
    kept: list[Flagged] = []
    for a, b, cat in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(cat == c and a < y and x < b for x, y, c in kept):
            continue
        kept.append((a, b, cat))
    return kept


_DEFAULT: FeedbackAnalyzer | None = None


def default_analyzer() -> FeedbackAnalyzer:
    """The analyzer over the built-in lexicon (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = FeedbackAnalyzer()
    return _DEFAULT


def analyze(text: str, language: str | None = None, names: Sequence[str] = ()) -> FeedbackAnalysis:
    """Analyze feedback with the built-in lexicon."""
    return default_analyzer().analyze(text, language, names)

