from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.feedback_rehearse_request_language_type_0 import FeedbackRehearseRequestLanguageType0
from ..models.feedback_rehearse_request_persona import FeedbackRehearseRequestPersona
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.rehearsal_turn import RehearsalTurn


T = TypeVar("T", bound="FeedbackRehearseRequest")


@_attrs_define
class FeedbackRehearseRequest:
    """ Body of `POST /v1/feedback/rehearse`.

        Attributes:
            feedback (str): The manager's latest line (1-4000 characters).
            history (list[RehearsalTurn] | Unset): The earlier turns, oldest first, at most 20. Nothing is stored: send the
                conversation so far every time.
            persona (FeedbackRehearseRequestPersona | Unset): How the employee reacts: open, defensive, surprised, quiet or
                upset. Default: FeedbackRehearseRequestPersona.OPEN.
            language (FeedbackRehearseRequestLanguageType0 | None | Unset): da or en; detected from the manager's lines when
                absent.
            names (list[str] | Unset): Person names that must never reach an external model (replaced by placeholders); at
                most 20, each 1-100 characters.
     """

    feedback: str
    history: list[RehearsalTurn] | Unset = UNSET
    persona: FeedbackRehearseRequestPersona | Unset = FeedbackRehearseRequestPersona.OPEN
    language: FeedbackRehearseRequestLanguageType0 | None | Unset = UNSET
    names: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        from ..models.rehearsal_turn import RehearsalTurn # noqa: PLC0415
        feedback = self.feedback

        history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.history, Unset):
            history = []
            for history_item_data in self.history:
                history_item = history_item_data.to_dict()
                history.append(history_item)


        persona: str | Unset = UNSET
        if not isinstance(self.persona, Unset):
            persona = self.persona.value


        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, FeedbackRehearseRequestLanguageType0):
            language = self.language.value
        else:
            language = self.language

        names: list[str] | Unset = UNSET
        if not isinstance(self.names, Unset):
            names = self.names


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "feedback": feedback,
        })
        if history is not UNSET:
            field_dict["history"] = history
        if persona is not UNSET:
            field_dict["persona"] = persona
        if language is not UNSET:
            field_dict["language"] = language
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rehearsal_turn import RehearsalTurn # noqa: PLC0415
        d = dict(src_dict)
        feedback = d.pop("feedback")

        _history = d.pop("history", UNSET)
        history: list[RehearsalTurn] | Unset = UNSET
        if _history is not UNSET:
            history = []
            for history_item_data in _history:
                history_item = RehearsalTurn.from_dict(history_item_data)


                history.append(history_item)


        _persona = d.pop("persona", UNSET)
        persona: FeedbackRehearseRequestPersona | Unset
        if isinstance(_persona,  Unset):
            persona = UNSET
        else:
            persona = FeedbackRehearseRequestPersona(_persona)


        def _parse_language(data: object) -> FeedbackRehearseRequestLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = FeedbackRehearseRequestLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FeedbackRehearseRequestLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        names = cast(list[str], d.pop("names", UNSET))


        feedback_rehearse_request = cls(
            feedback=feedback,
            history=history,
            persona=persona,
            language=language,
            names=names,
        )


        feedback_rehearse_request.additional_properties = d
        return feedback_rehearse_request

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
