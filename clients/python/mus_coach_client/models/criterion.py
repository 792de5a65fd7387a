from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="Criterion")


@_attrs_define
class Criterion:
    """ One SMART criterion.

        Attributes:
            met (bool | None): true/false, or null when it cannot be judged.
            evidence (list[str]): Phrases from the goal or context that decided it.
            advice (str): What to do next, in the request's language.
     """

    met: bool | None
    evidence: list[str]
    advice: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        met: bool | None
        met = self.met

        evidence = self.evidence


        advice = self.advice


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "met": met,
            "evidence": evidence,
            "advice": advice,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_met(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        met = _parse_met(d.pop("met"))


        evidence = cast(list[str], d.pop("evidence"))


        advice = d.pop("advice")

        criterion = cls(
            met=met,
            evidence=evidence,
            advice=advice,
        )


        criterion.additional_properties = d
        return criterion

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
