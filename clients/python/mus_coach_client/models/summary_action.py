from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.summary_action_owner_type_0 import SummaryActionOwnerType0
from typing import cast
import datetime


T = TypeVar("T", bound="SummaryAction")


@_attrs_define
class SummaryAction:
    """ A to-do: who does what by when.

        Attributes:
            text (str): The to-do as the notes state it, exactly notes[start:end].
            owner (None | SummaryActionOwnerType0): employee, manager, both, or null when the notes name nobody (or someone
                outside the conversation).
            due (datetime.date | None): When it is due, if the notes give a day.
            start (int):
            end (int):
     """

    text: str
    owner: None | SummaryActionOwnerType0
    due: datetime.date | None
    start: int
    end: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        text = self.text

        owner: None | str
        if isinstance(self.owner, SummaryActionOwnerType0):
            owner = self.owner.value
        else:
            owner = self.owner

        due: None | str
        if isinstance(self.due, datetime.date):
            due = self.due.isoformat()
        else:
            due = self.due

        start = self.start

        end = self.end


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "owner": owner,
            "due": due,
            "start": start,
            "end": end,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        def _parse_owner(data: object) -> None | SummaryActionOwnerType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                owner_type_0 = SummaryActionOwnerType0(data)


                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SummaryActionOwnerType0, data)

        owner = _parse_owner(d.pop("owner"))


        def _parse_due(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_type_0 = datetime.date.fromisoformat(data)


                return due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due = _parse_due(d.pop("due"))


        start = d.pop("start")

        end = d.pop("end")

        summary_action = cls(
            text=text,
            owner=owner,
            due=due,
            start=start,
            end=end,
        )


        summary_action.additional_properties = d
        return summary_action

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
