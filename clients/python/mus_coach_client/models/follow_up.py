from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="FollowUp")


@_attrs_define
class FollowUp:
    """ A follow-up meeting: stated in the notes, or proposed (`proposed: true`).

        Attributes:
            date (datetime.date):
            title (str):
            reason (str): Why this date: the note it rests on, or the rule that proposed it.
            proposed (bool): True when the notes do not state this meeting: a proposal to agree on, derived from the goal
                deadlines and the guidance.
            time (None | str | Unset): HH:MM when the notes give a time.
            start (int | None | Unset): Offset of the note it rests on (stated only).
            end (int | None | Unset):
     """

    date: datetime.date
    title: str
    reason: str
    proposed: bool
    time: None | str | Unset = UNSET
    start: int | None | Unset = UNSET
    end: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        title = self.title

        reason = self.reason

        proposed = self.proposed

        time: None | str | Unset
        if isinstance(self.time, Unset):
            time = UNSET
        else:
            time = self.time

        start: int | None | Unset
        if isinstance(self.start, Unset):
            start = UNSET
        else:
            start = self.start

        end: int | None | Unset
        if isinstance(self.end, Unset):
            end = UNSET
        else:
            end = self.end


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "title": title,
            "reason": reason,
            "proposed": proposed,
        })
        if time is not UNSET:
            field_dict["time"] = time
        if start is not UNSET:
            field_dict["start"] = start
        if end is not UNSET:
            field_dict["end"] = end

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))


        title = d.pop("title")

        reason = d.pop("reason")

        proposed = d.pop("proposed")

        def _parse_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time = _parse_time(d.pop("time", UNSET))


        def _parse_start(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        start = _parse_start(d.pop("start", UNSET))


        def _parse_end(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        end = _parse_end(d.pop("end", UNSET))


        follow_up = cls(
            date=date,
            title=title,
            reason=reason,
            proposed=proposed,
            time=time,
            start=start,
            end=end,
        )


        follow_up.additional_properties = d
        return follow_up

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
