"""Frames of issue 14's second round: rankings against others, always-markers before a label
noun, label noun phrases, observations of past actions, standing rules and the person's own
account. The rules alone are checked where a frame is the rules' own; the shipped analyzer
(rules + learned detector) where the two engines meet."""

from __future__ import annotations

import pytest

from coach.feedback import FeedbackAnalyzer, analyze

RULES = FeedbackAnalyzer(detector=None)


def _found(text: str, language: str, analyzer: FeedbackAnalyzer = RULES) -> list[tuple[str, str]]:
    result = analyzer.analyze(text, language)
    assert all(text[f.start:f.end] == f.excerpt for f in result.findings)
    return [(f.category, f.excerpt) for f in result.findings]


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("Du er den mindst engagerede i afdelingen.", "da", "Du er den mindst engagerede"),
    ("Han er langsommere end alle andre på lageret.", "da",
     "Han er langsommere end alle andre"),
    ("Hun er klart den mest negative på holdet.", "da", "Hun er klart den mest negative"),
    ("I er det mest besværlige hold i huset.", "da", "I er det mest besværlige hold"),
    ("You're slower than everyone else on the team.", "en", "You're slower than everyone else"),
    ("He is easily the weakest link we have.", "en", "He is easily the weakest link"),
    ("She's the least reliable person on the rota.", "en",
     "She's the least reliable person"),
])
def test_a_ranking_against_others_is_a_label(text: str, language: str, excerpt: str) -> None:
    assert ("label", excerpt) in _found(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("You closed the most tickets in the team in March.", "en"),
    ("Your report was longer than last month's.", "en"),
    ("Du solgte flest abonnementer af hele holdet i marts.", "da"),
    ("Rapporten var længere end sidste måneds.", "da"),
])
def test_ranking_results_judges_nobody(text: str, language: str) -> None:
    assert _found(text, language) == []


@pytest.mark.parametrize(("text", "language", "marker", "label"), [
    ("Som sædvanlig en brokkerøv.", "da", "Som sædvanlig", "en brokkerøv"),
    ("Som altid den sure gamle mand.", "da", "Som altid", "den sure gamle mand"),
    ("As usual, a whiner.", "en", "As usual", "a whiner"),
    ("Once again the know-it-all in every meeting.", "en", "Once again", "the know-it-all"),
])
def test_a_marker_generalizes_and_its_noun_phrase_labels(text: str, language: str,
                                                         marker: str, label: str) -> None:
    found = _found(text, language)
    assert ("generalization", marker) in found and ("label", label) in found


@pytest.mark.parametrize(("text", "language"), [
    ("As usual, a pleasure to work with.", "en"),
    ("Once again a record month for the shop.", "en"),
    ("Endnu en gang en rekordmåned for butikken.", "da"),
    ("Vi ses igen i morgen, som altid.", "da"),
    ("We meet on Thursdays, as always.", "en"),
    ("Once again, thanks for jumping in on the Berlin pitch.", "en"),
])
def test_markers_about_no_person_judge_nobody(text: str, language: str) -> None:
    assert _found(text, language) == []


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("Du kom for sent igen, som altid.", "da", "som altid"),
    ("Late for the stand-up again, as usual.", "en", "as usual"),
    ("Som sædvanlig kom du uforberedt til mødet.", "da", "Som sædvanlig"),
])
def test_a_marker_about_a_habit_generalizes(text: str, language: str, excerpt: str) -> None:
    assert ("generalization", excerpt) in _found(text, language)


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("Du er en sløv padde.", "da", "Du er en sløv padde"),
    ("You're a lazy sod.", "en", "You're a lazy sod"),
    ("He is an arrogant prat, frankly.", "en", "He is an arrogant prat"),
    ("Du er en rigtig doven hund på vagterne.", "da", "Du er en rigtig doven hund"),
])
def test_a_label_spans_its_noun_phrase(text: str, language: str, excerpt: str) -> None:
    assert _found(text, language) == [("label", excerpt)]


@pytest.mark.parametrize(("text", "language"), [
    ("You listened, repeated what she said and asked what she needed.", "en"),
    ("Du glemte at åbne kasse 3 i går.", "da"),
    ("You interrupted Lise four times in Tuesday's meeting.", "en"),
    ("Du råbte ad praktikanten foran kunderne i går.", "da"),
    ("You missed two deadlines in October.", "en"),
])
def test_a_report_of_past_actions_is_an_observation(text: str, language: str) -> None:
    assert not analyze(text, language).person_directed


@pytest.mark.parametrize(("text", "language"), [
    ("You interrupted Lise because you don't respect her.", "en"),
    ("Du sagde ja, fordi du ville have ros.", "da"),
    ("You only helped her to look good in front of the boss.", "en"),
    ("You wrecked the presentation like the amateur you are.", "en"),
])
def test_a_motive_or_label_beside_an_event_still_judges(text: str, language: str) -> None:
    assert analyze(text, language).person_directed


@pytest.mark.parametrize(("text", "language"), [
    ("Never share passwords on Slack.", "en"),
    ("Aldrig del adgangskoder på Slack – brug password-manageren.", "da"),
    ("You told me you're bored with the tasks. What would help?", "en"),
    ("Du fortalte mig, at du keder dig. Hvad kunne hjælpe?", "da"),
])
def test_rules_and_the_persons_own_account_judge_nobody(text: str, language: str) -> None:
    assert not analyze(text, language).person_directed


def test_a_guess_after_their_account_still_counts() -> None:
    assert ("attribution", "don't care") in _found(
        "You said it's fine, but you clearly don't care.", "en", FeedbackAnalyzer())


@pytest.mark.parametrize(("text", "language"), [
    ("Du må aldrig låse nødudgangen.", "da"),
    ("You must never prop the fire door open.", "en"),
    ("You should always sign the visitor log.", "en"),
])
def test_a_prohibition_or_duty_is_a_standing_rule(text: str, language: str) -> None:
    assert _found(text, language) == []


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("How many times do I have to remind you about the rota?", "en", "How many times do I"),
    ("Hvor mange gange skal jeg minde dig om vagtplanen?", "da", "Hvor mange gange skal jeg"),
    ("For the umpteenth time, the keys go in the box.", "en", "For the umpteenth time"),
])
def test_exasperation_generalizes(text: str, language: str, excerpt: str) -> None:
    assert ("generalization", excerpt) in _found(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("Du satte dig hos Ida i pausen, selvom hun var vred over skemaet.", "da"),
    ("You stayed with the client on Friday although he was angry about the invoice.", "en"),
    ("Min kollega er stresset, så jeg tager hendes vagt.", "da"),
])
def test_another_persons_feeling_is_context(text: str, language: str) -> None:
    assert _found(text, language) == []


def test_a_feeling_said_of_the_person_or_a_third_person_alone_still_counts() -> None:
    assert ("attribution", "Du virker stresset") in _found("Du virker stresset.", "da")
    assert _found("Han er vred hele tiden.", "da")


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("Don't be such a drama queen about the rota.", "en", "Don't be such a drama queen"),
    ("Vær nu ikke så sur.", "da", "Vær nu ikke så sur"),
])
def test_an_order_to_be_otherwise_labels_the_addressee(text: str, language: str,
                                                       excerpt: str) -> None:
    assert ("label", excerpt) in _found(text, language)


def test_an_order_without_a_judging_word_is_none() -> None:
    assert _found("Be careful on the ladder.", "en") == []


@pytest.mark.parametrize(("text", "language", "excerpt"), [
    ("A few of the drivers find you rude.", "en", "find you rude"),
    ("Kunderne oplever hende som arrogant.", "da", "oplever hende som arrogant"),
])
def test_a_label_after_a_perception_of_the_person(text: str, language: str,
                                                  excerpt: str) -> None:
    assert ("label", excerpt) in _found(text, language)


def test_a_denied_perception_or_one_of_a_thing_is_none() -> None:
    assert _found("I don't see you as lazy at all.", "en") == []
    assert _found("I find the report sloppy.", "en") == []
