"""The rehearsal page ("Øv samtalen"): say a line, hear the employee, read the tip.

The conversation lives in the page only: every turn (and the tip on each manager line) goes
back to the server in hidden fields with the next line, so it works without JavaScript and
nothing is stored. Earlier manager lines are analysed again when the page is drawn, so their
highlights come from the analyzer, not from the form.
"""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import CoachDep
from api.schemas import FeedbackRehearseRequest
from api.web.auth import Access
from api.web.i18n import as_lang
from api.web.pages import (
    AccessDep,
    _check_texts,
    _coach_error,
    _loading,
    _names,
    _plain,
    _t,
    _text,
    _validation_errors,
)
from api.web.views import render
from coach.errors import InputError
from coach.rehearsal import PERSONAS, Turn
from coach.rehearsal.types import REACTIONS as REACTION_OF

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PATH = "/rehearse"
MAX_TURNS = 20  # the turns the page keeps and sends (CONTRACT.md: history holds at most 20)
REACTIONS = frozenset(REACTION_OF.values())


def _turns(data: FormData) -> list[dict[str, str]]:
    """The conversation so far from the hidden fields: role, text, the tip on a manager line
    and the reaction of an employee line (one the page does not know is dropped)."""
    fields = [data.getlist(f"turn_{k}") for k in ("role", "text", "tip", "reaction")]
    turns = []
    for role, text, tip, reaction in zip(*fields, strict=False):
        if all(isinstance(v, str) for v in (role, text, tip, reaction)):
            turns.append({"role": str(role), "text": str(text), "tip": str(tip),
                          "reaction": str(reaction) if reaction in REACTIONS else ""})
    return turns[-MAX_TURNS:]


async def _exchanges(coach: Any, turns: list[dict[str, str]], language: str | None,
                     names: list[str]) -> list[dict[str, Any]]:
    """Turns grouped for the page: each manager line with its analysis and tip, and the
    employee's reply to it."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        if turn["role"] == "manager" and turn["text"].strip():
            analysis = _plain(await coach.analyze_feedback(turn["text"], language=language,
                                                           names=names))
            out.append({"manager": turn["text"], "analysis": analysis, "tip": turn["tip"],
                        "reply": None, "reaction": "", "result": None})
        elif turn["role"] == "employee" and out and out[-1]["reply"] is None:
            out[-1].update(reply=turn["text"], reaction=turn["reaction"])
    return out


def _page(request: Request, access: Access, form: dict[str, Any], status: int = 200,
          **ctx: Any) -> HTMLResponse:
    base: dict[str, Any] = {"form": form, "errors": {}, "exchanges": [], "turns": [],
                            "result": None, "personas": PERSONAS}
    return render(request, "rehearse.html", access, {**base, **ctx}, status=status)


@router.get(PATH)
def rehearse_page(request: Request, access: AccessDep) -> HTMLResponse:
    """The rehearsal, empty."""
    return _page(request, access, {"feedback": "", "persona": "open", "language": "",
                                   "names": ""})


@router.post(PATH)
async def rehearse_submit(request: Request, access: AccessDep, coach: CoachDep) -> HTMLResponse:
    """Send the line with the conversation so far (action=say), or start over (restart)."""
    t = _t(request)
    data = await request.form()
    form: dict[str, Any] = {"feedback": _text(data, "feedback"),
                            "persona": _text(data, "persona") or "open",
                            "language": as_lang(_text(data, "language")) or "",
                            "names": _text(data, "names")}
    if _text(data, "action") == "restart":
        return _page(request, access, {**form, "feedback": "", "language": ""})
    turns = _turns(data)
    names, errors = _names(t, form["names"])
    errors.update(_check_texts(t, {"feedback": form["feedback"]}, {}))
    language = form["language"] or None
    ctx: dict[str, Any] = {"turns": turns}
    if errors:
        # Keep the conversation in view while the line is fixed; a hidden turn the page did
        # not write (too long, empty) is left out of view rather than failing the page.
        with contextlib.suppress(InputError):
            ctx["exchanges"] = await _exchanges(coach, turns, language, names)
        return _page(request, access, form, 422, errors=errors, **ctx)
    try:
        body = FeedbackRehearseRequest.model_validate({
            "feedback": form["feedback"], "persona": form["persona"], "language": language,
            "history": [{"role": x["role"], "text": x["text"]} for x in turns],
            "names": names})
    except ValidationError as exc:
        return _page(request, access, form, 422, errors=_validation_errors(t, exc), **ctx)
    if not coach.ready:
        return _loading(request, access, PATH)
    try:
        result = _plain(await coach.rehearse_feedback(
            body.feedback, history=[Turn(role=x.role, text=x.text) for x in body.history],
            persona=body.persona, language=body.language, names=body.names))
        turns = [*turns, {"role": "manager", "text": body.feedback, "tip": result["coach_tip"],
                          "reaction": ""},
                 {"role": "employee", "text": result["reply"], "tip": "",
                  "reaction": result["reaction"]}][-MAX_TURNS:]
        exchanges = await _exchanges(coach, turns, result["language"], names)
    except InputError as exc:
        return _page(request, access, form, 422, errors=_coach_error(t, exc), **ctx)
    if exchanges:  # the newest line shows the answer's own analysis and engine
        exchanges[-1].update(analysis=result["analysis"], result=result)
    return _page(request, access, {**form, "feedback": "", "language": result["language"]},
                 turns=turns, exchanges=exchanges, result=result)
