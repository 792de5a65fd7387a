from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.feedback_rephrase_request_language_type_0 import FeedbackRephraseRequestLanguageType0
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="FeedbackRephraseRequest")


@_attrs_define
class FeedbackRephraseRequest:
    """ Body of `POST /v1/feedback/rephrase`.

        Attributes:
            text (str): The feedback to rephrase (1-4000 characters).
            context (None | str | Unset): Background: what happened, when, who was there (1-4000 chars).
            language (FeedbackRephraseRequestLanguageType0 | None | Unset): da or en; detected from `text` when absent.
            names (list[str] | Unset): Person names that must never reach an external model (replaced by placeholders); at
                most 20, each 1-100 characters.
     """

    text: str
    context: None | str | Unset = UNSET
    language: FeedbackRephraseRequestLanguageType0 | None | Unset = UNSET
    names: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        text = self.text

        context: None | str | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        else:
            context = self.context

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, FeedbackRephraseRequestLanguageType0):
            language = self.language.value
        else:
            language = self.language

        names: list[str] | Unset = UNSET
        if not isinstance(self.names, Unset):
            names = self.names


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
        })
        if context is not UNSET:
            field_dict["context"] = context
        if language is not UNSET:
            field_dict["language"] = language
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        def _parse_context(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        context = _parse_context(d.pop("context", UNSET))


        def _parse_language(data: object) -> FeedbackRephraseRequestLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = FeedbackRephraseRequestLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FeedbackRephraseRequestLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        names = cast(list[str], d.pop("names", UNSET))


        feedback_rephrase_request = cls(
            text=text,
            context=context,
            language=language,
            names=names,
        )


        feedback_rephrase_request.additional_properties = d
        return feedback_rephrase_request

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
