"""Replace personal data with stable placeholders before text leaves for a model, and restore it.

What is hidden: CPR numbers, e-mail addresses, phone numbers, IBANs and Danish account numbers,
the names the caller passes, and first names found in the text (with the surnames that follow
them). Real text writes these in many ways, so every detector runs on a *folded view* of the
text: NFKC/NFKD compatibility forms (full-width digits), soft hyphens, zero-width and bidi
characters removed, accents dropped (é → e, ø → o, æ → ae), apostrophes and dashes unified.
Each view character remembers where it came from, so a match maps back to the exact original
span, invisible characters included; only that span is replaced.

- CPR: DDMMYY + 4 digits with a hyphen, space, dot or nothing between, dotted dates
  (01.02.03-1234), after "CPR-" or before a trailing hyphen. The date must be real (python-stdnum's
  Danish CPR rules for the century); the mod-11 check is not required, as numbers issued since
  2007 do not meet it.
- Phones: Google's `phonenumbers` (valid numbers, Danish default) plus the Danish 8-digit
  groupings people write (8 digits, 2-2-2-2, 4-4, 4-2-2, 2-2-4, 3-2-3, with spaces, dots or
  hyphens, optionally +45/0045), also glued to "tlf."/"tlf:"; date-shaped matches are skipped.
- E-mails: any local part (apostrophes, percent, plus), intranet addresses without a TLD, and
  obfuscations: "anne (at) firma dot dk", "anne [at] firma.dk", "anne @ firma.dk",
  "anne at firma.dk", "anne (a) firma.dk", "anne[@]firma.dk".
- IBANs (any country, spaced or not) and Danish account numbers (reg. no. + account).
- Names passed by the caller: also inside compounds ("Mettegruppen"), with genitive and
  plural-like endings, however they are written (see the folded view). Multi-word names are
  hidden part by part too.
- Names not passed: a title-case word that is a first name in Danish, Nordic or English use
  (gender-guesser's name dictionary, which ships with the package: no download) and is not a
  month, weekday or other common capitalised word; at the start of a sentence only when it is
  not also a common word the text uses in lower case. Title-case words right after it are taken
  as its surname. On by default; `COACH_REDACT_DETECTED_NAMES=false` turns it off.

Why patterns and not presidio: presidio's recognisers need spaCy language models, which a
self-hosted install cannot download, and its Danish coverage is thin anyway.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from coach.paths import DATA_DIR

KINDS = ("PERSON", "CPR", "EMAIL", "PHONE", "IBAN", "ACCOUNT")
PLACEHOLDER_PATTERN = re.compile(r"\[(" + "|".join(KINDS) + r")_(\d+)\]")
_LOOSE_PLACEHOLDER = re.compile(r"\[?\b(" + "|".join(KINDS) + r")_(\d+)\b\]?")

# -- the folded view ------------------------------------------------------------------------------

# Removed from the view: soft hyphen, zero-width (space, joiners, word joiner, BOM), Mongolian
# vowel separator and the bidi controls; none of them shows, so none may split a match.
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                       "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_APOSTROPHES = frozenset("'’‘ʼʹ`´′")
_DASHES = frozenset("‐‑‒–—―−")
# Letters NFKD leaves whole, folded the way Danes write them without the key.
_LETTERS = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
            "ß": "ss", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "Oe"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch.isascii():
        return ch
    if ch.isspace():
        return " " if ch not in "\n\u2028\u2029" else "\n"
    out = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(_LETTERS.get(c, c) for c in out)


@dataclass(frozen=True)
class Folded:
    """The folded view of a text and, per view character, the original index it came from."""

    text: str
    origin: tuple[int, ...]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind view characters [start, end)."""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        return first, last


def fold(text: str) -> Folded:
    """The folded view of `text` (module docstring); linear in the text."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        origin.extend([i] * len(folded))
    return Folded("".join(out), tuple(origin), text)


def fold_name(name: str) -> str:
    """A name as the view writes it, lower case (for comparing names with each other)."""
    return " ".join(fold(name).text.split()).casefold()


# -- detectors on the view -------------------------------------------------------------------------

# Apostrophes and percent allowed. The look-behind holds every character the run may hold, so
# a run is scanned once from its start, not once from each of its characters (linear, not
# quadratic, on "????…" or "a'a'a'…").
_LOCAL = r"(?<![\w.+%'!#$&*/=?^{|}~-])[\w.+%'!#$&*/=?^{|}~-]*\w"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|punktum|prik)\s*[)\]}>]\s*|\s+(?:dot|punktum)\s+)"
_LABEL = r"\w[\w-]*"
_EMAIL = re.compile(  # a plain @: an intranet address needs no dot ("anne@intranet")
    _LOCAL + r"@" + _LABEL + r"(?:" + _DOT + _LABEL + r")*", re.IGNORECASE)
_SPACED_EMAIL = re.compile(  # "anne @ firma.dk", "anne (at) firma dot dk": a dot is needed
    _LOCAL + r"(?:\s+@\s*|\s*@\s+|\s*[(\[{<]\s*(?:at|a|@|snabel-?a)\s*[)\]}>]\s*)"
    + _LABEL + r"(?:" + _DOT + _LABEL + r")+", re.IGNORECASE)
_WORDY_EMAIL = re.compile(  # "anne at firma dot dk", "anne at firma.dk": a dot is needed
    r"(?<![\w.+%'-])\w[\w.+%'-]*\s+(?:at|snabel-?a)\s+\w[\w-]*"
    r"(?:(?:\s+(?:dot|punktum)\s+\w[\w-]*)+|(?:\.[^\W\d_]{2,})+(?![\w-]))",
    re.IGNORECASE,
)
# DDMMYY then 4 digits: a hyphen, space, dot or nothing between; dotted dates (01.02.03-1234);
# "CPR-0102031234" and a trailing hyphen too (only digits may not touch it).
_CPR = re.compile(
    r"(?<!\d)(\d{2})([.\s/-]?)(\d{2})\2(\d{2})\s?[-.\s]?\s?(\d{4})(?!\d)"
)
_PHONE_PREFIX = r"(?:(?:\+|00)\s?45[\s.-]?)?"
_PHONE_GROUPS = (r"\d{8}", r"\d{2}(?:[\s.-]\d{2}){3}", r"\d{4}[\s.-]\d{4}",
                 r"\d{4}[\s.-]\d{2}[\s.-]\d{2}", r"\d{2}[\s.-]\d{2}[\s.-]\d{4}",
                 r"\d{3}[\s.-]\d{2}[\s.-]\d{3}")
_DK_PHONE = re.compile(
    r"(?<![\d+])" + _PHONE_PREFIX + "(?:" + "|".join(_PHONE_GROUPS) + r")(?![\d]|[.,]\d)"
)
# Dates written with separators look like phone numbers ("2024-06-30", "12.03.2024").
_DATE_LIKE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:19|20)?\d{2})\s*$"
)
# Shapes of eight digits that are no phone numbers: year ranges, time ranges.
_NOT_PHONE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2}"
    r"|(?:[01]?\d|2[0-4])[.:][0-5]\d\s*-\s*(?:[01]?\d|2[0-4])[.:][0-5]\d)\s*$")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}"
                   r"(?:[ -]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])")
# Danish account: 4-digit reg. no. and a 6-10 digit account, or after "reg.nr."/"konto".
_ACCOUNT = re.compile(  # not "0045 12345678": the country code and a phone number
    r"(?<!\d)(?!00\s?45[ -]\d{8}(?!\d))\d{4}[ -]\d{6,10}(?!\d)"
    r"|reg(?:\.|istrerings)?\s*-?\s*(?:nr|nummer)\.?\s*:?\s*\d{4}(?!\d)"
    r"(?:\s*,?\s*(?:og\s+)?konto(?:nr|nummer)?\.?\s*:?\s*\d{6,10}(?!\d))?"
    r"|konto(?:nr|nummer)?\.?\s*:?\s*(?:\d{4}[ -]?)?\d{6,10}(?!\d)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Endings a name takes in running text (genitive, plural-like) besides compounds.
_NAME_ENDINGS = frozenset({"s", "es", "er", "erne", "ne", "rne", "en", "ens", "ers", "ernes"})
_HONORIFICS = frozenset({"hr", "fru", "frk", "mr", "mrs", "ms", "miss", "dr", "prof"})
# A sentence starts at the text start, after . ! ? : ; a line break, a bullet or an opening
# quote/bracket; there a capitalised word says nothing about being a name.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•\n]|^\s*[-*]|\d\.)[\s\"'“”„«(\[*_-]*$")


def _is_cpr(day: str, month: str, yy: str, serial: str) -> bool:
    try:
        stdnum_cpr.get_birth_date(day + month + yy + serial)
    except ValidationError:
        return False
    return True


def is_cpr(day: int, month: int, yy: int, serial: str) -> bool:
    """True when the six digits form a real date under the CPR century rules (no mod-11)."""
    return _is_cpr(f"{day:02d}", f"{month:02d}", f"{yy:02d}", serial)


# -- first names that ship offline ----------------------------------------------------------------

# gender-guesser's nam_dict.txt (GFDL; read from the installed package, never copied here):
# per name, one hexadecimal frequency (1 rare .. D very common) per country column.
_COUNTRY_COLUMNS = {"great_britain": 0, "ireland": 1, "usa": 2, "iceland": 15, "denmark": 16,
                    "norway": 17, "sweden": 18, "finland": 19}
# Names this common anywhere else count too: Danish workplaces are not only Nordic or English.
_COMMON_DIGITS = frozenset("456789ABCD")  # frequency 4 or more


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded, lower-case first names in Danish, Nordic or English use (or common elsewhere)."""
    import gender_guesser

    path = Path(gender_guesser.__file__).with_name("data") / "nam_dict.txt"
    names: set[str] = set()
    with codecs.open(str(path), encoding="utf-8") as fh:
        for line in fh:
            if line[:1] in "#=" or len(line) < 31:
                continue
            name = line[3:29].strip()
            if len(name) < 2 or "+" in name or " " in name:
                continue
            values = line[30:-1]
            own = any(i < len(values) and values[i] != " " for i in _COUNTRY_COLUMNS.values())
            if own or any(c in _COMMON_DIGITS for c in values):
                names.add(fold_name(name))
    return frozenset(names)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Capitalised words that are no names (months, weekdays, common words, function words)."""
    import bm25s

    from coach.llm.checks import grounding_lexicon

    words = {fold_name(w) for w in grounding_lexicon().common}
    for pattern, _key, _also in grounding_lexicon().time_phrases:
        phrase = pattern.pattern.replace("(?<!\\w)", "").replace("(?!\\w)", "").replace("\\", "")
        if " " not in phrase:
            words.add(fold_name(phrase))
    return frozenset(words | _function_words(bm25s) | _CALENDAR)


# Months and weekdays are capitalised in English and look like names ("May", "June").
_CALENDAR = frozenset("""
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday januar februar marts maj juni juli oktober
mandag tirsdag onsdag torsdag fredag lordag sondag
""".split())  # noqa: SIM905 (a word list reads better as words)
# First names that are also everyday words: only a name when capitalised inside a sentence.
_WORDS_TOO = frozenset("""
per bo tage line else ask sol lis mark will rose grace hope faith joy dawn bill pat sue don
art ray guy dean frank june april august amber ruby ivy holly lily daisy iris violet sky
storm river glen chase hunter mason miles max jack nick rob sam gay sune kim rask rune sten
steen finn bent carl dag eli
""".split())  # noqa: SIM905 (a word list reads better as words)


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """First names that are everyday words ("Tak fordi du kom"): names only inside a sentence.

    Derived from the Hunspell dictionaries by scripts/make_name_words.py.
    """
    path = DATA_DIR / "llm" / "name_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_first_name(word: str) -> bool:
    """Whether a lower-case word is a first name that is no everyday word ("mads", not
    "tak"): one that names someone even at the start of a sentence."""
    base = fold_name(word)
    return base in first_names() and base not in _WORDS_TOO and base not in _CALENDAR \
        and base not in _name_words()


def _function_words(bm25s: object) -> set[str]:
    stop = getattr(bm25s, "stopwords")  # noqa: B009 (bm25s' attribute is a module)
    return {fold_name(w) for w in (*stop.STOPWORDS_DANISH, *stop.STOPWORDS_EN)}


# -- what a request hid ---------------------------------------------------------------------------

_HIDDEN: ContextVar[set[str] | None] = ContextVar("coach_hidden_kinds", default=None)


@contextlib.contextmanager
def record_hidden() -> Iterator[set[str]]:
    """Collect the kinds of personal data hidden from a model while the block runs (one
    request; worker threads that copy the context add to the same set)."""
    kinds: set[str] = set()
    token = _HIDDEN.set(kinds)
    try:
        yield kinds
    finally:
        _HIDDEN.reset(token)


def note_hidden(kinds: Iterable[str]) -> None:
    """Add `kinds` to the set of the running `record_hidden` block, if any."""
    recorded = _HIDDEN.get()
    if recorded is not None:
        recorded.update(kinds)


def ordered_kinds(kinds: Iterable[str]) -> list[str]:
    """`kinds` in the fixed order of `KINDS` (lower case)."""
    given = set(kinds)
    return [k.lower() for k in KINDS if k.lower() in given]


# -- the redactor ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    fragment: bool = False  # a piece of a number hidden elsewhere: yields to every detector


_PRIORITY = {"EMAIL": 0, "IBAN": 1, "CPR": 2, "ACCOUNT": 3, "PHONE": 4, "PERSON": 5}
_NUMBERED = frozenset({"IBAN", "CPR", "ACCOUNT", "PHONE"})
_FRAGMENT_DIGITS = 4  # shorter runs (years, counts) are too common to be someone's number
_DIGIT_RUN = re.compile(r"\d(?:[\d .-]*\d)?")


class Redactor:
    """Replaces personal data with placeholders ("[PERSON_1]", "[CPR_1]", ...) and restores it.

    One redactor per request: placeholders are stable within it ("Anne" is always [PERSON_1]),
    and `restore` puts the originals back into the model's answer.

    Args:
        names: Person names to hide, e.g. the employee's and manager's names. Multi-word names are
            also hidden part by part, so a lone first name does not slip through.
        detect_names: Also hide first names found in the text (module docstring).
    """

    def __init__(self, names: Iterable[str] = (), *, detect_names: bool = True) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        self.detect_names = detect_names
        self._names: set[str] = set()
        for name in names:
            self._add_name(name)
        self._name_pattern: re.Pattern[str] | None = None
        self._glued_pattern: re.Pattern[str] = re.compile("(?!)")
        self._pattern_for: frozenset[str] = frozenset()

    def _add_name(self, name: str) -> None:
        folded = " ".join(fold(name).text.split())
        if not folded:
            return
        self._names.add(folded.casefold())
        self._names.update(p.casefold() for p in re.split(r"[\s-]+", folded) if len(p) >= 2)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → original value for everything redacted so far."""
        return dict(self._by_placeholder)

    @property
    def kinds(self) -> list[str]:
        """The kinds hidden so far, lower case, in a fixed order ("person", "cpr", ...)."""
        return [k.lower() for k in KINDS if k in self._counters]

    def _placeholder(self, kind: str, value: str) -> str:
        folded = fold_name(value)
        key_value = folded.replace(" ", "") if kind == "PERSON" else (
            folded if kind == "EMAIL" else re.sub(r"\W", "", folded))
        key = (kind, key_value)
        if key not in self._by_value:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counters[kind]}]"
            self._by_value[key] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[key]

    # detectors, each on the view, returning original spans

    def _fragments(self, text: str) -> list[_Span]:
        """Runs of 4+ digits that are part of a number already hidden from another text.

        A feature may send a fact list cut from the text ("5000400440116243" out of an IBAN);
        alone no detector knows it, so it is hidden as the kind of the number it came from.
        """
        hidden = [(kind, digits) for (kind, digits) in self._by_value
                  if kind in _NUMBERED and len(digits) >= _FRAGMENT_DIGITS]
        if not hidden:
            return []
        spans = []
        for m in _DIGIT_RUN.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) < _FRAGMENT_DIGITS:
                continue
            kind = next((k for k, whole in hidden if digits in re.sub(r"\D", "", whole)), None)
            if kind is not None:
                spans.append(_Span(m.start(), m.end(), kind, fragment=True))
        return spans

    def _emails(self, view: Folded) -> list[_Span]:
        return [_Span(*view.span(m.start(), m.end()), "EMAIL")
                for pattern in (_EMAIL, _SPACED_EMAIL, _WORDY_EMAIL)
                for m in pattern.finditer(view.text)]

    def _cprs(self, view: Folded) -> list[_Span]:
        return [_Span(*view.span(m.start(), m.end()), "CPR") for m in _CPR.finditer(view.text)
                if _is_cpr(m.group(1), m.group(3), m.group(4), m.group(5))]

    def _ibans(self, view: Folded) -> list[_Span]:
        out = []
        for m in _IBAN.finditer(view.text):
            if sum(c.isdigit() for c in m.group()) >= 10:
                out.append(_Span(*view.span(m.start(), m.end()), "IBAN"))
        return out

    def _accounts(self, view: Folded) -> list[_Span]:
        return [_Span(*view.span(m.start(), m.end()), "ACCOUNT")
                for m in _ACCOUNT.finditer(view.text)
                if sum(c.isdigit() for c in m.group()) >= 8]

    def _phones(self, view: Folded) -> list[_Span]:
        out = []
        for match in phonenumbers.PhoneNumberMatcher(view.text, "DK",
                                                     leniency=phonenumbers.Leniency.VALID):
            if not _DATE_LIKE.match(match.raw_string) and not _NOT_PHONE.match(match.raw_string):
                out.append(_Span(*view.span(match.start, match.end), "PHONE"))
        for m in _DK_PHONE.finditer(view.text):
            if not _DATE_LIKE.match(m.group()) and not _NOT_PHONE.match(m.group()):
                out.append(_Span(*view.span(m.start(), m.end()), "PHONE"))
        return out

    def _passed_names(self, view: Folded) -> list[_Span]:
        if not self._names:
            return []
        if self._name_pattern is None or self._pattern_for != frozenset(self._names):
            ordered = "|".join(re.escape(n) for n in sorted(self._names, key=len, reverse=True))
            self._name_pattern = re.compile(r"(?<![^\W\d_])(" + ordered + r")(?=([^\W\d_]*))",
                                            re.IGNORECASE)
            self._glued_pattern = re.compile(r"(" + ordered + r")(?=([^\W\d_]*))", re.IGNORECASE)
            self._pattern_for = frozenset(self._names)
        out = []
        for m in self._name_pattern.finditer(view.text):
            tail = m.group(2)
            end = m.end(1)
            # Two names glued by an invisible character ("Anne\u00adJensen"): one span.
            while tail and (glued := self._glued_pattern.match(view.text, end)) is not None:
                end, tail = glued.end(1), glued.group(2)
            if end != m.end(1) and not tail:
                out.append(_Span(*view.span(m.start(1), end), "PERSON"))
                continue
            if tail:
                # A longer word: a name with an ending ("Mettes", "Metterne") or, when written
                # with a capital, a compound ("Mettegruppen"); never a lower-case word that
                # merely starts like one ("personale" for Per).
                capital = view.text[m.start()].isupper()
                if tail.casefold() not in _NAME_ENDINGS and not (capital and len(m.group(1)) >= 3):
                    continue
            out.append(_Span(*view.span(m.start(1), m.end(1)), "PERSON"))
        return out

    def _detected_names(self, view: Folded) -> list[_Span]:
        names = first_names()
        stop = _not_names()
        text = view.text
        lower_words = {w.casefold() for w in _WORD.findall(text) if w[:1].islower()}
        words = list(_WORD.finditer(text))
        out: list[_Span] = []
        i = 0
        while i < len(words):
            m = words[i]
            word = m.group()
            key = word.casefold()
            start_of_sentence = bool(_SENTENCE_START.search(text[max(0, m.start() - 40):m.start()]))
            titled = word[0].isupper() and not word.isupper() and len(word) >= 2
            honorific = (i > 0 and words[i - 1].group().casefold() in _HONORIFICS
                         and text[words[i - 1].end():m.start()].strip() in (".", ""))
            base = key[:-2] if key.endswith("'s") else key
            is_name = titled and (base in names or honorific) and base not in stop
            if titled and not is_name and len(base) >= 8:
                # A compound on a first name ("Mettegruppen"): only the name part is hidden.
                cut = next((n for n in range(len(base) - 4, 3, -1)
                            if base[:n] in names and base[:n] not in stop
                            and base[:n] not in _WORDS_TOO), 0)
                if cut and not (start_of_sentence and base in lower_words):
                    out.append(_Span(*view.span(m.start(), m.start() + cut), "PERSON"))
                    self._add_name(view.source[slice(*view.span(m.start(), m.start() + cut))])
                i += 1
                continue
            if is_name and start_of_sentence and not honorific and (
                    base in lower_words or base in _WORDS_TOO or base in _name_words()):
                is_name = False  # "Per uge ...", or "Line" in a text that also uses "line"
            if not is_name:
                i += 1
                continue
            end = m.end() - (2 if key.endswith("'s") else 0)
            j = i + 1
            # Title-case words right after a first name are its surname ("Mette Due Hansen").
            while j < len(words) and j - i <= 3 and not key.endswith("'s"):
                nxt = words[j]
                gap = text[words[j - 1].end():nxt.start()]
                w = nxt.group()
                if gap not in (" ", "-") or not w[0].isupper() or w.isupper() \
                        or w.casefold() in stop:
                    break
                end = nxt.end() - (2 if w.endswith("'s") else 0)
                j += 1
                if w.endswith("'s"):
                    break
            out.append(_Span(*view.span(m.start(), end), "PERSON"))
            self._add_name(view.source[view.span(m.start(), end)[0]:view.span(m.start(), end)[1]])
            i = j
        return out

    def redact(self, text: str, *, detect: bool = True) -> str:
        """Return `text` with personal data replaced by placeholders.

        Args:
            text: Any text bound for the model.
            detect: Also look for first names nobody passed (when the redactor does). Off for
                text the model wrote itself (complaints quoting its reply): names it invented
                are no one's data, and the names of the input are known by then anyway.
        """
        if not text:
            return text
        view = fold(text)
        spans = [*self._emails(view), *self._ibans(view), *self._cprs(view),
                 *self._accounts(view), *self._phones(view)]
        if self.detect_names and detect:
            spans += self._detected_names(view)
        spans += self._passed_names(view)
        spans += self._fragments(text)
        chosen: list[_Span] = []
        taken: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s.fragment, _PRIORITY[s.kind], -(s.end - s.start),
                                                 s.start)):
            if any(span.start < e and s < span.end for s, e in taken):
                continue
            chosen.append(span)
            taken.append((span.start, span.end))
        chosen.sort(key=lambda s: s.start)
        # Number placeholders in reading order, then substitute from the end to keep offsets.
        placeholders = [self._placeholder(s.kind, text[s.start:s.end]) for s in chosen]
        for span, placeholder in reversed(list(zip(chosen, placeholders, strict=True))):
            text = text[:span.start] + placeholder + text[span.end:]
        return text

    def restore(self, text: str) -> str:
        """Put the original values back in place of the placeholders this redactor issued."""

        def back(m: re.Match[str]) -> str:
            return self._by_placeholder.get(f"[{m.group(1)}_{m.group(2)}]", m.group())

        return _LOOSE_PLACEHOLDER.sub(back, text)

    def unknown_placeholders(self, text: str) -> list[str]:
        """Redaction placeholders in `text` this redactor never issued (a model invented them)."""
        return sorted({m.group() for m in PLACEHOLDER_PATTERN.finditer(text)
                       if m.group() not in self._by_placeholder})
