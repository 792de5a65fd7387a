from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.point import Point


T = TypeVar("T", bound="Section")


@_attrs_define
class Section:
    """ The points on one MUS topic, in the order the notes give them.

        Attributes:
            topic (str): Taxonomy slug (work-situation, wellbeing, ...).
            title (str):
            points (list[Point]):
            summary (None | str | Unset): The section in a few neutral sentences, written by the language model and checked
                against the notes (null with the rules engine).
     """

    topic: str
    title: str
    points: list[Point]
    summary: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.point import Point # noqa: PLC0415
        topic = self.topic

        title = self.title

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)


        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "topic": topic,
            "title": title,
            "points": points,
        })
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.point import Point # noqa: PLC0415
        d = dict(src_dict)
        topic = d.pop("topic")

        title = d.pop("title")

        points = []
        _points = d.pop("points")
        for points_item_data in (_points):
            points_item = Point.from_dict(points_item_data)


            points.append(points_item)


        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))


        section = cls(
            topic=topic,
            title=title,
            points=points,
            summary=summary,
        )


        section.additional_properties = d
        return section

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
