from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.summary_request_language_type_0 import SummaryRequestLanguageType0
from ..types import UNSET, Unset
from typing import cast
import datetime


T = TypeVar("T", bound="SummaryRequest")


@_attrs_define
class SummaryRequest:
    """ Body of `POST /v1/mus/summary`.

        Attributes:
            notes (str): The notes from the MUS as written: bullets, half-sentences, initials (1-20000 characters after
                trimming; kept as sent, so offsets point into them).
            language (None | SummaryRequestLanguageType0 | Unset): da or en; detected from `notes` when absent.
            today (datetime.date | None | Unset): YYYY-MM-DD that relative dates resolve against when `meeting_date` is
                absent; default: the server's date.
            meeting_date (datetime.date | None | Unset): YYYY-MM-DD of the MUS; relative dates in the notes ('om 6 uger',
                'next week') resolve against it.
            names (list[str] | Unset): Person names that must never reach an external model (replaced by placeholders); at
                most 20, each 1-100 characters.
     """

    notes: str
    language: None | SummaryRequestLanguageType0 | Unset = UNSET
    today: datetime.date | None | Unset = UNSET
    meeting_date: datetime.date | None | Unset = UNSET
    names: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)


    def to_dict(self) -> dict[str, Any]:
        notes = self.notes

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, SummaryRequestLanguageType0):
            language = self.language.value
        else:
            language = self.language

        today: None | str | Unset
        if isinstance(self.today, Unset):
            today = UNSET
        elif isinstance(self.today, datetime.date):
            today = self.today.isoformat()
        else:
            today = self.today

        meeting_date: None | str | Unset
        if isinstance(self.meeting_date, Unset):
            meeting_date = UNSET
        elif isinstance(self.meeting_date, datetime.date):
            meeting_date = self.meeting_date.isoformat()
        else:
            meeting_date = self.meeting_date

        names: list[str] | Unset = UNSET
        if not isinstance(self.names, Unset):
            names = self.names


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "notes": notes,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if today is not UNSET:
            field_dict["today"] = today
        if meeting_date is not UNSET:
            field_dict["meeting_date"] = meeting_date
        if names is not UNSET:
            field_dict["names"] = names

        return field_dict


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notes = d.pop("notes")

        def _parse_language(data: object) -> None | SummaryRequestLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = SummaryRequestLanguageType0(data)


                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SummaryRequestLanguageType0 | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        def _parse_today(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                today_type_0 = datetime.date.fromisoformat(data)


                return today_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        today = _parse_today(d.pop("today", UNSET))


        def _parse_meeting_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                meeting_date_type_0 = datetime.date.fromisoformat(data)


                return meeting_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        meeting_date = _parse_meeting_date(d.pop("meeting_date", UNSET))


        names = cast(list[str], d.pop("names", UNSET))


        summary_request = cls(
            notes=notes,
            language=language,
            today=today,
            meeting_date=meeting_date,
            names=names,
        )


        summary_request.additional_properties = d
        return summary_request

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
