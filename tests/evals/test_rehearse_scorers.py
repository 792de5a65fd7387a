"""The rehearse task's scorers and aggregates on hand-made conversations."""

from __future__ import annotations

from typing import Any

import pytest

from evals import scorers as sc
from evals.solvers import picks_up
from tests.evals.test_scorers import case, result


def turn(reaction: str, reply: str, **flags: Any) -> dict[str, Any]:
    base = {"reply": reply, "reaction": reaction, "language_ok": True, "picks_up": False,
            "refers": False, "findings": 0, "tip_ok": True}
    return {**base, **flags}


WANT = case({"turns": [{"expect": "defensive", "refers": False},
                       {"expect": "softened", "refers": True},
                       {"expect": "engaged", "refers": False},
                       {"expect": None, "refers": False}]})


def test_a_conversation_that_does_everything_right() -> None:
    out = {"turns": [turn("defensive", "«Altid»?", picks_up=True, findings=1),
                     turn("softened", "Det med «altid» ramte mig.", refers=True),
                     turn("engaged", "Ja, det kan jeg godt se."),
                     turn("unsure", "Okay.")], "persona_replies": 5}
    r = result("rehearse", WANT, out)
    assert all(s.value in (True, 1.0) for s in r.scores.values()), r.scores
    metrics = sc.rehearse_metrics([r])
    assert metrics["reacts"] == metrics["defensive_to_judging"] == 1.0
    assert metrics["engaged_to_behaviour"] == metrics["no_repeats"] == 1.0


def test_each_failure_is_counted_where_it_belongs() -> None:
    out = {"turns": [turn("defensive", "Det er ikke fair.", findings=2, tip_ok=False),
                     turn("softened", "Okay.", language_ok=False),
                     turn("defensive", "Okay."),
                     turn("unsure", "Hmm.")], "persona_replies": 3}
    r = result("rehearse", WANT, out)
    assert r.scores["reacts"].value == pytest.approx(1 / 3)  # no wording picked up; not engaged
    assert r.scores["no_repeats"].value is False
    assert r.scores["tip_names_findings"].value == 0.0
    assert r.scores["refers_back"].value == 0.0
    assert r.scores["reply_language"].value == pytest.approx(3 / 4)
    assert r.scores["persona_distinct"].value is False
    metrics = sc.rehearse_metrics([r])
    assert metrics["defensive_to_judging"] == 0.0 and metrics["engaged_to_behaviour"] == 0.0


def test_picking_up_the_wording_ignores_words_that_say_nothing() -> None:
    assert picks_up("Hvad mener du med «altid»?", ["altid"])
    assert picks_up("«ikke en teamplayer»? Nej.", ["Du er ikke en teamplayer"])
    assert not picks_up("Det er ikke rigtigt.", ["Du er ikke en teamplayer"])
    assert picks_up("What do you mean, “sur”?", ["bliver du sur"])
    assert not picks_up("You are wrong.", ["You are lazy"])
