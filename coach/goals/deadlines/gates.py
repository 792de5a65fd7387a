"""Which deadline patterns can match a goal, and where: the gates in front of the regexes.

Most of the ~40 patterns of coach/goals/deadlines/patterns.py find nothing in a goal, and a
case-insensitive search over the whole goal is what a scan paid for. Gates prove cheaply that a
pattern cannot match, or narrow where it can start, and never change what it finds:

- `Need`: a word, substring or digit every match needs, tested on facts computed once a goal;
- guards: a cheaper pattern that matches wherever the pattern does (`_guards`), and one per
  list of patterns (`_families`);
- case-folded twins, searched in the goal lower-cased once (`smart_match.folded_twin`);
- `WordIndex`: the frequency pattern split by the words its alternatives start with.

`derive` builds them into `Patterns`; `GoalSearch` applies them to one goal.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import TYPE_CHECKING, Any

from coach.goals import lexicon as lx
from coach.goals import matching as sm

if TYPE_CHECKING:  # deadline_patterns imports this module to build its gates
    from coach.goals.deadlines.patterns import Patterns

_WORD = re.compile(r"\w+")
_ONE_WORD = re.compile(r"\w+\W*")  # a phrase word that is one whole word of the text
_DIGIT = re.compile(r"\d")


def _alt(words: Iterable[Any]) -> str:
    """Regex alternation of lexicon words, as `deadline_patterns.alt` builds it."""
    return lx.alternatives(str(w) for w in words)


@dataclass(frozen=True)
class Need:
    """A necessary condition for a pattern to match, tested on facts computed once per goal in
    ~0.1 us where a regex guard took ~1 us: one of `words` is a word of the goal (lower case),
    or one of `within` is in the lower-cased goal, and (when `digit`) the goal has a digit."""

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

    def __or__(self, other: Need) -> Need:
        """What holds wherever either holds (the guard of a list of patterns)."""
        if not (self.words or self.within) or not (other.words or other.within):
            return Need(digit=self.digit and other.digit)
        return Need(self.words | other.words, tuple(sorted({*self.within, *other.within})),
                    self.digit and other.digit)


def _admits(heads: sm.Heads, word: str) -> bool:
    return word in heads.exact or word.startswith(heads.prefixes) or (
        heads.digits and word[:1].isdecimal())


# (regex, heads of its first word, heads of the next word or None when any may follow)
_Alternative = tuple[str, sm.Heads, sm.Heads | None]


@lru_cache(maxsize=256)
def _cut(units: str, quantifiers: tuple[str, ...], phrases: tuple[str, ...]
         ) -> re.Pattern[str] | None:
    """`frequency` with only the given alternatives, in their order (None when there are none)."""
    parts = [rf"(?:{'|'.join(quantifiers)})\s+(?:{units})(?!\w)"] if quantifiers else []
    parts += [rf"(?<![\w])(?:{'|'.join(phrases)})(?![\w])"] if phrases else []
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})", re.IGNORECASE) if parts else None


@dataclass(frozen=True)
class WordIndex:
    """`frequency` cut by the first two words of its alternatives: at each word only those
    that can start with it and go on with the next word are tried. ~40 phrases start with "N",
    so at "to" or "4" the whole pattern tried each of them with every number word.

    Exact: an alternative that cannot start at a word fails there and the others keep their
    order, so `at(word, ...)` matches there exactly as the whole pattern does (`matches`).
    """

    units: str
    quantifiers: tuple[_Alternative, ...]
    phrases: tuple[_Alternative, ...]
    first: sm.Heads
    memo: dict[tuple[str, str | None], re.Pattern[str] | None]

    def at(self, word: str, following: str | None) -> re.Pattern[str] | None:
        """The cut for a match starting at `word` followed by `following` (None: unknown)."""
        key = (word, following)
        if key not in self.memo:
            if len(self.memo) > 4096:
                self.memo.clear()
            picked = [tuple(r for r, first, then in alternatives if _admits(first, word) and (
                then is None or following is None or _admits(then, following)))
                for alternatives in (self.quantifiers, self.phrases)]
            self.memo[key] = _cut(self.units, *picked)
        return self.memo[key]

    def matches(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Exactly `frequency.finditer(text)` (`sm.matches_at`) for Latin-1 `text`."""
        words = list(_WORD.finditer(lowered))
        pos = 0
        for i, token in enumerate(words):
            word, end = token.group(), token.end()
            if token.start() < pos or not _admits(self.first, word):
                continue
            following = words[i + 1].group() if i + 1 < len(words) else None
            if text[end:end + 1] in (".", ",") and text[end + 1:end + 2].isdecimal():
                following = None  # "1.5 gange": the number goes on
            cut = self.at(word, following)
            m = None if cut is None else cut.match(text, token.start())
            if m is not None:
                yield m
                pos = m.end()

class GoalSearch:
    """One goal with the facts the gates test, computed once: its lower-cased words and the
    goal lower-cased (both None outside Latin-1, see `sm.latin_words`), and whether it has a
    digit."""

    def __init__(self, text: str, p: Patterns) -> None:
        self.text = text
        self.p = p
        self.words = sm.latin_words(text)
        self.lowered = sm.latin_lower(text)
        self.digit = _DIGIT.search(text) is not None

    def absent(self, family: str) -> bool:
        """True when no pattern of that list (`Patterns.families`) can match the goal."""
        need = self.p.family_needs.get(family)
        if need is not None and self.words is not None and self.lowered is not None:
            return not need.met(self.words, self.lowered, self.digit)
        return self.cannot_match(self.p.families[family], self.p.families[family])

    def cannot_match(self, pattern: re.Pattern[str], guard: re.Pattern[str] | None) -> bool:
        """Whether a cheap necessary condition rules `pattern` out: its `Need` (Latin-1
        goals), then its case-folded twin on the lowered goal, else `guard` on the goal."""
        if self.words is not None and self.lowered is not None:
            need = self.p.needs.get(id(pattern))
            if need is not None and not need.met(self.words, self.lowered, self.digit):
                return True
        twin = self.p.twins.get(id(pattern)) if self.lowered is not None else None
        if twin is not None:
            return twin.search(self.lowered) is None  # type: ignore[arg-type]
        return guard is not None and guard.search(self.text) is None

    def finditer(self, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
        """Exactly `pattern.finditer(self.text)`, tried only where a match can start.

        `frequency` goes through its `WordIndex`. Otherwise, on Latin-1 goals, the pattern's
        twin (`Patterns.scan_twins`) matches wherever it does and without case folding (~2x
        cheaper), so the pattern is only tried where its twin matches, leftmost first as
        finditer does. Callers test `cannot_match` first (a separate call: most patterns stop
        there, and a call more per pattern cost the scan ~3%).
        """
        lowered = self.lowered
        if lowered is None:
            return pattern.finditer(self.text)
        if pattern is self.p.frequency and self.p.frequency_index is not None:
            return self.p.frequency_index.matches(self.text, lowered)
        twin = self.p.scan_twins.get(id(pattern))
        if twin is None:
            return pattern.finditer(self.text)
        found, pos = [], 0
        while (hint := twin.search(lowered, pos)) is not None:
            m = pattern.match(self.text, hint.start())
            if m is None:
                pos = hint.start() + 1
            elif m.end() == m.start():  # finditer has its own rules after an empty match
                return pattern.finditer(self.text)
            else:
                found.append(m)
                pos = m.end()
        return found


def derive(p: Patterns, lex: dict[str, Any], prefixes: set[str]) -> None:
    """Fill the gate fields of freshly compiled `p` (empty until then), in dependency order.

    Args:
        p: The patterns, compiled from `lex`.
        lex: The lexicon they were built from.
        prefixes: The optional leading groups some patterns start with (`_guards`).
    """
    p.guards.update(_guards(p, lex, prefixes))
    object.__setattr__(p, "frequency_index", _frequency_index(p, lex))
    p.families.update(_families(p))
    p.needs.update(_needs(p, lex))
    for name, members in _family_members(p).items():
        needs = [need for q in members if (need := p.needs.get(id(q))) is not None]
        if needs and len(needs) == len(members):
            p.family_needs[name] = reduce(operator.or_, needs)
    p.twins.update(_twins(p))


def _family_members(p: Patterns) -> dict[str, list[re.Pattern[str]]]:
    """The lists of patterns the scanner may skip as a whole, by family name."""
    return {"relative": [q for q, _ in p.relative], "quarter": p.quarter, "half": p.half,
            "holiday": [q for q, _ in p.holiday], "season": [q for q, _ in p.season]}


def _twins(p: Patterns) -> dict[int, re.Pattern[str]]:
    """Case-folded twins of every pattern's guard (or of the pattern, when it has none) and of
    the family guards: the scanner tests them on the goal lower-cased once, ~2x cheaper than
    the case-insensitive search, and runs the real pattern only where its twin found one."""
    singles = [p.sla, p.duration, p.half_year_duration, p.frequency, p.vague, p.iso,
               p.numeric_year, p.day_month, p.month_day, p.numeric, p.week, p.fiscal, p.month,
               p.year, p.weekday, *p.quarter, *p.half, *(q for q, _ in p.relative),
               *(q for q, _ in p.holiday), *(q for q, _ in p.season)]
    twins = {}
    for pattern in singles:
        twin = sm.folded_twin(p.guards.get(id(pattern), pattern))
        if twin is not None and p.needs.get(id(pattern)) != Need(digit=True):
            twins[id(pattern)] = twin  # a `Need` for a digit already tested what "\d" would
        whole = sm.folded_twin(pattern) if id(pattern) in p.guards else twin
        if whole is not None:
            p.scan_twins[id(pattern)] = whole
    for family in p.families.values():
        twin = sm.folded_twin(family)
        if twin is not None:
            twins[id(family)] = twin
    return twins


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _families(p: Patterns) -> dict[str, re.Pattern[str]]:
    """One guard per list of patterns: the alternation of its members (or of their guards).

    It matches wherever any member does, so when it finds nothing the scanner skips the whole
    list: most goals name no holiday, season, quarter or relative period. Named groups become
    plain ones (they would clash). On Latin-1 goals the cheaper `family_needs` decide instead.
    """
    families = {}
    for name, members in _family_members(p).items():
        parts = []
        for pattern in members:
            guard = p.guards.get(id(pattern), pattern)
            scope = "i" if guard.flags & re.IGNORECASE else "-i"
            parts.append(f"(?{scope}:{_NAMED_GROUP.sub('(?:', guard.pattern)})")
        families[name] = re.compile("|".join(parts))
    return families


def _guards(p: Patterns, lex: dict[str, Any], prefixes: set[str]) -> dict[int, re.Pattern[str]]:
    """Necessary-condition patterns: when the guard finds nothing, the pattern cannot match, so
    the scanner skips it (same results, ~3x cheaper deadline scan). Built from the patterns and
    the lexicon themselves, never from a second word list.

    - An optional leading group ("udgangen af", "medio") is tried at every position and made
      these ~10 us a scan; the rest of the pattern must match wherever the whole does.
    - `duration`: its unit word always follows whitespace or a non-word character.
    - Numeric dates need a digit, which most goals lack.
    - `frequency` (~100 us: "N" tries every number word at every word): every match ends with
      a unit or a phrase's last word, which follows whitespace or a non-word character.
    """
    guards: dict[int, re.Pattern[str]] = {}
    for pat in (*p.quarter, *p.half, p.week, p.fiscal, p.year, p.month,
                *(q for q, _ in p.season)):
        for prefix in prefixes:
            if pat.pattern.startswith(prefix):
                guards[id(pat)] = re.compile(pat.pattern[len(prefix):], pat.flags)
    digit = re.compile(r"\d")
    for pat in (p.iso, p.numeric_year, p.day_month, p.month_day, p.numeric):
        guards[id(pat)] = digit
    guards[id(p.duration)] = re.compile(rf"(?<!\w)(?:{_alt(lex['duration_units'])})(?![\w-])",
                                    re.IGNORECASE)
    freq = lex["frequencies"]
    lasts = [str(phrase).split()[-1] for phrase in freq["phrases"]]
    if "..." not in lasts:
        ends = "|".join(lx.phrase_regex(t) for t in sorted(set(lasts), key=len, reverse=True))
        guards[id(p.frequency)] = re.compile(rf"(?<!\w)(?:{_alt(freq['units'])}|{ends})(?!\w)",
                                         re.IGNORECASE)
    return guards


def _phrase_need(phrases: Iterable[Any], avoid: frozenset[str]) -> Need | None:
    """A `Need` for a pattern of lexicon phrases (`lx.compile_phrases` syntax): per phrase one
    of its literal words, which is a whole word of any text it matches (phrases start and end
    at word boundaries and their words are separated by whitespace), preferring a long word
    outside `avoid` ("the summer" is gated by "summer"); a "word*"/"*word" core must be in the
    lower-cased text. None when a phrase has neither (only "N" and "...")."""
    words: set[str] = set()
    within: set[str] = set()
    for phrase in phrases:
        runs: list[str] = []
        cores: list[str] = []
        for raw in str(phrase).split():
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
            return None
    return Need(frozenset(words), tuple(sorted(within)))


def _needs(p: Patterns, lex: dict[str, Any]) -> dict[int, Need]:
    """Per pattern a `Need` on the goal's words, from the lexicon lists and literals it is built
    of (keep the literals below in step with `patterns`). Each word named is a whole word of
    every match: the patterns put word boundaries, whitespace or punctuation around them."""
    avoid = frozenset(str(w).lower() for ws in lex["stopwords"].values() for w in ws)
    phrase_lists: list[tuple[re.Pattern[str], Iterable[Any]]] = [
        (p.vague, lex["vague_timing"]), (p.sla, lex["sla_units"]),
        (p.duration, lex["duration_units"]),
        *((q, lex["relative_periods"][k]) for q, k in p.relative),
        *((q, lex["holidays"][k]["words"]) for q, k in p.holiday),
        *((q, lex["seasons"][k]["words"]) for q, k in p.season)]
    needs = {id(q): need for q, words in phrase_lists
             if (need := _phrase_need(words, avoid)) is not None}
    digit = Need(digit=True)
    needs |= {id(q): digit for q in (p.iso, p.numeric_year, p.day_month, p.month_day,
                                     p.numeric, p.year)}
    needs |= {
        id(p.month): Need(frozenset(str(m).lower() for m in lex["months"])),
        id(p.weekday): Need(frozenset(str(d).lower() for d in lex["weekdays"])),
        id(p.half_year_duration): Need(frozenset({"år", "year"})),
        id(p.week): Need(within=("uge", "week", "wk"), digit=True),  # "uge12" is one word
        id(p.fiscal): Need(within=("fiscal", "fy", "regnskabsår"), digit=True),
        id(p.quarter[0]): Need(frozenset(f"{c}{n}" for c in "qk" for n in "1234"), digit=True),
        id(p.quarter[1]): Need(frozenset({"kvartal"}), digit=True),
        id(p.quarter[2]): Need(frozenset({"kvartal", "quarter"})),
        id(p.quarter[3]): Need(within=("quarter",), digit=True),  # no word start: "headquarter 3"
        id(p.half[0]): Need(frozenset({"halvår"}), digit=True),
        id(p.half[1]): Need(frozenset({"halvår"})),
        id(p.half[2]): Need(frozenset({"h1", "h2"})),
        id(p.half[3]): Need(frozenset({"half"})),
    }
    return needs


def _frequency_index(p: Patterns, lex: dict[str, Any]) -> WordIndex | None:
    """`WordIndex` of `frequency`, from the lexicon lists it is built of; None when a list has
    a word `sm.phrase_heads` cannot place or the cut does not rebuild `frequency` itself.

    The next word is checked only where the first is one whole word of the text: a word,
    "word*", "N" (a number word, or digits not going on with ".5") or a word plus punctuation.
    """
    freq = lex["frequencies"]
    units = _alt(freq["units"])
    numbers_whole = all(_WORD.fullmatch(w) for w in lx.number_words())
    quantifiers: list[_Alternative] = []
    for quantifier in sorted({str(w).lower() for w in freq["quantifiers"]}, key=len, reverse=True):
        first, *rest = quantifier.split()
        heads = sm.literal_heads([quantifier])
        then = sm.literal_heads([rest[0]] if rest else [str(u) for u in freq["units"]])
        if heads is None:
            return None
        quantifiers.append((lx.alternatives([quantifier]), heads,
                            then if _ONE_WORD.fullmatch(first) else None))
    phrases: list[_Alternative] = []
    for phrase in sorted(set(freq["phrases"]), key=len, reverse=True):
        first, *rest = str(phrase).split()
        heads = sm.phrase_heads((str(phrase),))
        if heads is None:
            return None
        if first == "N" or (first.startswith("N") and not first[1:].isalnum()):
            whole = numbers_whole and re.fullmatch(r"\W*", first[1:]) is not None
        elif first.endswith("*") and not first.startswith("*"):
            whole = _WORD.fullmatch(first.rstrip("*")) is not None
        else:
            whole = _ONE_WORD.fullmatch(first) is not None
        then = sm.phrase_heads((" ".join(rest),)) if rest and whole else None
        phrases.append((lx.phrase_regex(str(phrase)), heads, then))
    full = _cut(units, tuple(q for q, _, _ in quantifiers), tuple(r for r, _, _ in phrases))
    if full is None or full.pattern != p.frequency.pattern:
        return None
    first_words = [h for _, h, _ in (*quantifiers, *phrases)]
    return WordIndex(units, tuple(quantifiers), tuple(phrases),
                     reduce(operator.or_, first_words), {})
