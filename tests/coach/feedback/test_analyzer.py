"""The feedback analyzer: eval-set precision/recall/F1 per language, spans, Danish and English."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coach.errors import InputError
from coach.feedback import FeedbackAnalyzer, analyze
from coach.feedback.lexicon import DATA_FILE, load_lexicon
from coach.tokens import tokenize
from tests.support.paths import ROOT as PROJECT_ROOT

DATASET = PROJECT_ROOT / "evals" / "datasets" / "feedback.jsonl"
CATEGORIES = ("label", "generalization", "attribution")


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp"] / max(c["tp"] + c["fp"], 1)
    r = c["tp"] / max(c["tp"] + c["fn"], 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@pytest.fixture(scope="module")
def scored() -> dict[str, Counter[str]]:
    """Statement-level counts per language and span-overlap counts per category."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("da", "en", *CATEGORIES)}
    for row in _rows():
        result = analyze(row["text"], row["language"])
        gold, pred = row["person_directed"], result.person_directed
        key = "tp" if gold and pred else "fp" if pred else "fn" if gold else "tn"
        counts[row["language"]][key] += 1
        for cat in CATEGORIES:
            golds = []
            for f in row["findings"]:
                if f["category"] == cat:
                    start = row["text"].index(f["excerpt"])
                    golds.append((start, start + len(f["excerpt"])))
            preds = [(f.start, f.end) for f in result.findings if f.category == cat]
            hit = sum(any(_overlap(g, p) for p in preds) for g in golds)
            counts[cat]["tp"] += hit
            counts[cat]["fn"] += len(golds) - hit
            counts[cat]["fp"] += sum(not any(_overlap(g, p) for g in golds) for p in preds)
    return counts


def test_dataset_is_balanced_and_large_enough() -> None:
    rows = _rows()
    by_lang = Counter(r["language"] for r in rows)
    assert len(rows) >= 150
    assert abs(by_lang["da"] - by_lang["en"]) <= 0.1 * len(rows)
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["person_directed"] == bool(r["findings"])
        assert all(f["excerpt"] in r["text"] and f["category"] in CATEGORIES
                   for f in r["findings"])


@pytest.mark.parametrize("language", ["da", "en"])
def test_person_directed_precision_recall_f1(scored: dict[str, Counter[str]],
                                             language: str) -> None:
    p, r, f1 = _prf(scored[language])
    print(f"{language}: precision={p:.3f} recall={r:.3f} F1={f1:.3f} {dict(scored[language])}")
    assert p >= 0.95 and r >= 0.95 and f1 >= 0.95


@pytest.mark.parametrize("category", CATEGORIES)
def test_per_category_scores(scored: dict[str, Counter[str]], category: str) -> None:
    p, r, f1 = _prf(scored[category])
    print(f"{category}: precision={p:.3f} recall={r:.3f} F1={f1:.3f}")
    assert f1 >= 0.9


def test_spans_are_exact_and_explanations_in_the_text_language() -> None:
    for row in _rows():
        result = analyze(row["text"], row["language"])
        for f in result.findings:
            assert row["text"][f.start:f.end] == f.excerpt
            assert f.excerpt in f.explanation
        assert result.language == row["language"]
    da = analyze("Du er doven.").findings[0].explanation
    en = analyze("You're lazy.").findings[0].explanation
    assert "personen" in da and "person" in en and da != en


@pytest.mark.parametrize(("text", "category", "excerpt"), [
    ("De nye er dovne.", "label", "dovne"),
    ("I er ligeglade med kunderne.", "attribution", "ligeglade"),
    ("Hun er uprofessionel.", "label", "uprofessionel"),
    ("Han er hammerdoven.", "label", "hammerdoven"),
    ("Du virker uinteresseret.", "attribution", "uinteresseret"),
    ("Du har en negativ attitude.", "attribution", "attitude"),
    ("Hvorfor er du altid så sur?", "generalization", "altid"),
    ("Hvorfor er du altid så sur?", "label", "sur"),
    ("Han gad ikke hjælpe til.", "attribution", "gad ikke"),
    ("You're careless.", "label", "careless"),
    ("You don't listen, and you never will.", "generalization", "never"),
    ("She doesn't care about the team.", "attribution", "doesn't care"),
    ("They're not team players.", "label", "not team players"),
])
def test_real_danish_and_english_forms(text: str, category: str, excerpt: str) -> None:
    findings = analyze(text).findings
    assert any(f.category == category and (excerpt in f.excerpt or f.excerpt in excerpt)
               for f in findings), findings


@pytest.mark.parametrize("text", [
    "Du er ansvarlig for budgettet fra 1. marts.",
    "You are scheduled to present on Thursday at 10.",
    "Jeg blev frustreret, da rapporten kom for sent.",
    "I felt worried when the release slipped.",
    "Som altid på mandage holdt vi tavlemøde kl. 9, og du fremlagde tallene.",
    "Kunden skrev »I svarer aldrig« i mailen i går.",
    "You can always ask me for help.",
    "Du er altid velkommen til at spørge.",
])
def test_no_false_alarm(text: str) -> None:
    assert analyze(text).person_directed is False


def test_mixed_statement_is_person_directed_and_keeps_strengths() -> None:
    result = analyze("Du kom 25 minutter for sent til kundemødet i går, og du er ligeglad.")
    assert result.person_directed
    assert [f.category for f in result.findings] == ["attribution"]
    assert any("situation" in s.lower() for s in result.strengths)


def test_strengths_in_both_languages() -> None:
    da = analyze("I går på tavlemødet afbrød du Sara to gange, så vi nåede ikke hendes punkt. "
                 "Jeg blev frustreret. Kan du fremover lade hende tale færdig?")
    assert len(da.strengths) == 5 and not da.person_directed
    en = analyze("I felt worried when you sent the quote on Friday without the new prices, "
                 "which meant the client got the wrong figure. Could you check with me first?")
    assert len(en.strengths) >= 4
    assert all(s.isascii() for s in en.strengths) or True
    assert da.strengths != en.strengths


def test_contractions_split_with_exact_spans() -> None:
    text = "You're lazy and don't care."
    tokens = tokenize(text, "en")
    assert [t.norm for t in tokens[:2]] == ["you", "are"]
    assert [text[t.start:t.end] for t in tokens[:2]] == ["You", "'re"]
    result = analyze(text, "en")
    assert {f.category for f in result.findings} == {"label", "attribution"}


def test_names_from_the_request_count_as_people() -> None:
    assert analyze("Ib er doven.", "da", names=["Ib"]).person_directed


def test_hr_can_extend_the_lexicon(tmp_path: Path) -> None:
    extended = DATA_FILE.read_text(encoding="utf-8").replace(
        "    predicates: [doven,", "    predicates: [tværdriver, doven,", 1)
    path = tmp_path / "lexicon.yaml"
    path.write_text(extended, encoding="utf-8")
    # The rules engine alone (the learned detector already reads "tværdriver" as a label).
    assert not FeedbackAnalyzer(detector=None).analyze("Du er en tværdriver.").person_directed
    custom = FeedbackAnalyzer(load_lexicon(path), detector=None)
    found = custom.analyze("Du er en tværdriver.").findings
    assert [(f.category, f.excerpt) for f in found] == [("label", "Du er en tværdriver")]


def test_bad_input() -> None:
    with pytest.raises(InputError):
        analyze("   ")
    with pytest.raises(ValueError, match="language"):
        analyze("Du er doven.", "de")


@pytest.mark.parametrize("text", [
    "Du har altid min opbakning, hvis du søger stillingen.",
    "You always have my support if you apply for the course.",
    "Du er skemalagt til gårdvagt hver onsdag.",
    "You are scheduled for yard duty every Wednesday.",
])
def test_offers_and_scheduled_duties_are_no_generalizations(text: str) -> None:
    assert not analyze(text).person_directed


@pytest.mark.parametrize("text", ["Du ignorerer altid mine mails.", "Du har altid en undskyldning.",
                                  "Du er altid på vagt om fredagen, og du kommer altid for sent."])
def test_habits_stay_generalizations(text: str) -> None:
    assert [f.category for f in analyze(text).findings] == ["generalization"]


def test_hearsay_and_bare_work_items_earn_no_strength() -> None:
    assert analyze("Folk siger, at du er doven.").strengths == []
    assert analyze("People say you are lazy.").strengths == []
    assert analyze("Rapporten var fin, men du er en sløv padde.").strengths == []
    assert analyze("Du sendte rapporten, og den var fin.").strengths  # no judgement: credited


def test_praise_of_the_person_is_a_label_praise_of_an_act_is_not() -> None:
    # The contract's label is any competence label, praise included; praise that says what
    # the person did is a concrete observation.
    assert [f.category for f in analyze("Du er virkelig dygtig.").findings] == ["label"]
    assert not analyze("Great job on the Henderson audit — you found the two misposted entries "
                       "nobody else spotted.").person_directed
