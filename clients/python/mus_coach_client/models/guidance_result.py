from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.guidance_result_audience import GuidanceResultAudience
from ..models.guidance_result_language_type_0 import GuidanceResultLanguageType0
from ..models.guidance_result_source import GuidanceResultSource
from typing import cast


T = TypeVar("T", bound="GuidanceResult")


@_attrs_define
class GuidanceResult:
    """ One guidance passage, as the contract lists it.

        Attributes:
            id (str): Stable passage id `<doc-id>:<sha256(text)[:8]>`.
            title (str):
            topic (str):
            audience (GuidanceResultAudience):
            language (GuidanceResultLanguageType0 | None):
            source (GuidanceResultSource):
            text (str):
            score (float): Relevance, higher is better; results are sorted by it.
     """

    id: str
    title: str
    topic: str
    audience: GuidanceResultAudience
    language: GuidanceResultLanguageType0 | None
    source: GuidanceResultSource
    text: str
    score: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        topic = self.topic

        audience = self.audience.value

        language: None | str
        if isinstance(self.language, GuidanceResultLanguageType0):
            language = self.language.value
        else:
            language = self.language

        source = self.source.value

        text = self.text

        score = self.score


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "topic": topic,
            "audience": audience,
            "language": language,
            "source": source,
            "text": text,
            "score": score,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        topic = d.pop("topic")

        audience = GuidanceResultAudience(d.pop("audience"))


        def _parse_language(data: object) -> GuidanceResultLanguageType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = GuidanceResultLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GuidanceResultLanguageType0 | None, data)

        language = _parse_language(d.pop("language"))


        source = GuidanceResultSource(d.pop("source"))


        text = d.pop("text")

        score = d.pop("score")

        guidance_result = cls(
            id=id,
            title=title,
            topic=topic,
            audience=audience,
            language=language,
            source=source,
            text=text,
            score=score,
        )


        guidance_result.additional_properties = d
        return guidance_result

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
