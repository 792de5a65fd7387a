from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.sbi_suggestion_style import SBISuggestionStyle
from ..types import UNSET, Unset


T = TypeVar("T", bound="SBISuggestion")


@_attrs_define
class SBISuggestion:
    """ One rephrased version: the full text and its situation-behaviour-impact-request parts.

        Attributes:
            text (str):
            situation (str):
            behaviour (str):
            impact (str):
            request (str):
            style (SBISuggestionStyle | Unset): How the suggestion is written: `sbi` a full situation-behaviour-impact-
                request statement, `question` opens by asking for the employee's view, `short` a brief version for a chat
                message. Default: SBISuggestionStyle.SBI.
     """

    text: str
    situation: str
    behaviour: str
    impact: str
    request: str
    style: SBISuggestionStyle | Unset = SBISuggestionStyle.SBI
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        text = self.text

        situation = self.situation

        behaviour = self.behaviour

        impact = self.impact

        request = self.request

        style: str | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "situation": situation,
            "behaviour": behaviour,
            "impact": impact,
            "request": request,
        })
        if style is not UNSET:
            field_dict["style"] = style

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        situation = d.pop("situation")

        behaviour = d.pop("behaviour")

        impact = d.pop("impact")

        request = d.pop("request")

        _style = d.pop("style", UNSET)
        style: SBISuggestionStyle | Unset
        if isinstance(_style,  Unset):
            style = UNSET
        else:
            style = SBISuggestionStyle(_style)


        sbi_suggestion = cls(
            text=text,
            situation=situation,
            behaviour=behaviour,
            impact=impact,
            request=request,
            style=style,
        )


        sbi_suggestion.additional_properties = d
        return sbi_suggestion

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
