"""Third-party reports, procedures and impersonal offers, repetition idioms, chat spellings
and markers before a clause about the person (issue 14, detect4)."""

import pytest

from coach.feedback.analyzer import FeedbackAnalyzer

RULES = FeedbackAnalyzer(detector=None)


@pytest.mark.parametrize(("text", "lang"), [
    ("Lone ringede og fortalte, at hun var skuffet over planlægningen.", "da"),
    ("Kunderne har klaget over, at de var utilfredse med ventetiden.", "da"),
    ("The supplier phoned to say they were frustrated by the delay.", "en"),
    ("The parents were annoyed that the trip was called off.", "en"),
    ("Du skal altid scanne kortet, inden du går ind på lageret.", "da"),
    ("You must always sign the log before you leave the site.", "en"),
    ("Der er altid frugt i kantinen, hvis du bliver sulten.", "da"),
    ("The office is always open if you need a quiet place to work.", "en"),
])
def test_reports_and_procedures_judge_no_one(text: str, lang: str) -> None:
    assert not RULES.analyze(text, lang).person_directed


@pytest.mark.parametrize(("text", "lang", "excerpt"), [
    ("Forældrene siger, at han er ligeglad med børnene.", "da", "ligeglad"),
    ("Hun er ligeglad.", "da", "Hun er ligeglad"),
    ("Du er jo hende, der altid skal have det sidste ord.", "da", "altid"),
    ("Du skal altid have det sidste ord.", "da", "altid"),
    ("Der er aldrig styr på dine papirer.", "da", None),
    ("Du glemmer at lukke kassen dag ud og dag ind.", "da", "dag ud og dag ind"),
    ("ur never on time for handover", "en", "never"),
    ("shes so careless with the keys", "en", "careless"),
    ("As usual, the rota was wrong after your changes.", "en", "As usual"),
    ("Som sædvanlig glemte Peter at låse døren.", "da", "Som sædvanlig"),
])
def test_still_person_directed(text: str, lang: str, excerpt: str | None) -> None:
    full = FeedbackAnalyzer()
    found = [f.excerpt for f in full.analyze(text, lang).findings]
    assert found
    if excerpt is not None:
        assert any(excerpt in f for f in found)


def test_repetition_idioms_generalize() -> None:
    found = RULES.analyze("You leave the fridge open month in, month out.", "en").findings
    assert [f.excerpt for f in found] == ["month in, month out"]


@pytest.mark.parametrize(("text", "lang"), [
    ("As usual, the weather was awful at the festival.", "en"),
    ("Som altid var der kaffe i køkkenet.", "da"),
])
def test_marker_without_a_person_judges_no_one(text: str, lang: str) -> None:
    assert not RULES.analyze(text, lang).person_directed


@pytest.mark.parametrize(("text", "lang", "excerpt"), [
    ("Mads glemmer altid at låse bagdøren.", "da", "altid"),
    ("Every single time we open the folder, your notes are missing.", "en", "Every single time"),
    ("Hver gang jeg tjekker listen, mangler dine initialer.", "da", "Hver gang"),
])
def test_names_and_the_persons_things_after_an_opener(text: str, lang: str, excerpt: str) -> None:
    assert excerpt in [f.excerpt for f in RULES.analyze(text, lang).findings]


@pytest.mark.parametrize(("text", "lang", "excerpt"), [
    ("He only signs up for overtime to look good in front of the boss.", "en",
     "only signs up for overtime to look good"),
    ("Du tager kun weekendvagterne for at få ros.", "da", "kun weekendvagterne for at få ros"),
    ("You resent being asked to cover the till.", "en", "resent"),
    ("Hun har ikke hjertet med i projektet.", "da", "har ikke hjertet med"),
    ("The new cashier is a real liability at the tills.", "en", "a real liability"),
])
def test_motives_feelings_and_noun_labels(text: str, lang: str, excerpt: str) -> None:
    found = [f.excerpt for f in RULES.analyze(text, lang).findings]
    assert any(excerpt in f for f in found), found


@pytest.mark.parametrize(("text", "lang"), [
    ("I resent having to redo the rota every week.", "en"),
    ("Come in early to get a good seat at the briefing.", "en"),
    ("Vi mødes kl. 9 for at blive enige om planen.", "da"),
])
def test_own_feelings_and_plain_purposes_judge_no_one(text: str, lang: str) -> None:
    assert not RULES.analyze(text, lang).person_directed


@pytest.mark.parametrize(("text", "lang", "excerpt"), [
    ("Nice job getting the rota in on time for once.", "en", "for once"),
    ("Hun lukkede kassen rigtigt for en gangs skyld.", "da", "for en gangs skyld"),
])
def test_habit_markers_generalize(text: str, lang: str, excerpt: str) -> None:
    assert excerpt in [f.excerpt for f in RULES.analyze(text, lang).findings]


def test_habit_marker_about_the_speaker_judges_no_one() -> None:
    assert not RULES.analyze("I'm going to take a proper lunch for once.", "en").person_directed
