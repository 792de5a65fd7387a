"""Reading the conversation: what the manager's line does, and what the earlier turns say.

The judging part is the feedback analyzer's (`coach.feedback`: findings with category and exact
excerpt, and strengths); the rest (acknowledging, asking, requesting, praising) comes from the
cue words in coach/data/rehearsal/rules.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.feedback import Category, FeedbackAnalyzer, Scan
from coach.language import Language
from coach.rehearsal.lexicon import LanguageRules, Phrases, find, rules
from coach.rehearsal.types import Move, Turn
from coach.tokens import Token

# Which finding the employee picks up first: "altid" is what people hear (and object to).
_FIRST_HEARD: dict[Category, int] = {"generalization": 0, "label": 1, "attribution": 2}
# Strengths that describe what happened (a situation alone may just name a topic).
_DESCRIPTIVE = frozenset({"behaviour", "impact", "i_statement"})
MIN_SITUATION_WORDS = 8  # "Vi skal tale om dine rapporter." names a topic, not an occasion
MIN_STATEMENT_WORDS = 10  # a line this long without a question says what happened
SUBJECT_WINDOW = 3  # words between "jeg" and an acknowledging verb ("det kan jeg godt forstå")


@dataclass(frozen=True)
class Heard:
    """A finding as the employee hears it: its category, exact excerpt, and the words picked
    up in the reply ("Du er altid så negativ" is heard as "negativ")."""

    category: Category
    excerpt: str
    quote: str


@dataclass(frozen=True)
class Line:
    """One manager line, read."""

    text: str
    move: Move
    heard: tuple[Heard, ...] = ()
    strengths: tuple[str, ...] = ()
    question: str | None = None  # the kind of question asked (rules.yaml `questions`)
    closed: bool = False  # a question that can be answered yes or no

    @property
    def judging(self) -> bool:
        """True when the line judges the person."""
        return self.move == "judging"


@dataclass
class Conversation:
    """The earlier turns, read: the manager's lines and what the employee said."""

    lines: list[Line] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    @property
    def tension(self) -> int:
        """Judging lines since the manager last acknowledged the employee's reaction."""
        count = 0
        for line in self.lines:
            if line.move == "acknowledgement":
                count = 0
            elif line.judging:
                count += 1
        return count

    def unacknowledged(self) -> list[str]:
        """Judging words of the lines since the last acknowledgement, most recent first."""
        quotes: list[str] = []
        for line in self.lines:
            if line.move == "acknowledgement":
                quotes = []
            quotes = [h.quote for h in line.heard] + quotes
        return quotes

    @property
    def just_judged(self) -> bool:
        """True when the manager's previous line judged the person."""
        return bool(self.lines) and self.lines[-1].judging

    def heard_before(self, quote: str) -> bool:
        """True when an earlier manager line judged with the same words."""
        low = quote.casefold()
        return any(h.quote.casefold() == low for line in self.lines for h in line.heard)

    def employee_said(self, text: str) -> bool:
        """True when `text` occurs in something the employee already said (case, spaces
        ignored)."""
        needle = _normal(text)
        return any(needle in _normal(s) for s in self.said)


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _quote(scan: Scan, start: int, end: int, category: Category, lr: LanguageRules) -> str:
    """The words of a finding the employee repeats: subjects, verbs of being and intensifiers
    at its start left out (and at its end, for an always/never claim)."""
    tokens = [t for t in scan.tokens if t.start >= start and t.end <= end and not t.punct]
    skip = lr.quote_skip if category == "generalization" else lr.quote_skip_in_labels
    while len(tokens) > 1 and tokens[0].norm in skip:
        tokens = tokens[1:]
    while category == "generalization" and len(tokens) > 1 and tokens[-1].norm in skip:
        tokens = tokens[:-1]
    if not tokens:
        return scan.text[start:end]
    return scan.text[tokens[0].start:tokens[-1].end]


def heard(scan: Scan, lr: LanguageRules) -> tuple[Heard, ...]:
    """The findings of the line as the employee hears them, the one picked up first first."""
    found = [Heard(f.category, f.excerpt, _quote(scan, f.start, f.end, f.category, lr))
             for f in scan.findings]
    order = {id(h): n for n, h in enumerate(found)}
    return tuple(sorted(found, key=lambda h: (_FIRST_HEARD[h.category], order[id(h)])))


def _negated_near(tokens: Sequence[Token], a: int, b: int, lr: LanguageRules) -> bool:
    sentence = tokens[a].sentence
    window = tokens[max(0, a - 2):min(len(tokens), b + 2)]
    return any(t.norm in lr.negations and t.sentence == sentence for t in window)


def _acknowledges(tokens: Sequence[Token], lr: LanguageRules) -> bool:
    if find(tokens, lr.acknowledgements):  # whole phrases, negations included ("not fair")
        return True
    for a, b, _ in find(tokens, lr.acknowledgement_verbs):
        sentence = tokens[a].sentence
        near = tokens[max(0, a - SUBJECT_WINDOW - 1):min(len(tokens), b + SUBJECT_WINDOW)]
        if (any(t.norm in lr.speaker_subjects and t.sentence == sentence for t in near)
                and not _negated_near(tokens, a, b, lr)):
            return True
    return False


def _matches(tokens: Sequence[Token], phrases: Phrases, lr: LanguageRules,
             *, negatable: bool = False) -> bool:
    return any(not (negatable and _negated_near(tokens, a, b, lr))
               for a, b, _ in find(tokens, phrases))


def _question_sentences(tokens: Sequence[Token], lr: LanguageRules) -> list[list[Token]]:
    """Sentences that ask: end in "?" or open with "fortæl", "describe"..."""
    sentences: dict[int, list[Token]] = {}
    for t in tokens:
        sentences.setdefault(t.sentence, []).append(t)
    asking = []
    for words in sentences.values():
        first = next((t for t in words if not t.punct), None)
        if any(t.norm == "?" for t in words) or (
                first is not None and find([first], lr.open_request_verbs)):
            asking.append(words)
    return asking


def _question_kind(tokens: Sequence[Token], lr: LanguageRules) -> str | None:
    for kind, cues in lr.questions:
        if find(tokens, cues):
            return kind
    return None


def _closed(sentence: Sequence[Token], lr: LanguageRules) -> bool:
    words = [t for t in sentence if not t.punct]
    if not words or words[0].norm not in lr.closed_question_starts:
        return False
    return not find(words[1:4], lr.open_request_verbs)


def _asks_for(sentence: Sequence[Token], lr: LanguageRules) -> bool:
    words = [t for t in sentence if not t.punct]
    return any(p.match_at(words, 0) is not None for p in lr.request_questions)


def read_line(scan: Scan) -> Line:
    """What the manager's line does, from the analyzer's scan of it."""
    lr = rules()[scan.language]
    tokens = scan.tokens
    strengths = tuple(scan.strength_keys)
    found = heard(scan, lr)
    if found:
        return Line(scan.text, "judging", found, strengths)
    if _acknowledges(tokens, lr):
        return Line(scan.text, "acknowledgement", (), strengths)
    descriptive = bool(_DESCRIPTIVE & set(strengths))
    asking = _question_sentences(tokens, lr)
    asked = [t for s in asking for t in s]
    # Words outside the questions: a statement about what happened, or only a question?
    told = sum(not t.punct for t in tokens) - sum(not t.punct for t in asked)
    # A description with a situation counts even when the analyzer found no behaviour verb.
    descriptive = descriptive or ("situation" in strengths and told >= MIN_SITUATION_WORDS)
    if asking:
        kind = _question_kind(asked, lr)
        if descriptive:
            return Line(scan.text, "concrete", (), strengths, kind)
        closed = all(_closed(s, lr) for s in asking)
        # "Kan du fremover ...?" asks for something; "Hvad kan vi aftale fremover?" asks.
        if closed and kind in (None, "next_step") and (
                _matches(tokens, lr.requests, lr) or any(_asks_for(s, lr) for s in asking)):
            return Line(scan.text, "request", (), strengths, kind)
        return Line(scan.text, "question", (), strengths, kind, closed=closed)
    if _matches(tokens, lr.requests, lr):
        return Line(scan.text, "request", (), strengths)
    if _matches(tokens, lr.praise, lr, negatable=True):
        return Line(scan.text, "praise", (), strengths)
    # Without any strength, a short line names a topic ("Vi skal tale om dine rapporter"); a
    # longer one tells something, which the employee engages with.
    if descriptive or told >= MIN_STATEMENT_WORDS:
        return Line(scan.text, "concrete", (), strengths)
    return Line(scan.text, "neutral", (), strengths)


def read_history(history: Sequence[Turn], analyzer: FeedbackAnalyzer, language: Language,
                 names: Sequence[str]) -> Conversation:
    """The earlier turns, oldest first: each manager line read like the latest one."""
    convo = Conversation()
    for turn in history:
        if turn.role == "manager":
            convo.lines.append(read_line(analyzer.scan(turn.text, language, names)))
        else:
            convo.said.append(turn.text)
    return convo
