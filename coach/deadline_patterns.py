"""Regular expressions and calendar periods behind coach/deadlines.py.

Built once from the word lists in coach/data/smart_lexicon.yaml; the conventions they implement
are documented in docs/deadlines.md.
"""

from __future__ import annotations

import calendar
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, reduce
from typing import Any, Literal

from coach import smart_lexicon as lx

CueKind = Literal["start", "before", "deadline", "within", "weak", "end", "numeric"]
YEAR = r"(?:19|20)\d{2}"
_WORD = re.compile(r"\w+")
_ONE_WORD = re.compile(r"\w+\W*")  # a phrase word that is one whole word of the text

@dataclass(frozen=True)
class Period:
    """A calendar period; `before` resolves to the day before it starts, otherwise its end."""

    first: date
    last: date


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int) -> Period:
    """A calendar month."""
    return Period(date(year, month, 1), last_day(year, month))


def quarter_period(year: int, q: int) -> Period:
    """Quarter `q` (1-4) of `year`."""
    return Period(date(year, 3 * q - 2, 1), last_day(year, 3 * q))


def half_period(year: int, h: int) -> Period:
    """Half-year `h` (1-2) of `year`."""
    return Period(date(year, 6 * h - 5, 1), last_day(year, 6 * h))


def year_period(year: int) -> Period:
    """A calendar year."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def week_period(year: int, week: int) -> Period | None:
    """ISO week Monday to Friday (a work week), or None when the week does not exist."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return Period(monday, monday + timedelta(days=4))  # a work week ends on Friday


def month_day(year: int, text: str) -> date:
    """"MM-DD" (or "MM-end") in `year`."""
    month, day = text.split("-")
    if day == "end":
        return last_day(year, int(month))
    return date(year, int(month), int(day))


def upcoming(today: date, build: Callable[[int], date | None]) -> date | None:
    """The first of build(year-1), build(year), build(year+1) that is on or after today."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        try:
            day = build(year)
        except ValueError:
            continue
        if day is not None and day >= today:
            return day
    return None


def period_day(period: Period, cue: CueKind | None, has_end: bool) -> date:
    """The period's last day, or the day before it starts after "inden"/"before"."""
    if cue == "before" and not has_end:
        return period.first - timedelta(days=1)
    return period.last


def upcoming_period(today: date, build: Callable[[int], Period | None], cue: CueKind | None,
                    has_end: bool) -> date | None:
    """The first period from `build` whose deadline day is on or after today."""
    def day(year: int) -> date | None:
        period = build(year)
        return None if period is None else period_day(period, cue, has_end)
    return upcoming(today, day)


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


def _admits(heads: lx.Heads, word: str) -> bool:
    return word in heads.exact or word.startswith(heads.prefixes) or (
        heads.digits and word[:1].isdecimal())


# (regex, heads of its first word, heads of the next word or None when any may follow)
_Alternative = tuple[str, lx.Heads, lx.Heads | None]


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
    first: lx.Heads
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
        """Exactly `frequency.finditer(text)` (`lx.matches_at`) for Latin-1 `text`."""
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


@dataclass(frozen=True)
class Patterns:
    cue: re.Pattern[str]
    cue_kinds: dict[str, CueKind]
    numeric_cues: frozenset[str]  # cue words that make "1/9" a date (rebuilt per scan before)
    iso: re.Pattern[str]
    numeric_year: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    numeric: re.Pattern[str]
    sla: re.Pattern[str]
    duration: re.Pattern[str]
    half_year_duration: re.Pattern[str]
    frequency: re.Pattern[str]
    vague: re.Pattern[str]
    relative: list[tuple[re.Pattern[str], str]]
    quarter: list[re.Pattern[str]]
    half: list[re.Pattern[str]]
    week: re.Pattern[str]
    holiday: list[tuple[re.Pattern[str], str]]
    season: list[tuple[re.Pattern[str], str]]
    fiscal: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    # id(pattern) -> a cheaper pattern that matches wherever it does (see `_guards`); keyed by
    # id because hashing a Pattern hashes its whole source, which cost more than the guard
    guards: dict[int, re.Pattern[str]]
    # `frequency` cut by its first two words (see `WordIndex`); None if the cut went wrong
    frequency_index: WordIndex | None
    # "relative", "quarter", "half", "holiday", "season" -> one pattern that matches wherever
    # any pattern of that list does, and for lists of lexicon phrases the words their matches
    # can start with (see `_families`)
    families: dict[str, re.Pattern[str]]
    # id(pattern) / family name -> a `Need` of the goal's words (see `_needs`)
    needs: dict[int, Need]
    family_needs: dict[str, Need]
    # id(pattern or family guard) -> its `lx.folded_twin`, searched in the lower-cased goal
    twins: dict[int, re.Pattern[str]]
    # id(pattern) -> the twin of the whole pattern (not of its guard): where matches can start
    scan_twins: dict[int, re.Pattern[str]]


def alt(words: Iterable[Any]) -> str:
    """Regex alternation of lexicon words."""
    return lx.alternatives(str(w) for w in words)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """All deadline patterns, compiled once from the lexicon."""
    lex = lx.lexicon()
    cues: dict[str, CueKind] = {}
    kinds: tuple[CueKind, ...] = ("weak", "within", "deadline", "before", "numeric", "start")
    for kind in kinds:  # a word in several lists keeps the first kind ("the" is weak)
        source = lex["cues"]["numeric_date" if kind == "numeric" else kind]
        for word in source:
            cues.setdefault(str(word).lower(), kind)
    for word in lex["end_markers"]:
        cues[str(word).lower()] = "end"
    flags = re.IGNORECASE
    end = alt(lex["end_markers"])
    months = {**lex["months"], **lex["month_abbreviations"]}
    month_alt = alt(months)
    num = lx.number_regex()
    units = alt(lex["duration_units"])
    nxt = alt(lex["next_words"])
    art = alt(lex["duration_articles"])
    ords = alt(lex["ordinals"])
    freq = lex["frequencies"]
    frequency = (rf"(?<!\w)(?:(?:{alt(freq['quantifiers'])})\s+(?:{alt(freq['units'])})(?!\w)"
                 rf"|{lx.compile_phrases(freq['phrases']).pattern})")
    end_prefix = rf"(?:(?P<end>{end})\s+)?"
    month_prefix = rf"(?:(?P<end>{end})\s+|(?P<mid>{alt(lex['mid_markers'])})\s*)?"
    built = Patterns(
        cue=re.compile(rf"(?:^|(?<=\W))(?P<cue>{alt(cues)})\s+$", flags),
        cue_kinds=cues,
        numeric_cues=frozenset(str(w).lower() for w in lex["cues"]["numeric_date"]),
        iso=re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])"),
        numeric_year=re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})[./-](\d{4}|\d{2})(?![\d])"),
        day_month=re.compile(rf"(?<![\w.,])(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
                             rf"(?:{month_alt})(?!\w)\.?(?:,?\s+{YEAR}(?!\d))?", flags),
        month_day=re.compile(rf"(?<!\w)(?:{month_alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                             rf"(?![\d.])(?:,?\s+{YEAR}(?!\d))?", flags),
        numeric=re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?![\d]|[./,]\d)"),
        sla=re.compile(rf"(?<!\w)(?:inden for|indenfor|within|in under|på under|på mindre end|"
                       rf"in less than|under|in|på)\s+{num}\s+(?:{alt(lex['sla_units'])})(?!\w)",
                       flags),
        duration=re.compile(
            rf"(?<!\w)(?:(?P<cue>inden\s+for|indenfor|i\s+løbet\s+af|over|om|i|within|in|"
            rf"during|for)\s+)?(?:(?P<article>de|det|den|the)\s+)?(?:(?P<next>{nxt})\s+)?"
            rf"(?:(?P<num>{num}|{art})\s+)?(?P<unit>{units})(?![\w-])", flags),
        half_year_duration=re.compile(
            rf"(?<!\w)(?:(?:inden\s+for|indenfor|i\s+løbet\s+af|over|om|i|within|in|during|for)"
            rf"\s+)?(?:(?:et|ét|det\s+(?:{nxt})|the\s+(?:{nxt})|a)\s+(?:halve|halvt|half)[\s-]+"
            rf"(?:år|year)|half\s+a\s+year|a\s+year\s+and\s+a\s+half)(?![\w-])", flags),
        frequency=re.compile(frequency, flags),
        vague=lx.compile_phrases(lex["vague_timing"]),
        # "next MUS" first: its words ("næste MUS") would otherwise be read as another period.
        relative=sorted(((lx.compile_phrases(words), key)
                         for key, words in lex["relative_periods"].items()),
                        key=lambda pk: pk[1] != "next_mus"),
        quarter=[
            re.compile(rf"{end_prefix}(?:the\s+)?(?<!\w)(?-i:[QK])(?P<q>[1-4])(?:\s*[-/']\s*"
                       rf"(?P<y2>\d{{2}})(?!\d)|\s+(?P<y>{YEAR}))?(?![\w])", flags),
            re.compile(rf"{end_prefix}(?<![\w.,])(?P<q>[1-4])\.\s*kvartal(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?:the\s+|det\s+)?(?P<o>{ords})\s+(?:kvartal|quarter)"
                       rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?(?!\w)", flags),
            re.compile(rf"{end_prefix}quarter\s+(?P<q>[1-4])(?:\s+(?:of\s+)?(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
        ],
        half=[
            re.compile(rf"{end_prefix}(?<![\w.,])(?P<h>[12])\.\s*halvår(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?P<o>første|andet|anden)\s+halvår(?:\s+(?P<y>{YEAR}))?"
                       rf"(?!\w)", flags),
            re.compile(rf"{end_prefix}(?<!\w)(?-i:H)(?P<h>[12])(?:\s+(?P<y>{YEAR}))?(?!\w)", flags),
            re.compile(rf"{end_prefix}(?:the\s+)?(?P<o>first|second|1st|2nd)\s+half(?:\s+of\s+"
                       rf"(?:the\s+year|(?P<y>{YEAR}))|[-\s]year(?:\s+(?P<y3>{YEAR}))?)(?!\w)",
                       flags),
        ],
        week=re.compile(rf"{end_prefix}(?<!\w)(?:uge|week|wk\.?)\s*(?P<w>\d{{1,2}})(?!\d)"
                        rf"(?:\s+(?:of\s+|i\s+)?(?P<y>{YEAR}))?", flags),
        holiday=[(lx.compile_phrases(v["words"]), k) for k, v in lex["holidays"].items()],
        season=[(re.compile(rf"{end_prefix}(?:(?P<next>næste|next)\s+)?"
                            rf"(?:{lx.compile_phrases(v['words']).pattern})", flags), k)
                for k, v in lex["seasons"].items()],
        fiscal=re.compile(rf"{end_prefix}(?<!\w)(?:FY|regnskabsåret|regnskabsår|the\s+fiscal\s+"
                          rf"year|fiscal\s+year)\s*-?\s*(?P<y>(?:19|20)?\d{{2}})(?!\d)", flags),
        month=re.compile(rf"{month_prefix}"
                         rf"(?<!\w)(?P<m>{alt(lex['months'])})(?!\w)(?:\s+(?P<y>{YEAR})(?!\d))?",
                         flags),
        year=re.compile(rf"{end_prefix}(?<![\w.,])(?P<y>{YEAR})(?![\w/-]|[.,]\d|\s*-\s*\d)",
                        flags),
        weekday=re.compile(rf"(?<!\w)(?:(?:næste|next|on)\s+)?(?P<d>{alt(lex['weekdays'])})"
                           rf"(?!\w)", flags),
        guards={},
        frequency_index=None,
        families={},
        needs={},
        family_needs={},
        twins={},
        scan_twins={},
    )
    built.guards.update(_guards(built, lex, {end_prefix, month_prefix}))
    object.__setattr__(built, "frequency_index", _frequency_index(built, lex))
    built.families.update(_families(built))
    built.needs.update(_needs(built, lex))
    members = {"relative": [q for q, _ in built.relative], "quarter": built.quarter,
               "half": built.half, "holiday": [q for q, _ in built.holiday],
               "season": [q for q, _ in built.season]}
    for name, patterns_ in members.items():
        needs = [need for q in patterns_ if (need := built.needs.get(id(q))) is not None]
        if needs and len(needs) == len(patterns_):
            built.family_needs[name] = reduce(operator.or_, needs)
    built.twins.update(_twins(built))
    return built


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
        twin = lx.folded_twin(p.guards.get(id(pattern), pattern))
        if twin is not None and p.needs.get(id(pattern)) != Need(digit=True):
            twins[id(pattern)] = twin  # a `Need` for a digit already tested what "\d" would
        whole = lx.folded_twin(pattern) if id(pattern) in p.guards else twin
        if whole is not None:
            p.scan_twins[id(pattern)] = whole
    for family in p.families.values():
        twin = lx.folded_twin(family)
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
    lists: dict[str, list[re.Pattern[str]]] = {
        "relative": [q for q, _ in p.relative], "quarter": p.quarter, "half": p.half,
        "holiday": [q for q, _ in p.holiday], "season": [q for q, _ in p.season]}
    families = {}
    for name, members in lists.items():
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
    guards[id(p.duration)] = re.compile(rf"(?<!\w)(?:{alt(lex['duration_units'])})(?![\w-])",
                                    re.IGNORECASE)
    freq = lex["frequencies"]
    lasts = [str(phrase).split()[-1] for phrase in freq["phrases"]]
    if "..." not in lasts:
        ends = "|".join(lx.phrase_regex(t) for t in sorted(set(lasts), key=len, reverse=True))
        guards[id(p.frequency)] = re.compile(rf"(?<!\w)(?:{alt(freq['units'])}|{ends})(?!\w)",
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
    a word `lx.phrase_heads` cannot place or the cut does not rebuild `frequency` itself.

    The next word is checked only where the first is one whole word of the text: a word,
    "word*", "N" (a number word, or digits not going on with ".5") or a word plus punctuation.
    """
    freq = lex["frequencies"]
    units = alt(freq["units"])
    numbers_whole = all(_WORD.fullmatch(w) for w in lx.number_words())
    quantifiers: list[_Alternative] = []
    for quantifier in sorted({str(w).lower() for w in freq["quantifiers"]}, key=len, reverse=True):
        first, *rest = quantifier.split()
        heads = lx.literal_heads([quantifier])
        then = lx.literal_heads([rest[0]] if rest else [str(u) for u in freq["units"]])
        if heads is None:
            return None
        quantifiers.append((lx.alternatives([quantifier]), heads,
                            then if _ONE_WORD.fullmatch(first) else None))
    phrases: list[_Alternative] = []
    for phrase in sorted(set(freq["phrases"]), key=len, reverse=True):
        first, *rest = str(phrase).split()
        heads = lx.phrase_heads((str(phrase),))
        if heads is None:
            return None
        if first == "N" or (first.startswith("N") and not first[1:].isalnum()):
            whole = numbers_whole and re.fullmatch(r"\W*", first[1:]) is not None
        elif first.endswith("*") and not first.startswith("*"):
            whole = _WORD.fullmatch(first.rstrip("*")) is not None
        else:
            whole = _ONE_WORD.fullmatch(first) is not None
        then = lx.phrase_heads((" ".join(rest),)) if rest and whole else None
        phrases.append((lx.phrase_regex(str(phrase)), heads, then))
    full = _cut(units, tuple(q for q, _, _ in quantifiers), tuple(r for r, _, _ in phrases))
    if full is None or full.pattern != p.frequency.pattern:
        return None
    first_words = [h for _, h, _ in (*quantifiers, *phrases)]
    return WordIndex(units, tuple(quantifiers), tuple(phrases),
                     reduce(operator.or_, first_words), {})
