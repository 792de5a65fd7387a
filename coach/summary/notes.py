"""Notes as people type them, cut into lines, sentences and labels, every piece an offset span.

Nothing here changes the text: each piece is a `(start, end)` pair into the notes exactly as
sent, so whatever the summary says about a piece can point back at it. Bullets ("-", "•",
"1.", "a)", "[ ]", "→"), Markdown ("#", "**"), labels ("Mål:", "TODO AV:", "MH —") and
table cells ("What | Who | When") are recognised and stepped over, never removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from coach.goals.lexicon import smart_lexicon
from coach.summary.lexicon import NotesLexicon
from coach.tokens import tokenize

# A bullet or numbering at the start of a line, then at least one space (or a checkbox); "15.
# september" is a date, not item 15 (`_bullet` builds it with the month names).
_BULLET_FORMS = (r"(?:[-*•·▪◦‣–—+>]|→|->|=>|\d{{1,2}}[.)](?!\s*(?:{months})\b)|[a-hA-H][.)]"
                 r"|\([a-h0-9]\))(?=\s)\s+|\[[ xX✓]?\]\s*|[☐☑✓✔]\s*")
_HEADING_HASH = re.compile(r"#{1,6}\s+")
_BOLD = re.compile(r"(\*\*|__)(?P<inner>[^*_\n]+?)\1")
# A label: a short prefix ending in ":" (not a clock time "10:00" or "1:1"), "|", or a dash or
# arrow with spaces around it. Colons inside the label ("Next 1:1 …:") are allowed.
_LABEL = re.compile(
    r"\s*(?:\*\*|__)?(?P<label>(?:[^:|\n*(),;.]|:(?!\s|$)|\.(?!\s)){1,60}?)(?:\*\*|__)?\s*"
    r"(?P<sep>:(?=\s|$)|\|(?!\|)|\s[-–—](?=\s)|->|→|=>)\s*")
_CLOCK_OR_RATIO = re.compile(r"\d[:.]\d")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?]\s+\S")
MAX_LABEL_WORDS = 4
MAX_KIND_LABEL_WORDS = 7
MAX_HEADING_WORDS = 6
MAX_SHORT_HEADING_WORDS = 3


@dataclass(frozen=True)
class Line:
    """One line of the notes.

    Attributes:
        number: Position among the lines (0-based).
        start: Offset of the line's first character.
        end: Offset just after its last character (the newline not included).
        body: Offset after indentation and bullet (where the text proper starts).
        stop: Offset after the last non-space character.
        bullet: The bullet or number the line starts with, if any.
    """

    number: int
    start: int
    end: int
    body: int
    stop: int
    bullet: str | None

    @property
    def empty(self) -> bool:
        """True for a line with nothing but spaces."""
        return self.body >= self.stop


@dataclass(frozen=True)
class Label:
    """A prefix such as "Mål:", "TODO AV:", "Check-in |" and what it says."""

    text: str
    start: int
    end: int  # where the text after the label (and its separator) starts
    kind: str | None  # "goals", "actions", "follow_up", a topic slug, or None
    separator: str


@cache
def _bullet() -> re.Pattern[str]:
    data = smart_lexicon().data
    months = sorted({*data["months"], *data["month_abbreviations"]}, key=len, reverse=True)
    return re.compile(_BULLET_FORMS.format(months="|".join(re.escape(m) for m in months)),
                      re.IGNORECASE)


def split_lines(notes: str) -> list[Line]:
    """Every line with its offsets and bullet ("\\r\\n" and "\\r" count as line ends)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", notes):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(notes)))
    lines: list[Line] = []
    for number, (start, end) in enumerate(spans):
        raw = notes[start:end]
        body = start + len(raw) - len(raw.lstrip())
        stop = start + len(raw.rstrip())
        bullet = None
        hit = _bullet().match(notes, body, stop)
        if hit:
            bullet = hit.group().strip()
            body = hit.end()
        lines.append(Line(number, start, end, body, max(body, stop), bullet))
    return lines


def strip_markup(notes: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading "#"s and without "**…**" wrapped around all of it."""
    hashes = _HEADING_HASH.match(notes, start, end)
    if hashes:
        start = hashes.end()
    bold = _BOLD.fullmatch(notes, start, end)
    if bold:
        start, end = bold.start("inner"), bold.end("inner")
    return start, end


def words(text: str) -> list[str]:
    """The words of `text` (letters and digits, with inner hyphens, dots and apostrophes)."""
    return _WORD.findall(text)


def is_heading(notes: str, line: Line, lex: NotesLexicon) -> str | None:
    """The heading's text when `line` is one ("## Aftaler", "**Agreed**", "Mål", "Goals
    2027", "What | Who | When"), else None."""
    start, end = strip_markup(notes, line.body, line.stop)
    text = notes[start:end].strip()
    if not text:
        return None
    hashed = bool(_HEADING_HASH.match(notes, line.body, line.stop))
    bolded = bool(_BOLD.fullmatch(notes, line.body, line.stop))
    if table_header(text, lex) is not None:
        return text
    colon = text.endswith(":")
    text = text.rstrip(":").strip()
    if re.search(r":\s+\S", text):
        return None  # "Opfølgning: uge 26" is a label with its content
    n = len(words(text))
    if not n:
        return None
    if hashed or bolded:
        return text if n <= 2 * MAX_HEADING_WORDS else None
    if colon and n <= MAX_HEADING_WORDS and ":" not in text.replace("1:1", ""):
        return text
    # Without a colon or markup only a whole label phrase ("Aftalte mål", "Goals 2027"), or a
    # short line led by one ("Arbejdsopgaver og trivsel"): "Next meeting in a month" is a line.
    if re.search(r"[.!?]$", text):
        return None
    numbered = bool(line.bullet and line.bullet[0].isdigit())  # "3. Mål for det kommende år"
    short = MAX_HEADING_WORDS - 1 if numbered else MAX_SHORT_HEADING_WORDS
    if lex.is_label_phrase(text) or (n <= short and lex.label(text) is not None
                                     and not _DIGIT.search(text)):
        return text
    return None


def table_header(text: str, lex: NotesLexicon) -> str | None:
    """"actions" for a to-do table's header row ("What | Who | When"), "" for another
    header row ("Topic | Notes"), None when `text` is not a header row."""
    cells = [c.strip(" *").lower() for c in text.strip().strip("|").split("|")]
    if len(cells) < 2 or not all(c in lex.table_words for c in cells):
        return None
    return "actions" if any(c in lex.table_owners for c in cells) else ""


def labels(notes: str, start: int, end: int, lex: NotesLexicon,
           is_owner: Callable[[str], bool]) -> tuple[list[Label], int]:
    """The labels at the start of `notes[start:end]` and where the text after them begins.

    A dash or arrow ends a label only when the label names a person ("MH —", "TL ->"); a
    colon or "|" ends one when it is short (a topic, a kind, a person, or at most four words).
    """
    found: list[Label] = []
    pos = start
    for _ in range(3):
        m = _LABEL.match(notes, pos, end)
        if m is None or m.end() >= end:
            break
        text = m.group("label").strip()
        sep = m.group("sep").strip()
        if not text or _CLOCK_OR_RATIO.search(notes[m.start("sep") - 1:m.end("sep") + 1]):
            break
        owner = is_owner(text)
        kind = lex.label(text)
        count = len(words(text))
        if sep in (":", "|"):
            limit = MAX_KIND_LABEL_WORDS if kind else MAX_LABEL_WORDS
            if not (owner or kind or count <= limit) or count > limit:
                break
        elif not (owner or (kind is not None and lex.is_label_phrase(text)
                            and sep in ("-", "–", "—"))):
            break  # "wellbeing - PK feels …": a whole label phrase before a dash is a label
        found.append(Label(text, m.start("label"), m.end(), kind, sep))
        pos = m.end()
    return found, pos


_FIELD_LABEL = re.compile(r"\s*(?:ansvarlig|ansvar|frist|deadline|due|owner|who|when|hvem|"
                          r"hvornår|status|responsible)\b", re.IGNORECASE)


def sentences(notes: str, start: int, end: int, language: str,
              abbreviations: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    """The sentences of `notes[start:end]` as spans (coach.tokens decides where one ends).

    A sentence that only adds a field ("Ansvarlig: Camilla.", "Frist: 1. maj.") stays with the
    one before it, so a to-do keeps its owner and date; so does the text after one of the
    `abbreviations` ("m. Peter", "e.g. The Leeds one").
    """
    if not _SENTENCE_END.search(notes, start, end):
        yield start, end  # one sentence: no need to tokenize
        return
    tokens = tokenize(notes[start:end], language)
    spans: list[list[int]] = []
    current = -1
    for tok in tokens:
        if tok.sentence != current:
            current = tok.sentence
            spans.append([start + tok.start, start + tok.end])
        else:
            spans[-1][1] = start + tok.end
    merged: list[list[int]] = []
    for span in spans:
        # A field ("Frist: 1. maj.") or a piece that cannot start a sentence ("d. 12/5",
        # "ca. 8 timer") stays with what came before.
        if merged and (_FIELD_LABEL.match(notes, span[0], span[1])
                       or not notes[span[0]].isupper()
                       or _last_word(notes, *merged[-1]) in abbreviations
                       or _INITIAL_END.search(notes, merged[-1][0], merged[-1][1])):
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    yield from ((a, b) for a, b in merged)


# "Manager: L. Hughes": a capital letter and a full stop is an initial, no sentence end
_INITIAL_END = re.compile(r"(?<![\w.])[A-ZÆØÅ]\.\s*$")


def _last_word(notes: str, start: int, end: int) -> str:
    piece = notes[max(start, end - 12):end].rstrip()
    return piece.rsplit(None, 1)[-1].lstrip("(").lower() if piece.strip() else ""


def trim(notes: str, start: int, end: int, chars: str = " \t,;–—-") -> tuple[int, int]:
    """The span without leading and trailing spaces and separators."""
    while start < end and notes[start] in chars:
        start += 1
    while end > start and notes[end - 1] in chars:
        end -= 1
    return start, end
