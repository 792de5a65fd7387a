from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.add_document_v1_knowledge_documents_post_files_body_audience import AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience
from ..models.add_document_v1_knowledge_documents_post_files_body_language import AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage
from ..models.add_document_v1_knowledge_documents_post_files_body_topic import AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO


T = TypeVar("T", bound="AddDocumentV1KnowledgeDocumentsPostFilesBody")


@_attrs_define
class AddDocumentV1KnowledgeDocumentsPostFilesBody:
    """
        Attributes:
            file (File): UTF-8 .md or .txt file, at most 1 MB.
            topic (AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic):
            audience (AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience):
            title (str | Unset):
            language (AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage | Unset):
     """

    file: File
    topic: AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic
    audience: AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience
    title: str | Unset = UNSET
    language: AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()


        topic = self.topic.value

        audience = self.audience.value

        title = self.title

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "topic": topic,
            "audience": audience,
        })
        if title is not UNSET:
            field_dict["title"] = title
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))


        files.append(("topic",  (None, str(self.topic.value).encode(), "text/plain")))


        files.append(("audience",  (None, str(self.audience.value).encode(), "text/plain")))


        if not isinstance(self.title, Unset):
            files.append(("title", (None, str(self.title).encode(), "text/plain")))


        if not isinstance(self.language, Unset):
            files.append(("language",  (None, str(self.language.value).encode(), "text/plain")))


        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))


        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(
             payload = BytesIO(d.pop("file"))
        )


        topic = AddDocumentV1KnowledgeDocumentsPostFilesBodyTopic(d.pop("topic"))


        audience = AddDocumentV1KnowledgeDocumentsPostFilesBodyAudience(d.pop("audience"))


        title = d.pop("title", UNSET)

        _language = d.pop("language", UNSET)
        language: AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = AddDocumentV1KnowledgeDocumentsPostFilesBodyLanguage(_language)


        add_document_v1_knowledge_documents_post_files_body = cls(
            file=file,
            topic=topic,
            audience=audience,
            title=title,
            language=language,
        )


        add_document_v1_knowledge_documents_post_files_body.additional_properties = d
        return add_document_v1_knowledge_documents_post_files_body

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
