"""Reading the conversation: what the manager's line does, and what the earlier turns say.

The judging part is the feedback analyzer's (`coach.feedback`: findings with category and exact
excerpt, and strengths); the rest (acknowledging, asking, requesting, praising) comes from the
cue words in coach/data/rehearsal/rules.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from coach.feedback import Category, FeedbackAnalyzer, Scan
from coach.language import Language
from coach.rehearsal.lexicon import LanguageRules, Phrase, Phrases, find, rules
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
    proposal: bool = False  # "Kan vi aftale, at ...?": next steps to agree on or negotiate
    aside: tuple[str, ...] = ()  # excerpts of findings about a third person's reaction

    @property
    def behavioural(self) -> bool:
        """True when the line describes what happened (a behaviour, an impact, a situation)."""
        return bool((_DESCRIPTIVE | {"situation"}) & set(self.strengths))

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

    def repeats(self, reply: str) -> bool:
        """True when the employee already said exactly `reply` (case, spaces ignored)."""
        whole = _normal(reply)
        return any(whole == _normal(s) for s in self.said)


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


SUBJECT_LOOKBACK = 2  # "..., at hun blev usikker": the subject just before a finding's words


def about_third_person(scan: Scan, start: int, end: int, lr: LanguageRules) -> bool:
    """True when a finding's subject is a third person ("hun blev usikker", "Sara was upset")
    rather than the person spoken to: someone else's reaction, not a judgement of them."""
    tokens = [t for t in scan.tokens if not t.punct]
    inside = [n for n, t in enumerate(tokens) if t.start >= start and t.end <= end]
    if not inside:
        return False
    first = inside[0]
    sentence = tokens[first].sentence
    # The subject: the finding's first word, or (for "blev usikker") one just before it.
    for n in range(first, max(-1, first - SUBJECT_LOOKBACK - 1), -1):
        t = tokens[n]
        if t.sentence != sentence:
            break
        if t.norm in lr.listener_marks and t.norm not in lr.third_persons:
            return False  # du, dig, you: the employee
        if t.norm in lr.third_persons or t.norm in lr.speaker_marks:
            return t.norm in lr.third_persons
        if t.text[:1].isupper() and not t.sentence_start:
            return True  # a name
    return False


def heard(scan: Scan, lr: LanguageRules) -> tuple[Heard, ...]:
    """The findings of the line as the employee hears them, the one picked up first first;
    findings about a third person left out."""
    found = [Heard(f.category, f.excerpt, _quote(scan, f.start, f.end, f.category, lr))
             for f in scan.findings if not about_third_person(scan, f.start, f.end, lr)]
    order = {id(h): n for n, h in enumerate(found)}
    return tuple(sorted(found, key=lambda h: (_FIRST_HEARD[h.category], order[id(h)])))


def _negated_near(tokens: Sequence[Token], a: int, b: int, lr: LanguageRules) -> bool:
    sentence = tokens[a].sentence
    window = tokens[max(0, a - 2):min(len(tokens), b + 2)]
    return any(t.norm in lr.negations and t.sentence == sentence for t in window)


def _sentences(tokens: Sequence[Token]) -> list[list[int]]:
    """Token indexes per sentence, in order."""
    by: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        by.setdefault(t.sentence, []).append(i)
    return list(by.values())


def _fault_unnegated(tokens: Sequence[Token], a: int, b: int, phrase: Phrase,
                     lr: LanguageRules) -> bool:
    # "ikke fair" carries its own negation; "ikke dårligt formuleret" praises the wording.
    own = any(w in lr.negations for slot in phrase.slots if slot for w in slot)
    return own or not _negated_near(tokens, a, b, lr)


def _judges_own_wording(tokens: Sequence[Token], idx: list[int], lr: LanguageRules) -> bool:
    """"Det var en dårlig formulering fra min side", "poor choice of words": a wording word
    and a fault in one sentence, owned by the speaker or said of "det", never of "du"."""
    words = [tokens[i] for i in idx]
    if not find(words, lr.wording):
        return False
    if not any(_fault_unnegated(words, a, b, p, lr) for a, b, p in find(words, lr.wording_faults)):
        return False
    norms = [t.norm for t in words if not t.punct]
    if any(n in lr.listener_marks for n in norms):
        return False
    return any(n in lr.speaker_marks for n in norms) or (
        bool(norms) and norms[0] in lr.impersonal_subjects)


def _perceives_feeling(tokens: Sequence[Token], idx: list[int], lr: LanguageRules) -> bool:
    """"Jeg kan mærke, at det ramte dig", "I get why that stung": the speaker (or a sentence
    opening with the perception) perceiving, then a feeling word, no negation."""
    words = [tokens[i] for i in idx]
    first = next((n for n, t in enumerate(words) if not t.punct), None)
    for a, b, _ in find(words, lr.perceiving):
        near = [t.norm for t in words[max(0, a - SUBJECT_WINDOW - 1):b + SUBJECT_WINDOW]]
        owned = any(n in lr.speaker_subjects for n in near)
        if not owned and (a != first or any(n in lr.listener_marks for n in near)):
            continue
        if _negated_near(words, a, b, lr):
            continue
        for fa, _, _ in find(words, lr.feelings):
            between = [t.norm for t in words[b:fa] if not t.punct]
            if fa >= b and all(n in lr.feeling_links for n in between):
                return True
    return False


def _acknowledges(tokens: Sequence[Token], lr: LanguageRules, strengths: Sequence[str]) -> bool:
    """An apology, the speaker faulting their own wording, or perceiving the employee's
    feeling: recognised by word class (rules.yaml), not as listed sentences."""
    if find(tokens, lr.acknowledgements):  # whole phrases, negations included ("not fair")
        return True
    # "Undskyld, men du kom for sent igen": the "men" takes it back; the rest is what counts.
    if any(t.norm in lr.contrasts for t in tokens):
        return False
    if any(not _negated_near(tokens, a, b, lr) for a, b, _ in find(tokens, lr.apologies)):
        return True
    for a, b, _ in find(tokens, lr.acknowledgement_verbs):
        sentence = tokens[a].sentence
        near = tokens[max(0, a - SUBJECT_WINDOW - 1):min(len(tokens), b + SUBJECT_WINDOW)]
        if (any(t.norm in lr.speaker_subjects and t.sentence == sentence for t in near)
                and not _negated_near(tokens, a, b, lr)):
            return True
    sentences = _sentences(tokens)
    if any(_judges_own_wording(tokens, idx, lr) for idx in sentences):
        return True
    # "Jeg kan se, at du blev frustreret, men du lagde på" describes behaviour: not an apology.
    return "behaviour" not in strengths and any(_perceives_feeling(tokens, idx, lr)
                                                for idx in sentences)


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
    """The kind of the first cue naming a topic ("lære"), else of the first question frame
    ("hvad vil du"): "Hvad vil du gerne lære?" is about development, not next steps."""
    framed: str | None = None
    for kind, cues in lr.questions:
        for _, _, phrase in find(tokens, cues):
            first = phrase.slots[0] if phrase.slots else None
            if first is None or not set(first) & lr.question_words:
                return kind
            framed = framed or kind
    return framed


def _closed(sentence: Sequence[Token], lr: LanguageRules) -> bool:
    words = [t for t in sentence if not t.punct]
    if not words or words[0].norm not in lr.closed_question_starts:
        return False
    return not find(words[1:4], lr.open_request_verbs)


def _starts_with(sentence: Sequence[Token], phrases: Phrases) -> bool:
    words = [t for t in sentence if not t.punct]
    return any(p.match_at(words, 0) is not None for p in phrases)


def _asks_for(sentence: Sequence[Token], lr: LanguageRules) -> bool:
    return _starts_with(sentence, lr.request_questions)


OCCASION_STEM_MIN = 4  # "kundemødet" ends in "mødet"; shorter stems would match too much
PREPOSITION_WINDOW = 3  # "på det sidste tavlemøde": words between preposition and occasion


def _is_occasion(token: Token, lr: LanguageRules) -> bool:
    if token.punct:
        return False
    return any(form == o or (len(o) >= OCCASION_STEM_MIN and form.endswith(o))
               for form in (token.norm, token.lemma) for o in lr.occasions)


def names_occasion(tokens: Sequence[Token], lr: LanguageRules) -> bool:
    """True when the line names a time ("i tirsdags", "yesterday") or a place or occasion
    after a preposition ("på tavlemødet", "in the client meeting"): a situation, not a topic
    ("Kunderne klager over dig", "How did you see that meeting?")."""
    if find(tokens, lr.occasion_times):
        return True
    for i, t in enumerate(tokens):
        if _is_occasion(t, lr):
            before = tokens[max(0, i - PREPOSITION_WINDOW - 1):i]
            if any(b.norm in lr.occasion_prepositions and b.sentence == t.sentence
                   for b in before):
                return True
    return False


def speaks_from_feeling(tokens: Sequence[Token], lr: LanguageRules) -> bool:
    """An I-statement: "jeg følte ...", "I felt let down when ...", "I was worried": the
    speaker (not "vi") with a feeling verb, or a state verb and a feeling word."""
    for i, t in enumerate(tokens):
        if t.norm not in lr.speaker_subjects or t.norm in ("vi", "we"):
            continue
        rest = tokens[i + 1:i + 5]
        if any(a == 0 or (a == 1 and rest[0].norm in lr.quote_skip)
               for a, _, _ in find(rest, lr.i_statement_verbs)):
            return True
        for a, b, _ in find(rest, lr.i_statement_states):
            if a <= 1 and any(fa - b <= 2 for fa, _, _ in find(rest[b:], lr.own_feelings)
                              if fa >= 0):
                return True
    return False


def _strengths(scan: Scan, lr: LanguageRules) -> tuple[str, ...]:
    """The analyzer's strengths as the rehearsal credits them: a situation only when a time,
    place or occasion is named, and an I-statement also when the speaker names a feeling."""
    keys: list[str] = [k for k in scan.strength_keys if k != "situation"]
    if names_occasion(scan.tokens, lr):
        keys.insert(0, "situation")
    if "i_statement" not in keys and speaks_from_feeling(scan.tokens, lr):
        keys.append("i_statement")
    return tuple(keys)


def read_line(scan: Scan) -> Line:
    """What the manager's line does, from the analyzer's scan of it."""
    lr = rules()[scan.language]
    aside = tuple(f.excerpt for f in scan.findings
                  if about_third_person(scan, f.start, f.end, lr))
    return replace(_read(scan, lr), aside=aside)


def _read(scan: Scan, lr: LanguageRules) -> Line:
    tokens = scan.tokens
    strengths = _strengths(scan, lr)
    found = heard(scan, lr)
    acknowledges = _acknowledges(tokens, lr, strengths)
    # "I can see that really bothered you" names the employee's feeling, which the analyzer
    # calls an attribution; said to acknowledge, it de-escalates. A label or a generalization
    # in the same line still judges.
    if found and not (acknowledges and all(f.category == "attribution" for f in found)):
        return Line(scan.text, "judging", found, strengths)
    if acknowledges:
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
        if any(_starts_with(s, lr.proposals) for s in asking):
            return Line(scan.text, "request", (), strengths, "next_step", proposal=True)
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
