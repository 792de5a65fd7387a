from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rehearsal_turn_role import RehearsalTurnRole


T = TypeVar("T", bound="RehearsalTurn")


@_attrs_define
class RehearsalTurn:
    """ One earlier line of the rehearsed conversation.

        Attributes:
            role (RehearsalTurnRole): Who said it: the manager (the user) or the employee (the coach's replies).
            text (str): What was said (1-4000 characters).
     """

    role: RehearsalTurnRole
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        text = self.text


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "role": role,
            "text": text,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = RehearsalTurnRole(d.pop("role"))


        text = d.pop("text")

        rehearsal_turn = cls(
            role=role,
            text=text,
        )


        rehearsal_turn.additional_properties = d
        return rehearsal_turn

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
