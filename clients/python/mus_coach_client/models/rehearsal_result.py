from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rehearsal_result_engine import RehearsalResultEngine
from ..models.rehearsal_result_language import RehearsalResultLanguage
from ..models.rehearsal_result_move import RehearsalResultMove
from ..models.rehearsal_result_persona import RehearsalResultPersona
from ..models.rehearsal_result_reaction import RehearsalResultReaction
from typing import cast

if TYPE_CHECKING:
  from ..models.feedback_analysis import FeedbackAnalysis
  from ..models.source_ref import SourceRef


T = TypeVar("T", bound="RehearsalResult")


@_attrs_define
class RehearsalResult:
    """ Result of `POST /v1/feedback/rehearse`.

        Attributes:
            language (RehearsalResultLanguage):
            persona (RehearsalResultPersona):
            reply (str): What the employee says next (at most three sentences).
            coach_tip (str): Coaching on the manager's line: what worked, what to try instead, with the guidance it rests
                on.
            analysis (FeedbackAnalysis): Result of `POST /v1/feedback/analyze`.
            sources (list[SourceRef]):
            engine (RehearsalResultEngine):
            degraded (bool):
            move (RehearsalResultMove): What the manager's line does, as the coach read it.
            reaction (RehearsalResultReaction): How the employee's reply reacts to it.
     """

    language: RehearsalResultLanguage
    persona: RehearsalResultPersona
    reply: str
    coach_tip: str
    analysis: FeedbackAnalysis
    sources: list[SourceRef]
    engine: RehearsalResultEngine
    degraded: bool
    move: RehearsalResultMove
    reaction: RehearsalResultReaction
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.feedback_analysis import FeedbackAnalysis # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        language = self.language.value

        persona = self.persona.value

        reply = self.reply

        coach_tip = self.coach_tip

        analysis = self.analysis.to_dict()

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)


        engine = self.engine.value

        degraded = self.degraded

        move = self.move.value

        reaction = self.reaction.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "language": language,
            "persona": persona,
            "reply": reply,
            "coach_tip": coach_tip,
            "analysis": analysis,
            "sources": sources,
            "engine": engine,
            "degraded": degraded,
            "move": move,
            "reaction": reaction,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feedback_analysis import FeedbackAnalysis # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        d = dict(src_dict)
        language = RehearsalResultLanguage(d.pop("language"))


        persona = RehearsalResultPersona(d.pop("persona"))


        reply = d.pop("reply")

        coach_tip = d.pop("coach_tip")

        analysis = FeedbackAnalysis.from_dict(d.pop("analysis"))


        sources = []
        _sources = d.pop("sources")
        for sources_item_data in (_sources):
            sources_item = SourceRef.from_dict(sources_item_data)


            sources.append(sources_item)


        engine = RehearsalResultEngine(d.pop("engine"))


        degraded = d.pop("degraded")

        move = RehearsalResultMove(d.pop("move"))


        reaction = RehearsalResultReaction(d.pop("reaction"))


        rehearsal_result = cls(
            language=language,
            persona=persona,
            reply=reply,
            coach_tip=coach_tip,
            analysis=analysis,
            sources=sources,
            engine=engine,
            degraded=degraded,
            move=move,
            reaction=reaction,
        )


        rehearsal_result.additional_properties = d
        return rehearsal_result

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
