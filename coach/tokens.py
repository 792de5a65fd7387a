"""Text split into tokens: words, numbers and punctuation with their place in the text.

Each `Token` carries its character span, a lower-cased form, a lemma (simplemma) and its
sentence and clause, and knows whether it stands inside quotation marks, so the feedback
analyzer can reason about "who is this about" without a parser.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,:/]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:-\d+)?)"
    r"|(?P<punct>[^\w\s])"
)
# English contractions become two tokens ("you're" -> "you" + "are") so "you're lazy" and
# "you are lazy" match the same lexicon entries.
_CONTRACTIONS = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would",
                 "'m": "am", "'s": "is"}
# Chat spellings of a pronoun and its verb ("ur always late", "hes lazy") split the same way.
_CHAT = {"youre": ((0, 3, "you"), (3, 5, "are")), "ur": ((0, 1, "you"), (1, 2, "are")),
         "hes": ((0, 2, "he"), (2, 3, "is")), "shes": ((0, 3, "she"), (3, 4, "is")),
         "theyre": ((0, 4, "they"), (4, 6, "are")), "u": ((0, 1, "you"),),
         "r": ((0, 1, "are"),)}
_IRREGULAR_NOT = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "be"}
_SENTENCE_END = {".", "!", "?"}
_CLAUSE_BREAK = {",", ";", ":", "–", "—", "(", ")", "-"}
# A full stop after these is an abbreviation, not a sentence end ("kl. 16", "1,2 mio. kr.").
_ABBREVIATIONS = {"kl", "mio", "mia", "kr", "ca", "fx", "bl", "a", "dvs", "nr", "jf", "pr", "mr",
                  "mrs", "dr", "st", "etc", "vs", "e", "g", "i", "pm", "am", "tlf"}
_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "»": "«", "«": "»", "‘": "’"}
_QUOTE_OPENERS = re.compile("[" + re.escape("".join(_QUOTE_PAIRS) + "'") + "]")


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    """Dictionary form of a lower-cased `word` (simplemma, cached: the analyzer is hot)."""
    return str(simplemma.lemmatize(word, lang=language)).lower()


@lru_cache(maxsize=65536)
def is_known(word: str, language: str) -> bool:
    """True when simplemma's dictionary knows `word` (used to accept "u-" + a real adjective)."""
    return bool(simplemma.is_known(word, lang=language))


@dataclass
class Token:
    """One word, number or punctuation mark with its place in the text."""

    text: str
    start: int
    end: int
    norm: str
    lemma: str
    index: int = 0
    sentence: int = 0
    clause: int = 0
    quoted: bool = False
    punct: bool = False
    sentence_start: bool = False

    @property
    def keys(self) -> tuple[str, str]:
        """Forms a lexicon word may match: the lower-cased text and the lemma."""
        return self.norm, self.lemma


def _split_contraction(word: str) -> list[tuple[str, int, int]]:
    """Split an English contraction into (form, start, end) parts relative to the word."""
    low = word.lower().replace("’", "'")
    if low in _IRREGULAR_NOT:
        return [(_IRREGULAR_NOT[low], 0, len(word) - 3), ("not", len(word) - 3, len(word))]
    if low.endswith("n't"):
        return [(low[:-3], 0, len(word) - 3), ("not", len(word) - 3, len(word))]
    cut = low.rfind("'")
    suffix = low[cut:]
    if cut > 0 and suffix in _CONTRACTIONS:
        return [(low[:cut], 0, cut), (_CONTRACTIONS[suffix], cut, len(word))]
    return [(low, 0, len(word))]


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; quoted words are someone else's, not feedback.

    Linear in the text: the closing marks' positions are listed once and each opener looks its
    closer up by bisection, instead of searching the rest of the text per opener (quadratic on
    text full of unclosed "«" or apostrophes).
    """
    closers: dict[str, list[int]] = {}
    for ch in set(_QUOTE_PAIRS.values()) | {"'"}:
        positions = [m.start() for m in re.finditer(re.escape(ch), text)]
        if ch == "'":  # an apostrophe inside a word ("don't") closes nothing
            positions = [j for j in positions if j + 1 >= len(text) or not text[j + 1].isalpha()]
        closers[ch] = positions
    ranges: list[tuple[int, int]] = []
    i = 0
    # Jump between possible openers instead of stepping over every character.
    while (opener := _QUOTE_OPENERS.search(text, i)) is not None:
        i = opener.start()
        ch = text[i]
        close = _QUOTE_PAIRS.get(ch)
        # A straight single quote opens a quote only after a space or colon (else: apostrophe).
        if ch == "'" and (i == 0 or text[i - 1] in " :(\n"):
            close = "'"
        if close:
            positions = closers[close]
            n = bisect.bisect_right(positions, i)
            if n < len(positions):
                j = positions[n]
                ranges.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return ranges


def tokenize(text: str, language: str) -> list[Token]:
    """Split `text` into tokens with spans, lemmas, sentence and clause numbers."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        surface = m.group()
        if m.lastgroup == "word" and language == "en" and ("'" in surface or "’" in surface):
            for form, a, b in _split_contraction(surface):
                tokens.append(Token(surface[a:b], m.start() + a, m.start() + b, form,
                                    lemma(form, language)))
            continue
        low = surface.lower()
        # Lower case only: "R" or "U" is a letter or a name ("the R script", "U2").
        if m.lastgroup == "word" and language == "en" and low in _CHAT and surface.islower():
            for a, b, form in _CHAT[low]:
                tokens.append(Token(surface[a:b], m.start() + a, m.start() + b, form,
                                    lemma(form, language)))
            continue
        if m.lastgroup == "word":
            # Hyphenated compounds take the lemma of their last part ("kickoff-mødet" -> møde).
            head = low.rsplit("-", 1)[-1]
            lem = lemma(low, language) if head == low else lemma(head, language)
            tokens.append(Token(surface, m.start(), m.end(), low, lem))
        else:
            tokens.append(Token(surface, m.start(), m.end(), low, low,
                                punct=m.lastgroup == "punct"))
    _annotate(text, tokens)
    return tokens


def _annotate(text: str, tokens: list[Token]) -> None:
    quotes = _quoted_ranges(text)  # sorted and disjoint: one pointer walks them with the tokens
    q = 0
    sentence = clause = 0
    starting = True
    for i, tok in enumerate(tokens):
        tok.index = i
        while q < len(quotes) and quotes[q][1] <= tok.start:
            q += 1
        tok.quoted = q < len(quotes) and quotes[q][0] < tok.start < quotes[q][1]
        tok.sentence, tok.clause = sentence, clause
        if not tok.punct:
            tok.sentence_start = starting
            starting = False
            continue
        if tok.norm in _SENTENCE_END and not tok.quoted and not _is_abbreviation(tokens, i):
            sentence += 1
            clause += 1
            starting = True
        elif tok.norm in _CLAUSE_BREAK:
            clause += 1


def _is_abbreviation(tokens: Sequence[Token], i: int) -> bool:
    if tokens[i].norm != "." or i == 0:
        return False
    prev = tokens[i - 1]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if prev.norm in _ABBREVIATIONS and len(prev.norm) <= 3:
        return True
    # "den 12. april", "12. marts": an ordinal, when a lower-case word follows.
    return prev.text.isdigit() and nxt is not None and nxt.text[:1].islower()
