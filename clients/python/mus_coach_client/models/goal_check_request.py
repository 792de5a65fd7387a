from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.goal_check_request_language_type_0 import GoalCheckRequestLanguageType0
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="GoalCheckRequest")


@_attrs_define
class GoalCheckRequest:
    """ Body of `POST /v1/goals/check`.

        Attributes:
            goal (str): The goal as written (1-4000 characters).
            context (None | str | Unset): Role, team goals, resources (1-4000 chars); lets the coach judge achievable and
                relevant.
            language (GoalCheckRequestLanguageType0 | None | Unset): da or en; detected from `goal` when absent.
            today (datetime.date | None | Unset): YYYY-MM-DD that relative deadlines resolve against; default: the server's
                date.
            names (list[str] | Unset): Person names that must never reach an external model (replaced by placeholders); at
                most 20, each 1-100 characters.
     """

    goal: str
    context: None | str | Unset = UNSET
    language: GoalCheckRequestLanguageType0 | None | Unset = UNSET
    today: datetime.date | None | Unset = UNSET
    names: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        goal = self.goal

        context: None | str | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        else:
            context = self.context

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, GoalCheckRequestLanguageType0):
            language = self.language.value
        else:
            language = self.language

        today: None | str | Unset
        if isinstance(self.today, Unset):
            today = UNSET
        elif isinstance(self.today, datetime.date):
            today = self.today.isoformat()
        else:
            today = self.today

        names: list[str] | Unset = UNSET
        if not isinstance(self.names, Unset):
            names = self.names


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "goal": goal,
        })
        if context is not UNSET:
            field_dict["context"] = context
        if language is not UNSET:
            field_dict["language"] = language
        if today is not UNSET:
            field_dict["today"] = today
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        goal = d.pop("goal")

        def _parse_context(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        context = _parse_context(d.pop("context", UNSET))


        def _parse_language(data: object) -> GoalCheckRequestLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = GoalCheckRequestLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GoalCheckRequestLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        def _parse_today(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                today_type_0 = datetime.date.fromisoformat(data)


                return today_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        today = _parse_today(d.pop("today", UNSET))


        names = cast(list[str], d.pop("names", UNSET))


        goal_check_request = cls(
            goal=goal,
            context=context,
            language=language,
            today=today,
            names=names,
        )


        goal_check_request.additional_properties = d
        return goal_check_request

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
