from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="PrepQuestion")


@_attrs_define
class PrepQuestion:
    """ One question to bring to the meeting.

        Attributes:
            text (str):
            why (str): Why the question is worth asking, in one short sentence.
            source_ids (list[str]): Bank entries and passages the question rests on.
     """

    text: str
    why: str
    source_ids: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        text = self.text

        why = self.why

        source_ids = self.source_ids


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "why": why,
            "source_ids": source_ids,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        why = d.pop("why")

        source_ids = cast(list[str], d.pop("source_ids"))


        prep_question = cls(
            text=text,
            why=why,
            source_ids=source_ids,
        )


        prep_question.additional_properties = d
        return prep_question

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
