"""The lexicon's `Search`es (coach/goals/matching.py) find exactly what `finditer` finds.

Each pattern the rules search is paired with a shortcut derived from
coach/data/goals/lexicon.yaml: its case-folded twin (phrase lists) or the words its matches
start with (verb lists, through `matches_at`). A lexicon edit that broke a derivation would
drop matches without any error, so each is compared with the plain `pattern.finditer(text)`
(spans and groups) on text built from the lexicon's own phrases, verb forms and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.goals import lexicon as lx
from coach.goals import matching as sm

LANGUAGES = ("da", "en")
LEX = lx.smart_lexicon()
DATA = LEX.data


def _phrase_sections() -> list[str]:
    """Sections that are a phrase list, or one phrase list per language."""
    found = []
    for name, node in DATA.items():
        lists = node.values() if isinstance(node, dict) else [node]
        if all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists):
            found.append(name)
    return found


SECTIONS = _phrase_sections()
VERB_SECTIONS = ("event_verbs", "concrete_verbs", "deliverable_verbs")


def _phrases(section: str, language: str) -> list[str]:
    """A section's phrase list in `language` (both languages' when it has no such key)."""
    node = DATA[section]
    if isinstance(node, dict):
        node = node[language] if language in node else [p for v in node.values() for p in v]
    return [str(p) for p in node]


def _named_searches() -> list[tuple[str, sm.Search]]:
    """The `Search`es the rules use: shared ones and each language's."""
    found = [(name, v) for name, v in vars(LEX).items() if isinstance(v, sm.Search)]
    for lang, words in LEX.languages.items():
        found += [(f"{name}/{lang}", v) for name, v in vars(words).items()
                  if isinstance(v, sm.Search)]
    return found


IN_USE = _named_searches()
# Every phrase list gated by its twin, in use or not: a rule may start using any of them.
GATED = [(f"{s}/{lang}", sm.Search.folded(LEX.phrases(_phrases(s, lang), lang)))
         for s in SECTIONS for lang in LANGUAGES]
SEARCHES = [*IN_USE, *GATED]
# The verb lists searched at their forms' first words (`matches_at`).
VERBS = {(section, lang): getattr(words, section) for lang, words in LEX.languages.items()
         for section in ("event_verbs", "concrete_verbs")}


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


NUMBER_WORDS = sorted(LEX.number_words[None])
DIGITS = ["1", "4", "10", "25", "1.5", "2,5", "1.000", "3x", "50%", "2026", "2.", "0,5 %"]
OTHER = ["-", ".", ",", "'", "(", ")", "%", "procent", "percent", "pct.", "af", "of", "the",
         "teamet", "kunder", "ÆØÅ", "ÿ", "ß", "ſ", "\u212a", "İ", "ﬀ", "Ÿ", "€", "–", "’", "…",
         "😀"]
# One group per phrase list and per verb list, so short lists are drawn as often as long ones.
GROUPS = [sorted(set(_strings(DATA[s]))) for s in SECTIONS]
VERB_FORMS = {(s, lang): sorted({f for entry in DATA[s][lang]
                                  for f in lx.verb_forms(str(entry), lang)})
              for s in VERB_SECTIONS for lang in LANGUAGES}
GROUPS += VERB_FORMS.values()
GROUPS += [NUMBER_WORDS, DIGITS, DIGITS, OTHER]
CASES: st.SearchStrategy[Callable[[str], str]] = st.sampled_from(
    [str.lower, str.upper, str.title, str, str.capitalize])


@st.composite
def _token(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(draw(st.sampled_from(GROUPS))))
    if re.search(r"\bN\b", word):
        number = draw(st.sampled_from([*DIGITS[:6], *NUMBER_WORDS]))
        word = re.sub(r"\bN\b", lambda _: number, word)
    if "*" in word:
        word = word.replace("*", draw(st.sampled_from(["", "e", "er", "s", "møder", "ing"])))
    word = word.replace("...", draw(st.sampled_from(["", "det", "the new", "et godt"])))
    return draw(CASES)(word)


LATIN = st.text(st.characters(max_codepoint=0xFF, blacklist_categories=["Cs"]), max_size=4)
TOKEN = st.one_of(_token(), _token(), _token(), LATIN)
SEP = st.sampled_from([" ", " ", " ", "  ", "", "-", "\n", ", ", ". "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKEN, min_size=1, max_size=10))
    seps = draw(st.lists(SEP, min_size=len(tokens), max_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, seps, strict=True))


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[Any, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


def _assert_alike(text: str) -> None:
    lowered = sm.safe_lower(text)
    for name, search in SEARCHES:
        assert _found(search.finditer(text, lowered)) == _found(search.pattern.finditer(text)), \
            (name, text)
    for key, search in VERBS.items():
        assert _found(search.finditer(text)) == _found(search.pattern.finditer(text)), (key, text)


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_fast_paths_are_in_use() -> None:
    """A lexicon word that made a shortcut underivable would switch it off silently."""
    assert len(IN_USE) >= 3 * len(LANGUAGES)
    assert all(s.twin is not None or s.heads is not None for _, s in IN_USE)
    assert all(s.twin is not None for _, s in GATED)
    assert all(s.heads for s in VERBS.values())


@FAST
@given(texts())
def test_searches_equal_finditer(text: str) -> None:
    _assert_alike(text)


def test_examples_where_each_shortcut_decides() -> None:
    """Hand-picked text: words inside an earlier match, numbers after "." or ",", case, caseless
    characters outside Latin-1 (the fast path) and letters outside it (the plain path)."""
    for text in ["Holde TRE workshops og præsenterer resultatet for teamet",
                 "publish the new Report, hold 2 workshops; run 1.5 sessions, 50 % færre",
                 "To gange om ugen; 2,5 procent; 1.000 kunder; ti-tolv møder",
                 "Holde 3 workshops – og publicere ’rapporten’ inden jul…",
                 "\u212aOMMUNIKERE bedre ſammen – İmprove the onboarding"]:
        _assert_alike(text)


def _as_text(phrase: str) -> list[str]:
    phrase = phrase.replace("*", "er").replace("...", "det")
    if not re.search(r"\bN\b", phrase):
        return [phrase]
    return [re.sub(r"\bN\b", n, phrase) for n in ("3", "1.5", "tre", "two")]


def test_every_lexicon_phrase_and_verb_form_is_found_alike() -> None:
    """Deterministic sweep (a random draw may miss a word): every phrase through its own
    list's search and every verb form through its verb search, in a sentence, two cases."""
    for name, search in GATED:
        section, lang = name.split("/")
        for phrase in {t for p in _phrases(section, lang) for t in _as_text(p)}:
            for text in (f"vi vil {phrase} 2 gange", f"- {phrase.upper()}, OG"):
                assert _found(search.finditer(text, sm.safe_lower(text))) == _found(
                    search.pattern.finditer(text)), (name, text)
    for (section, lang), search in VERBS.items():
        for form in VERB_FORMS[(section, lang)]:
            for text in (f"at {form} den", f"{form.upper()}-{form.title()}"):
                assert _found(search.finditer(text)) == _found(search.pattern.finditer(text)), \
                    (section, lang, text)
