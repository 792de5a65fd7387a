"""Which deadline patterns can match a goal, and where: the gates in front of the regexes.

Most of the ~40 patterns of coach/goals/deadlines/patterns.py find nothing in a goal, and a
case-insensitive search over the whole goal is what a scan paid for. So each pattern is a `Rule`
built together with its two gates, which prove cheaply that it cannot match, or narrow where it
can start, and never change what it finds:

- `need`: a word, substring or digit every match needs, tested on the goal's words (computed
  once a goal); most patterns stop here;
- `twin`: the pattern's case-folded twin (`matching.folded_twin`), searched in the goal
  lower-cased once: the pattern is tried only where its twin matches.

`GoalSearch` applies them to one goal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.goals import matching as sm

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Need:
    """A necessary condition for a pattern to match, tested on facts computed once a goal (far
    cheaper than any regex): one of `words` is a word of the goal (lower case), or one of
    `within` is in the lower-cased goal, and (when `digit`) the goal has a digit. Empty: none."""

    words: frozenset[str] = frozenset()
    within: tuple[str, ...] = ()
    digit: bool = False

    def met(self, words: frozenset[str], lowered: str, digit: bool) -> bool:
        """Whether a goal with these words, lower-cased text and digit presence may match."""
        if self.digit and not digit:
            return False
        if not (self.words or self.within):
            return True
        return not self.words.isdisjoint(words) or any(s in lowered for s in self.within)


def word_need(*words: str, digit: bool = False) -> Need:
    """A need for one of `words`, each a whole word of every match (the pattern puts word
    boundaries, whitespace or punctuation around the literal it is built from)."""
    return Need(frozenset(w.lower() for w in words), digit=digit)


def within_need(*alternatives: str, digit: bool = False) -> Need:
    """A need for one of `alternatives` (the literals of the pattern's alternation), which
    may run into the next word ("uge12", "FY26"): of each, its longest word as a substring."""
    return Need(within=tuple(sorted({max(_WORD.findall(a.lower()), key=len)
                                     for a in alternatives})), digit=digit)


def phrase_need(phrases: Iterable[str], avoid: frozenset[str]) -> Need:
    """A need for a pattern of lexicon phrases (`lexicon.compile_phrases` syntax): per phrase
    one of its literal words, which is a whole word of any text it matches (phrases start and
    end at word boundaries and their words are separated by whitespace), preferring a long
    word outside `avoid` ("the summer" is gated by "summer"); a "word*"/"*word" core must be in
    the lower-cased text. None (no need) when a phrase has neither (only "N" and "...")."""
    words: set[str] = set()
    within: set[str] = set()
    for phrase in phrases:
        runs: list[str] = []
        cores: list[str] = []
        for raw in phrase.split():
            if raw in ("N", "...") or (raw.startswith("N") and not raw[1:].isalnum()):
                continue
            token = raw.lower()
            if len(token) > 1 and (token.startswith("*") or token.endswith("*")):
                cores.append(token.strip("*"))
            else:
                runs += _WORD.findall(token)
        if runs:
            words.add(max(runs, key=lambda r: (r not in avoid, len(r))))
        elif cores:
            within.add(max(cores, key=len))
        else:
            return Need()
    return Need(frozenset(words), tuple(sorted(within)))


@dataclass(frozen=True)
class Rule:
    """A deadline pattern, what every match needs and its case-folded twin (None when the twin
    does not compile: the plain search). Built with `rule`."""

    pattern: re.Pattern[str]
    need: Need
    twin: re.Pattern[str] | None


def rule(source: str, need: Need = Need(), *, hint: str | None = None,
         flags: int = re.IGNORECASE) -> Rule:
    """`source` compiled with its gates.

    Args:
        source: The pattern.
        need: What every match needs (`word_need`, `within_need`, `phrase_need`).
        hint: A cheaper pattern that matches at every position `source` matches at (the same
            alternatives grouped differently); its twin is searched instead of the pattern's.
        flags: The pattern's flags.
    """
    pattern = re.compile(source, flags)
    return Rule(pattern, need, sm.folded_twin(re.compile(hint, flags) if hint else pattern))


class GoalSearch:
    """One goal with the facts the gates test, computed once: the goal lower-cased and its
    lower-cased words (both None where `sm.safe_lower` declines), and whether it has a
    digit."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = sm.safe_lower(text)
        self.words = sm.safe_words(text)
        self.digit = _DIGIT.search(text) is not None

    def matches(self, r: Rule) -> Iterable[re.Match[str]]:
        """Exactly `r.pattern.finditer(self.text)`: nothing when a gate rules the pattern out,
        else the pattern tried only where its twin matches, leftmost first as finditer does."""
        lowered, words = self.lowered, self.words
        if lowered is None or words is None:
            return r.pattern.finditer(self.text)
        if not r.need.met(words, lowered, self.digit):
            return ()
        if r.twin is None:
            return r.pattern.finditer(self.text)
        found, pos = [], 0
        while (hint := r.twin.search(lowered, pos)) is not None:
            m = r.pattern.match(self.text, hint.start())
            if m is None:
                pos = hint.start() + 1
            elif m.end() == m.start():  # finditer has its own rules after an empty match
                return r.pattern.finditer(self.text)
            else:
                found.append(m)
                pos = m.end()
        return found
