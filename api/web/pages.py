"""The four pages and the home page. Thin: read the form, call the `Coach`, render the answer.

Every form posts back to its own page and works without JavaScript; the script only adds the
live check on the feedback page (which calls the JSON API).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.deps import CoachDep
from api.problems import field_error
from api.schemas import GuidanceQuery, PrepRequest
from api.web.auth import Access, web_access
from api.web.i18n import Translator, as_lang, request_language
from api.web.views import render
from coach.errors import InputError
from coach.limits import check_names, check_text
from coach.prep import render_markdown
from coach.prep.lexicon import ui as prep_ui

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
AccessDep = Annotated[Access, Depends(web_access)]
GUIDANCE_K = 6


def _t(request: Request) -> Translator:
    return Translator(request_language(request)[0])


def _plain(result: Any) -> Any:
    """A coach answer as plain data (models dumped), the same shape as the JSON API's."""
    return result.model_dump(mode="json") if isinstance(result, BaseModel) else result


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


# Pages check input with the rules every adapter uses (coach.limits); the message a page shows
# is that rule's wording in the page's language (Translator.rule), the API's word for word in
# English. Errors are keyed by form field: "names[3]" is the names field.

def _form_field(field: str) -> str:
    return field.split("[")[0].split(".")[0] or "_"


def _check_texts(t: Translator, required: dict[str, str], optional: dict[str, str]
                 ) -> dict[str, str]:
    """Rule errors of free-text fields (an optional one may be empty), keyed by field name."""
    errors: dict[str, str] = {}
    for name, value in {**required, **optional}.items():
        if name in optional and not value:
            continue
        try:
            check_text(value, name)
        except InputError as exc:
            errors[name] = t.rule(exc.message)
    return errors


def _names(t: Translator, raw: str) -> tuple[list[str], dict[str, str]]:
    """Person names to keep from the language model (comma- or line-separated)."""
    names = [n.strip() for n in re.split(r"[,;\n]", raw) if n.strip()]
    try:
        return check_names(names), {}
    except InputError as exc:
        return names, {"names": t.rule(exc.message)}


def _validation_errors(t: Translator, exc: ValidationError) -> dict[str, str]:
    """Field errors from a request model, in the page language (first error per field)."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        field, message = field_error(err)
        errors.setdefault(_form_field(field), t.rule(message))
    return errors


def _coach_error(t: Translator, exc: InputError) -> dict[str, str]:
    """A coach input error (`.field` names the input; the message holds no user text)."""
    return {_form_field(exc.field): t.rule(exc.message)}


def _loading(request: Request, access: Access, back: str) -> HTMLResponse:
    response = render(request, "error.html", access, {
        "title_key": "loading_title", "message_key": "loading_message", "back": back},
        status=503)
    response.headers["Retry-After"] = "2"
    return response


@router.get("/")
def home(request: Request, access: AccessDep) -> HTMLResponse:
    """Overview of the four tools."""
    return render(request, "home.html", access)


# --- Feedback ----------------------------------------------------------------------------------

def _feedback(request: Request, access: Access, form: dict[str, str], status: int = 200,
              **ctx: Any) -> HTMLResponse:
    base = {"form": form, "errors": {}, "analysis": None, "rephrase": None, "analyzed_text": ""}
    return render(request, "feedback.html", access, {**base, **ctx}, status=status)


@router.get("/feedback")
def feedback_page(request: Request, access: AccessDep) -> HTMLResponse:
    """The feedback trainer, empty."""
    return _feedback(request, access, {"text": "", "context": "", "names": ""})


@router.post("/feedback")
async def feedback_submit(request: Request, access: AccessDep, coach: CoachDep) -> HTMLResponse:
    """Check the feedback (action=analyze) or ask for behaviour-focused versions (rephrase)."""
    t = _t(request)
    data = await request.form()
    form = {"text": _text(data, "text"), "context": _text(data, "context"),
            "names": _text(data, "names")}
    errors = _check_texts(t, {"text": form["text"]}, {"context": form["context"]})
    names, name_errors = _names(t, form["names"])
    errors.update(name_errors)
    if errors:
        return _feedback(request, access, form, 422, errors=errors)
    rephrase = _text(data, "action") == "rephrase"
    if rephrase and not coach.ready:
        return _loading(request, access, "/feedback")
    try:
        if rephrase:
            answer = _plain(await coach.rephrase_feedback(
                form["text"], context=form["context"] or None, names=names))
            return _feedback(request, access, form, rephrase=answer, analysis=answer["analysis"],
                             analyzed_text=form["text"])
        analysis = _plain(await coach.analyze_feedback(form["text"], names=names))
    except InputError as exc:
        return _feedback(request, access, form, 422, errors=_coach_error(t, exc))
    return _feedback(request, access, form, analysis=analysis, analyzed_text=form["text"])


# --- Goals -------------------------------------------------------------------------------------

def _goals(request: Request, access: Access, form: dict[str, str], status: int = 200,
           **ctx: Any) -> HTMLResponse:
    return render(request, "goals.html", access,
                  {"form": form, "errors": {}, "result": None, **ctx}, status=status)


@router.get("/goals")
def goals_page(request: Request, access: AccessDep) -> HTMLResponse:
    """The SMART goal check, empty."""
    return _goals(request, access, {"goal": "", "context": "", "names": ""})


@router.post("/goals")
async def goals_submit(request: Request, access: AccessDep, coach: CoachDep) -> HTMLResponse:
    """Check a goal against SMART."""
    t = _t(request)
    data = await request.form()
    form = {"goal": _text(data, "goal"), "context": _text(data, "context"),
            "names": _text(data, "names")}
    errors = _check_texts(t, {"goal": form["goal"]}, {"context": form["context"]})
    names, name_errors = _names(t, form["names"])
    errors.update(name_errors)
    if errors:
        return _goals(request, access, form, 422, errors=errors)
    if not coach.ready:
        return _loading(request, access, "/goals")
    try:
        result = _plain(await coach.check_goal(form["goal"], context=form["context"] or None,
                                               names=names))
    except InputError as exc:
        return _goals(request, access, form, 422, errors=_coach_error(t, exc))
    return _goals(request, access, form, result=result)


# --- Preparation -------------------------------------------------------------------------------

def _prep(request: Request, access: Access, form: dict[str, Any], status: int = 200,
          **ctx: Any) -> HTMLResponse:
    lang = as_lang(form.get("language")) or request_language(request)[0]
    return render(request, "prep.html", access, {"form": form, "errors": {}, "result": None,
                                                 "rt": Translator(lang), **ctx}, status=status)


@router.get("/prep")
def prep_page(request: Request, access: AccessDep) -> HTMLResponse:
    """Preparation questions, empty form (language defaults to the page's)."""
    form: dict[str, Any] = {"role": "employee", "language": request_language(request)[0],
                            "count": 10, "topics": [], "context": "", "names": ""}
    return _prep(request, access, form)


@router.post("/prep")
async def prep_submit(request: Request, access: AccessDep, coach: CoachDep) -> HTMLResponse:
    """Open questions for the chosen role, grouped in MUS order, with a Markdown copy."""
    t = _t(request)
    data = await request.form()
    form: dict[str, Any] = {
        "role": _text(data, "role"), "language": _text(data, "language"),
        "count": _text(data, "count") or "10", "context": _text(data, "context"),
        "topics": [v for v in data.getlist("topics") if isinstance(v, str)],
        "names": _text(data, "names")}
    names, name_errors = _names(t, form["names"])
    if name_errors:
        return _prep(request, access, form, 422, errors=name_errors)
    try:
        body = PrepRequest.model_validate({
            "role": form["role"], "language": form["language"] or None, "count": form["count"],
            "context": form["context"] or None, "topics": form["topics"] or None,
            "names": names})
    except ValidationError as exc:
        return _prep(request, access, form, 422, errors=_validation_errors(t, exc))
    if not coach.ready:
        return _loading(request, access, "/prep")
    try:
        result = await coach.prep_questions(body.role, topics=body.topics, context=body.context,
                                            language=body.language, count=body.count,
                                            names=body.names)
    except InputError as exc:
        return _prep(request, access, form, 422, errors=_coach_error(t, exc))
    return _prep(request, access, form, result=_plain(result), markdown=render_markdown(result),
                 sheet_title=prep_ui(f"title_{result.role}", result.language),
                 rt=Translator(result.language))


# --- Guidance ----------------------------------------------------------------------------------

@router.get("/guidance")
async def guidance_page(request: Request, access: AccessDep, coach: CoachDep) -> HTMLResponse:
    """Search the guidance (a GET form, so a search can be bookmarked and shared)."""
    t = _t(request)
    params = request.query_params
    form: dict[str, str] = {k: params.get(k, "").strip()
                            for k in ("q", "topic", "audience", "language")}
    ctx: dict[str, Any] = {"form": form, "errors": {}, "results": None}
    if "q" in params:
        try:
            query = GuidanceQuery.model_validate({
                "q": form["q"], "k": GUIDANCE_K, "topic": form["topic"] or None,
                "audience": form["audience"] or None, "language": form["language"] or None})
        except ValidationError as exc:
            ctx["errors"] = _validation_errors(t, exc)
            return render(request, "guidance.html", access, ctx, status=422)
        if not coach.ready:
            return _loading(request, access, "/guidance")
        try:
            hits = await coach.search_guidance(query.q, query.k, topic=query.topic,
                                               audience=query.audience, language=query.language)
            ctx["results"] = [_plain(h) for h in hits]
        except InputError as exc:
            ctx["errors"] = _coach_error(t, exc)
            return render(request, "guidance.html", access, ctx, status=422)
    return render(request, "guidance.html", access, ctx)
