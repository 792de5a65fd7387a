from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.finding_category import FindingCategory


T = TypeVar("T", bound="Finding")


@_attrs_define
class Finding:
    """ One person-directed passage of the text.

        Attributes:
            category (FindingCategory):
            start (int): Character offset into the text where the passage starts.
            end (int): Character offset where it ends; excerpt == text[start:end].
            excerpt (str):
            explanation (str):
     """

    category: FindingCategory
    start: int
    end: int
    excerpt: str
    explanation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        start = self.start

        end = self.end

        excerpt = self.excerpt

        explanation = self.explanation


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "category": category,
            "start": start,
            "end": end,
            "excerpt": excerpt,
            "explanation": explanation,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = FindingCategory(d.pop("category"))


        start = d.pop("start")

        end = d.pop("end")

        excerpt = d.pop("excerpt")

        explanation = d.pop("explanation")

        finding = cls(
            category=category,
            start=start,
            end=end,
            excerpt=excerpt,
            explanation=explanation,
        )


        finding.additional_properties = d
        return finding

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
