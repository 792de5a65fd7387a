"""The cue index answers exactly as comparing every cue with every word did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.prep.cues import Analysed, Cue, _cues

CUES: list[Cue] = sorted({c for by_lang in _cues().values() for cs in by_lang.values()
                          for c in cs}, key=lambda c: (c.words, c.exact))
CUE_WORDS = sorted({w for c in CUES for w in c.words})
DEV = Path(__file__).parents[3] / "evals" / "datasets" / "prep.jsonl"

# Words that hit cues whole, as compound heads and tails, hyphenated, or not at all.
_word = st.one_of(
    st.sampled_from(CUE_WORDS),
    st.builds(lambda a, b: a + b, st.sampled_from(CUE_WORDS), st.sampled_from(CUE_WORDS)),
    st.builds(lambda a: "arbejds" + a, st.sampled_from(CUE_WORDS)),
    st.builds(lambda a, b: f"{a}-{b}", st.sampled_from(CUE_WORDS), st.sampled_from(CUE_WORDS)),
    st.text("abcdefghijklmnopqrstuvwxyzæøå'’-", min_size=1, max_size=14),
)


def _same(text: str, language: str) -> None:
    analysed = Analysed(text, language)
    assert [analysed.matches(c) for c in CUES] == [analysed.matches_by_scan(c) for c in CUES]


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_word, max_size=120), language=st.sampled_from(["da", "en"]),
       separator=st.sampled_from([" ", "\n", ", ", ". "]))
def test_the_index_matches_as_the_word_by_word_scan(words: list[str], language: str,
                                                    separator: str) -> None:
    _same(separator.join(words), language)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_index_matches_as_the_scan_on_the_dev_set(language: str) -> None:
    for line in DEV.read_text(encoding="utf-8").splitlines():
        context = json.loads(line).get("context") or ""
        if context:
            _same(context, language)


def test_a_cue_longer_than_the_indexed_affixes_still_matches() -> None:
    long = Cue(("x" * 40,), exact=False)
    analysed = Analysed("arbejds" + "x" * 40, "da")  # a compound ending in it
    assert analysed.matches(long) == analysed.matches_by_scan(long) is True
