"""Fast paths of language detection and tokenizing equal the plain computations they replaced.

- `language._scores` reimplements simplemma's `langdetect(text, ("da", "en"))` with a cached
  per-word lookup: the shares must be identical (a simplemma upgrade could change them).
- `tokens._quoted_ranges` jumps between possible opening quotes; the plain version stepped
  over every character.
- `LanguageLexicon.candidates` and `first_words` index the feedback lexicon by first word
  (coach/data/feedback_lexicon.yaml): they must keep every entry whose first slot matches.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from simplemma import langdetect

from coach import tokens
from coach.feedback.lexicon import default_lexicon
from coach.language import _HINTS as HINTS_FILE
from coach.language import _scores
from coach.tokens import tokenize

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEXICON = default_lexicon()
_HINTS = yaml.safe_load(HINTS_FILE.read_text(encoding="utf-8"))


def _lexicon_words(language: str) -> list[str]:
    lex = LEXICON[language]
    words = set(chain.from_iterable(lex.words.values()))
    for entries in lex.entries.values():
        for entry in entries:
            words |= {w for slot in entry.slots for w in slot.words if w != "*"}
    return sorted(w for w in words if w)


DA_WORDS, EN_WORDS = _lexicon_words("da"), _lexicon_words("en")
HINTS = sorted(str(w) for lang in ("da", "en") for w in _HINTS.get(lang, []))
OTHER = ["", "123", "4.5", "ÆØÅ", "Python", "CI/CD", "a-b", "c'd", "you're", "don't",
         "!", "?", ".", ",", "…", "–", "ſ", "\u212a", "€"]
CASES: st.SearchStrategy[Callable[[str], str]] = st.sampled_from(
    [str.lower, str.upper, str.title, str])
WORD = st.tuples(st.one_of(st.sampled_from(DA_WORDS), st.sampled_from(EN_WORDS),
                           st.sampled_from(HINTS), st.sampled_from(OTHER),
                           st.text(st.characters(max_codepoint=0x17F,
                                                 blacklist_categories=["Cs"]), max_size=5)),
                 CASES).map(lambda t: t[1](t[0]))
SEP = st.sampled_from([" ", " ", "  ", "\n", ", ", ". ", "-", ""])


@st.composite
def texts(draw: st.DrawFn, max_words: int = 14) -> str:
    words = draw(st.lists(WORD, max_size=max_words))
    seps = draw(st.lists(SEP, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


# --- language -------------------------------------------------------------------------------

def _langdetect_shares(text: str) -> tuple[float, float]:
    shares = dict(langdetect(text, lang=("da", "en")))
    return shares.get("da", 0.0), shares.get("en", 0.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_scores_equal_simplemma_langdetect(text: str) -> None:
    expected = _langdetect_shares(text)
    got = _scores(text)
    assert got == expected, text
    assert [type(x) for x in got] == [type(x) for x in expected]


def test_scores_on_edge_texts() -> None:
    for text in ["", "   ", "123 456", "Python", "ÆØÅ", "a-b c'd", "Hello HELLO Hello",
                 "Jeg vil gerne blive bedre til at præsentere", "I want to get better at it",
                 "og og and and", "ſkal \u212anow"]:
        assert _scores(text) == _langdetect_shares(text), text


# --- quotes ---------------------------------------------------------------------------------

def _plain_quoted_ranges(text: str) -> list[tuple[int, int]]:
    """The quote finder as it was before it jumped between openers (commit 3e72916)."""
    pairs = tokens._QUOTE_PAIRS
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        close = pairs.get(ch)
        if ch == "'" and (i == 0 or text[i - 1] in " :(\n"):
            close = "'"
        if close:
            j = text.find(close, i + 1)
            if close == "'":
                while j != -1 and j + 1 < len(text) and text[j + 1].isalpha():
                    j = text.find(close, j + 1)
            if j != -1:
                ranges.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return ranges


QUOTE_TEXT = st.text(st.sampled_from(["'", '"', "“", "”", "„", "»", "«", "‘", "’", "`", " ",
                                      ":", "(", ")", "\n", "a", "B", "ø", "1", ".", "x"]),
                     max_size=40)


@settings(max_examples=250, deadline=None)
@given(st.one_of(QUOTE_TEXT, texts()))
def test_quote_finder_equals_plain_scan(text: str) -> None:
    assert tokens._quoted_ranges(text) == _plain_quoted_ranges(text), text


def test_quote_finder_on_every_quote_pair() -> None:
    """Deterministic: each opener with its closer, unclosed, nested and as an apostrophe."""
    for opener, closer in [*tokens._QUOTE_PAIRS.items(), ("'", "'")]:
        for text in (f"han sagde {opener}du er doven{closer} i går",
                     f"{opener}a{closer}{opener}b", f"x{opener}y: {opener}z{closer} don{closer}t",
                     f"({opener}it's{closer}) and {opener}", f"\n{opener}{closer}{closer}"):
            assert tokens._quoted_ranges(text) == _plain_quoted_ranges(text), text


# --- feedback lexicon first-word index ------------------------------------------------------

@FAST
@given(st.sampled_from(["da", "en"]), texts(max_words=10))
def test_candidates_keep_every_entry_that_can_start(language: str, text: str) -> None:
    """`candidates` = the entries whose first slot matches the token, in lexicon order
    (`match_entry` rejects the rest), and `first_words` never skips a text with a match."""
    lex = LEXICON[language]
    toks = tokenize(text, language)
    for key, entries in lex.entries.items():
        first = lex.first_words(key)
        for token in toks:
            starts = [e for e in entries if e.slots and e.slots[0].matches(token)
                      and not e.slots[0].gap]
            kept = [e for e in lex.candidates(key, token) if e.slots[0].matches(token)]
            assert kept == starts, (key, token.text)
            if starts and first is not None:
                assert token.norm in first or token.lemma in first, (key, token.text)

