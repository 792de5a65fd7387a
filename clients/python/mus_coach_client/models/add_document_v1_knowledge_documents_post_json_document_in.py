from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.add_document_v1_knowledge_documents_post_json_document_in_audience import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience
from ..models.add_document_v1_knowledge_documents_post_json_document_in_language_type_0 import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0
from ..models.add_document_v1_knowledge_documents_post_json_document_in_topic import AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn")


@_attrs_define
class AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn:
    """ A document sent as JSON (the multipart form has the same fields, with `file` for `text`).

        Attributes:
            text (str): UTF-8 Markdown or plain text, at most 1 MB.
            topic (AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic): Taxonomy slug.
            audience (AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience):
            title (None | str | Unset): Title; default: the first heading.
            language (AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0 | None | Unset): Detected when absent.
     """

    text: str
    topic: AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic
    audience: AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience
    title: None | str | Unset = UNSET
    language: AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        text = self.text

        topic = self.topic.value

        audience = self.audience.value

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0):
            language = self.language.value
        else:
            language = self.language


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "topic": topic,
            "audience": audience,
        })
        if title is not UNSET:
            field_dict["title"] = title
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        topic = AddDocumentV1KnowledgeDocumentsPostJsonDocumentInTopic(d.pop("topic"))


        audience = AddDocumentV1KnowledgeDocumentsPostJsonDocumentInAudience(d.pop("audience"))


        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))


        def _parse_language(data: object) -> AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddDocumentV1KnowledgeDocumentsPostJsonDocumentInLanguageType0 | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        add_document_v1_knowledge_documents_post_json_document_in = cls(
            text=text,
            topic=topic,
            audience=audience,
            title=title,
            language=language,
        )


        add_document_v1_knowledge_documents_post_json_document_in.additional_properties = d
        return add_document_v1_knowledge_documents_post_json_document_in

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
