"""The MCP tools: one row per tool, naming the Coach method, its input model and output model.

The input model is the HTTP request model (api/schemas.py), so a tool takes the same fields with
the same limits as its route, and the output model is the model the route returns, so the tool's
`structuredContent` is the HTTP response body. A tool calls its Coach method with the request's
fields as keyword arguments (the routes' naming convention); `call` overrides that where a route
does more than pass the fields on. Adding a tool is adding a row to `TOOLS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from api.schemas import (
    FeedbackAnalyzeRequest,
    FeedbackRehearseRequest,
    FeedbackRephraseRequest,
    GoalCheckRequest,
    GuidanceQuery,
    GuidanceResponse,
    GuidanceResult,
    PrepRequest,
)
from coach.feedback import FeedbackAnalysis, RephraseResult
from coach.goals import GoalCheck
from coach.prep import PrepResult
from coach.rehearsal import RehearsalResult
from coach.service import Coach


@dataclass(frozen=True)
class ToolSpec:
    """One MCP tool.

    Attributes:
        name: The tool name a model calls.
        title: A short human title (shown by clients).
        method: The Coach method the tool calls, e.g. `Coach.check_goal`.
        request: The arguments: the HTTP request model of the matching route.
        response: The structured content: the model the route returns.
        description: What the tool is for, written for a model choosing among tools.
        needs_index: The route answers 503 until the knowledge index is loaded (ReadyCoachDep).
        call: Calls the method when the route does more than pass the fields on by name.
    """

    name: str
    title: str
    method: Callable[..., Awaitable[Any]]
    request: type[BaseModel]
    response: type[BaseModel]
    description: str
    needs_index: bool = True
    call: Callable[[Coach, Any], Awaitable[BaseModel]] | None = None


NAMES_HINT = (
    "Put every person name that appears in the text into `names`: names, CPR numbers, e-mail "
    "addresses and phone numbers are replaced by placeholders before any text reaches a language "
    "model, and restored in the answer."
)

ANALYZE = f"""\
Check a piece of workplace feedback for person-directed wording, without rewriting it. Finds
labels about the person ("du er sløset", "you're careless"), sweeping always/never claims ("du
kommer altid for sent", "you never listen") and guesses about motives or feelings ("du er
ligeglad", "you don't care"); each finding has its category, character offsets into `text`, the
excerpt and an explanation, and `strengths` lists what the text already does well. Use it when
the user asks whether feedback is fair, ready to send or too harsh; use rephrase_feedback when
they want a better version. Danish or English (detected when `language` is absent). Fast, needs
no language model. {NAMES_HINT}"""

REPHRASE = f"""\
Rewrite feedback as behaviour-focused suggestions in situation-behaviour-impact-request form
(SBI), with the analysis of the original, an explanation and the guidance passages it rests on.
Examples: "Du er altid så negativ på møderne" or "You never listen to the team". Put what
happened, when and who was there in `context`. The coach never invents facts: what it does not
know comes back as a visible placeholder such as [hvornår?] or [when?]; ask the user for it and
do not fill it in yourself. `engine` says whether a language model or the rules wrote the
suggestions. {NAMES_HINT}"""

REHEARSE = f"""\
Rehearse a feedback conversation: `feedback` is the manager's latest line, `history` the earlier
turns (oldest first, at most 20, each {{"role": "manager"|"employee", "text": ...}}), `persona`
how the employee reacts (open, defensive, surprised, quiet, upset; default open). Returns the
employee's next line (`reply`) and a coach tip on the manager's line that quotes the judging
wording and cites the guidance. Judging wording ("du er så negativ", "you're careless")
draws a hurt or defensive reply that picks up the words; a concrete, behaviour-focused line an
engaged one. Nothing is stored: send the conversation so far every time, appending the manager's
line and the `reply` to `history`. {NAMES_HINT}"""

CHECK_GOAL = f"""\
Check a development goal against SMART (specific, measurable, achievable, relevant,
time-bound) and suggest a SMART version. Examples: "Jeg vil blive bedre til at præsentere", "Holde
to kundeworkshops inden sommerferien", "Get better at presenting", "Lead two customer workshops by
1 June 2026". Each criterion is met true, false, or null when it cannot be judged, with the
phrases that decided it and advice; achievable and relevant stay null unless `context` describes
the role, team goals or resources. Relative deadlines ("inden sommerferien", "by the end of Q3")
resolve against `today` (YYYY-MM-DD, default the server's date) into `deadline`. The suggestion
keeps placeholders for facts the goal does not give; `questions` are what to ask the user.
{NAMES_HINT}"""

PREP = f"""\
Open questions to prepare a MUS (medarbejderudviklingssamtale, the Danish periodic development
conversation between employee and manager), for `role` employee or manager, in sections ordered
the way the meeting runs, each question with why it matters and the guidance it comes from.
Without `topics` the coach picks topics from `context` plus the core ones (work situation,
expectations and goals, development, feedback); `topics` are taxonomy slugs (resource
taxonomy://topics): purpose, preparation-employee, preparation-manager, work-situation,
expectations-goals, smart-goals, development, feedback, challenges, follow-up, wellbeing, virtual,
documentation. Examples of `context`: "Jeg vil gerne have mere ansvar, men føler mig presset",
"New in the team, first MUS, I feel overloaded". `count` is the number of questions (1-30).
{NAMES_HINT}"""

SEARCH = """\
Search the MUS guidance: the built-in passages and the organisation's own documents, Danish and
English together, best first. Examples of `q`: "Hvordan forbereder jeg mig som leder?", "hvad
gør vi efter samtalen", "how do I give feedback on behaviour, not the person", "MUS over video".
Filter with `topic` (a taxonomy slug, see resource taxonomy://topics), `audience` (employee,
manager or both) and `language` (that language first). Each result has an `id`; the whole
passage is the resource guidance://{id}. Cite passages by title when you use them."""


async def _search(coach: Coach, query: GuidanceQuery) -> GuidanceResponse:
    """As `GET /v1/guidance/search` (api/routes/guidance.py): the passages without `doc_id`."""
    hits = await coach.search_guidance(query.q, query.k, topic=query.topic,
                                       audience=query.audience, language=query.language)
    return GuidanceResponse(results=[GuidanceResult.model_validate(h.model_dump()) for h in hits])


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("analyze_feedback", "Check feedback for person-directed wording",
             Coach.analyze_feedback, FeedbackAnalyzeRequest, FeedbackAnalysis, ANALYZE,
             needs_index=False),
    ToolSpec("rephrase_feedback", "Rephrase feedback (SBI)",
             Coach.rephrase_feedback, FeedbackRephraseRequest, RephraseResult, REPHRASE),
    ToolSpec("rehearse_feedback", "Rehearse a feedback conversation",
             Coach.rehearse_feedback, FeedbackRehearseRequest, RehearsalResult, REHEARSE),
    ToolSpec("check_goal", "Check a goal against SMART",
             Coach.check_goal, GoalCheckRequest, GoalCheck, CHECK_GOAL),
    ToolSpec("prep_questions", "Questions to prepare a MUS",
             Coach.prep_questions, PrepRequest, PrepResult, PREP),
    ToolSpec("search_guidance", "Search the MUS guidance",
             Coach.search_guidance, GuidanceQuery, GuidanceResponse, SEARCH, call=_search),
)
