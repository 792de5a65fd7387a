"""Redaction: CPR, e-mail, phone numbers and given names become stable placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.llm.redaction import Redactor, is_cpr


@pytest.mark.parametrize("cpr", ["010190-1234", "0101901234", "290200-4321", "311299-0001"])
def test_cpr_numbers_are_redacted(cpr: str) -> None:
    r = Redactor()
    assert r.redact(f"CPR: {cpr}.") == "CPR: [CPR_1]."


@pytest.mark.parametrize("not_cpr", ["320190-1234", "011390-1234", "290201-1234", "12345678901"])
def test_invalid_dates_and_longer_numbers_are_not_cpr(not_cpr: str) -> None:
    assert "[CPR_" not in Redactor().redact(f"nr {not_cpr}")


def test_cpr_century_rules() -> None:
    assert is_cpr(29, 2, 0, "4000")  # serial 4, yy 00 -> 2000, a leap year
    assert not is_cpr(29, 2, 0, "0000")  # serial 0 -> 1900, not a leap year


def test_emails_are_redacted_before_names_inside_them() -> None:
    r = Redactor(["Anne Jensen"])
    assert r.redact("Skriv til anne.jensen@firma.dk") == "Skriv til [EMAIL_1]"


@pytest.mark.parametrize(
    "phone",
    ["12345678", "12 34 56 78", "2345 6789", "+45 87654321", "+4587654321", "0045 12 34 56 78",
     "+44 20 7946 0958", "+1 415-555-0132"],
)
def test_phone_numbers_are_redacted(phone: str) -> None:
    out = Redactor().redact(f"Ring på {phone} i dag.")
    assert out == "Ring på [PHONE_1] i dag.", out


@pytest.mark.parametrize(
    "text",
    ["Deadline 30.06.2027.", "15 procent færre fejl", "den 2024-06-30", "kl. 14.30", "1.250.000 kr",
     "3/4 af holdet", "i 2027 og 2028", "uge 26", "Q3 2026"],
)
def test_dates_and_ordinary_numbers_are_not_phones(text: str) -> None:
    assert Redactor().redact(text) == text


def test_names_parts_and_genitive_are_redacted_and_restored() -> None:
    r = Redactor(["Anne Jensen", "Bo"])
    text = "Anne Jensen sagde det. Annes rapport kom sent, og Jensen ved det. Bob er ikke Bo."
    out = r.redact(text)
    assert "Anne" not in out and "Jensen" not in out and " Bo." not in out
    assert "Bob" in out  # a name inside a longer word is left alone
    assert r.restore(out) == text


def test_placeholders_are_stable_and_numbered_in_reading_order() -> None:
    r = Redactor(["Anne"])
    first = r.redact("Anne ringede fra 22 33 44 55 og senere 87654321.")
    assert first == "[PERSON_1] ringede fra [PHONE_1] og senere [PHONE_2]."
    assert r.redact("Ring til Anne på 22 33 44 55") == "Ring til [PERSON_1] på [PHONE_1]"


def test_restore_tolerates_missing_brackets_and_ignores_unknown_placeholders() -> None:
    r = Redactor(["Anne"])
    r.redact("Anne")
    assert r.restore("Hej PERSON_1 og [PERSON_7]") == "Hej Anne og [PERSON_7]"


@given(st.text(alphabet=st.sampled_from(list("ab 0123456789-+.@,\n")), max_size=60))
def test_restore_inverts_redact(text: str) -> None:
    r = Redactor()
    assert r.restore(r.redact(text)) == text
