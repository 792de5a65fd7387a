from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prep_result_engine import PrepResultEngine
from ..models.prep_result_language import PrepResultLanguage
from ..models.prep_result_redacted_item import PrepResultRedactedItem
from ..models.prep_result_role import PrepResultRole
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.prep_section import PrepSection
  from ..models.source_ref import SourceRef


T = TypeVar("T", bound="PrepResult")


@_attrs_define
class PrepResult:
    """ The answer of `POST /v1/prep/questions`.

        Attributes:
            language (PrepResultLanguage):
            role (PrepResultRole):
            sections (list[PrepSection]):
            sources (list[SourceRef]):
            engine (PrepResultEngine | Unset):  Default: PrepResultEngine.RULES.
            degraded (bool | Unset): True when an LLM is configured and at least one question had to come unchanged from the
                bank (or all of them did). Default: False.
            redacted (list[PrepResultRedactedItem] | Unset): Kinds of personal data hidden from the model before the text
                left (person, cpr, email, phone, iban, account); empty when no model was asked or nothing was hidden.
     """

    language: PrepResultLanguage
    role: PrepResultRole
    sections: list[PrepSection]
    sources: list[SourceRef]
    engine: PrepResultEngine | Unset = PrepResultEngine.RULES
    degraded: bool | Unset = False
    redacted: list[PrepResultRedactedItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.prep_section import PrepSection # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        language = self.language.value

        role = self.role.value

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)


        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)


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
            "role": role,
            "sections": sections,
            "sources": sources,
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
        from ..models.prep_section import PrepSection # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        d = dict(src_dict)
        language = PrepResultLanguage(d.pop("language"))


        role = PrepResultRole(d.pop("role"))


        sections = []
        _sections = d.pop("sections")
        for sections_item_data in (_sections):
            sections_item = PrepSection.from_dict(sections_item_data)


            sections.append(sections_item)


        sources = []
        _sources = d.pop("sources")
        for sources_item_data in (_sources):
            sources_item = SourceRef.from_dict(sources_item_data)


            sources.append(sources_item)


        _engine = d.pop("engine", UNSET)
        engine: PrepResultEngine | Unset
        if isinstance(_engine,  Unset):
            engine = UNSET
        else:
            engine = PrepResultEngine(_engine)


        degraded = d.pop("degraded", UNSET)

        _redacted = d.pop("redacted", UNSET)
        redacted: list[PrepResultRedactedItem] | Unset = UNSET
        if _redacted is not UNSET:
            redacted = []
            for redacted_item_data in _redacted:
                redacted_item = PrepResultRedactedItem(redacted_item_data)


                redacted.append(redacted_item)


        prep_result = cls(
            language=language,
            role=role,
            sections=sections,
            sources=sources,
            engine=engine,
            degraded=degraded,
            redacted=redacted,
        )


        prep_result.additional_properties = d
        return prep_result

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
