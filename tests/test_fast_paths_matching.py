"""coach/goals/matching.py's stand-ins for `finditer` find exactly what `finditer` finds.

`gated`, `matches_at`, `verb_matches` and `number_matches` try a lexicon pattern only where a
match can start, using tables derived from coach/data/smart_lexicon.yaml (first words, verb
forms, number words, case-folded twins). A lexicon edit that broke a derivation would drop
matches without any error, so each is compared with the plain `pattern.finditer(text)` (spans
and groups) on text built from the lexicon's own phrases, verb forms and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.goals import lexicon as lx
from coach.goals import matching as sm
from coach.goals import rules

LANGUAGES = ("da", "en")
LEX = lx.lexicon()


def _phrase_sections() -> list[str]:
    """Sections that are a phrase list, or one phrase list per language (`lx.pattern`)."""
    found = []
    for name, node in LEX.items():
        lists = node.values() if isinstance(node, dict) else [node]
        if all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists):
            found.append(name)
    return found


SECTIONS = _phrase_sections()
VERB_SECTIONS = ("event_verbs", "concrete_verbs", "deliverable_verbs")


def _phrases(section: str, language: str) -> tuple[str, ...]:
    """The phrases `lx.pattern(section, language)` is compiled from (same node selection)."""
    node = LEX[section]
    if isinstance(node, dict):
        node = node[language] if language in node else [p for v in node.values() for p in v]
    return tuple(str(p) for p in node)


# (pattern, heads) pairs `matches_at` may be given: every phrase list whose heads are known,
# and the event objects goal_rules searches that way.
HEADED: list[tuple[str, re.Pattern[str], sm.Heads | None]] = [
    (f"{s}/{lang}", lx.pattern(s, lang), heads) for s in SECTIONS for lang in LANGUAGES
    if (heads := sm.phrase_heads(_phrases(s, lang), lang)) is not None]
HEADED += [(f"event_objects/{lang}/goal_rules", rules._object_regex(lang),
            rules._object_heads(lang)) for lang in LANGUAGES]
GATED = [(f"{s}/{lang}", lx.pattern(s, lang)) for s in SECTIONS for lang in LANGUAGES]
GATED += [(f"means/{lang}", rules._means(lang)) for lang in LANGUAGES]
# number_matches assumes the tail ends the number's word; goal_rules' tail is the one in use.
TAILS = (rules._NUMBER_TAIL,)


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


NUMBER_WORDS = sorted(lx.number_words())
DIGITS = ["1", "4", "10", "25", "1.5", "2,5", "1.000", "3x", "50%", "2026", "2.", "0,5 %"]
OTHER = ["-", ".", ",", "'", "(", ")", "%", "procent", "percent", "pct.", "af", "of", "the",
         "teamet", "kunder", "ÆØÅ", "ÿ", "ß", "ſ", "\u212a", "İ", "ﬀ", "€", "–"]
# One group per phrase list and per verb list, so short lists are drawn as often as long ones.
GROUPS = [sorted(set(_strings(LEX[s]))) for s in SECTIONS]
VERB_FORMS = {(s, lang): sorted({f for entry in LEX[s][lang]
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


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_fast_paths_are_in_use() -> None:
    """A lexicon word that made a table underivable would switch a fast path off silently."""
    assert rules._object_heads("en") is not None
    assert all(sm._verb_groups(s, lang) is not None for s in VERB_SECTIONS for lang in LANGUAGES)
    assert all(sm._number_starts(lang, rules._NUMBER_TAIL) is not None
               for lang in (*LANGUAGES, None))
    assert len(HEADED) > len(LANGUAGES) and all(sm.twin(q) is not None for _, q in GATED)


@FAST
@given(texts())
def test_gated_equals_finditer(text: str) -> None:
    lowered = sm.latin_lower(text)
    for name, pattern in GATED:
        assert _found(sm.gated(pattern, text, lowered)) == _found(pattern.finditer(text)), name


@FAST
@given(texts())
def test_matches_at_equals_finditer(text: str) -> None:
    for name, pattern, heads in HEADED:
        assert _found(sm.matches_at(pattern, heads, text)) == _found(pattern.finditer(text)), \
            name


@FAST
@given(texts())
def test_verb_matches_equal_finditer(text: str) -> None:
    for section in VERB_SECTIONS:
        for lang in LANGUAGES:
            plain = lx.verb_pattern(section, lang).finditer(text)
            assert _found(sm.verb_matches(section, lang, text)) == _found(plain), (section, lang)


@FAST
@given(texts())
def test_number_matches_equal_finditer(text: str) -> None:
    lowered = sm.latin_lower(text)
    for lang in (*LANGUAGES, None):
        for tail in TAILS:
            plain = lx.number_pattern(lang, tail).finditer(text)
            assert _found(sm.number_matches(lang, tail, text, lowered)) == _found(plain), \
                (lang, tail)


def test_examples_where_each_shortcut_decides() -> None:
    """Hand-picked text: words inside an earlier match, numbers after "." or ",", case, and
    text outside Latin-1 (the plain path)."""
    samples = ["Holde TRE workshops og præsenterer resultatet for teamet",
               "publish the new Report, hold 2 workshops; run 1.5 sessions, 50 % færre",
               "To gange om ugen; 2,5 procent; 1.000 kunder; ti-tolv møder",
               "\u212aOMMUNIKERE bedre ſammen – İmprove the onboarding"]
    for text in samples:
        lowered = sm.latin_lower(text)
        for _, pattern in GATED:
            assert _found(sm.gated(pattern, text, lowered)) == _found(pattern.finditer(text))
        for _, pattern, heads in HEADED:
            assert _found(sm.matches_at(pattern, heads, text)) == _found(pattern.finditer(text))
        for section in VERB_SECTIONS:
            for lang in LANGUAGES:
                assert _found(sm.verb_matches(section, lang, text)) == _found(
                    lx.verb_pattern(section, lang).finditer(text))


def _as_text(phrase: str) -> list[str]:
    phrase = phrase.replace("*", "er").replace("...", "det")
    if not re.search(r"\bN\b", phrase):
        return [phrase]
    return [re.sub(r"\bN\b", n, phrase) for n in ("3", "1.5", "tre", "two")]


def test_every_lexicon_phrase_and_verb_form_is_found_alike() -> None:
    """Deterministic sweep (a random draw may miss a word): every phrase through its own
    list's pattern and every verb form through its verb pattern, in a sentence, two cases."""
    for name, pattern, heads in HEADED:
        section, lang = name.split("/")[:2]
        for phrase in {t for p in _phrases(section, lang) for t in _as_text(p)}:
            for text in (f"vi vil {phrase} 2 gange", f"- {phrase.upper()}, OG"):
                plain = _found(pattern.finditer(text))
                assert _found(sm.matches_at(pattern, heads, text)) == plain, (name, text)
                assert _found(sm.gated(pattern, text, sm.latin_lower(text))) == plain, (name,
                                                                                       text)
    for section in VERB_SECTIONS:
        for lang in LANGUAGES:
            verbs = lx.verb_pattern(section, lang)
            for form in VERB_FORMS[(section, lang)]:
                for text in (f"at {form} den", f"{form.upper()}-{form.title()}"):
                    assert _found(sm.verb_matches(section, lang, text)) == _found(
                        verbs.finditer(text)), (section, lang, text)
