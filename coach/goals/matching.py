"""Exact, cheaper equivalents of `finditer` for the lexicon's patterns on goal text.

The patterns (coach/goals/lexicon.py, coach/goals/deadlines/patterns.py) are large
case-insensitive alternations: re tries every alternative at every position and folds the case
of every character it compares. The helpers here find exactly the same matches while trying
less: a case-folded twin searched in the goal lower-cased once (`folded_twin`), or matching only
at the words a match can start with (`matches_at`). `Search` pairs a pattern with the one it
uses. That holds wherever `lower()` keeps every offset and lower-cases as re's case folding
does (`safe_lower`); other text takes the plain search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
# What `folded_twin` copies verbatim: escapes (\\D is not \\d), group names and references.
_KEEP_CASE = re.compile(r"\\N\{[^}]*\}|\\.|\(\?P<\w+>|\(\?P=\w+\)", re.DOTALL)


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive pattern that finds a match in `text.lower()` wherever `pattern` finds
    one in `text`, for text `safe_lower` lowers.

    Why: re folds the case of every character it compares under IGNORECASE; a case-sensitive
    search of the text lowered once does not (docs/load.md). The twin is the source lower-cased
    outside escapes and group names, without IGNORECASE: case-insensitive parts match exactly
    the same, case-sensitive ones (`(?-i:Q)`) match more, never less, so it serves as a guard
    only. A match of the pattern at a position is a match of the twin there too.
    None when the lowered source does not compile (e.g. two group names that differ in case).
    """
    parts, last = [], 0
    for keep in _KEEP_CASE.finditer(pattern.pattern):
        token = keep.group()
        if re.fullmatch(r"\\[NxuU0-9].*", token, re.DOTALL):
            return None  # a character code or backreference: its case is not in the source
        if token[0] == "\\" and not token[1].isascii():
            token = token.lower()  # an escaped letter such as "\\Æ" is just that letter
        parts += [pattern.pattern[last:keep.start()].lower(), token]
        last = keep.end()
    parts.append(pattern.pattern[last:].lower())
    try:
        return re.compile("".join(parts), pattern.flags & ~re.IGNORECASE)
    except re.error:
        return None


# Letters re's IGNORECASE reads as an ASCII letter while str.lower() does not ("İ".lower() is
# two characters; "ı" and "ſ" stay themselves): a lexicon lookup of the lower-cased match then
# missed its entry and the goal check crashed. Replaced one for one, so every offset holds.
_RE_FOLD = str.maketrans({"İ": "I", "ı": "i", "ſ": "s"})
_RE_FOLD_CHARS = re.compile("[İıſ]")


def re_fold(text: str) -> str:
    """`text` with "İ", "ı" and "ſ" written as the ASCII letters re matches them as (same
    length), so what a case-insensitive pattern matched always lower-cases to a lexicon key."""
    return text.translate(_RE_FOLD) if _RE_FOLD_CHARS.search(text) else text


def safe_lower(text: str) -> str | None:
    """`text.lower()` when it keeps every offset and agrees with re's case folding, else None.

    That is Latin-1 text, plus characters without case (dashes, curly quotes, "€", most
    symbols): pasted text is full of them, and no caseless character is a case variant of a
    Latin-1 letter to re. Other letters are: "İ".lower() is two characters, re matches "ſ" as
    "s" and the Kelvin sign as "k", so such text takes the plain search.
    """
    if text and max(text) >= "\u0100" and any(
            c >= "\u0100" and not c.lower() == c == c.upper() for c in set(text)):
        return None
    return text.lower()


def safe_words(text: str) -> frozenset[str] | None:
    """The lower-cased words of `text`; None where `safe_lower` is."""
    lowered = safe_lower(text)
    return None if lowered is None else frozenset(_TOKEN.findall(lowered))


def word_heads(literals: Iterable[str]) -> frozenset[str] | None:
    """The words a match of `alternatives(literals)` can start with: each literal's leading run
    of word characters, lower-cased (a non-word character or the pattern's word end follows
    it). None when a literal does not start with a Latin-1 word."""
    heads: set[str] = set()
    for literal in literals:
        run = _TOKEN.match(literal.lower())
        if run is None or max(run.group()) >= "\u0100":
            return None
        heads.add(run.group())
    return frozenset(heads)


def matches_at(pattern: re.Pattern[str], heads: frozenset[str], text: str
               ) -> Iterator[re.Match[str]]:
    """Exactly `pattern.finditer(text)` for a pattern that starts with a word-start lookbehind
    and whose matches start with one of the words `heads`.

    Why it is the same: a match can only start at the start of a word, and that word must be a
    head; the pattern is tried only there (`match` sees the text before `pos`, so the lookbehind
    is unchanged), in text order, skipping words inside the previous match, as finditer does.
    Where `safe_lower` declines it is the plain scan.
    """
    lowered = safe_lower(text)
    if lowered is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    for token in _TOKEN.finditer(lowered):
        if token.start() < pos or token.group() not in heads:
            continue
        m = pattern.match(text, token.start())
        if m is not None:
            yield m
            pos = m.end()


@dataclass(frozen=True)
class Search:
    """A lexicon pattern and the shortcut its searches take: its case-folded twin (`twin`),
    or the words its matches start with (`heads`: verb lists of ~1000 forms, where the twin
    would still try every form at every position). Neither: the plain search."""

    pattern: re.Pattern[str]
    twin: re.Pattern[str] | None = None
    heads: frozenset[str] | None = None

    @classmethod
    def folded(cls, pattern: re.Pattern[str]) -> Search:
        """Searches gated by the pattern's case-folded twin."""
        return cls(pattern, twin=folded_twin(pattern))

    @classmethod
    def at_words(cls, pattern: re.Pattern[str], literals: Iterable[str]) -> Search:
        """Searches tried only at the words `literals` start with (`pattern` must be a
        word-start lookbehind, then an alternation of `literals`)."""
        return cls(pattern, heads=word_heads(literals))

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Exactly `self.pattern.finditer(text)`, given `lowered = safe_lower(text)` (None: not
        computed, so the twin is not used).

        The twin never misses a match (`folded_twin`) and most lists find nothing in a goal, so
        only goals where it finds something pay for the case-insensitive search.
        """
        if self.heads is not None:
            return matches_at(self.pattern, self.heads, text)
        if self.twin is not None and lowered is not None and self.twin.search(lowered) is None:
            return iter(())
        return self.pattern.finditer(text)
