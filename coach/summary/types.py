"""The MUS summary's types: the answer of `POST /v1/mus/summary` and its parts.

Every point, goal and action carries `start`/`end`: offsets into the notes exactly as sent, so
`text == notes[start:end]` always holds and a reader can check each line against the notes.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from coach.goals.types import GoalCheck
from coach.language import Language
from coach.types import Engine, SourceRef

Owner = Literal["employee", "manager", "both"]


class Point(BaseModel):
    """A line (or sentence) of the notes, filed under a MUS topic."""

    text: str = Field(description="The note text, exactly notes[start:end].")
    start: int
    end: int


class Section(BaseModel):
    """The points on one MUS topic, in the order the notes give them."""

    topic: str = Field(description="Taxonomy slug (work-situation, wellbeing, ...).")
    title: str
    points: list[Point]
    summary: str | None = Field(default=None,
                                description="The section in a few neutral sentences, "
                                "written by the language model and checked against the notes "
                                "(null with the rules engine).")


class SummaryGoal(BaseModel):
    """An agreed goal with the goal checker's verdict."""

    text: str = Field(description="The goal as the notes state it, exactly notes[start:end].")
    start: int
    end: int
    deadline: date | None = Field(description="The goal's deadline when the notes give a day "
                                  "(resolved against meeting_date, else today); null when they "
                                  "give none or only a period such as 'i juni' (then a question "
                                  "asks for the day).")
    check: GoalCheck = Field(description="The SMART check, as POST /v1/goals/check answers it.")


class SummaryAction(BaseModel):
    """A to-do: who does what by when."""

    text: str = Field(description="The to-do as the notes state it, exactly notes[start:end].")
    owner: Owner | None = Field(description="employee, manager, both, or null when the notes "
                                "name nobody (or someone outside the conversation).")
    due: date | None = Field(description="When it is due, if the notes give a day.")
    start: int
    end: int


class FollowUp(BaseModel):
    """A follow-up meeting: stated in the notes, or proposed (`proposed: true`)."""

    date: date
    title: str
    reason: str = Field(description="Why this date: the note it rests on, or the rule that "
                        "proposed it.")
    proposed: bool = Field(description="True when the notes do not state this meeting: a "
                           "proposal to agree on, derived from the goal deadlines and the "
                           "guidance.")
    time: str | None = Field(default=None, description="HH:MM when the notes give a time.")
    start: int | None = Field(default=None,
                              description="Offset of the note it rests on (stated only).")
    end: int | None = None


class Participant(BaseModel):
    """A person the notes name, with their side of the conversation."""

    name: str
    role: Literal["employee", "manager"] | None = Field(
        description="The side the notes give them; null when the notes only imply it.")


class SummaryResult(BaseModel):
    """The answer of `POST /v1/mus/summary`."""

    language: Language
    meeting_date: date | None = Field(description="The meeting date the request gave.")
    reference_date: date = Field(description="The date relative dates resolved against: "
                                 "meeting_date, else today, else the server's date.")
    participants: list[Participant] = Field(default_factory=list)
    sections: list[Section]
    goals: list[SummaryGoal]
    actions: list[SummaryAction]
    follow_up: list[FollowUp]
    questions: list[str] = Field(description="What the notes leave open: a goal without a "
                                 "deadline, a to-do without an owner, no follow-up date.")
    markdown: str = Field(description="The referat in the notes' language, ready to paste "
                          "into an HR system or print.")
    sources: list[SourceRef] = Field(default_factory=list)
    engine: Engine = "rules"
    degraded: bool = False
