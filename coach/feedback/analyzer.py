"""Person-directed feedback analyzer (deterministic, Danish and English).

Finds the three kinds of person-directed wording defined in the contract (label,
generalization, attribution), each with an exact character span, and lists what the feedback
already does well. Two engines agree on the findings: the frame checks
(`coach.feedback.frames`, words in coach/data/feedback/lexicon.yaml, see coach/data/README.md)
and the learned detector (`coach.feedback.learned`), which reads each passage whole and so
catches judgements in words nobody listed. A rule finding stands unless the detector is sure
its passage judges nobody; a passage the detector calls judging with no rule finding gets a
finding on its most likely clause. The strengths are in `coach.feedback.strengths`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from coach.errors import InputError
from coach.feedback.events import reports_events
from coach.feedback.frames import Flagged, Frames
from coach.feedback.learned import Detector, Passage, default_detector
from coach.feedback.lexicon import Lexicon, default_lexicon, match_entry, messages
from coach.feedback.strengths import StrengthKey, strengths
from coach.feedback.types import Category, FeedbackAnalysis, Finding
from coach.language import Language, resolve_language
from coach.limits import BLANK
from coach.tokens import Token, tokenize

log = logging.getLogger(__name__)

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
    passages: list[Passage] = field(default_factory=list)  # what the detector read
    learned: bool = False  # whether the learned detector took part

    def analysis(self) -> FeedbackAnalysis:
        """The public result, with strengths phrased in the text's language."""
        say = messages().message
        strengths = [say(f"strengths.{k}", self.language) for k in self.strength_keys]
        return FeedbackAnalysis(language=self.language, person_directed=bool(self.findings),
                                findings=self.findings, strengths=strengths)


# Probability at which one sentence of a longer statement, read alone, judges the person: the
# judging sentences of mixed statements score 0.9 and over, fragments ("Når det er kunderne fra
# Jylland.") and single events up to about 0.7 (measured on the held-out quarter, docs/holdout.md).
SENTENCE_THRESHOLD = 0.8
# Probability a passage that only reports past actions (`coach.feedback.events`) must reach
# before the detector alone flags it: such reports score up to about 0.65 ("Du glemte at åbne
# kasse 3 i går"), judging verbs and motives the rules miss 0.73 and over.
EVENT_THRESHOLD = 0.7
_DEFAULT_DETECTOR = object()  # sentinel: "the shipped detector", since None means "rules only"


class FeedbackAnalyzer:
    """Analyzes feedback against a lexicon and the learned detector. Build once; `scan` is
    thread-safe.

    Args:
        lexicon: The compiled lexicon (defaults to the built-in data file).
        detector: The learned detector; the shipped one by default, None for the rules alone.
    """

    def __init__(self, lexicon: Lexicon | None = None,
                 detector: Detector | object | None = _DEFAULT_DETECTOR) -> None:
        """Compile the lexicon (once per process for the default)."""
        self.lexicon = lexicon or default_lexicon()
        self.detector: Detector | None = (default_detector() if detector is _DEFAULT_DETECTOR
                                          else detector)  # type: ignore[assignment]

    @cached_property
    def rules_only(self) -> FeedbackAnalyzer:
        """The same lexicon without the learned detector. Its spans are the words that judge,
        which a rewrite can take out; the learned detector marks whole clauses, facts too."""
        return self if self.detector is None else FeedbackAnalyzer(self.lexicon, detector=None)

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
        passages: list[Passage] = []
        if self.detector is not None and not _settled(tokens, flagged):
            passages = self._passages(text, tokens, lang, frames)
        if self.detector is not None:  # still: a model that fails to load switches itself off
            flagged = _dedupe(self._combine(tokens, lang, flagged, passages, frames))
        findings = [self._finding(text, tokens, a, b, cat, lang) for a, b, cat in flagged]
        return Scan(text, lang, tokens, findings, strengths(frames, flagged), flagged, frames,
                    passages, learned=self.detector is not None)

    def _passages(self, text: str, tokens: list[Token], language: Language,
                  frames: Frames) -> list[Passage]:
        assert self.detector is not None
        objects = frames.lex.words["person_objects"]
        # "Late again, as always.": a fragment about the addressee that does not name them is
        # read too, so the detector's veto can overrule the marker (`Frames.implied`).
        implied = {tokens[k].sentence for k in frames.implied}

        def mentions_person(a: int, b: int) -> bool:
            return any(frames.subject_kind(k) in ("person", "possessive")
                       or tokens[k].norm in objects or tokens[k].sentence in implied
                       for k in range(a, b))

        try:
            return self.detector.passages(text, tokens, language, mentions_person)
        except Exception:  # the model failed to load or run: the rules still answer
            log.warning("learned feedback detector failed; rules only", exc_info=True)
            self.detector = None
            return []

    def _combine(self, tokens: list[Token], language: Language, flagged: list[Flagged],
                 passages: list[Passage], frames: Frames) -> list[Flagged]:
        """Rule findings the detector does not overrule, plus its own where rules found none.

        The rules' exclusions are the contract's (a role; an always/never in an offer, a rule,
        "velkommen", something that happened to the person): the detector adds nothing there.
        """
        assert self.detector is not None
        weights = self.detector.weights
        excused = frames.excused
        kept: list[Flagged] = []
        for a, b, cat in flagged:
            inside = [p for p in passages if p.a <= a < p.b]
            # Always/never words in rules, routines and offers ("vi skal altid…", "you always
            # have my support") are the rules' false alarms; labels and motives always stand.
            if cat == "generalization" and inside and a not in frames.firm \
                    and all(p.probability < weights.veto for p in inside):
                continue
            # "Du er skemalagt til gårdvagt hver onsdag": a duty's schedule, not a habit.
            if cat == "generalization" and self._is_role(tokens, _clause_of(tokens, a), language):
                continue
            kept.append((a, b, cat))
        for p in passages:
            # A sentence read alone has less context, so the model must be surer of it.
            bar = SENTENCE_THRESHOLD if p.sentence else weights.threshold
            if p.probability < bar or any(p.a <= a < p.b for a, _, _ in kept):
                continue
            # A report of what someone did is the contract's observation, not a judgement.
            if p.probability < EVENT_THRESHOLD and reports_events(
                    tokens, p.a, p.b, frames.lex, frames.sweeping, frames.is_pronoun):
                continue
            if p.category == "generalization" and any(p.a <= k < p.b for k in excused):
                continue
            clause = self.detector.best_clause(tokens, p.a, p.b, language)
            if clause is None or self._is_role(tokens, clause, language) \
                    or any(k in frames.reported for k in range(*clause)) \
                    or frames.own_report(clause[1]):
                continue  # "Du fortalte mig, at du keder dig": their account, not a guess
            kept.append((clause[0], clause[1], p.category))
        return kept

    def _is_role(self, tokens: list[Token], clause: tuple[int, int], language: Language) -> bool:
        """A role or assignment ("du er ansvarlig for…", "you're on the rota") is no judgement,
        negated or not (contract); its word list is `role_predicates` in the lexicon."""
        lex = self.lexicon[language]
        return any(match_entry(tokens, k, e, lex.skippable) is not None
                   for k in range(*clause) for e in lex.candidates("role_predicates", tokens[k]))

    def _finding(self, text: str, tokens: Sequence[Token], a: int, b: int, category: Category,
                 language: Language) -> Finding:
        start, end = tokens[a].start, tokens[b - 1].end
        excerpt = text[start:end]
        return Finding(category=category, start=start, end=end, excerpt=excerpt,
                       explanation=messages().message(f"explanations.{category}", language,
                                                      excerpt=excerpt))


def _clause_of(tokens: Sequence[Token], k: int) -> tuple[int, int]:
    """Token range of the clause token k stands in."""
    a = b = k
    while a > 0 and tokens[a - 1].clause == tokens[k].clause:
        a -= 1
    while b < len(tokens) and tokens[b].clause == tokens[k].clause:
        b += 1
    return a, b


def _settled(tokens: Sequence[Token], flagged: list[Flagged]) -> bool:
    """Whether the learned detector cannot change the answer, so the model need not run: every
    sentence already holds a rule label or attribution (the detector adds nothing to a passage
    with a finding) and there is no rule generalization it might overrule. "Du er doven" then
    costs no model load, which a one-shot CLI run would spend most of its time on."""
    if not flagged or any(cat == "generalization" for *_, cat in flagged):
        return False
    found = {tokens[a].sentence for a, _, _ in flagged}
    return all(t.sentence in found for t in tokens if not t.punct)


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

