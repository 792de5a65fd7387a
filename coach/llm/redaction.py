"""Replace personal data with stable placeholders before text leaves for a model, and restore it.

Why patterns and not presidio: presidio's recognisers need spaCy language models, which a
self-hosted install cannot download, and its Danish coverage is thin anyway. What must never
leave is narrow and well-formed: CPR numbers (a checkable date + serial), e-mail addresses,
phone numbers (detected by Google's `phonenumbers`, plus Danish 8-digit groupings it deems
unallocated) and the names the caller passes in. Free-text name detection is the caller's job
(the API's `names` field), because guessing names in Danish text is unreliable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import phonenumbers

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# DDMMYY-XXXX or DDMMYYXXXX, not glued to other digits (a longer number is not a CPR number).
_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[-‐–]?(\d{4})(?![\d-])")
# Danish subscriber numbers as people write them: 12345678, 12 34 56 78, 1234 5678, optionally
# with +45 / 0045. `phonenumbers` covers allocated ranges; this also catches the rest.
_DK_PHONE = re.compile(
    r"(?<![\w.,/:+-])(?:(?:\+|00)45[ -]?)?"
    r"(?:\d{8}|\d{2}(?:[ -]\d{2}){3}|\d{4}[ -]\d{4})"
    r"(?![\w.,/:-]?\d)"
)
# Dates written with separators look like phone numbers to `phonenumbers` ("2024-06-30").
_DATE_LIKE = re.compile(
    r"^\s*(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})\s*$"
)
_PLACEHOLDER = re.compile(r"\[?\b(PERSON|CPR|EMAIL|PHONE)_(\d+)\b\]?")


def _cpr_century(yy: int, serial_first: int) -> int:
    """Century from the CPR rules (the first serial digit and the two-digit year)."""
    if serial_first <= 3:
        return 1900
    if serial_first in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def is_cpr(day: int, month: int, yy: int, serial: str) -> bool:
    """True when the six digits form a real date under the CPR century rules."""
    try:
        date(_cpr_century(yy, int(serial[0])) + yy, month, day)
    except ValueError:
        return False
    return True


def _is_date_like(candidate: str) -> bool:
    return bool(_DATE_LIKE.match(candidate))


class Redactor:
    """Replaces CPR numbers, e-mails, phone numbers and given names with placeholders.

    One redactor per request: placeholders are stable within it ("Anne" is always [PERSON_1]), and
    `restore` puts the originals back into the model's answer.

    Args:
        names: Person names to hide, e.g. the employee's and manager's names. Multi-word names are
            also hidden part by part, so a lone first name does not slip through.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        variants: set[str] = set()
        for name in names:
            name = " ".join(name.split())
            if not name:
                continue
            variants.add(name)
            variants.update(part for part in name.split(" ") if len(part) >= 2)
        self._names = sorted(variants, key=len, reverse=True)
        self._name_pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in self._names) + r")"
                r"(?=(?:['’]?s)?(?!\w))",  # also "Annes" / "Anne's" (genitive)
                re.IGNORECASE,
            )
            if self._names
            else None
        )

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → original value for everything redacted so far."""
        return dict(self._by_placeholder)

    def _placeholder(self, kind: str, value: str) -> str:
        key = (kind, value.casefold() if kind in ("PERSON", "EMAIL") else value)
        if key not in self._by_value:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counters[kind]}]"
            self._by_value[key] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[key]

    def _cpr(self, m: re.Match[str]) -> str:
        day, month, yy, serial = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
        if not is_cpr(day, month, yy, serial):
            return m.group()
        return self._placeholder("CPR", m.group())

    def _phones(self, text: str) -> str:
        spans: list[tuple[int, int]] = []
        matcher = phonenumbers.PhoneNumberMatcher(text, "DK", leniency=phonenumbers.Leniency.VALID)
        for match in matcher:
            if not _is_date_like(match.raw_string):
                spans.append((match.start, match.end))
        for m in _DK_PHONE.finditer(text):
            if not any(s <= m.start() < e or s < m.end() <= e for s, e in spans):
                spans.append((m.start(), m.end()))
        spans.sort()
        # Number placeholders in reading order, then substitute from the end to keep offsets.
        placeholders = [self._placeholder("PHONE", text[s:e]) for s, e in spans]
        for (start, end), placeholder in reversed(list(zip(spans, placeholders, strict=True))):
            text = text[:start] + placeholder + text[end:]
        return text

    def redact(self, text: str) -> str:
        """Return `text` with personal data replaced by placeholders."""
        text = _EMAIL.sub(lambda m: self._placeholder("EMAIL", m.group()), text)
        text = _CPR.sub(self._cpr, text)
        text = self._phones(text)
        if self._name_pattern is not None:
            text = self._name_pattern.sub(lambda m: self._placeholder("PERSON", m.group(1)), text)
        return text

    def restore(self, text: str) -> str:
        """Put the original values back in place of the placeholders this redactor issued."""

        def back(m: re.Match[str]) -> str:
            return self._by_placeholder.get(f"[{m.group(1)}_{m.group(2)}]", m.group())

        return _PLACEHOLDER.sub(back, text)
