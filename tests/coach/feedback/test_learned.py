"""The learned detector: weights from the committed corpora, how its findings join the rules',
spans, the cost ceiling. Logic is tested with a stand-in embedding; the shipped model only
where the answer is far from the threshold (e5 floats differ slightly across CPUs)."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from coach.feedback import FeedbackAnalyzer, analyze
from coach.feedback.corpus import data_digest, held_out, training_rows
from coach.feedback.learned import (
    BUDGET_TOKENS,
    CATEGORIES,
    E5_VARIANT,
    EMBEDDING_ID,
    Detector,
    DetectorUnavailable,
    Weights,
    load_weights,
    model_input,
)
from coach.tokens import tokenize

DIM = 384


class StandIn:
    """Embeds "ZZ" texts along the statement direction, others against it; counts tokens as
    words and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(texts)
        rows = np.zeros((len(texts), DIM), np.float32)
        for i, text in enumerate(texts):
            rows[i, 0] = 5.0 if "ZZ" in text else -5.0
            rows[i, 1] = 1.0 if "altid" in text.lower() else 0.0
        return rows

    def count(self, text: str) -> int:
        return len(re.findall(r"\S+", text))


def _weights() -> Weights:
    statement = np.zeros(DIM, np.float32)
    statement[0] = 1.0
    categories = np.zeros((3, DIM), np.float32)
    categories[1, 1] = 10.0  # "altid" texts read as generalizations, the rest as labels
    clause = load_weights().clause_w * 0
    return Weights(statement_w=statement, statement_b=0.0, threshold=0.6, veto=0.2,
                   category_w=categories, category_b=np.zeros(3, np.float32),
                   clause_w=clause, clause_b=0.0, lexical_w=clause, lexical_b=0.0, mix=1.0,
                   meta={"embedding": EMBEDDING_ID})


@pytest.fixture
def stand_in() -> StandIn:
    return StandIn()


@pytest.fixture
def analyzer(stand_in: StandIn) -> FeedbackAnalyzer:
    return FeedbackAnalyzer(detector=Detector(_weights(), stand_in))


def test_shipped_weights_were_trained_on_the_committed_corpora() -> None:
    weights = load_weights()
    assert weights.meta["embedding"] == EMBEDDING_ID
    assert weights.meta["data_sha256"] == data_digest(training_rows()), \
        "retrain: .venv/bin/python scripts/train_feedback_model.py"
    assert weights.statement_w.shape == (DIM,) and weights.category_w.shape == (3, DIM)
    assert 0.0 <= weights.veto < weights.threshold < 1.0


def test_the_model_is_the_one_the_retriever_uses() -> None:
    from coach.knowledge.embeddings import VARIANT

    assert E5_VARIANT == VARIANT


def test_the_held_out_quarter_is_fixed_and_never_trained_on() -> None:
    rows = training_rows()
    assert not any(r["corpus"] and held_out(r["id"]) for r in rows)
    ids = [f"t1-da-{n:04d}" for n in range(1, 401)]
    assert 70 < sum(map(held_out, ids)) < 130
    assert held_out("t1-da-0001") == held_out("t1-da-0001")


def test_a_judging_clause_nobody_listed_gets_an_exact_finding(analyzer: FeedbackAnalyzer) -> None:
    text = "  Rapporten kom fredag, men du er en ZZ-type på møderne."
    result = analyzer.analyze(text, "da")
    assert result.person_directed
    [finding] = result.findings
    assert finding.category == "label"
    assert finding.excerpt == text[finding.start:finding.end]
    assert finding.excerpt in ("men du er en ZZ-type på møderne", "Rapporten kom fredag")
    assert finding.excerpt.strip() == finding.excerpt  # words only, no stray punctuation
    assert "«" + finding.excerpt + "»" in finding.explanation


def test_the_category_comes_from_the_model(analyzer: FeedbackAnalyzer) -> None:
    [finding] = analyzer.analyze("ZZ sådan er det altid med dig", "da").findings
    assert finding.category == "generalization"


def test_neutral_text_gets_no_learned_finding(analyzer: FeedbackAnalyzer) -> None:
    assert not analyzer.analyze("Tak for rapporten i fredags.", "da").person_directed


def test_rule_labels_stand_even_when_the_model_disagrees(analyzer: FeedbackAnalyzer) -> None:
    found = analyzer.analyze("Du er doven.", "da").findings
    assert [(f.category, f.excerpt) for f in found] == [("label", "Du er doven")]


def test_a_rule_generalization_the_model_is_sure_about_is_dropped(
        analyzer: FeedbackAnalyzer) -> None:
    rules = FeedbackAnalyzer(detector=None)
    text = "Du kommer altid til tiden."
    assert rules.analyze(text, "da").person_directed
    assert not analyzer.analyze(text, "da").person_directed


def test_a_role_gets_no_learned_finding(analyzer: FeedbackAnalyzer) -> None:
    assert not analyzer.analyze("Du er ZZ ikke ansvarlig for budgettet.", "da").person_directed
    assert not analyzer.analyze("You're ZZ on the rota this week.", "en").person_directed


def test_quotations_are_not_read_as_the_speakers_words() -> None:
    text = 'The client said, "you never answer emails", and I\'d like your side.'
    tokens = tokenize(text, "en")
    assert model_input(text, tokens, 0, len(tokens)) == \
        'The client said, "…", and I\'d like your side.'


def test_a_long_text_costs_at_most_the_token_budget(analyzer: FeedbackAnalyzer,
                                                    stand_in: StandIn) -> None:
    text = " ".join(f"Mødet {n} startede til tiden og sluttede kl. 10." for n in range(200))
    text += " Du er en ZZ-type."
    analyzer.analyze(text, "da")
    embedded = [t for call in stand_in.calls for t in call]
    assert sum(stand_in.count(t) for t in embedded) <= BUDGET_TOKENS
    assert any("ZZ" in t for t in embedded)  # the piece about a person was read first


def test_junk_is_not_embedded(analyzer: FeedbackAnalyzer, stand_in: StandIn) -> None:
    for junk in ("1," * 2000, "a’" * 2000, "?" * 4000, "a" * 4000):
        analyzer.analyze(junk, "da")
    assert all(stand_in.count(t) <= BUDGET_TOKENS for call in stand_in.calls for t in call)


def test_a_broken_model_leaves_the_rules_answering() -> None:
    class Broken(StandIn):
        def __call__(self, texts: list[str]) -> np.ndarray:
            raise DetectorUnavailable("no model")

    analyzer = FeedbackAnalyzer(detector=Detector(_weights(), Broken()))
    scan = analyzer.scan("Du er doven. Rapporten kom fredag.", "da")
    assert scan.findings and not scan.learned


def test_weights_for_another_model_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "detector.npz"
    w = replace(_weights(), meta={"embedding": "some-other-model"})
    np.savez(path, meta=np.array('{"embedding": "some-other-model"}'),
             statement_w=w.statement_w, statement_b=0.0, threshold=0.6, veto=0.2,
             category_w=w.category_w, category_b=w.category_b, clause_w=w.clause_w, clause_b=0.0,
             lexical_w=w.clause_w, lexical_b=0.0, mix=1.0)
    with pytest.raises(DetectorUnavailable):
        load_weights(path)
    with pytest.raises(DetectorUnavailable):
        load_weights(tmp_path / "missing.npz")


class FactsDilute(StandIn):
    """Judges a text with "ZZ" unless it also holds a fact ("YY"): the whole statement reads
    neutral, as a fact and a judgement averaged into one vector do."""

    def __call__(self, texts: list[str]) -> np.ndarray:
        rows = super().__call__(texts)
        rows[[i for i, t in enumerate(texts) if "YY" in t], 0] = -5.0
        return rows


@pytest.mark.parametrize("text", [
    "Du leverede YY-rapporten i tirsdags. Jeg oplever dig som en ZZ-type.",
    "Jeg oplever dig som en ZZ-type. Du leverede YY-rapporten i tirsdags.",
])
def test_each_sentence_is_read_in_one_model_call(text: str) -> None:
    embed = FactsDilute()
    result = FeedbackAnalyzer(detector=Detector(_weights(), embed)).analyze(text, "da")
    assert len(embed.calls) == 1  # the statement and its sentences in one batch
    assert result.person_directed
    [finding] = result.findings
    assert finding.excerpt == text[finding.start:finding.end]
    assert "ZZ" in finding.excerpt and "YY" not in finding.excerpt


def test_placeholders_and_open_questions_are_not_read(analyzer: FeedbackAnalyzer,
                                                      stand_in: StandIn) -> None:
    assert not analyzer.analyze("[hvad gjorde du ZZ konkret?]", "da").person_directed
    assert not analyzer.analyze("Hvordan ser du selv ZZ det?", "da").person_directed
    assert not analyzer.analyze("Mette, what do you ZZ make of it?", "en").person_directed


# --- the shipped model, on wordings no lexicon lists, far from the threshold ----------------

JUDGING = [("Du er en tværdriver.", "da"), ("Han er en rigtig bremseklods for afdelingen.", "da"),
           ("You're a liability to this team.", "en"), ("He is dead weight on this project.", "en")]
NEUTRAL = [("Mødet starter kl. 9 i morgen i kantinen.", "da"),
           ("Thanks for sending the budget on Friday.", "en")]


# A fact and a judgement in one statement, in either order: the contract calls it
# person-directed; read whole, the shipped model scores several of these under its threshold.
MIXED = [("Du sendte tilbuddet til kunden i mandags.", "Ærligt talt virker du ret selvfed.", "da"),
         ("Du afleverede budgettet fredag kl. 12.", "Du er simpelthen for tam.", "da"),
         ("You sent the client the proposal on Monday.",
          "Honestly, you come across as rather smug.", "en"),
         ("You gave the talk at the staff meeting on Thursday.",
          "I find you a bit of a lightweight.", "en")]


@pytest.fixture(scope="module")
def shipped() -> FeedbackAnalyzer:
    analyzer = FeedbackAnalyzer()
    if analyzer.detector is None:
        pytest.skip("the learned detector is unavailable here")
    return analyzer


@pytest.mark.parametrize(("text", "language"), JUDGING)
def test_the_shipped_model_reads_judgements_nobody_listed(shipped: FeedbackAnalyzer, text: str,
                                                          language: str) -> None:
    assert not FeedbackAnalyzer(detector=None).analyze(text, language).person_directed
    result = shipped.analyze(text, language)
    assert result.person_directed
    assert all(f.excerpt == text[f.start:f.end] and f.category in CATEGORIES
               for f in result.findings)


@pytest.mark.parametrize(("text", "language"), NEUTRAL)
def test_the_shipped_model_leaves_facts_alone(shipped: FeedbackAnalyzer, text: str,
                                              language: str) -> None:
    assert not shipped.analyze(text, language).person_directed


def test_the_held_out_eval_set_is_exactly_the_held_out_quarter() -> None:
    import json

    from tests.support.paths import ROOT

    def ids(path: str) -> list[str]:
        return [json.loads(line)["id"] for line in (ROOT / path).read_text("utf-8").splitlines()
                if line.strip()]

    corpus = [i for p in ("evals/corpus/train_1.jsonl", "evals/corpus/train_2.jsonl")
              for i in ids(p) if held_out(i)]
    assert ids("evals/datasets/feedback_heldout.jsonl") == corpus


@pytest.mark.parametrize(("fact", "judgement", "language"), MIXED)
@pytest.mark.parametrize("judgement_first", [False, True])
def test_a_judgement_beside_a_fact_is_found(shipped: FeedbackAnalyzer, fact: str, judgement: str,
                                            language: str, judgement_first: bool) -> None:
    text = f"{judgement} {fact}" if judgement_first else f"{fact} {judgement}"
    result = shipped.analyze(text, language)
    assert result.person_directed
    [finding] = result.findings
    assert finding.excerpt == text[finding.start:finding.end]
    assert finding.excerpt in judgement


def test_the_model_is_not_run_when_it_cannot_change_the_answer(analyzer: FeedbackAnalyzer,
                                                               stand_in: StandIn) -> None:
    assert analyzer.analyze("Du er doven.", "da").person_directed
    assert stand_in.calls == []  # a rule label in every sentence, no generalization to veto
    analyzer.analyze("Du er doven. Rapporten kom fredag.", "da")
    analyzer.analyze("Du kommer altid for sent.", "da")
    assert len(stand_in.calls) == 2


@pytest.mark.parametrize(("text", "lang"), [
    ("Godt, tak fordi du tager det så fint.", "da"),
    ("Det kan jeg ikke vide, undskyld. Hvordan har du det egentlig?", "da"),
    ("Er du glad for at arbejde her?", "da"),
    ("Are you happy working here?", "en"),
    ("Fair enough, that was too harsh.", "en"),
])
def test_questions_thanks_and_talk_about_no_one_are_not_read_as_judgements(
        text: str, lang: str) -> None:
    assert not analyze(text, lang).person_directed


@pytest.mark.parametrize(("text", "lang"), [
    ("Er du overhovedet interesseret i jobbet?", "da"),
    ("Are you even listening?", "en"),
])
def test_a_question_with_a_word_of_reproach_still_judges(text: str, lang: str) -> None:
    assert analyze(text, lang).person_directed
