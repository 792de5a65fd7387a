from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prep_request_language_type_0 import PrepRequestLanguageType0
from ..models.prep_request_role import PrepRequestRole
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="PrepRequest")


@_attrs_define
class PrepRequest:
    """ Body of `POST /v1/prep/questions`.

        Attributes:
            role (PrepRequestRole): Who prepares.
            language (None | PrepRequestLanguageType0 | Unset): Answer language; detected from `context` when absent, else
                Danish.
            topics (list[str] | None | Unset): Taxonomy slugs; absent = chosen from the context plus the core topics.
            context (None | str | Unset): The situation in a few words (1-4000 chars).
            count (int | Unset): Number of questions. Default: 10.
            names (list[str] | Unset): Person names that must never reach an external model (replaced by placeholders); at
                most 20, each 1-100 characters.
     """

    role: PrepRequestRole
    language: None | PrepRequestLanguageType0 | Unset = UNSET
    topics: list[str] | None | Unset = UNSET
    context: None | str | Unset = UNSET
    count: int | Unset = 10
    names: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, PrepRequestLanguageType0):
            language = self.language.value
        else:
            language = self.language

        topics: list[str] | None | Unset
        if isinstance(self.topics, Unset):
            topics = UNSET
        elif isinstance(self.topics, list):
            topics = self.topics


        else:
            topics = self.topics

        context: None | str | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        else:
            context = self.context

        count = self.count

        names: list[str] | Unset = UNSET
        if not isinstance(self.names, Unset):
            names = self.names


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "role": role,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if topics is not UNSET:
            field_dict["topics"] = topics
        if context is not UNSET:
            field_dict["context"] = context
        if count is not UNSET:
            field_dict["count"] = count
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = PrepRequestRole(d.pop("role"))


        def _parse_language(data: object) -> None | PrepRequestLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = PrepRequestLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PrepRequestLanguageType0 | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        def _parse_topics(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                topics_type_0 = cast(list[str], data)

                return topics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        topics = _parse_topics(d.pop("topics", UNSET))


        def _parse_context(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        context = _parse_context(d.pop("context", UNSET))


        count = d.pop("count", UNSET)

        names = cast(list[str], d.pop("names", UNSET))


        prep_request = cls(
            role=role,
            language=language,
            topics=topics,
            context=context,
            count=count,
            names=names,
        )


        prep_request.additional_properties = d
        return prep_request

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
