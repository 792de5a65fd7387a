"""The deadline scanner's gates never change what it finds (coach/goals/deadlines/gates.py).

`GoalSearch` rules each pattern out by its `Need` and tries it only where its case-folded twin
matches (for `frequency`, the twin of a regrouped hint). Both are derived from
coach/data/goals/lexicon.yaml and literals shared with the patterns, so an edit can break one
silently. These properties pin them to the plain search: per rule (`GoalSearch.matches` equals
`rule.pattern.finditer`, so a need never rules out a pattern that matches and the twin never
skips a match) and for the whole scan (same `TimeScan` as a scan with every gate bypassed), on
goal-like text built from the lexicon's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.goals import lexicon as lx
from coach.goals.deadlines import gates as dg
from coach.goals.deadlines import patterns as dp
from coach.goals.deadlines.scan import TimeScan, _Scanner

P = dp.patterns()


def _named_rules() -> list[tuple[str, dg.Rule]]:
    """Every rule the scanner runs through `GoalSearch`, with a name for failure messages."""
    found: list[tuple[str, dg.Rule]] = []
    for name, value in vars(P).items():
        if isinstance(value, dg.Rule):
            found.append((name, value))
        elif isinstance(value, list):
            found += [(f"{name}[{i}]", v[0] if isinstance(v, tuple) else v)
                      for i, v in enumerate(value)]
    return found


RULES = _named_rules()


def _flat(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _flat(value)
    elif isinstance(node, list):
        for value in node:
            yield from _flat(value)
    else:
        yield str(node)


_DEADLINE_SECTIONS = ("duration_articles", "months", "month_abbreviations",
                      "weekdays", "ordinals", "duration_units", "sla_units", "cues",
                      "end_markers", "mid_markers", "next_words", "relative_periods", "holidays",
                      "seasons", "vague_timing")
LEX = lx.smart_lexicon().data
FREQUENCY = LEX["frequencies"]
NUMBERS = ["1", "2", "3", "4", "12", "15", "30", "1.5", "2,5", "2026", "2027", "26", "27"]
NUMBER_WORDS = sorted(lx.smart_lexicon().number_words[None])
# Shapes the numeric, quarter, half-year, week and fiscal patterns look for, and near misses.
EXTRA = ["3. kvartal 2026", "2.kvartal", "2. halvår 2026", "1/9-2026", "12.03.27", "1.9.2026",
         "2026-05-01", "30/6", "1/12", "Q3", "K2", "H1", "FY26", "FY2027", "Q3/27", "uge 12",
         "uge12", "wk 7", "headquarter 3", "half a year", "et halvt år", "halvandet år",
         "within two business days", "inden for 4 timer", "in 3 HOURS", "3rd", "1jan", "30.",
         "2.", "-", "'", ".", ",", "/", ":", "(", ")", "!"]
# Danish letters, Latin-1 letters whose upper case leaves Latin-1, letters outside Latin-1
# (re folds "ſ" to "s" and "K" (Kelvin) to "k": the scanner must take its plain path there) and
# caseless characters outside it, which keep the fast path (`sm.safe_lower`).
ODD = ["æ", "Ø", "Å", "ÆØÅ", "ÿ", "µ", "ß", "ſ", "\u212a", "İ", "ﬀ", "Ÿ", "ő", "€", "–", "—",
       "“", "’", "…", "•", "\u00a0", "\u2009", "😀", "中", "ü"]
# Frequency phrases are built around "N" and short glue words ("to gange om ugen").
GLUE = ["a", "to", "om", "per", "pr.", "gange", "gang", "times", "under", "hours", "the",
        "week", "ugen", "hver", "every", ".", ",", "-"]
FREQUENCY_GROUPS = [[str(w) for w in FREQUENCY[k]] for k in ("phrases", "quantifiers", "units")]
FREQUENCY_GROUPS += [NUMBERS, NUMBER_WORDS, GLUE]
# One group per lexicon list, so a short list (months, cues) is drawn as often as a long one.
GROUPS = [sorted({w for w in _flat(LEX[section]) if w and not w.isdecimal()})
          for section in _DEADLINE_SECTIONS] + [NUMBER_WORDS]
GROUPS += [*FREQUENCY_GROUPS, EXTRA, EXTRA, ODD,
           sorted({w for _, rule in RULES
                   for w in re.findall(r"[^\W\d_]{2,}", rule.pattern.pattern)})]
TODAYS = [date(2026, 1, 15), date(2026, 3, 10), date(2026, 12, 31)]

CASES: st.SearchStrategy[Callable[[str], str]] = st.sampled_from(
    [str.lower, str.upper, str.title, str, str.capitalize])


@st.composite
def _token(draw: st.DrawFn, groups: list[list[str]]) -> str:
    word = draw(st.sampled_from(draw(st.sampled_from(groups))))
    # lexicon phrase syntax: "N" is a number (digits or a word), "word*" any ending
    if re.search(r"\bN\b", word):
        number = draw(st.sampled_from([*NUMBERS, *NUMBER_WORDS]))
        word = re.sub(r"\bN\b", lambda _: number, word)
    if "*" in word:
        word = word.replace("*", draw(st.sampled_from(["", "e", "er", "s", "en"])))
    word = word.replace("...", draw(st.sampled_from(["", "den", "the next", "2"])))
    return draw(CASES)(word)


LATIN = st.text(st.characters(max_codepoint=0xFF, blacklist_categories=["Cs"]), max_size=4)
SEP = st.sampled_from([" ", " ", " ", "  ", "", "-", "\n", ", ", ". "])


@st.composite
def goals(draw: st.DrawFn, groups: list[list[str]] = GROUPS, max_tokens: int = 12) -> str:
    token = st.one_of(_token(groups), _token(groups), _token(groups), LATIN)
    tokens = draw(st.lists(token, min_size=1, max_size=max_tokens))
    seps = draw(st.lists(SEP, min_size=len(tokens), max_size=len(tokens)))
    return "".join(t + s for t, s in zip(tokens, seps, strict=True)).strip()


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[Any, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


class _PlainSearch:
    """`GoalSearch` with every gate bypassed: every search is the rule's plain finditer."""

    def __init__(self, text: str) -> None:
        self.text = text

    def matches(self, rule: dg.Rule) -> Iterator[re.Match[str]]:
        return rule.pattern.finditer(self.text)


def _plain_scan(text: str, today: date) -> TimeScan:
    scanner = _Scanner(text, today)
    scanner.search = _PlainSearch(scanner.text)  # type: ignore[assignment]
    return scanner.run()


def _gated_scan(text: str, today: date) -> TimeScan:
    scanner = _Scanner(text, today)
    assert isinstance(scanner.search, dg.GoalSearch)  # the seam replaced above
    return scanner.run()


def test_the_gates_are_built() -> None:
    """A lexicon edit that made a gate underivable (a phrase of only "N", a twin that does not
    compile) would silently switch it off."""
    for name, rule in RULES:
        assert rule.twin is not None, name
        assert rule.need.words or rule.need.within or rule.need.digit, name


def _assert_rules_equal_finditer(text: str) -> None:
    search = dg.GoalSearch(text)
    for name, rule in RULES:
        assert _found(search.matches(rule)) == _found(rule.pattern.finditer(text)), (name, text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goals())
def test_each_rule_gated_equals_finditer(text: str) -> None:
    """Per rule: its need never rules out a pattern that matches, and the search where its twin
    matches finds exactly finditer's matches (spans and groups)."""
    _assert_rules_equal_finditer(text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goals(FREQUENCY_GROUPS, max_tokens=16))
def test_frequency_hint_equals_finditer(text: str) -> None:
    """The frequency rule's twin is built from a regrouped hint, not from the pattern itself:
    on frequency-heavy text it must still find every match's start."""
    search = dg.GoalSearch(text)
    assert _found(search.matches(P.frequency)) == _found(P.frequency.pattern.finditer(text))


def _outcome(run: Callable[[str, date], TimeScan], text: str, today: date) -> object:
    """The scan, or the exception it raised: the gates must not change either (see below)."""
    try:
        return run(text, today)
    except Exception as error:  # compared below, not swallowed
        return type(error), str(error)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goals(), st.sampled_from(TODAYS))
def test_scan_equals_scan_without_gates(text: str, today: date) -> None:
    assert _outcome(_gated_scan, text, today) == _outcome(_plain_scan, text, today), text


@pytest.mark.parametrize(("text", "plain"), [
    ("İnden 1. juni 2027", "Inden 1. juni 2027"), ("ſenest 2027", "senest 2027"),
    ("in the fırst half of 2027", "in the first half of 2027"),
    ("inden for ſeks uger", "inden for seks uger")])
def test_letters_re_folds_to_ascii_read_as_those(text: str, plain: str) -> None:
    """re matches "İ", "ı" and "ſ" as "i"/"s" where lower() does not; the looked-up lexicon
    entry was missing and the goal check crashed (KeyError, ValueError)."""
    for run in (_plain_scan, _gated_scan):
        found, expected = run(text, TODAYS[0]), run(plain, TODAYS[0])
        assert [(r.day, r.role, r.start, r.end) for r in found.refs] == \
            [(r.day, r.role, r.start, r.end) for r in expected.refs] != []


def test_known_goals_scan_alike() -> None:
    """Hand-picked goals where each gate kind decides something (and the plain path)."""
    goals_ = ["Holde tre workshops for teamet om testautomatisering inden sommerferien.",
              "Reduce the average ticket response time to under 4 hours by Q3.",
              "Inden udgangen af 2. kvartal 2027 og senest 1/9-2026, to gange om ugen",
              "By the end of the third quarter, twice a week, within two business days",
              "senest i juni – \u212avartal 3 fra 1. april ſ", "inden \u212aristi himmelfart",
              "HEADQUARTER 3 i uge12, FY26"]
    for text in goals_:
        for today in TODAYS:
            assert _gated_scan(text, today) == _plain_scan(text, today), text


def _expanded(word: str) -> list[str]:
    """A lexicon phrase as text: "N" as digits and as a number word, "*" as no ending."""
    word = word.replace("*", "").replace("...", "den")
    if not re.search(r"\bN\b", word):
        return [word]
    return [re.sub(r"\bN\b", n, word) for n in ("3", "tre", "two")]


def test_every_lexicon_word_gated_equals_finditer() -> None:
    """Deterministic sweep: each word of each list (a random draw may miss one), alone and
    after a cue with a year, in three cases, through every pattern and the whole scan."""
    words = sorted({x for group in GROUPS for w in group for x in _expanded(w)})
    for word in words:
        cued = f"inden {word.upper()} 2027"
        assert _outcome(_gated_scan, cued, TODAYS[0]) == _outcome(_plain_scan, cued, TODAYS[0])
        for text in (word, cued, f"by the {word.title()}, 3."):
            _assert_rules_equal_finditer(text)
