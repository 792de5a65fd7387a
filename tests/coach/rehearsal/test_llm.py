"""The rehearsal's LLM path on a fake backend: what the model is told, what it may answer, and
the rules fallback."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from coach.errors import ModelError
from coach.llm import FakeBackend
from coach.rehearsal import RehearsalResult, rehearse
from coach.rehearsal.checks import reply_complaints
from coach.rehearsal.llm import LLMRehearsal
from tests.coach.rehearsal.test_rehearse import Guidance

LINE = "Mette, du er altid så negativ på møderne."
HISTORY = [{"role": "manager", "text": "Tak fordi du kom."},
           {"role": "employee", "text": "Selvfølgelig. Hvad vil du tale om?"}]
TIP = ("«Du er altid så negativ» og «altid» dømmer personen. Nævn én konkret episode, og spørg, "
       "hvordan hun selv oplevede den.")
GOOD = LLMRehearsal(reply="Hvad mener du med «altid»? Det synes jeg ikke er fair.",
                    reaction="defensive", coach_tip=TIP, cited_ids=["fb-sbi:2"])


def run(backend: FakeBackend, feedback: str = LINE, **kw: Any) -> RehearsalResult:
    kw.setdefault("history", HISTORY)
    return asyncio.run(rehearse(feedback, persona="defensive", backend=backend,
                                retriever=Guidance(), names=["Mette"], **kw))


def test_a_valid_draft_is_the_answer_and_cites_what_it_used() -> None:
    backend = FakeBackend(GOOD)
    r = run(backend)
    assert (r.engine, r.degraded) == ("llm", False)
    assert r.reply == GOOD.reply and r.coach_tip == TIP and r.reaction == "defensive"
    assert [s.id for s in r.sources] == ["fb-sbi:2"]
    assert r.move == "judging" and r.analysis.person_directed
    system, user = (m.text for m in backend.calls[0].messages)
    assert "defensive" in system and "employee" in system
    assert "Selvfølgelig. Hvad vil du tale om?" in user and "Manager: Tak fordi du kom." in user
    assert "label" in user and "fb-sbi:2" in user  # findings and passages
    assert "Mette" not in system + user and "[PERSON_1]" in user  # names never leave


@pytest.mark.parametrize("bad", [
    GOOD.model_copy(update={"reply": "Hvad mener du? Det er ikke fair. Jeg er ked af det. "
                                     "Og jeg går nu."}),  # four sentences
    GOOD.model_copy(update={"reply": "What do you mean by always? That is not fair at all, "
                                     "I think."}),  # English in a Danish conversation
    GOOD.model_copy(update={"reply": "Som leder bør du spørge medarbejderen, hvad der skete."}),
    GOOD.model_copy(update={"reply": "Jeg har jo været syg i tre uger siden marts."}),  # facts
    GOOD.model_copy(update={"reply": "Hold kæft med dit «altid», din idiot."}),  # abuse
    GOOD.model_copy(update={"reply": "Selvfølgelig. Hvad vil du tale om?"}),  # said before
    GOOD.model_copy(update={"reaction": "engaged"}),  # judged, yet unbothered
    GOOD.model_copy(update={"coach_tip": "Prøv at være mere konkret næste gang, så det bliver "
                                         "en god samtale."}),  # names no judging wording
    GOOD.model_copy(update={"cited_ids": ["made-up:9"]}),
])
def test_a_bad_draft_is_retried_with_the_complaints_then_the_rules_answer(
        bad: LLMRehearsal) -> None:
    backend = FakeBackend(bad, GOOD)
    r = run(backend)
    assert r.engine == "llm" and r.reply == GOOD.reply
    retry = backend.calls[1].messages[-1].text
    assert "rejected" in retry
    backend = FakeBackend(bad, bad)
    r = run(backend)
    assert (r.engine, r.degraded) == ("rules", True)
    assert r.reply != bad.reply and r.reaction == "defensive"


def test_a_model_failure_falls_back_to_the_rules() -> None:
    r = run(FakeBackend(ModelError("the model timed out", "timeout")))
    assert (r.engine, r.degraded) == ("rules", True)
    assert "«altid»" in r.reply or "«negativ»" in r.reply


def test_without_a_model_the_rules_answer_undegraded() -> None:
    r = asyncio.run(rehearse(LINE))
    assert (r.engine, r.degraded) == ("rules", False)


def test_reply_checks_accept_a_plain_short_reply_in_either_language() -> None:
    assert reply_complaints("Okay.", "da", ["Du er doven."], []) == []
    assert reply_complaints("What do you mean by “lazy”? That isn't fair.", "en",
                            ["You're lazy."], []) == []
    found = reply_complaints("[hvornår?] Det ved jeg ikke.", "da", ["Du er doven."], [])
    assert any("placeholders" in c for c in found)
