from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.criterion import Criterion


T = TypeVar("T", bound="Criteria")


@_attrs_define
class Criteria:
    """ The five SMART criteria.

        Attributes:
            specific (Criterion): One SMART criterion.
            measurable (Criterion): One SMART criterion.
            achievable (Criterion): One SMART criterion.
            relevant (Criterion): One SMART criterion.
            time_bound (Criterion): One SMART criterion.
     """

    specific: Criterion
    measurable: Criterion
    achievable: Criterion
    relevant: Criterion
    time_bound: Criterion
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.criterion import Criterion # noqa: PLC0415
        specific = self.specific.to_dict()

        measurable = self.measurable.to_dict()

        achievable = self.achievable.to_dict()

        relevant = self.relevant.to_dict()

        time_bound = self.time_bound.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "specific": specific,
            "measurable": measurable,
            "achievable": achievable,
            "relevant": relevant,
            "time_bound": time_bound,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criterion import Criterion # noqa: PLC0415
        d = dict(src_dict)
        specific = Criterion.from_dict(d.pop("specific"))


        measurable = Criterion.from_dict(d.pop("measurable"))


        achievable = Criterion.from_dict(d.pop("achievable"))


        relevant = Criterion.from_dict(d.pop("relevant"))


        time_bound = Criterion.from_dict(d.pop("time_bound"))


        criteria = cls(
            specific=specific,
            measurable=measurable,
            achievable=achievable,
            relevant=relevant,
            time_bound=time_bound,
        )


        criteria.additional_properties = d
        return criteria

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
