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
    r = Redactor(["Anne Jensen", "Bo"], detect_names=False)
    text = "Anne Jensen sagde det. Annes rapport kom sent, og Jensen ved det. Bob er ikke Bo."
    out = r.redact(text)
    assert "Anne" not in out and "Jensen" not in out and " Bo." not in out
    assert "Bob" in out  # a passed name inside a longer word is left alone ...
    assert r.restore(out) == text
    detecting = Redactor(["Anne Jensen", "Bo"])
    assert "Bob" not in detecting.redact(text)  # ... but Bob is a first name of his own


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


# Real-world formats from the red-team pass (issue 18); the wire test in test_draft.py sends
# each through a feature to the fake OpenAI server.
REAL_WORLD = {
    "CPR": ["CPR 010190 1234", "CPR-0101901234", "CPR: 010190-1234-", "01.01.90-1234",
            "０１０１９０－１２３４", "0101\u200b90-1234", "010190‐1234"],
    "PHONE": ["tlf. 12 34 56 78", "tlf:12345678", "tlf12345678", "Tlf.: 1234 56 78",
              "mobil 12 34 5678", "12.34.56.78", "1234.5678", "+45 1234 56 78", "tlf.22334455",
              "0045 12345678"],
    "EMAIL": ["anne (at) firma dot dk", "anne[at]firma.dk", "anne @ firma.dk",
              "anne.jensen@intranet", "o'brien@firma.dk", "anne%drift@firma.dk",
              "anne at firma dot dk", "ANNE@FIRMA.DK", "anne at firma.dk",
              "anne.jensen (a) firma.dk", "anne.jensen[@]firma.dk"],
    "IBAN": ["DK50 0040 0440 1162 43", "DK5000400440116243", "GB29 NWBK 6016 1331 9268 19"],
    "ACCOUNT": ["reg.nr. 1234 kontonr. 1234567890", "1234-1234567890", "konto 1234 123456789"],
}


@pytest.mark.parametrize(("kind", "value"), [(k, v) for k, vs in REAL_WORLD.items() for v in vs])
def test_real_world_formats_are_hidden_whole(kind: str, value: str) -> None:
    r = Redactor()
    out = r.redact(f"Oplysninger: {value} - tak.")
    digits = [c for c in value if c.isdigit()]
    assert f"[{kind}_1]" in out, out
    assert not any(c.isdigit() for c in out.replace(f"[{kind}_1]", "")) or not digits, out
    assert "anne" not in out.lower() and "brien" not in out
    assert r.restore(out) == f"Oplysninger: {value} - tak."
    assert kind.lower() in r.kinds


@pytest.mark.parametrize("written", [
    "Mettegruppen", "Met\u00adte", "Met\u200bte", "Mette\u02bcs", "Mette’s", "Mette's",
    "Me\u0301tte", "METTE", "mette", "Mettes", "Metterne", "Metter", "Mettesgruppen",
])
def test_passed_names_are_found_however_they_are_written(written: str) -> None:
    r = Redactor(["Mette"], detect_names=False)
    out = r.redact(f"Vi talte om {written} i går.")
    assert "[PERSON_1]" in out and "ett" not in out.lower(), out
    assert r.restore(out) == f"Vi talte om {written} i går."


@pytest.mark.parametrize(("name", "written"), [
    ("René", "Rene"), ("Rene", "René"), ("Søren", "Soren"), ("Søren", "Søren"),
    ("Åse", "Aase".replace("Aa", "Å")), ("Zoë", "Zoe"), ("Sørensen", "SØRENSEN"),
    ("Bjørn", "Bjo\u0308rn".replace("o\u0308", "ø")), ("Jose\u0301", "José"),
])
def test_names_are_normalised_before_matching(name: str, written: str) -> None:
    r = Redactor([name], detect_names=False)
    assert "[PERSON_1]" in r.redact(f"Hej {written}, tak.")


def test_a_lower_case_word_starting_like_a_short_name_is_kept() -> None:
    r = Redactor(["Per", "Bo"], detect_names=False)
    assert r.redact("personalet bor i boligen") == "personalet bor i boligen"


def test_names_the_caller_did_not_pass_are_found() -> None:
    r = Redactor()
    text = ("Til mødet afbrød du Mette Due Hansen to gange. Søren og Fatima var der også, "
            "og John Smith sagde det til Kirsten.")
    out = r.redact(text)
    for name in ("Mette", "Hansen", "Søren", "Fatima", "John", "Smith", "Kirsten"):
        assert name not in out, out
    assert out.startswith("Til mødet afbrød du [PERSON_1] to gange.")
    assert r.restore(out) == text and r.kinds == ["person"]


@pytest.mark.parametrize("text", [
    "Mandag i maj talte vi om MUS og SMART-mål.",
    "Hans bil holdt udenfor. I will call you on Monday in May.",
    "Line for line we read the report; the line was long.",
    "Det går godt. Per uge bruger jeg to timer på det.",
])
def test_common_capitalised_words_are_no_names(text: str) -> None:
    assert Redactor().redact(text) == text


def test_detection_can_be_turned_off() -> None:
    assert Redactor(detect_names=False).redact("Jeg talte med Kirsten.") == "Jeg talte med Kirsten."


def test_unknown_placeholders_are_those_never_issued() -> None:
    r = Redactor(["Anne"])
    r.redact("Anne")
    assert r.unknown_placeholders("[PERSON_1] og [PERSON_9] og [CPR_1] og [dato]") == [
        "[CPR_1]", "[PERSON_9]"]


@pytest.mark.parametrize("odd", ["?" * 4000, "1," * 2000, "a’" * 2000, "12 " * 1333,
                                 "Anne Bo " * 500, "a@" * 2000, "👩‍👩‍👧‍👦" * 500])
def test_odd_long_text_is_redacted_and_restored(odd: str) -> None:
    r = Redactor(["Anne"])
    assert r.restore(r.redact(odd)) == odd


def test_a_piece_of_a_hidden_number_sent_on_its_own_is_hidden_too() -> None:
    redactor = Redactor()
    redactor.redact("Overfør til DK50 0040 0440 1162 43 eller ring 12 34 56 78.")
    assert "0440" not in redactor.redact("fakta: 0040 0440 1162 43")
    assert "12345678" not in redactor.redact("- 12345678")
    assert redactor.redact("i 2026 var vi 12") == "i 2026 var vi 12"  # not part of a number


def test_a_name_that_is_an_everyday_word_starts_a_sentence_as_a_word() -> None:
    redactor = Redactor()
    assert redactor.redact("Tak fordi du kom.") == "Tak fordi du kom."
    assert "Mette" not in redactor.redact("Mette kom for sent.")  # a name, not a word
