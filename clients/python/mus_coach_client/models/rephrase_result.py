from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rephrase_result_engine import RephraseResultEngine
from ..models.rephrase_result_language import RephraseResultLanguage
from ..models.rephrase_result_redacted_item import RephraseResultRedactedItem
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.feedback_analysis import FeedbackAnalysis
  from ..models.sbi_suggestion import SBISuggestion
  from ..models.source_ref import SourceRef


T = TypeVar("T", bound="RephraseResult")


@_attrs_define
class RephraseResult:
    """ Result of `POST /v1/feedback/rephrase`.

        Attributes:
            language (RephraseResultLanguage):
            analysis (FeedbackAnalysis): Result of `POST /v1/feedback/analyze`.
            suggestions (list[SBISuggestion]):
            explanation (str):
            sources (list[SourceRef]):
            engine (RephraseResultEngine):
            degraded (bool):
            redacted (list[RephraseResultRedactedItem] | Unset): Kinds of personal data hidden from the model before the
                text left (person, cpr, email, phone, iban, account); empty when no model was asked or nothing was hidden.
     """

    language: RephraseResultLanguage
    analysis: FeedbackAnalysis
    suggestions: list[SBISuggestion]
    explanation: str
    sources: list[SourceRef]
    engine: RephraseResultEngine
    degraded: bool
    redacted: list[RephraseResultRedactedItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.feedback_analysis import FeedbackAnalysis # noqa: PLC0415
        from ..models.sbi_suggestion import SBISuggestion # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        language = self.language.value

        analysis = self.analysis.to_dict()

        suggestions = []
        for suggestions_item_data in self.suggestions:
            suggestions_item = suggestions_item_data.to_dict()
            suggestions.append(suggestions_item)


        explanation = self.explanation

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)


        engine = self.engine.value

        degraded = self.degraded

        redacted: list[str] | Unset = UNSET
        if not isinstance(self.redacted, Unset):
            redacted = []
            for redacted_item_data in self.redacted:
                redacted_item = redacted_item_data.value
                redacted.append(redacted_item)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "language": language,
            "analysis": analysis,
            "suggestions": suggestions,
            "explanation": explanation,
            "sources": sources,
            "engine": engine,
            "degraded": degraded,
        })
        if redacted is not UNSET:
            field_dict["redacted"] = redacted

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feedback_analysis import FeedbackAnalysis # noqa: PLC0415
        from ..models.sbi_suggestion import SBISuggestion # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        d = dict(src_dict)
        language = RephraseResultLanguage(d.pop("language"))


        analysis = FeedbackAnalysis.from_dict(d.pop("analysis"))


        suggestions = []
        _suggestions = d.pop("suggestions")
        for suggestions_item_data in (_suggestions):
            suggestions_item = SBISuggestion.from_dict(suggestions_item_data)


            suggestions.append(suggestions_item)


        explanation = d.pop("explanation")

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in (_sources):
            sources_item = SourceRef.from_dict(sources_item_data)


            sources.append(sources_item)


        engine = RephraseResultEngine(d.pop("engine"))


        degraded = d.pop("degraded")

        _redacted = d.pop("redacted", UNSET)
        redacted: list[RephraseResultRedactedItem] | Unset = UNSET
        if _redacted is not UNSET:
            redacted = []
            for redacted_item_data in _redacted:
                redacted_item = RephraseResultRedactedItem(redacted_item_data)


                redacted.append(redacted_item)


        rephrase_result = cls(
            language=language,
            analysis=analysis,
            suggestions=suggestions,
            explanation=explanation,
            sources=sources,
            engine=engine,
            degraded=degraded,
            redacted=redacted,
        )


        rephrase_result.additional_properties = d
        return rephrase_result

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
