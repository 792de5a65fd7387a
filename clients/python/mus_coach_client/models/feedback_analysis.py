from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.feedback_analysis_engine import FeedbackAnalysisEngine
from ..models.feedback_analysis_language import FeedbackAnalysisLanguage
from ..models.feedback_analysis_redacted_item import FeedbackAnalysisRedactedItem
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.finding import Finding


T = TypeVar("T", bound="FeedbackAnalysis")


@_attrs_define
class FeedbackAnalysis:
    """ Result of `POST /v1/feedback/analyze`.

        Attributes:
            language (FeedbackAnalysisLanguage):
            person_directed (bool):
            findings (list[Finding]):
            strengths (list[str]):
            engine (FeedbackAnalysisEngine | Unset): 'llm' when a configured model gave its second opinion (it may only add
                findings), 'rules' for the rules and the learned detector alone. Default: FeedbackAnalysisEngine.RULES.
            degraded (bool | Unset): True when a model is configured but its second opinion failed or was rejected. Default:
                False.
            redacted (list[FeedbackAnalysisRedactedItem] | Unset): Kinds of personal data hidden from the model before the
                text left (person, cpr, email, phone, iban, account); empty when no model was asked or nothing was hidden.
     """

    language: FeedbackAnalysisLanguage
    person_directed: bool
    findings: list[Finding]
    strengths: list[str]
    engine: FeedbackAnalysisEngine | Unset = FeedbackAnalysisEngine.RULES
    degraded: bool | Unset = False
    redacted: list[FeedbackAnalysisRedactedItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.finding import Finding # noqa: PLC0415
        language = self.language.value

        person_directed = self.person_directed

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)


        strengths = self.strengths


        engine: str | Unset = UNSET
        if not isinstance(self.engine, Unset):
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
            "person_directed": person_directed,
            "findings": findings,
            "strengths": strengths,
        })
        if engine is not UNSET:
            field_dict["engine"] = engine
        if degraded is not UNSET:
            field_dict["degraded"] = degraded
        if redacted is not UNSET:
            field_dict["redacted"] = redacted

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding import Finding # noqa: PLC0415
        d = dict(src_dict)
        language = FeedbackAnalysisLanguage(d.pop("language"))


        person_directed = d.pop("person_directed")

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in (_findings):
            findings_item = Finding.from_dict(findings_item_data)


            findings.append(findings_item)


        strengths = cast(list[str], d.pop("strengths"))


        _engine = d.pop("engine", UNSET)
        engine: FeedbackAnalysisEngine | Unset
        if isinstance(_engine,  Unset):
            engine = UNSET
        else:
            engine = FeedbackAnalysisEngine(_engine)


        degraded = d.pop("degraded", UNSET)

        _redacted = d.pop("redacted", UNSET)
        redacted: list[FeedbackAnalysisRedactedItem] | Unset = UNSET
        if _redacted is not UNSET:
            redacted = []
            for redacted_item_data in _redacted:
                redacted_item = FeedbackAnalysisRedactedItem(redacted_item_data)


                redacted.append(redacted_item)


        feedback_analysis = cls(
            language=language,
            person_directed=person_directed,
            findings=findings,
            strengths=strengths,
            engine=engine,
            degraded=degraded,
            redacted=redacted,
        )


        feedback_analysis.additional_properties = d
        return feedback_analysis

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
