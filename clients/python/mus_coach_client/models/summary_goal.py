from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.goal_check import GoalCheck


T = TypeVar("T", bound="SummaryGoal")


@_attrs_define
class SummaryGoal:
    """ An agreed goal with the goal checker's verdict.

        Attributes:
            text (str): The goal as the notes state it, exactly notes[start:end].
            start (int):
            end (int):
            deadline (datetime.date | None): The goal's deadline when the notes give a day (resolved against meeting_date,
                else today); null when they give none or only a period such as 'i juni' (then a question asks for the day).
            check (GoalCheck): Body of `POST /v1/goals/check`.
     """

    text: str
    start: int
    end: int
    deadline: datetime.date | None
    check: GoalCheck
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.goal_check import GoalCheck # noqa: PLC0415
        text = self.text

        start = self.start

        end = self.end

        deadline: None | str
        if isinstance(self.deadline, datetime.date):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        check = self.check.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "start": start,
            "end": end,
            "deadline": deadline,
            "check": check,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.goal_check import GoalCheck # noqa: PLC0415
        d = dict(src_dict)
        text = d.pop("text")

        start = d.pop("start")

        end = d.pop("end")

        def _parse_deadline(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.date.fromisoformat(data)


                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        deadline = _parse_deadline(d.pop("deadline"))


        check = GoalCheck.from_dict(d.pop("check"))


        summary_goal = cls(
            text=text,
            start=start,
            end=end,
            deadline=deadline,
            check=check,
        )


        summary_goal.additional_properties = d
        return summary_goal

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
