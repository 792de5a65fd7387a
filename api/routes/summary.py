"""`POST /v1/mus/summary`: referat, goals, to-dos and follow-up plan from MUS notes (logic in
`coach.summary`); with `Accept: text/calendar` the plan as an iCalendar file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response

from api.deps import ReadyCoachDep
from api.schemas import SummaryRequest
from coach.summary import SummaryResult, to_ics

router = APIRouter(prefix="/v1/mus", tags=["summary"])

CALENDAR = "text/calendar"
CALENDAR_EXAMPLE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mus-coach//MUS summary//DA\r\n"
                    "…\r\nBEGIN:VEVENT\r\nSUMMARY:Opfølgning på MUS\r\n"
                    "DTSTART;VALUE=DATE:20260512\r\n…\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _quality(accept: str, media: str) -> float:
    """The q-value `accept` gives `media` (exact type, "type/*" or "*/*"), 0 when absent."""
    best, specificity = 0.0, -1
    kind = media.split("/")[0]
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        name = fields[0].lower()
        rank = 2 if name == media else 1 if name == f"{kind}/*" else 0 if name == "*/*" else -1
        if rank < 0:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if rank > specificity:
            best, specificity = q, rank
    return best


def wants_calendar(accept: str | None) -> bool:
    """True when the client prefers text/calendar to JSON (RFC 9110 content negotiation)."""
    if not accept:
        return False
    calendar = _quality(accept, CALENDAR)
    return calendar > 0 and calendar > _quality(accept, "application/json")


@router.post("/summary", response_model=SummaryResult,
             responses={200: {"content": {CALENDAR: {"schema": {"type": "string"},
                                                     "example": CALENDAR_EXAMPLE}},
                              "description": "The summary (JSON), or with `Accept: "
                              "text/calendar` the follow-up plan as an RFC 5545 file"},
                        422: {"description": "Invalid notes, language, today, meeting_date or "
                                             "names"},
                        503: {"description": "Knowledge index not loaded yet"}})
async def summary(body: SummaryRequest, coach: ReadyCoachDep,
                  accept: Annotated[str | None, Header()] = None) -> Response | SummaryResult:
    """Turn the notes from a MUS into a referat, the agreed goals, to-dos and follow-ups.

    Every point, goal and to-do names the note text it rests on (`start`/`end`); a follow-up
    the notes do not state is `proposed: true`. With `Accept: text/calendar` the answer is an
    iCalendar file with one event per follow-up, goal deadline and to-do due date.
    """
    result = await coach.summarize_mus(body.notes, language=body.language, today=body.today,
                                       meeting_date=body.meeting_date, names=body.names)
    if wants_calendar(accept):
        return Response(to_ics(result), media_type=f"{CALENDAR}; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="mus-plan.ics"'})
    return result
