from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.summary_result_engine import SummaryResultEngine
from ..models.summary_result_language import SummaryResultLanguage
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.follow_up import FollowUp
  from ..models.participant import Participant
  from ..models.section import Section
  from ..models.source_ref import SourceRef
  from ..models.summary_action import SummaryAction
  from ..models.summary_goal import SummaryGoal


T = TypeVar("T", bound="SummaryResult")


@_attrs_define
class SummaryResult:
    """ The answer of `POST /v1/mus/summary`.

        Attributes:
            language (SummaryResultLanguage):
            meeting_date (datetime.date | None): The meeting date the request gave.
            reference_date (datetime.date): The date relative dates resolved against: meeting_date, else today, else the
                server's date.
            sections (list[Section]):
            goals (list[SummaryGoal]):
            actions (list[SummaryAction]):
            follow_up (list[FollowUp]):
            questions (list[str]): What the notes leave open: a goal without a deadline, a to-do without an owner, no
                follow-up date.
            markdown (str): The referat in the notes' language, ready to paste into an HR system or print.
            participants (list[Participant] | Unset):
            sources (list[SourceRef] | Unset):
            engine (SummaryResultEngine | Unset):  Default: SummaryResultEngine.RULES.
            degraded (bool | Unset):  Default: False.
     """

    language: SummaryResultLanguage
    meeting_date: datetime.date | None
    reference_date: datetime.date
    sections: list[Section]
    goals: list[SummaryGoal]
    actions: list[SummaryAction]
    follow_up: list[FollowUp]
    questions: list[str]
    markdown: str
    participants: list[Participant] | Unset = UNSET
    sources: list[SourceRef] | Unset = UNSET
    engine: SummaryResultEngine | Unset = SummaryResultEngine.RULES
    degraded: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.follow_up import FollowUp # noqa: PLC0415
        from ..models.participant import Participant # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        from ..models.summary_action import SummaryAction # noqa: PLC0415
        from ..models.summary_goal import SummaryGoal # noqa: PLC0415
        language = self.language.value

        meeting_date: None | str
        if isinstance(self.meeting_date, datetime.date):
            meeting_date = self.meeting_date.isoformat()
        else:
            meeting_date = self.meeting_date

        reference_date = self.reference_date.isoformat()

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)


        goals = []
        for goals_item_data in self.goals:
            goals_item = goals_item_data.to_dict()
            goals.append(goals_item)


        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)


        follow_up = []
        for follow_up_item_data in self.follow_up:
            follow_up_item = follow_up_item_data.to_dict()
            follow_up.append(follow_up_item)


        questions = self.questions


        markdown = self.markdown

        participants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = []
            for participants_item_data in self.participants:
                participants_item = participants_item_data.to_dict()
                participants.append(participants_item)


        sources: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = []
            for sources_item_data in self.sources:
                sources_item = sources_item_data.to_dict()
                sources.append(sources_item)


        engine: str | Unset = UNSET
        if not isinstance(self.engine, Unset):
            engine = self.engine.value


        degraded = self.degraded


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "language": language,
            "meeting_date": meeting_date,
            "reference_date": reference_date,
            "sections": sections,
            "goals": goals,
            "actions": actions,
            "follow_up": follow_up,
            "questions": questions,
            "markdown": markdown,
        })
        if participants is not UNSET:
            field_dict["participants"] = participants
        if sources is not UNSET:
            field_dict["sources"] = sources
        if engine is not UNSET:
            field_dict["engine"] = engine
        if degraded is not UNSET:
            field_dict["degraded"] = degraded

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.follow_up import FollowUp # noqa: PLC0415
        from ..models.participant import Participant # noqa: PLC0415
        from ..models.section import Section # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        from ..models.summary_action import SummaryAction # noqa: PLC0415
        from ..models.summary_goal import SummaryGoal # noqa: PLC0415
        d = dict(src_dict)
        language = SummaryResultLanguage(d.pop("language"))


        def _parse_meeting_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                meeting_date_type_0 = datetime.date.fromisoformat(data)


                return meeting_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        meeting_date = _parse_meeting_date(d.pop("meeting_date"))


        reference_date = datetime.date.fromisoformat(d.pop("reference_date"))


        sections = []
        _sections = d.pop("sections")
        for sections_item_data in (_sections):
            sections_item = Section.from_dict(sections_item_data)


            sections.append(sections_item)


        goals = []
        _goals = d.pop("goals")
        for goals_item_data in (_goals):
            goals_item = SummaryGoal.from_dict(goals_item_data)


            goals.append(goals_item)


        actions = []
        _actions = d.pop("actions")
        for actions_item_data in (_actions):
            actions_item = SummaryAction.from_dict(actions_item_data)


            actions.append(actions_item)


        follow_up = []
        _follow_up = d.pop("follow_up")
        for follow_up_item_data in (_follow_up):
            follow_up_item = FollowUp.from_dict(follow_up_item_data)


            follow_up.append(follow_up_item)


        questions = cast(list[str], d.pop("questions"))


        markdown = d.pop("markdown")

        _participants = d.pop("participants", UNSET)
        participants: list[Participant] | Unset = UNSET
        if _participants is not UNSET:
            participants = []
            for participants_item_data in _participants:
                participants_item = Participant.from_dict(participants_item_data)


                participants.append(participants_item)


        _sources = d.pop("sources", UNSET)
        sources: list[SourceRef] | Unset = UNSET
        if _sources is not UNSET:
            sources = []
            for sources_item_data in _sources:
                sources_item = SourceRef.from_dict(sources_item_data)


                sources.append(sources_item)


        _engine = d.pop("engine", UNSET)
        engine: SummaryResultEngine | Unset
        if isinstance(_engine,  Unset):
            engine = UNSET
        else:
            engine = SummaryResultEngine(_engine)


        degraded = d.pop("degraded", UNSET)

        summary_result = cls(
            language=language,
            meeting_date=meeting_date,
            reference_date=reference_date,
            sections=sections,
            goals=goals,
            actions=actions,
            follow_up=follow_up,
            questions=questions,
            markdown=markdown,
            participants=participants,
            sources=sources,
            engine=engine,
            degraded=degraded,
        )


        summary_result.additional_properties = d
        return summary_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
