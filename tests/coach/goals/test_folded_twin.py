"""`matching.folded_twin`: a twin searched in the lower-cased text never misses a match, at the
match's own start (the deadline scanner tries its patterns only where their twins match)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.goals import lexicon as lx
from coach.goals import matching as sm
from coach.goals.deadlines import gates as dg
from coach.goals.deadlines import patterns as dp


def _rules() -> list[dg.Rule]:
    found: list[dg.Rule] = []
    for value in vars(dp.patterns()).values():
        if isinstance(value, dg.Rule):
            found.append(value)
        elif isinstance(value, list):
            found += [v[0] if isinstance(v, tuple) else v for v in value]
    return found


def _searches() -> list[sm.Search]:
    lex = lx.smart_lexicon()
    groups = [vars(lex), *(vars(words) for words in lex.languages.values())]
    return [v for group in groups for v in group.values() if isinstance(v, sm.Search)]


RULES = _rules()
# Every pattern the rules search through a twin, and the deadline patterns themselves.
PATTERNS = [*(r.pattern for r in RULES), *(s.pattern for s in _searches() if s.twin)]
# Text built from the words the patterns look for, in any case, with digits and punctuation.
WORDS = sorted({w for p in PATTERNS for w in re.findall(r"[^\W\d_]{2,}", p.pattern)})
LATIN = st.text(st.characters(max_codepoint=0xFF, blacklist_categories=("Cs",)), max_size=6)
# Characters without case outside Latin-1, which `safe_lower` accepts.
CASELESS = st.text(st.characters(min_codepoint=0x100, blacklist_categories=("Cs",)).filter(
    lambda c: c.lower() == c == c.upper()), min_size=1, max_size=3)
TOKEN = st.one_of(st.sampled_from(WORDS), st.sampled_from(["Q3", "K2", "H1", "FY26", "2027",
                                                            "30.", "1/9", "uge 12", "–", "’"]),
                  LATIN, CASELESS)
CASED = st.tuples(TOKEN, st.sampled_from([str.lower, str.upper, str.title, str])).map(
    lambda t: t[1](t[0]))
# Upper-casing can leave Latin-1 ("ÿ" -> "Ÿ"); such text takes the plain path.
TEXT = st.lists(CASED, max_size=12).map(" ".join).filter(lambda t: sm.safe_lower(t) is not None)


def test_every_pattern_has_a_twin() -> None:
    assert all(sm.folded_twin(p) is not None for p in PATTERNS)
    assert all(r.twin is not None for r in RULES)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_twin_finds_a_match_wherever_the_pattern_does(text: str) -> None:
    lowered = sm.safe_lower(text)
    assert lowered is not None and len(lowered) == len(text)
    for pattern in PATTERNS:
        if pattern.search(text):
            twin = sm.folded_twin(pattern)
            assert twin is not None and twin.search(lowered), (pattern.pattern[:80], text)
    for rule in RULES:  # where each match starts, the rule's twin (or hint's twin) matches
        for m in rule.pattern.finditer(text):
            assert rule.twin is not None and rule.twin.match(lowered, m.start()), \
                (rule.pattern.pattern[:80], text, m.start())


def test_twin_keeps_escapes_and_group_names() -> None:
    twin = sm.folded_twin(re.compile(r"(?<!\w)(?P<Q>Q[1-4])\D\Æ", re.IGNORECASE))
    assert twin is not None and twin.pattern == r"(?<!\w)(?P<Q>q[1-4])\D\æ"
    assert not twin.flags & re.IGNORECASE
    assert sm.folded_twin(re.compile(r"\x41", re.IGNORECASE)) is None  # a code: case unknown


def test_safe_lower_takes_caseless_characters_only() -> None:
    """Outside Latin-1 only characters without case keep offsets and re's case folding."""
    assert sm.safe_lower("Mål – 2027 ’x’ €…") == "mål – 2027 ’x’ €…"
    for letter in ("ſ", "\u212a", "İ", "ı", "Ÿ", "ő", "Σ"):  # re folds, or lower() moves
        assert sm.safe_lower(f"Ärger {letter}") is None, letter
