from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.org_document_audience import OrgDocumentAudience
from ..models.org_document_language import OrgDocumentLanguage


T = TypeVar("T", bound="OrgDocument")


@_attrs_define
class OrgDocument:
    """ Metadata of one organisation document (the sidecar).

        Attributes:
            id (str):
            title (str):
            topic (str):
            audience (OrgDocumentAudience):
            language (OrgDocumentLanguage):
            filename (str):
            added_at (str):
            sha256 (str):
            bytes_ (int):
            passages (int):
     """

    id: str
    title: str
    topic: str
    audience: OrgDocumentAudience
    language: OrgDocumentLanguage
    filename: str
    added_at: str
    sha256: str
    bytes_: int
    passages: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        topic = self.topic

        audience = self.audience.value

        language = self.language.value

        filename = self.filename

        added_at = self.added_at

        sha256 = self.sha256

        bytes_ = self.bytes_

        passages = self.passages


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "topic": topic,
            "audience": audience,
            "language": language,
            "filename": filename,
            "added_at": added_at,
            "sha256": sha256,
            "bytes": bytes_,
            "passages": passages,
        })

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        topic = d.pop("topic")

        audience = OrgDocumentAudience(d.pop("audience"))


        language = OrgDocumentLanguage(d.pop("language"))


        filename = d.pop("filename")

        added_at = d.pop("added_at")

        sha256 = d.pop("sha256")

        bytes_ = d.pop("bytes")

        passages = d.pop("passages")

        org_document = cls(
            id=id,
            title=title,
            topic=topic,
            audience=audience,
            language=language,
            filename=filename,
            added_at=added_at,
            sha256=sha256,
            bytes_=bytes_,
            passages=passages,
        )


        org_document.additional_properties = d
        return org_document

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
