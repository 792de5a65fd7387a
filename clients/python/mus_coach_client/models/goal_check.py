from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.goal_check_engine import GoalCheckEngine
from ..models.goal_check_language import GoalCheckLanguage
from ..models.goal_check_redacted_item import GoalCheckRedactedItem
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.criteria import Criteria
  from ..models.source_ref import SourceRef


T = TypeVar("T", bound="GoalCheck")


@_attrs_define
class GoalCheck:
    """ Body of `POST /v1/goals/check`.

        Attributes:
            language (GoalCheckLanguage):
            criteria (Criteria): The five SMART criteria.
            deadline (datetime.date | None): The resolved deadline (ISO date) or null.
            is_smart (bool): S, M and T met, and A and R not false.
            suggestion (str): The goal rewritten to meet the missing criteria; [placeholders] mark what only the user can
                decide.
            questions (list[str]): Up to three questions that fill the placeholders.
            sources (list[SourceRef] | Unset):
            engine (GoalCheckEngine | Unset):  Default: GoalCheckEngine.RULES.
            degraded (bool | Unset):  Default: False.
            redacted (list[GoalCheckRedactedItem] | Unset): Kinds of personal data hidden from the model before the text
                left (person, cpr, email, phone, iban, account); empty when no model was asked or nothing was hidden.
     """

    language: GoalCheckLanguage
    criteria: Criteria
    deadline: datetime.date | None
    is_smart: bool
    suggestion: str
    questions: list[str]
    sources: list[SourceRef] | Unset = UNSET
    engine: GoalCheckEngine | Unset = GoalCheckEngine.RULES
    degraded: bool | Unset = False
    redacted: list[GoalCheckRedactedItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.criteria import Criteria # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        language = self.language.value

        criteria = self.criteria.to_dict()

        deadline: None | str
        if isinstance(self.deadline, datetime.date):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        is_smart = self.is_smart

        suggestion = self.suggestion

        questions = self.questions


        sources: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = []
            for sources_item_data in self.sources:
                sources_item = sources_item_data.to_dict()
                sources.append(sources_item)


        engine: str | Unset = UNSET
        if not isinstance(self.engine, Unset):
            engine = self.engine.value


        degraded = self.degraded

        redacted: list[str] | Unset = UNSET
        if not isinstance(self.redacted, Unset):
            redacted = []
            for redacted_item_data in self.redacted:
                redacted_item = redacted_item_data.value
                redacted.append(redacted_item)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "language": language,
            "criteria": criteria,
            "deadline": deadline,
            "is_smart": is_smart,
            "suggestion": suggestion,
            "questions": questions,
        })
        if sources is not UNSET:
            field_dict["sources"] = sources
        if engine is not UNSET:
            field_dict["engine"] = engine
        if degraded is not UNSET:
            field_dict["degraded"] = degraded
        if redacted is not UNSET:
            field_dict["redacted"] = redacted

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criteria import Criteria # noqa: PLC0415
        from ..models.source_ref import SourceRef # noqa: PLC0415
        d = dict(src_dict)
        language = GoalCheckLanguage(d.pop("language"))


        criteria = Criteria.from_dict(d.pop("criteria"))


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


        is_smart = d.pop("is_smart")

        suggestion = d.pop("suggestion")

        questions = cast(list[str], d.pop("questions"))


        _sources = d.pop("sources", UNSET)
        sources: list[SourceRef] | Unset = UNSET
        if _sources is not UNSET:
            sources = []
            for sources_item_data in _sources:
                sources_item = SourceRef.from_dict(sources_item_data)


                sources.append(sources_item)


        _engine = d.pop("engine", UNSET)
        engine: GoalCheckEngine | Unset
        if isinstance(_engine,  Unset):
            engine = UNSET
        else:
            engine = GoalCheckEngine(_engine)


        degraded = d.pop("degraded", UNSET)

        _redacted = d.pop("redacted", UNSET)
        redacted: list[GoalCheckRedactedItem] | Unset = UNSET
        if _redacted is not UNSET:
            redacted = []
            for redacted_item_data in _redacted:
                redacted_item = GoalCheckRedactedItem(redacted_item_data)


                redacted.append(redacted_item)


        goal_check = cls(
            language=language,
            criteria=criteria,
            deadline=deadline,
            is_smart=is_smart,
            suggestion=suggestion,
            questions=questions,
            sources=sources,
            engine=engine,
            degraded=degraded,
            redacted=redacted,
        )


        goal_check.additional_properties = d
        return goal_check

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
